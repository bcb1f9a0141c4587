import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { groupDump } from '../../src/core/dump/group';
import { parseDumpText } from '../../src/core/dump/parse';
import { WatchHistory, describeSpan } from '../../src/core/dump/watch';
import { endpointFor, secretKey } from '../../src/core/view/endpoints';
import { bestSuffixMatch, gorootRelative, isStandardLibrary, moduleCacheRelative, suffixScore } from '../../src/core/view/pathMatch';
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
} from '../../src/core/view/treeModel';
import { DUMPS, fixtureText } from '../support/fixtures';

describe('path matching for jump to source', () => {
  test('suffixScore counts shared trailing segments', () => {
    assert.equal(suffixScore('/home/ci/src/app/internal/api/client.go', '/work/app/internal/api/client.go'), 4);
    assert.equal(suffixScore('example.com/app/internal/api/client.go', '/work/app/internal/api/client.go'), 4);
    assert.equal(suffixScore('C:\\Users\\dev\\app\\main.go', '/ws/app/main.go'), 2);
    assert.equal(suffixScore('/x/main.go', '/y/other.go'), 0);
  });
  test('bestSuffixMatch picks the longest suffix, then the shorter path', () => {
    const candidates = ['/ws/cmd/tool/main.go', '/ws/main.go', '/ws/internal/api/client.go', '/ws/vendor/x/api/client.go'];
    assert.equal(bestSuffixMatch('/build/app/internal/api/client.go', candidates), '/ws/internal/api/client.go');
    assert.equal(bestSuffixMatch('example.com/app/cmd/tool/main.go', candidates), '/ws/cmd/tool/main.go');
    assert.equal(bestSuffixMatch('/tmp/x/main.go', candidates), '/ws/main.go', 'a tie goes to the shorter path');
    assert.equal(bestSuffixMatch('/tmp/x/server.go', candidates), undefined);
  });
  test('standard library frames map under GOROOT/src, from any GOROOT or -trimpath', () => {
    assert.equal(gorootRelative('/usr/local/go/src/net/http/transport.go', 'net/http'), 'net/http/transport.go');
    assert.equal(gorootRelative('/usr/lib/go-1.19/src/runtime/proc.go', 'runtime'), 'runtime/proc.go');
    assert.equal(gorootRelative('C:/Program Files/Go/src/net/http/server.go', 'net/http'), 'net/http/server.go');
    assert.equal(gorootRelative('net/http/transport.go', 'net/http'), 'net/http/transport.go');
    assert.equal(
      gorootRelative('/usr/local/go/src/runtime/internal/syscall/asm_linux_amd64.s', 'runtime/internal/syscall'),
      'runtime/internal/syscall/asm_linux_amd64.s',
    );
    assert.equal(
      gorootRelative('/usr/local/go/src/vendor/golang.org/x/net/http2/hpack/x.go', 'vendor/golang.org/x/net/http2/hpack'),
      'vendor/golang.org/x/net/http2/hpack/x.go',
    );
    assert.equal(gorootRelative('/ws/app/main.go', 'main'), undefined);
  });
  test('isStandardLibrary and the module cache', () => {
    assert.equal(isStandardLibrary('net/http'), true);
    assert.equal(isStandardLibrary('example.com/app'), false);
    assert.equal(isStandardLibrary('main'), false);
    assert.equal(moduleCacheRelative('/root/go/pkg/mod/golang.org/x/net@v0.17.0/http2/transport.go'), 'golang.org/x/net@v0.17.0/http2/transport.go');
    assert.equal(moduleCacheRelative('/ws/app/main.go'), undefined);
  });
});

describe('endpoint headers', () => {
  const table = { 'http://localhost:6060': { A: '1' }, 'http://localhost:6060/debug/': { A: '2' }, 'http://host:80': { A: '3' } };
  test('the longest prefix at a boundary wins', () => {
    assert.deepEqual(endpointFor('http://localhost:6060/debug/pprof/goroutine?debug=2', table)?.value, { A: '2' });
    assert.deepEqual(endpointFor('http://localhost:6060', table)?.value, { A: '1' });
    assert.deepEqual(endpointFor('http://localhost:6060?x', table)?.value, { A: '1' });
    assert.equal(endpointFor('http://host:8080/x', table), undefined, ':80 does not cover :8080');
  });
  test('secret keys are per endpoint and header, case-insensitive in the name', () => {
    assert.equal(secretKey('http://a:1/', 'Authorization'), secretKey('http://a:1', 'authorization'));
  });
});

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

describe('watching', () => {
  const base = fixtureText('transport-leak.debug2.txt');
  /** withExtraLeaks adds n more readLoop goroutines to the dump, as a service leaking more over time would. */
  function withExtraLeaks(n: number) {
    const block = base.slice(base.indexOf('goroutine', base.indexOf('persistConn).readLoop') - 2000));
    const one = block.slice(block.indexOf('goroutine'), block.indexOf('\n\n') + 2);
    const extra = Array.from({ length: n }, (_, i) => one.replace(/^goroutine \d+/, `goroutine ${900000 + i}`)).join('');
    return parseDumpText(base + '\n' + extra);
  }
  test('a group growing at every fetch is suspected; a flat one is not', () => {
    const history = new WatchHistory(5);
    const t0 = Date.UTC(2026, 10, 27);
    [0, 10, 20, 30].forEach((n, i) => history.add(withExtraLeaks(n), t0 + i * 100_000));
    const suspects = history.suspects(3);
    assert.equal(suspects.length, 1);
    assert.equal(suspects[0]!.rise, 30);
    assert.equal(describeSpan(suspects[0]!.spanMs), '5 min');
    assert.deepEqual(history.trend(), { total: history.snapshots[3]!.total, sincePrevious: 10, sinceFirst: 30, spanMs: 300_000, direction: 'up' });
    history.add(withExtraLeaks(30), t0 + 400_000);
    assert.equal(history.suspects(3).length, 0, 'a pause in growth ends the streak');
  });
  test('only the last K snapshots are kept', () => {
    const history = new WatchHistory(2);
    for (let i = 0; i < 4; i++) history.add(withExtraLeaks(i), i);
    assert.equal(history.snapshots.length, 2);
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
