#!/usr/bin/env node
// ui.mjs runs the UI scenarios (test/e2e/ui/*.scenario.mjs): each drives a
// real VS Code (code-server with the packaged extension installed) in
// chromium, on its own scratch copy of the example workspace, the way a user
// would — the palette, views, trees, editors — and takes screenshots.
//
//   npm run build && node scripts/e2e/ui.mjs [NAME…]     # NAME: part of a scenario's file name
//   UPDATE_SCREENSHOTS=1 node scripts/e2e/ui.mjs         # also refresh media/screenshots/
//
// A scenario module:
//
//   export const title = 'What the user does and sees';
//   export const timeoutMs = 120_000;               // optional (default 120 s)
//   export const codeServer = { workspaceTrust: true }; // optional: startCodeServer options (trust kept on: Restricted Mode)
//   export async function setup({ workspace, cleanup }) { … }  // optional: before the workbench opens the workspace
//   export default async function scenario({ wb, page, workspace, startDumpzoo, startLeaky }) { … }
//
// wb is a Workbench (scripts/e2e/workbench.mjs) on the page, already showing
// the workspace; workspace is the copy's absolute path. A scenario that
// throws fails; the harness then saves test-results/ui/<name>/failure.png and
// the code-server log. Services a scenario starts through startDumpzoo or
// startLeaky are stopped after it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDumpzoo } from '../../test/go/run-dumpzoo.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { installExtension, startCodeServer } from './codeServer.mjs';
import { log, repoRoot, seconds, testResultsDir } from './env.mjs';
import { ensureE2eTools } from './install.mjs';
import { packageVsix } from './package.mjs';
import { Workbench } from './workbench.mjs';
import { copyExampleWorkspace, startLeaky } from './workspace.mjs';

/**
 * ScenarioContext is what a scenario's default function receives.
 *
 * @typedef {object} ScenarioContext
 * @property {Workbench} wb        the workbench page, ready, with the workspace open
 * @property {import('playwright-core').Page} page  the same page, for anything wb lacks
 * @property {string} workspace    absolute path of this scenario's copy of test/e2e/workspace
 * @property {import('./codeServer.mjs').CodeServer} server
 * @property {string} repoRoot     the repository (fixtures: path.join(repoRoot, 'test/fixtures/dumps/…'))
 * @property {(options?: { leaks?: number, zoo?: boolean }) => Promise<{ baseUrl: string, pid: number, stop(): Promise<void> }>} startDumpzoo
 *           starts test/go/dumpzoo (a real Go service leaking Transports, pprof on 127.0.0.1); stopped after the scenario
 * @property {(options?: { addr?: string, args?: string[] }) => Promise<{ baseUrl: string, pid: number, stop(): Promise<void> }>} startLeaky
 *           builds and starts the example service of `workspace` (so its dump's paths are the open files); stopped after the scenario
 */

/** scenariosDir holds the scenario modules. */
export const scenariosDir = path.join(repoRoot, 'test', 'e2e', 'ui');

/** findScenarios lists the scenario files, filtered by parts of their names. */
export function findScenarios(filters = []) {
  if (!existsSync(scenariosDir)) return [];
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.scenario.mjs'))
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort()
    .map((f) => path.join(scenariosDir, f));
}

/**
 * runScenarios runs each scenario against a fresh code-server (fresh profile,
 * fresh workspace copy; the extension installed once for all) and prints one
 * line per scenario.
 *
 * @param {object} options
 * @param {import('playwright-core').Browser} options.browser
 * @param {string} options.vsix
 * @param {string[]} [options.files]   scenario files (default: all)
 * @returns {Promise<{ passes: number, failures: number }>}
 */
export async function runScenarios({ browser, vsix, files = findScenarios() }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-ui-'));
  const extensionsDir = path.join(scratch, 'extensions');
  mkdirSync(extensionsDir);
  installExtension(vsix, extensionsDir);
  let passes = 0;
  let failures = 0;
  try {
    for (const file of files) {
      const ok = await runScenario({ browser, extensionsDir, file, scratch });
      if (ok) passes++;
      else failures++;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { passes, failures };
}

async function runScenario({ browser, extensionsDir, file, scratch }) {
  const name = path.basename(file, '.scenario.mjs');
  const resultsDir = path.join(testResultsDir, 'ui', name);
  rmSync(resultsDir, { recursive: true, force: true });
  const start = performance.now();
  const mod = await import(pathToFileURL(file).href);
  const title = mod.title ?? name;
  const timeoutMs = mod.timeoutMs ?? 120_000;
  if (typeof mod.default !== 'function') {
    console.log(`  ✗ ${title}: ${path.relative(repoRoot, file)} exports no default scenario function`);
    return false;
  }
  const workspace = copyExampleWorkspace(path.join(scratch, name, 'leaky'));
  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  let server;
  let context;
  let wb;
  let failure;
  let timer;
  try {
    server = await startCodeServer({ ...mod.codeServer, extensionsDir, env: { GOROUTINE_LENS_REPO: repoRoot, GOROUTINE_LENS_E2E: '1' } });
    if (typeof mod.setup === 'function') await mod.setup({ workspace, repoRoot, cleanup: (fn) => cleanups.push(fn) });
    const opened = await newPage(browser);
    context = opened.context;
    const page = opened.page;
    wb = new Workbench(page, { name, resultsDir });
    const run = async () => {
      await page.goto(server.folderUrl(workspace));
      await wb.waitReady();
      await mod.default({
        wb,
        page,
        workspace,
        server,
        repoRoot,
        startDumpzoo: async (options) => {
          const zoo = await startDumpzoo(options);
          cleanups.push(() => zoo.stop());
          return zoo;
        },
        startLeaky: async (options = {}) => {
          const service = await startLeaky({ workspaceDir: workspace, ...options });
          cleanups.push(() => service.stop());
          return service;
        },
      });
    };
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s (export timeoutMs from the scenario to allow more)`)), timeoutMs);
    });
    await Promise.race([run(), timeout]);
  } catch (err) {
    failure = err;
  } finally {
    clearTimeout(timer);
    if (failure && wb) await wb.screenshot('failure').catch(() => {});
    await context?.close().catch(() => {});
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await server?.stop(failure ? { saveLogTo: path.join(resultsDir, 'code-server.log') } : {});
  }
  if (failure) {
    console.log(`  ✗ ${title} (${seconds(start)})`);
    console.log(indent(failure.stack ?? String(failure)));
    console.log(indent(`screenshot and code-server log: ${path.relative(process.cwd(), resultsDir)}/`));
    return false;
  }
  console.log(`  ✔ ${title} (${seconds(start)})`);
  return true;
}

function indent(text) {
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = findScenarios(process.argv.slice(2));
  let browser;
  let exitCode = 1;
  try {
    if (files.length === 0) throw new Error(`no scenario matches ${process.argv.slice(2).join(' ') || '*'} in ${path.relative(repoRoot, scenariosDir)}`);
    await ensureE2eTools();
    const vsix = packageVsix({ outFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-vsix-')), 'goroutine-lens.vsix') });
    browser = await launchBrowser();
    const start = performance.now();
    console.log('UI scenarios');
    const result = await runScenarios({ browser, vsix, files });
    log(`UI scenarios finished in ${seconds(start)}`);
    console.log(`ui: ${result.passes} passed, ${result.failures} failed`);
    exitCode = result.failures === 0 ? 0 : 1;
    rmSync(path.dirname(vsix), { recursive: true, force: true });
  } catch (err) {
    console.error(`ui: ${err.message}`);
  } finally {
    await browser?.close();
  }
  process.exit(exitCode);
}
