// codeServer.mjs runs code-server (VS Code in the browser, on Node 24) for the
// e2e tests and for `npm start`: a private profile per run, the extension
// installed from its .vsix, ready once /healthz answers, and stopped with its
// whole process tree.
//
//   const server = await startCodeServer({ vsix });
//   page.goto(server.folderUrl('/abs/workspace'));
//   await server.stop();
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnGroup } from './children.mjs';
import { codeServerEntry, freePort, node24, seconds, sleep } from './env.mjs';

/**
 * QUIET_SETTINGS keep the workbench free of what would cover the UI under test
 * or reach for the network: welcome pages, telemetry, update checks, AI
 * entries in the quick-fix menu.
 */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * profileDirs lays out a private code-server profile under root: its user
 * data (with User/settings.json), extensions, config file and the XDG folders
 * it would otherwise write into ~/.config and ~/.local/share.
 */
function profileDirs(root, extensionsDir) {
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: extensionsDir ?? path.join(root, 'extensions'),
    config: path.join(root, 'config.yaml'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData]) mkdirSync(dir, { recursive: true });
  return dirs;
}

function serverEnv(dirs, extra) {
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, ...extra };
  // A surrounding `npm test` sets npm_* variables and may set NODE_OPTIONS for
  // Node 20; neither belongs in code-server's Node 24 or its extension host.
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key === 'NODE_OPTIONS') delete env[key];
  return env;
}

/**
 * installExtension installs a .vsix into extensionsDir with code-server's own
 * CLI (about a second) and returns the installed extension's folder.
 *
 * @param {string} vsix
 * @param {string} extensionsDir
 * @returns {string}
 */
export function installExtension(vsix, extensionsDir) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-install-'));
  try {
    const dirs = profileDirs(root, extensionsDir);
    const args = [
      codeServerEntry(),
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--config',
      dirs.config,
      '--install-extension',
      vsix,
      '--force',
    ];
    const r = spawnSync(node24(), args, { env: serverEnv(dirs), encoding: 'utf8', timeout: 120_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}): ${output || r.error?.message}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const installedDir = newestExtensionDir(extensionsDir);
  if (!installedDir) throw new Error(`code-server reported ${vsix} installed, but ${extensionsDir} has no extension folder`);
  return installedDir;
}

/** newestExtensionDir is the extension folder (publisher.name-version) installed last into extensionsDir. */
function newestExtensionDir(extensionsDir) {
  return readdirSync(extensionsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(extensionsDir, e.name, 'package.json')))
    .map((e) => path.join(extensionsDir, e.name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .pop();
}

/**
 * @typedef {object} CodeServer
 * @property {string} url           the server's base URL, e.g. http://127.0.0.1:41234/
 * @property {string} host
 * @property {number} port
 * @property {number} pid           code-server's node process (leads its process group)
 * @property {ReturnType<typeof profileDirs>} dirs
 * @property {string} logFile       code-server's stdout and stderr
 * @property {(folder: string, payload?: [string, string][]) => string} folderUrl
 *           the workbench URL with folder open (payload: VS Code's URL payload, e.g. extensionTestsPath)
 * @property {(absPath: string) => string} remoteUri  vscode-remote://host:port/absPath, how the workbench names server paths
 * @property {() => string} logTail  the last lines code-server printed
 * @property {(options?: { saveLogTo?: string }) => Promise<void>} stop
 *           SIGTERM, then SIGKILL to the group; copies the log to saveLogTo; removes the profile unless keepProfile
 * @property {Promise<{code: number|null, signal: string|null}>} exited
 */

/**
 * startCodeServer starts code-server on host:port (a free port by default)
 * with a fresh private profile and resolves once /healthz answers.
 *
 * @param {object} [options]
 * @param {string} [options.host]            default 127.0.0.1
 * @param {number} [options.port]            default: a free port
 * @param {string} [options.vsix]            install this .vsix into the profile's extensions dir first
 * @param {string} [options.extensionsDir]   use this extensions dir (shared between runs; not removed)
 * @param {boolean} [options.smokeTestDriver] start with --vscode-option enable-smoke-test-driver (for integration tests)
 * @param {Record<string, unknown>} [options.settings] user settings on top of QUIET_SETTINGS
 * @param {Record<string, string>} [options.env] extra environment (the extension host inherits it)
 * @param {string[]} [options.args]          more code-server arguments
 * @param {boolean} [options.workspaceTrust] keep VS Code's workspace trust on (off by default, so that no trust prompt covers the UI):
 *           a folder opens in Restricted Mode, untrusted, without asking
 * @param {string} [options.profileDir]      where the profile goes (default: a new temp dir)
 * @param {boolean} [options.keepProfile]    leave the profile on disk after stop()
 * @param {number} [options.timeoutMs]       how long to wait for /healthz (default 60 s)
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const root = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-code-server-'));
  mkdirSync(root, { recursive: true });
  const dirs = profileDirs(root, options.extensionsDir);
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  const trust = options.workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
    : {};
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }, null, 2)}\n`);
  writeFileSync(dirs.config, 'auth: none\n');
  if (options.vsix) installExtension(options.vsix, dirs.extensions);

  const args = [
    codeServerEntry(),
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--config',
    dirs.config,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(options.args ?? []),
  ];
  const logFile = path.join(root, 'code-server.log');
  const logStream = createWriteStream(logFile);
  let tail = '';
  const keep = (chunk) => {
    logStream.write(chunk);
    tail = (tail + chunk).slice(-8000);
  };
  const start = performance.now();
  const group = spawnGroup(node24(), args, { env: serverEnv(dirs, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  group.child.stdout.setEncoding('utf8').on('data', keep);
  group.child.stderr.setEncoding('utf8').on('data', keep);
  const logTail = () => tail.split('\n').slice(-30).join('\n');

  let removed = false;
  const stop = async ({ saveLogTo } = {}) => {
    await group.stop();
    if (!logStream.closed) await new Promise((resolve) => logStream.end(resolve));
    if (saveLogTo && existsSync(logFile)) {
      mkdirSync(path.dirname(saveLogTo), { recursive: true });
      copyFileSync(logFile, saveLogTo);
    }
    if (!options.keepProfile && !options.profileDir && !removed) {
      removed = true;
      rmSync(root, { recursive: true, force: true });
    }
  };

  const url = `http://${host}:${port}/`;
  try {
    await waitHealthy(url, group.exited, options.timeoutMs ?? 60_000);
  } catch (err) {
    const why = `${err.message}; code-server said:\n${logTail()}`;
    await stop();
    throw new Error(why, { cause: err });
  }

  const remoteUri = (absPath) => `vscode-remote://${host}:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
  return {
    url,
    host,
    port,
    pid: group.child.pid,
    dirs,
    logFile,
    startedIn: seconds(start),
    exited: group.exited,
    logTail,
    stop,
    remoteUri,
    folderUrl(folder, payload) {
      let u = `${url}?folder=${encodeURI(folder)}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
  };
}

/** waitHealthy polls GET /healthz until it answers 200, code-server exits, or timeoutMs pass. */
async function waitHealthy(url, exited, timeoutMs) {
  let gone;
  exited.then((e) => (gone = e));
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone) throw new Error(`code-server exited (${gone.signal ?? `code ${gone.code}`}${gone.error ? `: ${gone.error.message}` : ''}) before it was ready`);
    try {
      const res = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code ?? err.message;
    }
    await sleep(200);
  }
  throw new Error(`code-server at ${url} was not ready within ${timeoutMs / 1000} s (last /healthz: ${lastError})`);
}
