/**
 * `goroutine-lens scan` run in-process: docs/cli.md's JSON contract, the exit
 * statuses, the text lines, SARIF 2.1.0's required structure (checked by
 * hand against the schema's required properties), and `--fix`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScan } from '../../src/cli/scan';
import { scanTree } from '../../src/core/transport';
import { EXIT, UsageError } from '../../src/cli/io';
import { runInProcess, type Ran } from '../support/cli';
import { FIXTURES_DIR } from '../fixtures/go/harness';

function scan(args: string[], cwd = FIXTURES_DIR): Promise<Ran> {
  return runInProcess(runScan, args, { cwd });
}

function tempPackage(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const WARNING = 'package p\n\nimport "net/http"\n\nfunc f() {\n\ts := "é😀"; t := &http.Transport{}\n\t_, _ = s, t\n}\n';
const INFORMATION = 'package p\n\nimport "net/http"\n\nfunc New() *http.Transport {\n\treturn &http.Transport{}\n}\n';
const HINT = 'package p\n\nimport "net/http"\n\nfunc f() {\n\tt := &http.Transport{DisableKeepAlives: true}\n\t_ = t\n}\n';

test('scan: --format json follows docs/cli.md (1-based, UTF-16 columns, relative paths with /)', async () => {
  const dir = tempPackage({ 'sub/a.go': WARNING });
  try {
    const r = await scan(['--format', 'json', dir]);
    assert.equal(r.code, EXIT.findings);
    const json = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    assert.equal(json.findings.length, 1);
    const f = json.findings[0]!;
    for (const key of ['rule', 'file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'message', 'fixAvailable']) assert.ok(key in f, key);
    assert.equal(f.rule, 'transport-per-call');
    assert.equal(f.file, 'sub/a.go');
    assert.equal(f.line, 6);
    assert.equal(f.column, 19); // the & after a tab, `s := "é😀"; t := ` — 😀 is two UTF-16 units
    assert.equal(f.endLine, 6);
    assert.equal(f.endColumn, 19 + '&http.Transport{}'.length);
    assert.equal(f.severity, 'warning');
    assert.equal(f.fixAvailable, true);
    assert.match(String(f.message), /builds a new Transport on every call of f/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scan: exit status follows --fail-on (0 clean, 1 at or above the level)', async () => {
  const info = tempPackage({ 'a.go': INFORMATION });
  const hint = tempPackage({ 'a.go': HINT });
  const clean = tempPackage({ 'a.go': 'package p\n' });
  try {
    assert.equal((await scan([info])).code, EXIT.clean);
    assert.equal((await scan(['--fail-on', 'information', info])).code, EXIT.findings);
    assert.equal((await scan(['--fail-on', 'warning', hint])).code, EXIT.clean);
    assert.equal((await scan(['--fail-on', 'information', hint])).code, EXIT.clean);
    assert.equal((await scan(['--fail-on', 'hint', hint])).code, EXIT.findings);
    assert.equal((await scan(['--fail-on', 'never', FIXTURES_DIR])).code, EXIT.clean);
    assert.equal((await scan([FIXTURES_DIR])).code, EXIT.findings);
    const none = await scan([clean]);
    assert.equal(none.code, EXIT.clean);
    assert.match(none.stdout, /^no Transport built per call \(1 Go files scanned\)\n$/);
  } finally {
    for (const d of [info, hint, clean]) rmSync(d, { recursive: true, force: true });
  }
});

test('scan: usage errors are UsageErrors (the CLI prints one line and exits 2)', async () => {
  await assert.rejects(scan(['--format', 'xml']), (e: unknown) => e instanceof UsageError && /--format must be one of text, json, sarif/.test(e.message));
  await assert.rejects(scan(['--fail-on', 'error']), UsageError);
  await assert.rejects(scan(['--bogus']), UsageError);
  await assert.rejects(scan(['/nonexistent/lens']), /cannot scan \/nonexistent\/lens/);
});

test('scan: the text format is path:line:col: severity: message [rule], related locations indented, a summary', async () => {
  const r = await scan(['severity']);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(
    lines[0]!,
    /^severity\/severity\.go:11:8: warning: &http\.Transport\{…\} builds a new Transport on every call of local .* \[transport-per-call\]$/,
  );
  assert.ok(
    lines.some((l) => /^\tseverity\/severity\.go:\d+:\d+: handle calls newAPIClient here, on every call$/.test(l)),
    r.stdout,
  );
  assert.match(lines[lines.length - 1]!, /^\d+ findings \(\d+ warning, \d+ information, \d+ hint; \d+ fixable with --fix\) in 1 Go files$/);
});

test('scan: --include-tests analyses _test.go files', async () => {
  const without = JSON.parse((await scan(['--format', 'json', 'exempt'])).stdout) as { findings: { file: string }[] };
  const withTests = JSON.parse((await scan(['--format', 'json', '--include-tests', 'exempt'])).stdout) as { findings: { file: string }[] };
  assert.ok(!without.findings.some((f) => f.file.endsWith('_test.go')));
  assert.deepEqual(
    withTests.findings.filter((f) => f.file.endsWith('_test.go')).map((f) => f.file),
    ['exempt_test.go', 'external_test.go'],
  );
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SARIF is read as loose JSON here, and checked field by field
type Json = Record<string, any>;

/** checkSarif checks the properties SARIF 2.1.0's schema requires, and the ones this tool promises. */
function checkSarif(log: Json): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const run = log.runs[0];
  const driver = run.tool?.driver;
  assert.equal(driver.name, 'goroutine-lens');
  assert.equal(typeof driver.version, 'string');
  const rule = driver.rules[0];
  assert.equal(rule.id, 'transport-per-call');
  assert.equal(typeof rule.shortDescription.text, 'string');
  assert.equal(typeof rule.fullDescription.text, 'string');
  assert.equal(rule.helpUri, 'https://github.com/goroutine-lens/goroutine-lens#rule-transport-per-call');
  assert.equal(rule.defaultConfiguration.level, 'warning');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  for (const [id, base] of Object.entries(run.originalUriBaseIds as Json)) {
    assert.match(id, /^SRCROOT\d*$/);
    assert.match(base.uri, /^file:\/\/\/.*\/$/);
  }
  const region = (r: Json) => {
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(r[k]) && r[k] >= 1, `${k} ${r[k]}`);
    assert.ok(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn));
  };
  const location = (l: Json) => {
    assert.equal(typeof l.physicalLocation.artifactLocation.uri, 'string');
    assert.ok(!l.physicalLocation.artifactLocation.uri.startsWith('/'));
    assert.ok(l.physicalLocation.artifactLocation.uriBaseId in run.originalUriBaseIds);
    region(l.physicalLocation.region);
  };
  for (const result of run.results as Json[]) {
    assert.equal(result.ruleId, 'transport-per-call');
    assert.equal(result.ruleIndex, 0);
    assert.ok(['warning', 'note'].includes(result.level), result.level);
    assert.equal(typeof result.message.text, 'string');
    assert.equal(result.locations.length, 1);
    location(result.locations[0]);
    for (const related of result.relatedLocations ?? []) {
      assert.ok(Number.isInteger(related.id) && related.id >= 0);
      assert.equal(typeof related.message.text, 'string');
      location(related);
    }
    for (const fix of result.fixes ?? []) {
      assert.equal(typeof fix.description.text, 'string');
      for (const change of fix.artifactChanges) {
        assert.equal(typeof change.artifactLocation.uri, 'string');
        assert.ok(change.replacements.length > 0);
        for (const r of change.replacements) {
          region(r.deletedRegion);
          assert.equal(typeof r.insertedContent.text, 'string');
        }
      }
    }
  }
}

/** applySarifFix applies a result's replacements (1-based line/column regions, end exclusive) to a text. */
function applySarifFix(text: string, replacements: Json[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (line: number, column: number) => starts[line - 1]! + column - 1;
  const edits = replacements.map((r) => ({
    start: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn),
    end: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn),
    text: r.insertedContent.text as string,
  }));
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

test('scan: --format sarif is SARIF 2.1.0 with the rule metadata, levels, related locations and fixes', async () => {
  const r = await scan(['--format', 'sarif', '.']);
  assert.equal(r.code, EXIT.findings);
  const log = JSON.parse(r.stdout) as Json;
  checkSarif(log);
  const results = log.runs[0].results as Json[];
  assert.ok(results.some((x) => x.level === 'note'));
  assert.ok(results.some((x) => x.relatedLocations?.length > 0));
  const fixed = results.filter((x) => x.fixes);
  assert.ok(fixed.length > 10);
  // A SARIF fix applied as a code-scanning tool would gives gofmt-clean Go.
  const sample = fixed.find((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'hoist/hoist.go')!;
  const original = readFileSync(join(FIXTURES_DIR, 'hoist', 'hoist.go'), 'utf8');
  const after = applySarifFix(original, sample.fixes[0].artifactChanges[0].replacements);
  assert.notEqual(after, original);
  const check = spawnSync('gofmt', ['-l'], { input: after, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  assert.equal(check.stdout, '');
});

test('scan: --fix hoists every available Transport in place and reports what remains', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-fix-'));
  try {
    cpSync(FIXTURES_DIR, dir, { recursive: true, filter: (src) => !/\.(fixed|ts|js)$/.test(src) });
    const before = JSON.parse((await scan(['--format', 'json', dir])).stdout) as { findings: { fixAvailable: boolean }[] };
    const r = await scan(['--format', 'json', '--fix', dir]);
    const after = JSON.parse(r.stdout) as { findings: { fixAvailable: boolean; file: string }[] };
    assert.ok(after.findings.length > 0 && after.findings.length < before.findings.length);
    assert.deepEqual(
      after.findings.filter((f) => f.fixAvailable),
      [],
    );
    assert.equal(r.code, EXIT.findings); // the unfixable warnings remain
    assert.match(r.stderr, /hoisted the Transport/);
    assert.equal(readFileSync(join(dir, 'hoist', 'hoist.go'), 'utf8'), readFileSync(join(FIXTURES_DIR, 'hoist', 'hoist.go.fixed'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('scan: the bundled CLI finds its WASM in dist/ (node dist/cli.js scan)', () => {
  const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', 'severity'], { cwd: FIXTURES_DIR, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.ok((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length > 5);
});

test('scan: --exclude globs and vendor/, testdata/ are left out; progress is reported per candidate package', async () => {
  const dir = tempPackage({
    'a/a.go': WARNING,
    'vendor/v/v.go': WARNING,
    'testdata/t.go': WARNING,
    'gen/x.pb.go': WARNING,
    'skip/me/s.go': WARNING,
  });
  try {
    const json = JSON.parse((await scan(['--format', 'json', '--exclude', '*.pb.go', '--exclude', 'skip/**', dir])).stdout) as { findings: { file: string }[] };
    assert.deepEqual(
      json.findings.map((f) => f.file),
      ['a/a.go'],
    );
    const seen: string[] = [];
    await scanTree([dir], { onProgress: (p) => p.phase === 'analyzing' && seen.push(p.directory) });
    assert.deepEqual(seen.sort(), ['a', 'gen', 'skip/me']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
