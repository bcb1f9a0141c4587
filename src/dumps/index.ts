import { rm } from 'node:fs/promises';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import { subscriber } from '../commands';
import { claimWindowFolder, sweepWindowFolders } from '../core/document/rawDumpFolders';
import { filterText } from '../core/tree/treeModel';
import { CONTEXT_KEYS } from '../core/commandIds';
import type { DumpsApi } from './api';
import { registerCompareCommands } from './commands/compare';
import { registerCopyStackCommand } from './commands/copyStack';
import { registerFetchCommands } from './commands/fetch';
import { registerFilterCommands } from './commands/filter';
import { registerGroupingCommand } from './commands/grouping';
import { registerHeaderSecretCommand } from './commands/headerSecret';
import { registerOpenCommands } from './commands/open';
import { registerRawDumpCommand } from './commands/rawDump';
import { registerSignatureCommand } from './commands/signature';
import { registerSourceCommands } from './commands/source';
import { registerWatchCommands } from './commands/watch';
import { DumpFetcher } from './fetcher';
import { SECTION, groupingMode } from './settings';
import { SourceLocator } from './sourceLocator';
import { DumpStore } from './store';
import { GoroutinesTree, type Node } from './treeView';
import { EndpointWatcher } from './watcher';

export type { DumpsApi } from './api';

/**
 * registerDumps sets up the dump viewer: the Goroutines view's contents (the
 * view itself is created at activation, src/extension.ts), its commands,
 * fetching, watching and jump to source. Every registration goes into
 * context.subscriptions.
 */
export function registerDumps(context: vscode.ExtensionContext, view: vscode.TreeView<Node>): DumpsApi {
  const push = subscriber(context);
  // Fetched bodies are saved under the extension's storage for "Open Raw Dump", in this window's own
  // folder (every window shares the storage): a dump that leaves the view takes its file along, the
  // folder goes when the window closes, and folders of windows that are gone are cleared once
  // activation has returned (docs/performance.md, "Activation").
  const rawRoot = vscode.Uri.joinPath(context.globalStorageUri, 'dumps').fsPath;
  const rawFolder = push(claimWindowFolder(rawRoot));
  const sweep = setTimeout(() => void sweepWindowFolders(rawRoot, rawFolder.dir), 0);
  push({ dispose: () => clearTimeout(sweep) });
  const store = push(
    new DumpStore(groupingMode(), (dropped) => {
      if (dropped.raw && dropped.raw.fsPath.startsWith(rawFolder.dir + sep)) void rm(dropped.raw.fsPath, { force: true });
    }),
  );
  const tree = new GoroutinesTree(store);
  const fetcher = new DumpFetcher(context, rawFolder.dir);
  const watcher = push(new EndpointWatcher(store, fetcher));
  const locator = new SourceLocator();

  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasDumps, store.dumps.length > 0 || store.comparisons.length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, store.filter !== null);
    view.message = store.filter ? `Filter: ${filterText(store.filter)}` : undefined;
    view.description = store.mode === 'exact' ? undefined : `grouped by ${store.mode}`;
  };
  push(store.onDidChange(updateContext));
  updateContext();
  push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.grouping`)) store.setMode(groupingMode());
    }),
  );

  const api: DumpsApi = { store, fetcher, watcher, tree, view, locator };
  registerOpenCommands(context, api);
  registerFetchCommands(context, api);
  registerHeaderSecretCommand(context, api);
  registerWatchCommands(context, api);
  registerCompareCommands(context, api);
  registerGroupingCommand(context, api);
  registerFilterCommands(context, api);
  registerCopyStackCommand(context);
  registerRawDumpCommand(context);
  registerSourceCommands(context, api);
  registerSignatureCommand(context);
  return api;
}
