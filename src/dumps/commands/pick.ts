import * as vscode from 'vscode';
import { displayUrl, expandDumpUrl } from '../../core/fetch/url';
import { defaultUrl } from '../settings';
import type { DumpStore, OpenDump } from '../store';

/** pickUrl asks for a URL: the default from settings, the recent ones, or any typed value (a bare host:port expands). */
export async function pickUrl(title: string, recent: readonly string[]): Promise<{ url: string; fromWorkspace: boolean } | undefined> {
  const fallback = defaultUrl();
  const seen = new Set<string>();
  // Labels show URLs with their credentials masked; `url` keeps what is fetched.
  type Item = vscode.QuickPickItem & { url: string; fromWorkspace?: boolean };
  const items: Item[] = [];
  for (const [url, description, fromWorkspace] of [
    [fallback.url, fallback.fromWorkspace ? 'default (workspace setting)' : 'default', fallback.fromWorkspace] as const,
    ...recent.map((u) => [u, 'recent', false] as const),
  ]) {
    if (seen.has(url)) continue;
    seen.add(url);
    items.push({ label: displayUrl(url), url, description, fromWorkspace });
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = 'A pprof goroutine URL or host:port (e.g. localhost:6060)';
  pick.items = items;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed && !seen.has(typed) ? [{ label: typed, url: typed, description: `fetch ${displayUrl(expandDumpUrlOrSame(typed))}` }, ...items] : items;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? (pick.value.trim() ? { url: pick.value.trim() } : undefined);
      resolve(chosen ? { url: chosen.url, fromWorkspace: Boolean((chosen as { fromWorkspace?: boolean }).fromWorkspace) } : undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

function expandDumpUrlOrSame(input: string): string {
  try {
    return expandDumpUrl(input);
  } catch {
    return input;
  }
}

/** pickDump asks for one of the open dumps (but `except`), each shown with its goroutine count and the time it was opened. */
export async function pickDump(store: DumpStore, placeHolder: string, except?: OpenDump): Promise<OpenDump | undefined> {
  const items = store.dumps
    .filter((d) => d !== except)
    .map((d) => ({ label: d.name, description: `${d.dump.total} goroutines · ${d.openedAt.toLocaleTimeString()}`, dump: d }));
  const choice = await vscode.window.showQuickPick(items, { placeHolder });
  return choice?.dump;
}
