#!/usr/bin/env node
// test.mjs runs every compiled unit test (out/test/unit/**/*.test.js) with
// node's own test runner. `npm test` builds first.
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
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
