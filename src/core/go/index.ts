/**
 * The Go analyzer's public surface: what the CLI and the VS Code adapters
 * use. The Go machinery (grammar loading, parsing, the package index, the
 * directory scan, the findings' data and output formats) lives in this
 * folder; the rule `transport-per-call` itself (its judgement, hoist and
 * --fix) in core/transport/, whose entry points are re-exported here.
 * Everything is plain data (findings, ranges with UTF-16 offsets, text
 * edits); nothing here imports `vscode`.
 */
export {
  DEFAULT_SEVERITIES,
  RULE_HELP_URI,
  SEVERITY_RANK,
  TRANSPORT_RULE,
  type AnalyzeOptions,
  type Finding,
  type FindingCase,
  type Position,
  type Range,
  type RelatedLocation,
  type Severity,
  type SeverityByCase,
  type SeveritySetting,
  type TextEdit,
  type TransportForm,
} from './model';
export { loadGo, disposeGo, type GoRuntime } from './treeSitter';
export { WASM_FILES, type GoAssets, type WasmFile } from './assets';
export { nodeAssets } from './nodeAssets';
export { analyzePackageFiles, mayHaveFindings, mayHaveFindingsText, type PackageAnalysis } from '../transport/analyze';
export { hoistTransport, fixAllInFile, applyEdits, type HoistResult } from '../transport/hoist';
export { fixFiles, type FixTarget, type FixOutcome, type FixFilesOptions } from '../transport/fix';
export {
  scanTree,
  directorySource,
  type ScanOptions,
  type ScanProgress,
  type ScanProblem,
  type ScanProblemReason,
  type ScanResult,
  type ScannedFinding,
} from './scan';
export type { PackageSource, SourceFile } from './packageIndex';
export { ParseCache } from './parseCache';
export { toJson, toText, type JsonScan, type JsonFinding } from './report';
export { toSarif, RULE_DESCRIPTOR } from './sarif';
