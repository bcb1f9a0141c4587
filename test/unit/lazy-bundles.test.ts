// The parts the extension loads on first use (src/lazy): the bundles that
// `npm run build` writes to dist/ are required here as the extension requires
// them, and what they return and throw must be what the core's own modules
// return and throw — LensError included, though each bundle carries its own
// copy of the class (src/core/errors.ts recognises it across copies).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDumpFile } from '../../src/core/dump/file';
import type { Dump } from '../../src/core/dump/model';
import { parseDumpText } from '../../src/core/dump/parse';
import { LensError, isLensError } from '../../src/core/errors';
import { formatBytes } from '../../src/core/fetch/fetch';
import { dumpOutline, scanDumpLayout } from '../../src/core/document/dumpDocument';
import type * as DumpParserModule from '../../src/lazy/dumpParser';
import type * as FetchModule from '../../src/lazy/fetch';
import { LAZY_BUNDLES } from '../../src/lazy';
import { ROOT, fixturePath, fixtureText } from '../support/fixtures';

const DIST = join(ROOT, 'dist');

function bundle<T>(name: (typeof LAZY_BUNDLES)[number]): T {
  const file = join(DIST, `${name}.js`);
  assert.ok(existsSync(file), `expected ${file}, built by \`node esbuild.mjs\` (npm run build); it is not there`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle, loaded by path as src/lazy loads it
  return require(file) as T;
}

const FIXTURE = 'zoo.debug2.txt';

/** plain is a dump with its buckets as plain objects, frames included: the bundle's bucket class is its own copy of the core's. */
function plain(dump: Dump): Dump {
  return { ...dump, buckets: dump.buckets.map((b) => ({ ...b, frames: b.frames })) };
}

describe('lazily loaded bundles', () => {
  test('esbuild.mjs built every bundle src/lazy names', () => {
    for (const name of LAZY_BUNDLES) assert.ok(existsSync(join(DIST, `${name}.js`)), `dist/${name}.js is missing`);
  });

  test('dist/dumpParser.js parses a real dump as the core does, from text and from a file', async () => {
    const parser = bundle<typeof DumpParserModule>('dumpParser');
    const expected = parseDumpText(fixtureText(FIXTURE));
    assert.ok(expected.total > 0);
    assert.deepEqual(plain(parser.parseDumpText(fixtureText(FIXTURE))), plain(expected));
    assert.deepEqual(plain(await parser.parseDumpFile(fixturePath(FIXTURE))), plain(await parseDumpFile(fixturePath(FIXTURE))));
  });

  test("dist/dumpParser.js gives the dump document's outline as the core does (the outline parses, so it loads with the parser)", () => {
    const parser = bundle<typeof DumpParserModule>('dumpParser');
    const text = fixtureText(FIXTURE);
    const layout = scanDumpLayout(text);
    const expected = dumpOutline(text, layout);
    assert.ok(expected.length > 0);
    assert.deepEqual(parser.layDumpOut(text).outline, expected);
  });

  test("dist/dumpParser.js lays a dump document out as the core does (the layout is the parser's reading, so it loads with the parser)", () => {
    const parser = bundle<typeof DumpParserModule>('dumpParser');
    for (const name of [FIXTURE, 'zoo.debug1.txt', 'race.traceback.txt', 'hand-written/hand-log-prefixed.txt']) {
      const text = fixtureText(name);
      const expected = scanDumpLayout(text);
      assert.ok(expected.blocks.length > 0 && expected.links.length > 0, name);
      assert.deepEqual(parser.layDumpOut(text).layout, expected, name);
    }
  });

  test("a bundle's LensError is a LensError to the extension's code (instanceof, isLensError, code, message)", async () => {
    const parser = bundle<typeof DumpParserModule>('dumpParser');
    const dir = mkdtempSync(join(tmpdir(), 'lens-lazy-'));
    try {
      const file = join(dir, 'notes.txt');
      writeFileSync(file, 'shopping list\neggs\n');
      let fromCore: unknown;
      await parseDumpFile(file).catch((err: unknown) => (fromCore = err));
      let fromBundle: unknown;
      await parser.parseDumpFile(file).catch((err: unknown) => (fromBundle = err));
      assert.ok(fromCore instanceof LensError, `the core threw ${String(fromCore)}`);
      assert.ok(fromBundle instanceof Error, `the bundle threw ${String(fromBundle)}`);
      assert.notEqual(fromBundle.constructor, LensError, 'the bundle carries its own copy of the class');
      assert.ok(fromBundle instanceof LensError, 'instanceof LensError holds across copies');
      assert.ok(isLensError(fromBundle));
      assert.equal((fromBundle as LensError).code, fromCore.code);
      assert.equal(fromBundle.message, fromCore.message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(isLensError(new Error('not-a-dump')), false, 'a plain Error is not a LensError');
    assert.equal(isLensError({ code: 'io', message: 'x', name: 'LensError' }), false, 'a look-alike object is not a LensError');
  });

  test('dist/fetch.js refuses a bad URL with a LensError the extension recognises', async () => {
    const fetch = bundle<typeof FetchModule>('fetch');
    let thrown: unknown;
    await fetch.fetchDump('ftp://example.invalid/debug/pprof/goroutine').catch((err: unknown) => (thrown = err));
    assert.ok(isLensError(thrown), `expected a LensError, got ${String(thrown)}`);
    assert.equal(thrown.code, 'invalid-url');
    assert.equal(fetch.formatBytes(2048), formatBytes(2048));
  });
});
