// A developer reads a saved dump as a document (highlighted, with links and
// an outline), compares two dumps of the leaking service taken a little
// apart, and then watches the service: the status bar follows the total and
// a warning names the group that keeps growing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const title = 'the dump document, comparing two fetches, and watching a growing service';
export const timeoutMs = 150_000;

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, startLeaky, workspace }) {
  // The dump document: highlighting, links, outline.
  await wb.openFile('dumps/leaky.goroutines');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  await page.locator('.monaco-editor .view-line span.mtk1, .monaco-editor .view-line span[class^="mtk"]').first().waitFor();
  const language = page
    .locator('.statusbar-item')
    .filter({ hasText: /^Goroutine Dump$/ })
    .first();
  await language.waitFor({ timeout: 20_000 });
  await wb.screenshot('dump-document', { publish: true });

  // Watch faster than the default, so the scenario sees several fetches.
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'goroutineLens.watch.intervalSeconds': 2, 'goroutineLens.watch.growthAlertAfter': 2 }, null, 2),
  );

  // The service keeps making requests (every 300 ms), leaking a connection each time.
  const leaky = await startLeaky({ args: ['-warmup', '5', '-every', '300ms'] });
  const url = `${leaky.baseUrl}/debug/pprof/goroutine?debug=2`;

  // Two fetches a few seconds apart (debug=1, then debug=2), then compare them.
  const older = `${leaky.baseUrl}/debug/pprof/goroutine?debug=1`;
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(older);
  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/× http\.\(\*persistConn\)\.readLoop/, { within: view }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(4000);
  await wb.runCommand('Goroutine Lens: Fetch Goroutine Dump…');
  await wb.answerInput(url);
  await wb.treeItem(/debug=2 \d+ goroutines/, { within: view }).waitFor({ timeout: 30_000 });
  await wb.runCommand('Goroutine Lens: Compare Goroutine Dumps…');
  await wb.pickQuickItem(older);
  await wb.pickQuickItem(url);
  await wb.treeItem(/debug=1 → .*debug=2/, { within: view }).waitFor({ timeout: 15_000 });
  await wb.treeItem(/^\+\d+ × http\.\(\*persistConn\)\.readLoop/, { within: view }).waitFor();
  await wb.resizeSideBar(620);
  await wb.screenshot('compare-dumps', { publish: true });

  // Watch: the status bar shows the total and its trend; a growing group is flagged.
  await wb.clearNotifications();
  await wb.runCommand('Goroutine Lens: Watch Endpoint…');
  await wb.answerInput(url);
  await page
    .locator('.statusbar-item')
    .filter({ hasText: /goroutines/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await wb.notification(/suspected leak: \+\d+ in .* http\.\(\*persistConn\)\.(readLoop|writeLoop)/, { timeoutMs: 45_000 });
  await wb.screenshot('watch-endpoint', { publish: true });
  await wb.runCommand('Goroutine Lens: Stop Watching');
  await page
    .locator('.statusbar-item')
    .filter({ hasText: /goroutines/ })
    .first()
    .waitFor({ state: 'hidden', timeout: 10_000 });
}
