// esbuild.mjs bundles the extension and the CLI into dist/ (one file each),
// with `vscode` left external as the extension host provides it.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  // The Transport analyzer's worker thread (src/transport/worker.ts): the
  // grammar loads and parses there, off the extension host's event loop.
  { ...common, entryPoints: ['src/transport/worker.ts'], outfile: 'dist/transportWorker.js' },
  // The pictures webview's script (src/pictures/webview): a browser bundle, loaded by the
  // page from dist/ under the webview's Content-Security-Policy.
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', external: [], entryPoints: ['src/pictures/webview/main.ts'], outfile: 'dist/pictures.js' },
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

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
