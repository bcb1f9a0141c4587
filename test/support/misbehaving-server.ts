import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fixtureBytes } from './fixtures';

/** GOOD_DUMP is a real debug=2 dump (20 keep-alive connections leaked by a Transport built per call): 64 goroutines. */
export const GOOD_DUMP = fixtureBytes('transport-leak.debug2.txt');
export const GOOD_DUMP_TOTAL = 64;
/** GOOD_DEBUG0 is the same program's gzipped debug=0 profile. */
export const GOOD_DEBUG0 = fixtureBytes('transport-leak.debug0.pb.gz');

/** SECRET_TOKEN is what /auth wants in Authorization; tests check it never shows in an error. */
export const SECRET_TOKEN = 'Bearer s3cr3t-t0ken-do-not-print';

/** HUGE_BLOCK is one piece of /huge's endless body: goroutine blocks that look like a real debug=2 dump. */
const HUGE_BLOCK = Buffer.from(
  Array.from(
    { length: 256 },
    (_, i) =>
      `goroutine ${1000 + i} [IO wait, 12 minutes]:\n` +
      'internal/poll.runtime_pollWait(0x7f1c2c5b8f08, 0x72)\n\t/usr/lib/go-1.19/src/runtime/netpoll.go:305 +0x89\n' +
      'net/http.(*persistConn).readLoop(0xc000186000)\n\t/usr/lib/go-1.19/src/net/http/transport.go:2105 +0x3a5\n' +
      'created by net/http.(*Transport).dialConn\n\t/usr/lib/go-1.19/src/net/http/transport.go:1760 +0x1539\n\n',
  ).join(''),
);

const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Grafana</title></head>\n<body><div id="app">Loading…</div></body></html>\n';
const BAD_GATEWAY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';

/** RequestRecord is what the server saw of one request, for tests that check what the client sent. */
export interface RequestRecord {
  path: string;
  headers: IncomingMessage['headers'];
}

/** BodyEnd is how a streamed body (/huge, /trickle, /stall) ended on the server's side. */
export interface BodyEnd {
  path: string;
  bytesSent: number;
  /** True when the client went away before the server finished (always, for the endless routes). */
  closedByClient: boolean;
}

/**
 * MisbehavingServer is a real HTTP server on 127.0.0.1 with one route per way
 * a pprof endpoint can go wrong: it hangs, trickles, stalls, sends endless
 * bodies, redirects in a loop, answers 401/403/404/500/502, HTML, JSON or
 * nothing. `close()` ends every connection, so the test process can exit.
 */
export interface MisbehavingServer {
  readonly port: number;
  readonly origin: string;
  url(path: string): string;
  readonly requests: RequestRecord[];
  /** bodyEnded resolves when the next streamed body on `path` ends (the client closed it, for endless ones). */
  bodyEnded(path: string): Promise<BodyEnd>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => void;

export async function startMisbehavingServer(): Promise<MisbehavingServer> {
  const requests: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waiting = new Map<string, ((end: BodyEnd) => void)[]>();
  const ended = new Map<string, BodyEnd[]>();

  const every = (ms: number, fn: () => void) => {
    const t = setInterval(fn, ms);
    timers.add(t);
    return () => {
      clearInterval(t);
      timers.delete(t);
    };
  };
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return () => {
      clearTimeout(t);
      timers.delete(t);
    };
  };
  const reportEnd = (end: BodyEnd) => {
    const resolve = waiting.get(end.path)?.shift();
    if (resolve) resolve(end);
    else ended.set(end.path, [...(ended.get(end.path) ?? []), end]);
  };
  /** stream counts what a streamed body sends and reports, when its connection closes, whether the client left first. */
  const stream = (path: string, res: ServerResponse, stop: () => void) => {
    let bytesSent = 0;
    res.on('close', () => {
      stop();
      reportEnd({ path, bytesSent, closedByClient: !res.writableFinished });
    });
    return {
      write(chunk: Buffer | string): boolean {
        bytesSent += Buffer.byteLength(chunk);
        return res.write(chunk);
      },
    };
  };
  const text = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
  const dump = (res: ServerResponse) => text(res, 200, GOOD_DUMP);

  const routes: Record<string, Handler> = {
    '/debug/pprof/goroutine': (_req, res, query) => {
      if (query.get('debug') === '0' || !query.has('debug')) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="goroutine"' });
        res.end(GOOD_DEBUG0);
      } else dump(res);
    },
    '/dump': (_req, res) => dump(res),
    '/chunked-dump': (_req, res) => {
      // No Content-Length: the progress total is unknown.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      for (let i = 0; i < GOOD_DUMP.length; i += 4096) res.write(GOOD_DUMP.subarray(i, i + 4096));
      res.end();
    },
    '/debug0': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(GOOD_DEBUG0);
    },
    '/gzip-encoded': (_req, res) => {
      // A proxy that compresses although the client asked for identity.
      const body = gzipSync(GOOD_DUMP);
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    },
    '/odd-encoding': (_req, res) => text(res, 200, GOOD_DUMP, { 'content-encoding': 'zstd-custom' }),
    '/hang': () => {
      // Accepts the request and never answers.
    },
    '/slow-headers': (_req, res, query) => {
      const cancel = later(Number(query.get('ms') ?? 500), () => dump(res));
      res.on('close', cancel);
    },
    '/trickle': (_req, res, query) => {
      // The start of a real dump, then a few bytes every 200 ms, forever.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      const s = stream('/trickle', res, () => stop());
      s.write(GOOD_DUMP.subarray(0, 2048));
      let id = 1;
      const stop = every(Number(query.get('every') ?? 200), () => {
        s.write(`goroutine ${100000 + id++} [select]:\nmain.wait()\n\t/src/main.go:1 +0x1\n\n`);
      });
    },
    '/drip': (_req, res, query) => {
      // The start of a real dump, then one byte a second (or every `every` ms), forever: the idle timer never fires.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      const s = stream('/drip', res, () => stop());
      s.write(GOOD_DUMP.subarray(0, 512));
      let at = 512;
      const stop = every(Number(query.get('every') ?? 1000), () => {
        s.write(GOOD_DUMP.subarray(at % GOOD_DUMP.length, (at % GOOD_DUMP.length) + 1));
        at++;
      });
    },
    '/stall': (_req, res) => {
      // Headers and 1000 bytes, then silence with the connection open.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      const s = stream('/stall', res, () => undefined);
      s.write(GOOD_DUMP.subarray(0, 1000));
    },
    '/huge': (_req, res) => {
      // An endless dump, as fast as the client reads it.
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      let stopped = false;
      const s = stream('/huge', res, () => {
        stopped = true;
      });
      const pump = () => {
        while (!stopped && s.write(HUGE_BLOCK));
        if (!stopped) res.once('drain', pump);
      };
      pump();
    },
    '/declared-huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(10 * 1024 ** 3) });
      const s = stream('/declared-huge', res, () => undefined);
      s.write(HUGE_BLOCK);
    },
    '/reset': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.write(GOOD_DUMP.subarray(0, 3000));
      later(50, () => req.socket.destroy());
    },
    '/loop': (_req, res) => text(res, 302, 'Found\n', { location: '/loop' }),
    '/chain': (_req, res, query) => {
      const n = Number(query.get('n') ?? 0);
      text(res, 302, 'Found\n', { location: n > 0 ? `/chain?n=${n - 1}` : '/dump' });
    },
    '/redirect': (_req, res) => text(res, 302, 'Found\n', { location: '/dump' }),
    '/redirect-to-auth': (_req, res) => text(res, 307, 'Temporary Redirect\n', { location: '/auth' }),
    '/redirect-other-origin': (_req, res, query) => {
      // localhost and 127.0.0.1 are different origins on the same server.
      text(res, 302, 'Found\n', { location: `http://localhost:${port}${query.get('to') ?? '/auth'}` });
    },
    '/redirect-ftp': (_req, res) => text(res, 302, 'Found\n', { location: 'ftp://example.com/dump' }),
    '/redirect-no-location': (_req, res) => text(res, 302, 'Found\n'),
    '/401': (_req, res) => text(res, 401, 'Unauthorized\n', { 'www-authenticate': 'Basic realm="pprof"' }),
    '/403': (_req, res) => text(res, 403, 'Forbidden: pprof is only served to the ops network\n'),
    // Go's http.NotFound, byte for byte.
    '/404': (_req, res) => text(res, 404, '404 page not found\n', { 'x-content-type-options': 'nosniff' }),
    '/500': (_req, res) => text(res, 500, 'could not write goroutine profile: runtime busy\n'),
    '/502': (_req, res) => text(res, 502, BAD_GATEWAY, { 'content-type': 'text/html' }),
    '/html': (_req, res) => text(res, 200, HTML_PAGE, { 'content-type': 'text/html; charset=utf-8' }),
    '/json': (_req, res) => text(res, 200, '{"goroutines": 12, "status": "ok"}\n', { 'content-type': 'application/json' }),
    '/empty': (_req, res) => text(res, 200, ''),
    '/auth': (req, res) => {
      if (req.headers.authorization === SECRET_TOKEN) dump(res);
      else text(res, 401, 'Unauthorized\n', { 'www-authenticate': 'Bearer realm="pprof"' });
    },
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname + url.search, headers: req.headers });
    const route = routes[url.pathname];
    if (route) route(req, res, url.searchParams);
    else text(res, 404, '404 page not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    bodyEnded(path) {
      const done = ended.get(path)?.shift();
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => waiting.set(path, [...(waiting.get(path) ?? []), resolve]));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** refusedPort finds a port nobody listens on: bind one, then let it go. */
export async function refusedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * silentTcpServer accepts TCP connections and never says a word: a TLS client
 * waits for the server's hello until its connect timeout fires.
 */
export async function silentTcpServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
