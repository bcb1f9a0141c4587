#!/usr/bin/env node
// install.mjs installs the tools a real VS Code needs on this machine, each
// once: Debian's chromium and libkrb5-dev (as root with apt-get, otherwise it
// prints the command), Node 24 from npm, and code-server installed by npm
// running under that Node. The npm installs go to cacheRoot() (see env.mjs),
// one folder per version, and count as done only once their marker file is
// written, so an install cut short is redone from scratch on the next run.
//
//   node scripts/e2e/install.mjs        # install what is missing, print the paths
//
// Cold, on a 2-core machine: apt ~50 s, Node 24 ~10 s, code-server ~2–3 min
// (native modules are built with node-gyp). Warm: a few milliseconds.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM,
  CODE_SERVER_VERSION,
  NODE_VERSION,
  cacheRoot,
  codeServerEntry,
  log,
  missingDebianPackages,
  node24,
  node24Dir,
  nodePackage,
  seconds,
  sleep,
} from './env.mjs';

/** MARKER is written into an install folder once its install succeeded. */
const MARKER = '.goroutine-lens-installed';

/**
 * ensureE2eTools installs whatever of the e2e tools is missing and returns
 * where they are. `browser: false` skips chromium (npm start needs no browser,
 * but code-server's build still needs libkrb5-dev).
 *
 * @param {{ browser?: boolean }} [options]
 * @returns {Promise<{ node: string, codeServer: string, chromium: string | undefined }>}
 */
export async function ensureE2eTools({ browser = true } = {}) {
  ensureDebianPackages(neededDebianPackages({ browser }));
  mkdirSync(cacheRoot(), { recursive: true });
  await withLock(path.join(cacheRoot(), 'install.lock'), async () => {
    await ensureNode24();
    await ensureCodeServer();
  });
  return { node: node24(), codeServer: codeServerEntry(), chromium: browser ? CHROMIUM : undefined };
}

/**
 * e2eToolsReady tells whether everything is installed already (then
 * ensureE2eTools returns at once), so callers can warn of a long first run.
 */
export function e2eToolsReady({ browser = true } = {}) {
  return neededDebianPackages({ browser }).length === 0 && installed(nodeDir()) && installed(codeServerDir());
}

/**
 * neededDebianPackages lists the Debian packages to install now: chromium for
 * a browser, libkrb5-dev only while code-server is still to be built.
 */
function neededDebianPackages({ browser }) {
  return missingDebianPackages().filter((name) => (name === 'chromium' ? browser : name === 'libkrb5-dev' ? !installed(codeServerDir()) : true));
}

/**
 * ensureDebianPackages installs the missing Debian packages: with apt-get as
 * root, else it fails with the command to run.
 */
function ensureDebianPackages(missing) {
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')} (the e2e tests need them); run as root:\n  ${command}`);
  }
  const start = performance.now();
  log(`installing ${missing.join(', ')} with apt-get (~1 min)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another apt-get (a parallel run, unattended upgrades) holds dpkg's lock for a while: wait for it.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  for (const args of [
    ['update', '-qq', ...lock],
    ['install', '-y', '-qq', ...lock, ...missing],
  ]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`\`apt-get ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}); try: ${command}`);
  }
  log(`apt-get done in ${seconds(start)}`);
}

/** ensureNode24 installs npm's node-linux-* package of NODE_VERSION into the cache. */
function nodeDir() {
  return path.join(cacheRoot(), `node-${NODE_VERSION}`);
}

function codeServerDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

async function ensureNode24() {
  const dir = nodeDir();
  if (installed(dir)) return;
  const start = performance.now();
  log(`installing Node ${NODE_VERSION} from npm into ${dir} (~10 s)…`);
  freshInstallDir(dir);
  await npmInstall(dir, [`${nodePackage()}@${NODE_VERSION}`], process.env);
  const r = spawnSync(node24(), ['--version'], { encoding: 'utf8' });
  if (r.stdout?.trim() !== `v${NODE_VERSION}`) {
    throw new Error(`Node ${NODE_VERSION} install in ${dir} is broken: \`${node24()} --version\` printed ${JSON.stringify(r.stdout ?? r.error?.message)}`);
  }
  markInstalled(dir);
  log(`Node ${NODE_VERSION} installed in ${seconds(start)}`);
}

/**
 * ensureCodeServer installs code-server with npm running under Node 24 (its
 * postinstall checks npm_config_user_agent for node/v24) and node-gyp pointed
 * at Node 24's headers (the machine's npmrc says nodedir=/usr, Node 20's).
 */
async function ensureCodeServer() {
  const dir = codeServerDir();
  if (installed(dir)) return;
  const start = performance.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (~2–3 min: native modules are built)…`);
  freshInstallDir(dir);
  const env = {
    ...process.env,
    PATH: `${path.dirname(node24())}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24Dir(),
  };
  await npmInstall(dir, [`code-server@${CODE_SERVER_VERSION}`], env, node24());
  const r = spawnSync(node24(), [codeServerEntry(), '--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !r.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(
      `code-server install in ${dir} is broken: \`--version\` exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout || '').trim().slice(-2000)}`,
    );
  }
  markInstalled(dir);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds(start)}`);
}

function installed(dir) {
  return existsSync(path.join(dir, MARKER));
}

function markInstalled(dir) {
  writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ at: new Date().toISOString() })}\n`);
}

/** freshInstallDir empties dir and gives it its own package.json, so npm treats it as a project of its own. */
function freshInstallDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: path.basename(dir), private: true }, null, 2)}\n`);
}

/**
 * npmInstall runs `npm install` of specs in dir (npm's own output goes to
 * dir/npm-install.log, shown when it fails). `runtime` is the Node that runs
 * npm: the npm that runs this script, under that Node.
 */
async function npmInstall(dir, specs, env, runtime = process.execPath) {
  const npmCli = findNpmCli();
  const logFile = path.join(dir, 'npm-install.log');
  const out = createWriteStream(logFile);
  const args = [npmCli, 'install', '--prefix', dir, '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=http', ...specs];
  const child = spawn(runtime, args, { cwd: dir, env: withoutNpmScriptEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const code = await new Promise((resolve) => {
    child.on('error', (err) => {
      out.write(`\n${err.stack}\n`);
      resolve(-1);
    });
    child.on('close', (status, signal) => resolve(status ?? signal));
  });
  await new Promise((resolve) => out.end(resolve));
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`\`npm install ${specs.join(' ')}\` in ${dir} failed (exit ${code}); last lines of ${logFile}:\n${tail}`);
  }
}

/**
 * withoutNpmScriptEnv drops what a surrounding `npm test` or `npm start`
 * exports to its script and a nested npm would obey: the project's prefix
 * (npm_config_local_prefix would install into the repository), Node 20's user
 * agent (code-server's postinstall checks it for node/v24), and the running
 * script's lifecycle and package variables. The user's own npm configuration
 * (registry, cache, proxy, cafile) stays.
 */
export function withoutNpmScriptEnv(env) {
  const clean = { ...env };
  for (const key of Object.keys(clean)) {
    if (/^npm_(lifecycle_|package_|command$|execpath$|node_execpath$|config_(local_prefix|user_agent|npm_version|loglevel)$)/i.test(key)) delete clean[key];
  }
  return clean;
}

/**
 * findNpmCli locates npm-cli.js of the npm on this machine, so that npm can be
 * run under another Node: from $npm_execpath when npm started us, else next
 * to the running node, else through `npm prefix -g`.
 */
function findNpmCli() {
  const candidates = [process.env.npm_execpath, path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  const prefix = spawnSync('npm', ['prefix', '-g'], { encoding: 'utf8' }).stdout?.trim();
  if (prefix) candidates.push(path.join(prefix, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && existsSync(c));
  if (!found) throw new Error(`cannot find npm's npm-cli.js (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

/**
 * withLock runs fn while holding a lock file, so that two runs (npm test and
 * npm start, say) never install into the same folder at once. A lock whose
 * owner process is gone is taken over.
 */
async function withLock(lockFile, fn) {
  const deadline = Date.now() + 20 * 60_000;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(readLock(lockFile));
      // An empty lock younger than a few seconds is being written by its owner.
      const young = Date.now() - (statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 5000;
      if ((!owner && !young) || (owner && !processAlive(owner))) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockFile} is held by process ${owner} for too long; remove it if that process is stuck`, { cause: err });
      if (!told) log(`waiting for process ${owner || '(starting)'}, which is installing the e2e tools…`);
      told = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function readLock(lockFile) {
  try {
    return readFileSync(lockFile, 'utf8').trim();
  } catch {
    return '';
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const start = performance.now();
  try {
    const tools = await ensureE2eTools();
    log(`ready in ${seconds(start)}`);
    console.log(JSON.stringify(tools, null, 2));
  } catch (err) {
    console.error(`e2e install: ${err.message}`);
    process.exit(1);
  }
}
