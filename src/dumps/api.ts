import type * as vscode from 'vscode';
import type { DumpFetcher } from './fetcher';
import type { SourceLocator } from './sourceLocator';
import type { DumpStore } from './store';
import type { GoroutinesTree, Node } from './treeView';
import type { EndpointWatcher } from './watcher';

/**
 * DumpsApi is what other features (and the integration tests) use of the dump
 * viewer, and what its commands (src/dumps/commands/) act on. It has a module
 * of its own so that the commands need not import the feature that registers
 * them.
 */
export interface DumpsApi {
  readonly store: DumpStore;
  readonly fetcher: DumpFetcher;
  readonly watcher: EndpointWatcher;
  readonly tree: GoroutinesTree;
  readonly view: vscode.TreeView<Node>;
  readonly locator: SourceLocator;
}
