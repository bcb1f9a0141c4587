#!/usr/bin/env node
// start.mjs is `npm start`: Goroutine Lens in a real VS Code, on a leaking Go
// service, from a fresh machine. `prestart` (scripts/ensure-deps.mjs) has
// installed the npm dependencies and Go; this script then
//
//   1. installs Node 24 and code-server once (cached, see scripts/e2e/install.mjs),
//   2. builds the extension and packages it into a .vsix,
//   3. copies the example workspace (test/e2e/workspace, module
//      example.com/leaky) to a scratch folder, builds its service and starts
//      it on 127.0.0.1:6060 (or the next free port): a web service whose
//      /api/status handler builds an http.Transport per request, with
//      net/http/pprof, and traffic of its own so its goroutines keep growing,
//   4. starts code-server on 127.0.0.1:8080 (or the next free port) with the
//      extension installed and that workspace open, and prints the URL.
//
// Ctrl+C stops everything it started. Options:
//   --no-editor         no VS Code: run the CLI's `analyze` on the bundled
//                       example dump (for a terminal without a browser)
//   --port N            code-server's port (default 8080, or the next free one)
//   --pprof-port N      the example service's port (default 6060, or the next free one)
//   --help
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onSignal } from './e2e/children.mjs';
import { startCodeServer } from './e2e/codeServer.mjs';
import { firstFreePort, portFree, repoRoot } from './e2e/env.mjs';
import { e2eToolsReady, ensureE2eTools } from './e2e/install.mjs';
import { packageVsix } from './e2e/package.mjs';
import { copyExampleWorkspace, startLeaky } from './e2e/workspace.mjs';

/** EXAMPLE_DUMP is the real dump `--no-editor` analyzes. */
const EXAMPLE_DUMP = path.join('test', 'fixtures', 'dumps', 'transport-leak.debug2.txt');

const USAGE = `usage: npm start [-- --no-editor] [-- --port N] [-- --pprof-port N]

Starts the example leaky Go service and a VS Code (code-server) in your
browser with Goroutine Lens installed and the example workspace open.
  --no-editor     only run \`goroutine-lens analyze\` on ${EXAMPLE_DUMP}
  --port N        code-server's port (default 8080 or the next free one)
  --pprof-port N  the example service's port (default 6060 or the next free one)`;

function parseArgs(argv) {
  const options = { editor: true, port: undefined, pprofPort: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const number = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0 || n > 65535) fail(`${arg} wants a port number, got ${JSON.stringify(argv[i])}`);
      return n;
    };
    if (arg === '--no-editor') options.editor = false;
    else if (arg === '--port') options.port = number();
    else if (arg === '--pprof-port') options.pprofPort = number();
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

/** say prints a line of the start's own, set apart from what the tools print. */
function say(message) {
  console.log(`goroutine-lens: ${message}`);
}

/** run runs a command in the repository, failing the start when it fails. */
function run(command, args) {
  const r = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

/** port picks the port asked for (which must be free) or the first free one from `preferred` on. */
async function port(asked, preferred, what) {
  if (asked === undefined) return firstFreePort(preferred);
  if (!(await portFree(asked))) fail(`port ${asked} for ${what} is in use; pick another or leave the option out`);
  return asked;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));

  if (!options.editor) {
    run(process.execPath, ['esbuild.mjs']);
    run(process.execPath, [path.join('dist', 'cli.js'), 'analyze', EXAMPLE_DUMP]);
    return;
  }

  if (!e2eToolsReady({ browser: false })) say('installing Node 24 and code-server, once (~2–4 min)…');
  await ensureE2eTools({ browser: false });
  say('building the extension…');
  run(process.execPath, ['esbuild.mjs']);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-start-'));
  const vsix = packageVsix({ outFile: path.join(scratch, 'goroutine-lens.vsix') });

  const workspace = copyExampleWorkspace(path.join(scratch, 'leaky'));
  const pprofPort = await port(options.pprofPort, 6060, 'the example service');
  say('building and starting the example service (test/e2e/workspace)…');
  const service = await startLeaky({ workspaceDir: workspace, addr: `127.0.0.1:${pprofPort}` });
  const dumpUrl = `${service.baseUrl}/debug/pprof/goroutine?debug=2`;

  const editorPort = await port(options.port, 8080, 'code-server');
  let server;
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    await Promise.allSettled([server?.stop(), service.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  };
  onSignal.push(async () => {
    console.log('');
    say('stopping code-server and the example service…');
    await stopAll();
  });
  try {
    server = await startCodeServer({
      port: editorPort,
      vsix,
      profileDir: path.join(scratch, 'code-server'),
      settings: { 'goroutineLens.fetch.defaultUrl': dumpUrl },
    });
  } catch (err) {
    await stopAll();
    fail(err.message);
  }

  console.log(`
Goroutine Lens is running.

  VS Code (code-server): ${server.url}?folder=${workspace}
  leaky Go service:      ${service.baseUrl}  (pprof: ${dumpUrl})
  workspace:             ${workspace}  (a scratch copy of test/e2e/workspace; edits there are not kept)

Open the VS Code URL in a browser, then F1 → "Goroutine Lens: Fetch Goroutine Dump…"
and accept the URL it offers. Press Ctrl+C here to stop everything.
`);

  // Either child ending on its own ends the start: a half-running demo only confuses.
  const ended = await Promise.race([server.exited.then(() => 'code-server'), service.exited.then(() => 'the example service')]);
  if (stopping) return; // Ctrl+C: the signal handler finishes the stop and exits.
  say(`${ended} stopped unexpectedly; stopping the rest`);
  if (ended === 'code-server') console.error(server.logTail());
  await stopAll();
  process.exit(1);
}

await main();
