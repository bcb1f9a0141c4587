import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS } from '../../src/core/commandIds';
import { groupDump } from '../../src/core/dump/group';
import { parseDumpText } from '../../src/core/dump/parse';
import {
  DETECT_LINES,
  dumpOutline,
  findGoroutineHeader,
  foldingRanges,
  looksLikeDump,
  openSourceCommandUri,
  scanDumpLayout,
  sourceLinkIn,
  sourceLinkTooltip,
  type DumpBlock,
  type OutlineSymbol,
  type SourceLink,
} from '../../src/core/document/dumpDocument';
import { groupLabel } from '../../src/core/tree/treeModel';
import { DUMPS, ROOT, fixtureText } from '../support/fixtures';

/** TEXT_FIXTURES are every text dump in test/fixtures/dumps (real and hand-written). */
const TEXT_FIXTURES = [
  ...readdirSync(DUMPS).filter((f) => f.endsWith('.txt')),
  ...readdirSync(join(DUMPS, 'hand-written'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => `hand-written/${f}`),
];

/** linesOf splits as VS Code shows a document: one line per `\n`, a `\r` before it dropped. */
function linesOf(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** paragraphs are runs of non-blank lines — an independent reading of where a debug=2 block starts and ends. */
function paragraphs(lines: readonly string[]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  let start = -1;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (start >= 0) found.push({ start, end: i - 1 });
      start = -1;
    } else if (start < 0) start = i;
  });
  if (start >= 0) found.push({ start, end: lines.length - 1 });
  return found;
}

function blocksOf(layoutBlocks: readonly DumpBlock[], kind: DumpBlock['kind']): DumpBlock[] {
  return layoutBlocks.filter((b) => b.kind === kind);
}

describe('dump layout: blocks for folding and the outline', () => {
  test('debug=2: one goroutine block per paragraph, from header to last frame line', () => {
    const text = fixtureText('zoo.debug2.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    const expected = paragraphs(lines).filter((p) => lines[p.start]!.startsWith('goroutine '));
    const goroutines = blocksOf(layout.blocks, 'goroutine');
    assert.equal(goroutines.length, 162);
    assert.deepEqual(
      goroutines.map((b) => ({ start: b.startLine, end: b.endLine })),
      expected,
    );
    for (const b of goroutines) {
      assert.equal(lines[b.startLine], b.header);
      assert.equal(b.goroutineId, Number(/^goroutine (\d+) /.exec(b.header)![1]));
      assert.equal(b.endColumn, lines[b.endLine]!.length);
    }
    assert.equal(layout.lineCount, lines.length);
    assert.equal(layout.prefix, null);
  });

  test('debug=1: one record block per `N @` paragraph, with its count, labels and stack identity', () => {
    const text = fixtureText('zoo.debug1.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    const records = blocksOf(layout.blocks, 'record');
    // The first paragraph opens with `goroutine profile: total 162`.
    const expected = paragraphs(lines).map((p) => ({ start: lines[p.start]!.startsWith('goroutine profile:') ? p.start + 1 : p.start, end: p.end }));
    assert.equal(records.length, 31);
    assert.deepEqual(
      records.map((b) => ({ start: b.startLine, end: b.endLine })),
      expected,
    );
    assert.equal(
      records.reduce((n, b) => n + b.count, 0),
      162,
    );
    assert.deepEqual(
      records.filter((b) => b.labels !== null).map((b) => [b.count, b.labels]),
      [
        [3, '{"tenant":"acme", "worker":"w1"}'],
        [2, '{"tenant":"globex", "worker":"w2"}'],
        [1, '{"tenant":"acme", "worker":"w1"}'],
      ],
    );
    // The parser's group keys are exactly the records' stack keys.
    const keys = new Set(groupDump(parseDumpText(text), 'exact').map((g) => g.key));
    for (const b of records) assert.ok(keys.has(b.stackKey!), `record at line ${b.startLine + 1} has a group`);
  });

  test('a SIGQUIT traceback: the preamble, every goroutine (goroutine 0 too), not the register dump', () => {
    const text = fixtureText('sigquit.traceback.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    const [preamble] = blocksOf(layout.blocks, 'preamble');
    assert.deepEqual([preamble!.startLine, preamble!.endLine], [0, 1]);
    const headers = lines.flatMap((l, i) => (/^goroutine \d+ \[/.test(l) ? [i] : []));
    assert.deepEqual(
      blocksOf(layout.blocks, 'goroutine').map((b) => b.startLine),
      headers,
    );
    const last = blocksOf(layout.blocks, 'goroutine').at(-1)!;
    assert.match(lines[last.endLine]!, /mgc\.go:\d+ \+0x/);
    assert.ok(!layout.blocks.some((b) => b.endLine >= lines.findIndex((l) => l.startsWith('rax '))));
  });

  test('a runtime throw: preamble (runtime: messages and fatal error), runtime stack, elided frames', () => {
    const text = fixtureText('stackoverflow.traceback.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    assert.deepEqual(
      layout.blocks.slice(0, 2).map((b) => [b.kind, b.startLine, b.endLine]),
      [
        ['preamble', 0, 2],
        ['runtimeStack', 4, paragraphs(lines)[1]!.end],
      ],
    );
    const elided = lines.indexOf('...additional frames elided...');
    assert.ok(blocksOf(layout.blocks, 'goroutine').some((b) => b.startLine < elided && b.endLine === elided));
  });

  test('a race report folds from WARNING to its closing separator', () => {
    const text = fixtureText('race.traceback.txt');
    const lines = linesOf(text);
    const [race] = blocksOf(scanDumpLayout(text).blocks, 'race');
    assert.equal(lines[race!.startLine], 'WARNING: DATA RACE');
    assert.match(lines[race!.endLine]!, /^={10,}$/);
    assert.ok(race!.endLine > race!.startLine + 10);
  });

  test('ancestry parts nest inside their goroutine', () => {
    const text = fixtureText('panic-ancestors.traceback.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    const ancestries = blocksOf(layout.blocks, 'ancestry');
    assert.equal(ancestries.length, lines.filter((l) => l.startsWith('[originating from goroutine')).length);
    for (const a of ancestries) {
      const holder = blocksOf(layout.blocks, 'goroutine').find((g) => g.startLine < a.startLine && g.endLine >= a.endLine);
      assert.ok(holder, `the ancestry at line ${a.startLine + 1} is inside a goroutine`);
      assert.equal(a.endLine, holder.endLine);
    }
  });

  test('CRLF: the same blocks as the LF text, columns without the \\r', () => {
    const crlf = fixtureText('hand-written/hand-windows-crlf.txt');
    assert.ok(crlf.includes('\r\n'));
    const lf = crlf.replace(/\r\n/g, '\n');
    assert.deepEqual(scanDumpLayout(crlf), scanDumpLayout(lf));
    const blocks = scanDumpLayout(crlf).blocks;
    assert.ok(blocks.length > 3);
    assert.ok(!blocks.some((b) => b.header.endsWith('\r')));
  });

  test('a log prefix is learned as the parser learns it; headers start after it', () => {
    const text = fixtureText('hand-written/hand-log-prefixed.txt');
    const lines = linesOf(text);
    const layout = scanDumpLayout(text);
    assert.ok(layout.prefix !== null);
    const goroutines = blocksOf(layout.blocks, 'goroutine');
    assert.equal(goroutines.length, lines.filter((l) => /Z goroutine \d+ \[/.test(l)).length);
    for (const b of goroutines) {
      assert.equal(b.startColumn, '2026-11-27T03:14:15.926Z '.length);
      assert.match(b.header, /^goroutine \d+ \[.*\]:$/);
      assert.equal(lines[b.startLine]!.slice(b.startColumn), b.header);
      // The block ends at the last prefixed line that still holds a frame.
      assert.match(lines[b.endLine]!, /\.go:\d+/);
    }
    const [preamble] = blocksOf(layout.blocks, 'preamble');
    assert.match(lines[preamble!.startLine]!, /Z panic: config/);
  });

  test('text that is no dump has no goroutines, no records, nothing to fold', () => {
    for (const text of [
      '',
      'hello\nworld\n',
      '<!doctype html><title>502</title>',
      readFileSync(join(ROOT, 'package.json'), 'utf8'),
      readFileSync(join(ROOT, 'src', 'core', 'dump', 'text.ts'), 'utf8'),
    ]) {
      const layout = scanDumpLayout(text);
      assert.deepEqual(
        layout.blocks.filter((b) => b.kind === 'goroutine' || b.kind === 'record'),
        [],
      );
      assert.deepEqual(foldingRanges(layout), []);
    }
  });

  test('every fixture: blocks in order, inside the document, headers on their lines', () => {
    for (const name of TEXT_FIXTURES) {
      const text = fixtureText(name);
      const lines = linesOf(text);
      const layout = scanDumpLayout(text);
      assert.ok(layout.blocks.length > 0, name);
      let previous = -1;
      for (const b of layout.blocks) {
        assert.ok(b.startLine >= previous && b.startLine <= b.endLine && b.endLine < lines.length, `${name}: block at line ${b.startLine + 1}`);
        assert.equal(lines[b.startLine]!.slice(b.startColumn).trimEnd(), b.header, name);
        previous = b.startLine;
      }
      const goroutines = blocksOf(layout.blocks, 'goroutine').length;
      const headers = lines.filter((l) => /(^|\s)goroutine \d+ (?:[a-z]+=\S+ )*\[.*\]:$/.test(l)).length;
      assert.equal(goroutines, headers, `${name}: a block per goroutine header`);
    }
  });
});

describe('folding ranges', () => {
  test('one per goroutine block in a debug=2 dump', () => {
    const layout = scanDumpLayout(fixtureText('zoo.debug2.txt'));
    const ranges = foldingRanges(layout);
    assert.equal(ranges.length, 162);
    assert.deepEqual(
      ranges,
      layout.blocks.map((b) => ({ startLine: b.startLine, endLine: b.endLine })),
    );
  });

  test('one per debug=1 record; none for one-line blocks', () => {
    const layout = scanDumpLayout(fixtureText('zoo.debug1.txt'));
    // 31 records, one of them a lone `1 @ 0x4698e1` line.
    assert.equal(foldingRanges(layout).length, 30);
    const panic = scanDumpLayout('panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n');
    assert.deepEqual(foldingRanges(panic), [{ startLine: 2, endLine: 4 }]);
  });

  test('preamble, runtime stack and goroutines in a runtime throw', () => {
    const ranges = foldingRanges(scanDumpLayout(fixtureText('hand-written/hand-gp-m.txt')));
    const lines = linesOf(fixtureText('hand-written/hand-gp-m.txt'));
    assert.deepEqual(
      ranges.slice(0, 2).map((r) => lines[r.startLine]),
      ['runtime: out of memory: cannot allocate 4294967296-byte block (3959422976 in use)', 'runtime stack:'],
    );
  });
});

/** linkText is what a link covers in its line. */
function linkText(lines: readonly string[], l: SourceLink): string {
  return lines[l.line]!.slice(l.startColumn, l.endColumn);
}

describe('source links', () => {
  test('every link covers exactly `file:line`, on every fixture', () => {
    for (const name of TEXT_FIXTURES) {
      const text = fixtureText(name);
      const lines = linesOf(text);
      const links = scanDumpLayout(text).links;
      for (const l of links) assert.equal(linkText(lines, l), `${l.file}:${l.lineNumber}`, `${name}:${l.line + 1}`);
    }
  });

  test('debug=2: a link on every file line of a real file, with the frame function', () => {
    const text = fixtureText('zoo.debug2.txt');
    const lines = linesOf(text);
    const links = scanDumpLayout(text).links;
    const fileLines = lines.flatMap((l, i) => (/^\t\S.*\.(go|s):\d+( \+0x[0-9a-f]+)?$/.test(l) ? [i] : []));
    assert.deepEqual(
      links.map((l) => l.line),
      fileLines,
    );
    const first = links[0]!;
    assert.deepEqual(first, {
      line: 2,
      startColumn: 1,
      endColumn: 1 + '/usr/lib/go-1.19/src/runtime/pprof/pprof.go:692'.length,
      file: '/usr/lib/go-1.19/src/runtime/pprof/pprof.go',
      lineNumber: 692,
      func: 'runtime/pprof.writeGoroutineStacks',
    });
    const creator = links.find((l) => lines[l.line - 1] === 'created by net/http.(*Server).Serve');
    assert.equal(creator?.func, 'net/http.(*Server).Serve');
  });

  test('debug=1: the path after the function, up to the line number', () => {
    const text = fixtureText('zoo.debug1.txt');
    const lines = linesOf(text);
    const links = scanDumpLayout(text).links;
    assert.equal(links.length, lines.filter((l) => /^#\t0x[0-9a-f]+\t\S+\t.*:\d+$/.test(l)).length);
    const line = lines.findIndex((l) => l.includes('net/http.(*persistConn).readLoop+0x1ab'));
    const link = links.find((l) => l.line === line)!;
    assert.equal(link.startColumn, lines[line]!.indexOf('/usr/lib/go-1.19/src/net/http/transport.go'));
    assert.equal(link.endColumn, lines[line]!.length);
    assert.equal(link.func, 'net/http.(*persistConn).readLoop');
    assert.equal(link.lineNumber, 2093);
  });

  test('CRLF: columns as the editor counts them', () => {
    const text = fixtureText('hand-written/hand-windows-crlf.txt');
    const links = scanDumpLayout(text).links;
    assert.ok(links.length > 10);
    assert.deepEqual(links[0], {
      line: 2,
      startColumn: 1,
      endColumn: 1 + 'C:/Program Files/Go/src/runtime/netpoll.go:305'.length,
      file: 'C:/Program Files/Go/src/runtime/netpoll.go',
      lineNumber: 305,
      func: 'internal/poll.runtime_pollWait',
    });
    assert.deepEqual(links, scanDumpLayout(text.replace(/\r\n/g, '\n')).links);
  });

  test('log-prefixed lines: the link starts after the prefix and its tab', () => {
    const text = fixtureText('hand-written/hand-log-prefixed.txt');
    const lines = linesOf(text);
    const links = scanDumpLayout(text).links;
    const line = lines.findIndex((l) => l.endsWith('\t/work/main/test/go/crash/main.go:138 +0xcb'));
    const link = links.find((l) => l.line === line);
    assert.deepEqual(link, {
      line,
      startColumn: '2026-11-27T03:14:15.926Z \t'.length,
      endColumn: '2026-11-27T03:14:15.926Z \t/work/main/test/go/crash/main.go:138'.length,
      file: '/work/main/test/go/crash/main.go',
      lineNumber: 138,
      func: 'main.parsePort',
    });
    assert.equal(links.length, lines.filter((l) => /Z \t\/\S+\.(go|s):\d+/.test(l)).length);
    // The links are there because the layout learned the prefix from the text (the parser's reading).
    assert.equal(scanDumpLayout(text).prefix?.test('2026-11-27T03:14:15.926Z goroutine 1 [running]:'), true);
  });

  test('the shapes of a file line', () => {
    const at = (line: string) => {
      const l = sourceLinkIn(line, 0);
      return l === null ? null : { text: line.slice(l.startColumn, l.endColumn), file: l.file, line: l.lineNumber };
    };
    assert.deepEqual(at('\t/usr/lib/go-1.19/src/net/http/transport.go:2093 +0x1ab'), {
      text: '/usr/lib/go-1.19/src/net/http/transport.go:2093',
      file: '/usr/lib/go-1.19/src/net/http/transport.go',
      line: 2093,
    });
    assert.deepEqual(at('\t/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go:89'), {
      text: '/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go:89',
      file: '/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go',
      line: 89,
    });
    assert.deepEqual(at('\t/usr/lib/go-1.19/src/runtime/asm_amd64.s:1594 +0x1 fp=0xc00006cfe8 sp=0xc00006cfe0 pc=0x45edc1'), {
      text: '/usr/lib/go-1.19/src/runtime/asm_amd64.s:1594',
      file: '/usr/lib/go-1.19/src/runtime/asm_amd64.s',
      line: 1594,
    });
    assert.deepEqual(at('\texample.com/mod/cmd/api/main.go:31 +0x1c5'), {
      text: 'example.com/mod/cmd/api/main.go:31',
      file: 'example.com/mod/cmd/api/main.go',
      line: 31,
    });
    assert.deepEqual(at('\tC:/Users/dev/app/main.go:9 +0x1d'), { text: 'C:/Users/dev/app/main.go:9', file: 'C:/Users/dev/app/main.go', line: 9 });
    assert.deepEqual(at('\tC:\\Users\\dev\\app\\main.go:9'), { text: 'C:\\Users\\dev\\app\\main.go:9', file: 'C:\\Users\\dev\\app\\main.go', line: 9 });
    assert.deepEqual(at('    /usr/lib/go-1.19/src/net/net.go:183 +0x45'), {
      text: '/usr/lib/go-1.19/src/net/net.go:183',
      file: '/usr/lib/go-1.19/src/net/net.go',
      line: 183,
    });
    assert.deepEqual(at('\t/src/compress.c:812 pc=0x7f3a8c2d1e5f'), { text: '/src/compress.c:812', file: '/src/compress.c', line: 812 });
    assert.deepEqual(at('#\t0x4b4e7a\tmain.block+0x1a\t/tmp/q/main.go:11'), { text: '/tmp/q/main.go:11', file: '/tmp/q/main.go', line: 11 });
    assert.deepEqual(at('#\t0x4ada39\tinternal/poll.(*pollDesc).waitRead+0x259\t\t/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go:89'), {
      text: '/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go:89',
      file: '/usr/lib/go-1.19/src/internal/poll/fd_poll_runtime.go',
      line: 89,
    });
    for (const none of [
      '\t<autogenerated>:1',
      '\t??:0 pc=0x7f3a8c2d1e5f',
      '\t?:0',
      '#\t0x4b4e7a',
      '\tpc=0x7f3a8c2d1e5f',
      'main.main()',
      'goroutine 1 [running]:',
      '\tgoroutine running on other thread; stack unavailable',
      '',
    ]) {
      assert.equal(at(none), null, JSON.stringify(none));
    }
  });

  test('the command URI carries { file, line, func } as encoded JSON', () => {
    const link: SourceLink = {
      line: 0,
      startColumn: 1,
      endColumn: 10,
      file: 'C:/Program Files/Go/src/net/http/transport.go',
      lineNumber: 2093,
      func: 'net/http.(*persistConn).readLoop',
    };
    const uri = openSourceCommandUri(link);
    assert.ok(uri.startsWith(`command:${COMMANDS.openSource}?`));
    const query = uri.slice(`command:${COMMANDS.openSource}?`.length);
    assert.ok(!/[ "{}[\]]/.test(query), 'the query is encoded');
    assert.deepEqual(JSON.parse(decodeURIComponent(query)), [{ file: link.file, line: 2093, func: link.func }]);
    assert.deepEqual(JSON.parse(decodeURIComponent(openSourceCommandUri({ ...link, func: null }).split('?')[1]!)), [{ file: link.file, line: 2093 }]);
  });

  test('the tooltip names the file and line', () => {
    const link: SourceLink = { line: 0, startColumn: 0, endColumn: 0, file: '/usr/lib/go/src/net/http/transport.go', lineNumber: 2040, func: null };
    assert.equal(sourceLinkTooltip(link), 'Open transport.go:2040');
    assert.equal(sourceLinkTooltip({ ...link, file: 'C:\\Users\\dev\\main.go', lineNumber: 9 }), 'Open main.go:9');
    assert.equal(sourceLinkTooltip({ ...link, file: 'main.go', lineNumber: 9 }), 'Open main.go:9');
  });
});

describe('detecting a dump in a text file', () => {
  test('every text fixture is detected from its first lines', () => {
    for (const name of TEXT_FIXTURES) assert.ok(looksLikeDump(linesOf(fixtureText(name))), name);
  });

  test('text that only mentions panics, goroutines or pprof is not', () => {
    const notDumps = [
      '',
      '2026/11/27 03:14:15 worker: recovered from panic: boom\n2026/11/27 03:14:16 retrying\n',
      'fatal error: out of memory\n(no traceback)\n',
      'the goroutine 7 [chan receive] blocks forever\n',
      'goroutine profile: total is the first line of a debug=1 profile\n',
      '<!doctype html><html><head><title>404 Not Found</title></head></html>\n',
      '{"goroutines": 12, "msg": "goroutine 1 [running]:"}\n',
      readFileSync(join(ROOT, 'src', 'core', 'dump', 'text.ts'), 'utf8'),
      fixtureText('hand-written/README.md'),
    ];
    for (const text of notDumps) assert.equal(looksLikeDump(linesOf(text)), false, text.slice(0, 60));
  });

  test('a header behind a log prefix counts; one after the first lines does not', () => {
    assert.ok(looksLikeDump(['2026-11-27T03:14:15.926Z goroutine 1 [running]:']));
    assert.ok(looksLikeDump(['app-1  | goroutine profile: total 12']));
    assert.ok(looksLikeDump(['goroutine 1 [running]:\r']));
    const late = [...Array.from({ length: DETECT_LINES }, (_, i) => `log line ${i}`), 'goroutine 1 [running]:'];
    assert.equal(looksLikeDump(late), false);
    assert.ok(looksLikeDump(late.slice(1)));
  });

  test("package.json's firstLine matches the first line Go prints, and not text around a dump", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { languages: { id: string; firstLine: string; extensions: string[] }[] };
    };
    const language = pkg.contributes.languages.find((l) => l.id === 'goroutine-dump')!;
    assert.deepEqual(language.extensions, ['.goroutines', '.gdump']);
    const firstLine = new RegExp(language.firstLine);
    // These start with text that is not the dump's own (logs, a race report, runtime messages).
    const startsWithOtherText = new Set([
      'panic-recovered.traceback.txt',
      'race.traceback.txt',
      'stackoverflow.traceback.txt',
      'hand-written/hand-gp-m.txt',
      'hand-written/hand-log-prefixed.txt',
      'hand-written/hand-text-around.txt',
    ]);
    for (const name of TEXT_FIXTURES) {
      const first = linesOf(fixtureText(name))[0]!;
      assert.equal(firstLine.test(first), !startsWithOtherText.has(name), `${name}: ${first}`);
    }
    assert.equal(firstLine.test('hello'), false);
  });
});

describe("finding a goroutine's header line (Open Raw Dump at a goroutine)", () => {
  test("in every fixture, each goroutine's first header is where the layout starts its block", () => {
    for (const name of TEXT_FIXTURES) {
      const text = fixtureText(name);
      const lines = linesOf(text);
      const first = new Map<number, number>();
      for (const b of scanDumpLayout(text).blocks) if (b.kind === 'goroutine' && !first.has(b.goroutineId!)) first.set(b.goroutineId!, b.startLine);
      for (const [id, line] of first) assert.equal(findGoroutineHeader(lines, id), line, `${name}: goroutine ${id}`);
    }
  });

  test('finds a header behind a log prefix, with thread fields, or cut; not another id, an ancestry or a mention', () => {
    const lines = [
      'created by main.main in goroutine 7',
      '[originating from goroutine 7]:',
      'goroutine 123 [running]:',
      '2026-11-27T03:14:15.926Z goroutine 12 gp=0xc000002380 m=0 mp=0x5f4a40 [running]:',
      'goroutine 7 [sync',
    ];
    assert.equal(findGoroutineHeader(lines, 12), 3);
    assert.equal(findGoroutineHeader(lines, 123), 2);
    assert.equal(findGoroutineHeader(lines, 7), 4);
    assert.equal(findGoroutineHeader(lines, 1), -1);
  });
});

describe('outline of groups', () => {
  const zoo2 = fixtureText('zoo.debug2.txt');

  test('debug=2: the groups, named and counted like the Goroutines view, each with its goroutines', () => {
    const lines = linesOf(zoo2);
    const layout = scanDumpLayout(zoo2);
    const outline = dumpOutline(zoo2, layout);
    const groups = groupDump(parseDumpText(zoo2), 'exact');
    assert.equal(outline.length, 30);
    assert.deepEqual(
      outline.map((s) => s.name),
      groups.map(groupLabel),
    );
    assert.equal(outline[0]!.name, '40 × http.(*conn).serve');
    assert.equal(outline[0]!.detail, 'IO wait');
    assert.equal(
      outline.reduce((n, s) => n + s.children.length, 0),
      162,
    );
    const blocks = new Map(layout.blocks.map((b) => [b.startLine, b]));
    outline.forEach((group, i) => {
      assert.equal(group.kind, 'group');
      assert.deepEqual(
        group.children.map((c) => Number(c.name.slice('goroutine '.length))).sort((a, b) => a - b),
        [...groups[i]!.ids!].sort((a, b) => a - b),
      );
      assert.deepEqual(group.range, group.children[0]!.range, `${group.name} sits at its first goroutine`);
      for (const child of group.children) {
        const block = blocks.get(child.range.startLine)!;
        assert.equal(child.kind, 'goroutine');
        assert.equal(child.name, `goroutine ${block.goroutineId}`);
        assert.equal(`goroutine ${block.goroutineId} [${child.detail}]:`, lines[child.range.startLine]);
        assert.deepEqual(child.range, { startLine: block.startLine, startColumn: 0, endLine: block.endLine, endColumn: lines[block.endLine]!.length });
        assert.deepEqual(child.selectionRange, {
          startLine: block.startLine,
          startColumn: 0,
          endLine: block.startLine,
          endColumn: lines[block.startLine]!.length,
        });
      }
      const starts = group.children.map((c) => c.range.startLine);
      assert.deepEqual(
        starts,
        [...starts].sort((a, b) => a - b),
        'children in document order',
      );
    });
    const receivers = outline.find((s) => s.name === '5 × main.chanReceiver')!;
    assert.equal(receivers.detail, 'chan receive');
    assert.deepEqual(
      receivers.children.map((c) => c.name),
      [207, 208, 209, 210, 211].map((id) => `goroutine ${id}`),
    );
  });

  test('debug=1: groups at their records; a group of several records lists them', () => {
    const text = fixtureText('zoo.debug1.txt');
    const lines = linesOf(text);
    const outline = dumpOutline(text, scanDumpLayout(text));
    assert.equal(outline.length, 30);
    assert.equal(
      outline.reduce((n, s) => n + Number(s.name.split(' ')[0]!.replace(/,/g, '')), 0),
      162,
    );
    for (const s of outline) assert.match(lines[s.range.startLine]!, /^\d+ @ /);
    const labeled = outline.find((s) => s.name === '5 × main.labeledWorker')!;
    assert.deepEqual(
      labeled.children.map((c) => [c.kind, c.name, c.detail]),
      [
        ['record', '3 goroutines', 'labels {"tenant":"acme", "worker":"w1"}'],
        ['record', '2 goroutines', 'labels {"tenant":"globex", "worker":"w2"}'],
      ],
    );
    assert.ok(outline.filter((s) => s !== labeled).every((s) => s.children.length === 0));
  });

  test('debug=1 and debug=2 of the same program give the same group names', () => {
    const names2 = dumpOutline(zoo2, scanDumpLayout(zoo2)).map((s) => s.name.replace(/^\d+ × /, ''));
    const text1 = fixtureText('zoo.debug1.txt');
    const names1 = dumpOutline(text1, scanDumpLayout(text1)).map((s) => s.name.replace(/^\d+ × /, ''));
    const common = names1.filter((n) => names2.includes(n));
    assert.ok(common.length >= 20, `${common.length} names in common`);
  });

  test('a document without a final newline keeps its last goroutine', () => {
    const text = zoo2.replace(/\n+$/, '');
    const outline = dumpOutline(text, scanDumpLayout(text));
    assert.equal(
      outline.reduce((n, s) => n + s.children.length, 0),
      162,
    );
  });

  test('CRLF and log-prefixed documents', () => {
    const crlf = fixtureText('hand-written/hand-windows-crlf.txt');
    const outline = dumpOutline(crlf, scanDumpLayout(crlf));
    assert.ok(outline.length > 0);
    const crlfLines = linesOf(crlf);
    for (const s of outline)
      for (const c of s.children) assert.equal(crlfLines[c.range.startLine]!.slice(0, c.selectionRange.endColumn), `${c.name} [${c.detail}]:`);
    const log = fixtureText('hand-written/hand-log-prefixed.txt');
    const logLines = linesOf(log);
    const logOutline = dumpOutline(log, scanDumpLayout(log));
    assert.ok(logOutline.length > 0);
    for (const s of logOutline)
      for (const c of s.children) {
        assert.equal(c.selectionRange.startColumn, '2026-11-27T03:14:15.926Z '.length);
        assert.equal(logLines[c.range.startLine]!.slice(c.selectionRange.startColumn, c.selectionRange.endColumn), `${c.name} [${c.detail}]:`);
      }
  });

  test('a traceback with repeated goroutine 0: each block is used once', () => {
    for (const name of TEXT_FIXTURES) {
      const text = fixtureText(name);
      const used = new Set<number>();
      const walk = (symbols: readonly OutlineSymbol[]) => {
        for (const s of symbols) {
          if (s.kind === 'goroutine') {
            assert.ok(!used.has(s.range.startLine), `${name}: line ${s.range.startLine + 1} used twice`);
            used.add(s.range.startLine);
          }
          walk(s.children);
        }
      };
      walk(dumpOutline(text, scanDumpLayout(text)));
    }
  });

  test('children are capped per group', () => {
    const outline = dumpOutline(zoo2, scanDumpLayout(zoo2), 2);
    assert.equal(outline[0]!.name, '40 × http.(*conn).serve');
    assert.equal(outline[0]!.children.length, 2);
  });

  test('a text that is not a dump has no outline and throws nothing', () => {
    for (const text of ['', 'hello\n', '<!doctype html><title>502 Bad Gateway</title>', '{"a": 1}', '\u0000\u0001\u0002binary']) {
      assert.deepEqual(dumpOutline(text, scanDumpLayout(text)), []);
    }
  });
});

describe('a large document', () => {
  test('layout, links and outline of a 20 MB dump stay linear and fast', () => {
    // zoo.debug2 repeated with fresh goroutine ids: ~20 MB, ~100 000 goroutines.
    const zoo = fixtureText('zoo.debug2.txt');
    const parts: string[] = [];
    let size = 0;
    for (let copy = 0; size < 20 << 20; copy++) {
      const part = zoo.replace(/^goroutine (\d+) /gm, (_, id: string) => `goroutine ${copy * 1000 + Number(id)} `);
      parts.push(part.endsWith('\n\n') ? part : `${part}\n`);
      size += part.length;
    }
    const text = parts.join('');
    const started = performance.now();
    const layout = scanDumpLayout(text);
    const links = layout.links;
    const outline = dumpOutline(text, layout);
    const elapsed = performance.now() - started;
    assert.equal(blocksOf(layout.blocks, 'goroutine').length, 162 * parts.length);
    assert.ok(links.length > 100_000);
    assert.equal(outline.length, 30);
    assert.ok(elapsed < 15_000, `${Math.round(elapsed)} ms`);
  });
});
