import type * as vscode from 'vscode';
import type { CommandId } from './core/commandIds';

/** CommandHandler runs a command. VS Code passes command arguments untyped; each handler narrows what it receives. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes command arguments untyped, as registerCommand declares them
export type CommandHandler = (...args: any[]) => unknown;

/**
 * CommandHandlers holds each command's handler by id. The entry
 * (src/extension.ts) registers every id of core/commandIds.ts with VS Code at
 * activation; each registration loads the feature bundle that serves the
 * command (src/lazy) and calls the handler that bundle put here.
 */
export type CommandHandlers = Map<CommandId, CommandHandler>;

/** The table of the bundle this copy of the module is in (each bundle carries its own copy). */
let handlers: CommandHandlers | undefined;

/** serveCommandsFrom hands a feature bundle the entry's table; its features' registerCommand fill it. */
export function serveCommandsFrom(table: CommandHandlers): void {
  handlers = table;
}

/**
 * registerCommand makes `run` the handler of command `id`, and pushes a
 * disposable that takes it back into the extension's subscriptions, so that
 * no handler outlives the extension. The ids are those of core/commandIds.ts;
 * VS Code reaches the handler through the entry's registration.
 */
export function registerCommand(context: vscode.ExtensionContext, id: CommandId, run: CommandHandler): vscode.Disposable {
  const table = handlers;
  if (!table) throw new Error(`command ${id} was registered outside a feature bundle: its entry calls serveCommandsFrom first`);
  if (table.has(id)) throw new Error(`command ${id} was registered twice`);
  table.set(id, run);
  return subscriber(context)({
    dispose: () => {
      if (table.get(id) === run) table.delete(id);
    },
  });
}

/** subscriber returns a function that pushes a disposable into the extension's subscriptions and hands it back. */
export function subscriber(context: vscode.ExtensionContext): <T extends vscode.Disposable>(d: T) => T {
  return (d) => {
    context.subscriptions.push(d);
    return d;
  };
}
