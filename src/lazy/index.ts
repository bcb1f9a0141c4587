/**
 * The extension's parts that load on first use. Activation loads only
 * dist/extension.js (the commands, views and providers); the dump parser and
 * the fetcher (with undici, most of the code by size) are separate bundles
 * next to it, built by esbuild.mjs from the entries in this folder and
 * required the first time a command needs them. Each bundle carries its own
 * copy of the core code it uses; what crosses between bundles is plain data
 * and LensError, which is recognised across copies (src/core/errors.ts).
 *
 * Outside a bundle (tsc's out/, the unit tests) there is no dist/ next to
 * this file, and nothing there loads these parts through here.
 */
import { join } from 'node:path';
import type * as DumpParserModule from './dumpParser';
import type * as FetchModule from './fetch';

/** LAZY_BUNDLES names each lazily loaded bundle in dist/; esbuild.mjs builds `src/lazy/<name>.ts` into `dist/<name>.js`. */
export const LAZY_BUNDLES = ['dumpParser', 'fetch'] as const;

/**
 * lazyBundle returns a function that loads dist/<name>.js the first time it
 * is called and returns its exports, typed as the entry's module.
 */
function lazyBundle<T>(name: (typeof LAZY_BUNDLES)[number]): () => T {
  let loaded: T | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle loaded at run time by path, on purpose
    loaded ??= require(join(__dirname, `${name}.js`)) as T;
    return loaded;
  };
}

/** loadDumpParser loads the dump parser (text, gzip, protobuf): parseDumpText, parseDumpFile. */
export const loadDumpParser = lazyBundle<typeof DumpParserModule>('dumpParser');

/** loadFetch loads the HTTP fetch of dumps (undici) with the streaming parser it feeds. */
export const loadFetch = lazyBundle<typeof FetchModule>('fetch');
