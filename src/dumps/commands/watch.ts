import type * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';
import { pickUrl } from './pick';

/** registerWatchCommands registers starting to watch an endpoint (a URL given, or picked) and stopping. */
export function registerWatchCommands(context: vscode.ExtensionContext, { fetcher, watcher }: DumpsApi): void {
  registerCommand(context, COMMANDS.watchEndpoint, async (url?: unknown) => {
    const input = typeof url === 'string' && url.trim() ? url : (await pickUrl('Watch Endpoint', fetcher.recentUrls))?.url;
    if (input) await watcher.start(input);
  });
  registerCommand(context, COMMANDS.stopWatching, () => watcher.stop());
}
