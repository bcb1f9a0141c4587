#!/usr/bin/env node
// flame.mjs measures the time from "Goroutine Lens: Show Flame Graph" to a
// drawn canvas for the big dump (bigdump -n 100000, about 190 MB), in a real
// VS Code (the e2e harness: code-server driven by chromium). The dump is
// opened first (parsing is not counted); then the panel is closed and the
// command run 5 times: each run creates the webview, builds the merged stack
// tree from the tree's groups, sends it to the page and draws it. The page
// reports `sinceRequestMs` (command → drawn, wall clock) and `drawMs` (the
// canvas painting alone). Run after `npm run build`:
//   node scripts/bench/flame.mjs [-n 100000]        bigdump's dump (55 groups)
//   node scripts/bench/flame.mjs --manystacks        test/go/manystacks: 10 000 distinct stacks
// Figures: test-results/flame-graph-bench.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBigdump, ensureDump } from './dumps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const n = Number(arg('-n') || 100_000) || 100_000;
const cacheDir = join(root, '.bench');
const log = (m) => console.error(`bench: ${m}`);
const label = n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
let dump;
if (process.argv.includes('--manystacks')) {
  // test/go/manystacks: n goroutines in 10 000 distinct stacks (-depth 4).
  const binary = join(cacheDir, 'manystacks');
  const path = join(cacheDir, `manystacks-${label}.txt`);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(path)) {
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: join(root, 'test', 'go', 'manystacks'), stdio: 'inherit' });
    log(`generating ${path} (manystacks -n ${n} -depth 4)…`);
    execFileSync(binary, ['-n', String(n), '-depth', '4', '-out', path], { stdio: 'inherit' });
  }
  dump = { path, bytes: statSync(path).size, goroutines: n };
} else {
  const { binary, hash } = ensureBigdump(join(root, 'test', 'go', 'bigdump'), cacheDir, log);
  dump = await ensureDump({ n, path: join(cacheDir, `dump-${label}.txt`), binary, hash, regen: false, log });
}
log(`${dump.path}: ${(dump.bytes / 1e6).toFixed(1)} MB, ${dump.goroutines} goroutines`);
execFileSync(process.execPath, [join(root, 'scripts', 'e2e', 'integration.mjs'), '--grep', 'time from Show Flame Graph'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GOROUTINE_LENS_FLAME_BENCH: dump.path, GOROUTINE_LENS_E2E_TIMEOUT: '900' },
});
const figures = JSON.parse(readFileSync(join(root, 'test-results', 'flame-graph-bench.json'), 'utf8'));
const since = figures.runs.map((r) => r.sinceRequestMs).sort((a, b) => a - b);
const draw = figures.runs.map((r) => r.drawMs).sort((a, b) => a - b);
console.log(`${figures.goroutines} goroutines, ${figures.groups} groups, ${figures.nodes} flame nodes (model ${figures.modelMs} ms in the extension host)`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `of which: message in transit median ${median(figures.runs.map((r) => r.transitMs))} ms, in the page (unpack, index, paint) median ${median(figures.runs.map((r) => r.pageMs))} ms`,
);
console.log(
  `Show Flame Graph → drawn canvas: median ${since[Math.floor(since.length / 2)]} ms (min ${since[0]}, max ${since[since.length - 1]}); canvas painting alone: median ${draw[Math.floor(draw.length / 2)]} ms`,
);
