import { groupDump, printsCreators } from './group';
import type { Dump, Group, GroupMode } from './model';

/** Snapshot is one fetch of a watched endpoint, reduced to what trends need. */
export interface Snapshot {
  readonly time: number;
  readonly total: number;
  /** Goroutines per group identity. */
  readonly counts: ReadonlyMap<string, number>;
  readonly groups: ReadonlyMap<string, Group>;
}

/** Suspect is a group that grew at every one of the last snapshots. */
export interface Suspect {
  readonly key: string;
  readonly group: Group;
  /** Goroutines gained over the streak. */
  readonly rise: number;
  /** Length of the streak in milliseconds. */
  readonly spanMs: number;
  /** The counts over the streak, oldest first. */
  readonly counts: readonly number[];
}

/** Trend is the total's movement over the snapshots kept. */
export interface Trend {
  readonly total: number;
  /** Change since the previous snapshot (0 for the first). */
  readonly sincePrevious: number;
  /** Change since the oldest snapshot kept. */
  readonly sinceFirst: number;
  readonly spanMs: number;
  readonly direction: 'up' | 'down' | 'flat';
}

/**
 * WatchHistory keeps the last `keep` snapshots of a watched endpoint and
 * says which groups keep growing: the mark of a leak is a group that grows
 * at every fetch, not one that is merely big.
 */
export class WatchHistory {
  private readonly list: Snapshot[] = [];

  constructor(
    private readonly keep: number,
    private readonly mode: GroupMode = 'exact',
  ) {}

  get snapshots(): readonly Snapshot[] {
    return this.list;
  }

  add(dump: Dump, time: number): Snapshot {
    const counts = new Map<string, number>();
    const groups = new Map<string, Group>();
    for (const g of groupDump(dump, this.mode)) {
      // debug=1 and debug=0 print no creators: identify by stack so a watch of either is consistent.
      const key = printsCreators(dump.format) ? g.key : g.stackKey;
      counts.set(key, (counts.get(key) ?? 0) + g.count);
      if (!groups.has(key)) groups.set(key, g);
    }
    const snapshot = { time, total: dump.total, counts, groups };
    this.list.push(snapshot);
    while (this.list.length > this.keep) this.list.shift();
    return snapshot;
  }

  trend(): Trend | null {
    const last = this.list[this.list.length - 1];
    if (!last) return null;
    const first = this.list[0]!;
    const previous = this.list[this.list.length - 2] ?? last;
    const sincePrevious = last.total - previous.total;
    return {
      total: last.total,
      sincePrevious,
      sinceFirst: last.total - first.total,
      spanMs: last.time - first.time,
      direction: sincePrevious > 0 ? 'up' : sincePrevious < 0 ? 'down' : 'flat',
    };
  }

  /** suspects lists the groups that grew at each of the last `rises` fetches, biggest rise first. */
  suspects(rises = 3): Suspect[] {
    if (this.list.length < rises + 1) return [];
    const window = this.list.slice(-(rises + 1));
    const last = window[window.length - 1]!;
    const found: Suspect[] = [];
    for (const [key, group] of last.groups) {
      const counts = window.map((s) => s.counts.get(key) ?? 0);
      if (counts.every((c, i) => i === 0 || c > counts[i - 1]!)) {
        found.push({ key, group, rise: counts[counts.length - 1]! - counts[0]!, spanMs: last.time - window[0]!.time, counts });
      }
    }
    return found.sort((a, b) => b.rise - a.rise);
  }
}

/** describeSpan is `5 min`, `45 s`, `2 h 10 min`. */
export function describeSpan(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}
