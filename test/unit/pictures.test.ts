import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { diffDumps } from '../../src/core/dump/diff';
import { parseDumpText } from '../../src/core/dump/parse';
import { analyze } from '../../src/core/dump/report';
import { WatchHistory } from '../../src/core/dump/watch';
import { buildFlameGraph, flameMatches, fromWire, toWire } from '../../src/core/pictures/flameGraph';
import { lineCounts, lineHint } from '../../src/core/pictures/lineCounts';
import { escapeMarkdown } from '../../src/core/pictures/markdown';
import { isFromPage } from '../../src/core/pictures/picturesProtocol';
import { comparisonTimeline, watchTimeline } from '../../src/core/pictures/timeline';
import { matchesFilter, parseFilter } from '../../src/core/tree/treeModel';
import { ROOT, fixtureText } from '../support/fixtures';

// Real dumps of test/go/dumpzoo (see test/fixtures/dumps/MANIFEST.json): the zoo
// with 40 leaked keep-alive connections, and the leak alone with 20.
const zoo = parseDumpText(fixtureText('zoo.debug2.txt'));
const leak = parseDumpText(fixtureText('transport-leak.debug2.txt'));
const all = (dump: typeof zoo, mode: 'exact' | 'function' | 'state' = 'exact') => analyze(dump, mode).groups.map((group, index) => ({ group, index }));

describe('the merged stack tree (flame graph)', () => {
  const graph = buildFlameGraph(all(zoo), 'exact');
  const name = (i: number) => graph.strings[graph.nodes[i]!.func]!;

  test('the root holds every goroutine and each node is as wide as its children or wider', () => {
    assert.equal(graph.total, zoo.total);
    assert.equal(graph.nodes[0]!.value, zoo.total);
    const childSum = new Map<number, number>();
    for (const n of graph.nodes.slice(1)) childSum.set(n.parent, (childSum.get(n.parent) ?? 0) + n.value);
    for (const [parent, sum] of childSum) assert.ok(sum <= graph.nodes[parent]!.value, `children of ${name(parent)} exceed it`);
  });

  test('stacks run from the first frame (root side) to the top frame', () => {
    // Every leaked readLoop goroutine starts at runtime.goexit's caller side: its depth-1 frame is the outermost frame of its stack.
    const readLoop = graph.nodes.findIndex((n) => graph.strings[n.func] === 'net/http.(*persistConn).readLoop');
    assert.ok(readLoop > 0);
    assert.equal(graph.nodes[readLoop]!.depth, 1, 'readLoop is where those goroutines begin');
    assert.equal(graph.nodes[readLoop]!.value, 40);
    // Its children are the calls it made, down to the frame where the goroutine is parked (the network poller).
    const below = graph.nodes.filter((n) => n.parent === readLoop).map((n) => graph.strings[n.func]);
    assert.deepEqual(below, ['bufio.(*Reader).Peek']);
    let deepest = readLoop;
    while (graph.nodes[deepest + 1]?.parent === deepest) deepest++;
    assert.equal(name(deepest), 'internal/poll.runtime_pollWait', 'parked in the network poller');
  });

  test('siblings are laid out biggest first, side by side, inside their parent', () => {
    for (let i = 0; i < graph.nodes.length; i++) {
      const kids = graph.nodes.map((n, k) => ({ n, k })).filter(({ n }) => n.parent === i);
      let x = graph.nodes[i]!.start;
      let last = Infinity;
      for (const { n } of kids) {
        assert.equal(n.start, x);
        assert.ok(n.value <= last);
        x += n.value;
        last = n.value;
      }
    }
  });

  test('states add up per node; the group pointer names a group through the frame', () => {
    const groups = analyze(zoo).groups;
    for (const n of graph.nodes) {
      assert.equal(
        n.states.reduce((s, [, c]) => s + c, 0),
        n.value,
      );
      if (n.group >= 0 && n.depth > 0) assert.ok(groups[n.group]!.frames.some((f) => graph.strings[n.func] === f.func));
    }
  });

  test('the function grouping merges frames by function; the tree filter narrows the graph', () => {
    const byFunction = buildFlameGraph(all(zoo, 'function'), 'function');
    assert.ok(byFunction.nodes.length <= graph.nodes.length);
    assert.ok(byFunction.nodes.every((n) => n.line === 0));
    const filter = parseFilter('readLoop');
    const filtered = buildFlameGraph(
      all(zoo).filter(({ group }) => matchesFilter(group, filter)),
      'exact',
    );
    assert.equal(filtered.total, 40);
  });

  test('search finds frames and counts each goroutine once under its outermost match', () => {
    const found = flameMatches(graph, 'persistConn');
    assert.ok(found.nodes.length >= 2);
    assert.equal(found.goroutines, 80, 'readLoop and writeLoop of the 40 leaked connections');
    const recursion = flameMatches(graph, 'main.recurse');
    assert.ok(recursion.nodes.length >= 90, 'the recursion is a deep chain');
    assert.equal(recursion.goroutines, 1);
    assert.deepEqual(flameMatches(graph, '  '), { nodes: [], goroutines: 0 });
  });

  test('packed for the webview and unpacked, the graph is the same, sent as binary or as JSON', () => {
    assert.deepEqual(fromWire(structuredClone(toWire(graph))), graph);
    assert.deepEqual(fromWire(JSON.parse(JSON.stringify(toWire(graph)))), graph);
    const wire = toWire(graph);
    assert.ok(wire.columns.byteLength + wire.states.byteLength + wire.stateCounts.byteLength < JSON.stringify(graph).length * 0.6);
  });

  test('the empty dump gives a root alone', () => {
    const emptyGraph = buildFlameGraph([], 'exact');
    assert.equal(emptyGraph.total, 0);
    assert.equal(emptyGraph.nodes.length, 1);
  });
});

describe('goroutines per source line (the dump on the code)', () => {
  const files = lineCounts(all(leak));

  test('the leaked connections show on net/http lines and on the user code that made the Transport', () => {
    const transport = [...files.keys()].find((f) => f.endsWith('net/http/transport.go'))!;
    const readLoopLine = [...files.get(transport)!.values()].find((l) => l.func === 'net/http.(*persistConn).readLoop' && l.parked > 0)!;
    assert.equal(readLoopLine.goroutines, 20);
    assert.equal(readLoopLine.parked, 20);
    assert.deepEqual(readLoopLine.states, { 'IO wait': 20 });
    assert.match(lineHint(readLoopLine), /^20 goroutines here · IO wait/);
  });

  test('a goroutine counts once per line, however often recursion passes it', () => {
    const zooFiles = lineCounts(all(zoo));
    const zooGo = [...zooFiles.keys()].find((f) => f.endsWith('dumpzoo/zoo.go'))!;
    const recurseLine = zooFiles.get(zooGo)!.get(266)!;
    assert.equal(recurseLine.func, 'main.recurse');
    assert.equal(recurseLine.goroutines, 1, 'the 99 frames at zoo.go:266 are one goroutine');
    assert.equal(recurseLine.groups.length, 1);
  });

  test('lines list their groups, biggest first, and say which are parked there', () => {
    for (const lines of files.values()) {
      for (const at of lines.values()) {
        assert.equal(
          at.groups.reduce((s, g) => s + g.count, 0),
          at.goroutines,
        );
        assert.equal(
          at.groups.filter((g) => g.parked).reduce((s, g) => s + g.count, 0),
          at.parked,
        );
        for (let i = 1; i < at.groups.length; i++) assert.ok(at.groups[i - 1]!.count >= at.groups[i]!.count);
      }
    }
  });

  test('the hint reads as README.md shows it (Pictures, "The dump on the code")', () => {
    assert.equal(
      lineHint({ file: 'x.go', line: 1, func: 'f', goroutines: 20431, parked: 20431, states: { 'IO wait': 20431 }, waitMax: 435, groups: [] }),
      '20,431 goroutines here · IO wait · up to 435 min',
    );
    assert.equal(
      lineHint({ file: 'x.go', line: 1, func: 'f', goroutines: 3, parked: 1, states: { select: 2, 'chan receive': 1 }, waitMax: null, groups: [] }),
      '3 goroutines here · select +1 · 1 parked here',
    );
  });
});

describe('the timeline', () => {
  test('a watch follows the total and the biggest groups, growing ones marked', () => {
    const history = new WatchHistory(10);
    history.add(leak, 1_000);
    history.add(zoo, 2_000);
    const growing = new Set(history.suspects(1).map((s) => s.key));
    assert.ok(growing.size > 0, 'the leaked connections grew from 20 to 40');
    const timeline = watchTimeline('watching x', history.snapshots, growing, 3);
    assert.deepEqual(timeline.times, [1_000, 2_000]);
    assert.deepEqual(timeline.total, [leak.total, zoo.total]);
    const readLoop = timeline.lines.find((l) => l.name === 'http.(*persistConn).readLoop')!;
    assert.deepEqual(readLoop.counts, [20, 40]);
    assert.equal(readLoop.growing, true);
    assert.ok(timeline.lines.length >= 3);
  });

  test('a comparison is the same picture with two points', () => {
    const diff = diffDumps(leak, zoo);
    const timeline = comparisonTimeline('a → b', diff, [5, 9]);
    assert.deepEqual(timeline.total, [leak.total, zoo.total]);
    assert.ok(timeline.lines.every((l) => l.counts.length === 2));
    assert.ok(timeline.lines.some((l) => l.name === 'http.(*persistConn).readLoop' && l.growing));
  });

  test('no snapshots, no lines', () => {
    assert.deepEqual(watchTimeline('t', [], new Set()), { title: 't', times: [], total: [], lines: [] });
  });
});

describe('text from a dump stays text', () => {
  test('markdown escapes tags, links and emphasis', () => {
    const hostile = 'main.<img src=x onerror=alert(1)>[click](command:x)*b*';
    const escaped = escapeMarkdown(hostile);
    assert.ok(!/(^|[^\\])[<>[\]()*]/.test(escaped), escaped);
    assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile);
  });
  test('messages from the page are checked by type', () => {
    assert.equal(isFromPage({ type: 'openSource', file: 'a.go', line: 3, func: 'f' }), true);
    assert.equal(isFromPage({ type: 'drawn', key: 'k', nodes: 3, timelinePoints: 0, drawMs: 1, sinceRequestMs: 2, transitMs: 1, pageMs: 1 }), true);
    assert.equal(isFromPage({ type: 'openSource', file: 'a.go' }), false);
    assert.equal(isFromPage({ type: 'eval', code: '1' }), false);
    assert.equal(isFromPage(null), false);
  });
});

describe('many distinct stacks (test/go/manystacks, run now)', () => {
  // manystacks -n 500 -depth 2: goroutine k calls s<d1> then s<d2> for the digits of k mod 100, then parks.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous describe builds the program; run-dumpzoo.mjs is loaded as Node loads it
  const { buildProgramSync, programDir } = require(join(ROOT, 'test', 'go', 'run-dumpzoo.mjs')) as {
    buildProgramSync(name: string): string;
    programDir(name: string): string;
  };
  const dir = mkdtempSync(join(tmpdir(), 'manystacks-'));
  const out = join(dir, 'dump.txt');
  execFileSync(buildProgramSync('manystacks'), ['-n', '500', '-depth', '2', '-out', out], { timeout: 60_000 });
  const dump = parseDumpText(readFileSync(out, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const parkLine =
    readFileSync(join(programDir('manystacks'), 'main.go'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('<-park')) + 1;

  test('100 distinct stacks of 5 goroutines merge into a 10 × 10 fan', () => {
    const groups = all(dump);
    const parked = groups.filter(({ group }) => group.frames.some((f) => f.func === 'main.step'));
    assert.equal(parked.length, 100);
    assert.ok(parked.every(({ group }) => group.count === 5));
    const graph = buildFlameGraph(groups, 'exact');
    const firstSteps = graph.nodes.filter((n) => n.depth === 1 && graph.strings[n.func] === 'main.step');
    assert.equal(firstSteps.length, 10, 'the first frame: step at the call for the first digit');
    assert.ok(firstSteps.every((n) => n.value === 50));
    const byFunction = buildFlameGraph(all(dump, 'function'), 'function');
    assert.equal(byFunction.nodes.filter((n) => n.depth === 1 && byFunction.strings[n.func] === 'main.step').length, 1, 'merged by function alone');
  });

  test('the line where they are parked counts all 500, the lines they pass count their share', () => {
    const files = lineCounts(all(dump));
    const main = [...files.keys()].find((f) => f.endsWith('manystacks/main.go'))!;
    const park = files.get(main)!.get(parkLine)!;
    assert.equal(park.goroutines, 500);
    assert.equal(park.parked, 500);
    assert.equal(park.groups.length, 100);
    const s0 = [...files.get(main)!.values()].find((l) => l.func === 'main.s0')!;
    assert.equal(s0.goroutines, 50 + 50 - 5, 'through s0 as the first or the second digit, goroutines 00 counted once');
  });
});
