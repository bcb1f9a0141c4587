/**
 * scan.ts walks directory trees and runs a package analysis (the caller's:
 * core/transport/scan.ts runs the rule `transport-per-call`) on every Go
 * package in them, fast: a directory's .go files are read as bytes, tested
 * by the analysis's prefilter without decoding, and only a directory with a
 * candidate loads the grammar and parses anything. The other files of that
 * package are kept in memory while it is analysed, decoded and parsed only
 * when the analysis asks about a name they contain.
 *
 * Settled (docs/transport-rule.md, "When it runs"; docs/cli.md):
 * - Skipped directories, as the go tool skips them: `vendor`, `testdata`,
 *   and names starting with `.` or `_`; plus the caller's globs, matched
 *   against paths relative to the scanned directory (`**` spans directories).
 * - Symbolic links are followed; a link back to a directory already being
 *   walked is reported as a loop and skipped. Unreadable files and
 *   directories, non-regular files named *.go and files over MAX_FILE_BYTES
 *   are reported as problems; the scan goes on.
 * - Text is decoded as UTF-8 with U+FFFD for invalid bytes, as VS Code does,
 *   so columns agree with the editor's.
 * - Parallelism: none, measured not to pay on these 2-core machines. On the
 *   standard library (5 500 files) the walk and reads take ~75 ms and the
 *   analysis of the 9 candidate files ~45 ms, while one worker thread takes
 *   60–100 ms just to start and load the grammar. The grammar's WASM instead
 *   compiles in the background while the walk goes on (see maybeYield).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { LensError } from '../errors';
import type { GoAssets } from './assets';
import { loadGo, type GoRuntime } from './treeSitter';
import type { PackageSource, SourceFile } from './packageIndex';
import { ScopeMatcher, toSlash } from './paths';
import type { Range } from './text';

/** MAX_FILE_BYTES bounds one file; bigger .go files are reported and skipped (generated data tables, mostly). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** ScanProgress is reported as the scan goes, for a progress notification. */
export interface ScanProgress {
  /** Walking the tree (reading and prefiltering) or analysing a candidate package. */
  readonly phase: 'walking' | 'analyzing';
  readonly filesSeen: number;
  readonly directoriesSeen: number;
  readonly candidates: number;
  readonly findings: number;
  /** The directory being analysed, relative to its root. */
  readonly directory: string;
}

/** TreeScanOptions are the walk's knobs; an analysis adds its own (core/transport/scan.ts's ScanOptions). */
export interface TreeScanOptions {
  /** Analyze `_test.go` files too (off by default): without it they are read only when the analysis asks for them. */
  readonly includeTests?: boolean;
  /** Globs of paths to leave out, relative to each scanned directory (`**\/gen/**`, `*.pb.go`). */
  readonly exclude?: readonly string[];
  /** Cancels the scan: the scan rejects with a LensError `aborted`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Where the WASM and queries are (default: next to the bundle), or a loaded runtime. */
  readonly go?: GoRuntime | GoAssets;
}

/**
 * ScanProblem is a file or directory the scan could not look at, and why:
 * what the scan did not check, listed in every output format (text, JSON
 * `problems`, SARIF `toolExecutionNotifications`).
 */
export interface ScanProblem {
  /** The absolute path. */
  readonly path: string;
  /** Why, as a stable word for tools. */
  readonly reason: ScanProblemReason;
  readonly message: string;
}

/** ScanProblemReason: unreadable (permission, I/O), too large (MAX_FILE_BYTES), a parse over the time limit, a non-regular *.go, a directory link loop. */
export type ScanProblemReason = 'unreadable' | 'too-large' | 'time-limit' | 'not-a-file' | 'link-loop';

/** Located is what a scan needs of a finding: its file (relative to the scanned directory) and range, to sort by. */
export interface Located {
  readonly file: string;
  readonly range: Range;
}

/** Rooted is a finding with the scanned directory it was found under (its `file` is relative to that). */
export type Rooted<F> = F & { readonly root: string };

/** PackageAnalysisOf is what an analysis found in some files of one directory, and the files it could not parse in time. */
export interface PackageAnalysisOf<F> {
  readonly findings: readonly F[];
  readonly unparsed: readonly string[];
}

/** PackageAnalyzer is what a scan runs: a prefilter on a file's raw bytes, and the analysis of a directory's candidate files. */
export interface PackageAnalyzer<F extends Located> {
  /** Whether a file's bytes may hold a finding; files that may not are never parsed. */
  mayHaveFindings(bytes: Uint8Array): boolean;
  /** Analyses `paths` (the candidates, relative to the scanned directory) of one directory's `source`. */
  analyze(go: GoRuntime, source: PackageSource, paths: readonly string[]): PackageAnalysisOf<F>;
}

export interface TreeScanResult<F> {
  readonly findings: Rooted<F>[];
  readonly problems: ScanProblem[];
  readonly filesSeen: number;
  readonly candidates: number;
}

/**
 * scanGoTree scans each directory (recursively) with `analyzer` and returns
 * the findings, sorted by root, file and position. A directory that does not
 * exist or is not a directory is an input error (LensError `io`); anything
 * unreadable inside is a problem in the result.
 */
export async function scanGoTree<F extends Located>(
  dirs: readonly string[],
  options: TreeScanOptions,
  analyzer: PackageAnalyzer<F>,
): Promise<TreeScanResult<F>> {
  const state: WalkState<F> = {
    options,
    analyzer,
    scope: new ScopeMatcher(options.exclude ?? []),
    findings: [],
    problems: [],
    filesSeen: 0,
    directoriesSeen: 0,
    candidates: 0,
    go: isRuntime(options.go) ? options.go : undefined,
    loading: undefined,
    pending: [],
    lastYield: performance.now(),
    lastProgress: performance.now(),
  };
  for (const dir of dirs) {
    let stat;
    try {
      stat = statSync(dir);
    } catch (err) {
      throw new LensError('io', `cannot scan ${dir}: ${describeFsError(err)}; expected a directory of Go files`);
    }
    if (!stat.isDirectory()) throw new LensError('io', `cannot scan ${dir}: it is not a directory; expected a directory of Go files`);
    await walk(state, dir, dir, new Set());
  }
  for (const pkg of state.pending.splice(0)) await analyzePending(state, pkg);
  state.findings.sort((a, b) => cmp(a.root, b.root) || cmp(a.file, b.file) || a.range.startOffset - b.range.startOffset);
  return { findings: state.findings, problems: state.problems, filesSeen: state.filesSeen, candidates: state.candidates };
}

interface WalkState<F extends Located = Located> {
  readonly options: TreeScanOptions;
  readonly analyzer: PackageAnalyzer<F>;
  readonly scope: ScopeMatcher;
  readonly findings: Rooted<F>[];
  readonly problems: ScanProblem[];
  filesSeen: number;
  directoriesSeen: number;
  candidates: number;
  go: GoRuntime | undefined;
  /** The grammar loading in the background since the first candidate (the walk goes on meanwhile). */
  loading: Promise<GoRuntime> | undefined;
  /** Packages with a candidate, analysed once the walk is done and the grammar is loaded. */
  readonly pending: PendingPackage[];
  lastYield: number;
  lastProgress: number;
}

interface PendingPackage {
  readonly root: string;
  readonly dir: string;
  readonly goFiles: { name: string; path: string }[];
  readonly bytes: Map<string, Buffer | null>;
  readonly candidates: string[];
}

function isRuntime(go: TreeScanOptions['go']): go is GoRuntime {
  return !!go && 'parse' in go;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * walk scans one directory as a package, then its subdirectories. `active`
 * holds the real paths being walked (the loop guard); `real` is dir's real
 * path when the caller knows it (a plain subdirectory: parent's real path +
 * name, no system call), else it is resolved.
 */
async function walk<F extends Located>(state: WalkState<F>, root: string, dir: string, active: Set<string>, knownReal?: string): Promise<void> {
  if (state.options.signal?.aborted) throw new LensError('aborted', 'scan cancelled');
  let real: string;
  let entries: Dirent[];
  try {
    real = knownReal ?? realpathSync(dir);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    state.problems.push({ path: dir, reason: 'unreadable', message: `cannot read directory: ${describeFsError(err)}` });
    return;
  }
  if (active.has(real)) {
    state.problems.push({
      path: dir,
      reason: 'link-loop',
      message: `symbolic link loop: ${dir} leads back to ${real}, which is already being scanned; skipped`,
    });
    return;
  }
  active.add(real);
  state.directoriesSeen++;
  const rel = (path: string) => toSlash(relative(root, path));
  const goFiles: { name: string; path: string }[] = [];
  const subdirs: { path: string; real?: string }[] = [];
  for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (err) {
        if (entry.name.endsWith('.go')) state.problems.push({ path, reason: 'unreadable', message: `cannot read: ${describeFsError(err)}` });
        continue;
      }
    }
    if (isDir) {
      if (state.scope.excludesDirectory(rel(path))) continue;
      subdirs.push(entry.isSymbolicLink() ? { path } : { path, real: join(real, entry.name) });
    } else if (entry.name.endsWith('.go')) {
      if (state.scope.excludesFile(rel(path))) continue;
      if (!isFile) {
        state.problems.push({ path, reason: 'not-a-file', message: 'not a regular file; skipped' });
        continue;
      }
      goFiles.push({ name: entry.name, path });
    }
  }
  scanPackage(state, root, dir, goFiles);
  if (performance.now() - state.lastProgress > 100) report(state, 'walking', toSlash(relative(root, dir)) || '.');
  await maybeYield(state);
  for (const sub of subdirs) await walk(state, root, sub.path, active, sub.real);
  active.delete(real);
}

/** scanPackage reads one directory's .go files, prefilters them, and queues the package if any is a candidate. */
function scanPackage<F extends Located>(state: WalkState<F>, root: string, dir: string, goFiles: { name: string; path: string }[]): void {
  if (goFiles.length === 0) return;
  const includeTests = state.options.includeTests ?? false;
  const bytes = new Map<string, Buffer | null>();
  const candidates: string[] = [];
  for (const { name, path } of goFiles) {
    state.filesSeen++;
    const isTest = name.endsWith('_test.go');
    if (isTest && !includeTests) continue; // read later only if the hoist or call sites need it
    const data = readIntoScratch(state, path);
    // Only candidates are copied out of the scratch buffer; the package's
    // other files are read again if the analysis asks for them.
    if (data && state.analyzer.mayHaveFindings(data)) {
      bytes.set(path, Buffer.from(data));
      candidates.push(path);
    }
  }
  if (candidates.length === 0) return;
  state.candidates += candidates.length;
  state.pending.push({ root, dir, goFiles, bytes, candidates });
  if (!state.go && !state.loading) {
    // Start compiling the WASM now; the walk goes on while it does (see maybeYield).
    state.loading = loadGo(isRuntime(state.options.go) ? undefined : state.options.go);
    state.loading.catch(() => undefined);
  }
}

/**
 * maybeYield gives the event loop a turn every few milliseconds of walking:
 * the grammar's asynchronous load progresses, a cancellation lands, and the
 * extension host stays responsive.
 */
async function maybeYield(state: WalkState): Promise<void> {
  if (performance.now() - state.lastYield < 8) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  state.lastYield = performance.now();
  if (state.options.signal?.aborted) throw new LensError('aborted', 'scan cancelled');
}

/** analyzePending runs the analysis over one candidate package. */
async function analyzePending<F extends Located>(state: WalkState<F>, pkg: PendingPackage): Promise<void> {
  const { root, dir, goFiles, bytes, candidates } = pkg;
  report(state, 'analyzing', toSlash(relative(root, dir)) || '.');
  await maybeYield(state);
  state.go ??= await (state.loading ?? loadGo(isRuntime(state.options.go) ? undefined : state.options.go));
  const source = packageSource(state, root, goFiles, bytes);
  const relPaths = candidates.map((p) => toSlash(relative(root, p)));
  const result = state.analyzer.analyze(state.go, source, relPaths);
  for (const f of result.findings) state.findings.push({ ...f, root });
  for (const path of result.unparsed)
    state.problems.push({ path: join(root, path), reason: 'time-limit', message: `not analysed: parsing took longer than the time limit` });
}

/** report tells the caller how far the scan is. */
function report(state: WalkState, phase: ScanProgress['phase'], directory: string): void {
  state.lastProgress = performance.now();
  state.options.onProgress?.({
    phase,
    filesSeen: state.filesSeen,
    directoriesSeen: state.directoriesSeen,
    candidates: state.candidates,
    findings: state.findings.length,
    directory,
  });
}

/** packageSource exposes a directory's files to the analyzer by relative path, decoding each at most once. */
function packageSource(state: WalkState, root: string, goFiles: { path: string }[], bytes: Map<string, Buffer | null>): PackageSource {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const files = goFiles.map(({ path }) =>
    lazyFile(toSlash(relative(root, path)), () => {
      const data = bytes.has(path) ? bytes.get(path)! : readFileBounded(state, path);
      return data ? decoder.decode(data) : null;
    }),
  );
  return { files };
}

let scratch = Buffer.allocUnsafe(1 << 20);

/**
 * readIntoScratch reads a file into one reused buffer (no allocation, no
 * garbage for the thousands of files the prefilter rejects) and returns a
 * view of it that is valid until the next call.
 */
function readIntoScratch(state: WalkState, path: string): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    let length = readSync(fd, scratch, 0, scratch.length, 0);
    if (length === scratch.length) {
      const size = fstatSync(fd).size;
      if (size > MAX_FILE_BYTES) {
        state.problems.push(tooLarge(path, size));
        return null;
      }
      const bigger = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2));
      scratch.copy(bigger, 0, 0, length);
      scratch = bigger;
      for (let n = 1; n > 0 && length < scratch.length; length += n) n = readSync(fd, scratch, length, scratch.length - length, length);
    }
    return scratch.subarray(0, length);
  } catch (err) {
    state.problems.push({ path, reason: 'unreadable', message: `cannot read: ${describeFsError(err)}` });
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** readFileBounded reads a file whole, or records why it could not (unreadable, too big). */
function readFileBounded(state: WalkState, path: string): Buffer | null {
  try {
    const data = readFileSync(path);
    if (data.length > MAX_FILE_BYTES) {
      state.problems.push(tooLarge(path, data.length));
      return null;
    }
    return data;
  } catch (err) {
    state.problems.push({ path, reason: 'unreadable', message: `cannot read: ${describeFsError(err)}` });
    return null;
  }
}

/** tooLarge is the problem of a file over MAX_FILE_BYTES. */
function tooLarge(path: string, size: number): ScanProblem {
  return { path, reason: 'too-large', message: `too large to analyse (${(size / 1048576).toFixed(1)} MB, limit ${MAX_FILE_BYTES / 1048576} MB); skipped` };
}

/** describeFsError turns a Node fs error into words (`permission denied (EACCES)`). */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or directory',
    ELOOP: 'too many levels of symbolic links',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    EIO: 'input/output error',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
  };
  if (e && typeof e.code === 'string') return `${words[e.code] ?? e.message} (${e.code})`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * directorySource lists the .go files of one directory as a PackageSource
 * whose paths are relative to root (what `--fix` and SARIF fixes need for a
 * package that a scan found something in).
 */
export function directorySource(root: string, dir: string): PackageSource {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const files: SourceFile[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return { files };
  }
  for (const entry of entries.sort((a, b) => cmp(a.name, b.name))) {
    if (!entry.name.endsWith('.go')) continue;
    const path = join(dir, entry.name);
    files.push(
      lazyFile(toSlash(relative(root, path)), () => {
        try {
          const st = statSync(path);
          return st.isFile() && st.size <= MAX_FILE_BYTES ? decoder.decode(readFileSync(path)) : null;
        } catch {
          return null;
        }
      }),
    );
  }
  return { files };
}

/** lazyFile is a SourceFile that loads its text on the first read and keeps it (null: unreadable, read as undefined). */
function lazyFile(path: string, load: () => string | null): SourceFile {
  let text: string | null | undefined;
  return {
    path,
    read() {
      if (text === undefined) text = load();
      return text ?? undefined;
    },
  };
}
