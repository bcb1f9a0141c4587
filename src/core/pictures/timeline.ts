import type { DumpDiff } from '../dump/diff';
import type { Snapshot } from '../dump/watch';
import { groupName } from '../tree/treeModel';

/**
 * The timeline of a watch: the total and the biggest groups over the
 * snapshots kept, with the groups that keep growing marked. A comparison of
 * two dumps is the same picture with two points.
 */

/** TimelineLine is one group's goroutines at each point (0 where the group is absent). */
export interface TimelineLine {
  readonly key: string;
  readonly name: string;
  readonly counts: number[];
  /** True for a group that grew at each of the last fetches (the watch's growth warning) or, in a comparison, grew. */
  readonly growing: boolean;
}

/** Timeline is what the chart draws: times in ms since the epoch, oldest first. */
export interface Timeline {
  readonly title: string;
  readonly times: number[];
  readonly total: number[];
  readonly lines: TimelineLine[];
}

/**
 * watchTimeline follows the `top` groups that are biggest in the newest
 * snapshot, plus every growing group (`growing`: keys from
 * WatchHistory.suspects), over the snapshots.
 */
export function watchTimeline(title: string, snapshots: readonly Snapshot[], growing: ReadonlySet<string>, top = 5): Timeline {
  const last = snapshots[snapshots.length - 1];
  const keys: string[] = [];
  if (last) {
    const biggest = [...last.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k]) => k);
    for (const k of [...growing, ...biggest]) if (!keys.includes(k) && snapshots.some((s) => s.groups.has(k))) keys.push(k);
  }
  const lines = keys.map((key): TimelineLine => {
    const group = [...snapshots]
      .reverse()
      .find((s) => s.groups.has(key))!
      .groups.get(key)!;
    return { key, name: groupName(group), counts: snapshots.map((s) => s.counts.get(key) ?? 0), growing: growing.has(key) };
  });
  return { title, times: snapshots.map((s) => s.time), total: snapshots.map((s) => s.total), lines };
}

/** comparisonTimeline is a comparison's two points: the total and the groups that changed most, grown ones marked. */
export function comparisonTimeline(title: string, diff: DumpDiff, times: [number, number], top = 6): Timeline {
  const changed = diff.groups.filter((d) => d.change !== 'same');
  const picked = [...changed].sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, top);
  return {
    title,
    times: [...times],
    total: [diff.totalBefore, diff.totalAfter],
    lines: picked.map((d) => ({ key: d.key, name: groupName(d.group), counts: [d.before, d.after], growing: d.delta > 0 })),
  };
}
