import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { filterText, parseFilter } from '../../core/tree/treeModel';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';

/** registerFilterCommands registers filtering the view's groups (a filter given, or typed and checked as it is typed) and clearing the filter. */
export function registerFilterCommands(context: vscode.ExtensionContext, { store }: DumpsApi): void {
  registerCommand(context, COMMANDS.filter, async (text?: unknown) => {
    const input =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Filter Goroutines',
            prompt: 'Function or package text, state:"IO wait", min:10 (goroutines per group)',
            value: store.filter ? filterText(store.filter) : '',
            validateInput: (value) => {
              try {
                parseFilter(value);
                return undefined;
              } catch (err) {
                return (err as Error).message;
              }
            },
          });
    if (input === undefined) return;
    const filter = parseFilter(input);
    store.setFilter(filter.text || filter.state !== null || filter.minCount > 0 ? filter : null);
  });
  registerCommand(context, COMMANDS.clearFilter, () => store.setFilter(null));
}
