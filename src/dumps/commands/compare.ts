import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';
import type { Node } from '../treeView';
import { pickDump } from './pick';

/** registerCompareCommands registers comparing two open dumps: both picked, or the one a tree row names with one picked. */
export function registerCompareCommands(context: vscode.ExtensionContext, { store }: DumpsApi): void {
  registerCommand(context, COMMANDS.compareDumps, async () => {
    if (store.dumps.length < 2) {
      void vscode.window.showInformationMessage(
        'Goroutine Lens: open or fetch two dumps to compare them (fetching the same URL twice also shows what changed).',
      );
      return undefined;
    }
    const older = await pickDump(store, 'The older dump (before)');
    const newer = older && (await pickDump(store, 'The newer dump (after)', older));
    return older && newer ? store.compare(older, newer) : undefined;
  });

  registerCommand(context, COMMANDS.compareWith, async (node?: Node) => {
    const base = node?.kind === 'dump' ? node.dump : await pickDump(store, 'The older dump (before)');
    const other = base && (await pickDump(store, `Compare ${base.name} with… (the newer dump)`, base));
    return base && other ? store.compare(base, other) : undefined;
  });
}
