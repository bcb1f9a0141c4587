#!/usr/bin/env node
// package.mjs packages the built extension into a .vsix with vsce, the way it
// ships: esbuild has bundled everything into dist/, so no node_modules go in
// (--no-dependencies), and .vscodeignore keeps only what the extension loads.
//
//   npm run package                          # build, then goroutine-lens-<version>.vsix in the repo
//   node scripts/e2e/package.mjs --out F     # package the current build into F
//
// vsce never prompts here (CI has no stdin): the manifest has no repository
// field, so --allow-missing-repository, and README links stay relative
// (--no-rewrite-relative-links) instead of failing for want of a repository
// URL to rewrite them against.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, repoRoot, seconds } from './env.mjs';

const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

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
 * requiredFiles are what the extension cannot run without: the manifest, its
 * main bundle, every WASM that esbuild.mjs copied into dist/, and every file
 * the manifest names (language configurations, grammars, icons…). A
 * .vscodeignore that drops one of them fails packaging here, not at run time
 * with a 404 in the extension host.
 */
function requiredFiles() {
  const m = manifest();
  const wasm = readdirSync(path.join(repoRoot, 'dist')).filter((f) => f.endsWith('.wasm')).map((f) => `dist/${f}`);
  const named = new Set();
  const visit = (value) => {
    if (typeof value === 'string') {
      const rel = path.posix.normalize(value.replace(/^\.\//, ''));
      if (/^[\w.-]+(\/[\w.-]+)*\.\w+$/.test(rel) && !rel.startsWith('..') && existsSync(path.join(repoRoot, rel)) && statSync(path.join(repoRoot, rel)).isFile()) {
        named.add(rel);
      }
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) visit(v);
    }
  };
  visit([m.main, m.browser, m.icon, m.contributes]);
  return ['package.json', ...wasm, ...named];
}

/**
 * packageVsix packages the current build (run `npm run build` first) into
 * outFile and returns its path.
 *
 * @param {{ outFile?: string }} [options]
 * @returns {string}
 */
export function packageVsix({ outFile } = {}) {
  const { name, version, main } = manifest();
  const out = path.resolve(outFile ?? path.join(repoRoot, `${name}-${version}.vsix`));
  if (!existsSync(path.join(repoRoot, main))) {
    throw new Error(`${main} is missing: build the extension first (npm run build)`);
  }
  const start = performance.now();
  const listed = new Set(vsce(['ls', '--no-dependencies']).split('\n').map((l) => l.trim()).filter(Boolean));
  const missing = requiredFiles().filter((f) => !listed.has(f));
  if (missing.length > 0) {
    throw new Error(
      `.vscodeignore leaves ${missing.join(', ')} out of the package, but the extension loads ${missing.length === 1 ? 'it' : 'them'} ` +
        `(the manifest names ${missing.length === 1 ? 'it' : 'them'}, or ${missing.length === 1 ? 'it is' : 'they are'} the bundle's WASM); ` +
        `add ${missing.map((f) => `!${f}`).join(', ')} to .vscodeignore`,
    );
  }
  mkdirSync(path.dirname(out), { recursive: true });
  vsce(['package', ...VSCE_FLAGS, '--out', out]);
  const shown = path.relative(process.cwd(), out);
  log(`packaged ${shown.startsWith('..') ? out : shown} (${listed.size} files) in ${seconds(start)}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    console.log(packageVsix({ outFile: i > 0 ? process.argv[i + 1] : undefined }));
  } catch (err) {
    console.error(`package: ${err.message}`);
    process.exit(1);
  }
}
