import * as vscode from 'vscode';

/**
 * activate composes the extension's features. Each feature owns its
 * registrations; this function only wires them together.
 */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('goroutineLens.analyzeActiveEditor', () =>
      vscode.window.showInformationMessage('Goroutine Lens: the dump viewer arrives with the editor features.'),
    ),
  );
}

export function deactivate(): void {}
