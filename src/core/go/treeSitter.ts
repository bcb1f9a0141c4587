/**
 * treeSitter.ts loads web-tree-sitter and the Go grammar once, lazily.
 *
 * Versions: web-tree-sitter 0.25.10 reads languages of ABI 13 through 15;
 * tree-sitter-go 0.25.0's `tree-sitter-go.wasm` is ABI 15 (its parser.c says
 * `LANGUAGE_VERSION 15`). package.json pins both exactly, and a unit test
 * checks the loaded language's ABI against the binding's range, so a bump of
 * either that breaks the pair fails the tests instead of the users.
 *
 * Both `.wasm` files are located by the caller (`GoAssets`): a file path in
 * the CLI and the Node extension host, a URL in a web extension host. The
 * default (`nodeAssets`) looks next to the running bundle (dist/, where
 * esbuild.mjs copies them) and falls back to node_modules, so the compiled
 * tests in out/ find them too.
 *
 * The web binding parses UTF-16: every node's startIndex/endIndex and column
 * is in UTF-16 code units, i.e. JavaScript string offsets, which are also the
 * columns the CLI reports (docs/cli.md) and VS Code wants. Nothing converts bytes to characters.
 */
// `import … = require` makes esbuild pick the package's CommonJS build
// (tree-sitter.cjs): its ESM build reads `import.meta.url`, which a CJS
// bundle does not have.
import TreeSitter = require('web-tree-sitter');
import { LensError } from '../errors';
import { QUERY_NAMES, type GoAssets, type QueryName, type WasmFile } from './assets';

const { Language, Parser, Query } = TreeSitter;
type Language = TreeSitter.Language;
type Query = TreeSitter.Query;
type Tree = TreeSitter.Tree;

/** GoRuntime is the loaded grammar with one parser and the compiled queries, shared by all analyses. */
export interface GoRuntime {
  readonly language: Language;
  readonly queries: Readonly<Record<QueryName, Query>>;
  /**
   * parse parses one file's text, or returns null when it takes longer than
   * timeoutMs (the caller reports the file as skipped). The caller deletes the tree.
   */
  parse(text: string, timeoutMs?: number, oldTree?: Tree): Tree | null;
}

/** DEFAULT_PARSE_TIMEOUT_MS bounds one file's parse; real files take a few milliseconds. */
export const DEFAULT_PARSE_TIMEOUT_MS = 5_000;

let loading: Promise<GoRuntime> | undefined;

/**
 * loadGo initialises web-tree-sitter, loads the Go grammar and compiles the
 * queries, once per process: later calls get the same runtime (and ignore
 * their `assets`). A failed load is not cached, so a later call can retry.
 */
export function loadGo(assets?: GoAssets): Promise<GoRuntime> {
  if (!loading) {
    // The Node default is required only when no assets are given, so a web
    // host that passes its own GoAssets never loads node:fs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const resolved = assets ?? (require('./nodeAssets') as typeof import('./nodeAssets')).nodeAssets();
    loading = createRuntime(resolved).catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
  }
  return loading;
}

async function createRuntime(assets: GoAssets): Promise<GoRuntime> {
  await Parser.init({ locateFile: (name: string) => assets.locateWasm(name as WasmFile) });
  const wasm = assets.locateWasm('tree-sitter-go.wasm');
  // A path in Node (read with fs by the binding), a URL on the web (fetched).
  const language = await Language.load(wasm);
  const sources = await Promise.all(QUERY_NAMES.map((name) => assets.readQuery(name)));
  const parser = new Parser();
  parser.setLanguage(language);
  // Each query is compiled on first use (compiling all of them costs ~25 ms
  // that a scan finding nothing never needs), then kept for the process.
  const compiled = new Map<QueryName, Query>();
  const queries = {} as Record<QueryName, Query>;
  QUERY_NAMES.forEach((name, i) => {
    Object.defineProperty(queries, name, {
      enumerable: true,
      get(): Query {
        let query = compiled.get(name);
        if (!query) {
          try {
            query = new Query(language, sources[i]!);
          } catch (err) {
            throw new LensError('io', `queries/go/${name}.scm does not compile: ${err instanceof Error ? err.message : String(err)}`);
          }
          compiled.set(name, query);
        }
        return query;
      },
    });
  });
  return {
    language,
    queries,
    parse(text, timeoutMs = DEFAULT_PARSE_TIMEOUT_MS, oldTree) {
      const deadline = performance.now() + timeoutMs;
      // The binding returns the callback's value to the C parser: true cancels (the .d.ts types it void).
      const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
      const tree = parser.parse(text, oldTree ?? null, { progressCallback });
      // A cancelled parse would otherwise resume on the next call, with the next file's text.
      if (!tree) parser.reset();
      return tree;
    },
    dispose() {
      for (const query of compiled.values()) query.delete();
      compiled.clear();
      parser.delete();
    },
  } as GoRuntime & { dispose(): void };
}
