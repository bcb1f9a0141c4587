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
    const canScan = signature.action === 'scan-transports' && (await vscode.commands.getCommands(true)).includes(COMMANDS.scanWorkspace);
    const actions = canScan ? ['Scan Workspace for Per-Call Transports'] : [];
    const lookFor =
      signature.action === 'scan-transports' && !canScan
        ? ' Look in your code for &http.Transport{…}, new(http.Transport) or http.DefaultTransport.(*http.Transport).Clone() inside functions that run per request, often inside http.Client{Transport: …}.'
        : '';
    const choice = await vscode.window.showInformationMessage(`${signature.title}. ${signature.explanation} ${signature.advice}${lookFor}`, ...actions);
    if (choice) await vscode.commands.executeCommand(COMMANDS.scanWorkspace);
  });
}
