// run-dumpzoo.mjs builds and runs the Go programs under test/go, for
// scripts/capture-dumps.mjs and for tests that want a live goroutine dump.
//
//   import { startDumpzoo } from '../../test/go/run-dumpzoo.mjs';
//   const zoo = await startDumpzoo({ leaks: 20, zoo: false });
//   try { /* GET `${zoo.baseUrl}/debug/pprof/goroutine?debug=2` */ }
//   finally { await zoo.stop(); }
//
// Binaries are built once into os.tmpdir(), in a file named by a hash of the
// program's sources, the Go version and the build mode, so a second start costs
// no build. Needs a Go toolchain (`go` on PATH, or $GO); no network: the
// programs use the standard library only.
//
// Always call stop(): the child process keeps the event loop alive. A process
// left running when this process exits is killed by an 'exit' hook.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Directory of one of the Go programs under test/go ("dumpzoo", "crash"). */
export function programDir(name) {
  return path.join(here, name);
}

/**
 * The environment to run the go command in: no GOFLAGS from the caller, the
 * local toolchain only, module mode, no proxy (nothing is downloaded), cgo off
 * unless asked, and a build cache even where HOME is not set.
 */
export function goEnv({ cgo = false } = {}) {
  const env = { ...process.env };
  for (const k of ['GOFLAGS', 'GOOS', 'GOARCH', 'GOEXPERIMENT', 'GOTRACEBACK', 'GODEBUG', 'GORACE']) delete env[k];
  env.GOTOOLCHAIN = 'local';
  env.GO111MODULE = 'on';
  env.GOWORK = 'off';
  env.GOPROXY = 'off';
  env.GOSUMDB = 'off';
  env.CGO_ENABLED = cgo ? '1' : '0';
  if (!env.HOME && !env.XDG_CACHE_HOME && !env.GOCACHE) env.GOCACHE = path.join(os.tmpdir(), 'goroutine-lens-gocache');
  if (!env.HOME && !env.GOPATH) env.GOPATH = path.join(os.tmpdir(), 'goroutine-lens-gopath');
  return env;
}

let goBinary;

/** Path of the go command; throws a clear error when there is none. */
export function findGo() {
  if (goBinary) return goBinary;
  const candidates = [process.env.GO, 'go', '/usr/bin/go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync(c, ['version'], { env: goEnv(), encoding: 'utf8' });
    if (r.status === 0 && /^go version go/.test(r.stdout)) {
      goBinary = c;
      return c;
    }
  }
  throw new Error(
    `run-dumpzoo: no Go toolchain found (tried ${candidates.join(', ')}); ` + 'install one (Debian: apt-get install golang-go) or set $GO to the go command',
  );
}

let goVersionCache;

/** The toolchain's version, e.g. "go1.19.8". */
export function goVersion() {
  if (goVersionCache) return goVersionCache;
  const r = spawnSync(findGo(), ['env', 'GOVERSION'], { env: goEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`run-dumpzoo: go env GOVERSION failed: ${r.stderr.trim()}`);
  goVersionCache = r.stdout.trim();
  return goVersionCache;
}

/** Whether `go build -race` works here (needs cgo and a C compiler). */
export function raceSupported() {
  try {
    buildProgramSync('crash', { race: true });
    return true;
  } catch {
    return false;
  }
}

function sourceHash(dir, extra) {
  const h = createHash('sha256');
  h.update(extra);
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(go|mod|sum)$/.test(name)) continue;
    h.update(`\0${name}\0`);
    h.update(readFileSync(path.join(dir, name)));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Builds test/go/<name> (once per source hash) and returns the binary's path.
 * The build goes to a temporary name and is renamed into place, so concurrent
 * callers never run a half-written binary.
 */
export function buildProgramSync(name, { race = false } = {}) {
  const go = findGo();
  const dir = programDir(name);
  if (!existsSync(path.join(dir, 'go.mod'))) throw new Error(`run-dumpzoo: no Go program at ${dir}`);
  const version = goVersion();
  const hash = sourceHash(dir, `${version}\0${race ? 'race' : 'norace'}\0${process.platform}-${process.arch}`);
  const outDir = path.join(os.tmpdir(), 'goroutine-lens-go-bin');
  mkdirSync(outDir, { recursive: true });
  const exe = process.platform === 'win32' ? '.exe' : '';
  const bin = path.join(outDir, `${name}-${hash}${race ? '-race' : ''}${exe}`);
  if (existsSync(bin)) return bin;
  const tmp = `${bin}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${exe}`;
  const args = ['build', ...(race ? ['-race'] : []), '-o', tmp, '.'];
  const r = spawnSync(go, args, { cwd: dir, env: goEnv({ cgo: race }), encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    const why = r.error ? r.error.message : (r.stderr || r.stdout).trim();
    throw new Error(`run-dumpzoo: \`go ${args.join(' ')}\` in ${dir} failed: ${why}`);
  }
  renameSync(tmp, bin);
  return bin;
}

const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts dumpzoo on 127.0.0.1:0 and resolves once it printed its listening
 * line. `leaks`: keep-alive connections leaked through a Transport built per
 * call (default 40); `zoo`: also park the zoo of goroutines (default true).
 *
 * @param {{ leaks?: number, zoo?: boolean, timeoutMs?: number }} [options]
 * @returns {Promise<{ baseUrl: string, pid: number, args: string[], stop(): Promise<void> }>}
 */
export async function startDumpzoo({ leaks = 40, zoo = true, timeoutMs = 30_000 } = {}) {
  const bin = buildProgramSync('dumpzoo');
  const args = ['-addr', '127.0.0.1:0', '-leaks', String(leaks), `-zoo=${zoo}`];
  const env = { ...process.env };
  for (const k of ['GOTRACEBACK', 'GODEBUG', 'GOMAXPROCS']) delete env[k];
  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    if (stderr.length < 16_384) stderr += d;
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });

  const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`run-dumpzoo: ${bin} ${args.join(' ')}: ${why}${stderr ? `; stderr: ${stderr.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no "listening on http://…" line within ${timeoutMs} ms`), timeoutMs);
    child.on('error', (err) => fail(`could not start: ${err.message}`));
    exited.then(({ code, signal }) => fail(`exited (${signal ?? `code ${code}`}) before it was listening`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (settled) return;
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\r?$/m.exec(out);
      if (m) {
        settled = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
  return { baseUrl, pid: child.pid, args, stop };
}
