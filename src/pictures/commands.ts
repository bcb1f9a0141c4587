import * as vscode from 'vscode';
import { dumpRows } from '../core/tree/treeIds';
import { COMMANDS, VIEW_ID } from '../core/commandIds';
import { registerCommand } from '../commands';
import type { DumpsApi } from '../dumps/api';
import { pickDump } from '../dumps/commands/pick';
import type { OpenDump } from '../dumps/store';
import type { Node } from '../dumps/treeView';
import type { PicturesPanel } from './panel';

/**
 * registerPictureCommands registers showing a dump's flame graph (from a tree
 * row, the dump document's title bar, or a pick) and revealing, in the
 * Goroutines view, the group a picture points at.
 */
export function registerPictureCommands(context: vscode.ExtensionContext, { store, view }: DumpsApi, panel: PicturesPanel): void {
  /** dumpOfDocument finds the open dump an editor shows (the dump document's title bar). */
  const dumpOfDocument = (uri: vscode.Uri): OpenDump | undefined =>
    store.dumps.find(
      (d) => d.raw?.toString() === uri.toString() || ((d.source.kind === 'file' || d.source.kind === 'document') && d.source.uri.toString() === uri.toString()),
    );

  registerCommand(context, COMMANDS.showFlameGraph, async (arg?: unknown) => {
    const node = arg as Node | undefined;
    if (node && typeof node === 'object' && 'kind' in node) {
      if (node.kind === 'comparison') return panel.show({ kind: 'comparison', comparison: node.comparison });
      if ('dump' in node && node.dump) return panel.show({ kind: 'dump', dump: node.dump as OpenDump });
    }
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    let dump = uri ? dumpOfDocument(uri) : undefined;
    if (!dump && uri && arg instanceof vscode.Uri) {
      // The dump document's title bar on a dump that is not open yet: analyze it first.
      dump = (await vscode.commands.executeCommand<OpenDump | undefined>(COMMANDS.analyzeActiveEditor)) ?? undefined;
    }
    if (!dump && store.dumps.length === 1) dump = store.dumps[0];
    if (!dump && store.dumps.length > 1) {
      dump = await pickDump(store, 'Show the flame graph of…');
      if (!dump) return undefined;
    }
    if (!dump) {
      void vscode.window.showInformationMessage('Goroutine Lens: open or fetch a goroutine dump first; its flame graph then opens beside the Goroutines view.');
      return undefined;
    }
    return panel.show({ kind: 'dump', dump });
  });

  registerCommand(context, COMMANDS.revealGroup, async (arg?: { dump?: unknown; group?: unknown }) => {
    const dump = store.dumps.find((d) => d.id === arg?.dump);
    const index = typeof arg?.group === 'number' ? arg.group : -1;
    const group = dump?.analysis.groups[index];
    if (!dump || !group) {
      void vscode.window.showInformationMessage('Goroutine Lens: that dump is no longer open, or its grouping changed since.');
      return;
    }
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const row = dumpRows(dump.id, dump.analysis, null).find((r) => r.kind === 'group' && r.index === index);
    if (row?.kind !== 'group') return;
    await view.reveal({ kind: 'group', id: row.id, parent: { kind: 'dump', dump }, dump, group, index }, { select: true, focus: true, expand: true });
  });
}
