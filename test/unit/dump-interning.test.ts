import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BucketBuilder } from '../../src/core/dump/buckets';
import { groupDump } from '../../src/core/dump/group';
import type { Bucket, Dump, Frame } from '../../src/core/dump/model';
import { DumpReader, parseDump, parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson, toJsonChunks } from '../../src/core/dump/report';
import { FILE_LINE } from '../../src/core/dump/text';
import { escapeJson } from '../../src/core/terminal';
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
      assert.equal([...toJsonChunks(analysis)].join(''), JSON.stringify(toJson(analysis)), name);
    }
  });
});

describe('JSON written piece by piece, escaped for a terminal', () => {
  const escaped = (analysis: ReturnType<typeof analyze>) => [...toJsonChunks(analysis, undefined, escapeJson)].join('');

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
    assert.equal([...toJsonChunks(analysis)].join(''), JSON.stringify(toJson(analysis)));
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
