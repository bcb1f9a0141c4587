// anchor.mjs builds DataDog's gostackparse (the fastest published goroutine
// dump parser, compiled Go) with the small main that groups like `analyze`
// does, from the shared anchors directory, offline: the sources are copied to
// .bench/gostackparse-src (never into the project's tree) and built with the
// module cache only (GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local). The
// binary is reused while the sources are unchanged.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** findAnchor looks for shared/anchors/gostackparse above dir (the main checkout and worktrees sit at different depths). */
export function findAnchor(dir, explicit = process.env.GOSTACKPARSE_DIR) {
  if (explicit) return existsSync(join(explicit, 'cmd', 'bench', 'main.go')) ? explicit : null;
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'shared', 'anchors', 'gostackparse');
    if (existsSync(join(candidate, 'cmd', 'bench', 'main.go'))) return candidate;
    if (dirname(d) === d) return null;
  }
}

function sourceHash(dir) {
  const hash = createHash('sha256');
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.go') || entry.name === 'go.mod' || entry.name === 'go.sum')
        hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

/** ensureAnchor returns the path of the built gostackparse bench binary in cacheDir, building it when needed. */
export function ensureAnchor(anchorDir, cacheDir, log) {
  const binary = join(cacheDir, 'gostackparse-bench');
  const stamp = `${binary}.hash`;
  const hash = sourceHash(anchorDir);
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return binary;
  const src = join(cacheDir, 'gostackparse-src');
  rmSync(src, { recursive: true, force: true });
  cpSync(anchorDir, src, { recursive: true });
  log(`building gostackparse (offline) from ${anchorDir} → ${binary}`);
  execFileSync('go', ['build', '-o', binary, './cmd/bench'], {
    cwd: src,
    env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(stamp, `${hash}\n`);
  return binary;
}

/** checkAnchor reads the bench main's line `goroutines N groups M errors E top [...]`. */
export function checkAnchor(outPath, dump) {
  const text = readFileSync(outPath, 'utf8');
  const m = /goroutines (\d+) groups (\d+) errors (\d+)/.exec(text);
  if (!m) return { ok: false, note: `no summary line in its output: ${JSON.stringify(text.slice(0, 80))}` };
  const [goroutines, groups, errors] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (goroutines !== dump.goroutines) return { ok: false, note: `${goroutines} goroutines, not ${dump.goroutines}` };
  return { ok: true, note: `${goroutines} goroutines, ${groups} groups${errors > 0 ? `, ${errors} errors` : ''}`, groups };
}
