// Hostile networks (issue 10, item 4): a server that drips a byte a second, a
// real proxy (CONNECT and forwarding) between the client and the server,
// credentials in URLs and headers that must never be printed. Everything runs
// against real servers on 127.0.0.1; the CLI runs as a child process.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LensError } from '../../src/core/errors';
import { displayUrl, expandDumpUrl, fetchDump, maskCredentials, proxyFromEditorSettings, type FetchOptions } from '../../src/core/fetch/fetch';
import { ROOT } from '../support/fixtures';
import { GOOD_DUMP, GOOD_DUMP_TOTAL, SECRET_TOKEN, refusedPort, startMisbehavingServer, type MisbehavingServer } from '../support/misbehaving-server';
import { startProxy, type TestProxy } from '../support/proxy';

const FAST: FetchOptions = { connectTimeoutMs: 1000, headersTimeoutMs: 1500, bodyIdleTimeoutMs: 1500 };
/** DIRECT is no proxy whatever the environment of the test run says. */
const DIRECT = { httpProxy: '', httpsProxy: '', noProxy: '' };
const CLI = join(ROOT, 'dist', 'cli.js');

/** failure runs a fetch that must fail and returns its LensError and how long it took. */
async function failure(run: () => Promise<unknown>): Promise<{ err: LensError; ms: number }> {
  const started = performance.now();
  const err = await run().then(
    () => assert.fail('expected the fetch to fail, but it succeeded'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof LensError, `expected a LensError, got ${String(err)}`);
  return { err, ms: performance.now() - started };
}

/** cli runs dist/cli.js as a child process (asynchronously: the servers it talks to live in this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?_proxy|no_proxy)$/i.test(k)));
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })));
}

describe('hostile networks', () => {
  let server: MisbehavingServer;
  before(async () => {
    server = await startMisbehavingServer();
  });
  after(() => server.close());

  describe('the overall deadline', () => {
    test('a server that drips a byte every 300 ms is cut off at the deadline, though the idle timeout never fires', async () => {
      const url = server.url('/drip?every=300');
      const ended = server.bodyEnded('/drip');
      const { err, ms } = await failure(() => fetchDump(url, { ...FAST, proxy: DIRECT, deadlineMs: 2000 }));
      assert.equal(err.code, 'timeout');
      assert.match(err.message, /did not finish within the 2 s overall deadline \(only [\d.]+ (bytes|KiB) of the body had arrived\), so it was cut off/);
      assert.ok(err.message.includes(url), err.message);
      assert.ok(ms >= 1900 && ms < 4000, `cut off after ${Math.round(ms)} ms`);
      const end = await ended;
      assert.equal(end.closedByClient, true, 'the client closed the connection');
      assert.ok(end.bytesSent > 512, `the server dripped (${end.bytesSent} bytes), so the idle timer kept being reset`);
    });

    test('the deadline also bounds the wait for headers', async () => {
      const { err, ms } = await failure(() =>
        fetchDump(server.url('/slow-headers?ms=5000'), { ...FAST, headersTimeoutMs: 10_000, proxy: DIRECT, deadlineMs: 500 }),
      );
      assert.equal(err.code, 'timeout');
      assert.match(err.message, /within the 500 ms overall deadline \(no response body had started\)/);
      assert.ok(ms < 2500, `took ${Math.round(ms)} ms`);
    });

    test('a cancel is still a cancel, not a deadline', async () => {
      const { err } = await failure(() =>
        fetchDump(server.url('/drip?every=100'), { ...FAST, proxy: DIRECT, deadlineMs: 5000, signal: AbortSignal.timeout(300) }),
      );
      assert.equal(err.code, 'aborted');
    });

    test('0 means no deadline; a dump within it arrives whole', async () => {
      const result = await fetchDump(server.url('/dump'), { ...FAST, proxy: DIRECT, deadlineMs: 0 });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
    });

    test('the CLI: --timeout cuts a dripping server off with exit status 2 and one line saying so', async () => {
      const { code, stdout, stderr, ms } = await cli(['analyze', server.url('/drip?every=200'), '--timeout', '1.5']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /^goroutine-lens: .*did not finish within the 1\.5 s overall deadline.*--timeout/);
      assert.equal(stderr.trim().split('\n').length, 1);
      assert.ok(ms < 6000, `took ${Math.round(ms)} ms`);
    });

    test('the CLI: a bad --timeout is a usage error', async () => {
      const { code, stderr } = await cli(['analyze', server.url('/dump'), '--timeout', 'soon']);
      assert.equal(code, 2);
      assert.match(stderr, /--timeout expects a number of seconds \(0 for none\), such as --timeout 60, but got "soon"/);
    });
  });

  describe('--header in the CLI', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lens-headers-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('--header "Name: value" is sent (repeatable)', async () => {
      const { code, stdout, stderr } = await cli([
        'analyze',
        server.url('/auth'),
        '--format',
        'json',
        '--header',
        `Authorization: ${SECRET_TOKEN}`,
        '--header',
        'X-Trace: 1',
      ]);
      assert.equal(code, 0, stderr);
      assert.equal((JSON.parse(stdout) as { total: number }).total, GOOD_DUMP_TOTAL);
      const seen = server.requests.at(-1)!;
      assert.equal(seen.headers.authorization, SECRET_TOKEN);
      assert.equal(seen.headers['x-trace'], '1');
    });

    test('--header @file reads the token from a file, so it is not on the command line', async () => {
      const file = join(dir, 'headers');
      writeFileSync(file, `# the token comes from the environment\n\nAuthorization: ${SECRET_TOKEN}\n`, { mode: 0o600 });
      const { code, stderr } = await cli(['analyze', server.url('/auth'), '--format', 'json', '--header', `@${file}`]);
      assert.equal(code, 0, stderr);
      assert.equal(server.requests.at(-1)!.headers.authorization, SECRET_TOKEN);
    });

    test(
      "the README's recipe: bash passes $TOKEN from the environment through --header @<(printf …), never as an argument",
      { skip: spawnSync('bash', ['--version']).status === 0 ? false : 'bash is not installed' },
      async () => {
        const script = `exec "$NODE" "$CLI" analyze "$URL" --format json --header @<(printf 'Authorization: %s' "$TOKEN")`;
        const child = spawn('bash', ['-c', script], {
          env: { ...process.env, NODE: process.execPath, CLI, URL: server.url('/auth'), TOKEN: SECRET_TOKEN },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const code = await new Promise((resolve) => child.on('close', resolve));
        assert.equal(code, 0, stderr);
        assert.equal((JSON.parse(stdout) as { total: number }).total, GOOD_DUMP_TOTAL);
        assert.equal(server.requests.at(-1)!.headers.authorization, SECRET_TOKEN);
      },
    );

    test('a wrong token: 401, the header named, its value never printed', async () => {
      const { code, stderr } = await cli(['analyze', server.url('/auth'), '--header', 'Authorization: Bearer wrong-s3cret']);
      assert.equal(code, 2);
      assert.match(stderr, /401.*refused the credentials sent in Authorization/);
      assert.ok(!stderr.includes('wrong-s3cret'), stderr);
    });

    test('malformed headers are usage errors that never echo the value', async () => {
      const file = join(dir, 'bad');
      writeFileSync(file, 'X-Ok: 1\nAuthorization Bearer s3cret-in-file\n');
      const cases: [string, RegExp][] = [
        ['Authorization Bearer s3cret-inline', /--header: expected "Name: value" .* but there is no ":"/],
        ['Bad Name: s3cret-inline', /--header: "Bad Name" is not a valid header name/],
        [`@${file}`, /--header @.*bad: line 2: expected "Name: value"/],
        [`@${join(dir, 'missing')}`, /--header @.*missing: cannot read the file \(no such file\)/],
        ['X-Token: s3cret-inline\r\nX-Injected: 1', /the value of X-Token contains a control character/],
      ];
      for (const [header, message] of cases) {
        const { code, stderr } = await cli(['analyze', server.url('/dump'), '--header', header]);
        assert.equal(code, 2, header);
        assert.match(stderr, message);
        assert.ok(!stderr.includes('s3cret'), stderr);
      }
    });

    test('headers are not sent to another origin on a redirect', async () => {
      const { code, stderr } = await cli(['analyze', server.url('/redirect-other-origin'), '--header', `Authorization: ${SECRET_TOKEN}`]);
      assert.equal(code, 2);
      assert.match(stderr, /not sent to http:\/\/localhost:\d+ after a redirect/);
      const last = server.requests.at(-1)!;
      assert.equal(last.path, '/auth');
      assert.equal(last.headers.authorization, undefined);
    });
  });

  describe('through a real proxy', () => {
    let proxy: TestProxy;
    let authProxy: TestProxy;
    before(async () => {
      proxy = await startProxy();
      authProxy = await startProxy({ credentials: { user: 'alice', pass: 'pr0xy-pa55' } });
    });
    after(async () => {
      await proxy.close();
      await authProxy.close();
    });

    test('an http:// fetch is forwarded by the proxy (GET with the absolute URL, as curl does) and the dump arrives whole', async () => {
      const before = proxy.records.length;
      const result = await fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: proxy.url, noProxy: '' } });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.deepEqual(
        proxy.records.slice(before).map((r) => [r.method, r.target, r.status]),
        [['GET', server.url('/dump'), 200]],
      );
    });

    test('through the proxy, the idle timeout still holds (undici builds the pool to a forwarding proxy without it)', async () => {
      const { err, ms } = await failure(() =>
        fetchDump(server.url('/stall'), { ...FAST, bodyIdleTimeoutMs: 500, deadlineMs: 0, proxy: { httpProxy: proxy.url, noProxy: '' } }),
      );
      assert.equal(err.code, 'timeout');
      assert.match(err.message, /stalled after 1000 bytes: nothing arrived for 500 ms \(body idle timeout\)/);
      assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
    });

    describe('https through a CONNECT tunnel', () => {
      let dir: string;
      let tls: HttpsServer | null = null;
      let httpsUrl = '';
      const why = spawnSync('openssl', ['version']).status === 0 ? null : 'openssl is not installed (it makes the test certificate)';
      before(async () => {
        if (why) return;
        dir = mkdtempSync(join(tmpdir(), 'lens-tls-'));
        const made = spawnSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-subj',
            '/CN=127.0.0.1',
            '-addext',
            'subjectAltName=IP:127.0.0.1',
            '-days',
            '1',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
          ],
          { encoding: 'utf8' },
        );
        assert.equal(made.status, 0, made.stderr);
        tls = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(GOOD_DUMP.length) });
          res.end(GOOD_DUMP);
        });
        await new Promise<void>((resolve) => tls!.listen(0, '127.0.0.1', resolve));
        httpsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/debug/pprof/goroutine?debug=2`;
      });
      after(async () => {
        if (tls) {
          tls.closeAllConnections();
          await new Promise((resolve) => tls!.close(resolve));
        }
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      test(
        'a self-signed server behind the proxy: refused by default, fetched with strictSSL false (http.proxyStrictSSL)',
        { skip: why ?? false },
        async () => {
          const before = proxy.records.length;
          const strict = await failure(() => fetchDump(httpsUrl, { ...FAST, proxy: { httpsProxy: proxy.url, noProxy: '' } }));
          assert.match(
            strict.err.message,
            /^Cannot fetch https:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/goroutine\?debug=2: the server's TLS certificate was not accepted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
          );
          const result = await fetchDump(httpsUrl, { ...FAST, proxy: { httpsProxy: proxy.url, noProxy: '', strictSSL: false } });
          assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
          const port = new URL(httpsUrl).port;
          assert.deepEqual(
            proxy.records.slice(before).map((r) => [r.method, r.target, r.status]),
            [
              ['CONNECT', `127.0.0.1:${port}`, 200],
              ['CONNECT', `127.0.0.1:${port}`, 200],
            ],
          );
        },
      );
    });

    test('headers reach the server through the tunnel; the deadline still holds', async () => {
      const result = await fetchDump(server.url('/auth'), { ...FAST, headers: { Authorization: SECRET_TOKEN }, proxy: { httpProxy: proxy.url, noProxy: '' } });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      const { err } = await failure(() =>
        fetchDump(server.url('/drip?every=200'), { ...FAST, deadlineMs: 1000, proxy: { httpProxy: proxy.url, noProxy: '' } }),
      );
      assert.match(err.message, /overall deadline/);
    });

    test('NO_PROXY names the host: fetched directly', async () => {
      const before = proxy.records.length;
      const result = await fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: proxy.url, noProxy: 'example.com, 127.0.0.1' } });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(proxy.records.length, before);
    });

    test('a proxy with credentials in its URL gets them as Proxy-Authorization; the password is never printed', async () => {
      const result = await fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: authProxy.url, noProxy: '' } });
      assert.equal(result.dump.total, GOOD_DUMP_TOTAL);
      assert.equal(authProxy.records.at(-1)!.proxyAuthorization, `Basic ${Buffer.from('alice:pr0xy-pa55').toString('base64')}`);
      const wrong = authProxy.url.replace('pr0xy-pa55', 'wr0ng-pa55');
      const { err } = await failure(() => fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: wrong, noProxy: '' } }));
      assert.equal(err.code, 'network');
      assert.match(err.message, /through the proxy http:\/\/alice:\*\*\*@127\.0\.0\.1:\d+\/: the proxy asks for credentials \(HTTP 407/);
      assert.ok(!err.message.includes('wr0ng-pa55'), err.message);
    });

    test('a proxy that refuses the target, and a proxy that is not there, are named as the proxy', async () => {
      const forbidden = await failure(() =>
        fetchDump('https://localhost:6060/debug/pprof/goroutine?debug=2', { ...FAST, proxy: { httpsProxy: proxy.url, noProxy: '' } }),
      );
      assert.match(
        forbidden.err.message,
        /through the proxy http:\/\/127\.0\.0\.1:\d+\/: the proxy would not connect to localhost:6060 \(HTTP 403 Forbidden\)/,
      );
      const port = await refusedPort();
      const gone = await failure(() => fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: `http://127.0.0.1:${port}`, noProxy: '' } }));
      assert.equal(gone.err.code, 'refused');
      assert.match(gone.err.message, new RegExp(`through the proxy http://127\\.0\\.0\\.1:${port}/: the proxy refused the connection`));
    });

    test('a proxy setting that is not a URL is a usage error, its password masked', async () => {
      const { err } = await failure(() => fetchDump(server.url('/dump'), { ...FAST, proxy: { httpProxy: 'socks9://bob:hunter2@proxy' } }));
      assert.equal(err.code, 'usage');
      assert.match(err.message, /expected the proxy \(HTTP_PROXY\) to be an http\(s\) URL .* but got "socks9:\/\/bob:\*\*\*@proxy"/);
    });

    test('the CLI honours HTTP_PROXY, and NO_PROXY', async () => {
      const before = authProxy.records.length;
      const via = await cli(['analyze', server.url('/dump'), '--format', 'json'], { HTTP_PROXY: authProxy.url });
      assert.equal(via.code, 0, via.stderr);
      assert.equal((JSON.parse(via.stdout) as { total: number }).total, GOOD_DUMP_TOTAL);
      assert.deepEqual(
        authProxy.records.slice(before).map((r) => [r.method, r.status]),
        [['GET', 200]],
      );
      const direct = await cli(['analyze', server.url('/dump'), '--format', 'json'], { http_proxy: authProxy.url, NO_PROXY: '127.0.0.1' });
      assert.equal(direct.code, 0, direct.stderr);
      assert.equal(authProxy.records.length, before + 1, 'NO_PROXY: not through the proxy');
    });

    test('the CLI through a proxy that is down: one line naming the proxy, exit status 2', async () => {
      const port = await refusedPort();
      const { code, stderr } = await cli(['analyze', server.url('/dump')], { HTTP_PROXY: `http://carol:s3cret-proxy@127.0.0.1:${port}` });
      assert.equal(code, 2);
      assert.match(stderr, /through the proxy http:\/\/carol:\*\*\*@127\.0\.0\.1:\d+\/: the proxy refused the connection/);
      assert.ok(!stderr.includes('s3cret-proxy'), stderr);
    });

    test("VS Code's settings: http.proxy for both schemes, http.noProxy, strictSSL, proxySupport off", () => {
      assert.deepEqual(proxyFromEditorSettings({ proxy: 'proxy.corp:3128', noProxy: ['localhost', '*.internal'], strictSSL: false }), {
        httpProxy: 'http://proxy.corp:3128',
        httpsProxy: 'http://proxy.corp:3128',
        noProxy: 'localhost,*.internal',
        strictSSL: false,
      });
      assert.deepEqual(proxyFromEditorSettings({ proxy: '', noProxy: [], strictSSL: true }), {}, 'nothing set: the environment decides');
      assert.deepEqual(proxyFromEditorSettings({ proxy: 'http://p:1', support: 'off' }), { httpProxy: '', httpsProxy: '', noProxy: '' });
    });

    test('the editor settings reach a real proxy, and *.suffix in http.noProxy bypasses it', async () => {
      const before = proxy.records.length;
      const viaSettings = proxyFromEditorSettings({ proxy: proxy.url.replace('http://', ''), noProxy: [] });
      assert.equal((await fetchDump(server.url('/dump'), { ...FAST, proxy: viaSettings })).dump.total, GOOD_DUMP_TOTAL);
      assert.equal(proxy.records.length, before + 1);
      const bypass = proxyFromEditorSettings({ proxy: proxy.url, noProxy: ['*.0.0.1'] });
      assert.equal((await fetchDump(server.url('/dump'), { ...FAST, proxy: bypass })).dump.total, GOOD_DUMP_TOTAL);
      assert.equal(proxy.records.length, before + 1);
    });
  });

  describe('credentials in a URL are never printed', () => {
    test('maskCredentials and displayUrl: one masking, in URLs and in free text', () => {
      assert.equal(displayUrl('http://user:pa55@host:6060/debug/pprof/goroutine?debug=2'), 'http://user:***@host:6060/debug/pprof/goroutine?debug=2');
      assert.equal(displayUrl('https://ghp_t0ken@host/'), 'https://***@host/');
      assert.equal(displayUrl('http://host/x'), 'http://host/x');
      assert.equal(displayUrl('not a url http://u:pa55@h/ here'), 'not a url http://u:***@h/ here');
      assert.equal(maskCredentials('fetching http://u:p@ss:w0rd@h/x failed; see https://t0k@h2/'), 'fetching http://u:***@h/x failed; see https://***@h2/');
      assert.equal(maskCredentials('user:pa55@host:6060'), 'user:***@host:6060');
      assert.equal(maskCredentials('/var/dumps/a@b.txt'), '/var/dumps/a@b.txt');
    });

    test('invalid-URL errors mask the password', () => {
      for (const input of ['http://user:pa55word@ho st/', 'ftp://user:pa55word@host/x', 'http://user:pa55word@']) {
        const err = (() => {
          try {
            expandDumpUrl(input);
          } catch (e) {
            return e as LensError;
          }
          return assert.fail(`${input} should not expand`);
        })();
        assert.equal(err.code, 'invalid-url');
        assert.ok(!err.message.includes('pa55word'), err.message);
        assert.match(err.message, /user:\*\*\*@/);
      }
    });

    test('errors of every kind mask the password', async () => {
      const withCredentials = (path: string) => server.url(path).replace('http://', 'http://user:pa55word@');
      const port = await refusedPort();
      const runs = [
        () => fetchDump(withCredentials('/404'), { ...FAST, proxy: DIRECT }),
        () => fetchDump(withCredentials('/hang'), { ...FAST, headersTimeoutMs: 300, proxy: DIRECT }),
        () => fetchDump(withCredentials('/html'), { ...FAST, proxy: DIRECT }),
        () => fetchDump(withCredentials('/redirect-ftp'), { ...FAST, proxy: DIRECT }),
        () => fetchDump(withCredentials('/loop'), { ...FAST, proxy: DIRECT }),
        () => fetchDump(withCredentials('/drip?every=100'), { ...FAST, deadlineMs: 300, proxy: DIRECT }),
        () => fetchDump(`http://user:pa55word@127.0.0.1:${port}/`, { ...FAST, proxy: DIRECT }),
      ];
      for (const run of runs) {
        const { err } = await failure(run);
        assert.ok(!err.message.includes('pa55word'), err.message);
        assert.match(err.message, /user:\*\*\*@127\.0\.0\.1/);
      }
    });

    test('the CLI: not in the summary line, the diff line, nor an error', async () => {
      const url = server.url('/dump').replace('http://', 'http://user:pa55word@');
      const ok = await cli(['analyze', url, '--diff', url]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /^http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/dump: debug=2 goroutine dump, 64 goroutines/);
      assert.match(ok.stdout, /Compared with http:\/\/user:\*\*\*@127/);
      const bad = await cli(['analyze', 'http://user:pa55word@ho st/']);
      const failed = await cli(['analyze', url.replace('/dump', '/404')]);
      for (const r of [ok, bad, failed]) assert.ok(!(r.stdout + r.stderr).includes('pa55word'), r.stdout + r.stderr);
      assert.equal(bad.code, 2);
      assert.equal(failed.code, 2);
    });
  });
});
