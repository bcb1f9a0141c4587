import { STATUS_CODES } from 'node:http';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { EnvHttpProxyAgent, Pool, request, type Dispatcher } from 'undici';
import { LensError, type LensErrorCode } from '../errors';
import type { Dump } from '../dump/model';
import { parseDump } from '../dump/parse';
import { shortReason } from './reason';
import type { ProxyOptions } from './proxy';
import { displayUrl, expandDumpUrl, maskCredentials } from './url';

export { DEFAULT_DUMP_URL, displayUrl, expandDumpUrl, maskCredentials } from './url';
export { proxyFromEditorSettings, type ProxyOptions } from './proxy';

/** DumpParser is how fetchDump turns the streamed body into a Dump; parseDump unless a caller injects another. */
export type DumpParser = (input: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal }) => Promise<Dump>;

/** FetchOptions tune fetchDump; every field is optional and falls back to DEFAULT_FETCH_OPTIONS. */
export interface FetchOptions {
  /** Time to open the TCP connection (and finish the TLS handshake for https). */
  connectTimeoutMs?: number;
  /** Time from sending the request to the end of the response headers: a big service may take a while to write a debug=2 dump. */
  headersTimeoutMs?: number;
  /** Longest silence allowed between two pieces of the body: a stalled transfer fails, a slow steady one does not. */
  bodyIdleTimeoutMs?: number;
  /** The whole fetch (connect, redirects, headers, body and parse) must end within this time: a server that drips a byte a second is cut off. 0: no deadline. */
  deadlineMs?: number;
  /** The body is cut off, and the fetch fails, as soon as more than this many bytes have arrived. */
  maxBytes?: number;
  /** Redirects (3xx with Location) followed before giving up. */
  maxRedirects?: number;
  /** Extra request headers (e.g. Authorization). Their values never appear in errors; they are not sent to another origin after a redirect. */
  headers?: Record<string, string>;
  /** Cancels the fetch at any point with LensError('aborted'). */
  signal?: AbortSignal;
  /** Called for each piece of the body with the bytes received so far and the total from Content-Length (null when unknown). */
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  /** The parser the body streams into; parseDump by default. */
  parse?: DumpParser;
  /** The proxy to go through; every field left out comes from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). */
  proxy?: ProxyOptions;
}

/** FetchResult is a fetched and parsed dump with what a caller shows about where it came from. */
export interface FetchResult {
  dump: Dump;
  /** The URL the dump came from, after redirects. */
  url: string;
  /** Bytes of body received (after undoing a Content-Encoding, if a proxy applied one). */
  bytes: number;
  status: number;
  contentType: string | null;
}

/** FetchLimits are the FetchOptions that have defaults. */
export type FetchLimits = Required<
  Pick<FetchOptions, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyIdleTimeoutMs' | 'deadlineMs' | 'maxBytes' | 'maxRedirects'>
>;

/**
 * DEFAULT_FETCH_OPTIONS are the limits a fetch gets unless told otherwise.
 * The headers timeout is generous because the runtime stops the world to
 * write a debug=2 dump, which takes seconds with 100 000 goroutines; 256 MiB
 * holds Go's 64 MiB debug=2 cap and an uncapped dump of ~130 000 goroutines.
 * The 5-minute deadline leaves a 256 MiB body ~7 Mbit/s, and stops a server
 * that keeps a connection alive with a byte now and then.
 */
export const DEFAULT_FETCH_OPTIONS: Readonly<FetchLimits> = Object.freeze({
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 30_000,
  deadlineMs: 300_000,
  maxBytes: 256 * 1024 * 1024,
  maxRedirects: 5,
});

/** REASON_BYTES is how much of an HTTP error body is read to quote the server's reason. */
const REASON_BYTES = 4096;
/** REASON_WAIT_MS bounds the wait for that reason, so that a trickling error page cannot hold the error back. */
const REASON_WAIT_MS = 2_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'goroutine-lens';

/** Phase is how far a request got when it failed: the same socket error means different things in each. */
type Phase = 'request' | 'body';

/**
 * fetchDump fetches a goroutine dump over HTTP(S) and parses it while it
 * downloads: the body streams into the parser chunk by chunk and is never held
 * whole. `url` goes through expandDumpUrl first, so `localhost:6060` works.
 *
 * Every failure is a LensError whose message names the URL, says what went
 * wrong and what to do: refused, DNS, timeouts (connect, headers, body idle),
 * HTTP statuses with the server's own short reason, too large, redirect loops,
 * not a dump (the parser's error with the URL in front), cancelled.
 *
 * Each call has its own undici Agent, destroyed before the promise settles,
 * so no socket or timer outlives the fetch and a CLI exits as soon as it is done.
 */
export async function fetchDump(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const limits = resolveLimits(options);
  const parse = options.parse ?? parseDump;
  const { signal } = options;
  const original = new URL(expandDumpUrl(url));
  const cancelled = () => new LensError('aborted', `Fetch cancelled: ${displayUrl(original)}`);
  if (signal?.aborted) throw cancelled();

  const proxy = resolveProxy(options.proxy);
  const agent = proxyAgent(proxy, limits);
  // undici only acts on an abort once the connection is up: destroying the agent also stops a connect in progress.
  const stopAll = () => void agent.destroy().catch(() => undefined);
  signal?.addEventListener('abort', stopAll, { once: true });
  // The overall deadline aborts whatever is under way, like a cancel, and the error then says it was the deadline.
  const deadline = new AbortController();
  const timer = limits.deadlineMs > 0 ? setTimeout(() => (deadline.abort(), stopAll()), limits.deadlineMs) : undefined;
  const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  const hops: URL[] = [original];
  let current = original;
  let failure = new Failure(current, original, limits, proxy);
  let metered: MeteredBody | null = null;
  try {
    for (;;) {
      failure = new Failure(current, original, limits, proxy);
      metered = null;
      const headers = requestHeaders(options.headers, current.origin === original.origin);
      const sentHeaderNames = Object.keys(options.headers ?? {}).filter((name) => headers[name.toLowerCase()] !== undefined);
      let response;
      try {
        response = await request(current, { dispatcher: agent, method: 'GET', headers, signal: stop });
      } catch (err) {
        throw failure.fromError(err, 'request', 0);
      }
      const { statusCode: status, body } = response;

      if (REDIRECT_STATUSES.has(status)) {
        discard(body);
        current = failure.nextHop(header(response.headers, 'location'), status, response.statusText, hops);
        hops.push(current);
        continue;
      }
      if (status < 200 || status > 299) {
        const reason = await readReason(body);
        if (stop.aborted) throw cancelled();
        throw failure.httpStatus(status, response.statusText, reason, {
          wwwAuthenticate: header(response.headers, 'www-authenticate'),
          sentHeaderNames,
          droppedHeaders: sentHeaderNames.length === 0 && Object.keys(options.headers ?? {}).length > 0,
        });
      }

      const declared = Number(header(response.headers, 'content-length') ?? NaN);
      const totalBytes = Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
      if (totalBytes !== null && totalBytes > limits.maxBytes) {
        discard(body);
        throw failure.tooLarge(totalBytes);
      }
      const encoding = header(response.headers, 'content-encoding')?.trim().toLowerCase() || 'identity';
      const decoded = decodeContent(body, encoding);
      if (decoded === null) {
        discard(body);
        throw failure.unsupportedEncoding(encoding);
      }
      metered = new MeteredBody(body, decoded, limits.maxBytes, failure, options.onProgress, decoded === body ? totalBytes : null);
      let dump: Dump;
      try {
        dump = await parse(metered, { signal: stop });
      } catch (err) {
        if (failure.isOwn(err)) throw err;
        if (stop.aborted) throw cancelled();
        if (err instanceof LensError) throw new LensError(err.code, `${failure.where}: ${err.message}`, { cause: err });
        throw err;
      } finally {
        // A parser that gave up before reading, or before the end, leaves the body to us.
        metered.stop();
      }
      return { dump, url: current.href, bytes: metered.bytes, status, contentType: header(response.headers, 'content-type') };
    }
  } catch (err) {
    // Whatever the abort interrupted (connect, headers, body, parser) surfaced as its own error: say what happened.
    if (signal?.aborted) throw cancelled();
    if (deadline.signal.aborted) throw failure.deadline(metered?.bytes ?? null);
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stopAll);
    await agent.destroy().catch(() => undefined);
  }
}

/** ResolvedProxy is the proxy configuration of one fetch, every field decided (environment read). */
interface ResolvedProxy {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
  strictSSL: boolean;
}

/** resolveProxy fills what the caller left out from the environment, as undici's EnvHttpProxyAgent would, so that messages can name the proxy. */
function resolveProxy(options: ProxyOptions = {}): ResolvedProxy {
  const env = (name: string) => process.env[name.toLowerCase()] ?? process.env[name] ?? '';
  const httpProxy = options.httpProxy ?? env('HTTP_PROXY');
  return {
    httpProxy,
    httpsProxy: options.httpsProxy ?? (env('HTTPS_PROXY') || httpProxy),
    noProxy: options.noProxy ?? env('NO_PROXY'),
    strictSSL: options.strictSSL ?? true,
  };
}

/**
 * proxyAgent is the dispatcher of one fetch: undici's EnvHttpProxyAgent with
 * every field given, so that it goes direct, or through the proxy of the URL's
 * scheme unless NO_PROXY names the host. An http:// URL is forwarded to the
 * proxy as `GET http://host/path` (as curl and Go do: proxies such as Squid
 * only allow CONNECT to port 443), an https:// one goes through a CONNECT
 * tunnel. Every connection pool, to the proxy or direct, gets the headers and
 * body-idle timeouts. A proxy URL that does not parse is a usage error that
 * shows it with its password masked.
 */
function proxyAgent(proxy: ResolvedProxy, limits: FetchLimits): Dispatcher {
  for (const [name, value] of [
    ['HTTP_PROXY', proxy.httpProxy],
    ['HTTPS_PROXY', proxy.httpsProxy],
  ] as const) {
    if (value === '') continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(value);
    } catch {
      // reported below
    }
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new LensError(
        'usage',
        `expected the proxy (${name}) to be an http(s) URL such as http://proxy.example:3128, but got ${JSON.stringify(maskCredentials(value))}`,
      );
    }
  }
  const tls = proxy.strictSSL ? {} : { requestTls: { rejectUnauthorized: false }, proxyTls: { rejectUnauthorized: false } };
  const timeouts = { headersTimeout: limits.headersTimeoutMs, bodyTimeout: limits.bodyIdleTimeoutMs };
  return new EnvHttpProxyAgent({
    httpProxy: proxy.httpProxy,
    httpsProxy: proxy.httpsProxy,
    noProxy: proxy.noProxy,
    proxyTunnel: false,
    connect: { timeout: limits.connectTimeoutMs },
    ...timeouts,
    // undici builds the pool to a forwarding proxy with the connector only: the timeouts are added here.
    factory: (origin: string | URL, options: Pool.Options) => new Pool(origin, { ...options, ...timeouts }),
    ...tls,
  });
}

/** resolveLimits fills in defaults, ignoring options that are present but undefined (spread from partial settings). */
function resolveLimits(options: FetchOptions): FetchLimits {
  const limits = { ...DEFAULT_FETCH_OPTIONS };
  for (const key of Object.keys(limits) as (keyof FetchLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0) throw new LensError('usage', `expected ${key} to be a number ≥ 0, but got ${value}`);
    limits[key] = value;
  }
  return limits;
}

/**
 * requestHeaders merges the caller's headers over ours, case-insensitively.
 * After a redirect to another origin the caller's headers are dropped, as
 * browsers drop Authorization, so that a secret only goes where it was meant.
 */
function requestHeaders(extra: Record<string, string> | undefined, sameOrigin: boolean): Record<string, string> {
  // identity: a dump is parsed as it streams; a compressed body would only be decoded again here.
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity' };
  if (!sameOrigin || !extra) return headers;
  for (const [name, value] of Object.entries(extra)) headers[name.toLowerCase()] = value;
  return headers;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * MeteredBody is the body as the parser reads it, piece by piece as it
 * arrives: it counts the bytes, reports progress, and ends the download the
 * moment the count passes maxBytes. Stopping it, early or at the end, destroys
 * the response, which closes its connection: nothing keeps downloading.
 */
class MeteredBody implements AsyncIterable<Uint8Array> {
  /** Bytes handed to the parser so far. */
  bytes = 0;

  constructor(
    private readonly raw: Readable,
    /** `raw`, or the decoder of its Content-Encoding. */
    private readonly decoded: Readable,
    private readonly maxBytes: number,
    private readonly failure: Failure,
    private readonly onProgress: FetchOptions['onProgress'],
    private readonly totalBytes: number | null,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    const iterator = (this.decoded as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = await iterator.next();
        } catch (err) {
          throw this.failure.fromError(err, 'body', this.bytes);
        }
        if (next.done) return;
        const chunk = next.value;
        if (chunk.length === 0) continue;
        this.bytes += chunk.length;
        if (this.bytes > this.maxBytes) throw this.failure.tooLarge(null);
        this.onProgress?.(this.bytes, this.totalBytes);
        yield chunk;
      }
    } finally {
      this.stop();
    }
  }

  stop(): void {
    discard(this.decoded);
    discard(this.raw);
  }
}

/**
 * decodeContent undoes a Content-Encoding that a proxy applied although the
 * request asked for identity; null for an encoding it does not know. (A
 * debug=0 profile is gzipped content, not a content encoding: the parser
 * decodes that.)
 */
function decodeContent(body: Readable, encoding: string): Readable | null {
  let decoder: Transform;
  if (encoding === 'identity') return body;
  else if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding === 'br') decoder = createBrotliDecompress();
  else return null;
  // Errors of either stream (a body timeout, corrupt data) end the decoder with that error, code intact.
  pipeline(body, decoder, () => undefined);
  return decoder;
}

/**
 * discard stops a body nobody will read any further, closing its connection.
 * An unread body reports the abort as an 'error' event, which must have a
 * listener or it would crash the process.
 */
function discard(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

/** readReason reads the start of an error body, briefly, and picks its one line worth quoting. */
async function readReason(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const read = (async () => {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= REASON_BYTES) break;
    }
  })().catch(() => undefined);
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, REASON_WAIT_MS);
  });
  try {
    await Promise.race([read, deadline]);
  } finally {
    clearTimeout(timer);
    discard(body);
  }
  return shortReason(Buffer.concat(chunks).subarray(0, REASON_BYTES).toString('utf8'));
}

/**
 * Failure words the errors of one request: it knows the URL (and where a
 * redirect started) and the limits, and remembers the errors it made so that
 * they pass through the parser unchanged.
 */
class Failure {
  private static readonly own = new WeakSet<object>();
  /** The URL as messages show it: the current hop, and the one the user asked for if a redirect led here. */
  readonly where: string;

  constructor(
    private readonly url: URL,
    private readonly original: URL,
    private readonly limits: FetchLimits,
    private readonly proxy: ResolvedProxy,
  ) {
    this.where = url.href === original.href ? displayUrl(url) : `${displayUrl(url)} (redirected from ${displayUrl(original)})`;
  }

  /** deadline explains a fetch stopped by the overall deadline, with how much of the body had arrived (null: none had started). */
  deadline(received: number | null): LensError {
    const got = received === null ? 'no response body had started' : `only ${formatBytes(received)} of the body had arrived`;
    return this.make(
      'timeout',
      `${this.where}: the fetch did not finish within the ${formatDuration(this.limits.deadlineMs)} overall deadline (${got}), so it was cut off — the server sends too slowly or never ends; raise the deadline (the deadline setting, --timeout in the CLI) if the dump is just big and the link slow.`,
    );
  }

  /**
   * viaProxy is the proxy (masked, for messages) that an error came from: the
   * proxy of the URL's scheme when the error names its address, or when it is
   * undici's answer to a failed CONNECT; null when the error is the server's.
   */
  private viaProxy(err: unknown): string | null {
    const configured = this.url.protocol === 'https:' ? this.proxy.httpsProxy : this.proxy.httpProxy;
    if (configured === '') return null;
    let proxy: URL;
    try {
      proxy = new URL(configured);
    } catch {
      return null;
    }
    const port = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
    const host = proxy.hostname.replace(/^\[|\]$/g, '');
    for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
      const { port: p, address, message, errors, cause } = e as { port?: unknown; address?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
      if (typeof message === 'string' && (/^Proxy (response \(\d+\)|Authentication Required \(407\))/.test(message) || message.includes(`${host}:${port}`)))
        return displayUrl(proxy);
      if (p === port && (address === undefined || address === host || !/^[\d.:]+$/.test(host))) return displayUrl(proxy);
      e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
    }
    return null;
  }

  /** fromProxy explains an error of the proxy itself: it refused, is not there, or would not open the tunnel. */
  private fromProxy(err: unknown, proxy: string, code: string | null): LensError | null {
    const cannot = `Cannot fetch ${this.where} through the proxy ${proxy}`;
    const message = err instanceof Error ? err.message : '';
    // A CONNECT refused ("Proxy response (403) !== 200 …"), or a forwarding proxy's 407.
    const status = /^Proxy response \((\d+)\)/.exec(message)?.[1] ?? (/^Proxy Authentication Required \(407\)/.test(message) ? '407' : undefined);
    if (status === '407')
      return this.make(
        'network',
        `${cannot}: the proxy asks for credentials (HTTP 407 Proxy Authentication Required) — put them in the proxy URL (http://user:password@proxy:port).`,
        err,
      );
    if (status !== undefined) {
      return this.make(
        'network',
        `${cannot}: the proxy would not connect to ${this.url.host} (HTTP ${status}${STATUS_CODES[Number(status)] ? ` ${STATUS_CODES[Number(status)]}` : ''}) — check that the proxy may reach that host, or list it in NO_PROXY (http.noProxy in VS Code) to fetch it directly.`,
        err,
      );
    }
    if (code === 'ECONNREFUSED')
      return this.make(
        'refused',
        `${cannot}: the proxy refused the connection — is the proxy setting (HTTP_PROXY, HTTPS_PROXY, or http.proxy in VS Code) right?`,
        err,
      );
    return null;
  }

  isOwn(err: unknown): boolean {
    return typeof err === 'object' && err !== null && Failure.own.has(err);
  }

  private make(code: LensErrorCode, message: string, cause?: unknown): LensError {
    const err = new LensError(code, message, cause === undefined ? undefined : { cause });
    Failure.own.add(err);
    return err;
  }

  /** fromError explains an error from undici or the socket, by its code. */
  fromError(err: unknown, phase: Phase, received: number): LensError {
    if (err instanceof LensError) return err;
    const code = errorCode(err);
    const proxy = this.viaProxy(err);
    const ofProxy = proxy === null ? null : this.fromProxy(err, proxy, code);
    if (ofProxy !== null) return ofProxy;
    const through = proxy === null ? '' : ` through the proxy ${proxy}`;
    const host = proxy === null ? this.url.host : `the proxy ${proxy}`;
    const after = phase === 'body' ? ` after ${formatBytes(received)} of the body` : '';
    const cannotConnect = `Cannot fetch ${this.where}${through}`;
    switch (code) {
      case 'ECONNREFUSED':
        return this.make('refused', `${cannotConnect}: connection refused by ${host} — is the service running and serving net/http/pprof on that port?`, err);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_NONAME':
      case 'EAI_FAIL':
      case 'EAI_NODATA':
        return this.make(
          'network',
          `${cannotConnect}: the host name ${proxy === null ? this.url.hostname : new URL(proxy).hostname} could not be resolved (DNS lookup failed, ${code}) — check the host name and your network.`,
          err,
        );
      case 'UND_ERR_CONNECT_TIMEOUT':
      case 'ETIMEDOUT':
        return this.make(
          'timeout',
          `${cannotConnect}: no connection to ${host} within ${formatDuration(this.limits.connectTimeoutMs)} (connect timeout) — check the host and port, and that no firewall drops the traffic.`,
          err,
        );
      case 'UND_ERR_HEADERS_TIMEOUT':
        return this.make(
          'timeout',
          `${this.where}: the server accepted the connection but sent no response within ${formatDuration(this.limits.headersTimeoutMs)} (headers timeout) — the service may be overloaded or the handler stuck; raise the headers timeout if a big dump is just slow to produce.`,
          err,
        );
      case 'UND_ERR_BODY_TIMEOUT':
        return this.make(
          'timeout',
          `${this.where}: the download stalled after ${formatBytes(received)}: nothing arrived for ${formatDuration(this.limits.bodyIdleTimeoutMs)} (body idle timeout) — try again, or raise the timeout if the service is very busy.`,
          err,
        );
      case 'ENETUNREACH':
      case 'EHOSTUNREACH':
      case 'EHOSTDOWN':
        return this.make('network', `${cannotConnect}: ${host} is unreachable (${code}) — check the address and your network.`, err);
      case 'ECONNRESET':
      case 'EPIPE':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return this.make(
          'network',
          `${this.where}: the server closed the connection${after || ' before answering'} — check the service's logs and try again.`,
          err,
        );
      case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
        return this.make('network', `${this.where}: the response ended${after} before the length it declared — the service or a proxy cut it; try again.`, err);
      case 'UND_ERR_HEADERS_OVERFLOW':
        return this.make('network', `${this.where}: the response headers are too large — is this a pprof endpoint?`, err);
      case 'EPROTO':
      case 'ERR_SSL_WRONG_VERSION_NUMBER':
        return this.make('network', `${cannotConnect}: the TLS handshake failed (${code}) — if the port serves plain HTTP, use an http:// URL.`, err);
      case 'UND_ERR_INVALID_ARG':
        // undici's messages here name the offending header, never its value.
        return this.make(
          'usage',
          `Cannot fetch ${this.where}: the request is invalid (${(err as Error).message}) — check the headers configured for this endpoint.`,
          err,
        );
    }
    if (code !== null && /^(Z_|ERR_.*BROTLI)/.test(code)) {
      return this.make(
        'network',
        `${this.where}: the compressed body is corrupt${after} (${code}) — try again, or check the proxy in front of the service.`,
        err,
      );
    }
    if (code !== null && /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/.test(code)) {
      return this.make(
        'network',
        `${cannotConnect}: the server's TLS certificate was not accepted (${code}) — check the certificate, or use the service's http:// endpoint.`,
        err,
      );
    }
    const detail = maskCredentials(err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err));
    return this.make('network', `${this.where}: the request failed${after}: ${detail}${code !== null && !detail.includes(code) ? ` (${code})` : ''}.`, err);
  }

  /** httpStatus explains a status other than 2xx and 3xx-with-Location, quoting the server's reason. */
  httpStatus(
    status: number,
    statusText: string,
    reason: string,
    context: { wwwAuthenticate: string | null; sentHeaderNames: string[]; droppedHeaders: boolean },
  ): LensError {
    const text = statusText.trim() || STATUS_CODES[status] || '';
    const redundant = [text, `${status} ${text}`].map((r) => r.toLowerCase());
    const quoted = reason !== '' && !redundant.includes(reason.toLowerCase()) ? ` ("${reason}")` : '';
    const answered = `${this.where} answered HTTP ${status}${text ? ` ${text}` : ''}${quoted}`;
    const dropped = context.droppedHeaders ? ` (the configured headers are not sent to ${this.url.origin} after a redirect from ${this.original.origin})` : '';
    let advice: string;
    if (status === 401 || status === 403) {
      const scheme = context.wwwAuthenticate?.trim().split(/\s+/)[0];
      const asks = scheme ? ` (it asks for ${scheme} authentication)` : '';
      const needed = status === 401 ? 'authentication is needed' : 'access is forbidden without credentials, or to this client';
      advice =
        context.sentHeaderNames.length > 0
          ? `the server refused the credentials sent in ${context.sentHeaderNames.join(', ')}${asks} — check the header configured for this endpoint.`
          : `${needed}${asks} — configure a header (such as Authorization) for this endpoint${dropped}.`;
    } else if (status === 404) {
      advice =
        'no pprof handler at this path — import _ "net/http/pprof" in the service (it serves /debug/pprof/ on http.DefaultServeMux) or register its handlers on your own mux, and check the path and port.';
    } else if (status >= 500) {
      advice = `the service${status === 502 || status === 503 || status === 504 ? ' (or a proxy in front of it)' : ''} failed to produce the dump — check its logs and try again.`;
    } else if (status >= 300 && status < 400) {
      advice = 'expected a goroutine dump or a redirect with a Location header.';
    } else {
      advice = 'expected HTTP 200 with a goroutine dump — check the URL.';
    }
    return this.make('http-status', `${answered}: ${advice}`);
  }

  unsupportedEncoding(encoding: string): LensError {
    return this.make(
      'network',
      `${this.where} sent its body with Content-Encoding ${JSON.stringify(encoding.slice(0, 40))}, which cannot be decoded — expected an uncompressed response (or gzip, deflate, br); check the proxy in front of the service.`,
    );
  }

  /** tooLarge stops a body past maxBytes, known from its Content-Length (`declared`) or counted as it arrived. */
  tooLarge(declared: number | null): LensError {
    const limit = formatBytes(this.limits.maxBytes);
    const what =
      declared === null
        ? `sent more than the ${limit} limit, so the download was stopped there`
        : `declares ${formatBytes(declared)} (Content-Length), more than the ${limit} limit, so nothing was downloaded`;
    return this.make(
      'too-large',
      `${this.where} ${what} — raise goroutineLens.fetch.maxSizeMB if the dump really is that big, or fetch ?debug=1, which is much smaller.`,
    );
  }

  /** nextHop checks a redirect and returns where it leads, or throws if it must not be followed. */
  nextHop(location: string | null, status: number, statusText: string, hops: readonly URL[]): URL {
    if (location === null) {
      throw this.make(
        'http-status',
        `${this.where} answered HTTP ${status} ${statusText || STATUS_CODES[status] || ''} without a Location header: expected a goroutine dump or a redirect to one.`,
      );
    }
    let next: URL;
    try {
      next = new URL(location, this.url);
    } catch (err) {
      throw this.make('invalid-url', `${this.where} redirected to ${JSON.stringify(location.slice(0, 200))}, which is not a valid URL.`, err);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw this.make('invalid-url', `${this.where} redirected to ${displayUrl(next)}: only http and https redirects are followed.`);
    }
    const chain = [...hops, next].map((hop) => displayUrl(hop)).join(' → ');
    if (hops.some((hop) => hop.href === next.href)) {
      throw this.make(
        'too-many-redirects',
        `${displayUrl(this.original)} redirects in a loop (${chain}) — fix the redirect on the server, or fetch the dump's real URL.`,
      );
    }
    if (hops.length > this.limits.maxRedirects) {
      throw this.make(
        'too-many-redirects',
        `${displayUrl(this.original)} redirected more than ${this.limits.maxRedirects} times (${chain}) — fetch the final URL directly, or raise the maximum number of redirects.`,
      );
    }
    return next;
  }
}

/** errorCode finds the code of a Node or undici error, looking inside the AggregateError of a multi-address connect and a `cause`. */
function errorCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    e = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return null;
}

/** formatBytes writes a size as people read it: `512 bytes`, `1.5 MiB`, `256 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) || value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${units[unit]}`;
}

/** formatDuration writes a timeout as people read it: `300 ms`, `5 s`, `2.5 s`. */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}
