#!/usr/bin/env node
// integration.mjs runs the integration tests (test/e2e/integration, compiled
// by `npm run build` into out/test/e2e/integration) inside the extension host
// of a real VS Code: code-server started with the smoke-test driver, the
// workbench opened in chromium on a scratch copy of the example workspace with
// VS Code's URL payload naming the extension under test and the tests' run().
// The extension under test is the packaged one: the .vsix is installed and
// its installed folder is the extensionDevelopmentPath, so what runs is what
// ships. Mocha's output arrives through window.codeAutomationLog and its exit
// code through window.codeAutomationExit.
//
//   npm run build && node scripts/e2e/integration.mjs [--grep TEXT]
//
// GOROUTINE_LENS_E2E_TIMEOUT (seconds, default 240) bounds the whole run;
// GOROUTINE_LENS_E2E_VERBOSE=1 shows the workbench's log lines unfiltered.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchBrowser, newPage } from './browser.mjs';
import { installExtension, startCodeServer } from './codeServer.mjs';
import { log, repoRoot, seconds, testResultsDir } from './env.mjs';
import { ensureE2eTools } from './install.mjs';
import { packageVsix } from './package.mjs';
import { copyExampleWorkspace } from './workspace.mjs';

/** testsEntry is the compiled test/e2e/integration/index.ts, whose run() the extension host calls. */
const testsEntry = path.join(repoRoot, 'out', 'test', 'e2e', 'integration', 'index.js');

/** RESULT_MARKER must match test/e2e/integration/helpers.ts. */
const RESULT_MARKER = 'GOROUTINE_LENS_E2E_RESULT ';

/** METRIC_MARKER must match test/e2e/integration/helpers.ts: a measurement, printed in the summary. */
const METRIC_MARKER = 'GOROUTINE_LENS_E2E_METRIC ';

/** START_MARKER must match test/e2e/integration/helpers.ts: Mocha's output follows it. */
const START_MARKER = 'GOROUTINE_LENS_E2E_START';

/** TEST_MARKER must match test/e2e/integration/helpers.ts: it names each test as it starts. */
const TEST_MARKER = 'GOROUTINE_LENS_E2E_TEST ';

/**
 * NOISE matches workbench log lines that can interleave with Mocha's output
 * and say nothing about the tests: the offline extension gallery and its
 * stack (frames in the workbench's own bundle), telemetry, the GitHub auth
 * provider, the missing vsda module, shutdown chatter.
 */
const NOISE = [
  /open-vsx|gallery|marketplace|ENOTFOUND/i,
  /^\s+at .*\/static\/out\/vs\//,
  /telemetry/i,
  /github/i,
  /vsda/i,
  /\[lifecycle\]|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Creating a socket|connection token/i,
];

/**
 * runIntegration runs the integration suites once and reports Mocha's counts.
 *
 * @param {object} options
 * @param {import('playwright-core').Browser} options.browser
 * @param {string} options.vsix           the packaged extension
 * @param {string} [options.grep]         only tests whose full title matches
 * @param {number} [options.timeoutMs]    bound on the whole run (default 240 s)
 * @param {(line: string) => void} [options.print]  where Mocha's lines go (default stdout)
 * @returns {Promise<{ passes: number, failures: number, pending: number, exitCode: number }>}
 */
export async function runIntegration({ browser, vsix, grep, timeoutMs = 240_000, print = (l) => console.log(l) }) {
  if (!existsSync(testsEntry)) throw new Error(`${path.relative(repoRoot, testsEntry)} is missing: build first (npm run build)`);
  const start = performance.now();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-it-'));
  const extensionsDir = path.join(scratch, 'extensions');
  mkdirSync(extensionsDir);
  const installed = installExtension(vsix, extensionsDir);
  const workspace = copyExampleWorkspace(path.join(scratch, 'leaky'));
  const server = await startCodeServer({
    extensionsDir,
    smokeTestDriver: true,
    env: { GOROUTINE_LENS_REPO: repoRoot, GOROUTINE_LENS_E2E: '1', ...(grep ? { GOROUTINE_LENS_E2E_GREP: grep } : {}) },
  });
  const { context, page } = await newPage(browser);
  let counts;
  let exitCode;
  const metrics = [];
  const verbose = process.env.GOROUTINE_LENS_E2E_VERBOSE === '1';
  let exited;
  const done = new Promise((resolve) => {
    exited = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => exited(Number(code)));
  // Lines before Mocha starts are the workbench starting up: kept, and shown
  // only when no test ran (the extension host or the tests' module failed).
  const preamble = [];
  let phase = 'starting';
  let currentTest;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    for (const line of formatLog(args).split('\n')) {
      if (verbose) print(`[${type}] ${line}`);
      if (line.startsWith(START_MARKER)) phase = 'running';
      else if (line.startsWith(TEST_MARKER)) currentTest = line.slice(TEST_MARKER.length);
      else if (line.startsWith(METRIC_MARKER)) metrics.push(JSON.parse(line.slice(METRIC_MARKER.length)));
      else if (line.startsWith(RESULT_MARKER)) {
        counts = JSON.parse(line.slice(RESULT_MARKER.length));
        phase = 'done';
      } else if (phase === 'starting') preamble.push(`[${type}] ${line}`);
      else if (phase === 'running' && !verbose && !NOISE.some((re) => re.test(line))) print(line);
    }
  });
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(installed)],
    ['extensionTestsPath', server.remoteUri(testsEntry.replace(/\.js$/, ''))],
    ['skipWelcome', 'true'],
  ];
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, timeoutMs - (performance.now() - start)));
  });
  try {
    await page.goto(server.folderUrl(workspace, payload));
    exitCode = await Promise.race([done, timeout]);
    if (phase === 'starting' && !verbose) {
      print('integration: the tests never started; what the workbench said:');
      for (const line of preamble.slice(-80)) print(`  ${line}`);
    }
    if (exitCode === 'timeout') {
      const where =
        phase === 'running' && currentTest ? `stuck in test "${currentTest}"` : phase === 'starting' ? 'the tests never started' : 'the run did not end';
      print(
        `integration: no result within ${timeoutMs / 1000} s (GOROUTINE_LENS_E2E_TIMEOUT raises it): ${where}; see test-results/integration-timeout.png and integration-code-server.log`,
      );
      exitCode = 1;
    }
  } finally {
    clearTimeout(timer);
    const failed = exitCode !== 0;
    if (failed) {
      mkdirSync(testResultsDir, { recursive: true });
      await page.screenshot({ path: path.join(testResultsDir, counts ? 'integration-failure.png' : 'integration-timeout.png') }).catch(() => {});
    }
    await context.close().catch(() => {});
    await server.stop(failed ? { saveLogTo: path.join(testResultsDir, 'integration-code-server.log') } : {});
    rmSync(scratch, { recursive: true, force: true });
  }
  counts ??= { passes: 0, failures: exitCode === 0 ? 0 : 1, pending: 0 };
  log(`integration tests finished in ${seconds(start)}`);
  return { ...counts, exitCode, metrics };
}

/**
 * metricLine words a measurement the tests reported (METRIC_MARKER) for the
 * summary: `activation` is the extension host's own marks around loading the
 * bundle and calling activate() (until its result is in), and activate()'s
 * own performance.now() and process.cpuUsage() around its body
 * (test/e2e/integration/activation.test.ts).
 *
 * @param {{ name: string, [key: string]: unknown }} metric
 */
export function metricLine(metric) {
  if (metric.name === 'activation') {
    return (
      `activation: ${metric.totalMs} ms as the extension host measures it (loading ${metric.bundle} ${metric.loadMs} ms + calling activate() ${metric.activateMs} ms); ` +
      `activate()'s body by its own clock ${metric.bodyMs} ms (CPU ${metric.bodyCpuMs} ms)` +
      (Array.isArray(metric.others) && metric.others.length > 0 ? `; other extensions loading or activating meanwhile: ${metric.others.join(', ')}` : '')
    );
  }
  return `${metric.name}: ${JSON.stringify(metric)}`;
}

/**
 * formatLog turns the driver's log arguments into text the way console.log
 * would have (Mocha's reporter passes printf-style formats: '%d passing (%s)').
 */
function formatLog(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--grep');
  const grep = i > 0 ? process.argv[i + 1] : undefined;
  const timeoutMs = Number(process.env.GOROUTINE_LENS_E2E_TIMEOUT || 240) * 1000;
  let browser;
  let exitCode = 1;
  try {
    await ensureE2eTools();
    const vsix = packageVsix({ outFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'goroutine-lens-vsix-')), 'goroutine-lens.vsix') });
    browser = await launchBrowser();
    const result = await runIntegration({ browser, vsix, grep, timeoutMs });
    for (const metric of result.metrics) console.log(`integration: ${metricLine(metric)}`);
    console.log(`integration: ${result.passes} passed, ${result.failures} failed`);
    exitCode = result.exitCode;
    rmSync(path.dirname(vsix), { recursive: true, force: true });
  } catch (err) {
    console.error(`integration: ${err.message}`);
  } finally {
    await browser?.close();
  }
  process.exit(exitCode);
}
