import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { groupDump } from '../../src/core/dump/group';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze } from '../../src/core/dump/report';
import {
  filterText,
  groupDescription,
  groupIndexById,
  groupLabel,
  matchesFilter,
  pageIds,
  parseFilter,
  raceAccessText,
  raceTitle,
  shortFunc,
  stackText,
} from '../../src/core/tree/treeModel';
import { DUMPS, fixtureText } from '../support/fixtures';

describe('tree model', () => {
  const dump = parseDumpText(fixtureText('zoo.debug2.txt'));
  const groups = groupDump(dump);
  const readLoop = groups.find((g) => g.frames.some((f) => f.func === 'net/http.(*persistConn).readLoop'))!;

  test('labels name the frame of interest, not the runtime or I/O plumbing', () => {
    assert.equal(shortFunc('net/http.(*persistConn).readLoop'), 'http.(*persistConn).readLoop');
    assert.equal(shortFunc('example.com/a/b.F[...].func1'), 'b.F[...].func1');
    assert.equal(groupLabel(readLoop), '40 × http.(*persistConn).readLoop');
    assert.equal(groupDescription(readLoop), 'IO wait');
  });
  test('copy stack renders a goroutine block Go-style', () => {
    const text = stackText(readLoop);
    assert.match(text, /^40 goroutines \[IO wait\]:\n/);
    assert.match(text, /net\/http\.\(\*persistConn\)\.readLoop\n\t\/usr\/lib\/go-1\.19\/src\/net\/http\/transport\.go:\d+\n/);
    assert.match(text, /created by net\/http\.\(\*Transport\)\.dialConn\n/);
    assert.equal(parseDumpText(text.replace(/^40 goroutines/, 'goroutine 1')).total, 1, 'the copied stack parses back');
  });
  test('filter: text, state and minimum count', () => {
    const f = parseFilter('persistConn state:"IO wait" min:10');
    assert.deepEqual(f, { text: 'persistConn', state: 'IO wait', minCount: 10 });
    assert.equal(filterText(f), 'persistConn state:"IO wait" min:10');
    const kept = groups.filter((g) => matchesFilter(g, f));
    assert.deepEqual(kept, [readLoop]);
    assert.equal(groups.filter((g) => matchesFilter(g, parseFilter('main.'))).length > 10, true);
    assert.equal(groups.filter((g) => matchesFilter(g, parseFilter('state:select min:40'))).length, 1);
    assert.throws(() => parseFilter('min:lots'), /min: expects a whole number of goroutines, not "lots"/);
  });
  test('ids page in levels of at most 100 rows that cover every id once', () => {
    assert.equal(pageIds({ start: 0, end: 100 }), 'leaf');
    for (const n of [101, 10_000, 100_000, 1_000_001]) {
      let leaves = 0;
      let levels = 0;
      const walk = (range: { start: number; end: number }, depth: number) => {
        levels = Math.max(levels, depth);
        const pages = pageIds(range);
        if (pages === 'leaf') {
          assert.ok(range.end - range.start <= 100);
          leaves += range.end - range.start;
          return;
        }
        assert.ok(pages.length <= 100 && pages.length > 1, `${pages.length} pages`);
        assert.equal(pages[0]!.start, range.start);
        assert.equal(pages[pages.length - 1]!.end, range.end);
        pages.forEach((p, i) => i > 0 && assert.equal(p.start, pages[i - 1]!.end));
        // Walk only the first and last pages of big levels: enough to check shape without visiting a million rows.
        for (const p of n > 10_000 ? [pages[0]!, pages[pages.length - 1]!] : pages) walk(p, depth + 1);
      };
      walk({ start: 0, end: n }, 1);
      if (n <= 10_000) assert.equal(leaves, n);
      assert.ok(levels <= 4, `${levels} levels for ${n}`);
    }
  });
});

describe('creator ids, cut goroutines and races in the view model (real dumps)', () => {
  const real = (name: string) => parseDumpText(readFileSync(join(DUMPS, 'real', name), 'utf8'));

  test("a creator's goroutine id leads to the parent's group when the parent is in the dump", () => {
    // gostackparse's go121_createdby fixture: goroutine 18 and 19 were created in goroutine 1, which is in the dump.
    const { groups } = analyze(real('gostackparse-go121_createdby.txt'));
    const byId = groupIndexById(groups);
    const child = groups.find((g) => g.parentIds !== null)!;
    for (const parent of child.parentIds!) assert.ok(groups[byId.get(parent)!]!.ids!.includes(parent));
    assert.equal(groupIndexById(analyze(real('fabio-544.debug2.txt')).groups).size, 0, 'Go < 1.21 prints no creator ids');
  });

  test('a group with a goroutine the end of the input cut says so', () => {
    const { groups } = analyze(real('moby-47364.debug2.txt'));
    assert.match(groupDescription(groups.find((g) => g.cut > 0)!), /1 cut by the end of the input/);
  });

  test('race titles and access rows', () => {
    const dump = real('tcproute2-9.race.txt');
    assert.equal(raceTitle(dump.races[0]!, 0), 'Data race 1: write by goroutine 93, previous write by goroutine 91');
    assert.equal(raceAccessText(dump.races[0]!.accesses[1]!), 'previous write by goroutine 91');
    const current = real('matrixone-3849.race.txt');
    assert.equal(raceAccessText(current.races[0]!.accesses[0]!), 'write at 0x00c00077b5a8 by goroutine 120');
    assert.match(raceTitle(current.races[0]!, 0), /\(cut\)$/);
  });
});
