import * as vscode from 'vscode';
import type { GroupDelta } from '../core/dump/diff';
import type { Frame, Group, RaceReport } from '../core/dump/model';
import type { SignatureHit } from '../core/dump/signatures';
import {
  deltaDescription,
  deltaLabel,
  dumpSummary,
  filterText,
  formatCount,
  frameLocation,
  groupDescription,
  groupIndexById,
  groupLabel,
  raceAccessText,
  raceTitle,
  pageIds,
  shortFunc,
  stackText,
  statesHistogram,
  type IdRange,
} from '../core/tree/treeModel';
import { dumpRows, signatureRows, treeIds } from '../core/tree/treeIds';
import { COMMANDS } from '../core/commandIds';
import { DUMP_LANGUAGE_ID } from '../core/document/dumpDocument';
import type { Comparison, DumpStore, OpenDump } from './store';

/**
 * Node is a row of the Goroutines view. Nodes are plain objects built from
 * the model; TreeItems are made from them in getTreeItem only.
 */
export type Node =
  | { readonly kind: 'dump'; readonly dump: OpenDump }
  | { readonly kind: 'summary'; readonly dump: OpenDump }
  | { readonly kind: 'info'; readonly parent: Node; readonly label: string; readonly description?: string; readonly icon?: string; readonly tooltip?: string }
  | { readonly kind: 'signature'; readonly id: string; readonly dump: OpenDump; readonly hit: SignatureHit }
  /** A group under its dump, or under a leak signature that names it (`parent`); `id` is unique to that place (treeIds). */
  | { readonly kind: 'group'; readonly id: string; readonly parent: Node; readonly dump: OpenDump; readonly group: Group; readonly index: number }
  | { readonly kind: 'frame'; readonly parent: Node; readonly dump: OpenDump; readonly frame: Frame; readonly creator: boolean }
  | { readonly kind: 'labels'; readonly parent: Node; readonly group: Group }
  | { readonly kind: 'ids'; readonly parent: Node; readonly dump: OpenDump; readonly group: Group; readonly range: IdRange }
  | { readonly kind: 'id'; readonly parent: Node; readonly dump: OpenDump; readonly id: number }
  | { readonly kind: 'race'; readonly dump: OpenDump; readonly race: RaceReport; readonly index: number }
  | {
      readonly kind: 'stack';
      readonly parent: Node;
      readonly dump: OpenDump;
      readonly label: string;
      readonly frames: readonly Frame[];
      readonly note?: string;
    }
  | { readonly kind: 'parent'; readonly parent: Node; readonly dump: OpenDump; readonly id: number; readonly index: number | null }
  | { readonly kind: 'comparison'; readonly comparison: Comparison }
  | { readonly kind: 'delta'; readonly comparison: Comparison; readonly delta: GroupDelta };

/** PARENTS_SHOWN is how many creator goroutines a group lists. */
const PARENTS_SHOWN = 20;

/** STATE_ICONS picks a codicon for a wait reason. */
const STATE_ICONS: [RegExp, string][] = [
  [/^IO wait/, 'plug'],
  [/^chan (receive|send)/, 'arrow-swap'],
  [/^select/, 'list-selection'],
  [/^sleep/, 'watch'],
  [/^(semacquire|sync\.|sync )/, 'lock'],
  [/^running|^runnable/, 'play'],
  [/^syscall/, 'terminal'],
];

function stateIcon(state: string): string {
  return STATE_ICONS.find(([re]) => re.test(state))?.[1] ?? 'debug-pause';
}

/** GoroutinesTree is the data provider of the "Goroutines" view. */
export class GoroutinesTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: DumpStore) {
    store.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return [
        ...this.store.comparisons.map((comparison): Node => ({ kind: 'comparison', comparison })),
        ...this.store.dumps.map((dump): Node => ({ kind: 'dump', dump })),
      ];
    }
    switch (node.kind) {
      case 'dump': {
        const { dump } = node;
        const filter = this.store.filter;
        const rows = dumpRows(dump.id, dump.analysis, filter).map((row): Node => {
          if (row.kind === 'summary') return { kind: 'summary', dump };
          if (row.kind === 'signature') return { kind: 'signature', id: row.id, dump, hit: row.hit };
          if (row.kind === 'group') return { kind: 'group', id: row.id, parent: node, dump, group: row.group, index: row.index };
          return {
            kind: 'info',
            parent: node,
            label: `${row.hidden} groups hidden by the filter`,
            description: filter ? filterText(filter) : '',
            icon: 'filter',
          };
        });
        // Race reports come after the leak signatures, before the groups.
        const at = rows.findIndex((r) => r.kind !== 'summary' && r.kind !== 'signature');
        rows.splice(at < 0 ? rows.length : at, 0, ...dump.analysis.dump.races.map((race, index): Node => ({ kind: 'race', dump, race, index })));
        return rows;
      }
      case 'summary':
        return this.summaryRows(node);
      case 'signature':
        return signatureRows(node.id, node.hit, node.dump.analysis).map((row) => ({
          kind: 'group',
          id: row.id,
          parent: node,
          dump: node.dump,
          group: row.group,
          index: row.index,
        }));
      case 'group': {
        const { dump, group } = node;
        const children: Node[] = group.frames.map((frame) => ({ kind: 'frame', parent: node, dump, frame, creator: false }));
        if (group.elided) children.push({ kind: 'info', parent: node, label: '…frames elided by Go', icon: 'ellipsis' });
        if (group.creator) children.push({ kind: 'frame', parent: node, dump, frame: group.creator, creator: true });
        // The creators' goroutines (Go >= 1.21), each leading to its group when it is in the dump.
        const byId = groupIndexById(dump.analysis.groups);
        for (const id of (group.parentIds ?? []).slice(0, PARENTS_SHOWN))
          children.push({ kind: 'parent', parent: node, dump, id, index: byId.get(id) ?? null });
        if (group.labels) children.push({ kind: 'labels', parent: node, group });
        if (group.ids && group.ids.length > 0) children.push({ kind: 'ids', parent: node, dump, group, range: { start: 0, end: group.ids.length } });
        return children;
      }
      case 'labels':
        return Object.entries(node.group.labels ?? {}).map(([k, v]) => ({ kind: 'info', parent: node, label: k, description: v, icon: 'tag' }));
      case 'ids': {
        const pages = pageIds(node.range);
        const ids = node.group.ids!;
        if (pages === 'leaf') {
          const rows: Node[] = [];
          for (let i = node.range.start; i < node.range.end; i++) rows.push({ kind: 'id', parent: node, dump: node.dump, id: ids[i]! });
          return rows;
        }
        return pages.map((range) => ({ ...node, parent: node, range }));
      }
      case 'race': {
        const { dump, race } = node;
        const rows: Node[] = race.accesses.map((a) => ({
          kind: 'stack',
          parent: node,
          dump,
          label: raceAccessText(a),
          frames: a.frames,
          ...(a.stackUnavailable ? { note: 'the race detector could not restore the stack' } : {}),
        }));
        for (const g of race.goroutines)
          rows.push({ kind: 'stack', parent: node, dump, label: `goroutine ${g.id} (${g.status}) created at`, frames: g.frames });
        return rows;
      }
      case 'stack':
        return node.frames.map((frame) => ({ kind: 'frame', parent: node, dump: node.dump, frame, creator: false }));
      case 'parent': {
        if (node.index === null) return [];
        const group = node.dump.analysis.groups[node.index]!;
        return group.frames.map((frame) => ({ kind: 'frame', parent: node, dump: node.dump, frame, creator: false }));
      }
      case 'comparison':
        return node.comparison.diff.groups.filter((d) => d.change !== 'same').map((delta) => ({ kind: 'delta', comparison: node.comparison, delta }));
      case 'delta':
        return node.delta.group.frames.map((frame) => ({ kind: 'frame', parent: node, dump: node.comparison.newer, frame, creator: false }));
      default:
        return [];
    }
  }

  private summaryRows(node: Extract<Node, { kind: 'summary' }>): Node[] {
    const { dump: open } = node;
    const { dump, groups } = open.analysis;
    const rows: Node[] = [
      { kind: 'info', parent: node, label: 'Goroutines', description: formatCount(dump.total), icon: 'symbol-number' },
      { kind: 'info', parent: node, label: 'Groups', description: formatCount(groups.length), icon: 'layers' },
    ];
    if (dump.truncated)
      rows.push({
        kind: 'info',
        parent: node,
        label: 'Truncated',
        description: dump.truncatedReason ?? '',
        icon: 'warning',
        tooltip: dump.truncatedReason ?? '',
      });
    for (const panic of dump.preamble.panics) rows.push({ kind: 'info', parent: node, label: 'panic', description: panic, icon: 'error', tooltip: panic });
    if (dump.preamble.fatalError) rows.push({ kind: 'info', parent: node, label: 'fatal error', description: dump.preamble.fatalError, icon: 'error' });
    if (dump.preamble.signal) rows.push({ kind: 'info', parent: node, label: 'signal', description: dump.preamble.signal, icon: 'zap' });
    if (open.sincePrevious) {
      const d = open.sincePrevious.totalAfter - open.sincePrevious.totalBefore;
      rows.push({
        kind: 'info',
        parent: node,
        label: 'Since previous fetch',
        description: `${d >= 0 ? '+' : ''}${formatCount(d)} goroutines`,
        icon: d > 0 ? 'arrow-up' : d < 0 ? 'arrow-down' : 'dash',
      });
    }
    for (const [state, count] of statesHistogram(groups))
      rows.push({ kind: 'info', parent: node, label: state, description: formatCount(count), icon: stateIcon(state) });
    for (const note of dump.preamble.notes) rows.push({ kind: 'info', parent: node, label: 'note', description: note, icon: 'info', tooltip: note });
    for (const problem of dump.problems) rows.push({ kind: 'info', parent: node, label: 'damage', description: problem, icon: 'warning', tooltip: problem });
    for (const other of dump.otherDumps) {
      const text = `from line ${other.line} (${other.reason}): ${formatCount(other.total)} goroutines, not counted here`;
      rows.push({ kind: 'info', parent: node, label: 'another dump in this text', description: text, icon: 'files', tooltip: text });
    }
    return rows;
  }

  getParent(node: Node): Node | undefined {
    switch (node.kind) {
      case 'summary':
      case 'signature':
      case 'race':
        return { kind: 'dump', dump: node.dump };
      case 'group':
        return node.parent;
      case 'delta':
        return { kind: 'comparison', comparison: node.comparison };
      case 'info':
      case 'frame':
      case 'labels':
      case 'ids':
      case 'id':
      case 'stack':
      case 'parent':
        return node.parent;
      default:
        return undefined;
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'dump': {
        const { dump: open } = node;
        const item = new vscode.TreeItem(open.name, C.Expanded);
        item.id = treeIds.dump(open.id);
        item.description = `${dumpSummary(open.dump, open.analysis.groups.length)} · ${open.openedAt.toLocaleTimeString()}`;
        item.iconPath = new vscode.ThemeIcon(open.source.kind === 'url' || open.source.kind === 'watch' ? 'cloud-download' : 'file');
        item.contextValue = open.raw ? 'dump.raw' : 'dump';
        item.tooltip = new vscode.MarkdownString(
          `**${open.name}**\n\n${dumpSummary(open.dump, open.analysis.groups.length)}\n\nopened ${open.openedAt.toLocaleString()}`,
        );
        return item;
      }
      case 'summary': {
        const item = new vscode.TreeItem('Summary', C.Collapsed);
        item.id = treeIds.summary(node.dump.id);
        item.iconPath = new vscode.ThemeIcon('graph');
        item.description = statesHistogram(node.dump.analysis.groups)
          .slice(0, 3)
          .map(([s, n]) => `${s} ${formatCount(n)}`)
          .join(' · ');
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(node.label, C.None);
        if (node.description !== undefined) item.description = node.description;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.tooltip) item.tooltip = node.tooltip;
        return item;
      }
      case 'signature': {
        const { signature, count } = node.hit;
        const item = new vscode.TreeItem(signature.title, C.Collapsed);
        item.id = node.id;
        item.description = `${formatCount(count)} goroutines`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = signature.action === 'scan-transports' ? 'signature.transport' : 'signature';
        const tooltip = new vscode.MarkdownString(`**${signature.title}**\n\n${signature.explanation}\n\n**What to do:** ${signature.advice}`);
        item.tooltip = tooltip;
        item.command = { command: COMMANDS.explainSignature, title: 'Explain', arguments: [node] };
        return item;
      }
      case 'group': {
        const { group } = node;
        const item = new vscode.TreeItem(groupLabel(group), C.Collapsed);
        item.id = node.id;
        item.description = groupDescription(group);
        item.iconPath = new vscode.ThemeIcon(group.leaked > 0 ? 'warning' : stateIcon(group.state));
        item.contextValue = 'group';
        item.tooltip = new vscode.MarkdownString().appendCodeblock(stackText(group), DUMP_LANGUAGE_ID);
        return item;
      }
      case 'frame': {
        const { frame } = node;
        const item = new vscode.TreeItem(node.creator ? `created by ${shortFunc(frame.func)}` : shortFunc(frame.func), C.None);
        item.description = frameLocation(frame);
        item.iconPath = new vscode.ThemeIcon(node.creator ? 'debug-start' : 'symbol-method');
        item.tooltip = `${frame.func}\n${frame.file}${frame.line > 0 ? `:${frame.line}` : ''}`;
        item.contextValue = 'frame';
        item.accessibilityInformation = { label: `${item.label as string} ${item.description}`, role: 'treeitem' };
        item.command = { command: COMMANDS.openSource, title: 'Open Source', arguments: [{ file: frame.file, line: frame.line, func: frame.func }] };
        return item;
      }
      case 'labels': {
        const item = new vscode.TreeItem('Labels', C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('tag');
        item.description = Object.entries(node.group.labels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        return item;
      }
      case 'ids': {
        const { range } = node;
        const whole = range.start === 0 && range.end === node.group.ids!.length;
        const item = new vscode.TreeItem(whole ? 'Goroutine ids' : `ids ${formatCount(range.start + 1)}–${formatCount(range.end)}`, C.Collapsed);
        item.description = whole ? formatCount(range.end) : '';
        item.iconPath = new vscode.ThemeIcon('list-ordered');
        return item;
      }
      case 'id': {
        const item = new vscode.TreeItem(`goroutine ${node.id}`, C.None);
        item.iconPath = new vscode.ThemeIcon('symbol-numeric');
        item.contextValue = node.dump.raw ? 'goroutineId.raw' : 'goroutineId';
        if (node.dump.raw) item.command = { command: COMMANDS.openRawDump, title: 'Open in Raw Dump', arguments: [node] };
        return item;
      }
      case 'race': {
        const item = new vscode.TreeItem(raceTitle(node.race, node.index), C.Collapsed);
        item.id = `dump:${node.dump.id}/race:${node.index}`;
        item.description = `line ${node.race.line}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = 'race';
        return item;
      }
      case 'stack': {
        const item = new vscode.TreeItem(node.label, node.frames.length > 0 ? C.Expanded : C.None);
        if (node.note) item.description = node.note;
        item.iconPath = new vscode.ThemeIcon(node.label.startsWith('goroutine') ? 'debug-start' : 'symbol-field');
        return item;
      }
      case 'parent': {
        const group = node.index === null ? null : node.dump.analysis.groups[node.index]!;
        const item = new vscode.TreeItem(`created in goroutine ${node.id}`, group ? C.Collapsed : C.None);
        item.description = group ? `group #${node.index! + 1}: ${groupLabel(group)}` : 'not in this dump';
        item.iconPath = new vscode.ThemeIcon('type-hierarchy-super');
        if (group) item.tooltip = new vscode.MarkdownString().appendCodeblock(stackText(group), DUMP_LANGUAGE_ID);
        return item;
      }
      case 'comparison': {
        const { comparison: c } = node;
        const item = new vscode.TreeItem(`${c.older.name} → ${c.newer.name}`, C.Expanded);
        item.id = treeIds.comparison(c.id);
        const d = c.diff.totalAfter - c.diff.totalBefore;
        item.description = `${d >= 0 ? '+' : ''}${formatCount(d)} goroutines (${formatCount(c.diff.totalBefore)} → ${formatCount(c.diff.totalAfter)}), by ${c.diff.matchedBy}`;
        item.iconPath = new vscode.ThemeIcon('diff');
        item.contextValue = 'comparison';
        return item;
      }
      case 'delta': {
        const { delta } = node;
        const item = new vscode.TreeItem(deltaLabel(delta), C.Collapsed);
        item.description = deltaDescription(delta);
        item.iconPath = new vscode.ThemeIcon(delta.delta > 0 ? 'arrow-up' : 'arrow-down');
        item.tooltip = new vscode.MarkdownString().appendCodeblock(stackText(delta.group), DUMP_LANGUAGE_ID);
        return item;
      }
    }
  }
}
