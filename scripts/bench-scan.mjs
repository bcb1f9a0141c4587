#!/usr/bin/env node
// bench-scan.mjs measures the Go analyzer (the targets in docs/performance.md, "Scanning"): the
// wall time of `goroutine-lens scan --format json` over the Go standard
// library's source (Debian's golang-src, /usr/share/go-*/src, ~5 500 files)
// next to ast-grep running `&http.Transport{$$$}` and `grep -rl Transport`
// over the same tree, with the ratios; and the time to re-analyse one
// edited 2 000-line file, as the extension does while the user types.
// Built-ins only; run after `npm run build` (scripts/bench.mjs calls it).
// A benchmark, not a test: it prints, and exits 0 unless something is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const HELP = `Usage: node scripts/bench-scan.mjs [GO_SRC_DIR]

Times, side by side over GO_SRC_DIR (default: /usr/share/go-*/src from
Debian's golang-src):
  goroutine-lens   node dist/cli.js scan --format json DIR
  ast-grep         ast-grep run --lang go --pattern '&http.Transport{$$$}' DIR
  grep             grep -rl Transport DIR
in ${RUNS} interleaved rounds after a warm-up run (BENCH_RUNS overrides), and
prints the medians and the ratios against the targets (≥10x faster than ast-grep, within 2x
of grep) and the issue's floor (≥5x, within 3x). Then re-analyses an edited
2 000-line Go file in-process (target: under 20 ms).`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}

function goSource() {
  if (process.argv[2]) return process.argv[2];
  const share = '/usr/share';
  const dirs = existsSync(share)
    ? readdirSync(share)
        .filter((d) => /^go-\d/.test(d))
        .sort()
    : [];
  const found = dirs
    .map((d) => join(share, d, 'src'))
    .filter((d) => existsSync(d))
    .pop();
  if (!found) {
    console.error("bench-scan: no /usr/share/go-*/src; install Debian's golang-src (apt-get install golang-src) or pass a Go source tree");
    process.exit(1);
  }
  return found;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
}

/**
 * timeAll runs each tool once to warm the page cache, then RUNS rounds that
 * run every tool in turn (interleaved, so that load from other processes
 * weighs on all of them alike), and returns each one's median and minimum
 * wall time in ms. Exit statuses 0 and 1 (findings) are accepted.
 */
function timeAll(tools) {
  const once = ({ label, command, args }) => {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.error || (r.status !== 0 && r.status !== 1)) {
      console.error(`bench-scan: ${label} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.toString().slice(0, 400)}`);
      process.exit(1);
    }
    return ms;
  };
  for (const tool of tools) once(tool);
  const times = tools.map(() => []);
  for (let round = 0; round < RUNS; round++) tools.forEach((tool, i) => times[i].push(once(tool)));
  return tools.map((tool, i) => ({ label: tool.label, command: [tool.command, ...tool.args].join(' '), median: median(times[i]), min: Math.min(...times[i]) }));
}

const src = goSource();
const cli = join(root, 'dist', 'cli.js');
const astGrep = join(root, 'node_modules', '@ast-grep', 'cli', 'ast-grep');
for (const [path, what] of [
  [cli, 'dist/cli.js (run npm run build)'],
  [astGrep, 'ast-grep (npm install: @ast-grep/cli is a dev dependency)'],
]) {
  if (!existsSync(path)) {
    console.error(`bench-scan: missing ${what}`);
    process.exit(1);
  }
}

const files = spawnSync('sh', ['-c', `find "${src}" -name '*.go' | wc -l`], { encoding: 'utf8' }).stdout.trim();
console.log(
  `Go source tree: ${src} (${files} .go files), ${RUNS} interleaved rounds after a warm-up; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);

const [lens, sg, grep, bare, load] = timeAll([
  { label: 'goroutine-lens', command: process.execPath, args: [cli, 'scan', '--format', 'json', src] },
  { label: 'ast-grep', command: astGrep, args: ['run', '--lang', 'go', '--pattern', '&http.Transport{$$$}', src] },
  { label: 'grep -rl', command: 'grep', args: ['-rl', 'Transport', src] },
  // Where goroutine-lens's time goes: Node's own start, then loading the CLI bundle.
  { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
  { label: 'cli --version', command: process.execPath, args: [cli, '--version'] },
]);

const rows = [lens, sg, grep, bare, load];
const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('tool', 16)}${pad('median', 12)}${pad('min', 12)}command`);
for (const r of rows) console.log(`${pad(r.label, 16)}${pad(`${r.median.toFixed(0)} ms`, 12)}${pad(`${r.min.toFixed(0)} ms`, 12)}${r.command}`);

const vsAstGrep = sg.median / lens.median;
const vsGrep = lens.median / grep.median;
const verdict = (ok) => (ok ? 'ok' : 'MISSED');
console.log('');
console.log(
  `goroutine-lens is ${vsAstGrep.toFixed(1)}x faster than ast-grep   (target: >= 10x ${verdict(vsAstGrep >= 10)}; issue floor >= 5x ${verdict(vsAstGrep >= 5)})`,
);
console.log(
  `goroutine-lens takes ${vsGrep.toFixed(2)}x grep -rl's time        (target: <= 2x ${verdict(vsGrep <= 2)}; issue floor <= 3x ${verdict(vsGrep <= 3)})`,
);
console.log(
  `best runs (the least disturbed by other processes): ${(sg.min / lens.min).toFixed(1)}x faster than ast-grep, ${(lens.min / grep.min).toFixed(2)}x grep -rl's time`,
);
console.log(
  `  of its ${lens.median.toFixed(0)} ms: Node starting ${bare.median.toFixed(0)} ms, loading the CLI bundle ${(load.median - bare.median).toFixed(0)} ms, the scan itself ${(lens.median - load.median).toFixed(0)} ms`,
);

// Re-analysing one edited file, in-process, as the extension does on a keystroke.
const core = join(root, 'out', 'src', 'core', 'go', 'index.js');
const rule = join(root, 'out', 'src', 'core', 'transport', 'index.js');
if (!existsSync(core) || !existsSync(rule)) {
  console.error('bench-scan: missing out/src/core/go or out/src/core/transport (run npm run build)');
  process.exit(1);
}
const { loadGo, ParseCache } = require(core);
const { analyzePackageFiles } = require(rule);
const go = await loadGo();

/** editedFile is a 2 000-line Go file of handlers, helpers and a few Transports built per call. */
function editedFile(edit) {
  const parts = ['package service', '', 'import (', '\t"fmt"', '\t"net/http"', '\t"strings"', '\t"time"', ')', ''];
  for (let i = 0; parts.length < 1990; i++) {
    parts.push(
      `// handler${i} serves /h${i}.`,
      `func handler${i}(w http.ResponseWriter, r *http.Request) {`,
      `\tname := strings.TrimPrefix(r.URL.Path, "/h${i}/")`,
      `\tif name == "" {`,
      `\t\thttp.Error(w, "missing name", http.StatusBadRequest)`,
      `\t\treturn`,
      `\t}`,
      i % 10 === 0 ? `\tc := &http.Client{Transport: &http.Transport{MaxIdleConns: ${i}}, Timeout: time.Second}` : `\tc := client${i % 7}()`,
      `\tresp, err := c.Get("http://backend/" + name)`,
      `\tif err != nil {`,
      `\t\thttp.Error(w, err.Error(), http.StatusBadGateway)`,
      `\t\treturn`,
      `\t}`,
      `\tdefer resp.Body.Close()`,
      `\tfmt.Fprintf(w, "%s: %d\\n", name, resp.StatusCode) // ${edit === i ? 'edited' : 'status'}`,
      `}`,
      '',
    );
  }
  for (let k = 0; k < 7; k++)
    parts.push(`func client${k}() *http.Client {`, `\treturn &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}`, '}', '');
  return `${parts.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'lens-bench-'));
try {
  const other = 'package service\n\nfunc unrelated() {}\n';
  writeFileSync(join(dir, 'other.go'), other);
  let text = editedFile(-1);
  const lines = text.split('\n').length - 1;
  const source = {
    files: [
      { path: 'service.go', read: () => text },
      { path: 'other.go', read: () => other },
    ],
  };
  // As the extension does: one ParseCache, so each keystroke reparses incrementally.
  const measure = (options) => {
    const times = [];
    let findings = 0;
    for (let i = 0; i < 60; i++) {
      text = editedFile(i % 50); // one line changed, as a keystroke does
      const started = process.hrtime.bigint();
      findings = analyzePackageFiles(go, source, ['service.go'], options).findings.length;
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const warm = times.slice(10);
    return { findings, first: times[0], median: median(warm), p95: percentile(warm, 95) };
  };
  const cache = new ParseCache();
  const incremental = measure({ parseCache: cache });
  cache.dispose();
  const full = measure({});
  console.log('');
  console.log(`re-analysing an edited ${lines}-line file (${incremental.findings} findings), target < 20 ms:`);
  console.log(
    `  incremental reparse (the extension's path): median ${incremental.median.toFixed(1)} ms, p95 ${incremental.p95.toFixed(1)} ms, first ${incremental.first.toFixed(1)} ms   ${verdict(incremental.median < 20)}`,
  );
  console.log(
    `  full reparse every time:                    median ${full.median.toFixed(1)} ms, p95 ${full.p95.toFixed(1)} ms   ${verdict(full.median < 20)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
