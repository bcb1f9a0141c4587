import * as vscode from 'vscode';
import type { CommandId } from './core/commandIds';

/**
 * registerCommand registers a command and pushes its disposable into the
 * extension's subscriptions, so that no registration outlives the extension.
 * The ids are those of core/commandIds.ts. VS Code passes command arguments
 * untyped; each handler narrows what it receives.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes command arguments untyped, as registerCommand declares them
export function registerCommand(context: vscode.ExtensionContext, id: CommandId, run: (...args: any[]) => unknown): vscode.Disposable {
  const disposable = vscode.commands.registerCommand(id, run);
  context.subscriptions.push(disposable);
  return disposable;
}
