import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { groupDump } from '../../src/core/dump/group';
import type { Dump, Group } from '../../src/core/dump/model';
import { analyze } from '../../src/core/dump/report';
import { parseDumpFile } from '../../src/core/dump/source';
import { fetchDump } from '../../src/core/fetch/fetch';
import { ROOT, fixturePath } from '../support/fixtures';

/**
 * The committed fixtures must not drift from what Go really writes: this
 * test runs the same Go program that produced transport-leak.* (dumpzoo,
 * built with Debian's golang-go), fetches its dump over HTTP in the three
 * forms, and checks that each parses to the groups of the committed one.
 */
interface Dumpzoo {
  baseUrl: string;
  stop(): Promise<void>;
}

let zoo: Dumpzoo;

/** functionGroups keys groups by function names only (the checkout's path is not part of it), leaving out the goroutines that answer the fetch. */
function functionGroups(dump: Dump): Map<string, number> {
  const map = new Map<string, number>();
  const transient = (g: Group) =>
    g.frames.length === 0 || g.frames.some((f) => /^runtime\/pprof\.|^net\/http\.\(\*conn(Reader)?\)|^net\/http\.\(\*Server\)\.Serve/.test(f.func));
  for (const g of groupDump(dump, 'function')) if (!transient(g)) map.set(g.stackKey, (map.get(g.stackKey) ?? 0) + g.count);
  return map;
}

describe('live: a real Go service, fetched over HTTP, parses like the committed fixtures', () => {
  before(async () => {
    const run = (await import(pathToFileURL(join(ROOT, 'test', 'go', 'run-dumpzoo.mjs')).href)) as { startDumpzoo(o: object): Promise<Dumpzoo> };
    zoo = await run.startDumpzoo({ leaks: 20, zoo: false, timeoutMs: 120_000 });
  });
  after(async () => zoo?.stop());

  for (const [debug, file] of [
    ['2', 'transport-leak.debug2.txt'],
    ['1', 'transport-leak.debug1.txt'],
    ['0', 'transport-leak.debug0.pb.gz'],
  ] as const) {
    test(`debug=${debug}`, async () => {
      const url = `${zoo.baseUrl}/debug/pprof/goroutine${debug === '0' ? '' : `?debug=${debug}`}`;
      let progress = 0;
      const live = await fetchDump(url, { onProgress: (bytes) => (progress = bytes) });
      assert.ok(progress > 0, 'progress was reported');
      assert.equal(live.dump.format, `debug${debug}`);
      const committed = await parseDumpFile(fixturePath(file));
      assert.deepEqual(functionGroups(live.dump), functionGroups(committed));
      const hit = analyze(live.dump).signatures.find((s) => s.signature.id === 'transport-per-call');
      assert.equal(hit?.count, 40, 'the 20 leaked connections hold 40 goroutines');
    });
  }
});
