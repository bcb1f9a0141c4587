#!/usr/bin/env node
// compress-screenshots.mjs recompresses the README's screenshots
// (media/screenshots/*.png) with Debian's pngquant: a 256-colour palette, which
// keeps UI text sharp at a third of the size, so that they fit in the .vsix
// (the README shows them from the installed extension's folder). A PNG that
// already has a palette is left as it is, so running it again changes nothing.
// `UPDATE_SCREENSHOTS=1` runs of the UI scenarios compress what they publish.
//
//   node scripts/compress-screenshots.mjs            # every screenshot in media/screenshots/
//   node scripts/compress-screenshots.mjs FILE.png…  # these files
import { spawnSync } from 'node:child_process';
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** PNG_PALETTE is the IHDR colour type of an indexed (palette) PNG. */
const PNG_PALETTE = 3;

/** pngColorType reads a PNG's colour type (IHDR byte 25); it throws for a file that is not a PNG. */
function pngColorType(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(26);
    readSync(fd, head, 0, 26, 0);
    if (head.toString('latin1', 1, 4) !== 'PNG' || head.toString('latin1', 12, 16) !== 'IHDR') {
      throw new Error(`${file} is not a PNG (expected the PNG signature and an IHDR chunk)`);
    }
    return head[25];
  } finally {
    closeSync(fd);
  }
}

/**
 * compressPng recompresses file in place with pngquant and returns its sizes
 * before and after; a palette PNG is left alone. It throws when pngquant is
 * missing (apt-get install pngquant) or fails.
 *
 * @param {string} file
 * @returns {{ before: number, after: number, skipped: boolean }}
 */
export function compressPng(file) {
  const before = statSync(file).size;
  if (pngColorType(file) === PNG_PALETTE) return { before, after: before, skipped: true };
  const r = spawnSync('pngquant', ['--quality=65-85', '--speed=1', '--strip', '--skip-if-larger', '--force', '--output', file, file], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') throw new Error('pngquant is not installed; run as root: apt-get install -y pngquant');
  // 98: the result would be larger; 99: below the minimum quality. Both leave the file untouched.
  if (r.status !== 0 && r.status !== 98 && r.status !== 99) {
    throw new Error(`pngquant failed on ${file} (exit ${r.status ?? r.signal}): ${r.stderr.trim()}`);
  }
  return { before, after: statSync(file).size, skipped: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.join(root, 'media', 'screenshots');
  const files =
    process.argv.length > 2
      ? process.argv.slice(2)
      : readdirSync(dir)
          .filter((f) => f.endsWith('.png'))
          .map((f) => path.join(dir, f));
  let before = 0;
  let after = 0;
  try {
    for (const file of files) {
      const r = compressPng(file);
      before += r.before;
      after += r.after;
      console.log(
        `${path.relative(process.cwd(), file)}: ${r.skipped ? 'already a palette PNG' : `${Math.round(r.before / 1024)} KB → ${Math.round(r.after / 1024)} KB`}`,
      );
    }
  } catch (err) {
    console.error(`compress-screenshots: ${err.message}`);
    process.exit(1);
  }
  console.log(`compress-screenshots: ${files.length} files, ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB`);
}
