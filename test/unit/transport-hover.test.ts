/**
 * The hover of a finding: the goroutine states it leaves in a dump (the
 * states a real Go 1.19 dump of the leak shows), per Transport package and
 * case, the fixes, and the link to the rule's documentation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadGo, type PackageSource } from '../../src/core/go';
import { RULE_HELP_URI, analyzePackageFiles, type Finding } from '../../src/core/transport';
import { findingSummary, transportHoverMarkdown } from '../../src/core/transport/hover';
import { FIXTURES_DIR } from '../fixtures/go/harness';

async function findingsOf(dir: string): Promise<Finding[]> {
  const go = await loadGo();
  const root = join(FIXTURES_DIR, dir);
  const names = readdirSync(root).filter((n) => n.endsWith('.go'));
  const source: PackageSource = { files: names.map((n) => ({ path: n, read: () => readFileSync(join(root, n), 'utf8') })) };
  return analyzePackageFiles(go, source).findings;
}

test('transport hover: a leaking finding shows the readLoop/writeLoop pair in the states a dump gives them', async () => {
  const findings = await findingsOf('severity');
  const local = findings.find((f) => f.case === 'local');
  assert.ok(local);
  const md = transportHoverMarkdown(local);
  assert.match(md, /\[IO wait, \d+ minutes\]:\nnet\/http\.\(\*persistConn\)\.readLoop/);
  assert.match(md, /\[select, \d+ minutes\]:\nnet\/http\.\(\*persistConn\)\.writeLoop/);
  assert.match(md, /created by net\/http\.\(\*Transport\)\.dialConn/);
  assert.ok(md.includes(RULE_HELP_URI));
  assert.match(md, /Hoist Transport to a package-level variable/);
  assert.ok(md.includes(`\`${local.functionName}\``));
  // The states match the real dump of the leak in the fixtures.
  const dump = readFileSync(join(FIXTURES_DIR, '..', 'dumps', 'transport-leak.debug2.txt'), 'utf8');
  assert.match(dump, /goroutine \d+ \[IO wait[^\]]*\]:\n(?:.*\n){0,20}?net\/http\.\(\*persistConn\)\.readLoop/);
  assert.match(dump, /goroutine \d+ \[select[^\]]*\]:\nnet\/http\.\(\*persistConn\)\.writeLoop/);
});

test('transport hover: every case has its own explanation; hints say nothing leaks', async () => {
  const findings = await findingsOf('severity');
  const cases = new Set(findings.map((f) => f.case));
  assert.deepEqual([...cases].sort(), ['escapes-called-per-call', 'escapes-uncalled', 'hint-closes', 'hint-keepalives-off', 'local']);
  for (const f of findings) {
    const md = transportHoverMarkdown(f);
    if (f.case.startsWith('hint')) {
      assert.doesNotMatch(md, /readLoop/, f.case);
      assert.match(md, /nothing is reused/, f.case);
    } else assert.match(md, /readLoop/, f.case);
    assert.ok(findingSummary(f).startsWith(`Transport built per call in ${f.functionName}`));
  }
});

test('transport hover: an x/net/http2 Transport shows its ClientConn read loop; no hoist says why', async () => {
  const http2 = (await findingsOf('http2')).find((f) => f.transportPackage === 'golang.org/x/net/http2');
  assert.ok(http2);
  assert.match(transportHoverMarkdown(http2), /golang\.org\/x\/net\/http2\.\(\*ClientConn\)\.readLoop/);
  const noFix = (await findingsOf('forms')).find((f) => !f.fixAvailable && f.noFixReason);
  assert.ok(noFix);
  const md = transportHoverMarkdown(noFix);
  assert.ok(md.includes(noFix.noFixReason!), md);
  assert.doesNotMatch(md, /Quick fix \(Ctrl\+\.\): \*\*Hoist/);
  assert.match(findingSummary(noFix), /\(no hoist\)$/);
});
