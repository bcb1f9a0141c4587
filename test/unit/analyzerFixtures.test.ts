/**
 * The Go fixtures' caret markers against the analyzer's findings, both ways:
 * every marker has its finding (severity, case, fix offered or not) and
 * every finding has its marker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTree, toJson } from '../../src/core/transport';
import { FIXTURES_DIR, markerKey, readMarkers, type Marker } from '../fixtures/go/harness';

async function compare(includeTests: boolean): Promise<void> {
  const result = await scanTree([FIXTURES_DIR], { includeTests });
  const findings = toJson(result.findings, result.problems).findings;
  const expected = readMarkers().filter((m) => includeTests || !m.testsOnly);
  const byKey = new Map(findings.map((f) => [markerKey(f), f]));
  const problems: string[] = [];
  for (const m of expected) {
    const f = byKey.get(markerKey(m));
    if (!f) {
      problems.push(`missing: ${describe(m)}`);
      continue;
    }
    byKey.delete(markerKey(m));
    if (f.severity !== m.severity) problems.push(`${markerKey(m)}: severity ${f.severity}, marker says ${m.severity} (${f.message})`);
    if (m.case && f.case !== m.case) problems.push(`${markerKey(m)}: case ${f.case}, marker says ${m.case} (${f.message})`);
    if (m.fix !== undefined && f.fixAvailable !== m.fix) problems.push(`${markerKey(m)}: fixAvailable ${f.fixAvailable}, marker says ${m.fix} (${f.message})`);
  }
  for (const f of byKey.values()) problems.push(`unexpected: ${markerKey(f)} ${f.severity} ${f.case} fix=${f.fixAvailable}: ${f.message}`);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(problems, [], problems.join('\n'));
}

function describe(m: Marker): string {
  return `${markerKey(m)} ${m.severity}${m.case ? ` ${m.case}` : ''}${m.fix === undefined ? '' : m.fix ? ' fix' : ' nofix'}`;
}

test('analyzer: fixture markers match findings (tests excluded, the default)', async () => {
  await compare(false);
});

test('analyzer: fixture markers match findings with _test.go files included', async () => {
  await compare(true);
});

test('analyzer: the fixtures have markers for every severity, case and fix outcome', () => {
  const markers = readMarkers();
  for (const severity of ['warning', 'information', 'hint'])
    assert.ok(
      markers.some((m) => m.severity === severity),
      severity,
    );
  for (const kase of ['local', 'escapes-called-per-call', 'escapes-uncalled', 'hint-closes', 'hint-keepalives-off'])
    assert.ok(
      markers.some((m) => m.case === kase),
      kase,
    );
  assert.ok(markers.some((m) => m.fix === true));
  assert.ok(markers.some((m) => m.fix === false));
  assert.ok(markers.some((m) => m.testsOnly));
});
