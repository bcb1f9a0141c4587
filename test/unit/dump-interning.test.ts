import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BucketBuilder, TableBucket } from '../../src/core/dump/buckets';
import { groupDump } from '../../src/core/dump/group';
import type { Bucket, Dump, Frame } from '../../src/core/dump/model';
import { DumpReader, parseDump, parseDumpText } from '../../src/core/dump/parse';
import { analyze, Spares, toJson, toJsonChunks } from '../../src/core/dump/report';
import { FILE_LINE } from '../../src/core/dump/text';
import { escapeJson } from '../../src/core/terminal';
import { jsonText } from '../support/cli';
import { DUMPS, fixtureBytes, fixtureText } from '../support/fixtures';

/** The real text dumps the Go programs under test/go wrote. */
const TEXT_DUMPS = readdirSync(DUMPS).filter((f) => f.endsWith('.txt'));

/** A plain copy of a dump's buckets in which nothing is shared: equal stacks are separate arrays of separate frames, as a dump built by hand would be. */
function unshared(dump: Dump): Dump {
  const copyFrame = (f: Frame): Frame => ({ ...f });
  const buckets: Bucket[] = dump.buckets.map((b) => ({
    ...b,
    frames: b.frames.map(copyFrame),
    creator: b.creator === null ? null : { ...b.creator },
    ids: b.ids === null ? null : [...b.ids],
  }));
  return { ...dump, buckets };
}

describe('interning per distinct frame', () => {
  test('one Frame per (function, file, line), one array per stack, one creator per location, in every real dump', () => {
    for (const name of TEXT_DUMPS) {
      const dump = parseDumpText(fixtureText(name));
      const frames = new Map<string, Frame>();
      const stacks = new Map<string, readonly Frame[]>();
      const creators = new Map<string, object>();
      for (const b of dump.buckets) {
        for (const f of b.frames) {
          const key = `${f.func} ${f.file}:${f.line}`;
          assert.equal(frames.get(key) ?? f, f, `${name}: two Frame objects for ${key}`);
          frames.set(key, f);
        }
        const stackKey = b.frames.map((f) => `${f.func} ${f.file}:${f.line}`).join('\n');
        assert.equal(stacks.get(stackKey) ?? b.frames, b.frames, `${name}: two arrays for one stack`);
        stacks.set(stackKey, b.frames);
        if (b.creator !== null) {
          const key = `${b.creator.func} ${b.creator.file}:${b.creator.line}`;
          assert.equal(creators.get(key) ?? b.creator, b.creator, `${name}: two creators for ${key}`);
          creators.set(key, b.creator);
        }
      }
    }
  });

  test('a frame seen before is recognised from its file line exactly where FILE_LINE reads the same file and line', () => {
    const builder = new BucketBuilder();
    const id = builder.frame('net/http.(*persistConn).readLoop', '/usr/lib/go/src/net/http/transport.go', 2040);
    const frame = builder.frameAt(id);
    // File lines as Go prints them (offset, none, GOTRACEBACK=system registers, a cgo pc, spaces for the tab), and near misses.
    const lines = [
      '\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1',
      '\t/usr/lib/go/src/net/http/transport.go:2040',
      '\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1 fp=0xc000073fd0 sp=0xc000073e48 pc=0x6a1f91',
      '\t/usr/lib/go/src/net/http/transport.go:2040 pc=0x6a1f91',
      '        /usr/lib/go/src/net/http/transport.go:2040 +0x1b1  ',
      '\t/usr/lib/go/src/net/http/transport.go:20400 +0x1b1',
      '\t/usr/lib/go/src/net/http/transport.go:204 +0x1b1',
      '\t/usr/lib/go/src/net/http/transport.go:2040 +0xZZ',
      '\t/usr/lib/go/src/net/http/transport.go:2040x',
      '/usr/lib/go/src/net/http/transport.go:2040',
      '\t/usr/lib/go/src/net/http/transport.go.bak:2040 +0x1b1',
      '\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1:2041',
    ];
    for (const line of lines) {
      const m = FILE_LINE.exec(line);
      const same = m !== null && m[1] === frame.file && Number(m[2]) === frame.line;
      assert.equal(builder.knownFrame(frame.func, line) === id, same, JSON.stringify(line));
    }
    assert.equal(builder.knownFrame('main.other', lines[0]!), -1);
    // Seen again: the remembered line answers, and a line naming another line number still does not.
    assert.equal(builder.knownFrame(frame.func, lines[0]!), id);
    assert.equal(builder.knownFrame(frame.func, lines[0]!), id);
    assert.equal(builder.knownFrame(frame.func, lines[5]!), -1);
    assert.equal(builder.knownFrame(frame.func, lines[1]!), id);
  });

  test('chunk boundaries anywhere give the same buckets', async () => {
    for (const name of TEXT_DUMPS) {
      const bytes = fixtureBytes(name);
      const whole = await parseDump(bytes);
      for (const size of [1, 7, 64, 4096]) {
        const chunks = (async function* () {
          for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
        })();
        const chunked = await parseDump(chunks);
        assert.deepEqual(toJson(analyze(chunked)), toJson(analyze(whole)), `${name} in chunks of ${size}`);
      }
    }
  });
});

describe('frames made for a stack seen before are taken back', () => {
  test('20 000 goroutines in the 30 stacks of a real dump, shuffled: the tables keep the frames of the stacks, not of the goroutines', () => {
    const text = fixtureText('zoo.debug2.txt');
    const blocks = text.split('\n\n').filter((b) => b.startsWith('goroutine '));
    const one = parseDumpText(text);
    // Every frame of every distinct stack and creator, once.
    const distinct = new Set<string>();
    for (const b of one.buckets) {
      for (const f of b.frames) distinct.add(`${f.func} ${f.file}:${f.line}`);
      if (b.creator !== null) distinct.add(`${b.creator.func} ${b.creator.file}:${b.creator.line}`);
    }
    // A fixed shuffle (a linear congruential generator), each goroutine with an id of its own.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const copies: string[] = [];
    for (let i = 0; i < 20000; i++) copies.push(blocks[next() % blocks.length]!.replace(/^goroutine \d+ /, `goroutine ${i + 1} `));
    const reader = new DumpReader();
    reader.push(Buffer.from(copies.join('\n\n') + '\n'));
    const dump = reader.end();
    assert.equal(dump.total, 20000);
    assert.equal(dump.otherDumps.length, 0);
    const groups = groupDump(dump);
    assert.ok(groups.length <= groupDump(one).length, `${groups.length} groups`);
    assert.ok(reader.framesKept <= 2 * distinct.size, `${reader.framesKept} frames kept for ${distinct.size} distinct frames`);
  });
});

describe('grouping by identity', () => {
  test('groups of a parsed dump equal those of the same dump with nothing shared (grouped by text keys)', () => {
    for (const name of TEXT_DUMPS) {
      const dump = parseDumpText(fixtureText(name));
      for (const mode of ['exact', 'function', 'state'] as const) {
        const a = groupDump(dump, mode);
        const b = groupDump(unshared(dump), mode);
        assert.deepEqual(
          a.map((g) => [g.key, g.stackKey, g.count, g.state, g.ids]),
          b.map((g) => [g.key, g.stackKey, g.count, g.state, g.ids]),
          `${name}, ${mode}`,
        );
      }
    }
  });

  test('a hand-built dump holding one stack twice, as separate arrays, still makes one group', () => {
    const dump = parseDumpText(fixtureText('zoo.debug2.txt'));
    const b = dump.buckets[0]!;
    const twin: Bucket = { ...b, frames: b.frames.map((f) => ({ ...f })), state: `${b.state} (twin)`, ids: [999_999] };
    const groups = groupDump({ ...dump, buckets: [...dump.buckets, twin] }, 'exact');
    const merged = groups.find((g) => g.ids?.includes(999_999));
    assert.ok(merged);
    assert.equal(merged.count, b.count + 1);
  });
});

describe('JSON written piece by piece', () => {
  test('toJsonChunks joins to exactly JSON.stringify(toJson(…)) for every real dump', () => {
    for (const name of TEXT_DUMPS) {
      const analysis = analyze(parseDumpText(fixtureText(name)));
      assert.equal(jsonText(toJsonChunks(analysis)), JSON.stringify(toJson(analysis)), name);
    }
  });
});

describe('JSON written piece by piece, escaped for a terminal', () => {
  const escaped = (analysis: ReturnType<typeof analyze>) => jsonText(toJsonChunks(analysis, undefined, escapeJson));

  test('toJsonChunks with escapeJson joins to exactly escapeJson(JSON.stringify(toJson(…))) for every real dump', () => {
    for (const name of TEXT_DUMPS) {
      const analysis = analyze(parseDumpText(fixtureText(name)));
      assert.equal(escaped(analysis), escapeJson(JSON.stringify(toJson(analysis))), name);
    }
  });

  test('names with quotes, backslashes, bidi and C1 controls, lone surrogates, labels, and a group of more ids than one piece', () => {
    const odd = ['main.q"uote', 'main.back\\slash', 'main.bidi\u202eevil', 'main.c1\u0085x', 'main.lone\ud800x', 'main.emoji😀', 'main.plain'];
    let text = '';
    let id = 1;
    for (const func of odd) {
      text += `goroutine ${id++} [select, 3 minutes, locked to thread]:\n${func}(0x1)\n\t/src/${func.slice(5)}/x "y".go:${id} +0x1d\n`;
      text += `created by main.start in goroutine 1\n\t/src/main.go:9 +0x65\n\n`;
    }
    for (let i = 0; i < 9000; i++) text += `goroutine ${id++} [chan receive (leaked)]:\nmain.many(0x1)\n\t/src/many.go:3 +0x1d\n\n`;
    text += 'goroutine 99999 [running]:\nmain.cut(0x1)\n\t/src/cut.go:4';
    const analysis = analyze(parseDumpText(text));
    assert.equal(analysis.groups[0]!.ids!.length, 9000);
    assert.equal(escaped(analysis), escapeJson(JSON.stringify(toJson(analysis))));
    assert.equal(jsonText(toJsonChunks(analysis)), JSON.stringify(toJson(analysis)));
  });
});

describe("JSON written from the tables' bytes", () => {
  /** copies runs toJsonChunks counting, for the frames of stacks in a BucketBuilder's tables, the names and files copied as bytes and those made into strings. */
  function copies(analysis: ReturnType<typeof analyze>, escape?: (json: string) => string) {
    const proto = TableBucket.prototype;
    const { copyName, copyFile, nameOf, fileOf } = proto;
    const counts = { funcBytes: 0, fileBytes: 0, funcStrings: 0, fileStrings: 0 };
    proto.copyName = function (this: TableBucket, id, target, at) {
      const n = copyName.call(this, id, target, at);
      if (n >= 0) counts.funcBytes++;
      return n;
    };
    proto.copyFile = function (this: TableBucket, id, target, at) {
      const n = copyFile.call(this, id, target, at);
      if (n >= 0) counts.fileBytes++;
      return n;
    };
    proto.nameOf = function (this: TableBucket, id) {
      counts.funcStrings++;
      return nameOf.call(this, id);
    };
    proto.fileOf = function (this: TableBucket, id) {
      counts.fileStrings++;
      return fileOf.call(this, id);
    };
    try {
      return { text: jsonText(toJsonChunks(analysis, undefined, escape)), chunks: [...toJsonChunks(analysis, undefined, escape)], counts };
    } finally {
      Object.assign(proto, { copyName, copyFile, nameOf, fileOf });
    }
  }

  test("a real dump's frames and creators are written from the bytes of their names and files, none made into a string", () => {
    const analysis = analyze(parseDumpText(fixtureText('zoo.debug2.txt')));
    // Each group's frames and its creator's.
    const frames = analysis.groups.reduce((sum, g) => sum + g.frames.length + (g.creator === null ? 0 : 1), 0);
    assert.ok(frames > 20);
    const { text, chunks, counts } = copies(analysis, escapeJson);
    assert.equal(text, escapeJson(JSON.stringify(toJson(analysis))));
    // Twice: toJsonChunks ran twice.
    assert.deepEqual(counts, { funcBytes: 2 * frames, fileBytes: 2 * frames, funcStrings: 0, fileStrings: 0 });
    assert.ok(chunks.some((c) => c instanceof Uint8Array));
  });

  test('names and files that are not ASCII or hold a quote, backslash, control character or DEL are written as JSON.stringify does', () => {
    const odd = [
      'main.q"uote',
      'main.back\\slash',
      'main.tab\tx',
      'main.ctl\u0001x',
      'main.del\u007fx',
      'main.latin\u00e9',
      'main.emoji😀',
      'main.bidi\u202eevil',
    ];
    const files = ['/src/q"uote.go', '/src/back\\slash.go', '/src/ctl\u0001.go', '/src/del\u007f.go', '/src/caf\u00e9.go', '/src/emoji😀.go', '/src/plain.go'];
    let text = '';
    let id = 1;
    for (const func of odd) {
      for (const file of files) {
        text += `goroutine ${id++} [select]:\n${func}(0x1)\n\t${file}:${id} +0x1d\nmain.plain()\n\t/src/plain.go:7 +0x2\n`;
        text += `created by ${func} in goroutine 1\n\t${file}:9 +0x65\n\n`;
      }
    }
    // The parser removes the control characters and DEL from inside lines (see the builder's own test below).
    const analysis = analyze(parseDumpText(text));
    assert.ok(analysis.groups.length > 40);
    for (const escape of [undefined, escapeJson]) {
      const { text: json, counts } = copies(analysis, escape);
      assert.equal(json, (escape ?? ((s: string) => s))(JSON.stringify(toJson(analysis))));
      assert.ok(counts.funcStrings > 0 && counts.fileStrings > 0 && counts.funcBytes > 0 && counts.fileBytes > 0, JSON.stringify(counts));
    }
  });

  test('the builder copies the bytes of a plain name or file, and no others', () => {
    const builder = new BucketBuilder();
    const target = new Uint8Array(64);
    const plain = builder.frame('main.(*T).f[...]', '/src/a b/x.go', 3);
    assert.equal(builder.copyPlainName(plain, target, 2), 16);
    assert.equal(Buffer.from(target.subarray(2, 18)).toString('latin1'), 'main.(*T).f[...]');
    assert.equal(builder.copyPlainFile(plain, target, 0), 13);
    assert.equal(Buffer.from(target.subarray(0, 13)).toString('latin1'), '/src/a b/x.go');
    assert.equal(builder.copyPlainName(plain, target, 60), -2);
    assert.equal(builder.copyPlainFile(plain, target, 60), -2);
    for (const odd of ['q"uote', 'back\\slash', 'tab\tx', 'ctl\u0001x', 'del\u007fx', 'latin\u00e9', 'emoji😀']) {
      const id = builder.frame(`main.${odd}`, `/src/${odd}.go`, 4);
      assert.equal(builder.copyPlainName(id, target, 0), -1, odd);
      assert.equal(builder.copyPlainFile(id, target, 0), -1, odd);
    }
    // A file the builder learns after copyPlainFile made the files' bytes.
    const later = builder.frame('main.g', '/src/later.go', 5);
    assert.equal(builder.copyPlainFile(later, target, 0), 13);
    assert.equal(Buffer.from(target.subarray(0, 13)).toString('latin1'), '/src/later.go');
  });

  test('with Spares, the buffers of the pieces given back are written again, and the text stays the same', () => {
    let text = '';
    for (let i = 0; i < 3000; i++)
      text += `goroutine ${i + 1} [select]:\nmain.f${i}(0x1)\n\t/src/f${i % 7}.go:${i} +0x1d\nmain.main()\n\t/src/main.go:3 +0x2\n\n`;
    const analysis = analyze(parseDumpText(text));
    const spares = new Spares();
    const copied: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let pieces = 0;
    for (const c of toJsonChunks(analysis, undefined, escapeJson, spares)) {
      if (typeof c === 'string') copied.push(Buffer.from(c));
      else {
        // A reader done with the piece: the generator writes the next ones into it.
        copied.push(Buffer.from(c));
        buffers.add(c.buffer);
        pieces++;
        spares.done(c);
      }
    }
    assert.ok(pieces > 3);
    assert.ok(buffers.size <= 2, `${buffers.size} buffers for ${pieces} pieces`);
    assert.equal(Buffer.concat(copied).toString(), escapeJson(JSON.stringify(toJson(analysis))));
  });

  test('names and files longer than a piece, line numbers of every size, and pieces of at most 64 KiB', () => {
    const long = `main.${'x'.repeat(200_000)}`;
    const lines = [0, 7, 10, 99, 100, 4294967295, 4294967296, 12345678901234, 1e21];
    let text = `goroutine 1 [select]:\n${long}(0x1)\n\t/src/${'y'.repeat(150_000)}.go:5 +0x1d\n\n`;
    let id = 2;
    for (let i = 0; i < 3000; i++) {
      const line = lines[i % lines.length]!;
      text += `goroutine ${id++} [select]:\nmain.f${i}(0x1)\n\t/src/f${i % 7}.go:${line} +0x1d\nmain.main()\n\t/src/main.go:${i} +0x2\n\n`;
    }
    const analysis = analyze(parseDumpText(text));
    const { text: json, chunks } = copies(analysis);
    assert.equal(json, JSON.stringify(toJson(analysis)));
    const pieces = chunks.filter((c) => c instanceof Uint8Array);
    assert.ok(pieces.length > 3);
    assert.equal(pieces.filter((p) => p.length > 1 << 16).length, 2, 'only the pieces holding the long name and the long file');
  });
});

describe('frames found in place', () => {
  test('one function at many files and lines, a line number of more than nine digits, a CR inside a file name: one frame per (function, file, line)', () => {
    const places = ['/a.go:12', '/b.go:12', '/a.go:13', '/a.go:12345678901234', '/c\r.go:5', '/a.go:12'];
    let text = '';
    places.forEach((place, i) => {
      text += `goroutine ${i + 1} [select]:\nmain.f(0x1)\n\t${place} +0x1d\nmain.main()\n\t/m.go:1 +0x2\n\n`;
    });
    // Twice over, so that each frame is found again (by the frame that followed, and by the table).
    const dump = parseDumpText(text + text.replace(/goroutine (\d+)/g, (_, n: string) => `goroutine ${Number(n) + 100}`));
    const frames = dump.buckets.map((b) => b.frames[0]!);
    const keys = new Map<string, Frame>();
    for (const f of frames) {
      const key = `${f.func} ${f.file}:${f.line}`;
      const known = keys.get(key);
      if (known) assert.equal(f, known, key);
      else keys.set(key, f);
    }
    for (const place of ['/a.go:12', '/b.go:12', '/a.go:13', '/a.go:12345678901234']) assert.ok(keys.has(`main.f ${place}`), place);
    assert.equal(dump.total, 12);
  });
});
