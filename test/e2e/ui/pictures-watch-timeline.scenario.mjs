// A developer watches the example service while it leaks a connection per
// request, and opens the flame graph of the watched dump: above it the
// timeline of the total and of the biggest groups grows with each fetch, the
// groups that keep growing marked.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { flamePage } from './pictures.mjs';

export const title = 'watching the service: the timeline above the flame graph grows, growing groups marked';
export const timeoutMs = 150_000;

/**
 * setup writes the watch settings before the workbench opens the workspace: a
 * settings file written after it opens may be read only after the watch has
 * started, which then fetches every 30 s (the default) instead of every 2 s.
 */
export async function setup({ workspace }) {
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'goroutineLens.watch.intervalSeconds': 2, 'goroutineLens.watch.growthAlertAfter': 2 }, null, 2),
  );
}

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, startLeaky }) {
  const leaky = await startLeaky({ args: ['-warmup', '5', '-every', '300ms'] });
  const url = `${leaky.baseUrl}/debug/pprof/goroutine?debug=2`;

  await wb.runCommand('Goroutine Lens: Watch Endpoint…');
  await wb.answerInput(url);
  await wb.showView('Goroutine Lens');
  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/^watch: /, { within: view }).waitFor({ timeout: 30_000 });

  // The flame button on the dump's row in the tree.
  const row = view
    .locator('.monaco-list-row')
    .filter({ hasText: /^watch: / })
    .first();
  await row.hover();
  await row.getByRole('button', { name: 'Show Flame Graph' }).click();
  const flame = flamePage(page);
  await flame
    .locator('#timelineTitle')
    .filter({ hasText: /^watching / })
    .waitFor({ timeout: 30_000 });
  const total = async () => Number((await flame.locator('#legend > span').first().innerText()).replace(/[^\d]/g, ''));
  const first = await total();
  // The service leaks a connection every 300 ms: a later fetch has more goroutines, and readLoop is marked growing.
  await flame
    .locator('#legend .growing')
    .filter({ hasText: /▲ growing: http\.\(\*persistConn\)\.(readLoop|writeLoop)/ })
    .first()
    .waitFor({ timeout: 45_000 });
  const deadline = Date.now() + 30_000;
  while ((await total()) <= first) {
    if (Date.now() > deadline) throw new Error(`the timeline's total stayed at ${first}`);
    await page.waitForTimeout(500);
  }
  await wb.resizeSideBar(360);
  await wb.clearNotifications();
  await wb.screenshot('watch-timeline', { publish: true });
  await wb.runCommand('Goroutine Lens: Stop Watching');
}
