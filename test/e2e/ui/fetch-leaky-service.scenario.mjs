// A developer's service leaks: they run "Fetch Goroutine Dump…" from the
// command palette against its net/http/pprof endpoint (the real example
// service of the workspace, built with Go and started here), see the
// persistConn groups at the top of the Goroutines view with their counts,
// expand one, click a frame and land in the source. Then the fetch failures
// a user meets: a refused port, a 404, a page that is not a dump, a server
// that never answers.
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const title = 'fetch a dump from the leaky service, read the tree, jump to source; fetch failures explained';

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, startLeaky, workspace }) {
  // For the last step: a 1 s headers timeout in the workspace's settings. VS Code takes from
  // a fraction of a second to several seconds to apply a changed settings file, so it is
  // written first and the steps before the timeout check give it the time.
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'goroutineLens.fetch.headersTimeoutSeconds': 1 }, null, 2));
  const leaky = await startLeaky({ args: ['-warmup', '25', '-every', '0'] });
  const url = `${leaky.baseUrl}/debug/pprof/goroutine?debug=2`;

  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(url);

  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/Idle keep-alive connections: usually an http\.Transport created per call/, { within: view }).waitFor({ timeout: 30_000 });
  // 25 warm-up requests, and the harness's own readiness probe: at least 25 connections leaked.
  const readLoop = /^(2[5-9]|3\d) × http\.\(\*persistConn\)\.readLoop/;
  const writeLoop = /^(2[5-9]|3\d) × http\.\(\*persistConn\)\.writeLoop/;
  await wb.treeItem(readLoop, { within: view }).waitFor();
  await wb.treeItem(writeLoop, { within: view }).waitFor();

  // The persistConn groups are among the biggest: the first group rows after the summary and the signature.
  const names = await wb.treeItemNames({ within: view });
  const groupRows = names.filter((n) => /^\d[\d,]* × /.test(n));
  const top = groupRows.slice(0, 3).join(' | ');
  if (!groupRows.slice(0, 3).some((n) => readLoop.test(n)) || !groupRows.slice(0, 3).some((n) => writeLoop.test(n))) {
    throw new Error(`persistConn groups are not at the top of the tree: ${top}`);
  }

  await wb.resizeSideBar(600);
  await wb.expandTreeItem(readLoop, { within: view });
  await wb.screenshot('fetch-dump-tree', { publish: true });

  // Click the readLoop frame: net/http's transport.go opens (the local GOROOT) at its line.
  await wb.treeItem(/^http\.\(\*persistConn\)\.readLoop transport\.go:\d+/, { within: view }).click();
  await wb.waitForEditor('transport.go');
  const line = await page.locator('.monaco-editor .current-line').count();
  if (line === 0) throw new Error('no current line in the opened transport.go');

  // A frame of the service's own code opens the workspace file.
  await wb.runCommand('Goroutine Lens: Filter Goroutines…');
  await wb.answerInput('main.');
  const own = wb.treeItem(/^\d+ × main\./, { within: view });
  await own.waitFor();
  const ownName = (await own.getAttribute('aria-label')) ?? '';
  await wb.expandTreeItem(/^\d+ × main\./, { within: view });
  const frame = wb.treeItem(/^main\.[^ ]+ (main|status|traffic|upstream)\.go:\d+/, { within: view });
  const frameName = (await frame.getAttribute('aria-label')) ?? '';
  await frame.click();
  const file = /(main|status|traffic|upstream)\.go/.exec(frameName)?.[0];
  await wb.waitForEditor(file);
  await wb.screenshot('jump-to-source', { publish: true });
  await wb.runCommand('Goroutine Lens: Clear Filter');
  console.log(`    opened ${file} from ${ownName.split(' ').slice(0, 3).join(' ')}`);

  // Failures, each a clear message naming the cause.
  await wb.clearNotifications();
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(`http://127.0.0.1:${await closedPort()}/debug/pprof/goroutine?debug=2`);
  await wb.notification(/connection refused/i);
  // The pointer off the editor: its breadcrumb's hover would cover the picture.
  await page.mouse.move(0, 0);
  await page
    .locator('.monaco-hover, .workbench-hover')
    .first()
    .waitFor({ state: 'hidden', timeout: 5000 })
    .catch(() => {});
  await wb.screenshot('fetch-error-refused', { publish: true });

  await wb.clearNotifications();
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(`${leaky.baseUrl}/debug/pprof/nothing-here`);
  await wb.notification(/404/);

  await wb.clearNotifications();
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(`${leaky.baseUrl}/debug/pprof/cmdline`);
  await wb.notification(/expected a goroutine dump/);

  // A server that accepts and never answers: with the headers timeout set to 1 s, the fetch times out.
  const hang = net.createServer(() => {});
  await new Promise((resolve) => hang.listen(0, '127.0.0.1', resolve));
  try {
    await wb.clearNotifications();
    await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
    await wb.answerInput(`http://127.0.0.1:${hang.address().port}/debug/pprof/goroutine?debug=2`);
    await wb.notification(/no response within|timed out/i, { timeoutMs: 30_000 });
  } finally {
    hang.close();
  }
}

/** closedPort is a port on 127.0.0.1 nobody listens on: bound, then released. */
async function closedPort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}
