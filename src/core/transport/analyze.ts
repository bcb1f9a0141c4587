/**
 * analyze.ts is the entry the scanner and the extension use to run the rule
 * over some files of one directory, and the text prefilter that decides
 * which files are worth parsing at all.
 */
import { NET_HTTP, X_NET_HTTP2, type AnalyzeOptions, type Finding } from './model';
import type { GoRuntime } from '../go/treeSitter';
import { PackageIndex, isTestFile, packageClauseOf, type PackageIndexOptions, type PackageSource } from '../go/packageIndex';
import { RuleContext, analyzeFile } from './rule';

const TRANSPORT = Buffer.from('Transport');
/** IMPORT_PATHS are the quoted import paths (interpreted or raw strings) that can make a file flag anything. */
const IMPORT_PATHS = [NET_HTTP, X_NET_HTTP2].flatMap((path) => [`"${path}"`, `\`${path}\``]);
const IMPORT_PATH_BYTES = IMPORT_PATHS.map((p) => Buffer.from(p));

/**
 * mayHaveFindings is the prefilter on raw bytes, before any decoding: a file
 * can hold a finding only if its text names `Transport` and contains the
 * quoted import path of net/http or golang.org/x/net/http2 (a file
 * that imports neither has nothing to flag). Everything else is
 * never parsed for findings. The `Transport` search runs first: it is the
 * rarer of the two and rules out almost every file in one pass.
 */
export function mayHaveFindings(bytes: Uint8Array): boolean {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.indexOf(TRANSPORT) !== -1 && IMPORT_PATH_BYTES.some((p) => buf.indexOf(p) !== -1);
}

/** mayHaveFindingsText is the same test on text (an editor's document). */
export function mayHaveFindingsText(text: string): boolean {
  return text.includes('Transport') && IMPORT_PATHS.some((p) => text.includes(p));
}

/** indexOptions passes the analysis options a PackageIndex takes. */
export function indexOptions(options: AnalyzeOptions): PackageIndexOptions {
  return {
    includeTests: options.includeTests ?? false,
    ...(options.parseTimeoutMs ? { parseTimeoutMs: options.parseTimeoutMs } : {}),
    ...(options.parseCache ? { parseCache: options.parseCache } : {}),
  };
}

/** PackageAnalysis is the findings of some files of one directory and the files that could not be parsed in time. */
export interface PackageAnalysis {
  readonly findings: Finding[];
  readonly unparsed: string[];
}

/**
 * analyzePackageFiles runs the rule over `paths` (files of `source`; all
 * that pass the prefilter when omitted). Files are grouped by their package
 * clause, so `package foo_test` files are analysed as their own package.
 */
export function analyzePackageFiles(go: GoRuntime, source: PackageSource, paths?: readonly string[], options: AnalyzeOptions = {}): PackageAnalysis {
  const includeTests = options.includeTests ?? false;
  const wanted = paths ?? source.files.map((f) => f.path);
  const byPackage = new Map<string | undefined, string[]>();
  for (const path of wanted) {
    if (isTestFile(path) && !includeTests) continue;
    const text = source.files.find((f) => f.path === path)?.read();
    if (text === undefined || !mayHaveFindingsText(text)) continue;
    const pkg = packageClauseOf(text);
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), path]);
  }
  const findings: Finding[] = [];
  const unparsed: string[] = [];
  for (const [packageName, files] of byPackage) {
    const index = new PackageIndex(go, source, packageName, indexOptions(options));
    try {
      const ctx = new RuleContext(index, options);
      for (const path of files) findings.push(...analyzeFile(ctx, path));
      unparsed.push(...index.unparsed);
    } finally {
      index.dispose();
    }
  }
  return { findings, unparsed: [...new Set(unparsed)] };
}
