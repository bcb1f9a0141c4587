import { LensError } from '../errors';

/** DUMP_PATH is where net/http/pprof serves the goroutine profile; debug=2 gives every goroutine's full stack. */
export const DUMP_PATH = '/debug/pprof/goroutine?debug=2';

/** DEFAULT_PPROF_PORT is the port the net/http/pprof documentation uses (`localhost:6060`), assumed when only a host is given. */
export const DEFAULT_PPROF_PORT = 6060;

/** DEFAULT_DUMP_URL is what the fetch command offers first: the pprof convention on this machine. */
export const DEFAULT_DUMP_URL = `http://localhost:${DEFAULT_PPROF_PORT}${DUMP_PATH}`;

const EXPECTED = 'expected an http(s) URL such as http://localhost:6060/debug/pprof/goroutine?debug=2, or host:port such as localhost:6060';
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * expandDumpUrl turns what a user types into the URL of a goroutine dump, so
 * that `localhost:6060` is enough:
 * - `host:port`, `:port` (localhost) and a bare `host` (port 6060) become
 *   `http://host:port/debug/pprof/goroutine?debug=2`;
 * - `http(s)://host[:port]` with no path gets the same path;
 * - a URL (or `host:port/path`) with a path is kept as it is, its `debug` value
 *   respected: the response's format is detected from its content anyway.
 * Anything else throws LensError('invalid-url') saying what was expected.
 */
export function expandDumpUrl(input: string): string {
  const given = input.trim();
  if (given === '') throw new LensError('invalid-url', `${EXPECTED}, but the URL is empty`);
  const invalid = (why = '') => new LensError('invalid-url', `${EXPECTED}, but got ${JSON.stringify(maskCredentials(given))}${why}`);
  if (/\s/.test(given)) throw invalid(' (it contains spaces)');

  let text = given;
  const schemeGiven = HAS_SCHEME.test(text);
  if (!schemeGiven) {
    if (text.startsWith(':')) text = `localhost${text}`;
    text = `http://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(` (the scheme ${url.protocol.slice(0, -1)} is not http or https)`);
  if (url.hostname === '') throw invalid(' (no host)');
  if (!schemeGiven && url.port === '' && !hasExplicitPort(given)) url.port = String(DEFAULT_PPROF_PORT);
  if (url.pathname === '/' && url.search === '' && url.hash === '') {
    const [path, query] = DUMP_PATH.split('?') as [string, string];
    url.pathname = path;
    url.search = `?${query}`;
  }
  return url.href;
}

/** hasExplicitPort tells `host:80` (the URL parser drops a scheme's default port) from `host`. */
function hasExplicitPort(given: string): boolean {
  return /^(\[[^\]]*\]|[^/:?#[\]]*):\d+(?:[/?#]|$)/.test(given);
}

/** MASK stands for credentials that were in a URL. */
const MASK = '***';
/** WITH_SCHEME finds the userinfo of every `scheme://user:pass@` in a text (up to the authority's last `@`). */
const WITH_SCHEME = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;
/** NO_SCHEME finds `user:pass@host…` typed without a scheme, which expandDumpUrl accepts. */
const NO_SCHEME = /^(\s*)([^\s/?#:@]+:[^\s/?#]*)@/;

/**
 * maskCredentials is the one function that hides credentials given in a URL,
 * wherever a URL or a text holding URLs is shown (errors, summary lines, tree
 * labels, logs): `http://user:secret@host/` becomes `http://user:***@host/`,
 * and `http://token@host/` (a user name alone is often a token) becomes
 * `http://***@host/`. It works on text that does not parse as a URL, too.
 */
export function maskCredentials(text: string): string {
  return text
    .replace(WITH_SCHEME, (_, scheme: string, userinfo: string) => `${scheme}${maskUserinfo(userinfo)}@`)
    .replace(NO_SCHEME, (_, space: string, userinfo: string) => `${space}${maskUserinfo(userinfo)}@`);
}

function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon >= 0 ? `${userinfo.slice(0, colon)}:${MASK}` : MASK;
}

/**
 * displayUrl is the URL as messages, labels and logs show it: its
 * credentials masked (maskCredentials), and, when it parses, normalised.
 */
export function displayUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return maskCredentials(String(url));
  }
  if (parsed.password === '' && parsed.username === '') return parsed.href;
  const copy = new URL(parsed.href);
  if (copy.password !== '') copy.password = MASK;
  else copy.username = MASK;
  return copy.href;
}
