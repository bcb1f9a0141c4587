// cpuprofile.mjs summarizes a V8 .cpuprofile (from `node --cpu-prof`) as the
// functions with the most self time, mapped back to the TypeScript sources
// through the bundle's source map when there is one.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** loadSourceMap returns { map, dir } for a bundled script URL (dir resolves the map's relative sources), or null. */
function loadSourceMap(url, cache) {
  if (cache.has(url)) return cache.get(url);
  let loaded = null;
  try {
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (path && existsSync(`${path}.map`)) loaded = { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))), dir: dirname(path) };
  } catch {
    loaded = null;
  }
  cache.set(url, loaded);
  return loaded;
}

/**
 * topSelfTime reads a .cpuprofile and returns { totalMs, rows }, rows sorted
 * by self time: { selfMs, percent, name, where }. `where` is the original
 * source position when a source map resolves it, else the script position.
 */
export function topSelfTime(profilePath, { root, limit = 15 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const maps = new Map();
  const rows = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    let where = url ? `${url.replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
    const loaded = url ? loadSourceMap(url, maps) : null;
    if (loaded && lineNumber >= 0) {
      const entry = loaded.map.findEntry(lineNumber, columnNumber);
      if (entry && entry.originalSource) {
        let source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
        if (!isAbsolute(source)) source = resolve(loaded.dir, source);
        where = `${source}:${entry.originalLine + 1}`;
      }
    }
    if (root && where.startsWith(root)) where = relative(root, where);
    const name = (functionName || (url ? '(anonymous)' : '')).slice(0, 70);
    const key = `${name}\u0000${where}`;
    const row = rows.get(key) ?? { selfUs: 0, name, where };
    row.selfUs += us;
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort((a, b) => b.selfUs - a.selfUs).slice(0, limit);
  return {
    totalMs: totalUs / 1000,
    rows: sorted.map((r) => ({ selfMs: r.selfUs / 1000, percent: (100 * r.selfUs) / totalUs, name: r.name, where: r.where })),
  };
}
