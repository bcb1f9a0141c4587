// workspace.mjs: the example Go workspace (test/e2e/workspace, module
// example.com/leaky) that the e2e tests and `npm start` open, and its leaky
// service, built and run from the copy that is open so that the paths in its
// goroutine dumps are the paths of the files in the window.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findGo, goEnv } from '../../test/go/run-dumpzoo.mjs';
import { spawnGroup } from './children.mjs';
import { repoRoot } from './env.mjs';

/** exampleWorkspace is the example Go module in the repository. */
export const exampleWorkspace = path.join(repoRoot, 'test', 'e2e', 'workspace');

/**
 * copyExampleWorkspace copies the example workspace to dest (default: a new
 * temp folder) and returns the copy's path: tests and `npm start` may edit it
 * (a quick fix, a save) without touching the repository.
 */
export function copyExampleWorkspace(dest = path.join(mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-ws-')), 'leaky')) {
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(exampleWorkspace, dest, { recursive: true });
  return dest;
}

/**
 * buildLeaky builds the service in workspaceDir (the Go build cache makes a
 * rebuild about a second) and returns the binary, written next to the folder.
 */
export function buildLeaky(workspaceDir) {
  const bin = path.join(path.dirname(workspaceDir), `${path.basename(workspaceDir)}-service`);
  const r = spawnSync(findGo(), ['build', '-o', bin, '.'], { cwd: workspaceDir, env: goEnv(), encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`\`go build\` of the example service in ${workspaceDir} failed: ${(r.error?.message ?? r.stderr ?? r.stdout).trim()}`);
  }
  return bin;
}

/**
 * startLeaky builds and starts the example service of workspaceDir on addr
 * and resolves once it printed "listening on http://…" (after its warm-up
 * requests have leaked their connections).
 *
 * @param {{ workspaceDir: string, addr?: string, args?: string[], timeoutMs?: number }} options
 * @returns {Promise<{ baseUrl: string, pid: number, exited: Promise<unknown>, stop(): Promise<void> }>}
 */
export async function startLeaky({ workspaceDir, addr = '127.0.0.1:0', args = [], timeoutMs = 30_000 }) {
  const bin = buildLeaky(workspaceDir);
  const argv = ['-addr', addr, ...args];
  const group = spawnGroup(bin, argv, { cwd: workspaceDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  group.child.stderr.setEncoding('utf8').on('data', (d) => {
    output = (output + d).slice(-4000);
  });
  const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    let settled = false;
    const timer = setTimeout(() => fail(`it printed no "listening on" line within ${timeoutMs / 1000} s`), timeoutMs);
    function fail(why) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      group.stop().finally(() => reject(new Error(`example service ${bin} ${argv.join(' ')}: ${why}${output ? `; it said: ${output.trim()}` : ''}`)));
    }
    group.exited.then(({ code, signal, error }) => fail(error ? `could not start: ${error.message}` : `exited (${signal ?? `code ${code}`})`));
    group.child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/\S+)\r?$/m.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { baseUrl, pid: group.child.pid, exited: group.exited, stop: () => group.stop(3000) };
}
