#!/usr/bin/env node
// ensure-deps.mjs installs what `npm start` and `npm test` need and is
// missing: the npm dependencies (when node_modules is absent or older than
// package-lock.json) and the Debian packages the tests run (the Go toolchain
// for real dumps and real builds). With --bench (`npm run bench`) also what
// the benchmark compares against (panicparse), which the tests never run. As
// root it installs them with apt-get; otherwise it prints the command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** DEBIAN_PACKAGES maps a command the tests run to the Debian package that provides it. */
const DEBIAN_PACKAGES = { go: 'golang-go', gofmt: 'golang-go' };

/** BENCH_PACKAGES are the same for the benchmark only (`npm run bench`). */
const BENCH_PACKAGES = { panicparse: 'panicparse' };

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureNpm() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('goroutine-lens: installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

function ensureDebian(packages) {
  const missing = [
    ...new Set(
      Object.entries(packages)
        .filter(([cmd]) => !has(cmd))
        .map(([, pkg]) => pkg),
    ),
  ];
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`goroutine-lens: missing Debian packages ${missing.join(', ')}; run as root:\n  ${command}`);
    process.exit(1);
  }
  console.log(`goroutine-lens: installing ${missing.join(', ')} (apt-get)…`);
  execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`], {
    stdio: 'inherit',
  });
}

ensureNpm();
ensureDebian(process.argv.includes('--bench') ? { ...DEBIAN_PACKAGES, ...BENCH_PACKAGES } : DEBIAN_PACKAGES);
