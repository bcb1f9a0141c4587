#!/usr/bin/env node
// bench.mjs measures Goroutine Lens's dump parsing against DataDog's
// gostackparse (compiled Go, built offline from the shared anchors) and
// panicparse, side by side on the same dumps (the targets in docs/performance.md, "Parsing dumps"): wall
// time and peak RSS of `goroutine-lens analyze --format json`, of
// gostackparse's bench main and of `panicparse -aggressive`, their ratios,
// and with --1m how our peak memory and time per goroutine change from
// 100 000 to 1 000 000 goroutines. The dumps come from test/go/bigdump (a
// real Go program) and scripts/bench/distinct.mjs (200 000 goroutines whose
// stacks all differ, the worst case for grouping); they are cached in .bench/.
// `npm run bench` builds first; a benchmark is not a test.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topSelfTime } from './bench/cpuprofile.mjs';
import { checkAnchor, ensureAnchor, findAnchor } from './bench/anchor.mjs';
import { countGoroutines, ensureBigdump, ensureDistinctDump, ensureDump, round } from './bench/dumps.mjs';
import { GNU_TIME, GNU_TIME_PACKAGE, hasCommand, hasGnuTime, measure } from './bench/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, '.bench');
const cli = join(root, 'dist', 'cli.js');

const HELP = `Usage: node scripts/bench.mjs [flags]      (npm run bench builds first)

Parses and groups big goroutine dumps with Goroutine Lens
(node dist/cli.js analyze --format json FILE), with DataDog's gostackparse
(compiled Go; its bench main parses and groups by state and functions) and
with panicparse (panicparse -aggressive -no-color FILE, 100k dump only),
side by side on the same files, and prints wall time and peak RSS of each,
their ratios, and a verdict against the targets (docs/performance.md): at least 10x faster than
panicparse -aggressive, peak RSS under 300 MB, flat from 100k to 1M
goroutines beyond the goroutine ids, at least as fast as gostackparse on the
100k dump and within 2x of it on the distinct-stacks dump, and a lower peak
RSS than gostackparse on both.

gostackparse is built offline from shared/anchors/gostackparse (found above
this checkout, or GOSTACKPARSE_DIR): its sources are copied to
.bench/gostackparse-src and built with GOFLAGS=-mod=mod GOPROXY=off
GOTOOLCHAIN=local; they never enter the project's tree.

The dumps are written by test/go/bigdump (built into .bench/ with go) as
.bench/dump-100k.txt (about 195 MB) and .bench/dump-1m.txt (about 1.8 GB,
a minute or two and ~8 GB of memory to make), and by
scripts/bench/distinct.mjs as .bench/distinct-200k.txt (206 MB: 200 000
goroutines, 10 frames each, every function name distinct); they are reused
until their generators change.

Flags:
  --1m             also bench the 1 000 000-goroutine dump (same as BENCH_1M=1)
                   and compare our peak RSS and time per goroutine with 100k
  --runs N         runs of goroutine-lens per dump, best wall time kept (default 3)
  --pp-runs N      runs of panicparse on the 100k dump (default 1; it is slow)
  --pp-1m          also run panicparse on the 1M dump (needs ~20 GB of memory)
  --no-panicparse  skip panicparse
  --no-gostackparse  skip gostackparse
  --no-distinct    skip the distinct-stacks dump
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

/** TARGETS are the performance bars docs/performance.md states. */
const TARGETS = {
  speedup: 10,
  peakRssMB: 300,
  /** idBytesPerGoroutine is the peak-memory growth from 100k to 1M allowed per extra goroutine: its id (8 bytes as a JS number, up to 2x array slack) and its digits in the JSON output. */
  idBytesPerGoroutine: 32,
  /** bigdumpVsAnchor: our wall time over gostackparse's on the 100k dump. */
  bigdumpVsAnchor: 1,
  /** distinctVsAnchor: the same on the 200 000 distinct stacks. */
  distinctVsAnchor: 2,
};

function parseArgs(argv) {
  const opts = {
    oneMillion: process.env.BENCH_1M === '1',
    runs: 3,
    ppRuns: 1,
    pp1m: false,
    panicparse: true,
    gostackparse: true,
    distinct: true,
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
      case '--no-gostackparse':
        opts.gostackparse = false;
        break;
      case '--no-distinct':
        opts.distinct = false;
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
  if ((!opts.file || opts.gostackparse) && !hasCommand('go')) missing.push('golang-go');
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
  if (opts.distinct) {
    const n = 200_000;
    const d = await ensureDistinctDump({ n, path: join(cacheDir, 'distinct-200k.txt'), regen: opts.regen, log });
    list.push({ label: 'distinct-200k', ...d });
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
  return {
    ok: true,
    note: `total ${report.total}, ${groups.length} groups, format ${report.format}${report.truncated ? ', truncated' : ''}`,
    groups: groups.length,
  };
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
    // Exit 1 is the CLI's "findings" status (EXIT in src/cli/io.ts), not a failure.
    okExit: (code) => code === 0 || code === 1,
    timeoutS: 900,
  },
  gostackparse: {
    name: 'gostackparse',
    command: () => [anchorBinary, []],
    check: checkAnchor,
    okExit: (code) => code === 0,
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
    result.groups = check.groups ?? null;
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

/** anchorBinary is the built gostackparse bench main, or null. */
let anchorBinary = null;

async function main() {
  requirements();
  const list = await dumps();
  if (opts.gostackparse) {
    const anchorDir = findAnchor(root);
    if (anchorDir === null) log('gostackparse sources not found (shared/anchors/gostackparse above this checkout, or GOSTACKPARSE_DIR): skipping it');
    else anchorBinary = ensureAnchor(anchorDir, cacheDir, log);
  }
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
    if (anchorBinary !== null) results.push(await bench('gostackparse', dump, opts.runs));
    const ppHere = opts.panicparse && (dump === list[0] || (dump.label === '1m' && opts.pp1m));
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

  // Ratios against gostackparse on every dump, and the group counts side by side.
  const anchorComparisons = [];
  for (const dump of list) {
    const ours = results.find((r) => r.dump === dump.label && r.tool === TOOLS.ours.name);
    const gsp = results.find((r) => r.dump === dump.label && r.tool === TOOLS.gostackparse.name);
    if (ours?.ok && gsp?.ok) {
      const c = {
        dump: dump.label,
        timeRatio: round(ours.wallS / gsp.wallS, 2),
        cpuRatio: ours.cpuS && gsp.cpuS ? round(ours.cpuS / gsp.cpuS, 2) : null,
        rssRatio: round(ours.peakRssMB / gsp.peakRssMB, 2),
        groups: { ours: ours.groups, gostackparse: gsp.groups },
      };
      anchorComparisons.push(c);
      say(
        `${dump.label}: goroutine-lens / gostackparse: time ${fmt(c.timeRatio, 2)}× (CPU ${fmt(c.cpuRatio, 2)}×), peak RSS ${fmt(c.rssRatio, 2)}×; ` +
          `groups ${c.groups.ours} vs ${c.groups.gostackparse}${c.groups.ours === c.groups.gostackparse ? ' (same)' : ' (DIFFERENT: gostackparse groups by state and function names, ours by frames with lines and creator)'}`,
      );
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
      say(
        `CPU profile of one run (${fmt(profile.wallS, 2)} s wall, ${fmt(profile.totalMs / 1000, 2)} s sampled; ${relative(root, profile.path)}), top self time:`,
      );
      say(
        table(
          [['self ms', '%', 'function', 'where'], ...profile.rows.map((r) => [fmt(r.selfMs, 0), fmt(r.percent, 1), r.name || '(root)', r.where])],
          new Set([0, 1]),
        ),
      );
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
    const peak = Math.max(...results.filter((r) => r.tool === TOOLS.ours.name && r.ok && !r.dump.startsWith('distinct')).map((r) => r.peakRssMB));
    const okRss = peak < TARGETS.peakRssMB;
    pass.push(okRss);
    verdict.push(`peak RSS ${fmt(peak, 0)} MB (<${TARGETS.peakRssMB} MB) ${okRss ? 'PASS' : 'MISS'}`);
  } else verdict.push('peak RSS: not measured');
  if (scaling) {
    const okFlat = scaling.growthBytesPerExtraGoroutine <= TARGETS.idBytesPerGoroutine;
    pass.push(okFlat);
    verdict.push(
      `100k→1M ${fmt(scaling.growthBytesPerExtraGoroutine, 1)} B/extra goroutine (≤${TARGETS.idBytesPerGoroutine}: ids only) ${okFlat ? 'PASS' : 'MISS'}`,
    );
  } else verdict.push(`flat 100k→1M: not measured${opts.oneMillion ? '' : ' (run with --1m)'}`);
  for (const c of anchorComparisons) {
    const maxTime = c.dump.startsWith('distinct') ? TARGETS.distinctVsAnchor : TARGETS.bigdumpVsAnchor;
    const okTime = c.timeRatio <= maxTime;
    const okRss = c.rssRatio < 1;
    pass.push(okTime, okRss);
    verdict.push(
      `${c.dump}: ${fmt(c.timeRatio, 2)}× gostackparse's time (≤${maxTime}×) ${okTime ? 'PASS' : 'MISS'}, ${fmt(c.rssRatio, 2)}× its peak RSS (<1×) ${okRss ? 'PASS' : 'MISS'}`,
    );
  }
  if (anchorComparisons.length === 0) verdict.push(`gostackparse: not measured${opts.gostackparse ? '' : ' (--no-gostackparse)'}`);
  say(`\nverdict:\n  ${verdict.join('\n  ')}`);

  const failed = results.some((r) => !r.ok) || (profile && !profile.ok);
  if (opts.json) {
    const figures = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, memoryGB: round((await import('node:os')).totalmem() / 1e9, 1) },
      targets: TARGETS,
      dumps: list.map((d) => ({
        label: d.label,
        bytes: d.bytes,
        goroutines: d.goroutines,
        generateWallS: d.meta?.generateWallS ?? null,
        generatePeakRssMB: d.meta?.generatePeakRssMB ?? null,
      })),
      results: results.map(({ file: _file, ...r }) => r),
      comparisons,
      anchorComparisons,
      scaling,
      profile: profile?.ok
        ? {
            wallS: profile.wallS,
            sampledMs: round(profile.totalMs, 0),
            top: profile.rows.map((r) => ({ ...r, selfMs: round(r.selfMs, 0), percent: round(r.percent, 1) })),
          }
        : null,
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
