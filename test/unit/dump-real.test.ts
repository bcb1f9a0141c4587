import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { groupDump } from '../../src/core/dump/group';
import type { Dump } from '../../src/core/dump/model';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze, toJson } from '../../src/core/dump/report';
import { DUMPS } from '../support/fixtures';

/**
 * The real-dump corpus (test/fixtures/dumps/real): dumps nobody here wrote —
 * pasted into public GitHub issues (as the public-issue index stores them,
 * cut where its excerpt is cut) and other parsers' test fixtures — each with
 * the facts established by reading it (MANIFEST.json): the goroutine ids, the
 * one the end of the text cut, the creators' ids, the damage it shows. Every
 * entry is checked; the damage each shows must be noted in `problems`.
 */
const REAL = join(DUMPS, 'real');

interface RealEntry {
  file: string;
  source: { url?: string; repo?: string; path?: string; how: string };
  goVersion: string | null;
  damage: string[];
  expect: {
    format?: string;
    ids?: number[];
    cut?: number;
    truncated?: boolean;
    parents?: Record<string, number>;
    otherDumps?: { format: string; total: number }[];
    records?: number;
    total?: number;
    declaredTotal?: number;
    functions?: string[];
    frames?: Record<string, string>;
    creator?: string;
    signature?: string;
    lockedToThread?: number;
    panics?: string[];
    races?: number;
    accesses?: number[][];
    created?: number[][];
    /** The goroutines durably blocked in a synctest bubble (` (durable)`), and each bubbled goroutine's bubble. */
    durable?: number[];
    bubbles?: Record<string, number>;
    /** The crashing goroutine's stack Go prints with no header after a Windows exception: kept as a goroutine with no id. */
    crashStack?: { frames: number; top: string; creator?: string };
    signal?: string;
    /** Lines the preamble's notes must hold (what the runtime said of the crash). */
    notes?: string[];
    /** How many buckets (goroutines, records) the end of the input cut. */
    cutCount?: number;
    truncatedReason?: string;
  };
}

const entries = JSON.parse(readFileSync(join(REAL, 'MANIFEST.json'), 'utf8')) as RealEntry[];

/** NOTED maps a kind of damage to the words `problems` uses for it. */
const NOTED: Record<string, RegExp> = {
  'starts-mid-goroutine': /no goroutine header above them/,
  'cut-header': /header is cut/,
  'cut-log-prefix': /log prefix changed/,
  'eaten-hash': /leading `#` was lost/,
  'double-spaced': /blank line after every line/,
  'unindented-file-lines': /lost their indentation/,
  'two-dumps': /further dump starts here/,
  'wrapped-line': /joined lines/,
  'starts-mid-race': /starts inside a data race report/,
  'cut-name': /the last line, cut by the end of the input, is too short to read as a frame/,
};

function allIds(dump: Dump): number[] {
  return dump.buckets.flatMap((b) => b.ids ?? []).sort((a, b) => a - b);
}

describe('the real-dump corpus', () => {
  test('holds at least 30 dumps, each with its source', () => {
    assert.ok(entries.length >= 30, `${entries.length} dumps`);
    for (const e of entries) assert.ok(e.source.url ?? e.source.repo, `${e.file} has a source`);
  });

  for (const entry of entries) {
    test(`${entry.file} (${entry.damage.join(', ') || 'as written'})`, () => {
      const text = readFileSync(join(REAL, entry.file), 'utf8');
      let dump: Dump;
      try {
        dump = parseDumpText(text);
      } catch (err) {
        if (entry.expect.ids?.length === 0 && text.length === 0) return; // the empty input: refused with its typed error
        throw err;
      }
      const e = entry.expect;
      const context = `problems: ${dump.problems.join(' | ')}; truncated: ${dump.truncatedReason}`;
      if (e.format !== undefined) assert.equal(dump.format, e.format, context);
      if (e.ids !== undefined)
        assert.deepEqual(
          allIds(dump),
          [...e.ids].sort((a, b) => a - b),
          `goroutine ids; ${context}`,
        );
      const cutIds = dump.buckets.filter((b) => b.cut).flatMap((b) => b.ids ?? []);
      if (e.cut !== undefined) assert.deepEqual(cutIds, [e.cut], `the goroutine cut at the end; ${context}`);
      else if (e.ids !== undefined && e.truncated === false) assert.deepEqual(cutIds, [], `no goroutine is cut; ${context}`);
      if (e.truncated !== undefined) assert.equal(dump.truncated, e.truncated, context);
      for (const [child, parent] of Object.entries(e.parents ?? {})) {
        const bucket = dump.buckets.find((b) => b.ids?.includes(Number(child)));
        assert.ok(bucket?.parentIds?.includes(parent), `goroutine ${child} was created in goroutine ${parent}`);
        const group = groupDump(dump).find((g) => g.ids?.includes(Number(child)))!;
        assert.ok(group.parentIds?.includes(parent));
      }
      if (e.otherDumps !== undefined)
        assert.deepEqual(
          dump.otherDumps.map((d) => ({ format: d.format, total: d.total })),
          e.otherDumps,
        );
      else assert.deepEqual(dump.otherDumps, [], 'one dump');
      if (e.records !== undefined) assert.equal(dump.buckets.length, e.records, 'records');
      if (e.total !== undefined) assert.equal(dump.total, e.total, 'total');
      else if (e.ids !== undefined) assert.equal(dump.total, e.ids.length, 'total');
      if (e.declaredTotal !== undefined) assert.equal(dump.declaredTotal, e.declaredTotal);
      for (const func of e.functions ?? [])
        assert.ok(
          dump.buckets.some((b) => b.frames.some((f) => f.func === func)),
          `a stack holds ${func}`,
        );
      for (const [func, at] of Object.entries(e.frames ?? {})) {
        assert.ok(
          dump.buckets.some((b) => b.frames.some((f) => f.func === func && `${f.file}:${f.line}` === at)),
          `${func} at ${at}`,
        );
      }
      if (e.creator !== undefined)
        assert.ok(
          dump.buckets.some((b) => b.creator?.func === e.creator),
          `created by ${e.creator}`,
        );
      if (e.signature !== undefined)
        assert.ok(
          analyze(dump).signatures.some((s) => s.signature.id === e.signature),
          `signature ${e.signature}`,
        );
      if (e.lockedToThread !== undefined)
        assert.equal(
          dump.buckets.reduce((n, b) => n + b.lockedToThread, 0),
          e.lockedToThread,
        );
      if (e.panics !== undefined) assert.deepEqual(dump.preamble.panics, e.panics);
      if (e.crashStack !== undefined) {
        const crashing = dump.buckets.filter((b) => b.ids === null);
        assert.equal(crashing.length, 1, 'one goroutine without an id: the crashing one');
        assert.equal(crashing[0]!.state, 'running');
        assert.equal(crashing[0]!.frames.length, e.crashStack.frames, 'its frames');
        assert.equal(crashing[0]!.frames[0]!.func, e.crashStack.top);
        assert.equal(crashing[0]!.creator?.func, e.crashStack.creator);
        assert.ok(
          dump.preamble.notes.some((n) => /crashing goroutine's stack, which Go prints without a goroutine header/.test(n)),
          `the preamble says so: ${dump.preamble.notes.join(' | ')}`,
        );
      }
      if (e.signal !== undefined) assert.equal(dump.preamble.signal, e.signal);
      if (e.cutCount !== undefined) assert.equal(dump.buckets.filter((b) => b.cut).length, e.cutCount, `cut buckets; ${context}`);
      if (e.truncatedReason !== undefined) assert.equal(dump.truncatedReason, e.truncatedReason);
      for (const note of e.notes ?? []) assert.ok(dump.preamble.notes.includes(note), `noted: ${note}; notes: ${dump.preamble.notes.join(' | ')}`);
      if (e.durable !== undefined)
        assert.deepEqual(
          dump.buckets.filter((b) => b.durable).flatMap((b) => b.ids ?? []),
          e.durable,
          'the goroutines durably blocked',
        );
      for (const [id, bubble] of Object.entries(e.bubbles ?? {})) {
        const group = groupDump(dump).find((g) => g.ids?.includes(Number(id)))!;
        assert.deepEqual(group.bubbles, [bubble], `goroutine ${id} is in synctest bubble ${bubble}`);
      }
      if (e.races !== undefined) assert.equal(dump.races.length, e.races, 'races');
      (e.accesses ?? []).forEach((ids, i) =>
        assert.deepEqual(
          dump.races[i]!.accesses.map((a) => a.goroutine),
          ids,
          `race ${i + 1} accesses`,
        ),
      );
      (e.created ?? []).forEach((ids, i) =>
        assert.deepEqual(
          dump.races[i]!.goroutines.map((g) => g.id),
          ids,
          `race ${i + 1} creation stacks`,
        ),
      );
      for (const race of dump.races) for (const a of race.accesses) assert.ok(a.frames.length > 0 || a.stackUnavailable || race.cut, 'an access has its stack');
      for (const kind of entry.damage) {
        const words = NOTED[kind];
        if (words)
          assert.ok(
            dump.problems.some((p) => words.test(p)),
            `${kind} is noted; ${context}`,
          );
      }
      // No function name is a name cut after its receiver and read as called (`testing.(*testContext)` as `testing.`).
      for (const b of dump.buckets) for (const f of b.frames) assert.ok(!f.func.endsWith('.'), `a whole function name: ${f.func}`);
      // The JSON contract holds: the groups add up to the total.
      const json = toJson(analyze(dump));
      assert.equal(
        json.groups.reduce((n, g) => n + g.count, 0),
        json.total,
      );
    });
  }
});
