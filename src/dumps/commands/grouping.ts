import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { GROUP_MODES, type GroupMode } from '../../core/dump/model';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';

/** registerGroupingCommand registers choosing how the view groups goroutines (a mode given, or picked). */
export function registerGroupingCommand(context: vscode.ExtensionContext, { store }: DumpsApi): void {
  registerCommand(context, COMMANDS.changeGrouping, async (mode?: unknown) => {
    const descriptions: Record<GroupMode, string> = {
      exact: 'Same frames (function, file, line) and creator, as debug=1 groups',
      function: 'Same functions, ignoring line numbers',
      state: 'Exact, and split by wait reason',
    };
    const chosen =
      typeof mode === 'string' && (GROUP_MODES as readonly string[]).includes(mode)
        ? (mode as GroupMode)
        : (
            await vscode.window.showQuickPick(
              GROUP_MODES.map((m) => ({ label: m, description: descriptions[m], picked: m === store.mode })),
              { placeHolder: `Group goroutines by… (now: ${store.mode})` },
            )
          )?.label;
    if (chosen) store.setMode(chosen);
  });
}
