import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import { LensError, isLensError } from '../core/errors';
import type { Dump } from '../core/dump/model';
import type { DumpParser } from '../core/fetch/fetch';
import { displayUrl, expandDumpUrl, maskCredentials } from '../core/fetch/url';
import { endpointFor, secretKey } from '../core/fetch/endpoints';
import { loadFetch } from '../lazy';
import { COMMANDS } from '../core/commandIds';
import { endpointHeaders, fetchLimits, proxySettings, recentUrlsKept, SECRET_PLACEHOLDER, SECTION } from './settings';

const RECENT_KEY = 'goroutineLens.recentUrls';
/**
 * PROGRESS_SHOWN_MS is how long VS Code keeps a progress notification up at
 * the least (800 ms, however soon its task ends), plus a margin for it to
 * close: an error shown sooner would sit beside a "Fetching…" notification
 * with a Cancel button that no longer does anything.
 */
const PROGRESS_SHOWN_MS = 800 + 200;

/** Fetched is a fetched dump and where its raw text was saved (null for debug=0, which is binary). */
export interface Fetched {
  readonly url: string;
  readonly dump: Dump;
  readonly raw: vscode.Uri | null;
}

/**
 * DumpFetcher fetches dumps for the editor: settings for limits and headers
 * (secrets from SecretStorage), the workspace-trust check, progress with
 * bytes received and cancellation, the raw body saved for "Open Raw Dump",
 * and the recent URLs.
 */
export class DumpFetcher {
  private counter = 0;

  /** @param rawDir this window's folder for the raw bodies (claimWindowFolder). */
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly rawDir: string,
  ) {}

  get recentUrls(): string[] {
    return this.context.globalState.get<string[]>(RECENT_KEY, []);
  }

  private async remember(url: string): Promise<void> {
    const kept = recentUrlsKept();
    await this.context.globalState.update(RECENT_KEY, [url, ...this.recentUrls.filter((u) => u !== url)].slice(0, kept));
  }

  /**
   * headersFor builds the request headers for a URL from the setting
   * `goroutineLens.fetch.headers`, reading `${secret}` values from
   * SecretStorage. Throws LensError('usage') when a secret was never set.
   */
  async headersFor(url: string): Promise<{ headers: Record<string, string>; fromWorkspace: boolean }> {
    const { headers: table, fromWorkspace } = endpointHeaders();
    const match = endpointFor(url, table);
    if (!match) return { headers: {}, fromWorkspace: false };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.value)) {
      if (value !== SECRET_PLACEHOLDER) {
        headers[name] = value;
        continue;
      }
      const secret = await this.context.secrets.get(secretKey(match.prefix, name));
      if (secret === undefined) {
        throw new LensError(
          'usage',
          `The ${name} header for ${match.prefix} is kept as a secret, but none is set: run "Goroutine Lens: Set Endpoint Header Secret…".`,
        );
      }
      headers[name] = secret;
    }
    return { headers, fromWorkspace };
  }

  /** setHeaderSecret keeps a header's value for an endpoint in SecretStorage and marks it `${secret}` in the user's settings. */
  async setHeaderSecret(prefix: string, header: string, value: string): Promise<void> {
    const key = prefix.trim().replace(/\/+$/, '');
    await this.context.secrets.store(secretKey(key, header), value);
    const config = vscode.workspace.getConfiguration(SECTION);
    const headers = { ...(config.inspect<Record<string, Record<string, string>>>('fetch.headers')?.globalValue ?? {}) };
    headers[key] = { ...(headers[key] ?? {}), [header]: SECRET_PLACEHOLDER };
    await config.update('fetch.headers', headers, vscode.ConfigurationTarget.Global);
  }

  /**
   * fetch fetches and parses a dump with a progress notification (or
   * quietly, for the watcher). Resolves undefined when the user cancelled or
   * declined; errors are LensErrors with a message for the user.
   */
  async fetch(input: string, options: { fromWorkspaceSetting?: boolean; quiet?: boolean; signal?: AbortSignal } = {}): Promise<Fetched | undefined> {
    const url = expandDumpUrl(input);
    const { headers, fromWorkspace } = await this.headersFor(url);
    if (!vscode.workspace.isTrusted && (options.fromWorkspaceSetting || fromWorkspace)) {
      const what = options.fromWorkspaceSetting ? `the endpoint ${displayUrl(url)}` : `headers for ${displayUrl(url)}`;
      const choice = await vscode.window.showWarningMessage(
        `This workspace is not trusted, and its settings name ${what}. Fetch it anyway?`,
        { modal: true, detail: 'Workspace settings of an untrusted folder are not used to contact servers unless you agree.' },
        'Fetch',
      );
      if (choice !== 'Fetch') return undefined;
    }
    const run = (signal: AbortSignal, report: (bytes: number, total: number | null) => void) => this.fetchTo(url, headers, signal, report);
    if (options.quiet) return run(options.signal ?? new AbortController().signal, () => {});
    return withProgressThenError(() =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fetching ${displayUrl(url)}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          try {
            const fetched = await run(abort.signal, (bytes, total) => {
              const increment = total ? ((bytes - reported) / total) * 100 : undefined;
              reported = bytes;
              progress.report({
                message: `${loadFetch().formatBytes(bytes)}${total ? ` of ${loadFetch().formatBytes(total)}` : ''} received`,
                ...(increment !== undefined ? { increment } : {}),
              });
            });
            await this.remember(url);
            return fetched;
          } catch (err) {
            if (isLensError(err) && err.code === 'aborted') return undefined;
            throw err;
          }
        },
      ),
    );
  }

  /** fetchTo streams the body into the parser and, on the way, into a file in the extension's storage. */
  private async fetchTo(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    onProgress: (bytes: number, total: number | null) => void,
  ): Promise<Fetched> {
    await mkdir(this.rawDir, { recursive: true });
    const raw = vscode.Uri.joinPath(vscode.Uri.file(this.rawDir), `dump-${Date.now()}-${++this.counter}.goroutines`);
    const { fetchDump, parseDump } = loadFetch();
    const out = createWriteStream(raw.fsPath);
    const tee: DumpParser = (input, opts) =>
      parseDump(
        (async function* () {
          for await (const chunk of input) {
            out.write(chunk);
            yield chunk;
          }
        })(),
        opts,
      );
    try {
      const result = await fetchDump(url, { ...fetchLimits(), proxy: proxySettings(), headers, signal, onProgress, parse: tee });
      await new Promise<void>((resolve) => out.end(resolve));
      if (result.dump.format === 'debug0') {
        await rm(raw.fsPath, { force: true });
        return { url: result.url, dump: result.dump, raw: null };
      }
      return { url: result.url, dump: result.dump, raw };
    } catch (err) {
      out.destroy();
      await rm(raw.fsPath, { force: true });
      throw err;
    }
  }
}

/** withProgressThenError runs a fetch under a progress notification and, when it fails, lets the notification close before the error goes on to be shown. */
async function withProgressThenError<T>(fetch: () => Thenable<T>): Promise<T> {
  const shownAt = Date.now();
  try {
    return await fetch();
  } catch (err) {
    const wait = shownAt + PROGRESS_SHOWN_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    throw err;
  }
}

/** showFetchError tells the user why a fetch failed, with the actions that help. */
export async function showFetchError(err: unknown, retry: () => unknown): Promise<void> {
  const message = isLensError(err) ? err.message : `Unexpected error: ${maskCredentials(err instanceof Error ? err.message : String(err))}`;
  const actions = ['Retry'];
  if (isLensError(err) && (err.code === 'timeout' || err.code === 'too-large')) actions.push('Open Settings');
  if (isLensError(err) && err.code === 'http-status' && /\b40[13]\b/.test(err.message)) actions.push('Set Header Secret');
  const choice = await vscode.window.showErrorMessage(`Goroutine Lens: ${message}`, ...actions);
  if (choice === 'Retry') retry();
  else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.fetch`);
  else if (choice === 'Set Header Secret') void vscode.commands.executeCommand(COMMANDS.setHeaderSecret);
}
