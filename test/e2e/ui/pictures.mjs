// Helpers for the pictures scenarios: the flame graph webview's page, and the
// text the dump on the code puts at the end of editor lines.

/**
 * flamePage is the content frame of the pictures webview: VS Code hosts a
 * webview in an iframe (`iframe.webview`) whose own iframe holds the page.
 * @param {import('playwright-core').Page} page
 */
export function flamePage(page) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/**
 * lineHints reads the end-of-line texts of the visible editor: VS Code draws
 * a decoration's `after` text as a CSS ::after `content`, so it is read from
 * the computed style. Returns [{ line, text }] by view line, top to bottom.
 * @param {import('playwright-core').Page} page
 */
export async function lineHints(page) {
  return page.evaluate(() => {
    const out = [];
    for (const line of document.querySelectorAll('.editor-instance .monaco-editor .view-line, .editor-group-container .monaco-editor .view-line')) {
      for (const span of line.querySelectorAll('span')) {
        const content = getComputedStyle(span, '::after').content;
        if (content && content !== 'none' && content !== 'normal' && /goroutine/.test(content)) {
          out.push({ top: parseFloat(line.style.top) || 0, text: content.replace(/^"|"$/g, '').replace(/\\"/g, '"') });
        }
      }
    }
    return out.sort((a, b) => a.top - b.top);
  });
}

/**
 * waitForLineHint waits until an end-of-line text matches.
 * @param {import('playwright-core').Page} page
 * @param {RegExp} re
 */
export async function waitForLineHint(page, re, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hints = await lineHints(page);
    const hit = hints.find((h) => re.test(h.text));
    if (hit) return hit.text;
    if (Date.now() > deadline) throw new Error(`no end-of-line text matched ${re}; seen: ${JSON.stringify(hints.map((h) => h.text))}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * hoverLine moves the mouse onto a word of the editor line that contains
 * `lineText` and returns the hover that shows the dump on that line.
 * @param {import('playwright-core').Page} page
 */
export async function hoverLine(page, lineText, word) {
  const line = page.locator('.monaco-editor .view-line').filter({ hasText: lineText }).first();
  await line
    .locator('span > span')
    .filter({ hasText: new RegExp(`^${word}$`) })
    .first()
    .hover();
  const hover = page.locator('.monaco-hover').filter({ hasText: 'goroutine here' }).first();
  await hover.waitFor({ timeout: 15_000 });
  return hover;
}
