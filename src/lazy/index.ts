/**
 * The extension's parts that load on first use. Activation loads only
 * dist/extension.js, which registers the commands and the Goroutines view and
 * loads the rest when it is used (src/extension.ts): the dump viewer with the
 * dump document support and the pictures, the Transport analyzer's client,
 * and from them the dump parser and the fetcher (with undici, most of the
 * code by size). Each is a bundle next to it, built by esbuild.mjs from the
 * entries in this folder and required the first time something needs it.
 * Each bundle carries its own copy of the code it uses; what crosses between
 * bundles is plain data, VS Code's objects, the command table
 * (src/commands.ts) and LensError, which is recognised across copies
 * (src/core/errors.ts).
 *
 * Outside a bundle (tsc's out/, the unit tests) there is no dist/ next to
 * this file, and nothing there loads these parts through here.
 */
import { join } from 'node:path';
import type * as DumpParserModule from './dumpParser';
import type * as FetchModule from './fetch';

/** LAZY_BUNDLES names each lazily loaded bundle in dist/; esbuild.mjs builds `src/lazy/<name>.ts` into `dist/<name>.js`. */
export const LAZY_BUNDLES = ['viewer', 'analyzer', 'dumpParser', 'fetch'] as const;

/** loadedBundles lists the bundles this copy of the module loaded, in order (the entry reports those loaded during activation). */
export const loadedBundles: string[] = [];

/**
 * lazyBundle returns a function that loads dist/<name>.js the first time it
 * is called and returns its exports, typed as the entry's module.
 */
export function lazyBundle<T>(name: (typeof LAZY_BUNDLES)[number]): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle loaded at run time by path, on purpose
      loaded = require(join(__dirname, `${name}.js`)) as T;
      loadedBundles.push(name);
    }
    return loaded;
  };
}

/** loadDumpParser loads the dump parser (text, gzip, protobuf): parseDumpText, parseDumpFile. */
export const loadDumpParser = lazyBundle<typeof DumpParserModule>('dumpParser');

/** loadFetch loads the HTTP fetch of dumps (undici) with the streaming parser it feeds. */
export const loadFetch = lazyBundle<typeof FetchModule>('fetch');
