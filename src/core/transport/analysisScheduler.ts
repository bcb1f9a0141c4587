/**
 * analysisScheduler.ts decides when the Transport analyzer analyses what,
 * and which result wins; the editor's side (src/transport/analysis.ts) only
 * wires VS Code's events to it and publishes what it reports. No `vscode`
 * here: the host (the worker's requests, the open documents, the settings,
 * publishing) is passed in, so the unit tests drive it with a fake one.
 *
 * The unit of re-analysis is the package directory: a change in one file
 * can change the findings of another file of the same package. What decides
 * which result wins:
 * - Each directory has a generation; a new change bumps it and aborts the
 *   request in flight, whose late result is then dropped (debounced while
 *   typing, cancelled when superseded).
 * - A scan's result does not overwrite a directory that was re-analysed
 *   while the scan ran, nor one with an unsaved document (the scan read the
 *   disk, the editor has newer text): those are re-analysed with the editor's
 *   text instead.
 * - A finding is only ever offered a fix against the document version it was
 *   computed from (`freshFindings`).
 */
import { dirname } from 'node:path';
import { isLensError } from '../errors';
import type { Finding } from './model';
import type { ScanProblem, ScanProgress } from '../go/scan';
import { isUnder } from '../go/paths';

/** PUBLISH_BATCH bounds how many files' findings are published in one go, so a huge result never blocks the editor. */
export const PUBLISH_BATCH = 200;

/** ScanSummary is what a scan of some folders found and how long it took. */
export interface ScanSummary {
  readonly folders: readonly string[];
  readonly filesSeen: number;
  readonly candidates: number;
  readonly findings: number;
  readonly problems: readonly ScanProblem[];
  /** From the request to the last finding published, in milliseconds. */
  readonly elapsedMs: number;
  /** Time the worker spent scanning, in milliseconds. */
  readonly workerMs: number;
  readonly cancelled: boolean;
}

/** ScanResult is what the worker answers for one scanned folder (the protocol names it ScanReply): findings with absolute paths, what could not be read. */
export interface ScanResult {
  readonly root: string;
  readonly findings: readonly Finding[];
  readonly problems: readonly ScanProblem[];
  readonly filesSeen: number;
  readonly candidates: number;
  readonly elapsedMs: number;
}

/** DirectoryResult is what the worker answers for one re-analysed directory (the protocol names it DirectoryReply): its findings and every .go file it looked at, whose old findings it replaces. */
export interface DirectoryResult {
  readonly dir: string;
  /** The directory's Go files that were analysed. */
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  /** Files left out because parsing took longer than the time limit. */
  readonly unparsed: readonly string[];
}

/** OpenDocument is an open Go document on disk, as the editor has it. */
export interface OpenDocument {
  readonly path: string;
  readonly version: number;
  readonly isDirty: boolean;
  /** The editor's text (asked only for the documents of a directory being re-analysed). */
  text(): string;
}

/** Overlay is an open document's text, sent instead of the file's. */
export interface Overlay {
  readonly path: string;
  readonly text: string;
}

/** FindingsChange is a file's findings as now published; none clears the file. */
export type FindingsChange = readonly [path: string, findings: readonly Finding[]];

/** ScanProgressRunner runs a scan's task under some progress UI, which may cancel it through `abort`. */
export type ScanProgressRunner = (
  abort: AbortController,
  task: (report: (progress: ScanProgress | undefined) => void) => Promise<ScanSummary>,
) => Promise<ScanSummary>;

/** AnalysisHost is what the scheduler needs from the editor and the worker. */
export interface AnalysisHost {
  /** enabled reads whether the analyzer is on. */
  enabled(): boolean;
  /** workspaceRoots are the workspace folders on disk (the scheduler adds the folders scanned on request). */
  workspaceRoots(): readonly string[];
  /** openDocuments are the open Go documents on disk. */
  openDocuments(): readonly OpenDocument[];
  /** scanFolder asks the worker to scan a folder; `signal` cancels (rejecting with a LensError `aborted`). */
  scanFolder(root: string, signal: AbortSignal, onProgress: (progress: ScanProgress) => void): Promise<ScanResult>;
  /** analyzeDirectory asks the worker to re-analyse a directory of the folder `root`, with the open documents' texts. */
  analyzeDirectory(dir: string, root: string, overlays: readonly Overlay[], signal: AbortSignal): Promise<DirectoryResult>;
  /** publish receives the files whose findings changed. */
  publish(changes: readonly FindingsChange[]): void;
  /** scanningChanged tells when a scan starts and ends. */
  scanningChanged(scanning: boolean): void;
  readonly log: {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
  };
}

interface DirectoryState {
  timer: NodeJS.Timeout | undefined;
  generation: number;
  abort: AbortController | undefined;
  running: Promise<void> | undefined;
}

interface ScanRun {
  readonly abort: AbortController;
  /** Directories re-analysed while the scan ran: the scan's (older) result does not overwrite them. */
  readonly touched: Set<string>;
  readonly promise: Promise<ScanSummary>;
}

/** groupByFile groups findings by their file, in order. */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  return byFile;
}

export class AnalysisScheduler {
  private readonly files = new Map<string, readonly Finding[]>();
  /** The document version each open document's findings were computed from. */
  private readonly analysedVersions = new Map<string, number>();
  private readonly directories = new Map<string, DirectoryState>();
  /** Folders scanned on request that are not workspace folders. */
  private readonly extraRoots = new Set<string>();
  private scanRun: ScanRun | undefined;
  private lastScanSummary: ScanSummary | undefined;

  constructor(private readonly host: AnalysisHost) {}

  get lastScan(): ScanSummary | undefined {
    return this.lastScanSummary;
  }

  get scanning(): boolean {
    return this.scanRun !== undefined;
  }

  /** roots are the folders whose files are analysed: the workspace folders on disk and folders scanned on request. */
  roots(): string[] {
    return [...this.host.workspaceRoots(), ...this.extraRoots];
  }

  /** rootOf is the innermost root that holds path. */
  rootOf(path: string): string | undefined {
    return this.roots()
      .filter((root) => isUnder(path, root))
      .sort((a, b) => b.length - a.length)[0];
  }

  // ---- scans ------------------------------------------------------------

  /**
   * scan scans folders (paths on disk) and publishes their findings, with
   * its progress shown by `progress`; a scan already running is cancelled
   * first. A folder outside the workspace is kept as a root (until
   * `forget`). Resolves with the summary, `cancelled` when it was cancelled.
   */
  scan(folders: readonly string[], progress: ScanProgressRunner): Promise<ScanSummary> {
    this.cancelScan();
    const workspace = this.host.workspaceRoots();
    for (const folder of folders) if (!workspace.some((root) => isUnder(folder, root))) this.extraRoots.add(folder);
    const abort = new AbortController();
    const touched = new Set<string>();
    const promise = progress(abort, (report) => this.runScan(folders, abort.signal, touched, report)).finally(() => {
      if (this.scanRun?.abort !== abort) return;
      this.scanRun = undefined;
      this.host.scanningChanged(false);
    });
    this.scanRun = { abort, touched, promise };
    this.host.scanningChanged(true);
    return promise;
  }

  /** cancelScan stops the running scan, if any (its summary says `cancelled`). */
  cancelScan(): void {
    this.scanRun?.abort.abort();
  }

  private async runScan(
    folders: readonly string[],
    signal: AbortSignal,
    touched: ReadonlySet<string>,
    report: (progress: ScanProgress | undefined) => void,
  ): Promise<ScanSummary> {
    const start = performance.now();
    let filesSeen = 0;
    let candidates = 0;
    let findings = 0;
    let workerMs = 0;
    let cancelled = false;
    const problems: ScanProblem[] = [];
    for (const folder of folders) {
      let result: ScanResult;
      try {
        result = await this.host.scanFolder(folder, signal, (p) => report({ ...p, filesSeen: filesSeen + p.filesSeen, findings: findings + p.findings }));
      } catch (err) {
        if (isLensError(err) && err.code === 'aborted') {
          cancelled = true;
          break;
        }
        throw err;
      }
      if (signal.aborted) {
        // Cancelled (or the analyzer turned off) after the worker answered: nothing is published.
        cancelled = true;
        break;
      }
      filesSeen += result.filesSeen;
      candidates += result.candidates;
      findings += result.findings.length;
      workerMs += result.elapsedMs;
      problems.push(...result.problems);
      await this.publishScan(result, touched);
    }
    for (const p of problems) this.host.log.warn(`${p.path}: ${p.message}`);
    const summary: ScanSummary = {
      folders: [...folders],
      filesSeen,
      candidates,
      findings,
      problems,
      elapsedMs: performance.now() - start,
      workerMs,
      cancelled,
    };
    this.host.log.info(
      `scan of ${summary.folders.join(', ')}: ${filesSeen} Go files, ${candidates} candidates, ${findings} findings in ${Math.round(summary.elapsedMs)} ms (worker ${Math.round(workerMs)} ms)${cancelled ? ', cancelled' : ''}`,
    );
    this.lastScanSummary = summary;
    return summary;
  }

  /**
   * publishScan replaces the findings of every file under the scanned root,
   * except in directories re-analysed meanwhile or holding unsaved documents
   * (those are re-analysed with the editor's text).
   */
  private async publishScan(result: ScanResult, touched: ReadonlySet<string>): Promise<void> {
    const dirty = new Set(
      this.host
        .openDocuments()
        .filter((d) => d.isDirty && isUnder(d.path, result.root))
        .map((d) => dirname(d.path)),
    );
    const skip = (path: string) => touched.has(dirname(path)) || dirty.has(dirname(path));
    const byFile = groupByFile(result.findings);
    const paths = new Set<string>(byFile.keys());
    for (const known of this.files.keys()) if (isUnder(known, result.root)) paths.add(known);
    const entries = [...paths].filter((p) => !skip(p));
    for (let i = 0; i < entries.length; i += PUBLISH_BATCH) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      this.setFindings(entries.slice(i, i + PUBLISH_BATCH).map((path) => [path, byFile.get(path) ?? []]));
    }
    for (const dir of dirty) if (!touched.has(dir)) void this.analyzeDirectory(dir);
  }

  // ---- directories ------------------------------------------------------

  private directory(dir: string): DirectoryState {
    let state = this.directories.get(dir);
    if (!state) {
      state = { timer: undefined, generation: 0, abort: undefined, running: undefined };
      this.directories.set(dir, state);
    }
    return state;
  }

  /** schedule re-analyses a directory after delayMs, superseding what was scheduled or running for it. */
  schedule(dir: string, delayMs: number): void {
    if (!this.host.enabled() || !this.rootOf(dir)) return;
    const state = this.directory(dir);
    clearTimeout(state.timer);
    state.abort?.abort();
    state.generation++;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.analyzeDirectory(dir);
    }, delayMs);
  }

  /** analyzeDirectory re-analyses one package directory now, with the open documents' texts, and publishes its files. */
  analyzeDirectory(dir: string): Promise<void> {
    const state = this.directory(dir);
    clearTimeout(state.timer);
    state.timer = undefined;
    state.abort?.abort();
    state.abort = undefined;
    const generation = ++state.generation;
    const root = this.rootOf(dir);
    if (!root || !this.host.enabled()) return Promise.resolve();
    const abort = new AbortController();
    state.abort = abort;
    const documents = this.host.openDocuments().filter((d) => dirname(d.path) === dir);
    const overlays = documents.map((d) => ({ path: d.path, text: d.text() }));
    const versions = new Map(documents.map((d) => [d.path, d.version]));
    const running = (async () => {
      try {
        const result = await this.host.analyzeDirectory(dir, root, overlays, abort.signal);
        if (generation !== state.generation) return;
        this.publishDirectory(result, versions);
        this.scanRun?.touched.add(dir);
      } catch (err) {
        if (!(isLensError(err) && err.code === 'aborted')) this.host.log.error(`analysing ${dir} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (state.abort === abort) state.abort = undefined;
      }
    })();
    state.running = running;
    return running;
  }

  private publishDirectory(result: DirectoryResult, versions: ReadonlyMap<string, number>): void {
    const byFile = groupByFile(result.findings);
    const paths = new Set([...result.files, ...byFile.keys()]);
    for (const known of this.files.keys()) if (dirname(known) === result.dir) paths.add(known);
    this.setFindings([...paths].map((path) => [path, byFile.get(path) ?? []]));
    for (const [path, version] of versions) this.analysedVersions.set(path, version);
    for (const path of result.unparsed) this.host.log.warn(`${path}: not analysed, parsing took longer than the time limit`);
  }

  // ---- findings -----------------------------------------------------------

  /**
   * setFindings records files' findings and publishes those that changed: a
   * file without findings, and none before, is no change, nor is a file whose
   * findings equal those published (a scan finishing after the file was
   * analysed on opening). Each publish replaces the editor's markers, which
   * closes a quick-fix menu the user has open on them.
   */
  private setFindings(entries: readonly FindingsChange[]): void {
    const changes: FindingsChange[] = [];
    for (const [path, findings] of entries) {
      if (findings.length === 0) {
        if (!this.files.delete(path)) continue;
      } else {
        const known = this.files.get(path);
        if (known && sameFindings(known, findings)) continue;
        this.files.set(path, findings);
      }
      changes.push([path, findings]);
    }
    if (changes.length > 0) this.host.publish(changes);
  }

  /** findings are a file's findings as last published. */
  findings(path: string): readonly Finding[] {
    return this.files.get(path) ?? [];
  }

  /** allFindings lists every published finding, by file. */
  allFindings(): { path: string; finding: Finding }[] {
    const out: { path: string; finding: Finding }[] = [];
    for (const [path, findings] of this.files) for (const finding of findings) out.push({ path, finding });
    return out;
  }

  /**
   * freshFindings are a document's findings computed from its current text:
   * when its directory has a change pending, or the document was edited
   * since, it is re-analysed first.
   */
  async freshFindings(document: { readonly path: string; readonly version: number; readonly isDirty: boolean }): Promise<readonly Finding[]> {
    const { path } = document;
    const dir = dirname(path);
    for (let attempt = 0; attempt < 2; attempt++) {
      const state = this.directories.get(dir);
      const pending = state?.timer !== undefined || state?.abort !== undefined;
      const current = this.analysedVersions.get(path) === document.version || (!document.isDirty && !this.analysedVersions.has(path));
      if (!pending && current) break;
      await this.analyzeDirectory(dir);
    }
    return this.findings(path);
  }

  // ---- file events --------------------------------------------------------

  /**
   * documentClosed forgets a closed document's version; a deleted file's
   * findings go with its last editor (`exists` false), an unsaved one's fall
   * back to the text on disk, re-analysed after delayMs.
   */
  documentClosed(path: string, exists: boolean, delayMs: number): void {
    this.analysedVersions.delete(path);
    if (!exists) this.setFindings([[path, []]]);
    this.schedule(dirname(path), delayMs);
  }

  /**
   * pathGone drops the findings of a deleted or renamed file or directory,
   * but those of files still open (`openPaths`), and re-analyses what is
   * left around it after delayMs.
   */
  pathGone(gone: string, openPaths: ReadonlySet<string>, delayMs: number): void {
    const open = openPaths;
    const cleared = [...this.files.keys()].filter((p) => isUnder(p, gone) && !open.has(p));
    this.setFindings(cleared.map((p) => [p, []]));
    this.schedule(dirname(gone), delayMs);
  }

  // ---- lifecycle ----------------------------------------------------------

  /** forget drops every finding under a folder (a folder removed from the workspace, or scanned on request and gone). */
  forget(root: string): void {
    this.extraRoots.delete(root);
    this.setFindings([...this.files.keys()].filter((p) => isUnder(p, root)).map((p) => [p, []]));
  }

  /**
   * turnOff cancels everything and forgets every finding (the analyzer was
   * turned off); it returns the files that had findings, which the host
   * clears at once, without a publish.
   */
  turnOff(): string[] {
    this.cancelScan();
    for (const state of this.directories.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.abort?.abort();
      state.generation++;
    }
    const cleared = [...this.files.keys()];
    this.files.clear();
    this.analysedVersions.clear();
    return cleared;
  }

  /** whenIdle resolves once no scan, analysis or scheduled analysis remains. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const scan = this.scanRun?.promise;
      const states = [...this.directories.values()];
      const timers = states.some((s) => s.timer !== undefined);
      const running = states.filter((s) => s.abort !== undefined).map((s) => s.running);
      if (!scan && !timers && running.length === 0) return;
      await Promise.allSettled([scan, ...running]);
      // A macrotask turn each round: timers fire, and a state that has not
      // settled yet can never make this loop spin on microtasks alone.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** dispose cancels the running scan and every scheduled or running re-analysis. */
  dispose(): void {
    this.cancelScan();
    for (const state of this.directories.values()) {
      clearTimeout(state.timer);
      state.abort?.abort();
    }
  }
}

/** sameFindings tells whether two lists of findings (plain data from the worker) are equal, in order. */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => JSON.stringify(f) === JSON.stringify(b[i]));
}
