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
  return subscriber(context)(vscode.commands.registerCommand(id, run));
}

/** subscriber returns a function that pushes a disposable into the extension's subscriptions and hands it back. */
export function subscriber(context: vscode.ExtensionContext): <T extends vscode.Disposable>(d: T) => T {
  return (d) => {
    context.subscriptions.push(d);
    return d;
  };
}
