import type * as vscode from 'vscode';
import { COMMANDS } from '../../core/commandIds';
import { displayUrl, expandDumpUrl } from '../../core/fetch/url';
import { registerCommand } from '../../commands';
import type { DumpsApi } from '../api';
import { showFetchError } from '../fetcher';
import type { OpenDump } from '../store';
import type { Node } from '../treeView';
import { revealDump } from './open';
import { pickUrl } from './pick';

/**
 * registerFetchCommands registers fetching a dump from a pprof endpoint (a
 * URL given, or picked from the default and the recent ones) and fetching a
 * dump's endpoint again.
 */
export function registerFetchCommands(context: vscode.ExtensionContext, { store, fetcher, view }: DumpsApi): void {
  const fetchAndShow = async (input: string, fromWorkspaceSetting = false): Promise<OpenDump | undefined> => {
    try {
      const fetched = await fetcher.fetch(input, { fromWorkspaceSetting });
      if (!fetched) return undefined;
      const open = store.add({ name: displayUrl(fetched.url), source: { kind: 'url', url: expandDumpUrl(input) }, dump: fetched.dump, raw: fetched.raw });
      await revealDump(view, open);
      return open;
    } catch (err) {
      void showFetchError(err, () => void fetchAndShow(input, fromWorkspaceSetting));
      return undefined;
    }
  };

  registerCommand(context, COMMANDS.fetchDump, async (url?: unknown) => {
    if (typeof url === 'string' && url.trim()) return fetchAndShow(url);
    const picked = await pickUrl('Fetch Goroutine Dump', fetcher.recentUrls);
    return picked ? fetchAndShow(picked.url, picked.fromWorkspace) : undefined;
  });

  registerCommand(context, COMMANDS.refetch, (node?: Node) => {
    if (node?.kind === 'dump' && (node.dump.source.kind === 'url' || node.dump.source.kind === 'watch')) return fetchAndShow(node.dump.source.url);
    return undefined;
  });
}
