import * as vscode from 'vscode';
import { diffDumps, type DumpDiff } from '../core/dump/diff';
import type { Dump, GroupMode } from '../core/dump/model';
import { analyze, type Analysis } from '../core/dump/report';
import type { GroupFilter } from '../core/tree/treeModel';

/** DumpSource says where an open dump came from, for its label, "open raw" and re-fetching. */
export type DumpSource =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'document'; readonly uri: vscode.Uri }
  | { readonly kind: 'watch'; readonly url: string };

/** OpenDump is a dump in the Goroutines view. */
export interface OpenDump {
  readonly id: number;
  readonly name: string;
  readonly source: DumpSource;
  readonly dump: Dump;
  readonly openedAt: Date;
  /** The raw text on disk, for "Open Raw Dump" (a file the user opened, or the fetched body saved in storage); null for debug=0. */
  readonly raw: vscode.Uri | null;
  /** Set when this dump replaced an earlier one of the same URL: what changed since. */
  readonly sincePrevious: DumpDiff | null;
  analysis: Analysis;
}

/** Comparison is a diff of two dumps shown in the view. */
export interface Comparison {
  readonly id: number;
  readonly older: OpenDump;
  readonly newer: OpenDump;
  diff: DumpDiff;
}

/**
 * DumpStore holds what the Goroutines view shows: the open dumps, the
 * comparisons, the grouping mode and the filter. Every change fires
 * onDidChange once.
 */
export class DumpStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private nextId = 1;
  private list: OpenDump[] = [];
  private comparisonList: Comparison[] = [];
  private modeValue: GroupMode;
  private filterValue: GroupFilter | null = null;

  /** @param onDropped hears of every dump that leaves the store, closed or replaced by a newer fetch of its URL. */
  constructor(
    mode: GroupMode,
    private readonly onDropped: (dump: OpenDump) => void = () => {},
  ) {
    this.modeValue = mode;
  }

  get dumps(): readonly OpenDump[] {
    return this.list;
  }

  get comparisons(): readonly Comparison[] {
    return this.comparisonList;
  }

  get mode(): GroupMode {
    return this.modeValue;
  }

  get filter(): GroupFilter | null {
    return this.filterValue;
  }

  /**
   * add opens a dump, newest first. A dump of a URL that is already open
   * replaces it and remembers what changed since.
   */
  add(init: { name: string; source: DumpSource; dump: Dump; raw: vscode.Uri | null }): OpenDump {
    const sameUrl = (d: OpenDump) =>
      (d.source.kind === 'url' || d.source.kind === 'watch') && 'url' in init.source && d.source.kind === init.source.kind && d.source.url === init.source.url;
    const previous = this.list.find(sameUrl);
    const open: OpenDump = {
      ...init,
      id: this.nextId++,
      openedAt: new Date(),
      sincePrevious: previous ? diffDumps(previous.dump, init.dump, this.modeValue) : null,
      analysis: analyze(init.dump, this.modeValue),
    };
    this.list = [open, ...this.list.filter((d) => d !== previous)];
    if (previous) {
      this.comparisonList = this.comparisonList.filter((c) => c.older !== previous && c.newer !== previous);
      this.onDropped(previous);
    }
    this.changed.fire();
    return open;
  }

  remove(dump: OpenDump): void {
    if (!this.list.includes(dump)) return;
    this.list = this.list.filter((d) => d !== dump);
    this.comparisonList = this.comparisonList.filter((c) => c.older !== dump && c.newer !== dump);
    this.onDropped(dump);
    this.changed.fire();
  }

  compare(older: OpenDump, newer: OpenDump): Comparison {
    const comparison = { id: this.nextId++, older, newer, diff: diffDumps(older.dump, newer.dump, this.modeValue) };
    this.comparisonList = [comparison, ...this.comparisonList];
    this.changed.fire();
    return comparison;
  }

  removeComparison(comparison: Comparison): void {
    this.comparisonList = this.comparisonList.filter((c) => c !== comparison);
    this.changed.fire();
  }

  setMode(mode: GroupMode): void {
    this.modeValue = mode;
    for (const d of this.list) d.analysis = analyze(d.dump, mode);
    for (const c of this.comparisonList) c.diff = diffDumps(c.older.dump, c.newer.dump, mode);
    this.changed.fire();
  }

  setFilter(filter: GroupFilter | null): void {
    this.filterValue = filter;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
