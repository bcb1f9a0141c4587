/**
 * The Go machinery's public surface: grammar loading, the parse cache, the
 * package source a directory's files are read through, and the directory
 * scan that runs a package analysis over trees. Nothing here knows a rule:
 * the rule `transport-per-call` is core/transport/ (its barrel is
 * core/transport/index.ts), which imports this folder, never the other way.
 * Everything is plain data; nothing here imports `vscode`.
 */
export type { Position, Range } from './text';
export { loadGo, type GoRuntime } from './treeSitter';
export { WASM_FILES, type GoAssets, type WasmFile } from './assets';
export { nodeAssets } from './nodeAssets';
export {
  scanGoTree,
  directorySource,
  type Located,
  type PackageAnalysisOf,
  type PackageAnalyzer,
  type Rooted,
  type ScanProgress,
  type ScanProblem,
  type ScanProblemReason,
  type TreeScanOptions,
  type TreeScanResult,
} from './scan';
export type { PackageSource, SourceFile } from './packageIndex';
export { ParseCache } from './parseCache';
