import type { Frame, Group, GroupMode } from '../dump/model';

/**
 * The flame graph of a dump: every goroutine's stack merged from its first
 * frame (the root, where the goroutine began) to its top frame (where it is
 * parked), so that the width of a frame is the number of goroutines whose
 * stack passes through it.
 *
 * Design choices:
 * - It is built from the groups the tree shows (after its filter, under its
 *   grouping), not from the raw buckets, so the picture and the list agree.
 * - Under the `function` grouping frames merge by function alone; otherwise
 *   by function, file and line, as the groups do.
 * - It crosses the webview boundary as plain data: a flat node list in
 *   depth-first order, strings interned once in a table, positions already
 *   laid out (`start` in goroutines from the left), so the page only scales
 *   and paints.
 */

/** FlameNode is one merged frame. Node 0 is the root: all goroutines. */
export interface FlameNode {
  /** Function, as an index into FlameGraph.strings. */
  readonly func: number;
  /** File as the dump prints it, index into strings. */
  readonly file: number;
  readonly line: number;
  /** Package, index into strings (`` for the root). */
  readonly pkg: number;
  readonly depth: number;
  readonly parent: number;
  /** Left edge, in goroutines from the left of the whole graph. */
  start: number;
  /** Width: the goroutines whose stacks pass through this frame. */
  value: number;
  /** Goroutines per state, as [state string index, count] pairs, biggest first. */
  states: [number, number][];
  /** Index of the group (in the analysis's unfiltered list) with most goroutines through this frame, for "show in tree". */
  group: number;
}

/** FlameGraph is what the webview draws. */
export interface FlameGraph {
  readonly total: number;
  readonly strings: string[];
  readonly nodes: FlameNode[];
  readonly maxDepth: number;
  /** How many goroutines' stacks were cut by Go (`...additional frames elided...`): their root is not their first frame. */
  readonly elided: number;
}

interface Building {
  func: number;
  file: number;
  line: number;
  pkg: number;
  value: number;
  states: Map<number, number>;
  bestGroup: number;
  bestGroupCount: number;
  children: Map<string, Building>;
}

/** buildFlameGraph merges the groups' stacks, root first; siblings are ordered biggest first. */
export function buildFlameGraph(groups: readonly { group: Group; index: number }[], mode: GroupMode): FlameGraph {
  const strings: string[] = [];
  const interned = new Map<string, number>();
  const intern = (s: string) => {
    let i = interned.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      interned.set(s, i);
    }
    return i;
  };
  const fresh = (func: string, file: string, line: number, pkg: string): Building => ({
    func: intern(func),
    file: intern(file),
    line,
    pkg: intern(pkg),
    value: 0,
    states: new Map(),
    bestGroup: -1,
    bestGroupCount: 0,
    children: new Map(),
  });
  const root = fresh('all goroutines', '', 0, '');
  let elided = 0;
  const keys = new Map<Frame, string>();
  const add = (node: Building, group: Group, index: number, stateIds: [number, number][]) => {
    node.value += group.count;
    for (const [s, n] of stateIds) node.states.set(s, (node.states.get(s) ?? 0) + n);
    if (group.count > node.bestGroupCount) [node.bestGroup, node.bestGroupCount] = [index, group.count];
  };
  for (const { group, index } of groups) {
    const stateIds = Object.entries(group.states).map(([s, n]): [number, number] => [intern(s), n]);
    if (group.elided) elided += group.count;
    add(root, group, index, stateIds);
    let node = root;
    for (let i = group.frames.length - 1; i >= 0; i--) {
      const f = group.frames[i]!;
      // The parser interns frames, so a frame's key is built once however many stacks share it.
      let key = keys.get(f);
      if (key === undefined) keys.set(f, (key = mode === 'function' ? f.func : `${f.func}\u0000${f.file}:${f.line}`));
      let child = node.children.get(key);
      if (!child) node.children.set(key, (child = fresh(f.func, f.file, mode === 'function' ? 0 : f.line, f.pkg)));
      add(child, group, index, stateIds);
      node = child;
    }
  }
  const nodes: FlameNode[] = [];
  let maxDepth = 0;
  const lay = (b: Building, depth: number, parent: number, start: number) => {
    const at = nodes.length;
    nodes.push({
      func: b.func,
      file: b.file,
      line: b.line,
      pkg: b.pkg,
      depth,
      parent,
      start,
      value: b.value,
      states: [...b.states].sort((x, y) => y[1] - x[1]),
      group: b.bestGroup,
    });
    if (depth > maxDepth) maxDepth = depth;
    let x = start;
    for (const child of [...b.children.values()].sort((p, q) => q.value - p.value)) {
      lay(child, depth + 1, at, x);
      x += child.value;
    }
  };
  lay(root, 0, -1, 0);
  return { total: root.value, strings, nodes, maxDepth, elided };
}

/** flameMatches lists the nodes whose function contains the text (case-insensitive), and the goroutines under the outermost of them. */
export function flameMatches(graph: FlameGraph, text: string): { nodes: number[]; goroutines: number } {
  const want = text.trim().toLowerCase();
  if (!want) return { nodes: [], goroutines: 0 };
  const hit = graph.strings.map((s) => s.toLowerCase().includes(want));
  const nodes: number[] = [];
  const covered = new Set<number>();
  let goroutines = 0;
  graph.nodes.forEach((n, i) => {
    if (i === 0 || !hit[n.func]) return;
    nodes.push(i);
    // Count a goroutine once, under its outermost matching frame.
    let p = n.parent;
    while (p > 0 && !covered.has(p)) p = graph.nodes[p]!.parent;
    if (p <= 0) goroutines += n.value;
    covered.add(i);
  });
  return { nodes, goroutines };
}

/**
 * FlameWire is a FlameGraph packed for the trip to the webview: one integer
 * column per field instead of an object per node, in typed arrays, which
 * VS Code passes to a webview as binary rather than JSON. A 10 000-stack
 * dump's graph of 32 222 nodes is 3.8 MB as JSON objects, 1.2 MB as JSON
 * columns and 1.3 MB of binary that needs no parsing.
 */
export interface FlameWire {
  readonly total: number;
  readonly maxDepth: number;
  readonly elided: number;
  readonly nodeCount: number;
  readonly strings: string[];
  /** func, file, line, pkg, depth, parent, start, value, group per node, in that order, 9 numbers a node. */
  readonly columns: Int32Array;
  /** Per node: how many [state, count] pairs follow in `states`. */
  readonly stateCounts: Int32Array;
  readonly states: Int32Array;
}

const FIELDS = 9;

/** toWire packs a graph for postMessage. */
export function toWire(graph: FlameGraph): FlameWire {
  const columns = new Int32Array(graph.nodes.length * FIELDS);
  const stateCounts = new Int32Array(graph.nodes.length);
  let pairs = 0;
  for (const n of graph.nodes) pairs += n.states.length;
  const states = new Int32Array(pairs * 2);
  let k = 0;
  graph.nodes.forEach((n, i) => {
    const at = i * FIELDS;
    columns[at] = n.func;
    columns[at + 1] = n.file;
    columns[at + 2] = n.line;
    columns[at + 3] = n.pkg;
    columns[at + 4] = n.depth;
    columns[at + 5] = n.parent;
    columns[at + 6] = n.start;
    columns[at + 7] = n.value;
    columns[at + 8] = n.group;
    stateCounts[i] = n.states.length;
    for (const [s, c] of n.states) {
      states[k++] = s;
      states[k++] = c;
    }
  });
  return {
    total: graph.total,
    maxDepth: graph.maxDepth,
    elided: graph.elided,
    nodeCount: graph.nodes.length,
    strings: graph.strings,
    columns,
    stateCounts,
    states,
  };
}

/** fromWire unpacks what toWire packed (typed arrays, or the plain index objects a typed array becomes when serialised as JSON). */
export function fromWire(wire: FlameWire): FlameGraph {
  const nodes: FlameNode[] = new Array(wire.nodeCount);
  const c = wire.columns;
  let k = 0;
  for (let i = 0; i < nodes.length; i++) {
    const at = i * FIELDS;
    const states: [number, number][] = [];
    for (let j = 0; j < wire.stateCounts[i]!; j++, k += 2) states.push([wire.states[k]!, wire.states[k + 1]!]);
    nodes[i] = {
      func: c[at]!,
      file: c[at + 1]!,
      line: c[at + 2]!,
      pkg: c[at + 3]!,
      depth: c[at + 4]!,
      parent: c[at + 5]!,
      start: c[at + 6]!,
      value: c[at + 7]!,
      group: c[at + 8]!,
      states,
    };
  }
  return { total: wire.total, maxDepth: wire.maxDepth, elided: wire.elided, strings: wire.strings, nodes };
}
