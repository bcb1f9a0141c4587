// A developer has a dump of the example service open and reads their own
// code: the line where the main goroutine is parked says so at its end, the
// overview ruler marks it, and the hover lists the group and opens it in the
// Goroutines view. Turning the setting off, and closing the dump, clear it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hoverLine, lineHints, waitForLineHint } from './pictures.mjs';

export const title = 'the dump on the code: a workspace line shows its goroutines, the hover opens the group';
export const timeoutMs = 150_000;

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, workspace }) {
  await wb.openFile('dumps/leaky.goroutines');
  await wb.runCommand('Goroutine Lens: Analyze Active Editor as Goroutine Dump');
  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/^leaky\.goroutines 128 goroutines/, { within: view }).waitFor();
  await wb.resizeSideBar(420);

  // main.go:55 is `select {}`, where the main goroutine is parked.
  await wb.openFile('main.go');
  await page.keyboard.press('Control+G');
  await page.keyboard.type('55');
  await page.keyboard.press('Enter');
  const hint = await waitForLineHint(page, /^1 goroutine here · select \(no cases\)$/);
  if (!hint) throw new Error('no hint on main.go:55');
  // The server goroutine started at line 46 passes through it, blocked in Accept.
  await waitForLineHint(page, /^1 goroutine here · IO wait$/);

  // The hover lists the group; its link opens the group in the tree.
  const hover = await hoverLine(page, 'select {}', 'select');
  await hover.filter({ hasText: /1 × main\.main/ }).waitFor();
  await wb.screenshot('dump-on-code', { publish: true });
  await hover.getByRole('link', { name: /1 × main\.main/ }).click();
  await page
    .locator('.monaco-list-row.selected')
    .filter({ hasText: /1 × main\.main/ })
    .waitFor({ timeout: 15_000 });

  // The setting turns it off (workspace settings are read as they change).
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'goroutineLens.onCode.enabled': false }, null, 2));
  await waitUntilNoHints(page);
  writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'goroutineLens.onCode.enabled': true }, null, 2));
  await waitForLineHint(page, /^1 goroutine here · select \(no cases\)$/);

  // Closing the dump clears the lines.
  await wb.treeItem(/^leaky\.goroutines 128 goroutines/, { within: view }).hover();
  await view
    .locator('.monaco-list-row')
    .filter({ hasText: /^leaky\.goroutines/ })
    .first()
    .getByRole('button', { name: 'Close' })
    .click();
  await waitUntilNoHints(page);
}

async function waitUntilNoHints(page, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await lineHints(page)).length > 0) {
    if (Date.now() > deadline) throw new Error(`the end-of-line texts stayed: ${JSON.stringify(await lineHints(page))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
