/**
 * nodeAssets.ts locates the analyzer's files on disk for Node hosts (the CLI,
 * the desktop extension host, the tests): the only part of the loader that
 * touches node:fs, so that a web extension host can bring its own GoAssets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LensError } from '../errors';
import type { GoAssets, WasmFile } from './assets';

/**
 * nodeAssets finds the assets on disk: the `.wasm` files next to the bundle
 * or in node_modules, the queries in `queries/go` of the package root (the
 * first ancestor of `from` that has one).
 */
export function nodeAssets(from: string = __dirname): GoAssets {
  const ancestors: string[] = [];
  for (let dir = from; ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  const candidates = (name: WasmFile): string[] =>
    ancestors.flatMap((dir) => [
      join(dir, name),
      join(dir, 'dist', name),
      join(dir, 'node_modules', name === 'tree-sitter.wasm' ? 'web-tree-sitter' : 'tree-sitter-go', name),
    ]);
  const queriesDir = ancestors.map((dir) => join(dir, 'queries', 'go')).find((dir) => existsSync(join(dir, 'transport.scm')));
  return {
    locateWasm(name) {
      const found = candidates(name).find((path) => existsSync(path));
      if (!found) throw new LensError('io', `cannot find ${name}: expected it next to the bundle (dist/) or in node_modules; run \`npm run build\``);
      return found;
    },
    async readQuery(name) {
      if (!queriesDir) throw new LensError('io', `cannot find queries/go/${name}.scm above ${from}: the package is incomplete`);
      return readFileSync(join(queriesDir, `${name}.scm`), 'utf8');
    },
  };
}
