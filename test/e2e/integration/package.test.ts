// package.test.ts: the installed .vsix (scripts/e2e/package.mjs, the
// production build that `vsce package` makes through vscode:prepublish) holds
// what the extension and its page need, and not what it never loads.
// Titled "smoke" so that `integration.mjs --grep smoke` checks it too.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import { extension } from './helpers';

interface Manifest {
  version: string;
  main: string;
  icon?: string;
  bin?: Record<string, string>;
  categories?: string[];
  preview?: boolean;
}

/** ACTIVATION_BUNDLE_BUDGET bounds what activation loads: the manifest's `main` (issue 12: 300 KB). */
const ACTIVATION_BUNDLE_BUDGET = 300 * 1024;

function installed(): { dir: string; manifest: Manifest } {
  const ext = extension();
  return { dir: ext.extensionPath, manifest: ext.packageJSON as Manifest };
}

function* walk(dir: string, base = dir): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(file, base);
    else yield path.relative(base, file).split(path.sep).join('/');
  }
}

/** pngSize reads a PNG's width and height from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const head = fs.readFileSync(file).subarray(0, 24);
  assert.equal(head.toString('latin1', 1, 4), 'PNG', `${file} is not a PNG`);
  assert.equal(head.toString('latin1', 12, 16), 'IHDR', `${file} has no IHDR chunk first`);
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

suite('smoke: the installed package', () => {
  test('holds neither the CLI bundle nor source maps', () => {
    const { dir, manifest } = installed();
    const files = [...walk(dir)];
    const cli = Object.values(manifest.bin ?? {}).map((f) => path.posix.normalize(f));
    assert.ok(cli.length > 0, 'the manifest names the CLI in `bin`');
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map') || cli.includes(f)),
      [],
    );
    assert.ok(files.includes(path.posix.normalize(manifest.main)), `${manifest.main} is missing from ${files.join(', ')}`);
  });

  test('keeps the activation bundle within 300 KB, with the parts it loads on first use beside it', () => {
    const { dir, manifest } = installed();
    const bytes = fs.statSync(path.join(dir, manifest.main)).size;
    assert.ok(
      bytes <= ACTIVATION_BUNDLE_BUDGET,
      `${manifest.main} is ${(bytes / 1024).toFixed(1)} KB, over its ${ACTIVATION_BUNDLE_BUDGET / 1024} KB budget (see \`node esbuild.mjs --production --analyze\`)`,
    );
    for (const lazy of ['dist/viewer.js', 'dist/analyzer.js', 'dist/fetch.js', 'dist/dumpParser.js'])
      assert.ok(fs.existsSync(path.join(dir, lazy)), `${lazy} (loaded on first use by src/lazy) is missing from the package`);
  });

  test('runs the production bundle: minified, no source map reference', () => {
    const { dir, manifest } = installed();
    const bundle = fs.readFileSync(path.join(dir, manifest.main), 'utf8');
    assert.doesNotMatch(bundle, /\/\/# sourceMappingURL=/);
    const lines = bundle.split('\n').length;
    // esbuild's minified output is a few very long lines; the development build has one line per ~40 bytes.
    assert.ok(lines < bundle.length / 1000, `${manifest.main}: ${lines} lines for ${bundle.length} bytes is not minified`);
  });

  test('every image the README shows is in the package (the extension page shows them from there)', () => {
    const { dir } = installed();
    const readme = fs.readdirSync(dir).find((f) => f.toLowerCase() === 'readme.md');
    assert.ok(readme, 'the package has no README');
    const text = fs.readFileSync(path.join(dir, readme), 'utf8');
    const images = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((src) => !/^[a-z]+:/i.test(src));
    assert.ok(images.length > 0, 'the README shows no image');
    const missing = images.filter((src) => !fs.existsSync(path.join(dir, src)));
    assert.deepEqual(missing, []);
  });

  test('the icon is a 128×128 PNG; categories and preview flag fit the extension', () => {
    const { dir, manifest } = installed();
    assert.ok(manifest.icon, 'the manifest names no icon');
    assert.deepEqual(pngSize(path.join(dir, manifest.icon)), { width: 128, height: 128 });
    assert.ok(!manifest.categories?.includes('Debuggers'), `categories ${manifest.categories?.join(', ')}: it is not a debugger`);
    if (manifest.version.startsWith('0.')) assert.equal(manifest.preview, true, `version ${manifest.version} is published as a preview`);
  });
});
