import { rm } from 'node:fs/promises';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import { isLensError } from '../core/errors';
import { GROUP_MODES, type GroupMode } from '../core/dump/model';
import { displayUrl, expandDumpUrl } from '../core/fetch/url';
import { loadDumpParser } from '../lazy';
import { claimWindowFolder, sweepWindowFolders } from '../core/view/rawDumpFolders';
import { filterText, parseFilter, stackText } from '../core/view/treeModel';
import { registerCommand } from '../commands';
import { COMMANDS, CONTEXT_KEYS, VIEW_ID } from '../core/commandIds';
import { DumpFetcher, showFetchError } from './fetcher';
import { SECTION, defaultUrl, groupingMode } from './settings';
import { SourceLocator, type SourceRequest } from './sourceLocator';
import { DumpStore, type OpenDump } from './store';
import { GoroutinesTree, type Node } from './treeView';
import { EndpointWatcher } from './watcher';

/** DumpsApi is what other features (and the integration tests) use of the dump viewer. */
export interface DumpsApi {
  readonly store: DumpStore;
  readonly fetcher: DumpFetcher;
  readonly watcher: EndpointWatcher;
  readonly tree: GoroutinesTree;
  readonly view: vscode.TreeView<Node>;
  readonly locator: SourceLocator;
}

/**
 * registerDumps sets up the dump viewer: the Goroutines view, its commands,
 * fetching, watching and jump to source. Every registration goes into
 * context.subscriptions.
 */
export function registerDumps(context: vscode.ExtensionContext): DumpsApi {
  const push = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  // Fetched bodies are saved under the extension's storage for "Open Raw Dump", in this window's own
  // folder (every window shares the storage): a dump that leaves the view takes its file along, the
  // folder goes when the window closes, and folders of windows that are gone are cleared once
  // activation has returned (docs/performance.md, "Activation").
  const rawRoot = vscode.Uri.joinPath(context.globalStorageUri, 'dumps').fsPath;
  const rawFolder = push(claimWindowFolder(rawRoot));
  const sweep = setTimeout(() => void sweepWindowFolders(rawRoot, rawFolder.dir), 0);
  push({ dispose: () => clearTimeout(sweep) });
  const store = push(
    new DumpStore(groupingMode(), (dropped) => {
      if (dropped.raw && dropped.raw.fsPath.startsWith(rawFolder.dir + sep)) void rm(dropped.raw.fsPath, { force: true });
    }),
  );
  const tree = new GoroutinesTree(store);
  const view = push(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  const fetcher = new DumpFetcher(context, rawFolder.dir);
  const watcher = push(new EndpointWatcher(store, fetcher));
  const locator = new SourceLocator();

  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasDumps, store.dumps.length > 0 || store.comparisons.length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, store.filter !== null);
    view.message = store.filter ? `Filter: ${filterText(store.filter)}` : undefined;
    view.description = store.mode === 'exact' ? undefined : `grouped by ${store.mode}`;
  };
  push(store.onDidChange(updateContext));
  updateContext();
  push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.grouping`)) store.setMode(groupingMode());
    }),
  );

  /** show reveals a newly opened dump in the view. */
  const show = async (open: OpenDump) => {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await view.reveal({ kind: 'dump', dump: open }, { expand: true, select: true, focus: false });
  };

  const fetchAndShow = async (input: string, fromWorkspaceSetting = false): Promise<OpenDump | undefined> => {
    try {
      const fetched = await fetcher.fetch(input, { fromWorkspaceSetting });
      if (!fetched) return undefined;
      const open = store.add({ name: displayUrl(fetched.url), source: { kind: 'url', url: expandDumpUrl(input) }, dump: fetched.dump, raw: fetched.raw });
      await show(open);
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

  registerCommand(context, COMMANDS.openDump, async (uri?: unknown) => {
    const target =
      uri instanceof vscode.Uri
        ? uri
        : (
            await vscode.window.showOpenDialog({
              canSelectMany: false,
              openLabel: 'Open Goroutine Dump',
              filters: { 'Goroutine dumps': ['txt', 'goroutines', 'gdump', 'log', 'gz', 'pb', 'pprof'], 'All files': ['*'] },
            })
          )?.[0];
    if (!target) return undefined;
    try {
      const dump = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Parsing ${target.path.split('/').pop()}` }, () =>
        loadDumpParser().parseDumpFile(target.fsPath),
      );
      const open = store.add({
        name: target.path.split('/').pop() ?? target.fsPath,
        source: { kind: 'file', uri: target },
        dump,
        raw: dump.format === 'debug0' ? null : target,
      });
      await show(open);
      return open;
    } catch (err) {
      void vscode.window.showErrorMessage(`Goroutine Lens: ${isLensError(err) ? err.message : String(err)}`);
      return undefined;
    }
  });

  registerCommand(context, COMMANDS.analyzeActiveEditor, async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Goroutine Lens: open a goroutine dump in an editor first, or use "Open Goroutine Dump…".');
      return undefined;
    }
    const doc = editor.document;
    try {
      const text = doc.getText();
      // An editor holds the whole text: an unterminated last line is not a cut.
      const dump = loadDumpParser().parseDumpText(text.endsWith('\n') ? text : `${text}\n`);
      const name = doc.isUntitled ? doc.fileName : (doc.uri.path.split('/').pop() ?? doc.fileName);
      const open = store.add({ name, source: { kind: 'document', uri: doc.uri }, dump, raw: doc.uri });
      await show(open);
      return open;
    } catch (err) {
      void vscode.window.showErrorMessage(`Goroutine Lens: ${isLensError(err) ? err.message : String(err)}`);
      return undefined;
    }
  });

  const pickDump = async (placeHolder: string, except?: OpenDump) => {
    const items = store.dumps
      .filter((d) => d !== except)
      .map((d) => ({ label: d.name, description: `${d.dump.total} goroutines · ${d.openedAt.toLocaleTimeString()}`, dump: d }));
    const choice = await vscode.window.showQuickPick(items, { placeHolder });
    return choice?.dump;
  };

  registerCommand(context, COMMANDS.compareDumps, async () => {
    if (store.dumps.length < 2) {
      void vscode.window.showInformationMessage(
        'Goroutine Lens: open or fetch two dumps to compare them (fetching the same URL twice also shows what changed).',
      );
      return undefined;
    }
    const older = await pickDump('The older dump (before)');
    const newer = older && (await pickDump('The newer dump (after)', older));
    return older && newer ? store.compare(older, newer) : undefined;
  });

  registerCommand(context, COMMANDS.compareWith, async (node?: Node) => {
    const base = node?.kind === 'dump' ? node.dump : await pickDump('The older dump (before)');
    const other = base && (await pickDump(`Compare ${base.name} with… (the newer dump)`, base));
    return base && other ? store.compare(base, other) : undefined;
  });

  registerCommand(context, COMMANDS.watchEndpoint, async (url?: unknown) => {
    const input = typeof url === 'string' && url.trim() ? url : (await pickUrl('Watch Endpoint', fetcher.recentUrls))?.url;
    if (input) await watcher.start(input);
  });
  registerCommand(context, COMMANDS.stopWatching, () => watcher.stop());

  registerCommand(context, COMMANDS.refetch, (node?: Node) => {
    if (node?.kind === 'dump' && (node.dump.source.kind === 'url' || node.dump.source.kind === 'watch')) return fetchAndShow(node.dump.source.url);
    return undefined;
  });

  registerCommand(context, COMMANDS.closeDump, (node?: Node) => {
    if (node?.kind === 'comparison') return store.removeComparison(node.comparison);
    if (node?.kind === 'dump') store.remove(node.dump);
  });

  registerCommand(context, COMMANDS.copyStack, async (node?: Node) => {
    const group = node?.kind === 'group' ? node.group : node?.kind === 'delta' ? node.delta.group : undefined;
    if (!group) return;
    await vscode.env.clipboard.writeText(stackText(group));
    void vscode.window.setStatusBarMessage('Goroutine Lens: stack copied', 3000);
  });

  registerCommand(context, COMMANDS.openRawDump, async (node?: Node) => {
    const dump = node && 'dump' in node ? (node.dump as OpenDump) : undefined;
    if (!dump?.raw) {
      void vscode.window.showInformationMessage('Goroutine Lens: this dump has no raw text to open (debug=0 profiles are binary).');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(dump.raw);
    if (doc.languageId === 'plaintext') await vscode.languages.setTextDocumentLanguage(doc, 'goroutine-dump').then(undefined, () => undefined);
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
    if (node?.kind === 'id') {
      const at = findGoroutineLine(doc, node.id);
      if (at >= 0) {
        const range = new vscode.Range(at, 0, at, 0);
        editor.selection = new vscode.Selection(range.start, range.start);
        editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
      }
    }
    return editor;
  });

  registerCommand(context, COMMANDS.openSource, (request?: SourceRequest) => (request?.file ? locator.open(request) : undefined));
  registerCommand(context, COMMANDS.revealSource, (node?: Node) =>
    node?.kind === 'frame' ? locator.open({ file: node.frame.file, line: node.frame.line, func: node.frame.func }, { preview: false }) : undefined,
  );

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

  registerCommand(context, COMMANDS.filter, async (text?: unknown) => {
    const input =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: 'Filter Goroutines',
            prompt: 'Function or package text, state:"IO wait", min:10 (goroutines per group)',
            value: store.filter ? filterText(store.filter) : '',
            validateInput: (value) => {
              try {
                parseFilter(value);
                return undefined;
              } catch (err) {
                return (err as Error).message;
              }
            },
          });
    if (input === undefined) return;
    const filter = parseFilter(input);
    store.setFilter(filter.text || filter.state !== null || filter.minCount > 0 ? filter : null);
  });
  registerCommand(context, COMMANDS.clearFilter, () => store.setFilter(null));

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

  return { store, fetcher, watcher, tree, view, locator };
}

/** pickUrl asks for a URL: the default from settings, the recent ones, or any typed value (a bare host:port expands). */
async function pickUrl(title: string, recent: readonly string[]): Promise<{ url: string; fromWorkspace: boolean } | undefined> {
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

/** findGoroutineLine finds the header line of a goroutine in a raw dump document, or -1. */
function findGoroutineLine(doc: vscode.TextDocument, id: number): number {
  const header = new RegExp(`goroutine ${id}(?: [a-z]+=\\S+)* \\[`);
  for (let i = 0; i < doc.lineCount; i++) if (header.test(doc.lineAt(i).text)) return i;
  return -1;
}
