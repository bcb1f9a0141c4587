/**
 * The analyzer's settings logic (core/transport/settings.ts, core/go/paths.ts): the scope of a workspace folder
 * (go tool's skipped directories, files.exclude, the analyzer's globs, brace
 * alternatives) and the levels per case — checked against the core's
 * scanner so that a scan and a directory's re-analysis agree on scope.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEVERITIES, scanTree } from '../../src/core/transport';
import { ScopeMatcher } from '../../src/core/go/paths';
import { excludeGlobs, expandBraces, severitiesFrom } from '../../src/core/transport/settings';

test('transport settings: brace alternatives expand, nested and empty ones too', () => {
  const cases: [string, string[]][] = [
    ['**/*.go', ['**/*.go']],
    ['**/*.{pb,gen}.go', ['**/*.pb.go', '**/*.gen.go']],
    ['{a,b}/{c,d}', ['a/c', 'a/d', 'b/c', 'b/d']],
    ['x{a,{b,c}}y', ['xay', 'xby', 'xcy']],
    ['x{,_test}.go', ['x.go', 'x_test.go']],
    ['unbalanced{a,b', ['unbalanced{a,b']],
  ];
  for (const [glob, expected] of cases) assert.deepEqual(expandBraces(glob), expected, glob);
});

test('transport settings: excludeGlobs takes files.exclude entries set to true, the analyzer globs, nothing else', () => {
  const filesExclude = {
    '**/.git': true,
    '**/node_modules': false,
    '**/*.{js,map}': { when: '$(basename).ts' },
    '/gen/**': true,
    '**/*.{pb,twirp}.go': true,
  };
  assert.deepEqual(excludeGlobs(filesExclude, ['third_party/**', 42, '  ', '**/.git']), ['**/.git', 'gen/**', '**/*.pb.go', '**/*.twirp.go', 'third_party/**']);
  assert.deepEqual(excludeGlobs(undefined, undefined), []);
  assert.deepEqual(excludeGlobs('nonsense', 'nonsense'), []);
});

test('transport settings: ScopeMatcher skips what the go tool skips and what the globs name', () => {
  const scope = new ScopeMatcher(['**/*.pb.go', 'third_party/**', 'gen']);
  const excluded = [
    'vendor/x/y.go',
    'a/testdata/t.go',
    '.hidden/x.go',
    'a/_tmp/x.go',
    'api/v1/api.pb.go',
    'third_party/lib/lib.go',
    'gen/x.go',
    'a/gen/x.go',
    '../outside.go',
    '/abs/path.go',
  ];
  const kept = ['main.go', 'a/b/c.go', 'a/_x.go', 'vendored.go', 'api/v1/api.go', 'genx/x.go', 'a/.x.go'];
  for (const path of excluded) assert.equal(scope.excludes(path), true, `${path} should be excluded`);
  for (const path of kept) assert.equal(scope.excludes(path), false, `${path} should be kept`);
});

test('transport settings: a scan and ScopeMatcher agree on which files are in scope', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lens-scope-'));
  const leaky = 'package p\n\nimport "net/http"\n\nfunc f() { _ = &http.Transport{} }\n';
  const files = ['p/a.go', 'p/api.pb.go', 'vendor/v/v.go', 'testdata/t/t.go', '_old/o.go', 'third_party/l/l.go', 'q/gen/g.go', 'q/q.go'];
  try {
    for (const f of files) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), leaky.replace('package p', `package ${f.split('/').at(-2)}`));
    }
    const exclude = excludeGlobs({ '**/*.pb.go': true }, ['third_party/**', '**/gen/**']);
    const scan = await scanTree([root], { exclude });
    const scanned = new Set(scan.findings.map((f) => f.file));
    const scope = new ScopeMatcher(exclude);
    for (const f of files) assert.equal(scanned.has(f), !scope.excludes(f), `${f}: scan ${scanned.has(f)}, scope ${!scope.excludes(f)}`);
    assert.deepEqual([...scanned].sort(), ['p/a.go', 'q/q.go']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('transport settings: levels per case, with defaults for missing or unknown values', () => {
  assert.deepEqual(
    severitiesFrom(() => undefined),
    DEFAULT_SEVERITIES,
  );
  const settings: Record<string, unknown> = { local: 'information', escapesUncalled: 'off', hintClosesIdleConnections: 'error', hintKeepAlivesDisabled: 42 };
  assert.deepEqual(
    severitiesFrom((key) => settings[key]),
    {
      ...DEFAULT_SEVERITIES,
      local: 'information',
      'escapes-uncalled': 'off',
    },
  );
});
