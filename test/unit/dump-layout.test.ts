// The dump document's layout (folding, links, outline) and the parser agree,
// because the layout is laid out from the lines the parser read (LineSink):
// checked here on every text dump of the fixtures, hand-written and real.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dumpOutline, layDumpOut, scanDumpLayout, type DumpBlock, type OutlineSymbol } from '../../src/core/document/dumpDocument';
import { groupDump, groupKey } from '../../src/core/dump/group';
import { DumpReader, parseDumpText } from '../../src/core/dump/parse';
import { LINE_ROLES, goroutineHeaderOpening, type LineEvent, type LineKind } from '../../src/core/dump/text';
import { DUMPS, fixtureText } from '../support/fixtures';

/** TEXT_DUMPS are every text dump of test/fixtures/dumps: Go's, hand-written and the real corpus. */
const TEXT_DUMPS = [
  ...readdirSync(DUMPS).filter((f) => f.endsWith('.txt')),
  ...['hand-written', 'real'].flatMap((dir) =>
    readdirSync(join(DUMPS, dir))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => `${dir}/${f}`),
  ),
];

function linesOf(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** parsed is the parser's reading of a document, as the outline reads it (a final newline added). */
function parsed(text: string) {
  return parseDumpText(text.endsWith('\n') ? text : `${text}\n`);
}

/** kindsOf collects the line kinds the parser tells of a text, in order. */
function kindsOf(text: string): { kind: LineKind; index: number }[] {
  const kinds: { kind: LineKind; index: number }[] = [];
  const reader = new DumpReader({
    lines: { line: (e: Readonly<LineEvent>) => kinds.push({ kind: e.kind, index: e.index }), recordEnd: () => {}, prefix: () => {} },
  });
  reader.push(Buffer.from(text, 'utf8'));
  try {
    reader.end();
  } catch {
    // the kinds told before are what is checked
  }
  return kinds;
}

describe('the parser tells every line once, in order', () => {
  test('every fixture: one event per line of the text, indices 0, 1, 2, …', () => {
    assert.ok(TEXT_DUMPS.length > 60, `${TEXT_DUMPS.length} text dumps`);
    for (const name of TEXT_DUMPS) {
      const text = fixtureText(name);
      const kinds = kindsOf(text);
      const lines = text.endsWith('\n') ? linesOf(text).length - 1 : linesOf(text).length;
      assert.deepEqual(
        kinds.map((k) => k.index),
        Array.from({ length: lines }, (_, i) => i),
        name,
      );
    }
  });

  test('a line too long to read still counts as a line', () => {
    const text = `${'x'.repeat(2 << 20)}\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n`;
    const layout = scanDumpLayout(text);
    assert.deepEqual(
      layout.blocks.map((b) => [b.kind, b.startLine, b.endLine]),
      [['goroutine', 1, 3]],
    );
  });

  test('the kinds of a traceback, line by line', () => {
    const text = [
      'panic: boom',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/x/main.go:3 +0x1',
      'created by main.init in goroutine 7',
      '\t/x/main.go:9 +0x2',
      '...additional frames elided...',
      '',
      'runtime stack:',
      'runtime.throw()',
      '\t/usr/lib/go/src/runtime/panic.go:1 +0x1',
      '',
      'exit status 2',
      '',
    ].join('\n');
    assert.deepEqual(
      kindsOf(text).map((k) => k.kind),
      ['preamble', 'blank', 'goroutine', 'function', 'file', 'createdBy', 'file', 'inside', 'blank', 'runtimeStack', 'function', 'file', 'blank', 'text'],
    );
  });

  test('a wrapped frame line: the first half has the joined kind, the second continues it', () => {
    const text = 'goroutine 1 [running]:\nmain.main()\n\t/very/long/path/to/the/sou\nrce/main.go:3 +0x1\n';
    assert.deepEqual(
      kindsOf(text).map((k) => k.kind),
      ['goroutine', 'function', 'file', 'continued'],
    );
    assert.deepEqual(
      scanDumpLayout(text).blocks.map((b) => [b.kind, b.startLine, b.endLine]),
      [['goroutine', 0, 3]],
    );
  });

  test('every kind has a role', () => {
    for (const role of Object.values(LINE_ROLES)) assert.match(role, /^(opens|nests|continues|outside|blank)$/);
  });
});

describe('layout and parser agree on every fixture', () => {
  test('each goroutine the parser reads has exactly one block at its header line, and each block is one the parser read', () => {
    for (const name of TEXT_DUMPS) {
      const text = fixtureText(name);
      const lines = linesOf(text);
      const dump = parsed(text);
      const all = scanDumpLayout(text).blocks.filter((b) => b.kind === 'goroutine');
      // A goroutine block without an id is the crashing goroutine's stack Go prints with no header after a Windows exception.
      const blocks = all.filter((b) => b.goroutineId !== null);
      const idless = all.filter((b) => b.goroutineId === null);
      for (const b of blocks) assert.match(lines[b.startLine]!, goroutineHeaderOpening(b.goroutineId!), `${name}:${b.startLine + 1}`);
      for (const b of idless)
        assert.ok(/^signal arrived during/m.test(lines.slice(0, b.startLine).join('\n')), `${name}:${b.startLine + 1}: after a Windows exception`);
      if (dump.otherDumps.length > 0) continue; // further dumps' goroutines are counted apart, without ids
      const read = groupDump(dump, 'exact')
        .flatMap((g) => g.ids ?? [])
        .sort((a, b) => a - b);
      assert.deepEqual(
        blocks.map((b) => b.goroutineId!).sort((a, b) => a - b),
        read,
        `${name}: the goroutines of the blocks are the parser's`,
      );
      assert.equal(
        idless.length,
        dump.format === 'debug1' ? 0 : dump.buckets.filter((b) => b.ids === null).length,
        `${name}: a block for each goroutine without an id`,
      );
    }
  });

  test('one pass of the parser gives the layout and the outline the editor asks for, as the two made apart', () => {
    for (const name of TEXT_DUMPS) {
      const text = fixtureText(name);
      const layout = scanDumpLayout(text);
      assert.deepEqual(layDumpOut(text), { layout, outline: dumpOutline(text, layout) }, name);
    }
    assert.deepEqual(layDumpOut('shopping list\neggs\n'), { layout: scanDumpLayout('shopping list\neggs\n'), outline: [] });
  });

  test('the outline has a symbol for each goroutine the parser reads, at a block of its own, and for each group', () => {
    for (const name of TEXT_DUMPS) {
      const text = fixtureText(name);
      const dump = parsed(text);
      if (dump.otherDumps.length > 0) continue;
      const layout = scanDumpLayout(text);
      const outline = dumpOutline(text, layout, Number.MAX_SAFE_INTEGER);
      const groups = groupDump(dump, 'exact');
      assert.equal(outline.length, groups.length, `${name}: a symbol per group`);
      const starts = new Set(layout.blocks.filter((b) => b.kind === 'goroutine').map((b) => b.startLine));
      const goroutines = outline.flatMap((s: OutlineSymbol) => s.children).filter((c) => c.kind === 'goroutine');
      assert.equal(
        goroutines.length,
        groups.reduce((n, g) => n + (g.ids?.length ?? 0), 0),
        name,
      );
      assert.equal(new Set(goroutines.map((c) => c.range.startLine)).size, goroutines.length, `${name}: one block each`);
      for (const c of goroutines) assert.ok(starts.has(c.range.startLine), `${name}: ${c.name} sits at a goroutine block`);
    }
  });

  test('debug=1: the records are the parser’s, counts and stacks', () => {
    for (const name of TEXT_DUMPS) {
      const text = fixtureText(name);
      const dump = parsed(text);
      if (dump.format !== 'debug1' || dump.otherDumps.length > 0) continue;
      const records = scanDumpLayout(text).blocks.filter((b: DumpBlock) => b.kind === 'record');
      assert.equal(
        records.reduce((n, b) => n + b.count, 0),
        dump.total,
        name,
      );
      const keys = new Set(dump.buckets.map((b) => groupKey(b.frames, null, 'exact', b.state)));
      for (const b of records) assert.ok(keys.has(b.stackKey!), `${name}: the record at line ${b.startLine + 1} is a bucket's stack`);
    }
  });

  test('links sit on the frames the parser read, with their function', () => {
    const text = fixtureText('hand-written/hand-go121-created-in-goroutine.txt');
    const layout = scanDumpLayout(text);
    const lines = linesOf(text);
    for (const l of layout.links) {
      assert.ok(
        layout.blocks.some((b) => b.startLine < l.line && l.line <= b.endLine),
        `the link at line ${l.line + 1} is inside a block`,
      );
      const above = lines[l.line - 1]!;
      assert.ok(l.func !== null && above.includes(l.func), `line ${l.line + 1}: ${l.func} is named on the line above`);
    }
  });
});

describe('damaged dumps: the layout follows the parser', () => {
  test('a dump pasted double-spaced folds per goroutine, across its blank lines', () => {
    const text = 'goroutine 1 [running]:\n\nmain.main()\n\n\t/x/main.go:3 +0x1\n\ngoroutine 2 [select]:\n\nmain.f()\n\n\t/x/main.go:9 +0x2\n';
    assert.deepEqual(
      scanDumpLayout(text).blocks.map((b) => [b.kind, b.goroutineId, b.startLine, b.endLine]),
      [
        ['goroutine', 1, 0, 4],
        ['goroutine', 2, 6, 10],
      ],
    );
  });

  test('a header the input cut is a goroutine block, as the parser keeps it', () => {
    const text = 'goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n\ngoroutine 6439 [sync';
    const blocks = scanDumpLayout(text).blocks;
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.goroutineId, b.startLine]),
      [
        ['goroutine', 1, 0],
        ['goroutine', 6439, 4],
      ],
    );
    assert.equal(parsed(text).total, 2);
  });

  test('a WARNING: DATA RACE quoted in prose or code is no race report', () => {
    const text = 'the detector prints\n * `WARNING: DATA RACE` then\n * the accesses\n';
    assert.deepEqual(scanDumpLayout(text).blocks, []);
    assert.throws(() => parsed(text), /expected a goroutine dump/);
  });
});
