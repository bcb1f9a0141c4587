/**
 * report.ts turns scan results into what the CLI prints: the JSON
 * shape docs/cli.md describes (1-based lines, UTF-16 columns, `file` relative to the scanned
 * directory with `/`) and the text lines `path:line:col: severity: message
 * [transport-per-call]`.
 */
import type { Finding, Range, Severity } from './model';
import type { ScanProblem } from '../go/scan';
import type { ScannedFinding } from './scan';

/** JsonFinding is one element of the JSON output's `findings` (docs/cli.md). */
export interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  fixAvailable: boolean;
  /** Added: the directory `file` is relative to, as given on the command line. */
  root: string;
  /** Added: why the severity (see FindingCase). */
  case: Finding['case'];
  noFixReason?: string;
  related: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

/** JsonScan is `goroutine-lens scan --format json`. */
export interface JsonScan {
  findings: JsonFinding[];
  /** Added: files and directories that could not be looked at. */
  problems: ScanProblem[];
}

/** oneBased turns a 0-based range into the output's 1-based line/column fields. */
export function oneBased(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

export function toJson(findings: readonly ScannedFinding[], problems: readonly ScanProblem[]): JsonScan {
  return {
    findings: findings.map((f) => ({
      rule: f.rule,
      file: f.file,
      ...oneBased(f.range),
      severity: f.severity,
      message: f.message,
      fixAvailable: f.fixAvailable,
      root: f.root,
      case: f.case,
      ...(f.noFixReason === undefined ? {} : { noFixReason: f.noFixReason }),
      related: f.related.map((r) => ({ file: r.file, ...oneBased(r.range), message: r.message })),
    })),
    problems: [...problems],
  };
}

/** displayPath joins a finding's root and file the way a terminal user can open it from the current directory. */
export function displayPath(root: string, file: string): string {
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  return r === '' || r === '.' ? file : `${r}/${file}`;
}

/** ShownProblem is a ScanProblem with its path as the user gave it (`displayPath` of its root and its file). */
export interface ShownProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * toText is the text format: one line per finding, related locations
 * indented under it, the files the scan could not check, then a summary.
 */
export function toText(findings: readonly ScannedFinding[], filesSeen: number, problems: readonly ShownProblem[] = []): string {
  const out: string[] = [];
  for (const f of findings) {
    const { line, column } = oneBased(f.range);
    out.push(`${displayPath(f.root, f.file)}:${line}:${column}: ${f.severity}: ${f.message} [${f.rule}]`);
    for (const r of f.related) {
      const p = oneBased(r.range);
      out.push(`\t${displayPath(f.root, r.file)}:${p.line}:${p.column}: ${r.message}`);
    }
  }
  for (const p of problems) out.push(`${p.path}: not checked: ${p.message}`);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const fixable = findings.filter((f) => f.fixAvailable).length;
  const summary =
    findings.length === 0
      ? `no Transport built per call (${filesSeen} Go files scanned)`
      : `${findings.length} finding${findings.length === 1 ? '' : 's'} (${count('warning')} warning, ${count('information')} information, ${count('hint')} hint; ${fixable} fixable with --fix) in ${filesSeen} Go files`;
  out.push(problems.length === 0 ? summary : `${summary}; ${problems.length} not checked (listed above)`);
  return `${out.join('\n')}\n`;
}
