import * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';

/**
 * registerHeaderSecretCommand registers setting a header (an Authorization
 * token, say) that every fetch of an endpoint sends, asked in three steps and
 * kept in VS Code's secret storage.
 */
export function registerHeaderSecretCommand(context: vscode.ExtensionContext, { fetcher }: DumpsApi): void {
  registerCommand(context, COMMANDS.setHeaderSecret, async () => {
    const recent = fetcher.recentUrls[0];
    const prefix = await vscode.window.showInputBox({
      title: 'Set Endpoint Header Secret (1/3)',
      prompt: 'The endpoint the header is sent to: a URL prefix such as http://localhost:6060',
      value: recent ? new URL(recent).origin : 'http://localhost:6060',
      validateInput: (v) => (/^https?:\/\/[^/\s]+/.test(v.trim()) ? undefined : 'Expected an http(s) URL prefix, e.g. http://localhost:6060'),
    });
    if (!prefix) return;
    const header = await vscode.window.showInputBox({
      title: 'Set Endpoint Header Secret (2/3)',
      prompt: 'Header name',
      value: 'Authorization',
      validateInput: (v) => (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v) ? undefined : 'Expected a header name such as Authorization'),
    });
    if (!header) return;
    const value = await vscode.window.showInputBox({
      title: 'Set Endpoint Header Secret (3/3)',
      prompt: `Value of ${header} for ${prefix} (kept in VS Code's secret storage, never in settings)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    await fetcher.setHeaderSecret(prefix, header, value);
    void vscode.window.showInformationMessage(
      `Goroutine Lens: ${header} for ${prefix.trim()} is stored as a secret and will be sent with every fetch of that endpoint.`,
    );
  });
}
