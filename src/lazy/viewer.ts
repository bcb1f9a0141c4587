// Entry of dist/viewer.js (see ./index.ts): the dump viewer, the dump document support and the pictures, loaded the
// first time the Goroutines view asks for its rows, a dump document opens or one of their commands runs.
import type * as vscode from 'vscode';
import { serveCommandsFrom, type CommandHandlers } from '../commands';
import { registerDumps, type DumpsApi } from '../dumps';
import { registerDumpDocument } from '../dumps/document';
import type { Node } from '../dumps/treeView';
import { registerPictures, type PicturesApi } from '../pictures';

/** ViewerHost is what the entry hands the viewer: its command table and the Goroutines view it created at activation. */
export interface ViewerHost {
  readonly commands: CommandHandlers;
  readonly view: vscode.TreeView<Node>;
}

/** Viewer is the loaded viewer's API. */
export interface Viewer {
  readonly dumps: DumpsApi;
  readonly pictures: PicturesApi;
}

/** activateViewer registers the viewer's features; every registration goes into context.subscriptions. */
export function activateViewer(context: vscode.ExtensionContext, host: ViewerHost): Viewer {
  serveCommandsFrom(host.commands);
  const dumps = registerDumps(context, host.view);
  registerDumpDocument(context);
  const pictures = registerPictures(context, dumps);
  return { dumps, pictures };
}
