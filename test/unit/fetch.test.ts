import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LensError, type LensErrorCode } from '../../src/core/errors';
import type { Dump } from '../../src/core/dump/model';
import { DEFAULT_DUMP_URL, DEFAULT_FETCH_OPTIONS, expandDumpUrl, fetchDump, formatBytes, type FetchOptions } from '../../src/core/fetch/fetch';
import { shortReason } from '../../src/core/fetch/reason';
import {
  GOOD_DUMP,
  GOOD_DUMP_TOTAL,
  SECRET_TOKEN,
  refusedPort,
  silentTcpServer,
  startMisbehavingServer,
  type MisbehavingServer,
} from '../support/misbehaving-server';

/** FAST are timeouts short enough for tests, long enough for a loaded CI machine to answer a local request. */
const FAST: FetchOptions = { connectTimeoutMs: 500, headersTimeoutMs: 400, bodyIdleTimeoutMs: 400 };

/**
 * rejectsWith runs a fetch that must fail and checks the LensError: its code,
 * words of its message (the URL, the cause, the advice) and how long it took.
 */
async function rejectsWith(run: () => Promise<unknown>, code: LensErrorCode, words: (string | RegExp)[], withinMs = 3000): Promise<LensError> {
  const started = performance.now();
  let caught: unknown = null;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  const elapsed = performance.now() - started;
  assert.ok(caught !== null, 'expected the fetch to fail, but it succeeded');
  assert.ok(caught instanceof LensError, `expected a LensError, got ${String(caught)}`);
  assert.equal(caught.code, code, `code of: ${caught.message}`);
  for (const word of words) {
    if (typeof word === 'string') assert.ok(caught.message.includes(word), `${JSON.stringify(caught.message)} should mention ${JSON.stringify(word)}`);
    else assert.match(caught.message, word);
  }
  assert.ok(elapsed < withinMs, `expected to fail within ${withinMs} ms, took ${Math.round(elapsed)} ms`);
  return caught;
}

/** within fails a test whose promise has not settled in time (a server that never saw the client leave). */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('expandDumpUrl', () => {
  const cases: [string, string][] = [
    ['localhost:6060', DEFAULT_DUMP_URL],
    ['  localhost:6060\n', DEFAULT_DUMP_URL],
    [':6060', DEFAULT_DUMP_URL],
    ['localhost', DEFAULT_DUMP_URL],
    ['10.0.0.7:8080', 'http://10.0.0.7:8080/debug/pprof/goroutine?debug=2'],
    ['svc.internal:80', 'http://svc.internal/debug/pprof/goroutine?debug=2'],
    ['[::1]:6060', 'http://[::1]:6060/debug/pprof/goroutine?debug=2'],
    ['http://localhost:6060', DEFAULT_DUMP_URL],
    ['http://localhost:6060/', DEFAULT_DUMP_URL],
    ['HTTP://Example.com:9000', 'http://example.com:9000/debug/pprof/goroutine?debug=2'],
    ['https://svc.example.com', 'https://svc.example.com/debug/pprof/goroutine?debug=2'],
    ['http://localhost:6060/debug/pprof/goroutine?debug=1', 'http://localhost:6060/debug/pprof/goroutine?debug=1'],
    ['http://localhost:6060/debug/pprof/goroutine', 'http://localhost:6060/debug/pprof/goroutine'],
    ['http://host:1/debug/pprof/goroutineleak?debug=2', 'http://host:1/debug/pprof/goroutineleak?debug=2'],
    ['https://ops.example.com/proxy/svc/debug/pprof/goroutine?debug=2', 'https://ops.example.com/proxy/svc/debug/pprof/goroutine?debug=2'],
    ['localhost:6060/debug/pprof/goroutine?debug=0', 'http://localhost:6060/debug/pprof/goroutine?debug=0'],
    ['http://localhost:6060/?debug=1', 'http://localhost:6060/?debug=1'],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(expandDumpUrl(input), expected));
  }

  const invalid: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['ftp://example.com/dump', 'ftp'],
    ['file:///tmp/dump.txt', 'file'],
    ['not a url', 'spaces'],
    ['localhost:notaport', '"localhost:notaport"'],
    ['http://', '"http://"'],
    ['localhost:99999', '"localhost:99999"'],
  ];
  for (const [input, word] of invalid) {
    test(`${JSON.stringify(input)} is invalid`, () => {
      assert.throws(
        () => expandDumpUrl(input),
        (err: unknown) =>
          err instanceof LensError &&
          err.code === 'invalid-url' &&
          err.message.includes('http(s) URL') &&
          err.message.includes('host:port') &&
          err.message.includes(word),
      );
    });
  }
});

describe('shortReason', () => {
  const cases: [string, string][] = [
    ['404 page not found\n', '404 page not found'],
    ['<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>', '502 Bad Gateway'],
    ['<html><body>\n<h1>Service   Unavailable</h1>\n<p>try later</p></body></html>', 'Service Unavailable'],
    ['\n\n  first   line\nsecond line', 'first line'],
    ['<p>Tom &amp; Jerry&#39;s &lt;pprof&gt;</p>', "Tom & Jerry's <pprof>"],
    ['', ''],
    ['x'.repeat(1000), `${'x'.repeat(199)}…`],
  ];
  for (const [body, expected] of cases) test(JSON.stringify(body.slice(0, 40)), () => assert.equal(shortReason(body), expected));
});

describe('formatBytes', () => {
  test('sizes read as people write them', () => {
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1000), '1000 bytes');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(DEFAULT_FETCH_OPTIONS.maxBytes), '256 MiB');
    assert.equal(formatBytes(10 * 1024 ** 3), '10 GiB');
  });
});

describe('fetchDump against a misbehaving server', () => {
  let server: MisbehavingServer;
  before(async () => {
    server = await startMisbehavingServer();
  });
  after(async () => {
    await server.close();
  });

  describe('success', () => {
    test('fetches and parses a real debug=2 dump', async () => {
      const result = await fetchDump(server.url('/dump'), FAST);
      assert.equal(result.dump.format, 'debug2');
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(result.status, 200);
      assert.equal(result.bytes, GOOD_DUMP.length);
      assert.equal(result.url, server.url('/dump'));
      assert.equal(result.contentType, 'text/plain; charset=utf-8');
    });

    test('a bare host:port fetches /debug/pprof/goroutine?debug=2', async () => {
      const result = await fetchDump(`127.0.0.1:${server.port}`, FAST);
      assert.equal(result.url, server.url('/debug/pprof/goroutine?debug=2'));
      assert.equal(result.dump.format, 'debug2');
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
    });

    test('the format comes from the content: debug=0 is a gzipped profile', async () => {
      const result = await fetchDump(server.url('/debug/pprof/goroutine?debug=0'), FAST);
      assert.equal(result.dump.format, 'debug0');
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(result.contentType, 'application/octet-stream');
    });

    test('progress reports increasing byte counts and the declared total', async () => {
      const calls: [number, number | null][] = [];
      const result = await fetchDump(server.url('/dump'), { ...FAST, onProgress: (received, total) => calls.push([received, total]) });
      assert.ok(calls.length >= 1);
      assert.ok(calls.every(([, total]) => total === GOOD_DUMP.length));
      assert.equal(calls.at(-1)?.[0], result.bytes);
    });

    test('progress without Content-Length has a null total, and counts only go up', async () => {
      const calls: [number, number | null][] = [];
      const result = await fetchDump(server.url('/chunked-dump'), { ...FAST, onProgress: (received, total) => calls.push([received, total]) });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.ok(calls.every(([, total]) => total === null));
      for (let i = 1; i < calls.length; i++) assert.ok(calls[i]![0] > calls[i - 1]![0], 'progress went backwards');
      assert.equal(calls.at(-1)?.[0], GOOD_DUMP.length);
    });

    test('waits for a slow handler within the headers timeout', async () => {
      const result = await fetchDump(server.url('/slow-headers?ms=300'), { ...FAST, headersTimeoutMs: 3000 });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
    });

    test('a trickle that never pauses long is not a stall', async () => {
      // Bytes every 50 ms with a 400 ms idle timeout: cancel after a second of steady progress.
      const controller = new AbortController();
      const counts: number[] = [];
      const started = performance.now();
      await rejectsWith(
        () =>
          fetchDump(server.url('/trickle?every=50'), {
            ...FAST,
            signal: controller.signal,
            onProgress: (received) => {
              counts.push(received);
              if (performance.now() - started > 1000) controller.abort();
            },
          }),
        'aborted',
        ['Fetch cancelled'],
      );
      assert.ok(counts.length > 5, `expected steady progress, got ${counts.length} updates`);
    });

    test('asks for identity, and undoes a gzip Content-Encoding a proxy applied anyway', async () => {
      const result = await fetchDump(server.url('/gzip-encoded'), FAST);
      assert.equal(server.requests.at(-1)?.headers['accept-encoding'], 'identity');
      assert.equal(result.dump.format, 'debug2');
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(result.bytes, GOOD_DUMP.length);
    });

    test('uses an injected parser', async () => {
      const fake: Dump = {
        format: 'debug1',
        leakProfile: false,
        total: 7,
        declaredTotal: 7,
        truncated: false,
        truncatedReason: null,
        buckets: [],
        preamble: { panics: [], fatalError: null, signal: null, notes: [] },
        problems: [],
        otherDumps: [],
        races: [],
      };
      let seen = 0;
      const result = await fetchDump(server.url('/dump'), {
        ...FAST,
        parse: async (input) => {
          for await (const chunk of input) seen += chunk.length;
          return fake;
        },
      });
      assert.equal(result.dump, fake);
      assert.equal(seen, GOOD_DUMP.length);
    });
  });

  describe('connecting', () => {
    test('connection refused', async () => {
      const port = await refusedPort();
      const url = `http://127.0.0.1:${port}/debug/pprof/goroutine?debug=2`;
      await rejectsWith(() => fetchDump(url, FAST), 'refused', [url, 'connection refused', 'is the service running and serving net/http/pprof on that port?']);
    });

    test('a host name that does not resolve', async () => {
      const url = 'http://no-such-host.invalid:6060/debug/pprof/goroutine?debug=2';
      await rejectsWith(() => fetchDump(url, FAST), 'network', [url, 'no-such-host.invalid', 'could not be resolved', 'DNS'], 10_000);
    });

    test('connect timeout (a TLS handshake the server never answers)', async () => {
      const silent = await silentTcpServer();
      try {
        const url = `https://127.0.0.1:${silent.port}/debug/pprof/goroutine?debug=2`;
        await rejectsWith(() => fetchDump(url, { ...FAST, connectTimeoutMs: 300 }), 'timeout', [url, 'no connection', '300 ms', 'connect timeout']);
      } finally {
        await silent.close();
      }
    });

    test('invalid URL', async () => {
      await rejectsWith(() => fetchDump('ftp://example.com/x', FAST), 'invalid-url', ['ftp', 'http(s) URL']);
    });
  });

  describe('timeouts', () => {
    test('a server that accepts and never answers: headers timeout', async () => {
      const url = server.url('/hang');
      await rejectsWith(() => fetchDump(url, FAST), 'timeout', [url, 'accepted the connection but sent no response within 400 ms', 'headers timeout']);
    });

    test('a body that stops: body idle timeout says how far it got', async () => {
      const url = server.url('/stall');
      await rejectsWith(() => fetchDump(url, FAST), 'timeout', [url, 'stalled after 1000 bytes', '400 ms']);
      const end = await within(2000, server.bodyEnded('/stall'), 'server saw the stalled connection close');
      assert.equal(end.closedByClient, true);
    });
  });

  describe('size', () => {
    test('an endless body is cut at maxBytes and the connection closed', async () => {
      const maxBytes = 2 * 1024 * 1024;
      const url = server.url('/huge');
      let last = 0;
      const ended = server.bodyEnded('/huge');
      await rejectsWith(() => fetchDump(url, { ...FAST, maxBytes, onProgress: (received) => (last = received) }), 'too-large', [
        url,
        'more than the 2 MiB limit',
        'goroutineLens.fetch.maxSizeMB',
        'stopped',
      ]);
      assert.ok(last <= maxBytes, `progress went past the limit: ${last}`);
      const end = await within(2000, ended, 'server saw the connection close');
      assert.equal(end.closedByClient, true);
      // What the server wrote beyond the limit is only what socket buffers held.
      assert.ok(end.bytesSent < maxBytes + 16 * 1024 * 1024, `server kept sending: ${end.bytesSent} bytes`);
    });

    test('a declared Content-Length over maxBytes fails before downloading', async () => {
      const url = server.url('/declared-huge');
      let progressed = false;
      await rejectsWith(() => fetchDump(url, { ...FAST, onProgress: () => (progressed = true) }), 'too-large', [url, 'declares 10 GiB', '256 MiB']);
      assert.equal(progressed, false);
    });
  });

  describe('cancellation', () => {
    test('an already aborted signal sends nothing', async () => {
      const before = server.requests.length;
      await rejectsWith(() => fetchDump(server.url('/dump'), { ...FAST, signal: AbortSignal.abort() }), 'aborted', ['Fetch cancelled'], 200);
      assert.equal(server.requests.length, before);
    });

    test('abort while waiting for headers', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await rejectsWith(
        () => fetchDump(server.url('/hang'), { ...FAST, headersTimeoutMs: 10_000, signal: controller.signal }),
        'aborted',
        ['Fetch cancelled', '/hang'],
        1000,
      );
    });

    test('abort while connecting (a TLS handshake that never completes)', async () => {
      const silent = await silentTcpServer();
      try {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        await rejectsWith(
          () => fetchDump(`https://127.0.0.1:${silent.port}/`, { ...FAST, connectTimeoutMs: 10_000, signal: controller.signal }),
          'aborted',
          ['Fetch cancelled'],
          1000,
        );
      } finally {
        await silent.close();
      }
    });

    test('abort mid-body rejects promptly and closes the connection', async () => {
      const controller = new AbortController();
      const counts: number[] = [];
      const ended = server.bodyEnded('/trickle');
      let abortedAt = 0;
      await rejectsWith(
        () =>
          fetchDump(server.url('/trickle'), {
            ...FAST,
            bodyIdleTimeoutMs: 10_000,
            signal: controller.signal,
            onProgress: (received) => {
              counts.push(received);
              if (counts.length === 3) {
                abortedAt = performance.now();
                controller.abort();
              }
            },
          }),
        'aborted',
        ['Fetch cancelled'],
      );
      assert.ok(performance.now() - abortedAt < 500, 'rejected long after the abort');
      for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! > counts[i - 1]!, 'progress went backwards');
      assert.equal((await within(2000, ended, 'server saw the aborted connection close')).closedByClient, true);
    });

    test('abort in an endless body', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      await rejectsWith(
        () => fetchDump(server.url('/huge'), { ...FAST, maxBytes: 1024 ** 4, signal: controller.signal }),
        'aborted',
        ['Fetch cancelled'],
        1500,
      );
    });
  });

  describe('redirects', () => {
    test('one redirect is followed and the final URL reported', async () => {
      const result = await fetchDump(server.url('/redirect'), FAST);
      assert.equal(result.url, server.url('/dump'));
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
    });

    test('up to maxRedirects are followed', async () => {
      const result = await fetchDump(server.url('/chain?n=3'), { ...FAST, maxRedirects: 5 });
      assert.equal(result.url, server.url('/dump'));
    });

    test('a redirect loop', async () => {
      const url = server.url('/loop');
      await rejectsWith(() => fetchDump(url, FAST), 'too-many-redirects', [url, 'redirects in a loop']);
    });

    test('too many redirects', async () => {
      const url = server.url('/chain?n=10');
      await rejectsWith(() => fetchDump(url, { ...FAST, maxRedirects: 5 }), 'too-many-redirects', [url, 'more than 5 times']);
    });

    test('only http(s) redirects are followed', async () => {
      await rejectsWith(() => fetchDump(server.url('/redirect-ftp'), FAST), 'invalid-url', ['ftp://example.com/dump', 'only http and https']);
    });

    test('a redirect without Location', async () => {
      await rejectsWith(() => fetchDump(server.url('/redirect-no-location'), FAST), 'http-status', ['302', 'without a Location header']);
    });
  });

  describe('HTTP errors quote the server', () => {
    test('401 asks for a header and names the scheme', async () => {
      const url = server.url('/401');
      await rejectsWith(() => fetchDump(url, FAST), 'http-status', [url, '401 Unauthorized:', 'authentication is needed', 'Basic', 'configure a header']);
    });

    test('403', async () => {
      const url = server.url('/403');
      await rejectsWith(() => fetchDump(url, FAST), 'http-status', [url, '403 Forbidden', 'pprof is only served to the ops network', 'configure a header']);
    });

    test('404 says to import net/http/pprof', async () => {
      const url = server.url('/404');
      await rejectsWith(() => fetchDump(url, FAST), 'http-status', [url, '404 Not Found', '404 page not found', 'import _ "net/http/pprof"']);
    });

    test('500 with a text reason', async () => {
      const url = server.url('/500');
      await rejectsWith(() => fetchDump(url, FAST), 'http-status', [
        url,
        '500 Internal Server Error',
        'could not write goroutine profile: runtime busy',
        'logs',
      ]);
    });

    test('502 from a proxy: the HTML title, no tags', async () => {
      const url = server.url('/502');
      const err = await rejectsWith(() => fetchDump(url, FAST), 'http-status', [url, '502 Bad Gateway', 'proxy']);
      assert.doesNotMatch(err.message, /<[a-z/]/i);
    });
  });

  describe('not a dump', () => {
    test('an HTML page', async () => {
      const url = server.url('/html');
      const err = await rejectsWith(() => fetchDump(url, FAST), 'not-a-dump', [`${url}: `, 'expected a goroutine dump', 'HTML']);
      assert.ok(err.cause instanceof LensError);
    });

    test('JSON', async () => {
      const url = server.url('/json');
      await rejectsWith(() => fetchDump(url, FAST), 'not-a-dump', [`${url}: `, 'JSON']);
    });

    test('an empty body', async () => {
      const url = server.url('/empty');
      await rejectsWith(() => fetchDump(url, FAST), 'empty', [`${url}: `, 'empty']);
    });

    test('a Content-Encoding that cannot be decoded', async () => {
      const url = server.url('/odd-encoding');
      await rejectsWith(() => fetchDump(url, FAST), 'network', [url, 'Content-Encoding "zstd-custom"', 'proxy']);
    });

    test('a connection closed mid-body', async () => {
      const url = server.url('/reset');
      await rejectsWith(() => fetchDump(url, FAST), 'network', [url, 'closed the connection']);
    });
  });

  describe('headers', () => {
    test('are sent, and the server accepts them', async () => {
      const result = await fetchDump(server.url('/auth'), { ...FAST, headers: { Authorization: SECRET_TOKEN } });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(server.requests.at(-1)?.headers.authorization, SECRET_TOKEN);
    });

    test('follow a redirect on the same origin', async () => {
      const result = await fetchDump(server.url('/redirect-to-auth'), { ...FAST, headers: { Authorization: SECRET_TOKEN } });
      assert.equal(result.url, server.url('/auth'));
    });

    test('are not sent to another origin after a redirect', async () => {
      const err = await rejectsWith(
        () => fetchDump(server.url('/redirect-other-origin'), { ...FAST, headers: { Authorization: SECRET_TOKEN } }),
        'http-status',
        ['401', `http://localhost:${server.port}/auth`, 'redirected from', 'not sent to'],
      );
      const last = server.requests.at(-1);
      assert.equal(last?.path, '/auth');
      assert.equal(last?.headers.authorization, undefined);
      assert.ok(!err.message.includes(SECRET_TOKEN));
    });

    test('a rejected credential is named, its value never shown', async () => {
      const wrong = 'Bearer wrong-secret-value';
      const err = await rejectsWith(() => fetchDump(server.url('/auth'), { ...FAST, headers: { Authorization: wrong } }), 'http-status', [
        '401',
        'refused the credentials sent in Authorization',
        'Bearer authentication',
      ]);
      assert.ok(!err.message.includes('wrong-secret-value'));
    });

    test('never appear in any error message', async () => {
      const headers = { Authorization: SECRET_TOKEN, 'X-Api-Key': 'key-1234567890' };
      const port = await refusedPort();
      const failing = [
        () => fetchDump(`http://127.0.0.1:${port}/`, { ...FAST, headers }),
        () => fetchDump(server.url('/hang'), { ...FAST, headers }),
        () => fetchDump(server.url('/404'), { ...FAST, headers }),
        () => fetchDump(server.url('/html'), { ...FAST, headers }),
        () => fetchDump(server.url('/huge'), { ...FAST, headers, maxBytes: 100_000 }),
        () => fetchDump(server.url('/dump'), { ...FAST, headers: { 'Bad Header': SECRET_TOKEN } }),
        () => fetchDump(server.url('/dump'), { ...FAST, headers: { Authorization: `${SECRET_TOKEN}\r\nX-Injected: 1` } }),
      ];
      for (const run of failing) {
        const err = await run().then(
          () => assert.fail('expected a failure'),
          (e: unknown) => e,
        );
        assert.ok(err instanceof LensError, String(err));
        assert.ok(!err.message.includes('s3cr3t') && !err.message.includes('key-1234567890'), err.message);
      }
    });
  });

  describe('leaves nothing behind', () => {
    /** exitTime runs a fetch in a fresh node process and measures how long the process takes to exit after it. */
    async function exitTime(url: string, options: string): Promise<{ ms: number; output: string }> {
      const fetchModule = join(__dirname, '..', '..', 'src', 'core', 'fetch', 'fetch.js');
      const script = `
        const { fetchDump } = require(${JSON.stringify(fetchModule)});
        fetchDump(${JSON.stringify(url)}, ${options}).then(
          (r) => { console.log('ok', r.dump.total); globalThis.t = performance.now(); },
          (e) => { console.log('err', e.code); globalThis.t = performance.now(); },
        );
        process.on('exit', () => console.log('exit', Math.round(performance.now() - globalThis.t)));
      `;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      await within(10_000, new Promise((resolve) => child.on('close', resolve)), 'child process exit');
      const ms = Number(/exit (\d+)/.exec(output)?.[1] ?? NaN);
      return { ms, output };
    }

    test('the process exits right after a successful fetch', async () => {
      const { ms, output } = await exitTime(server.url('/dump'), '{}');
      assert.match(output, new RegExp(`ok ${GOOD_DUMP_TOTAL}`));
      assert.ok(ms < 500, `process lingered ${ms} ms after the fetch (${output})`);
    });

    test('the process exits right after a failed fetch', async () => {
      const { ms, output } = await exitTime(server.url('/hang'), '{ headersTimeoutMs: 300 }');
      assert.match(output, /err timeout/);
      assert.ok(ms < 500, `process lingered ${ms} ms after the fetch (${output})`);
    });

    test('the process exits right after a cancelled fetch', async () => {
      const { ms, output } = await exitTime(server.url('/hang'), '{ headersTimeoutMs: 10000, signal: AbortSignal.timeout(200) }');
      assert.match(output, /err aborted/);
      assert.ok(ms < 500, `process lingered ${ms} ms after the fetch (${output})`);
    });

    test('the process exits right after a fetch cut by the size cap', async () => {
      const { ms, output } = await exitTime(server.url('/huge'), '{ maxBytes: 1000000 }');
      assert.match(output, /err too-large/);
      assert.ok(ms < 500, `process lingered ${ms} ms after the fetch (${output})`);
    });
  });
});
