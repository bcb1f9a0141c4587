#!/usr/bin/env node
// test.mjs runs every compiled unit test (out/test/unit/**/*.test.js) with
// node's own test runner, then the e2e tests in a real VS Code
// (scripts/e2e/run.mjs: integration tests in the extension host and UI
// scenarios). `npm test` builds first.
//
//   node scripts/test.mjs              # unit, then e2e
//   node scripts/test.mjs dump-text    # only unit test files whose path contains a word; no e2e
//   GOROUTINE_LENS_SKIP_E2E=1 npm test # unit tests only, for quick local runs
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.name.endsWith('.test.js')) yield path;
  }
}

const filter = process.argv.slice(2);
const files = [...walk(join(root, 'out', 'test', 'unit'))].filter((f) => filter.length === 0 || filter.some((w) => f.includes(w))).sort();
if (files.length === 0) {
  console.error('test: no test files found under out/test/unit (did the build run?)');
  process.exit(1);
}
const unit = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
const unitStatus = unit.status ?? 1;

if (filter.length > 0 || process.env.GOROUTINE_LENS_SKIP_E2E === '1') {
  console.log(`test: e2e tests skipped (${filter.length > 0 ? 'a file filter was given' : 'GOROUTINE_LENS_SKIP_E2E=1'})`);
  process.exit(unitStatus);
}
// The e2e run prints its own closing line, "e2e: N passed, N failed".
const e2e = spawnSync(process.execPath, [join(root, 'scripts', 'e2e', 'run.mjs')], { cwd: root, stdio: 'inherit' });
if (unitStatus !== 0) console.log('test: the unit tests failed (see above)');
process.exit(unitStatus !== 0 ? unitStatus : (e2e.status ?? 1));
