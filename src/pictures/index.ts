import * as vscode from 'vscode';
import { watchTimeline } from '../core/view/timeline';
import { displayUrl } from '../core/fetch/url';
import { dumpRows } from '../core/view/treeIds';
import type { DumpsApi } from '../dumps';
import { registerCommand } from '../commands';
import { COMMANDS, VIEW_ID } from '../core/commandIds';
import type { Node } from '../dumps/treeView';
import type { OpenDump } from '../dumps/store';
import { DumpOnCode } from './codeDecorations';
import { PicturesPanel } from './panel';

/** PicturesApi is what the integration tests use of the pictures. */
export interface PicturesApi {
  readonly panel: PicturesPanel;
  readonly onCode: DumpOnCode;
}

/**
 * registerPictures sets up the pictures of the dumps the viewer holds: the
 * flame graph and timeline panel, and the dump drawn onto the source lines.
 */
export function registerPictures(context: vscode.ExtensionContext, dumps: DumpsApi): PicturesApi {
  const push = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const { store, view, locator, watcher } = dumps;
  const panel = push(
    new PicturesPanel(context.extensionUri, store, locator, (url) => {
      const current = watcher.current;
      return current && current.url === url ? watchTimeline(`watching ${displayUrl(url)}`, current.history.snapshots, current.growing) : null;
    }),
  );
  push(watcher.onDidSnapshot(() => panel.refreshTimeline()));
  const onCode = push(new DumpOnCode(store, locator));

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
      const picked = await vscode.window.showQuickPick(
        store.dumps.map((d) => ({ label: d.name, description: `${d.dump.total} goroutines · ${d.openedAt.toLocaleTimeString()}`, dump: d })),
        { placeHolder: 'Show the flame graph of…' },
      );
      dump = picked?.dump;
      if (!picked) return undefined;
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

  return { panel, onCode };
}
