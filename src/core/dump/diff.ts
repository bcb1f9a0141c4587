import { groupDump, printsCreators } from './group';
import type { Dump, Group, GroupMode } from './model';

/** GroupChange says how one group moved between two dumps. */
export type GroupChange = 'new' | 'vanished' | 'grown' | 'shrunk' | 'same';

/** GroupDelta is one group's count in the older and the newer dump. */
export interface GroupDelta {
  readonly key: string;
  /** The group as the newer dump has it, else as the older one had it (vanished). */
  readonly group: Group;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  readonly change: GroupChange;
}

/** DumpDiff compares two dumps group by group. */
export interface DumpDiff {
  readonly totalBefore: number;
  readonly totalAfter: number;
  /**
   * `stack and creator` when both dumps print creators (debug=2, tracebacks);
   * `stack` when one does not (debug=1, debug=0), so that a debug=1 dump can
   * be compared with a debug=2 one.
   */
  readonly matchedBy: 'stack and creator' | 'stack';
  /** Sorted by growth: biggest increase first, then unchanged, then the biggest decrease; vanished last. */
  readonly groups: readonly GroupDelta[];
}

/** diffDumps matches the groups of two dumps by identity and reports the deltas. */
export function diffDumps(older: Dump, newer: Dump, mode: GroupMode = 'exact'): DumpDiff {
  const byStack = !printsCreators(older.format) || !printsCreators(newer.format);
  const keyOf = (g: Group) => (byStack ? g.stackKey : g.key);
  const before = countByKey(groupDump(older, mode), keyOf);
  const after = countByKey(groupDump(newer, mode), keyOf);
  const deltas: GroupDelta[] = [];
  for (const [key, { group, count }] of after) {
    const was = before.get(key)?.count ?? 0;
    deltas.push({ key, group, before: was, after: count, delta: count - was, change: changeOf(was, count) });
  }
  for (const [key, { group, count }] of before) {
    if (!after.has(key)) deltas.push({ key, group, before: count, after: 0, delta: -count, change: 'vanished' });
  }
  const rank = (d: GroupDelta) => (d.change === 'vanished' ? 1 : 0);
  deltas.sort((a, b) => rank(a) - rank(b) || b.delta - a.delta || b.after - a.after);
  return { totalBefore: older.total, totalAfter: newer.total, matchedBy: byStack ? 'stack' : 'stack and creator', groups: deltas };
}

function changeOf(before: number, after: number): GroupChange {
  if (before === 0) return 'new';
  if (after > before) return 'grown';
  if (after < before) return 'shrunk';
  return 'same';
}

/** countByKey sums groups that share a key (groups that differ only by creator, when matching by stack). */
function countByKey(groups: Group[], keyOf: (g: Group) => string): Map<string, { group: Group; count: number }> {
  const map = new Map<string, { group: Group; count: number }>();
  for (const group of groups) {
    const key = keyOf(group);
    const seen = map.get(key);
    if (seen) seen.count += group.count;
    else map.set(key, { group, count: group.count });
  }
  return map;
}
