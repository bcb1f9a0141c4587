// Entry of dist/analyzer.js (see ./index.ts): the Transport analyzer in the editor, loaded right after activation
// (its background scan is what a Go workspace activates the extension for) or by its first command.
import type * as vscode from 'vscode';
import { serveCommandsFrom, type CommandHandlers } from '../commands';
import { registerTransport, type TransportApi } from '../transport';

/** Analyzer is the loaded analyzer's API; stop, for deactivation, ends its worker thread. */
export interface Analyzer {
  readonly api: TransportApi;
  stop(): Promise<void>;
}

/** activateAnalyzer registers the analyzer's features; every registration goes into context.subscriptions. */
export function activateAnalyzer(context: vscode.ExtensionContext, commands: CommandHandlers): Analyzer {
  serveCommandsFrom(commands);
  return registerTransport(context);
}
