/**
 * assets.ts names the files the Go grammar's loader needs at run time and
 * the interface through which a host says where they are. The loader
 * (treeSitter.ts) and the Node host's locator (nodeAssets.ts) both read it,
 * so neither imports the other's types.
 */

/** WASM_FILES are the two binaries the analyzer needs at run time. */
export const WASM_FILES = ['tree-sitter.wasm', 'tree-sitter-go.wasm'] as const;
export type WasmFile = (typeof WASM_FILES)[number];

/** QUERY_NAMES are the `queries/go/<name>.scm` files, compiled once each. */
export const QUERY_NAMES = ['transport', 'imports', 'declarations', 'locals', 'once'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/**
 * GoAssets tells the loader where its files are. `locateWasm` returns a path
 * or a URL; `readQuery` returns a query's source text.
 */
export interface GoAssets {
  locateWasm(name: WasmFile): string;
  readQuery(name: QueryName): Promise<string>;
}
