import type { Group, GroupMode } from '../dump/model';

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
  const fresh = (func: string, file: string, line: number, pkg: string): Building => ({ func: intern(func), file: intern(file), line, pkg: intern(pkg), value: 0, states: new Map(), bestGroup: -1, bestGroupCount: 0, children: new Map() });
  const root = fresh('all goroutines', '', 0, '');
  let elided = 0;
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
      const key = mode === 'function' ? f.func : `${f.func}\u0000${f.file}:${f.line}`;
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
