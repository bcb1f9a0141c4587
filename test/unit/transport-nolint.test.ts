/**
 * "Suppress with //nolint:transport-per-call": the edit for each shape of
 * line (no comment, another comment, a nolint list, strings and raw strings
 * that contain `//`, CRLF), and the proof that counts — after the edit the
 * core's rule reports nothing on that line, the other findings stay, and
 * `gofmt -l` is clean on the result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGo, type PackageSource } from '../../src/core/go';
import { analyzePackageFiles } from '../../src/core/transport';
import { suppressionEdit, type SuppressEdit } from '../../src/core/transport/nolint';

function apply(text: string, edit: SuppressEdit | undefined): string {
  assert.ok(edit, 'expected an edit');
  return text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  return text.slice(0, i).split('\n').length - 1;
}

test('transport nolint, the suppress edit: the edit for each shape of line', () => {
  const cases: [string, string, string][] = [
    ['tr := &http.Transport{}', 'tr := &http.Transport{}', 'tr := &http.Transport{} //nolint:transport-per-call'],
    ['trailing blanks are dropped', 'tr := &http.Transport{}  \t', 'tr := &http.Transport{} //nolint:transport-per-call'],
    [
      'another comment is kept as the explanation',
      'tr := &http.Transport{} // shared below',
      'tr := &http.Transport{} //nolint:transport-per-call // shared below',
    ],
    ['a nolint list gains the rule', 'tr := &http.Transport{} //nolint:errcheck', 'tr := &http.Transport{} //nolint:errcheck,transport-per-call'],
    [
      'a nolint list with an explanation',
      'tr := &http.Transport{} //nolint:errcheck // why',
      'tr := &http.Transport{} //nolint:errcheck,transport-per-call // why',
    ],
    ['// in a string is not a comment', 'get(&http.Transport{}, "http://x") // note', 'get(&http.Transport{}, "http://x") //nolint:transport-per-call // note'],
    ['// in a string, no comment', 'get(&http.Transport{}, "http://x")', 'get(&http.Transport{}, "http://x") //nolint:transport-per-call'],
    ['an escaped quote does not end the string', 'get(&http.Transport{}, "a\\"//b")', 'get(&http.Transport{}, "a\\"//b") //nolint:transport-per-call'],
    ["a rune '/'", "get(&http.Transport{}, '/', '\\'')", "get(&http.Transport{}, '/', '\\'') //nolint:transport-per-call"],
    ['a block comment stays', 'tr := &http.Transport{} /* a // b */', 'tr := &http.Transport{} /* a // b */ //nolint:transport-per-call'],
  ];
  for (const [what, line, expected] of cases) {
    const text = `package p\n\nfunc f() {\n\t${line}\n}\n`;
    assert.equal(apply(text, suppressionEdit(text, 3)), `package p\n\nfunc f() {\n\t${expected}\n}\n`, what);
  }
});

test('transport nolint, the suppress edit: nothing to do where the line is already suppressed, or does not exist', () => {
  for (const comment of ['//nolint', '// nolint', '//nolint:all', '//nolint:transport-per-call', '//nolint:a,transport-per-call // why']) {
    const text = `package p\n\nfunc f() {\n\ttr := &http.Transport{} ${comment}\n}\n`;
    assert.equal(suppressionEdit(text, 3), undefined, comment);
  }
  assert.equal(suppressionEdit('package p\n', 5), undefined);
});

test('transport nolint, the suppress edit: a raw string spanning lines hides its `//`, and CRLF stays CRLF', () => {
  const text = 'package p\r\n\r\nvar doc = `line one\r\nhttp://example.com`\r\n\r\nfunc f() {\r\n\t_ = &http.Transport{} // x\r\n}\r\n';
  const line = lineOf(text, '_ = &http');
  assert.equal(
    apply(text, suppressionEdit(text, line)),
    'package p\r\n\r\nvar doc = `line one\r\nhttp://example.com`\r\n\r\nfunc f() {\r\n\t_ = &http.Transport{} //nolint:transport-per-call // x\r\n}\r\n',
  );
  // On the raw string's second line, `//` is inside the string: no comment there.
  const raw = 'package p\n\nvar s, t = `a\nb://c`, &http.Transport{}\n';
  assert.equal(apply(raw, suppressionEdit(raw, 3)), 'package p\n\nvar s, t = `a\nb://c`, &http.Transport{} //nolint:transport-per-call\n');
});

test('transport nolint, the suppress edit: after the edit the rule reports nothing there, the rest stays, and gofmt is clean', async () => {
  const go = await loadGo();
  let text = [
    'package p',
    '',
    'import (',
    '\t"net/http"',
    '\t"time"',
    ')',
    '',
    'func a(url string) error {',
    '\tc := &http.Client{',
    '\t\tTransport: &http.Transport{MaxIdleConns: 1}, // one idle connection',
    '\t\tTimeout:   time.Second,',
    '\t}',
    '\tresp, err := c.Get(url + "//x")',
    '\tif err != nil {',
    '\t\treturn err',
    '\t}',
    '\treturn resp.Body.Close()',
    '}',
    '',
    'func b(url string) error {',
    '\ttr := &http.Transport{} //nolint:errcheck',
    '\t_, err := (&http.Client{Transport: tr}).Get(url)',
    '\treturn err',
    '}',
    '',
    'func c(url string) error {',
    '\t_, err := (&http.Client{Transport: &http.Transport{}}).Get(url)',
    '\treturn err',
    '}',
    '',
  ].join('\n');
  const findings = () => {
    const source: PackageSource = { files: [{ path: 'p.go', read: () => text }] };
    return analyzePackageFiles(go, source, ['p.go']).findings.map((f) => f.range.start.line);
  };
  assert.deepEqual(findings(), [9, 20, 26]);
  text = apply(text, suppressionEdit(text, 9));
  assert.deepEqual(findings(), [20, 26]);
  text = apply(text, suppressionEdit(text, 20));
  assert.deepEqual(findings(), [26]);
  assert.match(text, /\/\/nolint:errcheck,transport-per-call\n/);
  assert.match(text, /Transport: &http\.Transport\{MaxIdleConns: 1\}, \/\/nolint:transport-per-call \/\/ one idle connection\n/);
  const dir = mkdtempSync(join(tmpdir(), 'lens-suppress-'));
  try {
    writeFileSync(join(dir, 'p.go'), text);
    const r = spawnSync('gofmt', ['-l', dir], { encoding: 'utf8' });
    assert.equal(r.error, undefined, `gofmt could not run: ${r.error?.message} (is golang-go installed?)`);
    assert.equal(r.stdout, '', `gofmt would change the suppressed file:\n${text}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
