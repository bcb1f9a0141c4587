// A developer opens a saved dump of the leaking service and looks at it as a
// flame graph: searches for readLoop, zooms into it by keyboard, hovers a
// frame for its details and double-clicks it into net/http's source, where
// the dump is drawn at the end of the line the connections are parked on.
import { flamePage, waitForLineHint } from './pictures.mjs';

export const title = 'the flame graph of a dump: search, zoom, hover, open the source';
export const timeoutMs = 150_000;

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page }) {
  await wb.openFile('dumps/leaky.goroutines');
  await wb.runCommand('Goroutine Lens: Analyze Active Editor as Goroutine Dump');
  const view = await wb.expandPane('Goroutines');
  await wb.treeItem(/^leaky\.goroutines 128 goroutines/, { within: view }).waitFor();

  await wb.runCommand('Goroutine Lens: Show Flame Graph');
  const flame = flamePage(page);
  await flame.locator('#title').filter({ hasText: 'leaky.goroutines' }).waitFor({ timeout: 30_000 });
  await flame.locator('canvas#flame').waitFor();
  await wb.resizeSideBar(380);

  // Search: the matching frames are outlined and counted.
  await flame.locator('#search').fill('persistConn');
  await flame
    .locator('#matches')
    .filter({ hasText: /\d+ frames, 82 goroutines/ })
    .waitFor();
  await wb.screenshot('flame-graph', { publish: true });

  // Keyboard: Enter in the search box selects the first match; Enter on the canvas zooms into it.
  await flame.locator('#search').press('Enter');
  await flame
    .locator('#details')
    .filter({ hasText: /net\/http\.\(\*persistConn\)\.(readLoop|writeLoop) — .*transport\.go:\d+ — 41 goroutines/ })
    .waitFor();
  await flame.locator('canvas#flame').press('Enter');

  // Hover the zoomed frame (full width, second row): the tooltip tells function, file:line, goroutines, states.
  const canvas = flame.locator('canvas#flame');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + 18 + 9);
  const tooltip = flame.locator('#tooltip');
  await tooltip.filter({ hasText: /net\/http\.\(\*persistConn\)\.(readLoop|writeLoop)/ }).waitFor();
  await tooltip.filter({ hasText: /41 goroutines \(32\.0%\)/ }).waitFor();
  await wb.screenshot('flame-graph-hover', { publish: true });

  // Double-click: the frame's source opens (net/http under GOROOT), with the dump drawn on its lines.
  await page.mouse.dblclick(box.x + box.width / 2, box.y + 18 + 9);
  await wb.waitForEditor('transport.go', { timeoutMs: 30_000 });
  await waitForLineHint(page, /^41 goroutines here · (IO wait|select)/);
  await wb.runCommand('View: Single Column Editor Layout');
  await wb.waitForEditor('transport.go');
  await wb.screenshot('dump-on-code-goroot', { publish: true });

  // The panel is hidden behind transport.go; shown again, it keeps its search, zoom and selection.
  await wb.editorTab('Flame Graph').click();
  const shown = flamePage(page);
  await shown
    .locator('#details')
    .filter({ hasText: /net\/http\.\(\*persistConn\)\.(readLoop|writeLoop) — / })
    .waitFor({ timeout: 20_000 });
  if ((await shown.locator('#search').inputValue()) !== 'persistConn') throw new Error('the search was lost when the panel was hidden');
  // Colour by package, by keyboard; kept across hide/show too.
  await shown.locator('#colorBy').selectOption('package');
  await wb.editorTab('transport.go').click();
  await wb.editorTab('Flame Graph').click();
  if ((await flamePage(page).locator('#colorBy').inputValue()) !== 'package') throw new Error('the colouring was lost when the panel was hidden');
}
