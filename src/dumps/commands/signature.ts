import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import type { Node } from '../treeView';

/**
 * registerSignatureCommand registers explaining a leak signature the view
 * found: what it means and what to do, with the Transport analyzer's scan
 * offered for the Transport-per-call signature.
 */
export function registerSignatureCommand(context: vscode.ExtensionContext): void {
  registerCommand(context, COMMANDS.explainSignature, async (node?: Node) => {
    if (node?.kind !== 'signature') return;
    const { signature } = node.hit;
    // The scan is this extension's own command, registered at activation with this one.
    const actions = signature.action === 'scan-transports' ? ['Scan Workspace for Per-Call Transports'] : [];
    const choice = await vscode.window.showInformationMessage(`${signature.title}. ${signature.explanation} ${signature.advice}`, ...actions);
    if (choice) await vscode.commands.executeCommand(COMMANDS.scanWorkspace);
  });
}
