#!/usr/bin/env node
// measure-bombs.mjs measures what hostile debug=0 profiles cost the CLI: it
// builds the files of test/unit/attack-decoders.test.ts (a 10 GiB gzip bomb
// of 10 MB, a valid 2 MB gzip of a profile with 2 GiB of strings, and a
// 240 MiB profile of 1 MiB strings, one gzip member, within the limits), runs
// `node dist/cli.js analyze` on each and prints its exit status, wall time
// and peak resident memory (from the child's own resource usage).
//
//   npm run build && node scripts/measure-bombs.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const MiB = 1 << 20;

function varint(n) {
  const out = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}
const field = (num, body) => Buffer.concat([varint(num * 8 + 2), varint(body.length), body]);
const head = Buffer.concat([
  field(1, Buffer.from([0x08, 1, 0x10, 2])),
  field(6, Buffer.alloc(0)),
  field(6, Buffer.from('goroutine')),
  field(6, Buffer.from('count')),
]);
// Concatenated gzip members decompress as one stream.
const repeat = (member, count) => Buffer.concat([gzipSync(head), ...Array.from({ length: count }, () => member)]);

const dir = mkdtempSync(join(tmpdir(), 'lens-measure-'));
const preload = join(dir, 'peak.cjs');
writeFileSync(preload, "process.on('exit', () => process.stderr.write(`\\npeak-rss=${process.resourceUsage().maxRSS * 1024}\\n`));\n");
try {
  const cases = [
    ['10 GiB gzip bomb', repeat(gzipSync(Buffer.alloc(64 * MiB), { level: 9 }), 160)],
    ['2 GiB of strings', repeat(gzipSync(field(6, Buffer.alloc(64 * MiB - 8, 'a')), { level: 9 }), 32)],
    // One gzip member, as Go writes a profile.
    ['240 MiB of 1 MiB strings (accepted)', gzipSync(Buffer.concat([head, ...Array(240).fill(field(6, Buffer.alloc(MiB - 8, 'a')))]), { level: 9 })],
  ];
  for (const [name, bytes] of cases) {
    const file = join(dir, 'profile.pb.gz');
    writeFileSync(file, bytes);
    const start = performance.now();
    const r = spawnSync(process.execPath, ['-r', preload, cli, 'analyze', file], { encoding: 'utf8' });
    const seconds = (performance.now() - start) / 1000;
    const peak = Number(/peak-rss=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
    const message =
      r.stderr
        .replace(/\npeak-rss=\d+\n/, '')
        .trim()
        .split('\n')[0] ?? '';
    console.log(
      `${name}: ${(bytes.length / MiB).toFixed(1)} MiB on disk, exit ${r.status}, ${seconds.toFixed(1)} s, peak ${(peak / MiB).toFixed(0)} MiB${message ? `\n  ${message}` : ''}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
