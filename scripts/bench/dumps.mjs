// dumps.mjs builds test/go/bigdump and makes the big dumps the benchmark
// reads, caching both under .bench/: a dump is reused while the Go sources
// that made it are unchanged (their hash is kept in `<dump>.meta.json`).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { freemem, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDistinctDump } from './distinct.mjs';
import { measure } from './measure.mjs';

/** bigdumpSourceHash hashes bigdump's go.mod and .go files (paths and contents). */
export function bigdumpSourceHash(sourceDir) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.go') || entry.name === 'go.mod') {
        hash.update(relative(sourceDir, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(sourceDir);
  return hash.digest('hex').slice(0, 16);
}

/** ensureBigdump builds the bigdump binary into cacheDir unless the cached one matches the sources. */
export function ensureBigdump(sourceDir, cacheDir, log) {
  const binary = join(cacheDir, 'bigdump');
  const stamp = join(cacheDir, 'bigdump.hash');
  const hash = bigdumpSourceHash(sourceDir);
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return { binary, hash };
  log(`building ${relative(process.cwd(), sourceDir) || sourceDir} → ${binary}`);
  execFileSync('go', ['build', '-o', binary, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, `${hash}\n`);
  return { binary, hash };
}

/**
 * countGoroutines counts the goroutine headers (`goroutine N [`, at the start
 * of a line) of a dump by streaming it; it also warms the page cache, so
 * neither tool pays for a cold read.
 */
export async function countGoroutines(path) {
  const needle = Buffer.from('\ngoroutine ');
  let count = 0;
  let carry = Buffer.from('\n');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) count++;
    // Keep fewer bytes than the needle so no match is counted twice.
    carry = buf.subarray(buf.length - (needle.length - 1));
  }
  return count;
}

/** BYTES_PER_GOROUTINE is bigdump's average dump text per goroutine (about 1.8 KB), rounded up. */
const BYTES_PER_GOROUTINE = 2000;

/**
 * ensureDump returns { path, bytes, goroutines, generated, meta } for bigdump's dump
 * of n goroutines at path, generating it when it is missing, made by other
 * sources, or regen is set. Generation is measured (wall time, peak RSS).
 */
export async function ensureDump({ n, path, binary, hash, regen, log }) {
  const metaPath = `${path}.meta.json`;
  if (!regen && existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.sourceHash === hash && meta.n === n && meta.bytes === statSync(path).size) {
      await countGoroutines(path); // warm the page cache
      return { path, bytes: meta.bytes, goroutines: meta.goroutines, generated: false, meta };
    }
    log(`${path} was made by other bigdump sources or is incomplete; regenerating`);
  }
  const need = n * BYTES_PER_GOROUTINE * 1.2;
  const { bavail, bsize } = statfsSync(join(path, '..'));
  if (bavail * bsize < need) {
    throw new Error(`not enough disk space for ${path}: need about ${(need / 1e9).toFixed(1)} GB, ${((bavail * bsize) / 1e9).toFixed(1)} GB free`);
  }
  if (n >= 1_000_000 && totalmem() < 12e9) {
    log(`warning: bigdump -n ${n} needs about 8 GB of memory; this machine has ${(totalmem() / 1e9).toFixed(1)} GB (${(freemem() / 1e9).toFixed(1)} GB free)`);
  }
  log(`generating ${path} (bigdump -n ${n}); ${n >= 1_000_000 ? 'this takes a minute or two' : 'a few seconds'}…`);
  const partial = `${path}.partial`;
  const run = await measure(binary, ['-n', String(n), '-out', partial], { timeoutS: 3600 });
  if (run.exitCode !== 0 || run.timedOut) {
    rmSync(partial, { force: true });
    throw new Error(`bigdump -n ${n} failed (${run.timedOut ? 'timed out' : `exit ${run.exitCode ?? run.signal}`}):\n${run.stderr}`);
  }
  renameSync(partial, path);
  const bytes = statSync(path).size;
  const goroutines = await countGoroutines(path);
  const meta = {
    sourceHash: hash,
    n,
    bytes,
    goroutines,
    generateWallS: round(run.wallS, 1),
    generatePeakRssMB: round(run.peakRssBytes / 1e6, 0),
    generatedAt: new Date().toISOString(),
  };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  log(
    `generated ${path}: ${(bytes / 1e6).toFixed(1)} MB, ${goroutines} goroutines in ${run.wallS.toFixed(1)} s (bigdump peak RSS ${(run.peakRssBytes / 1e6).toFixed(0)} MB)`,
  );
  return { path, bytes, goroutines, generated: true, meta };
}

/**
 * ensureDistinctDump returns the distinct-stacks dump of n goroutines at
 * path (scripts/bench/distinct.mjs), writing it when it is missing, was
 * written by another version of the generator, or regen is set.
 */
export async function ensureDistinctDump({ n, path, regen, log }) {
  const metaPath = `${path}.meta.json`;
  const hash = createHash('sha256')
    .update(readFileSync(fileURLToPath(new URL('./distinct.mjs', import.meta.url))))
    .digest('hex')
    .slice(0, 16);
  if (!regen && existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.sourceHash === hash && meta.n === n && meta.bytes === statSync(path).size) {
      await countGoroutines(path); // warm the page cache
      return { path, bytes: meta.bytes, goroutines: meta.goroutines, generated: false, meta };
    }
  }
  log(`generating ${path} (${n} goroutines whose stacks all differ)…`);
  const started = process.hrtime.bigint();
  const partial = `${path}.partial`;
  writeDistinctDump(partial, n);
  renameSync(partial, path);
  const bytes = statSync(path).size;
  const goroutines = await countGoroutines(path);
  const meta = {
    sourceHash: hash,
    n,
    bytes,
    goroutines,
    generateWallS: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
    generatePeakRssMB: null,
    generatedAt: new Date().toISOString(),
  };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return { path, bytes, goroutines, generated: true, meta };
}

/** round rounds x to d decimals (null stays null). */
export function round(x, d) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
