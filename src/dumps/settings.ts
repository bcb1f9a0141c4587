import * as vscode from 'vscode';
import { DEFAULT_DUMP_URL } from '../core/fetch/url';
import type { FetchLimits } from '../core/fetch/fetch';
import { proxyFromEditorSettings, type ProxyOptions } from '../core/fetch/proxy';
import type { GroupMode } from '../core/dump/model';

/** SECTION is the settings' prefix: `goroutineLens.fetch.defaultUrl`. */
export const SECTION = 'goroutineLens';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** fetchLimits reads the fetch settings (seconds and MB in settings, ms and bytes in the core). */
export function fetchLimits(): FetchLimits {
  const c = config();
  return {
    connectTimeoutMs: c.get<number>('fetch.connectTimeoutSeconds', 5) * 1000,
    headersTimeoutMs: c.get<number>('fetch.headersTimeoutSeconds', 30) * 1000,
    bodyIdleTimeoutMs: c.get<number>('fetch.bodyIdleTimeoutSeconds', 30) * 1000,
    deadlineMs: c.get<number>('fetch.deadlineSeconds', 300) * 1000,
    maxBytes: c.get<number>('fetch.maxSizeMB', 256) * 1024 * 1024,
    maxRedirects: c.get<number>('fetch.maxRedirects', 5),
  };
}

/** proxySettings reads VS Code's own proxy settings (http.proxy, http.noProxy, http.proxyStrictSSL, http.proxySupport), which do not reach undici by themselves. */
export function proxySettings(): ProxyOptions {
  const http = vscode.workspace.getConfiguration('http');
  return proxyFromEditorSettings({
    proxy: http.get<string>('proxy', ''),
    noProxy: http.get<string[]>('noProxy', []),
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    support: http.get<string>('proxySupport', 'override'),
  });
}

export function recentUrlsKept(): number {
  return Math.max(0, config().get<number>('fetch.recentUrlsKept', 10));
}

export function groupingMode(): GroupMode {
  const mode = config().get<string>('grouping', 'exact');
  return mode === 'function' || mode === 'state' ? mode : 'exact';
}

export function watchSettings(): { intervalSeconds: number; snapshotsKept: number; growthAlertAfter: number } {
  const c = config();
  return {
    intervalSeconds: Math.max(1, c.get<number>('watch.intervalSeconds', 30)),
    snapshotsKept: Math.max(2, c.get<number>('watch.snapshotsKept', 20)),
    growthAlertAfter: Math.max(1, c.get<number>('watch.growthAlertAfter', 3)),
  };
}

/** DefaultUrl is the URL the fetch box offers, and whether it came from workspace settings (which an untrusted workspace may not use unasked). */
export interface DefaultUrl {
  readonly url: string;
  readonly fromWorkspace: boolean;
}

export function defaultUrl(): DefaultUrl {
  const inspected = config().inspect<string>('fetch.defaultUrl');
  const fromWorkspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (fromWorkspace) return { url: fromWorkspace, fromWorkspace: true };
  return { url: inspected?.globalValue ?? DEFAULT_DUMP_URL, fromWorkspace: false };
}

/**
 * EndpointHeaders maps a URL prefix to the headers sent to it. A value of
 * `${secret}` is taken from SecretStorage (set with "Set Endpoint Header
 * Secret…"), so tokens never sit in settings files.
 */
export type EndpointHeaders = Record<string, Record<string, string>>;

/** SECRET_PLACEHOLDER marks a header value kept in SecretStorage. */
export const SECRET_PLACEHOLDER = '${secret}';

export function endpointHeaders(): { headers: EndpointHeaders; fromWorkspace: boolean } {
  const inspected = config().inspect<EndpointHeaders>('fetch.headers');
  const workspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  return { headers: { ...(inspected?.globalValue ?? {}), ...(workspace ?? {}) }, fromWorkspace: workspace !== undefined && Object.keys(workspace).length > 0 };
}
