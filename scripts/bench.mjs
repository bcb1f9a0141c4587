#!/usr/bin/env node
// bench.mjs measures Goroutine Lens's dump parsing against panicparse, side
// by side on the same big dump (SPEC §6 "Performance"): wall time and peak
// RSS of `goroutine-lens analyze --format json` and of `panicparse
// -aggressive`, their ratios, and with --1m how our peak memory and time per
// goroutine change from 100 000 to 1 000 000 goroutines. The dumps come from
// test/go/bigdump (a real Go program) and are cached in .bench/.
// `npm run bench` builds first; a benchmark is not a test.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topSelfTime } from './bench/cpuprofile.mjs';
import { countGoroutines, ensureBigdump, ensureDump, round } from './bench/dumps.mjs';
import { GNU_TIME, GNU_TIME_PACKAGE, hasCommand, hasGnuTime, measure } from './bench/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.bench');
const cli = join(root, 'dist', 'cli.js');

const HELP = `Usage: node scripts/bench.mjs [flags]      (npm run bench builds first)

Parses and groups a big goroutine dump with Goroutine Lens
(node dist/cli.js analyze --format json FILE) and with panicparse
(panicparse -aggressive -no-color FILE), side by side on the same file, and
prints wall time and peak RSS of each, their ratios, and a verdict against
SPEC §6: at least 10x faster than panicparse -aggressive, peak RSS under
300 MB, and flat from 100k to 1M goroutines beyond the goroutine ids.

The dumps are written by test/go/bigdump (built into .bench/ with go) as
.bench/dump-100k.txt (about 180 MB) and .bench/dump-1m.txt (about 1.8 GB,
a minute or two and ~8 GB of memory to make); they are reused until the
bigdump sources change.

Flags:
  --1m             also bench the 1 000 000-goroutine dump (same as BENCH_1M=1)
                   and compare our peak RSS and time per goroutine with 100k
  --runs N         runs of goroutine-lens per dump, best wall time kept (default 3)
  --pp-runs N      runs of panicparse on the 100k dump (default 1; it is slow)
  --pp-1m          also run panicparse on the 1M dump (needs ~20 GB of memory)
  --no-panicparse  skip panicparse (no ratios)
  --file PATH      bench this dump instead of the generated ones
  --regen          regenerate the dumps even when cached
  --cpu-prof       one more run of ours under node --cpu-prof on the first dump;
                   prints the functions with the most self time
  --json           print the figures as JSON on stdout (the table goes to stderr;
                   with npm use 'npm run -s bench -- --json' to keep npm quiet)
  --check          exit 1 when a target is missed (default: only when a run fails)
  -h, --help       this help

Measuring: each run is wrapped in GNU time (${GNU_TIME}, Debian package
'${GNU_TIME_PACKAGE}'), whose %M is the kernel's peak RSS of the child (ru_maxrss);
wall time is measured around the child. stdout of each tool goes to a file
in .bench/out/ so the bench can check it really parsed: our JSON total must
equal the dump's goroutine count, and panicparse's bucket headers must add
up to it. MB = 10^6 bytes.

Needs: go (golang-go) to build bigdump, time, panicparse, and a built dist/.`;

/** TARGETS are SPEC §6's performance bars. */
const TARGETS = {
  speedup: 10,
  peakRssMB: 300,
  /** idBytesPerGoroutine is the peak-memory growth from 100k to 1M allowed per extra goroutine: its id (8 bytes as a JS number, up to 2x array slack) and its digits in the JSON output. */
  idBytesPerGoroutine: 32,
};

function parseArgs(argv) {
  const opts = {
    oneMillion: process.env.BENCH_1M === '1',
    runs: 3,
    ppRuns: 1,
    pp1m: false,
    panicparse: true,
    file: null,
    regen: false,
    cpuProf: false,
    json: false,
    check: false,
  };
  const count = (flag, value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) usage(`${flag} needs a whole number >= 1, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '-h':
      case '--help':
        console.log(HELP);
        process.exit(0);
        break;
      case '--1m':
        opts.oneMillion = true;
        break;
      case '--runs':
        opts.runs = count(a, argv[++i]);
        break;
      case '--pp-runs':
        opts.ppRuns = count(a, argv[++i]);
        break;
      case '--pp-1m':
        opts.pp1m = true;
        break;
      case '--no-panicparse':
        opts.panicparse = false;
        break;
      case '--file':
        opts.file = argv[++i];
        if (!opts.file) usage('--file needs a path');
        break;
      case '--regen':
        opts.regen = true;
        break;
      case '--cpu-prof':
        opts.cpuProf = true;
        break;
      case '--json':
        opts.json = true;
        break;
      case '--check':
        opts.check = true;
        break;
      default:
        usage(`unknown flag ${JSON.stringify(a)}`);
    }
  }
  return opts;
}

function usage(message) {
  console.error(`bench: ${message} (see --help)`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
/** say prints progress and the table; with --json stdout is kept for the JSON. */
const say = (line = '') => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);
const log = (line) => say(`bench: ${line}`);

function requirements() {
  const missing = [];
  if (!hasGnuTime()) missing.push(GNU_TIME_PACKAGE);
  if (opts.panicparse && !hasCommand('panicparse')) missing.push('panicparse');
  if (!opts.file && !hasCommand('go')) missing.push('golang-go');
  if (missing.length > 0) {
    console.error(`bench: missing Debian packages: ${missing.join(', ')}. Install them with:\n  apt-get update && apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
}

async function dumps() {
  mkdirSync(join(cacheDir, 'out'), { recursive: true });
  if (opts.file) {
    const path = opts.file;
    if (!existsSync(path)) usage(`--file ${path}: no such file`);
    return [{ label: relative(root, path) || path, path, bytes: statSync(path).size, goroutines: await countGoroutines(path), generated: false, meta: null }];
  }
  const { binary, hash } = ensureBigdump(join(root, 'test', 'go', 'bigdump'), cacheDir, log);
  const sizes = [{ label: '100k', n: 100_000 }];
  if (opts.oneMillion) sizes.push({ label: '1m', n: 1_000_000 });
  const list = [];
  for (const { label, n } of sizes) {
    const d = await ensureDump({ n, path: join(cacheDir, `dump-${label}.txt`), binary, hash, regen: opts.regen, log });
    list.push({ label, ...d });
  }
  return list;
}

/** checkOurs reads our JSON output and checks its total against the dump. */
function checkOurs(outPath, dump) {
  let report;
  try {
    report = JSON.parse(readFileSync(outPath, 'utf8'));
  } catch (err) {
    return { ok: false, note: `stdout is not JSON (${err.message.slice(0, 80)})` };
  }
  const groups = Array.isArray(report.groups) ? report.groups : null;
  const grouped = groups ? groups.reduce((s, g) => s + (Number(g.count) || 0), 0) : null;
  if (report.total !== dump.goroutines) {
    return { ok: false, note: `JSON total ${report.total} != ${dump.goroutines} goroutines in the dump` };
  }
  if (grouped !== dump.goroutines) {
    return { ok: false, note: `group counts add up to ${grouped}, not ${dump.goroutines}` };
  }
  return { ok: true, note: `total ${report.total}, ${groups.length} groups, format ${report.format}${report.truncated ? ', truncated' : ''}` };
}

/** checkPanicparse counts panicparse's bucket headers (`123: chan receive [...]`) and adds up their counts. */
function checkPanicparse(outPath, dump) {
  const text = readFileSync(outPath, 'utf8');
  let buckets = 0;
  let sum = 0;
  for (const m of text.matchAll(/^(\d+): \S/gm)) {
    buckets++;
    sum += Number(m[1]);
  }
  if (buckets === 0) return { ok: false, note: 'no bucket headers in its output' };
  if (sum !== dump.goroutines) return { ok: false, note: `${buckets} buckets adding up to ${sum}, not ${dump.goroutines}` };
  return { ok: true, note: `${buckets} buckets, ${sum} goroutines` };
}

const TOOLS = {
  ours: {
    name: 'goroutine-lens',
    command: () => [process.execPath, [cli, 'analyze', '--format', 'json']],
    check: checkOurs,
    // Exit 1 is "findings" (a leak signature matched), not a failure (SPEC §5).
    okExit: (code) => code === 0 || code === 1,
    timeoutS: 900,
  },
  panicparse: {
    name: 'panicparse -aggressive',
    command: () => ['panicparse', ['-aggressive', '-no-color']],
    check: checkPanicparse,
    okExit: (code) => code === 0,
    timeoutS: 3600,
  },
};

/** bench runs a tool `runs` times on a dump and returns its figures (best wall, max peak RSS). */
async function bench(toolKey, dump, runs) {
  const tool = TOOLS[toolKey];
  const [command, args] = tool.command();
  const outPath = join(cacheDir, 'out', `${toolKey}-${dump.label.replace(/[^\w.-]+/g, '_')}.out`);
  const result = { tool: tool.name, dump: dump.label, file: dump.path, bytes: dump.bytes, goroutines: dump.goroutines, runs: [], ok: true, note: '' };
  for (let i = 0; i < runs; i++) {
    log(`${tool.name} on ${dump.label} (run ${i + 1}/${runs})…`);
    let run;
    try {
      run = await measure(command, [...args, dump.path], { cwd: root, stdoutPath: outPath, timeoutS: tool.timeoutS });
    } catch (err) {
      return { ...result, ok: false, note: `could not start: ${err.message}` };
    }
    if (run.timedOut || !tool.okExit(run.exitCode)) {
      const why = run.timedOut ? `timed out after ${tool.timeoutS} s` : run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`;
      const firstLines = run.stderr.split('\n').slice(0, 6).join('\n    ');
      return { ...result, ok: false, note: `${why}${firstLines ? `:\n    ${firstLines}` : ''}` };
    }
    const check = tool.check(outPath, dump);
    if (!check.ok) return { ...result, ok: false, note: `wrong output: ${check.note} (see ${relative(root, outPath)})` };
    result.note = check.note;
    result.runs.push({ wallS: round(run.wallS, 3), peakRssMB: round(run.peakRssBytes / 1e6, 1), cpuS: round(run.cpuS, 2) });
    log(`  ${run.wallS.toFixed(2)} s, peak RSS ${(run.peakRssBytes / 1e6).toFixed(0)} MB, CPU ${run.cpuS?.toFixed(1)} s`);
  }
  result.wallS = Math.min(...result.runs.map((r) => r.wallS));
  result.peakRssMB = Math.max(...result.runs.map((r) => r.peakRssMB));
  result.cpuS = result.runs.find((r) => r.wallS === result.wallS)?.cpuS ?? null;
  return result;
}

/** table formats rows (arrays of strings) into aligned columns; the columns in numeric are right-aligned. */
function table(rows, numeric = new Set()) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const s = String(cell);
          return numeric.has(c) ? s.padStart(widths[c]) : s.padEnd(widths[c]);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const fmt = (x, d) => (x === null || x === undefined ? '-' : x.toFixed(d));

async function profileOurs(dump) {
  const dir = join(cacheDir, 'prof');
  mkdirSync(dir, { recursive: true });
  const name = `ours-${dump.label}.cpuprofile`;
  log(`goroutine-lens under --cpu-prof on ${dump.label}…`);
  const run = await measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name, cli, 'analyze', '--format', 'json', dump.path], {
    cwd: root,
    timeoutS: 900,
  });
  if (!TOOLS.ours.okExit(run.exitCode)) return { ok: false, note: `exit ${run.exitCode}: ${run.stderr.split('\n')[0]}` };
  return { ok: true, path: join(dir, name), wallS: round(run.wallS, 3), ...topSelfTime(join(dir, name), { root, limit: 15 }) };
}

async function main() {
  requirements();
  const list = await dumps();
  const oursBuilt = existsSync(cli);
  const results = [];
  for (const dump of list) {
    if (oursBuilt) results.push(await bench('ours', dump, opts.runs));
    else
      results.push({
        tool: TOOLS.ours.name,
        dump: dump.label,
        bytes: dump.bytes,
        goroutines: dump.goroutines,
        runs: [],
        ok: false,
        note: `${relative(root, cli)} is missing: run \`npm run build\` first (\`npm run bench\` does)`,
      });
    const ppHere = opts.panicparse && (dump === list[0] || opts.pp1m);
    if (ppHere) results.push(await bench('panicparse', dump, opts.ppRuns));
  }
  const profile = opts.cpuProf && oursBuilt ? await profileOurs(list[0]) : null;

  // The table.
  say();
  const rows = [['tool', 'dump', 'file MB', 'goroutines', 'wall s (best)', 'runs s', 'peak RSS MB', 'CPU s', 'output check']];
  for (const r of results) {
    rows.push([
      r.tool,
      r.dump,
      fmt(r.bytes / 1e6, 1),
      String(r.goroutines),
      r.ok ? fmt(r.wallS, 2) : 'FAILED',
      r.runs.map((x) => x.wallS.toFixed(2)).join(' ') || '-',
      r.ok ? fmt(r.peakRssMB, 0) : '-',
      r.ok ? fmt(r.cpuS, 1) : '-',
      r.ok ? r.note : r.note.split('\n')[0],
    ]);
  }
  say(table(rows, new Set([2, 3, 4, 6, 7])));
  for (const r of results.filter((x) => !x.ok)) say(`\n${r.tool} on ${r.dump} FAILED: ${r.note}`);

  // Ratios on each dump both tools ran on.
  const comparisons = [];
  for (const dump of list) {
    const ours = results.find((r) => r.dump === dump.label && r.tool === TOOLS.ours.name);
    const pp = results.find((r) => r.dump === dump.label && r.tool === TOOLS.panicparse.name);
    if (ours?.ok && pp?.ok) {
      const c = { dump: dump.label, speedup: round(pp.wallS / ours.wallS, 1), rssRatio: round(pp.peakRssMB / ours.peakRssMB, 1) };
      comparisons.push(c);
      say(`\n${dump.label}: panicparse -aggressive / goroutine-lens: time ${c.speedup}×, peak RSS ${c.rssRatio}×`);
    }
  }

  // 100k vs 1M, ours.
  let scaling = null;
  const small = results.find((r) => r.dump === '100k' && r.tool === TOOLS.ours.name);
  const big = results.find((r) => r.dump === '1m' && r.tool === TOOLS.ours.name);
  if (small?.ok && big?.ok) {
    const extra = big.goroutines - small.goroutines;
    scaling = {
      peakRssMB100k: small.peakRssMB,
      peakRssMB1m: big.peakRssMB,
      growthMB: round(big.peakRssMB - small.peakRssMB, 1),
      growthBytesPerExtraGoroutine: round(((big.peakRssMB - small.peakRssMB) * 1e6) / extra, 1),
      usPerGoroutine100k: round((small.wallS * 1e6) / small.goroutines, 2),
      usPerGoroutine1m: round((big.wallS * 1e6) / big.goroutines, 2),
      mbPerS100k: round(small.bytes / 1e6 / small.wallS, 0),
      mbPerS1m: round(big.bytes / 1e6 / big.wallS, 0),
    };
    say(
      `\n100k → 1M (goroutine-lens): peak RSS ${fmt(small.peakRssMB, 0)} → ${fmt(big.peakRssMB, 0)} MB ` +
        `(${scaling.growthMB >= 0 ? '+' : ''}${fmt(scaling.growthMB, 0)} MB for +${extra} goroutines = ${fmt(scaling.growthBytesPerExtraGoroutine, 1)} B each); ` +
        `time ${fmt(scaling.usPerGoroutine100k, 2)} → ${fmt(scaling.usPerGoroutine1m, 2)} µs/goroutine, ${scaling.mbPerS100k} → ${scaling.mbPerS1m} MB/s`,
    );
  }

  if (profile) {
    say('');
    if (!profile.ok) say(`cpu profile FAILED: ${profile.note}`);
    else {
      say(`CPU profile of one run (${fmt(profile.wallS, 2)} s wall, ${fmt(profile.totalMs / 1000, 2)} s sampled; ${relative(root, profile.path)}), top self time:`);
      say(table([['self ms', '%', 'function', 'where'], ...profile.rows.map((r) => [fmt(r.selfMs, 0), fmt(r.percent, 1), r.name || '(root)', r.where])], new Set([0, 1])));
    }
  }

  // The verdict.
  const primary = comparisons[0] ?? null;
  const oursPrimary = results.find((r) => r.tool === TOOLS.ours.name && r.ok && r.dump === list[0].label) ?? null;
  const verdict = [];
  const pass = [];
  if (primary) {
    const okSpeed = primary.speedup >= TARGETS.speedup;
    pass.push(okSpeed);
    verdict.push(`speed ${primary.speedup}× panicparse -aggressive (≥${TARGETS.speedup}×) ${okSpeed ? 'PASS' : 'MISS'}`);
  } else verdict.push(`speed: not measured${opts.panicparse ? '' : ' (--no-panicparse)'}`);
  if (oursPrimary) {
    const peak = Math.max(...results.filter((r) => r.tool === TOOLS.ours.name && r.ok).map((r) => r.peakRssMB));
    const okRss = peak < TARGETS.peakRssMB;
    pass.push(okRss);
    verdict.push(`peak RSS ${fmt(peak, 0)} MB (<${TARGETS.peakRssMB} MB) ${okRss ? 'PASS' : 'MISS'}`);
  } else verdict.push('peak RSS: not measured');
  if (scaling) {
    const okFlat = scaling.growthBytesPerExtraGoroutine <= TARGETS.idBytesPerGoroutine;
    pass.push(okFlat);
    verdict.push(`100k→1M ${fmt(scaling.growthBytesPerExtraGoroutine, 1)} B/extra goroutine (≤${TARGETS.idBytesPerGoroutine}: ids only) ${okFlat ? 'PASS' : 'MISS'}`);
  } else verdict.push(`flat 100k→1M: not measured${opts.oneMillion ? '' : ' (run with --1m)'}`);
  say(`\nverdict: ${verdict.join('; ')}`);

  const failed = results.some((r) => !r.ok) || (profile && !profile.ok);
  if (opts.json) {
    const figures = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, memoryGB: round((await import('node:os')).totalmem() / 1e9, 1) },
      targets: TARGETS,
      dumps: list.map((d) => ({ label: d.label, bytes: d.bytes, goroutines: d.goroutines, generateWallS: d.meta?.generateWallS ?? null, generatePeakRssMB: d.meta?.generatePeakRssMB ?? null })),
      results: results.map(({ file: _file, ...r }) => r),
      comparisons,
      scaling,
      profile: profile?.ok ? { wallS: profile.wallS, sampledMs: round(profile.totalMs, 0), top: profile.rows.map((r) => ({ ...r, selfMs: round(r.selfMs, 0), percent: round(r.percent, 1) })) } : null,
      verdict: verdict.join('; '),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  }
  if (failed) process.exit(1);
  if (opts.check && (pass.includes(false) || pass.length === 0)) process.exit(1);
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(1);
});
