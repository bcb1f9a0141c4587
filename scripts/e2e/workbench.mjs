// workbench.mjs drives the VS Code workbench in a browser page the way a user
// does: the command palette, quick inputs, notifications, views and their
// trees, editors, screenshots. UI scenarios (test/e2e/ui/*.scenario.mjs) get
// one as `wb`; selectors follow /work/shared/E2E-NOTES.md.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, sleep, testResultsDir } from './env.mjs';
import { compressPng } from '../compress-screenshots.mjs';

/** SCREENSHOTS_DIR is where published screenshots go for the README (UPDATE_SCREENSHOTS=1). */
export const SCREENSHOTS_DIR = path.join(repoRoot, 'media', 'screenshots');

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROW = `${QUICK_INPUT} .monaco-list-row`;

/** escapeRegExp makes text match itself literally inside a RegExp. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** exactly turns a label into a RegExp that matches it whole (a RegExp is kept as it is). */
function exactly(label) {
  return label instanceof RegExp ? label : new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`);
}

/**
 * Workbench wraps a page that shows the VS Code workbench.
 *
 * Every wait has a timeout and fails with what it waited for, so a scenario
 * that breaks says where.
 */
export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ name?: string, resultsDir?: string }} [options]  name: the scenario's, for screenshot folders
   */
  constructor(page, { name = 'workbench', resultsDir = path.join(testResultsDir, 'ui', name) } = {}) {
    this.page = page;
    this.name = name;
    this.resultsDir = resultsDir;
  }

  /** waitReady waits for the workbench and its Explorer (6–8 s after the page loads). */
  async waitReady({ timeoutMs = 60_000 } = {}) {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('.explorer-folders-view').first().waitFor({ timeout: timeoutMs });
  }

  /** quickInput is the quick input widget (palette, quick pick, input box). */
  get quickInput() {
    return this.page.locator(QUICK_INPUT);
  }

  /**
   * openPalette opens the command palette with `prefix` typed (default '>',
   * commands). With '' it is Quick Open (files).
   */
  async openPalette(prefix = '>') {
    const input = this.page.locator(QUICK_INPUT_BOX);
    // A quick input that is open (or still closing) is closed first, so F1
    // always opens a fresh palette.
    if (await input.isVisible()) {
      await this.page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    }
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(prefix, { timeout: 5000 });
    return input;
  }

  /**
   * runCommand runs a command from the palette by its full title, as the
   * palette shows it ("Goroutine Lens: Fetch Goroutine Dump…"). Commands
   * register a few seconds after the workbench shows, so the palette is
   * retried until the row is there.
   */
  async runCommand(title, { timeoutMs = 30_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = this.quickRow(title);
      try {
        const input = await this.openPalette('>');
        await input.fill(`>${title}`);
        await row.first().waitFor({ state: 'visible', timeout: 3000 });
        await row.first().click();
        return;
      } catch (err) {
        if (Date.now() > deadline) {
          const shown = await this.quickRowLabels();
          throw new Error(`command "${title}" is not in the palette after ${timeoutMs / 1000} s; it lists: ${shown.join(' | ') || '(nothing)'}`, {
            cause: err,
          });
        }
        await this.page.keyboard.press('Escape');
        await sleep(500);
      }
    }
  }

  /** quickRow is the quick-input row whose label is exactly `label` (or matches a RegExp). */
  quickRow(label) {
    return this.page.locator(QUICK_INPUT_ROW).filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
  }

  /** quickRowLabels lists the labels the quick input shows now. */
  async quickRowLabels() {
    return this.page.locator(`${QUICK_INPUT_ROW} .label-name`).allInnerTexts();
  }

  /** pickQuickItem waits for a quick-pick row with that label and picks it. */
  async pickQuickItem(label, { timeoutMs = 10_000 } = {}) {
    const row = this.quickRow(label).first();
    try {
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      throw new Error(`no quick-pick item "${label}"; it lists: ${(await this.quickRowLabels()).join(' | ') || '(nothing)'}`, { cause: err });
    }
    await row.click();
  }

  /**
   * answerInput types text into the open input box or quick pick (replacing
   * what is there) and presses Enter; e.g. the URL that "Fetch Goroutine Dump…" asks for.
   */
  async answerInput(text, { timeoutMs = 10_000 } = {}) {
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    await input.fill(text);
    await input.press('Enter');
  }

  /** openFile opens a workspace file through Quick Open, by its workspace-relative path. */
  async openFile(relativePath, { timeoutMs = 20_000 } = {}) {
    const base = path.posix.basename(relativePath);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = this.page.locator(QUICK_INPUT_ROW).filter({ hasText: base }).first();
      try {
        const input = await this.openPalette('');
        await input.fill(relativePath);
        await row.waitFor({ state: 'visible', timeout: 3000 });
        await input.press('Enter');
        break;
      } catch (err) {
        // Quick Open finds files once the workspace's file search has started.
        if (Date.now() > deadline) throw new Error(`Quick Open found no ${relativePath}`, { cause: err });
        await this.page.keyboard.press('Escape');
        await sleep(500);
      }
    }
    await this.waitForEditor(base, { timeoutMs });
  }

  /** editorTab is the tab of an open editor whose title contains `title`. */
  editorTab(title) {
    return this.page.locator('.tabs-container .tab').filter({ hasText: title });
  }

  /** waitForEditor waits until the active editor's tab shows `title` (a file name). */
  async waitForEditor(title, { timeoutMs = 20_000 } = {}) {
    await this.page.locator('.tabs-container .tab.active').filter({ hasText: title }).waitFor({ timeout: timeoutMs });
  }

  /** activeEditorTitle is the text of the active editor's tab. */
  async activeEditorTitle() {
    return (await this.page.locator('.tabs-container .tab.active .label-name').first().innerText()).trim();
  }

  /** editorText is the text the active editor shows (its visible lines). */
  async editorText() {
    return this.page.locator('.editor-group-container.active .view-lines').first().innerText();
  }

  /**
   * notification waits for a notification whose text matches (a string: a
   * part of it) and returns its locator. It looks at the toasts; after half
   * the timeout it opens the notification center too, which keeps the
   * notifications whose toasts are gone (and the only place they show when
   * the smoke-test driver hides toasts).
   */
  async notification(text, { timeoutMs = 20_000 } = {}) {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
    const centre = this.page.locator('.notifications-center .notification-list-item').filter({ hasText: text }).first();
    const deadline = Date.now() + timeoutMs;
    let centreShown = false;
    while (Date.now() < deadline) {
      if (await toast.isVisible()) return toast;
      if (await centre.isVisible()) return centre;
      if (!centreShown && deadline - Date.now() < timeoutMs / 2) {
        centreShown = true;
        await this.runCommand('Notifications: Show Notifications').catch(() => {});
      }
      await sleep(250);
    }
    const seen = await this.page.locator('.notification-list-item-message').allInnerTexts();
    throw new Error(`no notification matching ${text} within ${timeoutMs / 1000} s; shown: ${seen.join(' | ') || '(none)'}`);
  }

  /** clearNotifications dismisses every notification (their toasts can cover the UI under test). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /**
   * showView opens a view container from the activity bar by its title
   * ("Goroutine Lens", "Explorer"), unless it is open already.
   */
  async showView(containerTitle, { timeoutMs = 15_000 } = {}) {
    const item = this.page
      .locator('.activitybar .action-item')
      .filter({ has: this.page.locator(`[aria-label^="${containerTitle}"]`) })
      .first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    if ((await item.getAttribute('aria-selected')) !== 'true' && !(await item.evaluate((e) => e.classList.contains('checked')))) {
      await item.click();
    }
  }

  /** pane is a view's pane in the side bar, by the view's title ("Goroutines"). */
  pane(viewTitle) {
    return this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header', { hasText: exactly(viewTitle) }) })
      .first();
  }

  /**
   * expandPane makes sure a view's pane is shown and expanded (clicking its
   * header when aria-expanded is false) and returns the pane. A container with
   * a single view hides the header; its pane is returned as it is.
   *
   * A command that reveals the view does so only once its work is done, which
   * on a loaded machine can take a while; so while the pane is not there, the
   * view's container (`container`, by its activity-bar title) is opened as a
   * user would, checked again on every round so that a reveal landing in
   * between is never toggled closed.
   */
  async expandPane(viewTitle, { container = 'Goroutine Lens', timeoutMs = 30_000 } = {}) {
    const pane = this.pane(viewTitle);
    const deadline = Date.now() + timeoutMs;
    while (!(await pane.isVisible())) {
      if (Date.now() > deadline) {
        throw new Error(`the ${viewTitle} view is not shown after ${timeoutMs} ms, though its container ${container} was opened`);
      }
      await this.showView(container, { timeoutMs: Math.max(1, deadline - Date.now()) }).catch(() => {});
      await pane.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => {});
    }
    const header = pane.locator('.pane-header').first();
    if ((await header.isVisible()) && (await header.getAttribute('aria-expanded')) === 'false') await header.click();
    return pane;
  }

  /**
   * resizeSideBar drags the side bar's edge so that it is `width` pixels wide:
   * tree labels are cut at the default width, which makes poor screenshots.
   */
  async resizeSideBar(width) {
    const sideBar = await this.page.locator('.part.sidebar').first().boundingBox();
    if (!sideBar) throw new Error('the side bar is not shown');
    const edge = sideBar.x + sideBar.width;
    // The sash that resizes the side bar is the vertical one on its right edge.
    const sashes = await this.page
      .locator('.monaco-sash.vertical')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x + r.width / 2, y: r.y, height: r.height })));
    const sash = sashes.filter((r) => r.height > 0).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
    if (!sash || Math.abs(sash.x - edge) > 6) throw new Error(`no sash on the side bar's edge at x=${edge}`);
    const y = Math.max(sash.y, sideBar.y) + Math.min(sash.height, sideBar.height) / 2;
    await this.page.mouse.move(sash.x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sash.x + (sideBar.x + width - edge), y, { steps: 10 });
    await this.page.mouse.up();
    // Off the sash, so that its highlight is not in the next screenshot.
    await this.page.mouse.move(0, 0);
  }

  /**
   * treeItem is a tree row by its accessible name (label and description, as
   * a screen reader hears it): a string matches a part of it, a RegExp tests it.
   * Pass `within` (e.g. wb.pane('Goroutines')) to look in one view only.
   */
  treeItem(name, { within } = {}) {
    return (within ?? this.page).getByRole('treeitem', { name }).first();
  }

  /** treeItemNames lists the accessible names of the tree rows shown (in `within`, or everywhere). */
  async treeItemNames({ within } = {}) {
    return (within ?? this.page).getByRole('treeitem').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  }

  /** expandTreeItem expands a collapsed row (clicking its twistie) and returns it. */
  async expandTreeItem(name, { within, timeoutMs = 15_000 } = {}) {
    const row = this.treeItem(name, { within });
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
      // Asked through the locator each time, not an element handle: a tree
      // refresh (the filter, a dump's decorations) re-renders the row, and a
      // handle would keep watching the old element.
      const deadline = Date.now() + timeoutMs;
      while ((await row.getAttribute('aria-expanded', { timeout: timeoutMs })) !== 'true') {
        if (Date.now() > deadline) throw new Error(`the tree row ${name} did not expand within ${timeoutMs} ms`);
        await this.page.waitForTimeout(100);
      }
    }
    return row;
  }

  /**
   * screenshot saves the page to test-results/ui/<scenario>/<name>.png and
   * returns the path. With `publish: true` and UPDATE_SCREENSHOTS=1 it is also
   * copied to media/screenshots/<name>.png, for the README, and recompressed.
   */
  async screenshot(name, { publish = false, locator } = {}) {
    mkdirSync(this.resultsDir, { recursive: true });
    const file = path.join(this.resultsDir, `${name}.png`);
    await (locator ?? this.page).screenshot({ path: file, animations: 'disabled' });
    if (publish && process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      const published = path.join(SCREENSHOTS_DIR, `${name}.png`);
      copyFileSync(file, published);
      compressPng(published); // small enough for the .vsix (scripts/compress-screenshots.mjs)
    }
    return file;
  }
}
