#!/usr/bin/env node
// run.mjs runs every e2e test in a real VS Code: first the integration tests
// in the extension host, then the UI scenarios in chromium. It installs what
// is missing first (cached; see install.mjs), packages the build once and
// shares one browser. `npm test` runs it after the unit tests; `npm run
// test:e2e` builds and runs it alone.
//
//   node scripts/e2e/run.mjs                 # both
//   node scripts/e2e/run.mjs --integration   # one kind only
//   node scripts/e2e/run.mjs --ui [NAME…]    # scenarios whose file names contain NAME
//
// It ends with what the tests measured (the activation time, as the extension
// host reports it) and one line, "e2e: N passed, N failed"; it exits 1 if any failed.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { log, seconds } from './env.mjs';
import { ensureE2eTools } from './install.mjs';
import { metricLine, runIntegration } from './integration.mjs';
import { packageVsix } from './package.mjs';
import { findScenarios, runScenarios } from './ui.mjs';

const args = process.argv.slice(2);
const onlyIntegration = args.includes('--integration');
const onlyUi = args.includes('--ui');
const names = args.filter((a) => !a.startsWith('--'));
const timeoutMs = Number(process.env.GOROUTINE_LENS_E2E_TIMEOUT || 240) * 1000;

const start = performance.now();
let passes = 0;
let failures = 0;
let browser;
let vsixDir;
/** What the tests measured (the activation time…), printed in the summary. */
let metrics = [];
try {
  const tools = performance.now();
  await ensureE2eTools();
  log(`tools ready in ${seconds(tools)}`);
  vsixDir = mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-vsix-'));
  const vsix = packageVsix({ outFile: path.join(vsixDir, 'goroutine-lens.vsix') });
  browser = await launchBrowser();

  if (!onlyUi) {
    console.log('\nIntegration tests (extension host)');
    const r = await runIntegration({ browser, vsix, timeoutMs });
    metrics = r.metrics;
    passes += r.passes;
    failures += r.failures + (r.exitCode !== 0 && r.failures === 0 ? 1 : 0);
  }
  if (!onlyIntegration) {
    const files = findScenarios(names);
    console.log(`\nUI scenarios (${files.length})`);
    const r = await runScenarios({ browser, vsix, files });
    passes += r.passes;
    failures += r.failures;
  }
} catch (err) {
  console.error(`e2e: ${err.stack ?? err.message}`);
  failures++;
} finally {
  await browser?.close().catch(() => {});
  if (vsixDir) rmSync(vsixDir, { recursive: true, force: true });
}
log(`e2e finished in ${seconds(start)}`);
for (const metric of metrics) console.log(`e2e: ${metricLine(metric)}`);
console.log(`e2e: ${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
