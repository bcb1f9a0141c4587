import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { stackText } from '../../core/tree/treeModel';
import { registerCommand } from '../../commands';
import type { Node } from '../treeView';

/** registerCopyStackCommand registers copying a group's stack (or a comparison row's) to the clipboard as the dump prints it. */
export function registerCopyStackCommand(context: vscode.ExtensionContext): void {
  registerCommand(context, COMMANDS.copyStack, async (node?: Node) => {
    const group = node?.kind === 'group' ? node.group : node?.kind === 'delta' ? node.delta.group : undefined;
    if (!group) return;
    await vscode.env.clipboard.writeText(stackText(group));
    void vscode.window.setStatusBarMessage('Goroutine Lens: stack copied', 3000);
  });
}
