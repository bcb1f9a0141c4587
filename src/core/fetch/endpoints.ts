/**
 * endpointFor picks the entry of a prefix → value table that applies to a URL:
 * the longest prefix of the URL among the keys (`http://localhost:6060` covers
 * `http://localhost:6060/debug/pprof/goroutine?debug=2`). Keys are compared
 * without a trailing slash, and a key must end at a boundary of the URL
 * (`http://host:80` does not cover `http://host:8080`).
 */
export function endpointFor<T>(url: string, table: Readonly<Record<string, T>>): { prefix: string; value: T } | undefined {
  let best: { prefix: string; value: T } | undefined;
  for (const [key, value] of Object.entries(table)) {
    const prefix = key.replace(/\/+$/, '');
    if (!url.startsWith(prefix)) continue;
    const next = url.charAt(prefix.length);
    if (next !== '' && next !== '/' && next !== '?' && next !== '#') continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, value };
  }
  return best;
}

/** secretKey names a header's secret in SecretStorage. */
export function secretKey(prefix: string, header: string): string {
  return `goroutineLens.header:${prefix.replace(/\/+$/, '')}:${header.toLowerCase()}`;
}
