/**
 * The analyzer's foundations: the grammar's ABI against the binding's, every
 * query compiling strictly, positions in UTF-16 code units, the parse
 * timeout, and the small text helpers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import TreeSitter = require('web-tree-sitter');
import { loadGo, ParseCache } from '../../src/core/go';
import { analyzePackageFiles, mayHaveFindings, mayHaveFindingsText } from '../../src/core/transport';
import { QUERY_NAMES } from '../../src/core/go/assets';
import { nolintApplies } from '../../src/core/transport/nolint';
import { globToRegExp } from '../../src/core/go/paths';
import { lowerCamel, LineIndex } from '../../src/core/go/text';
import { defaultImportName, isGeneratedGo } from '../../src/core/go/packageIndex';

const ROOT = join(__dirname, '..', '..', '..');
const QUERIES = join(ROOT, 'queries', 'go');

test('analyzer: tree-sitter-go.wasm is ABI-compatible with web-tree-sitter, and both are pinned', async () => {
  const go = await loadGo();
  const abi = go.language.abiVersion;
  assert.ok(
    abi >= TreeSitter.MIN_COMPATIBLE_VERSION && abi <= TreeSitter.LANGUAGE_VERSION,
    `grammar ABI ${abi} outside ${TreeSitter.MIN_COMPATIBLE_VERSION}..${TreeSitter.LANGUAGE_VERSION}`,
  );
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.match(pkg.dependencies['web-tree-sitter']!, /^\d+\.\d+\.\d+$/, 'web-tree-sitter must be pinned to an exact version');
  assert.match(pkg.dependencies['tree-sitter-go']!, /^\d+\.\d+\.\d+$/, 'tree-sitter-go must be pinned to an exact version');
});

test('analyzer: every query in queries/go compiles strictly, is commented, and is one the code loads', async () => {
  const go = await loadGo();
  const files = readdirSync(QUERIES)
    .filter((f) => f.endsWith('.scm'))
    .sort();
  assert.deepEqual(files, [...QUERY_NAMES].map((n) => `${n}.scm`).sort());
  for (const file of files) {
    const source = readFileSync(join(QUERIES, file), 'utf8');
    assert.match(source, /^;; /m, `${file} has no ;; comment`);
    const query = new TreeSitter.Query(go.language, source);
    try {
      assert.ok(query.patternCount() > 0, `${file} has no pattern`);
      assert.ok(query.captureNames.length > 0, `${file} captures nothing`);
      for (let i = 0; i < query.patternCount(); i++) {
        assert.deepEqual(query.predicatesForPattern(i), [], `${file} pattern ${i} uses a predicate the binding does not evaluate`);
      }
    } finally {
      query.delete();
    }
    // The runtime's cached copy compiles too (the getter compiles on first use).
    assert.ok(go.queries[file.replace('.scm', '') as (typeof QUERY_NAMES)[number]]);
  }
  // A bad node type is an error, not a silent no-match: the check above is strict.
  assert.throws(() => new TreeSitter.Query(go.language, '(no_such_node) @x'));
});

test('analyzer: positions are UTF-16 code units, as docs/cli.md and VS Code count them', async () => {
  const go = await loadGo();
  const text = 'package p\n\nimport "net/http"\n\nfunc f() {\n\ts := "é😀"; t := &http.Transport{}\n\t_, _ = s, t\n}\n';
  const source = { files: [{ path: 'a.go', read: () => text }] };
  const { findings } = analyzePackageFiles(go, source, ['a.go']);
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.range.start.line, 5);
  // "\ts := \"é😀\"; t := " is 1 + 6 + 4 (é, 😀 as two units) + 2 + 5 + ... = the JS string index.
  const lineText = text.split('\n')[5]!;
  assert.equal(f.range.start.character, lineText.indexOf('&'));
  assert.equal(f.range.start.character, 18);
  assert.equal(text.slice(f.range.startOffset, f.range.endOffset), '&http.Transport{}');
});

test('analyzer: the parse timeout gives up on a pathological input instead of hanging', async () => {
  const go = await loadGo();
  const huge = `package p\nfunc f() {\n${'\tx := ((((((((((1))))))))))\n'.repeat(200_000)}}\n`;
  const started = performance.now();
  const tree = go.parse(huge, 1);
  assert.equal(tree, null);
  assert.ok(performance.now() - started < 1000);
  // The cancelled parse does not leak into the next one (the parser is reset).
  const next = go.parse('package q\n');
  assert.ok(next);
  try {
    assert.equal(next.rootNode.toString(), '(source_file (package_clause (package_identifier)))');
  } finally {
    next.delete();
  }
});

test('analyzer: nolint comments are read as golangci-lint reads them', () => {
  for (const yes of [
    '//nolint',
    '// nolint',
    '//nolint:transport-per-call',
    '//nolint:errcheck,transport-per-call',
    '//nolint:all',
    '//nolint // why',
    '//nolint:transport-per-call // why',
  ])
    assert.ok(nolintApplies(yes), yes);
  for (const no of ['//nolint:errcheck', '// no lint', '//nolinter', '// this is nolint', '//nolint:transport-per-callx']) assert.ok(!nolintApplies(no), no);
});

test('analyzer: prefilter, globs, names, line index', () => {
  assert.ok(mayHaveFindings(Buffer.from('import "net/http"\nvar t http.Transport')));
  assert.ok(mayHaveFindings(Buffer.from('import x `golang.org/x/net/http2`\nvar t x.Transport')));
  assert.ok(!mayHaveFindings(Buffer.from('// see net/http\nvar t Transport')));
  assert.ok(!mayHaveFindingsText('import "net/http"'));
  assert.ok(globToRegExp('**/gen/**').test('a/gen/b.go'));
  assert.ok(globToRegExp('*.pb.go').test('a/b/c.pb.go'));
  assert.ok(globToRegExp('internal/*').test('internal/x.go'));
  assert.ok(!globToRegExp('internal/*').test('pkg/internal/x.go'));
  assert.equal(lowerCamel('FetchStatus'), 'fetchStatus');
  assert.equal(lowerCamel('HTTPClient'), 'httpClient');
  assert.equal(lowerCamel('API'), 'api');
  assert.equal(defaultImportName('gopkg.in/yaml.v3'), 'yaml');
  assert.equal(defaultImportName('github.com/x/y/v2'), 'y');
  assert.ok(isGeneratedGo('// Code generated by x. DO NOT EDIT.\n\npackage p\n'));
  assert.ok(!isGeneratedGo('package p\n\n// Code generated by x. DO NOT EDIT.\n'));
  const lines = new LineIndex('a\r\nbc\nd');
  assert.deepEqual(lines.position(4), { line: 1, character: 1 });
  assert.equal(lines.lineEnd(0), 1);
});

test('analyzer: incremental reparsing through a ParseCache gives the same findings as a fresh parse', async () => {
  const go = await loadGo();
  const cache = new ParseCache(2);
  try {
    let text = 'package p\n\nimport "net/http"\n\nfunc f() {\n\tt := &http.Transport{}\n\t_ = t\n}\n';
    const source = { files: [{ path: 'a.go', read: () => text }] };
    const run = (options: { parseCache?: ParseCache }) =>
      analyzePackageFiles(go, source, ['a.go'], options).findings.map((f) => `${f.range.start.line}:${f.range.start.character}:${f.case}`);
    assert.deepEqual(run({ parseCache: cache }), ['5:6:local']);
    // Edits: insert a line above, change the literal into a returned one, break the syntax, repair it.
    const edits = [
      (t: string) => t.replace('func f() {', '// f builds.\nfunc f() {'),
      (t: string) =>
        t.replace('\tt := &http.Transport{}\n\t_ = t\n', '\treturn &http.Transport{MaxIdleConns: 1}\n').replace('func f() {', 'func f() *http.Transport {'),
      (t: string) => t.replace('return', 'return := ('),
      (t: string) => t.replace('return := (', 'return'),
      (t: string) => `${t}\nfunc g() { _ = new(http.Transport) }\n`,
    ];
    for (const edit of edits) {
      text = edit(text);
      assert.deepEqual(run({ parseCache: cache }), run({}), text);
    }
    assert.deepEqual(run({ parseCache: cache }), ['6:8:escapes-uncalled', '9:15:local']);
  } finally {
    cache.dispose();
  }
});
