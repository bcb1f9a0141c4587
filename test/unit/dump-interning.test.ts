import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BucketBuilder } from '../../src/core/dump/buckets';
import { groupDump } from '../../src/core/dump/group';
import type { Bucket, Dump, Frame } from '../../src/core/dump/model';
import { parseDump, parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson, toJsonChunks } from '../../src/core/dump/report';
import { FILE_LINE } from '../../src/core/dump/text';
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
    const frame = builder.frame('net/http.(*persistConn).readLoop', '/usr/lib/go/src/net/http/transport.go', 2040);
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
      assert.equal(builder.knownFrame(frame.func, line) === frame, same, JSON.stringify(line));
    }
    assert.equal(builder.knownFrame('main.other', lines[0]!), undefined);
    // Seen again: the remembered line answers, and a line naming another line number still does not.
    assert.equal(builder.knownFrame(frame.func, lines[0]!), frame);
    assert.equal(builder.knownFrame(frame.func, lines[0]!), frame);
    assert.equal(builder.knownFrame(frame.func, lines[5]!), undefined);
    assert.equal(builder.knownFrame(frame.func, lines[1]!), frame);
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
