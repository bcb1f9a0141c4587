import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { LensError, type LensErrorCode } from '../../src/core/errors';
import { parseDump } from '../../src/core/dump/parse';
import { fixtureText } from '../support/fixtures';

/** rejectsWith checks that parsing fails with a LensError of this code whose message matches. */
async function rejectsWith(input: Parameters<typeof parseDump>[0], code: LensErrorCode, message: RegExp): Promise<LensError> {
  try {
    await parseDump(input);
  } catch (err) {
    assert.ok(err instanceof LensError, `expected a LensError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return err;
  }
  assert.fail('expected the parse to fail');
}

const EXPECTED = /expected a goroutine dump/;

describe('bad input gets a clear, typed error', () => {
  test('empty input', async () => {
    await rejectsWith('', 'empty', /expected a goroutine dump, but the input is empty \(0 bytes\)/);
    await rejectsWith((async function* () {})(), 'empty', /empty/);
  });

  test('an HTML error page', async () => {
    const html = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';
    await rejectsWith(html, 'not-a-dump', /saw an HTML page titled "502 Bad Gateway"/);
  });

  test('JSON', async () => {
    const err = await rejectsWith('{"error": "not found", "code": 404}\n', 'not-a-dump', EXPECTED);
    assert.match(err.message, /JSON/);
    assert.match(err.message, /not found/);
  });

  test('binary data', async () => {
    const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]), randomBytes(4096)]);
    await rejectsWith(bytes, 'not-a-dump', /expected a goroutine dump .* but saw binary data \(4104 bytes starting 7f 45 4c 46/);
  });

  test('part of a stack with no goroutine header is told as such', async () => {
    // As pasted into ipfs/gateway-conformance#251 (every line with one more leading space), the stack's lines only.
    const fragment = [
      ' github.com/ipfs/gateway-conformance/tooling/test.run.func2(0x140004dc000)',
      '        /Users/alex/.gvm/pkgsets/go1.24.9/global/pkg/mod/github.com/ipfs/gateway-conformance@v0.8.0/tooling/test/test.go:98 +0x160',
      ' testing.tRunner(0x140004dc000, 0x14000112040)',
      '        /Users/alex/.gvm/gos/go1.24.9/src/testing/testing.go:1792 +0xe4',
      ' created by testing.(*T).Run in goroutine 20',
      '        /Users/alex/.gvm/gos/go1.24.9/src/testing/testing.go:1851 +0x374',
      ' ',
      ' DONE!',
      '',
    ].join('\n');
    await rejectsWith(
      fragment,
      'not-a-dump',
      /but saw \d+ lines of a goroutine stack with no header above them \(`goroutine N \[state\]:`, or `N @ 0x…` in a debug=1 profile: a part of a dump, take it from its first header\) starting "github.com\/ipfs/,
    );
  });

  test('part of a debug=1 record with no count line is told as such', async () => {
    // From the description of cockroachdb/cockroach#71622: a record's labels and frames, its `N @ 0x…` line left out.
    const fragment = [
      '# labels: {"pushee":"d507450c-18bc-45c7-9ee5-3cb3c6248fe7", "pusher":"65690ed6-9dcf-46b7-a975-e1635ab9947e"}',
      '#\t0x54a2b4e\tpkg/kv/kvserver/txnwait.(*Queue).MaybeWaitForPush+0xf2e\t\t\tpkg/kv/kvserver/txnwait/queue.go:513',
      '#\t0x54d5c32\tpkg/kv/kvserver/concurrency.(*managerImpl).maybeInterceptReq.func1+0x52\tpkg/kv/kvserver/concurrency/concurrency_manager.go:335',
      '',
    ].join('\n');
    await rejectsWith(fragment, 'not-a-dump', /but saw 2 lines of a goroutine stack with no header above them/);
  });

  test('a Go crash that printed no goroutine is told as such', async () => {
    // The start of the crash in apache/arrow-adbc#2802: a signal on a thread Go does not run, only the runtime stack.
    const crash = [
      'signal 16 received on thread with no signal stack',
      'fatal error: non-Go code disabled sigaltstack',
      '',
      'runtime stack:',
      'runtime.throw({0x12367002d?, 0x14000180008?})',
      '        /Users/runner/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.0.darwin-arm64/src/runtime/panic.go:1067 +0x38 fp=0x14000122ef0 sp=0x14000122ec0 pc=0x1225961b8',
      'runtime.noSignalStack(0x10)',
      '        /Users/runner/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.23.0.darwin-arm64/src/runtime/signal_unix.go:1081 +0x5c fp=0x14000122f10 sp=0x14000122ef0 pc=0x122577fdc',
      '',
    ].join('\n');
    await rejectsWith(
      crash,
      'not-a-dump',
      /but saw a Go crash that printed no goroutine: "fatal error: non-Go code disabled sigaltstack", and the runtime stack of the failing thread only$/,
    );
  });

  test('plain text that is not a dump quotes its start', async () => {
    await rejectsWith('hello world\nnothing to see\n', 'not-a-dump', /but saw "hello world nothing to see"/);
  });

  test('a 10 MB single line', async () => {
    const line = 'A'.repeat(10 * 1024 * 1024);
    const err = await rejectsWith(line, 'not-a-dump', /saw a single line of 10485760 characters/);
    assert.ok(err.message.length < 400, 'the message does not quote the whole line');
  });

  test('a 10 MB line before a real dump is skipped, the dump kept', async () => {
    const dump = await parseDump(`${'x'.repeat(10 * 1024 * 1024)}\n${fixtureText('transport-leak.debug2.txt')}`);
    assert.ok(dump.total > 0);
    assert.ok(dump.preamble.notes.some((n) => /skipped a line of 10485760 characters/.test(n)));
  });

  test('invalid gzip', async () => {
    const gz = gzipSync(Buffer.from('goroutine profile: total 1\n'));
    await rejectsWith(
      Buffer.concat([gz.subarray(0, 10), Buffer.from('garbage garbage garbage')]),
      'invalid-gzip',
      /expected a gzip-compressed pprof profile \(debug=0\), but the gzip data is invalid/,
    );
  });

  test('a gzip cut short', async () => {
    const gz = gzipSync(randomBytes(10000));
    await rejectsWith(gz.subarray(0, gz.length / 2), 'invalid-gzip', /gzip data is invalid/);
  });

  test('gzip that holds no pprof profile', async () => {
    await assert.rejects(parseDump(gzipSync(randomBytes(3000))), (err: unknown) => {
      assert.ok(err instanceof LensError);
      assert.ok(['invalid-profile', 'not-a-dump'].includes(err.code), err.code);
      assert.match(err.message, /expected/);
      return true;
    });
  });

  test('a long HTML page is given up on early, without reading it all', async () => {
    let chunks = 0;
    async function* page() {
      yield Buffer.from('<html><head><title>Login</title></head><body>');
      for (let i = 0; i < 10_000; i++) {
        chunks++;
        yield Buffer.from(`<p>${'lorem ipsum '.repeat(80)}</p>\n`);
      }
    }
    await rejectsWith(page(), 'not-a-dump', /HTML page titled "Login"/);
    assert.ok(chunks < 2000, `read ${chunks} chunks of a 10 MB page`);
  });

  test('truncated mid-goroutine: a partial result flagged truncated', async () => {
    const text = fixtureText('transport-leak.debug2.txt');
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    const dump = await parseDump(cut);
    assert.equal(dump.truncated, true);
    assert.ok(dump.total > 0);
    assert.match(dump.truncatedReason!, /ends in the middle of goroutine \d+/);
  });
});
