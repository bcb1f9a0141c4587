/**
 * scan.ts runs the rule `transport-per-call` over directory trees: the walk
 * of core/go/scan.ts with this rule's prefilter (mayHaveFindings) and
 * analysis (analyzePackageFiles) of each candidate package.
 */
import { scanGoTree, type Rooted, type TreeScanOptions, type TreeScanResult } from '../go/scan';
import { analyzePackageFiles, mayHaveFindings } from './analyze';
import type { AnalyzeOptions, Finding } from './model';

/** ScanOptions are the walk's knobs (excludes, cancellation, progress, the grammar) and the rule's. */
export interface ScanOptions extends TreeScanOptions, AnalyzeOptions {}

/** ScannedFinding is a finding with the scanned directory it was found under (its `file` is relative to that). */
export type ScannedFinding = Rooted<Finding>;

export type ScanResult = TreeScanResult<Finding>;

/**
 * scanTree scans each directory (recursively) for Transports built per call
 * and returns the findings, sorted by root, file and position. A directory
 * that does not exist or is not a directory is an input error (LensError
 * `io`); anything unreadable inside is a problem in the result.
 */
export function scanTree(dirs: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  return scanGoTree(dirs, options, {
    mayHaveFindings,
    analyze: (go, source, paths) => analyzePackageFiles(go, source, paths, options),
  });
}
