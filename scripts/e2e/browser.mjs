// browser.mjs launches Debian's chromium through playwright-core: Playwright
// cannot download a browser of its own here. The flags keep chromium from
// reaching for the network (this machine's closed network refuses it, many
// connections at a time) and from needing a GPU or a sandbox (we run as root).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './env.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** VIEWPORT is the page size of every test: large enough for a readable README screenshot. */
export const VIEWPORT = { width: 1440, height: 900 };

/**
 * launchBrowser starts headless chromium (HEADED=1 shows it, where a display is).
 *
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}; install Debian's (apt-get install chromium) or set GOROUTINE_LENS_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: process.env.HEADED !== '1', args: CHROMIUM_ARGS });
}

/**
 * newPage opens a page in a fresh browser context (no state shared between
 * tests) with the test viewport.
 *
 * @param {import('playwright-core').Browser} browser
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return { context, page };
}
