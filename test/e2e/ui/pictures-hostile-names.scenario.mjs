// A dump whose function names carry HTML (`<script>…</script>`,
// `<img onerror=…>`): the tree, the flame graph and the hover on the code show
// those names as text, and nothing runs. The dump is the example service's
// real dump with two function names replaced, written at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { flamePage, hoverLine, waitForLineHint } from './pictures.mjs';

export const title = 'a dump with <script> and <img onerror> in function names shows them as text';
export const timeoutMs = 150_000;

const SCRIPT = 'main.<script>window.__pwned=1</script>';
const IMG = 'main.<img/src=x/onerror=window.__pwned=2>';

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, workspace }) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const real = readFileSync(path.join(workspace, 'dumps', 'leaky.goroutines'), 'utf8');
  const hostile = real.replace('main.main()', `${SCRIPT}()`).replace('main.startUpstream.func2()', `${IMG}()`);
  if (!hostile.includes(SCRIPT) || !hostile.includes(IMG)) throw new Error('the example dump no longer has main.main and main.startUpstream.func2');
  writeFileSync(path.join(workspace, 'dumps', 'hostile.goroutines'), hostile);

  await wb.openFile('dumps/hostile.goroutines', { timeoutMs: 60_000 });
  await wb.runCommand('Goroutine Lens: Analyze Active Editor as Goroutine Dump');
  const view = await wb.expandPane('Goroutines');
  // The tree names a group by its short function name (the import path, up to the last slash, dropped).
  await wb.treeItem('1 × script>', { within: view }).waitFor();

  // The flame graph, from the dump document's title bar: search finds the names; the details show them as text.
  await page.locator('.editor-actions .action-label[aria-label^="Show Flame Graph"]').first().click();
  const flame = flamePage(page);
  await flame.locator('#title').filter({ hasText: 'hostile.goroutines' }).waitFor({ timeout: 30_000 });
  await flame.locator('#search').fill('<script>');
  await flame.locator('#matches').filter({ hasText: '1 frames, 1 goroutines' }).waitFor();
  await flame.locator('#search').press('Enter');
  await flame.locator('#details').filter({ hasText: SCRIPT }).waitFor();
  await flame.locator('#search').fill('onerror');
  await flame.locator('#matches').filter({ hasText: '1 frames, 1 goroutines' }).waitFor();
  await flame.locator('#search').press('Enter');
  await flame.locator('#details').filter({ hasText: IMG }).waitFor();
  const injected = await flame.locator('body').evaluate(() => ({
    imgs: document.querySelectorAll('img').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__pwned')).length,
    pwned: window.__pwned ?? null,
  }));
  if (injected.imgs !== 0 || injected.scripts !== 0 || injected.pwned !== null) throw new Error(`the page was injected: ${JSON.stringify(injected)}`);
  await wb.screenshot('flame-graph-hostile-names', { publish: false });

  // The hover on the code names the group as text.
  await wb.openFile('main.go');
  await page.keyboard.press('Control+G');
  await page.keyboard.type('55');
  await page.keyboard.press('Enter');
  await waitForLineHint(page, /^1 goroutine here · select \(no cases\)$/);
  const hover = await hoverLine(page, 'select {}', 'select');
  await hover.filter({ hasText: '1 × script>' }).waitFor();
  if ((await hover.locator('img, script').count()) !== 0) throw new Error('the hover rendered HTML from the dump');
  await wb.screenshot('dump-on-code-hostile-names', { publish: false });
  const pwned = await page.evaluate(() => window.__pwned ?? null);
  if (pwned !== null || dialogs.length > 0) throw new Error(`script from the dump ran: ${pwned} ${dialogs.join(', ')}`);
}
