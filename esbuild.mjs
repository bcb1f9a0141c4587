// esbuild.mjs bundles the extension (its entry and the parts it loads on
// first use) and the CLI into dist/,
// with `vscode` left external as the extension host provides it.
//
//   node esbuild.mjs                 # development: readable, with source maps
//   node esbuild.mjs --production    # release (vscode:prepublish): minified, no source maps
//   node esbuild.mjs --production --analyze   # also print what fills each bundle
//   node esbuild.mjs --watch
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const analyze = process.argv.includes('--analyze');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  metafile: analyze,
  logLevel: 'warning',
  external: ['vscode'],
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  // What the extension loads on first use (src/lazy/index.ts): the dump
  // viewer, the Transport analyzer's client, the dump parser and the fetcher
  // (undici), each its own bundle, so that activation loads only the small
  // dist/extension.js.
  ...['viewer', 'analyzer', 'dumpParser', 'fetch'].map((name) => ({ ...common, entryPoints: [`src/lazy/${name}.ts`], outfile: `dist/${name}.js` })),
  // The Transport analyzer's worker thread (src/transport/worker.ts): the
  // grammar loads and parses there, off the extension host's event loop.
  { ...common, entryPoints: ['src/transport/worker.ts'], outfile: 'dist/transportWorker.js' },
  // The pictures webview's script (src/pictures/webview): a browser bundle, loaded by the
  // page from dist/ under the webview's Content-Security-Policy.
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    external: [],
    entryPoints: ['src/pictures/webview/main.ts'],
    outfile: 'dist/pictures.js',
  },
  // The CLI (package.json's `bin`): built here, but the extension never loads
  // it, so .vscodeignore leaves it out of the .vsix.
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

// The Go analyzer's WASM (web-tree-sitter's runtime and the Go grammar) is
// loaded at run time from next to the bundle, so it ships in dist/.
const WASM = ['node_modules/web-tree-sitter/tree-sitter.wasm', 'node_modules/tree-sitter-go/tree-sitter-go.wasm'];
mkdirSync('dist', { recursive: true });
for (const file of WASM) copyFileSync(file, `dist/${file.split('/').pop()}`);
// A production build has no source maps: remove a development build's, which
// would no longer match the bundles.
if (production) for (const f of readdirSync('dist')) if (f.endsWith('.map')) rmSync(`dist/${f}`);

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  if (analyze) for (const r of results) printComposition(r.metafile);
}

/**
 * printComposition prints what fills each bundle, summed by npm package
 * (node_modules/<name>) or by source directory (src/<dir>), biggest first.
 *
 * @param {import('esbuild').Metafile} metafile
 */
function printComposition(metafile) {
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const parts = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input) ?? /^(src\/(?:[^/]+\/)?(?:[^/]+\/)?)/.exec(input);
      const key = m ? m[1] : input;
      parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
    }
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`${file}: ${kb(output.bytes)}`);
    for (const [key, bytes] of [...parts].sort((a, b) => b[1] - a[1])) {
      if (bytes >= 1024) console.log(`  ${kb(bytes).padStart(9)}  ${((100 * bytes) / output.bytes).toFixed(1).padStart(5)}%  ${key}`);
    }
  }
}
