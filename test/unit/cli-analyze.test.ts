import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { writeChunks, writesThrough } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { jsonText, runInProcess, type Ran } from '../support/cli';
import { jsonChunks, type AnalyzeJson } from '../../src/core/dump/report';
import { ROOT, fixturePath, fixtureText } from '../support/fixtures';

/** run runs the CLI in-process and returns its exit status and output. */
function run(args: string[], stdin: string = ''): Promise<Ran> {
  return runInProcess(main, args, { cwd: ROOT, stdin });
}

async function json(args: string[], stdin?: string): Promise<AnalyzeJson> {
  const { code, stdout, stderr } = await run([...args, '--format', 'json'], stdin);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as AnalyzeJson;
}

const LEAK = fixturePath('transport-leak.debug2.txt');

describe('goroutine-lens analyze', () => {
  test('text: header, signature called out, groups biggest first', async () => {
    const { code, stdout } = await run(['analyze', LEAK]);
    assert.equal(code, 0);
    assert.match(stdout, /debug=2 goroutine dump, 64 goroutines in 7 groups/);
    assert.match(stdout, /⚠ Idle keep-alive connections: usually an http.Transport created per call/);
    assert.match(stdout, /40 goroutines in groups #1, #2/, "among groups of equal size, the signature's come first");
    assert.match(stdout, /^#1 +20 × IO wait  net\/http\.\(\*persistConn\)\.readLoop$/m);
    const counts = [...stdout.matchAll(/^#\d+\s+(\d+) ×/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    assert.match(stdout, /created by net\/http\.\(\*Transport\)\.dialConn/);
    assert.doesNotMatch(stdout, /\x1b\[/, 'no colours when not a terminal');
  });

  test('json: the shape docs/cli.md documents', async () => {
    const j = await json(['analyze', LEAK]);
    assert.deepEqual(Object.keys(j).slice(0, 5), ['format', 'total', 'truncated', 'groups', 'signatures']);
    assert.equal(j.format, 'debug2');
    assert.equal(j.total, 64);
    assert.equal(j.truncated, false);
    for (const g of j.groups) {
      assert.deepEqual(Object.keys(g).slice(0, 8), ['count', 'state', 'states', 'waitMinutes', 'frames', 'createdBy', 'labels', 'ids']);
      assert.equal(g.ids!.length, g.count);
      for (const f of g.frames) assert.deepEqual(Object.keys(f), ['func', 'file', 'line']);
    }
    const sig = j.signatures.find((s) => s.id === 'transport-per-call')!;
    assert.equal(sig.count, 40);
    assert.deepEqual(
      sig.groups.map((i) => j.groups[i]!.frames.some((f) => /persistConn\)\.(read|write)Loop/.test(f.func))),
      [true, true],
    );
    assert.equal(typeof sig.title, 'string');
  });

  test('json for debug=1 and debug=0: counts without ids', async () => {
    for (const file of ['zoo.debug1.txt', 'zoo.debug0.pb.gz']) {
      const j = await json(['analyze', fixturePath(file)]);
      assert.equal(j.total, 162);
      assert.ok(j.groups.every((g) => g.ids === null && g.waitMinutes === null));
      assert.ok(
        j.groups.some((g) => g.labels?.['worker'] === 'w1'),
        'labels are kept',
      );
    }
  });

  test('--group function merges what differs only by line; --group state splits by state', async () => {
    const exact = await json(['analyze', fixturePath('zoo.debug2.txt')]);
    const byFunction = await json(['analyze', fixturePath('zoo.debug2.txt'), '--group', 'function']);
    const byState = await json(['analyze', fixturePath('zoo.debug2.txt'), '--group', 'state']);
    assert.ok(byFunction.groups.length <= exact.groups.length);
    assert.ok(byState.groups.length >= exact.groups.length);
    for (const j of [byFunction, byState])
      assert.equal(
        j.groups.reduce((n, g) => n + g.count, 0),
        exact.total,
      );
    assert.ok(byState.groups.every((g) => Object.keys(g.states).length === 1));
  });

  test('--diff: growth sorted, new and vanished groups', async () => {
    const j = await json(['analyze', fixturePath('zoo.debug2.txt'), '--diff', LEAK]);
    assert.ok(j.diff);
    assert.equal(j.diff.older.total, 64);
    assert.equal(j.diff.delta, 162 - 64);
    assert.equal(j.diff.matchedBy, 'stack and creator');
    const deltas = j.diff.groups.filter((g) => g.change !== 'vanished').map((g) => g.delta);
    assert.deepEqual(
      deltas,
      [...deltas].sort((a, b) => b - a),
    );
    const readLoop = j.diff.groups.find((g) => g.frames.some((f) => f.func === 'net/http.(*persistConn).readLoop'))!;
    assert.deepEqual([readLoop.before, readLoop.after, readLoop.change], [20, 40, 'grown']);
    assert.ok(j.diff.groups.some((g) => g.change === 'new'));
    const text = (await run(['analyze', fixturePath('zoo.debug2.txt'), '--diff', LEAK])).stdout;
    assert.match(text, /Compared with .*: \+98 goroutines/);
    assert.match(text, /\+20\s+grown\s+20 → 40\s+net\/http\.\(\*persistConn\)\.readLoop/);
  });

  test('- reads standard input', async () => {
    const j = await json(['analyze', '-'], fixtureText('panic-all.traceback.txt'));
    assert.equal(j.format, 'traceback');
    assert.ok(j.preamble?.panics[0]?.startsWith('config: invalid value'));
  });

  describe('from a URL', () => {
    let server: Server;
    let base: string;
    before(async () => {
      server = createServer((req, res) => {
        if (req.url === '/debug/pprof/goroutine?debug=2') createReadStream(LEAK).pipe(res);
        else res.writeHead(404).end('404 page not found\n');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    test('a URL is fetched and analyzed', async () => {
      const j = await json(['analyze', `${base}/debug/pprof/goroutine?debug=2`]);
      assert.equal(j.total, 64);
    });
    test('a 404 is an input error with the reason', async () => {
      const { code, stderr } = await run(['analyze', `${base}/nope`]);
      assert.equal(code, 2);
      assert.match(stderr, /404/);
    });
  });

  describe('usage and input errors exit 2 with one line on stderr', () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage:/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['analyze'], /expected one dump .* got none/],
      [['analyze', 'a', 'b'], /got 2/],
      [['analyze', LEAK, '--format', 'yaml'], /--format must be one of text, json, not "yaml"/],
      [['analyze', LEAK, '--group', 'nope'], /--group must be one of exact, function, state/],
      [['analyze', LEAK, '--bogus'], /Unknown option '--bogus'/],
      [['analyze', '/no/such/file.txt'], /cannot read \/no\/such\/file.txt: no such file/],
      [['analyze', join(ROOT, 'package.json')], /package.json: expected a goroutine dump .* but saw JSON/],
    ];
    for (const [args, message] of cases) {
      test(args.join(' ') || '(no arguments)', async () => {
        const { code, stdout, stderr } = await run(args);
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, message);
        if (args.length > 0) assert.equal(stderr.trim().split('\n').length, 1, stderr);
      });
    }
  });

  test('the bundled dist/cli.js runs as a process with the same exit codes', () => {
    const cli = join(ROOT, 'dist', 'cli.js');
    const ok = spawnSync(process.execPath, [cli, 'analyze', '--format', 'json', LEAK], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as AnalyzeJson).total, 64);
    const bad = spawnSync(process.execPath, [cli, 'analyze', '/no/such/file'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^goroutine-lens: cannot read/);
  });
});

describe('writeChunks', () => {
  test('writes text and bytes in order, hands each piece of bytes back once written, and reuses only through a file descriptor', async () => {
    const stream = new PassThrough();
    const got: Buffer[] = [];
    stream.on('data', (c: Buffer) => got.push(c));
    const bytes = [Buffer.from('"é",'), new Uint8Array([0x31, 0x32])];
    const written: Uint8Array[] = [];
    await writeChunks(stream, ['[', bytes[0]!, 'x'.repeat(70_000), bytes[1]!, ']'], (b) => written.push(b));
    assert.equal(Buffer.concat(got).toString(), `["é",${'x'.repeat(70_000)}12]`);
    assert.deepEqual(written, bytes);
    assert.equal(writesThrough(stream), false);
    assert.equal(writesThrough(process.stdout), true);
  });
});

describe('jsonChunks', () => {
  test('pieces join to exactly what JSON.stringify writes', async () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => i * 7);
    const values: unknown[] = [
      { a: 1, b: [1, 2, { c: null, d: undefined }], e: 'x"y', f: [], g: {} },
      { ids, nested: [[ids.slice(0, 3)], { ids }] },
      [undefined, () => 1, 'ok'],
      'plain',
      null,
    ];
    for (const value of values) assert.equal(jsonText(jsonChunks(value)), JSON.stringify(value));
  });
});
