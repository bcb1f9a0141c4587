import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** ProxyRecord is one request the proxy saw: a CONNECT tunnel or a forwarded absolute-URI request. */
export interface ProxyRecord {
  method: string;
  /** `host:port` for CONNECT, the absolute URL for a forwarded request. */
  target: string;
  proxyAuthorization: string | undefined;
  /** What the proxy answered (200 for a tunnel opened). */
  status: number;
}

export interface TestProxy {
  readonly port: number;
  /** `http://127.0.0.1:port`, with `user:pass@` when the proxy wants credentials. */
  readonly url: string;
  readonly records: ProxyRecord[];
  close(): Promise<void>;
}

/**
 * startProxy runs a real HTTP proxy on 127.0.0.1, as corporate proxies
 * behave: CONNECT opens a TCP tunnel (how undici reaches http and https
 * targets), and an absolute-URI request (`GET http://host/path`) is forwarded.
 * It only ever connects to 127.0.0.1 and answers 403 for any other host, so a
 * test can never reach out. With `credentials` it wants `Proxy-Authorization:
 * Basic …` and answers 407 without it.
 */
export async function startProxy(options: { credentials?: { user: string; pass: string } } = {}): Promise<TestProxy> {
  const records: ProxyRecord[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials ? `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.pass}`).toString('base64')}` : null;
  const authorized = (req: IncomingMessage) => expected === null || req.headers['proxy-authorization'] === expected;
  const record = (req: IncomingMessage, target: string, status: number) =>
    records.push({ method: req.method ?? '', target, proxyAuthorization: req.headers['proxy-authorization'], status });

  const server: Server = createServer((req, res) => {
    // Forwarding: the request line holds an absolute URL.
    const target = req.url ?? '';
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      record(req, target, 400);
      res.writeHead(400).end('expected an absolute URL\n');
      return;
    }
    if (!authorized(req)) {
      record(req, target, 407);
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test-proxy"' }).end();
      return;
    }
    if (url.hostname !== '127.0.0.1' || url.protocol !== 'http:') {
      record(req, target, 403);
      res.writeHead(403).end('this proxy only reaches 127.0.0.1\n');
      return;
    }
    record(req, target, 200);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: '127.0.0.1', port: url.port || 80, path: url.pathname + url.search, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const target = req.url ?? '';
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (!authorized(req)) {
      record(req, target, 407);
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (host !== '127.0.0.1' || !Number.isInteger(port)) {
      record(req, target, 403);
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      record(req, target, 200);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => {
      record(req, target, 502);
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.on('close', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const auth = options.credentials ? `${encodeURIComponent(options.credentials.user)}:${encodeURIComponent(options.credentials.pass)}@` : '';
  return {
    port,
    url: `http://${auth}127.0.0.1:${port}`,
    records,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
