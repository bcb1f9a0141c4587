/**
 * Attacks on what the CLI prints (issue 10, docs/security.md): escape sequences in a
 * dump (a function name that writes the clipboard with OSC 52, a preamble
 * that retitles and clears the terminal, an 8-bit CSI in a path, a label),
 * in a server's status line and error body, in a file name a scan reports;
 * and a reader that closes the pipe (`analyze … | head`). The hostile dumps
 * are real dumps of test/go programs (fixtures) with the sequences an
 * attacker would write into them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { runInProcess } from '../support/cli';
import { escapeControls, escapeJson, escapeValue } from '../../src/core/terminal';
import { ROOT, fixturePath, fixtureText } from '../support/fixtures';

const CLI = join(ROOT, 'dist', 'cli.js');

const OSC52 = '\x1b]52;c;cm0gLXJmIH4K\x07'; // "write `rm -rf ~` to the clipboard"
const RETITLE = '\x1b]0;retitled\x07';
const CLEAR = '\x1b[2J\x1b[3J';
const CSI8 = '\x9b31m'; // an 8-bit CSI, which some terminals act on

/** hostileTraceback is a real panic traceback (test/go/crash) with sequences in its preamble, a function name and a path. */
function hostileTraceback(): string {
  return fixtureText('panic-system.traceback.txt')
    .replace('panic: config: invalid value', `panic: config: ${RETITLE}${CLEAR} invalid value`)
    .replace('main.parsePort(', `main.parsePort${OSC52}(`)
    .replace('/work/main/test/go/crash/main.go:33', `/work/main/test/go/${CSI8}crash/main.go:33`)
    .replace('goroutine 2 [force gc (idle)]:', `goroutine 2 [force gc${RETITLE} (idle)]:`);
}

function run(args: string[], opts: { stdin?: string; isTTY?: boolean } = {}) {
  return runInProcess(main, args, { cwd: ROOT, ...opts });
}

/** RAW matches any character a terminal may act on but tab and line feed. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('attack: escape sequences in a dump are shown escaped, in text and JSON, with and without colours', async () => {
  const r = await run(['analyze', '-'], { stdin: hostileTraceback() });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, RAW);
  assert.match(r.stdout, /main\.parsePort\\x1b\]52;c;cm0gLXJmIH4K\\x07/, 'the OSC 52 sequence is shown, escaped');
  assert.match(r.stdout, /panic: config: \\x1b\]0;retitled\\x07\\x1b\[2J\\x1b\[3J invalid value/);
  assert.match(r.stdout, /\/work\/main\/test\/go\/\\x9b31mcrash\/main\.go:33/);
  assert.match(r.stdout, /force gc\\x1b\]0;retitled\\x07 \(idle\)/);

  // On a terminal the CLI's own colours stay, and they are the only sequences.
  const tty = await run(['analyze', '-'], { stdin: hostileTraceback(), isTTY: true });
  if (!process.env['NO_COLOR']) assert.match(tty.stdout, /\x1b\[1m/);
  assert.doesNotMatch(tty.stdout.replace(/\x1b\[\d+m/g, ''), RAW);
  assert.match(tty.stdout, /main\.parsePort\\x1b\]52;c;cm0gLXJmIH4K\\x07/);

  const json = await run(['analyze', '-', '--format', 'json'], { stdin: hostileTraceback() });
  assert.doesNotMatch(json.stdout, RAW);
  const parsed = JSON.parse(json.stdout) as { groups: { frames: { func: string; file: string }[] }[] };
  const frames = parsed.groups.flatMap((g) => g.frames);
  assert.ok(
    frames.some((f) => f.func === `main.parsePort${OSC52}`),
    'JSON keeps the exact name, escaped the JSON way',
  );
  assert.ok(
    frames.some((f) => f.file.includes(CSI8)),
    'an 8-bit CSI is written as \\u009b',
  );
});

test('attack: escape sequences in a label of a debug=1 profile are escaped', async () => {
  const dump = fixtureText('zoo.debug1.txt').replace('"worker":"w1"', `"worker":"w1${OSC52}"`);
  const r = await run(['analyze', '-'], { stdin: dump });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, RAW);
  assert.match(r.stdout, /\\x1b\]52;c;cm0gLXJmIH4K\\x07/);
});

test("attack: a server's status text and error body are escaped in the error message", async () => {
  const server = createServer((socket) => {
    socket.once('data', () => {
      const body = `denied ${OSC52}${CLEAR}`;
      socket.end(
        `HTTP/1.1 403 Forbidden${RETITLE}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof/goroutine?debug=2`;
    // Not spawnSync: the server answers from this process's event loop.
    const child = spawn(process.execPath, [CLI, 'analyze', url], { stdio: ['ignore', 'ignore', 'pipe'] });
    const r = { stderr: '', status: null as number | null };
    child.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
    [r.status] = (await once(child, 'close')) as [number | null];
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /403/);
    assert.doesNotMatch(r.stderr, RAW);
    assert.match(r.stderr, /\\x1b/, `the sequences are shown escaped: ${r.stderr}`);
  } finally {
    server.close();
  }
});

test('attack: a file name with escape sequences is escaped in scan output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-attack-names-'));
  try {
    const evil = `pkg${OSC52}`;
    mkdirSync(join(dir, evil));
    writeFileSync(
      join(dir, evil, 'a.go'),
      'package p\n\nimport "net/http"\n\nfunc get(u string) (*http.Response, error) {\n\tc := &http.Client{Transport: &http.Transport{}}\n\treturn c.Get(u)\n}\n',
    );
    const r = await run(['scan', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, RAW);
    assert.match(r.stdout, /pkg\\x1b\]52;c;cm0gLXJmIH4K\\x07\/a\.go:6:\d+: warning:/);
    const json = await run(['scan', '--format', 'json', dir]);
    assert.doesNotMatch(json.stdout, RAW);
    assert.equal((JSON.parse(json.stdout) as { findings: { file: string }[] }).findings[0]!.file, `${evil}/a.go`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the escaping functions: one place, C0/DEL/C1/bidi escaped, colours kept only when asked, JSON stays JSON', () => {
  assert.equal(escapeValue('a\x1b[2Jb\tc\nd\r\u202e'), 'a\\x1b[2Jb\\x09c\\x0ad\\x0d\\u202e');
  assert.equal(escapeControls('line\x07\n\tnext\x7f\x9b'), 'line\\x07\n\tnext\\x7f\\x9b');
  assert.equal(escapeControls('\x1b[1mbold\x1b[22m \x1b]0;t\x07', true), '\x1b[1mbold\x1b[22m \\x1b]0;t\\x07');
  const value = { s: `x${OSC52}${CSI8}\u202e` };
  const json = escapeJson(JSON.stringify(value));
  assert.doesNotMatch(json, RAW);
  assert.deepEqual(JSON.parse(json), value);
});

test('attack: a reader that closes the pipe (analyze … | head) ends the CLI quietly', async () => {
  // The pipe's reading end is closed before the CLI writes: its writes fail with EPIPE.
  const child = spawn(process.execPath, [CLI, 'analyze', fixturePath('zoo.debug2.txt')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [status] = (await once(child, 'close')) as [number | null];
  assert.equal(stderr, '', 'no stack trace, no message');
  assert.equal(status, 0);

  // And through a real shell pipeline into head, with the CLI's status kept by pipefail.
  const r = spawnSync(
    'bash',
    ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" analyze --format json "${fixturePath('zoo.debug2.txt')}" | head -c 100 >/dev/null`],
    { encoding: 'utf8' },
  );
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});
