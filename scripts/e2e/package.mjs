#!/usr/bin/env node
// package.mjs packages the extension into a .vsix with vsce, the way it
// ships: vsce runs the manifest's `vscode:prepublish` (the production build:
// minified, no source maps) into dist/; esbuild has bundled everything, so no
// node_modules go in (--no-dependencies), and .vscodeignore keeps only what
// the extension loads (not the CLI's bundle, not source maps).
//
//   npm run package                          # type-check, then goroutine-lens-<version>.vsix in the repo
//   node scripts/e2e/package.mjs --out F     # package a production build into F
//
// The e2e harness packages through here too, so the tests run the bundle that
// ships. `npm run package` fails when the .vsix outgrows VSIX_BUDGET_BYTES;
// the harness only warns.
//
// vsce never prompts here (CI has no stdin): the manifest has no repository
// field, so --allow-missing-repository, and README links stay relative
// (--no-rewrite-relative-links) instead of failing for want of a repository
// URL to rewrite them against.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, repoRoot, seconds } from './env.mjs';

const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

/** VSIX_BUDGET_BYTES is the largest .vsix we publish (issue 12: 1.5 MB). */
export const VSIX_BUDGET_BYTES = 1.5 * 1024 * 1024;

/** manifest is the extension's package.json. */
export function manifest() {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
}

/** extensionId is `publisher.name`, as VS Code names the extension. */
export function extensionId() {
  const { publisher, name } = manifest();
  return `${publisher}.${name}`;
}

function vsce(args) {
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    throw new Error(`\`vsce ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}):\n${(r.stderr + r.stdout).trim()}`);
  }
  return r.stdout;
}

/**
 * requiredFiles are what the extension cannot run without: the manifest,
 * every bundle in dist/ but the CLI's (the main bundle, the parts it loads on
 * first use, the analyzer's worker), every WASM that esbuild.mjs copied into
 * dist/, and every file
 * the manifest names (language configurations, grammars, icons…). A
 * .vscodeignore that drops one of them fails packaging here, not at run time
 * with a 404 in the extension host.
 */
function requiredFiles() {
  const m = manifest();
  const cli = cliBundles();
  // Every bundle esbuild.mjs wrote but the CLI's: the entry and what it loads on first use (src/lazy), the analyzer's worker.
  const bundled = readdirSync(path.join(repoRoot, 'dist'))
    .filter((f) => f.endsWith('.wasm') || (f.endsWith('.js') && !cli.has(`dist/${f}`)))
    .map((f) => `dist/${f}`);
  const named = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      const rel = path.posix.normalize(value.replace(/^\.\//, ''));
      if (
        /^[\w.-]+(\/[\w.-]+)*\.\w+$/.test(rel) &&
        !rel.startsWith('..') &&
        existsSync(path.join(repoRoot, rel)) &&
        statSync(path.join(repoRoot, rel)).isFile()
      ) {
        named.add(rel);
      }
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit([m.main, m.browser, m.icon, m.contributes]);
  return ['package.json', ...bundled, ...named];
}

/**
 * unwantedFiles are what the extension never loads and the package must not
 * carry: source maps, and the CLI's bundle (package.json's `bin`), which only
 * the npm package ships.
 *
 * @param {Iterable<string>} listed
 */
function unwantedFiles(listed) {
  const cli = cliBundles();
  return [...listed].filter((f) => f.endsWith('.map') || cli.has(f));
}

/** cliBundles are the files package.json's `bin` names (dist/cli.js). */
function cliBundles() {
  const { bin } = manifest();
  return new Set(Object.values(typeof bin === 'string' ? { bin } : (bin ?? {})).map((f) => path.posix.normalize(f.replace(/^\.\//, ''))));
}

/**
 * packageVsix makes a production build (vsce runs `vscode:prepublish`) and
 * packages it into outFile; it returns the path. With
 * `enforceBudget`, a package over VSIX_BUDGET_BYTES is an error, otherwise a
 * warning.
 *
 * @param {{ outFile?: string, enforceBudget?: boolean }} [options]
 * @returns {string}
 */
export function packageVsix({ outFile, enforceBudget = false } = {}) {
  const { name, version } = manifest();
  const out = path.resolve(outFile ?? path.join(repoRoot, `${name}-${version}.vsix`));
  const start = performance.now();
  mkdirSync(path.dirname(out), { recursive: true });
  vsce(['package', ...VSCE_FLAGS, '--out', out]);
  // What went in: the listing of the same files, now that dist/ holds the production build.
  const listed = new Set(
    vsce(['ls', '--no-dependencies'])
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const fail = (message) => {
    rmSync(out, { force: true });
    throw new Error(message);
  };
  const missing = requiredFiles().filter((f) => !listed.has(f));
  if (missing.length > 0) {
    fail(
      `.vscodeignore leaves ${missing.join(', ')} out of the package, but the extension loads ${missing.length === 1 ? 'it' : 'them'} ` +
        `(the manifest names ${missing.length === 1 ? 'it' : 'them'}, or ${missing.length === 1 ? 'it is' : 'they are'} the bundle's WASM); ` +
        `add ${missing.map((f) => `!${f}`).join(', ')} to .vscodeignore`,
    );
  }
  const unwanted = unwantedFiles(listed);
  if (unwanted.length > 0) {
    fail(
      `.vscodeignore lets ${unwanted.join(', ')} into the package, but the extension never loads ${unwanted.length === 1 ? 'it' : 'them'}; leave ${unwanted.length === 1 ? 'it' : 'them'} out`,
    );
  }
  const bytes = statSync(out).size;
  const shown = path.relative(process.cwd(), out);
  log(`packaged ${shown.startsWith('..') ? out : shown} (${listed.size} files, ${megabytes(bytes)}) in ${seconds(start)}`);
  if (bytes > VSIX_BUDGET_BYTES) {
    const message =
      `the .vsix is ${megabytes(bytes)}, over its ${megabytes(VSIX_BUDGET_BYTES)} budget; the biggest files it holds: ${biggest(listed)} ` +
      `(recompress screenshots with \`node scripts/compress-screenshots.mjs\`)`;
    if (enforceBudget) fail(message);
    log(`warning: ${message}`);
  }
  return out;
}

function megabytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** biggest names the five largest of the listed files, with their sizes on disk. */
function biggest(listed) {
  return [...listed]
    .map((f) => ({ f, size: statSync(path.join(repoRoot, f)).size }))
    .sort((a, b) => b.size - a.size)
    .slice(0, 5)
    .map(({ f, size }) => `${f} (${Math.round(size / 1024)} KB)`)
    .join(', ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    console.log(packageVsix({ outFile: i > 0 ? process.argv[i + 1] : undefined, enforceBudget: true }));
  } catch (err) {
    console.error(`package: ${err.message}`);
    process.exit(1);
  }
}
