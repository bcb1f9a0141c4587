/**
 * The rule `transport-per-call`'s public surface: what the CLI and the VS
 * Code adapters use. The findings' data, the scan of directory trees with
 * the rule, the analysis of some files of one directory, the hoist and
 * --fix, and the scan's text, JSON and SARIF reports. The Go machinery they
 * run on (grammar, parse cache, package source, the directory walk) is
 * core/go/index.ts. Plain data only; nothing here imports `vscode`.
 */
export {
  RULE_HELP_URI,
  SEVERITY_RANK,
  TRANSPORT_RULE,
  type AnalyzeOptions,
  type Finding,
  type FindingCase,
  type RelatedLocation,
  type Severity,
  type SeverityByCase,
  type SeveritySetting,
  type TextEdit,
  type TransportForm,
} from './model';
export { DEFAULT_SEVERITIES } from './findingCases';
export { analyzePackageFiles, mayHaveFindings, mayHaveFindingsText, type PackageAnalysis } from './analyze';
export { hoistTransport, fixAllInFile, applyEdits, type HoistResult } from './hoist';
export { fixFiles, type FixTarget, type FixOutcome, type FixFilesOptions } from './fix';
export { scanTree, type ScanOptions, type ScanResult, type ScannedFinding } from './scan';
export { toJson, toText, displayPath, type JsonScan, type JsonFinding } from './report';
export { toSarif, RULE_DESCRIPTOR } from './sarif';
