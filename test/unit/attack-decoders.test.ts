/**
 * Attacks on the debug=0 decoders (issue 10, docs/security.md: every
 * decoder is bounded): a 10 GiB gzip bomb of 10 MB as a file and served by a real
 * local HTTP server, a valid gzip of a profile with 2 GiB of strings, a
 * protobuf whose strings, lengths and counts lie, negative and absurd
 * sample values. The bombs run in a child process of the real CLI with a
 * small V8 heap, and the test reads the child's peak resident memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Function as Fn, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { parseDump } from '../../src/core/dump/parse';
import { PROFILE_LIMITS } from '../../src/core/dump/protobuf';
import { isLensError } from '../../src/core/errors';
import { ROOT, fixtureText } from '../support/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');
const MiB = 1 << 20;
/** PEAK_BOUND is what a refused bomb may cost the process: the 256 MiB limit, the compressed input and Node itself. */
const PEAK_BOUND = 480 * MiB;

/** varint encodes a protobuf varint. */
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}

/** field encodes one length-delimited protobuf field. */
function field(num: number, body: Buffer): Buffer {
  return Buffer.concat([varint(num * 8 + 2), varint(body.length), body]);
}

/**
 * multiMember repeats one gzip member: gzip readers (Go's, zlib's, Node's)
 * decompress concatenated members as one stream, so `count` copies of a
 * 64 MiB member make a multi-GiB stream out of a few MB.
 */
function multiMember(head: Buffer, member: Buffer, count: number): Buffer {
  return Buffer.concat([head, ...Array.from({ length: count }, () => member)]);
}

/** goroutineProfileHead is a profile's start: sample type goroutine/count, the strings it names. */
function goroutineProfileHead(): Buffer {
  const valueType = Buffer.concat([Buffer.from([0x08]), varint(1), Buffer.from([0x10]), varint(2)]);
  return Buffer.concat([field(1, valueType), field(6, Buffer.alloc(0)), field(6, Buffer.from('goroutine')), field(6, Buffer.from('count'))]);
}

/** runCli runs the bundled CLI with a small V8 heap and reports its exit status, stderr and peak resident memory. */
async function runCli(args: string[], dir: string): Promise<{ status: number | null; stderr: string; peak: number }> {
  const preload = join(dir, 'peak.js');
  writeFileSync(preload, "process.on('exit', () => process.stderr.write(`\\npeak-rss=${process.resourceUsage().maxRSS * 1024}\\n`));\n");
  const child = spawn(process.execPath, ['--max-old-space-size=96', '-r', preload, CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  const peak = Number(/peak-rss=(\d+)/.exec(stderr)?.[1] ?? NaN);
  return { status, stderr: stderr.replace(/\npeak-rss=\d+\n/, ''), peak };
}

test('attack: a 10 GiB gzip bomb of 10 MB is refused past the 256 MiB limit, in bounded memory (file and HTTP stream)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-attack-bomb-'));
  const server = createServer();
  try {
    const member = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
    const bomb = multiMember(gzipSync(goroutineProfileHead()), member, 160); // 160 × 64 MiB = 10 GiB
    assert.ok(bomb.length < 11 * MiB, `the bomb is ${bomb.length} bytes`);
    const file = join(dir, 'bomb.pb.gz');
    writeFileSync(file, bomb);

    const fromFile = await runCli(['analyze', file], dir);
    assert.equal(fromFile.status, 2, fromFile.stderr);
    assert.match(
      fromFile.stderr,
      /^goroutine-lens: .*bomb\.pb\.gz: expected a gzip-compressed pprof profile \(debug=0\) of at most 256 MiB once decompressed, but its \d+ bytes expand past the 256 MiB limit/,
    );
    assert.doesNotMatch(fromFile.stderr, /internal error|\n\s+at /);
    assert.ok(fromFile.peak < PEAK_BOUND, `peak resident memory ${(fromFile.peak / MiB).toFixed(0)} MiB`);

    server.on('request', (req, res) => {
      // /encoded: the same bomb as a Content-Encoding, which the HTTP client itself decompresses.
      const encoded = req.url === '/encoded';
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bomb.length, ...(encoded ? { 'content-encoding': 'gzip' } : {}) });
      res.end(bomb);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof/goroutine`;
    const fromHttp = await runCli(['analyze', url], dir);
    assert.equal(fromHttp.status, 2, fromHttp.stderr);
    assert.match(fromHttp.stderr, /expand past the 256 MiB limit/);
    assert.ok(fromHttp.peak < PEAK_BOUND, `peak resident memory ${(fromHttp.peak / MiB).toFixed(0)} MiB`);

    const encoded = await runCli(['analyze', url.replace('/debug/pprof/goroutine', '/encoded')], dir);
    assert.equal(encoded.status, 2, encoded.stderr);
    assert.match(encoded.stderr, /256 MiB/);
    assert.doesNotMatch(encoded.stderr, /internal error|\n\s+at /);
    assert.ok(encoded.peak < PEAK_BOUND, `peak resident memory ${(encoded.peak / MiB).toFixed(0)} MiB`);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attack: a valid 2 MB gzip of a profile with 2 GiB of strings is refused in bounded memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-attack-strings-'));
  try {
    // Each member is one string-table entry of 64 MiB: a well-formed profile of 2 GiB once decompressed.
    const member = gzipSync(field(6, Buffer.alloc(64 * MiB - 8, 'a')), { level: 9 });
    const gz = multiMember(gzipSync(goroutineProfileHead()), member, 32);
    assert.ok(gz.length < 3 * MiB, `the gzip is ${gz.length} bytes`);
    const file = join(dir, 'strings.pb.gz');
    writeFileSync(file, gz);
    const r = await runCli(['analyze', file], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /expand past the 256 MiB limit/);
    assert.ok(r.peak < PEAK_BOUND, `peak resident memory ${(r.peak / MiB).toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await parseDump(gzipSync(bytes));
  } catch (err) {
    assert.ok(isLensError(err), String(err));
    return err.message;
  }
  assert.fail('expected the profile to be refused');
}

test('attack: protobuf strings, lengths and counts are checked (a clear error, no huge allocation)', async () => {
  // A string longer than any function name, under the gzip limit.
  const longString = Buffer.concat([goroutineProfileHead(), field(6, Buffer.alloc(PROFILE_LIMITS.stringBytes + 1, 'x'))]);
  assert.match(await refusal(longString), /strings of a goroutine profile .* at most 1048576 bytes each, but string 3 at byte \d+ is 1048577 bytes/);
  // A length that runs past the end (pprof-format cut it silently).
  const pastEnd = Buffer.concat([goroutineProfileHead(), varint(6 * 8 + 2), varint(1000), Buffer.from('short')]);
  assert.match(await refusal(pastEnd), /claims 1000 bytes where 5 remain/);
  // More samples than any goroutine profile has: empty samples, 2 bytes each.
  const manySamples = Buffer.concat([goroutineProfileHead(), Buffer.alloc((PROFILE_LIMITS.records + 1) * 2).fill(Buffer.from([0x12, 0x00]))]);
  assert.match(await refusal(manySamples), /at most 2,097,152 samples in a goroutine profile, but there are more/);
  // A wire type profile.proto never uses (a group).
  assert.match(await refusal(Buffer.concat([goroutineProfileHead(), Buffer.from([0x0b])])), /saw wire type 3/);
});

/** profileWithCount is a real pprof-format profile (the library's encoder) with one goroutine stack of the given count. */
function profileWithCount(count: number | bigint): Buffer {
  const strings = new StringTable();
  const fn = new Fn({ id: 1, name: strings.dedup('main.main'), filename: strings.dedup('/src/main.go') });
  const profile = new Profile({
    sampleType: [new ValueType({ type: strings.dedup('goroutine'), unit: strings.dedup('count') })],
    sample: [new Sample({ locationId: [1], value: [count] })],
    location: [new Location({ id: 1, line: [new Line({ functionId: 1, line: 12 })] })],
    function: [fn],
    stringTable: strings,
  });
  return Buffer.from(profile.encode());
}

test('attack: a negative or absurd sample value is a clear error, not a total of 18446744073709552000', async () => {
  assert.equal((await parseDump(gzipSync(profileWithCount(7)))).total, 7, 'the same profile with a sane count parses');
  assert.match(await refusal(profileWithCount(-5)), /goroutine count to be between 0 and 1,000,000,000, but sample 1 has -5$/);
  assert.match(await refusal(profileWithCount(2n ** 62n)), /but sample 1 has 4611686018427388000$/);
});

test('attack: an absurd count in a debug=1 record is a clear error too', async () => {
  const real = fixtureText('zoo.debug1.txt');
  const damaged = real.replace(/^\d+ @ 0x/m, '99999999999999999999 @ 0x');
  assert.notEqual(damaged, real);
  await assert.rejects(
    parseDump(damaged),
    (err: unknown) =>
      isLensError(err) &&
      /at most 1,000,000,000 goroutines in a debug1 dump, but its counts add up to 100,000,000,000,000,000,000: a record's count is damaged/.test(err.message),
  );
});
