// activation.test.ts: what activating the extension costs, as the extension
// host itself measures it, and that activation leaves the parts that load on
// first use (src/lazy) unloaded. Titled "smoke" so that
// `integration.mjs --grep smoke` runs it; the harness prints the figures in
// its summary (no timing is asserted: timings are for benchmarks, and this
// machine is shared).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import { EXTENSION_ID, METRIC_MARKER, activate, extension } from './helpers';

/** PerfMark is one of the extension host's performance marks (vs/base/common/performance). */
interface PerfMark {
  readonly name: string;
  readonly startTime: number;
}

/**
 * hostMarks reads the marks the extension host sets around loading an
 * extension's code (`code/extHost/willLoadExtensionCode/<id>` …
 * `didLoadExtensionCode`) and calling its activate()
 * (`willActivateExtension` … `didActivateExtension`, once the returned value
 * is there): the points from which it computes the codeLoadingTime and
 * activateCallTime that "Developer: Show Running Extensions" shows. They live
 * on the extension host's global MonacoPerformanceMarks, which the tests share
 * since they run in that process.
 */
function hostMarks(extensionId = EXTENSION_ID): Map<string, number> {
  const marks = new Map<string, number>();
  for (const mark of allMarks()) if (mark.name.endsWith(`/${extensionId}`)) marks.set(mark.name.slice(0, -extensionId.length - 1), mark.startTime);
  return marks;
}

function allMarks(): PerfMark[] {
  const perf = (globalThis as { MonacoPerformanceMarks?: { getMarks(): PerfMark[] } }).MonacoPerformanceMarks;
  assert.ok(
    perf,
    'expected the extension host to keep its performance marks on globalThis.MonacoPerformanceMarks; it has none (a VS Code whose extension host changed?)',
  );
  return perf.getMarks();
}

/**
 * overlapping names the other extensions whose loading or activate() ran
 * between `from` and `to`: the extension host activates the extensions an
 * event wakes together, and their work lands inside each other's spans.
 */
function overlapping(from: number, to: number): string[] {
  const PREFIX = 'code/extHost/willLoadExtensionCode/';
  const ids = allMarks()
    .filter((m) => m.name.startsWith(PREFIX))
    .map((m) => m.name.slice(PREFIX.length))
    .filter((id) => id !== EXTENSION_ID);
  return ids.filter((id) => {
    const marks = hostMarks(id);
    const start = marks.get('code/extHost/willLoadExtensionCode');
    const end = marks.get('code/extHost/didActivateExtension') ?? marks.get('code/extHost/didLoadExtensionCode');
    return start !== undefined && end !== undefined && start < to && end > from;
  });
}

function between(marks: Map<string, number>, from: string, to: string): number {
  const start = marks.get(`code/extHost/${from}`);
  const end = marks.get(`code/extHost/${to}`);
  assert.ok(
    start !== undefined && end !== undefined,
    `expected the extension host's marks ${from} and ${to} for ${EXTENSION_ID}; it has ${[...marks.keys()].join(', ') || 'none'}`,
  );
  assert.ok(end >= start, `${to} (${end}) comes before ${from} (${start})`);
  return end - start;
}

/** MARK_RESOLUTION_MS: the extension host's marks count whole milliseconds (Date.now()), performance.now() does not. */
const MARK_RESOLUTION_MS = 1;

suite('smoke: activation', () => {
  test('the extension host measured loading and activating it (printed in the summary)', async () => {
    const ext = await activate();
    const marks = hostMarks();
    const loadMs = between(marks, 'willLoadExtensionCode', 'didLoadExtensionCode');
    const activateMs = between(marks, 'willActivateExtension', 'didActivateExtension');
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const bundle = path.posix.normalize((ext.packageJSON as { main: string }).main);
    // activate()'s own measure of its body, without the extension host's bookkeeping around the call.
    const bodyMs = (ext.exports as { activationMs?: unknown }).activationMs;
    assert.ok(
      typeof bodyMs === 'number' && bodyMs >= 0 && bodyMs <= activateMs + MARK_RESOLUTION_MS,
      `expected activate() to return activationMs between 0 and the host's ${activateMs} ms; got ${String(bodyMs)}`,
    );
    const bodyCpuMs = (ext.exports as { activationCpuMs?: unknown }).activationCpuMs;
    assert.ok(typeof bodyCpuMs === 'number' && bodyCpuMs >= 0, `expected activate() to return activationCpuMs, a CPU time in ms; got ${String(bodyCpuMs)}`);
    const others = overlapping(marks.get('code/extHost/willLoadExtensionCode')!, marks.get('code/extHost/didActivateExtension')!);
    console.log(
      `${METRIC_MARKER}${JSON.stringify({ name: 'activation', bundle, loadMs: round(loadMs), activateMs: round(activateMs), bodyMs: round(bodyMs), bodyCpuMs: round(bodyCpuMs), totalMs: round(loadMs + activateMs), others })}`,
    );
  });

  test('activation loads no feature bundle: the viewer, the analyzer, the parser and the fetcher load on first use', () => {
    const ext = extension();
    const atActivation = (ext.exports as { loadedAtActivation?: unknown }).loadedAtActivation;
    assert.deepEqual(atActivation, [], 'the feature bundles (src/lazy) loaded before activate() returned');
    // Only holds before any test fetched or opened a dump: this file's suites run first (files load in name order).
    const dist = path.join(ext.extensionPath, 'dist');
    const loaded = Object.keys(require.cache)
      .filter((file) => path.dirname(file) === dist)
      .map((file) => path.basename(file));
    assert.ok(loaded.includes('extension.js'), `expected dist/extension.js among the loaded modules of ${dist}; found ${loaded.join(', ') || 'none'}`);
    assert.deepEqual(
      loaded.filter((file) => file === 'fetch.js' || file === 'dumpParser.js'),
      [],
      'the bundles that src/lazy loads on first use were loaded at activation',
    );
  });
});
