// The proxy options of a fetch and their mapping from VS Code's settings:
// plain data, kept out of fetch.ts so that reading settings does not load
// undici (the extension loads fetch.ts's bundle only when it fetches).

/**
 * ProxyOptions say which proxy a fetch goes through. A field left out is read
 * from the environment (`HTTP_PROXY`/`http_proxy`, `HTTPS_PROXY`/`https_proxy`,
 * `NO_PROXY`/`no_proxy`), as curl and Go do; an empty string means none.
 */
export interface ProxyOptions {
  /** Proxy for http:// URLs, e.g. `http://proxy.corp:3128` (credentials may be in it: `http://user:pass@proxy:3128`). */
  httpProxy?: string;
  /** Proxy for https:// URLs (tunnelled with CONNECT); HTTP_PROXY's when neither is set. */
  httpsProxy?: string;
  /** Hosts fetched directly: comma- or space-separated names (`localhost`, `.corp.example` or `corp.example` for a domain and its subdomains, `host:port`), or `*`. */
  noProxy?: string;
  /** false accepts any TLS certificate from the proxy and from servers reached through it (VS Code's http.proxyStrictSSL). Default true. */
  strictSSL?: boolean;
}

/**
 * proxyFromEditorSettings maps VS Code's proxy settings to ProxyOptions:
 * `http.proxy` for both schemes (a bare `host:port` taken as http://),
 * `http.noProxy` joined into a NO_PROXY list, `http.proxyStrictSSL`; what is
 * not set falls back to the environment. `http.proxySupport: off` fetches
 * directly.
 */
export function proxyFromEditorSettings(settings: {
  proxy?: string | undefined;
  noProxy?: readonly string[] | undefined;
  strictSSL?: boolean | undefined;
  support?: string | undefined;
}): ProxyOptions {
  if (settings.support === 'off') return { httpProxy: '', httpsProxy: '', noProxy: '' };
  const options: ProxyOptions = {};
  const proxy = settings.proxy?.trim() ?? '';
  if (proxy !== '') options.httpProxy = options.httpsProxy = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  const noProxy = (settings.noProxy ?? []).map((entry) => entry.trim()).filter(Boolean);
  if (noProxy.length > 0) options.noProxy = noProxy.join(',');
  if (settings.strictSSL === false) options.strictSSL = false;
  return options;
}
