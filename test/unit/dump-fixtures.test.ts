import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffDumps } from '../../src/core/dump/diff';
import { groupDump } from '../../src/core/dump/group';
import type { Dump, Group } from '../../src/core/dump/model';
import { analyze, toJson } from '../../src/core/dump/report';
import { parseDumpFile } from '../../src/core/dump/source';
import { fixturePath, manifest, type ManifestEntry } from '../support/fixtures';

/**
 * Every fixture in MANIFEST.json is parsed and checked against the facts its
 * capture script counted in the raw text with its own simple patterns (not
 * with this parser), so the parser is checked against an independent reading.
 */
const entries = manifest();

type Expect = Record<string, unknown>;
const num = (e: Expect, k: string) => (typeof e[k] === 'number' ? (e[k] as number) : undefined);
const rec = (e: Expect, k: string) => (e[k] && typeof e[k] === 'object' && !Array.isArray(e[k]) ? (e[k] as Record<string, number>) : undefined);

function goroutinesWith(dump: Dump, func: string): number {
  return dump.buckets.filter((b) => b.frames.some((f) => f.func === func)).reduce((n, b) => n + b.count, 0);
}

function expectedTotal(entry: ManifestEntry): number | undefined {
  const e = entry.expect;
  return num(e, 'goroutineHeaders') ?? num(e, 'total') ?? num(e, 'totalValue') ?? num(e, 'goroutines');
}

describe('fixture dumps agree with their manifest', () => {
  test('the manifest lists real dumps of every format and hand-written ones', () => {
    const formats = new Set(entries.filter((e) => e.source === 'real').map((e) => e.format));
    assert.deepEqual([...formats].sort(), ['debug0', 'debug1', 'debug2', 'traceback']);
    assert.ok(entries.some((e) => e.source === 'hand-written'));
  });

  for (const entry of entries) {
    test(`${entry.file} (${entry.source} ${entry.format})`, async () => {
      const dump = await parseDumpFile(fixturePath(entry.file));
      const e = entry.expect;
      assert.equal(dump.format, entry.format);
      const total = expectedTotal(entry);
      if (e['truncated'] === true) {
        // A cut dump keeps every goroutine (or record) before the cut, and the one cut in two, marked cut.
        const cut = dump.buckets.filter((b) => b.cut);
        assert.ok(cut.length > 0, 'the goroutine (or record) cut in two is kept and marked');
        const complete = num(e, 'completeGoroutines');
        if (complete !== undefined) assert.equal(dump.total - cut.reduce((n, b) => n + b.count, 0), complete, 'complete goroutines');
        const records = num(e, 'completeRecords');
        if (records !== undefined) assert.equal(dump.buckets.length - cut.length, records, 'complete records');
        if (total !== undefined) assert.ok(dump.total <= total, `${dump.total} of ${total}`);
      } else if (total !== undefined) {
        assert.equal(dump.total, total, 'total');
      }
      const ids = e['ids'] as number[] | undefined;
      if (Array.isArray(ids) && e['truncated'] !== true) {
        assert.deepEqual(
          dump.buckets.flatMap((b) => b.ids ?? []).sort((a, b) => a - b),
          [...ids].sort((a, b) => a - b),
          'goroutine ids',
        );
      }
      for (const func of (e['functions'] as string[] | undefined) ?? []) {
        assert.ok(goroutinesWith(dump, func) > 0, `some goroutine runs ${func}`);
      }
      if (typeof e['truncated'] === 'boolean') assert.equal(dump.truncated, e['truncated'], `truncated: ${dump.truncatedReason}`);
      else assert.equal(dump.truncated, false, `truncated: ${dump.truncatedReason}`);

      const states = rec(e, 'states');
      if (states && e['truncated'] !== true && dump.format !== 'debug1' && dump.format !== 'debug0') {
        const got: Record<string, number> = {};
        for (const b of dump.buckets) got[b.state] = (got[b.state] ?? 0) + b.count;
        assert.deepEqual(got, states, 'states');
      }
      for (const [func, count] of Object.entries(rec(e, 'goroutinesWithFunction') ?? {})) {
        assert.equal(goroutinesWith(dump, func), count, `goroutines with ${func}`);
      }
      for (const [func, count] of Object.entries(rec(e, 'minGoroutinesWithFunction') ?? {})) {
        assert.ok(goroutinesWith(dump, func) >= count, `at least ${count} goroutines with ${func}, got ${goroutinesWith(dump, func)}`);
      }
      const createdBy = rec(e, 'createdBy');
      if (createdBy) {
        const got: Record<string, number> = {};
        for (const b of dump.buckets) if (b.creator) got[b.creator.func] = (got[b.creator.func] ?? 0) + b.count;
        assert.deepEqual(got, createdBy, 'created by');
      }
      const locked = num(e, 'lockedToThread');
      if (locked !== undefined)
        assert.equal(
          dump.buckets.reduce((n, b) => n + b.lockedToThread, 0),
          locked,
          'locked to thread',
        );
      const elided = num(e, 'framesElided');
      if (elided !== undefined)
        assert.equal(
          dump.buckets.filter((b) => b.elided).reduce((n, b) => n + b.count, 0),
          elided,
          'elided',
        );
      const labelSets = (e['labelSets'] ?? e['labels']) as { labels: Record<string, string>; goroutines: number }[] | undefined;
      if (Array.isArray(labelSets) && dump.format !== 'debug2' && dump.format !== 'traceback') {
        for (const set of labelSets) {
          const n = dump.buckets
            .filter((b) => b.labels !== null && JSON.stringify(sortKeys(b.labels)) === JSON.stringify(sortKeys(set.labels)))
            .reduce((k, b) => k + b.count, 0);
          assert.equal(n, set.goroutines, `goroutines labelled ${JSON.stringify(set.labels)}`);
        }
      }
      if (typeof e['panicMessage'] === 'string') assert.ok(dump.preamble.panics[0]?.startsWith(e['panicMessage']), `panic ${dump.preamble.panics[0]}`);
      if (e['recovered'] === true)
        assert.ok(
          dump.preamble.panics.some((p) => p.endsWith('[recovered]')),
          'recovered',
        );
      if (typeof e['fatalError'] === 'string') assert.equal(dump.preamble.fatalError, e['fatalError']);
      if (typeof e['signal'] === 'string') assert.ok(dump.preamble.signal?.includes(e['signal']), `signal ${dump.preamble.signal}`);
      if (e['sigquit'] === true) assert.equal(dump.preamble.signal, 'SIGQUIT: quit');
      const races = num(e, 'dataRaces');
      if (races !== undefined) assert.equal(dump.races.length, races, 'data races');
      const stacks = num(e, 'distinctStacks');
      if (stacks !== undefined) assert.equal(groupDump(dump, 'exact').length, stacks, 'distinct stacks');
      const records = num(e, 'records') ?? num(e, 'samples');
      if (records !== undefined) assert.ok(dump.buckets.length <= records && dump.buckets.length > 0, `${dump.buckets.length} buckets for ${records} records`);
      const leaks = num(e, 'leakedConnections');
      if (leaks !== undefined) {
        const hit = analyze(dump).signatures.find((s) => s.signature.id === 'transport-per-call');
        assert.ok(hit, 'the transport-per-call signature is found');
        assert.ok(hit.count >= 2 * leaks, `signature covers ${hit.count} goroutines for ${leaks} leaked connections`);
      }
      // The JSON contract holds for every fixture.
      const json = toJson(analyze(dump));
      assert.equal(
        json.groups.reduce((n, g) => n + g.count, 0),
        json.total,
      );
    });
  }
});

function sortKeys(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * TRANSIENT marks the goroutines that answer the fetch itself, so they change
 * between the three fetches: the profiler, the server connection serving
 * the request and its background read, and the listener accepting it.
 */
const TRANSIENT = ['runtime/pprof.', 'net/http.(*conn).serve', 'net/http.(*connReader).', 'net/http.(*Server).Serve'];

/** stableGroups keeps the groups a fetch cannot disturb: not TRANSIENT ones, not stacks that debug=1 cuts at 32 PCs, not empty ones (a goroutine not yet started). */
function stableGroups(groups: Group[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const g of groups) {
    if (g.elided || g.frames.length >= 32 || g.frames.length === 0) continue;
    if (g.frames.some((f) => TRANSIENT.some((t) => f.func.startsWith(t)))) continue;
    map.set(g.stackKey, (map.get(g.stackKey) ?? 0) + g.count);
  }
  return map;
}

describe('debug=0, debug=1 and debug=2 of one service give the same groups', () => {
  for (const name of ['zoo', 'transport-leak']) {
    test(name, async () => {
      const [d0, d1, d2] = await Promise.all(['debug0.pb.gz', 'debug1.txt', 'debug2.txt'].map((ext) => parseDumpFile(fixturePath(`${name}.${ext}`))));
      const g2 = stableGroups(groupDump(d2!));
      assert.ok(g2.size >= (name === 'zoo' ? 20 : 2), `${g2.size} stable groups`);
      assert.deepEqual(stableGroups(groupDump(d1!)), g2, 'debug=1 vs debug=2');
      assert.deepEqual(stableGroups(groupDump(d0!)), g2, 'debug=0 vs debug=2');
      // And a diff across formats matches by stack: nothing stable changed.
      const diff = diffDumps(d1!, d2!);
      assert.equal(diff.matchedBy, 'stack');
      for (const d of diff.groups) if (g2.has(d.group.stackKey)) assert.equal(d.change, 'same', d.key);
    });
  }
});
