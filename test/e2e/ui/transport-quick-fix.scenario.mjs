// A developer opens status.go, whose fetchStatus builds an http.Transport on
// every call: the analyzer's squiggle is on the Transport and the Problems
// view lists it; the hover explains the leak; Ctrl+. offers the hoist, which
// they pick and save; the squiggle and the Problems entry are gone, and the
// file has the package-level variable (on disk too).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const title = 'see the per-call Transport squiggle and Problems entry, hoist it with Ctrl+., save: the diagnostic is gone';

const MESSAGE = /builds a new Transport on every call of fetchStatus/;
const HOIST = 'Hoist Transport to a package-level variable';

/** @param {import('../../../scripts/e2e/ui.mjs').ScenarioContext} ctx */
export default async function scenario({ wb, page, workspace }) {
  await wb.openFile('status.go');
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const squiggle = editor.locator('.squiggly-warning').first();
  await squiggle.waitFor({ state: 'visible', timeout: 30_000 });

  // The Problems view lists it, with the rule's code.
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: MESSAGE }).first();
  await problem.waitFor({ state: 'visible', timeout: 15_000 });
  const problemText = await problem.innerText();
  if (!/transport-per-call/.test(problemText)) throw new Error(`the Problems entry does not show the rule's code: ${problemText}`);

  // Clicking the entry reveals the Transport in the editor; the mouse on the
  // squiggle shows the diagnostic and the leak's explanation.
  await problem.click();
  await squiggle.waitFor({ state: 'visible', timeout: 10_000 });
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('the squiggle has no box');
  // On `http.Transport`, in the middle of the line the wavy line decorates.
  const x = box.x + Math.min(box.width / 2, 60);
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 10, y);
  await page.mouse.move(x, y, { steps: 5 });
  const hover = page.locator('.monaco-hover').filter({ hasText: 'persistConn).readLoop' }).first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  await wb.screenshot('transport-squiggle', { publish: true });
  await page.mouse.move(0, 0);
  await page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});

  // The workspace scan may still be publishing other files' findings: VS Code
  // answers a change of markers with a code-action request of its own, which
  // cancels a Ctrl+. in flight (the menu then never opens). Wait until the
  // problem counts in the status bar hold still, as a user would see them settle.
  const counts = () =>
    page
      .locator('#status\\.problems')
      .innerText()
      .catch(() => '');
  let last = await counts();
  for (let steady = 0, waited = 0; steady < 6 && waited < 60; waited++) {
    await page.waitForTimeout(500);
    const now = await counts();
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
  if (last === '') throw new Error('the status bar shows no problem counts (#status.problems)');

  // Ctrl+. on the Transport offers the hoist, preferred, and the suppression.
  await page.mouse.click(x, y);
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: HOIST }).first();
  if (
    !(await fix.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    // Once more, as a user would, if a late change of markers cancelled the first: said in the output, so it is seen.
    console.log(`    Ctrl+. opened no menu within 10 s (problems: ${JSON.stringify(last)}); pressing it again`);
    await page.keyboard.press('Escape');
    await page.mouse.click(x, y);
    await page.keyboard.press('Control+.');
  }
  await fix.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (err) => {
    // Say what Ctrl+. showed instead: the menu's rows, the editor's message ("No quick fixes…"), where the cursor and focus were.
    const seen = await page.evaluate(() => ({
      menu: document.querySelector('.action-widget')?.textContent ?? null,
      message: document.querySelector('.monaco-editor-overlaymessage')?.textContent ?? null,
      cursor: document.querySelector('#status\\.editor\\.selection')?.textContent ?? null,
      focus: document.activeElement?.className ?? null,
    }));
    throw new Error(`Ctrl+. did not offer "${HOIST}": ${JSON.stringify(seen)}\n${err.message}`);
  });
  const offered = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  if (!offered.some((t) => t.includes('Suppress with //nolint:transport-per-call'))) throw new Error(`no suppression offered: ${offered.join(' | ')}`);
  await wb.screenshot('transport-quick-fix', { publish: true });
  await fix.click();

  // The edit is in the editor; saving writes it.
  // (The editor renders spaces as non-breaking ones.)
  await page.waitForFunction(
    () => (document.querySelector('.editor-group-container.active .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' ').includes('Transport: transport,'),
    undefined,
    { timeout: 15_000 },
  );
  await page.keyboard.press('Control+S');
  // The tab's dirty mark can lag the edit, so a clean tab does not prove the
  // save happened: wait for the file on disk, saving again from the palette if
  // the key went elsewhere.
  const onDisk = () => readFileSync(path.join(workspace, 'status.go'), 'utf8');
  for (let tries = 0; !onDisk().includes('Transport: transport,') && tries < 10; tries++) {
    await page.waitForTimeout(1000);
    if (tries % 3 === 2 && !onDisk().includes('Transport: transport,')) await wb.runCommand('File: Save');
  }
  await page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active.dirty'), undefined, { timeout: 10_000 });
  await squiggle.waitFor({ state: 'detached', timeout: 15_000 }).catch(() => {
    throw new Error('the squiggle is still there 15 s after the fix was saved');
  });
  await problem.waitFor({ state: 'detached', timeout: 15_000 });

  const saved = onDisk();
  if (!/\nvar transport = &http\.Transport\{\n/.test(saved) || !/Transport: transport,/.test(saved)) {
    const shown = (await wb.editorText()).replace(/\u00a0/g, ' ');
    throw new Error(`status.go on disk has no package-level Transport:\n${saved}\n--- the editor shows:\n${shown}`);
  }
  // The editor shows both the new variable and its use (the mouse out of the way).
  await page.mouse.move(0, 0);
  await wb.screenshot('transport-fixed', { publish: true });
}
