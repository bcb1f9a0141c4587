// distinct.mjs writes the worst case for grouping (docs/performance.md, "Parsing dumps"): a debug=2
// goroutine dump in which every goroutine's stack differs from every other's
// — 10 frames each, every function name distinct — so that no two goroutines
// share a group and every frame must be interned anew. 200 000 goroutines make
// about 207 MB. The text has the shape runtime.Stack(buf, true) writes (Go ≥
// 1.21: `created by … in goroutine N`); it is generated because no real program
// parks two million distinct functions.
//
//   node scripts/bench/distinct.mjs -n 200000 -out .bench/distinct-200k.txt
import { closeSync, openSync, writeSync } from 'node:fs';

const STATES = ['chan receive', 'select', 'IO wait', 'sync.Mutex.Lock', 'chan send', 'sleep'];

/** writeDistinctDump writes n goroutines of `frames` distinct frames each to path; returns the byte count. */
export function writeDistinctDump(path, n = 200_000, frames = 10) {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let buf = '';
  const flush = () => {
    bytes += writeSync(fd, buf);
    buf = '';
  };
  for (let g = 0; g < n; g++) {
    const id = g + 1;
    const pkg = `example.com/fleet/svc${String(g % 997).padStart(3, '0')}`;
    const file = `/src/svc${String(g % 997).padStart(3, '0')}/w${g % 31}.go`;
    const state = STATES[g % STATES.length];
    const minutes = g % 5 === 0 ? `, ${(g % 90) + 1} minutes` : '';
    buf += `goroutine ${id} [${state}${minutes}]:\n`;
    for (let f = 0; f < frames; f++) {
      const line = 20 + ((g * 7 + f * 13) % 900);
      buf += `${pkg}.(*W${g}).stage${f}(0xc000${(g * 16 + f).toString(16).padStart(6, '0')}, 0x${(f + 1).toString(16)})\n`;
      buf += `\t${file}:${line} +0x${(0x1d + f * 8).toString(16)}\n`;
    }
    buf += `created by ${pkg}.Start in goroutine ${(g % 50) + 1}\n\t${file}:17 +0x65\n\n`;
    if (buf.length > 1 << 20) flush();
  }
  flush();
  closeSync(fd);
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (flag, dflt) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const out = get('-out', null);
  if (!out) {
    console.error('usage: node scripts/bench/distinct.mjs [-n 200000] [-frames 10] -out FILE');
    process.exit(2);
  }
  const bytes = writeDistinctDump(out, Number(get('-n', 200000)), Number(get('-frames', 10)));
  console.log(`${out}: ${(bytes / 1e6).toFixed(1)} MB`);
}
