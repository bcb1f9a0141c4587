/**
 * analysis.ts keeps the workspace's `transport-per-call` diagnostics up to
 * date: a background scan of every workspace folder when the extension
 * starts (and when settings or folders change), then re-analysis of one
 * package directory at a time as its documents are edited, saved, created,
 * deleted or renamed — a change in one file can change the findings of
 * another file of the same package, so the unit of work is the directory.
 *
 * All parsing happens in the analyzer worker (analyzerClient.ts); this side
 * only gathers the open documents' texts, and turns findings into
 * diagnostics. What decides which result wins:
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
import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import * as vscode from 'vscode';
import { isLensError } from '../core/errors';
import { CONTEXT_KEYS } from '../core/commandIds';
import { RULE_HELP_URI, TRANSPORT_RULE, type Finding, type Range, type Severity } from '../core/transport/model';
import type { ScanProblem, ScanProgress } from '../core/go/scan';
import type { AnalyzerClient } from './analyzerClient';
import type { DirectoryReply, EditsReply, ScanReply } from './protocol';
import { affectsAnalysis, analyzerEnabled, folderScope, ruleSettings } from './settings';

/** DIAGNOSTIC_SOURCE is the diagnostics' source, as the Problems view shows it. */
export const DIAGNOSTIC_SOURCE = 'goroutine-lens';

/** TYPING_DEBOUNCE_MS is how long typing must pause before a directory is re-analysed. */
export const TYPING_DEBOUNCE_MS = 250;

/** FILE_EVENT_DEBOUNCE_MS gathers the bursts of file events a save, a checkout or a rename makes. */
const FILE_EVENT_DEBOUNCE_MS = 100;

/** PUBLISH_BATCH bounds how many files' diagnostics are set in one go, so a huge result never blocks the editor. */
const PUBLISH_BATCH = 200;

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** ScanSummary is what a scan of some folders found and how long it took. */
export interface ScanSummary {
  readonly folders: readonly string[];
  readonly filesSeen: number;
  readonly candidates: number;
  readonly findings: number;
  readonly problems: readonly ScanProblem[];
  /** From the request to the last diagnostic published, in milliseconds. */
  readonly elapsedMs: number;
  /** Time the worker spent scanning, in milliseconds. */
  readonly workerMs: number;
  readonly cancelled: boolean;
}

/** ScanProgressUi is where a scan shows its progress: the status bar (background) or a cancellable notification (the command). */
export type ScanProgressUi = 'status' | 'notification';

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

/** FileFindings are one file's findings and the diagnostics made from them (same order). */
interface FileFindings {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly vscode.Diagnostic[];
}

/** isGoDocument tells whether a document is a Go file on disk (untitled and virtual documents are not analysed). */
export function isGoDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.uri.fsPath.endsWith('.go');
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export class TransportAnalysis implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly files = new Map<string, FileFindings>();
  /** The document version each open document's findings were computed from. */
  private readonly analysedVersions = new Map<string, number>();
  private readonly directories = new Map<string, DirectoryState>();
  /** Folders scanned on request that are not workspace folders (the API's scan). */
  private readonly extraRoots = new Set<string>();
  private scanRun: ScanRun | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private statusItem: vscode.StatusBarItem | undefined;
  private lastScanSummary: ScanSummary | undefined;

  /** onDidUpdate fires with the files whose diagnostics were (re)published. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly client: AnalyzerClient,
    private readonly log: vscode.LogOutputChannel,
    /** The command the status bar item runs to cancel a background scan. */
    private readonly cancelCommand: string,
  ) {}

  get lastScan(): ScanSummary | undefined {
    return this.lastScanSummary;
  }

  get scanning(): boolean {
    return this.scanRun !== undefined;
  }

  /**
   * start listens to documents, files, folders and settings, and scans the
   * workspace in the background when it has Go files.
   */
  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.go');
    const onFile = (uri: vscode.Uri) => this.onFileEvent(uri);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(onFile),
      watcher.onDidChange(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && isGoDocument(e.document)) this.schedule(dirname(e.document.uri.fsPath), TYPING_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (isGoDocument(document)) this.schedule(dirname(document.uri.fsPath), FILE_EVENT_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.onClose(document)),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.onPathGone(uri))),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const { oldUri, newUri } of e.files) {
          this.onPathGone(oldUri);
          void this.onPathAppeared(newUri);
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const folder of e.removed) this.forget(folder.uri);
        if (e.added.length > 0 && analyzerEnabled()) void this.backgroundScan(e.added.map((f) => f.uri));
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsAnalysis(e)) return;
        if (!analyzerEnabled()) this.turnOff();
        else void this.backgroundScan();
      }),
    );
    if (analyzerEnabled()) void this.backgroundScan(undefined, { initial: true });
  }

  /**
   * backgroundScan scans (all workspace folders by default) when they hold Go
   * files, with the status bar's progress. The initial scan gives way to a
   * scan that started meanwhile (a command run right at startup).
   */
  private async backgroundScan(folders?: readonly vscode.Uri[], { initial = false } = {}): Promise<void> {
    const goFiles = await vscode.workspace.findFiles('**/*.go', undefined, 1);
    if (!analyzerEnabled()) return; // turned off meanwhile
    if (initial && (this.scanRun || this.lastScanSummary)) return;
    if (goFiles.length === 0) {
      this.log.info('no Go files in the workspace: nothing to scan');
      return;
    }
    try {
      await this.scan({ ...(folders ? { folders } : {}), progress: 'status' });
    } catch (err) {
      this.log.error(`the background scan failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** roots are the folders whose files are analysed: the workspace folders on disk and folders scanned on request. */
  private roots(): string[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return [...folders, ...this.extraRoots];
  }

  /** rootOf is the innermost root that holds path. */
  private rootOf(path: string): string | undefined {
    return this.roots()
      .filter((root) => isUnder(path, root))
      .sort((a, b) => b.length - a.length)[0];
  }

  // ---- scans ------------------------------------------------------------

  /**
   * scan scans folders (default: the workspace folders on disk) and publishes
   * their findings; a scan already running is cancelled first. Resolves
   * with the summary, `cancelled` when it was cancelled.
   */
  scan(options: { folders?: readonly vscode.Uri[]; progress: ScanProgressUi }): Promise<ScanSummary> {
    this.cancelScan();
    const folders = (options.folders ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)).filter((uri) => uri.scheme === 'file');
    for (const folder of folders) if (!vscode.workspace.getWorkspaceFolder(folder)) this.extraRoots.add(folder.fsPath);
    const abort = new AbortController();
    const touched = new Set<string>();
    const promise = this.withProgress(options.progress, abort, (report) => this.runScan(folders, abort.signal, touched, report)).finally(() => {
      if (this.scanRun?.abort !== abort) return;
      this.scanRun = undefined;
      void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.transportScanning, false);
    });
    this.scanRun = { abort, touched, promise };
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.transportScanning, true);
    return promise;
  }

  /** cancelScan stops the running scan, if any (its summary says `cancelled`). */
  cancelScan(): void {
    this.scanRun?.abort.abort();
  }

  private async runScan(
    folders: readonly vscode.Uri[],
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
      let reply: ScanReply;
      try {
        reply = await this.client.request(
          { type: 'scan', scope: folderScope(folder), settings: ruleSettings(folder) },
          {
            signal,
            onProgress: (p) => report({ ...p, filesSeen: filesSeen + p.filesSeen, findings: findings + p.findings }),
          },
        );
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
      filesSeen += reply.filesSeen;
      candidates += reply.candidates;
      findings += reply.findings.length;
      workerMs += reply.elapsedMs;
      problems.push(...reply.problems);
      await this.publishScan(reply, touched);
    }
    for (const p of problems) this.log.warn(`${p.path}: ${p.message}`);
    const summary: ScanSummary = {
      folders: folders.map((f) => f.fsPath),
      filesSeen,
      candidates,
      findings,
      problems,
      elapsedMs: performance.now() - start,
      workerMs,
      cancelled,
    };
    this.log.info(
      `scan of ${summary.folders.join(', ')}: ${filesSeen} Go files, ${candidates} candidates, ${findings} findings in ${Math.round(summary.elapsedMs)} ms (worker ${Math.round(workerMs)} ms)${cancelled ? ', cancelled' : ''}`,
    );
    this.lastScanSummary = summary;
    return summary;
  }

  /** withProgress shows a scan's progress in the status bar (click cancels) or in a cancellable notification. */
  private async withProgress<T>(ui: ScanProgressUi, abort: AbortController, task: (report: (p: ScanProgress | undefined) => void) => Promise<T>): Promise<T> {
    if (ui === 'notification') {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Scanning for http.Transport built per call', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return task(
            (p) =>
              p && progress.report({ message: `${p.filesSeen.toLocaleString('en-US')} Go files, ${p.findings} finding${p.findings === 1 ? '' : 's'} so far` }),
          );
        },
      );
    }
    const item = (this.statusItem ??= vscode.window.createStatusBarItem('goroutineLens.transportScan', vscode.StatusBarAlignment.Left, 0));
    item.name = 'Goroutine Lens: Transport scan';
    item.command = this.cancelCommand;
    const show = (files: number) => {
      item.text = `$(loading~spin) Go Transports: ${files.toLocaleString('en-US')} files`;
      item.tooltip = `Goroutine Lens is scanning the workspace for http.Transport built per call (${files.toLocaleString('en-US')} Go files so far). Click to cancel.`;
    };
    show(0);
    // Shown only when the scan lasts: a small workspace never sees it flash.
    const reveal = setTimeout(() => item.show(), 300);
    try {
      return await task((p) => p && show(p.filesSeen));
    } finally {
      clearTimeout(reveal);
      item.hide();
    }
  }

  /**
   * publishScan replaces the diagnostics of every file under the scanned
   * root, except in directories re-analysed meanwhile or holding unsaved
   * documents (those are re-analysed with the editor's text).
   */
  private async publishScan(reply: ScanReply, touched: ReadonlySet<string>): Promise<void> {
    const dirty = new Set(
      vscode.workspace.textDocuments.filter((d) => isGoDocument(d) && d.isDirty && isUnder(d.uri.fsPath, reply.root)).map((d) => dirname(d.uri.fsPath)),
    );
    const skip = (path: string) => touched.has(dirname(path)) || dirty.has(dirname(path));
    const byFile = groupByFile(reply.findings);
    const paths = new Set<string>(byFile.keys());
    for (const known of this.files.keys()) if (isUnder(known, reply.root)) paths.add(known);
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
    if (!analyzerEnabled() || !this.rootOf(dir)) return;
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
    if (!root || !analyzerEnabled()) return Promise.resolve();
    const abort = new AbortController();
    state.abort = abort;
    const documents = vscode.workspace.textDocuments.filter((d) => isGoDocument(d) && dirname(d.uri.fsPath) === dir);
    const overlays = documents.map((d) => ({ path: d.uri.fsPath, text: d.getText() }));
    const versions = new Map(documents.map((d) => [d.uri.fsPath, d.version]));
    const rootUri = vscode.Uri.file(root);
    const running = (async () => {
      try {
        const reply = await this.client.request(
          { type: 'analyzeDirectory', dir, overlays, scope: folderScope(rootUri), settings: ruleSettings(rootUri) },
          { signal: abort.signal },
        );
        if (generation !== state.generation) return;
        this.publishDirectory(reply, versions);
        this.scanRun?.touched.add(dir);
      } catch (err) {
        if (!(isLensError(err) && err.code === 'aborted')) this.log.error(`analysing ${dir} failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (state.abort === abort) state.abort = undefined;
      }
    })();
    state.running = running;
    return running;
  }

  private publishDirectory(reply: DirectoryReply, versions: ReadonlyMap<string, number>): void {
    const byFile = groupByFile(reply.findings);
    const paths = new Set([...reply.files, ...byFile.keys()]);
    for (const known of this.files.keys()) if (dirname(known) === reply.dir) paths.add(known);
    this.setFindings([...paths].map((path) => [path, byFile.get(path) ?? []]));
    for (const [path, version] of versions) this.analysedVersions.set(path, version);
    for (const path of reply.unparsed) this.log.warn(`${path}: not analysed, parsing took longer than the time limit`);
  }

  // ---- findings and diagnostics -----------------------------------------

  private setFindings(entries: readonly (readonly [string, readonly Finding[]])[]): void {
    const sets: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    const uris: vscode.Uri[] = [];
    for (const [path, findings] of entries) {
      const uri = vscode.Uri.file(path);
      if (findings.length === 0) {
        if (!this.files.delete(path)) continue;
        sets.push([uri, undefined]);
      } else {
        const diagnostics = findings.map(toDiagnostic);
        this.files.set(path, { findings, diagnostics });
        sets.push([uri, diagnostics]);
      }
      uris.push(uri);
    }
    if (sets.length === 0) return;
    this.collection.set(sets);
    this.updated.fire(uris);
  }

  /** findings are a file's findings as last published. */
  findings(uri: vscode.Uri): readonly Finding[] {
    return this.files.get(uri.fsPath)?.findings ?? [];
  }

  /** diagnosticOf is the published diagnostic of a finding (code actions attach it). */
  diagnosticOf(uri: vscode.Uri, finding: Finding): vscode.Diagnostic | undefined {
    const entry = this.files.get(uri.fsPath);
    const i = entry?.findings.indexOf(finding) ?? -1;
    return i >= 0 ? entry!.diagnostics[i] : undefined;
  }

  /** allFindings lists every published finding, by file. */
  allFindings(): { uri: vscode.Uri; finding: Finding }[] {
    const out: { uri: vscode.Uri; finding: Finding }[] = [];
    for (const [path, entry] of this.files) for (const finding of entry.findings) out.push({ uri: vscode.Uri.file(path), finding });
    return out;
  }

  /**
   * freshFindings are a document's findings computed from its current text:
   * when its directory has a change pending, or the document was edited
   * since, it is re-analysed first.
   */
  async freshFindings(document: vscode.TextDocument): Promise<readonly Finding[]> {
    const path = document.uri.fsPath;
    const dir = dirname(path);
    for (let attempt = 0; attempt < 2; attempt++) {
      const state = this.directories.get(dir);
      const pending = state?.timer !== undefined || state?.abort !== undefined;
      const current = this.analysedVersions.get(path) === document.version || (!document.isDirty && !this.analysedVersions.has(path));
      if (!pending && current) break;
      await this.analyzeDirectory(dir);
    }
    return this.findings(document.uri);
  }

  // ---- fixes ------------------------------------------------------------

  /** hoistEdits asks for the hoist of the finding that starts at startOffset in the document as it is now. */
  hoistEdits(document: vscode.TextDocument, startOffset: number): Promise<EditsReply> {
    return this.client.request({ type: 'hoist', ...this.directoryRequest(document), file: document.uri.fsPath, startOffset });
  }

  /** fixAllEdits asks for every available hoist of the document as it is now. */
  fixAllEdits(document: vscode.TextDocument): Promise<EditsReply> {
    return this.client.request({ type: 'fixAll', ...this.directoryRequest(document), file: document.uri.fsPath });
  }

  private directoryRequest(document: vscode.TextDocument) {
    const dir = dirname(document.uri.fsPath);
    const root = vscode.Uri.file(this.rootOf(dir) ?? dir);
    const overlays = vscode.workspace.textDocuments
      .filter((d) => isGoDocument(d) && dirname(d.uri.fsPath) === dir)
      .map((d) => ({ path: d.uri.fsPath, text: d.getText() }));
    return { dir, overlays, scope: folderScope(root), settings: ruleSettings(root) };
  }

  // ---- file events --------------------------------------------------------

  private onFileEvent(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    this.schedule(dirname(uri.fsPath), FILE_EVENT_DEBOUNCE_MS);
  }

  private onClose(document: vscode.TextDocument): void {
    if (!isGoDocument(document)) return;
    const path = document.uri.fsPath;
    this.client.forget(path);
    this.analysedVersions.delete(path);
    // A deleted file's diagnostics go with its last editor; an unsaved
    // one's findings fall back to the text on disk.
    if (!existsSync(path)) this.setFindings([[path, []]]);
    this.schedule(dirname(path), FILE_EVENT_DEBOUNCE_MS);
  }

  /** onPathGone drops the findings of a deleted or renamed file or directory and re-analyses what is left around it. */
  private onPathGone(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const gone = uri.fsPath;
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const cleared = [...this.files.keys()].filter((p) => isUnder(p, gone) && !open.has(p));
    this.setFindings(cleared.map((p) => [p, []]));
    this.schedule(dirname(gone), FILE_EVENT_DEBOUNCE_MS);
  }

  /** onPathAppeared re-analyses the directories a created or renamed-to file or directory brings. */
  private async onPathAppeared(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file') return;
    if (uri.fsPath.endsWith('.go')) {
      this.schedule(dirname(uri.fsPath), FILE_EVENT_DEBOUNCE_MS);
      return;
    }
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.go'));
    for (const dir of new Set(files.map((f) => dirname(f.fsPath)))) this.schedule(dir, FILE_EVENT_DEBOUNCE_MS);
  }

  // ---- lifecycle ----------------------------------------------------------

  /** forget drops every finding under a folder (a folder removed from the workspace, or scanned on request and gone). */
  forget(folder: vscode.Uri): void {
    const root = folder.fsPath;
    this.extraRoots.delete(root);
    this.setFindings([...this.files.keys()].filter((p) => isUnder(p, root)).map((p) => [p, []]));
  }

  /** turnOff cancels everything, clears every diagnostic and stops the worker (the setting turned the analyzer off). */
  private turnOff(): void {
    this.cancelScan();
    for (const state of this.directories.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      state.abort?.abort();
      state.generation++;
    }
    const uris = [...this.files.keys()].map((p) => vscode.Uri.file(p));
    this.files.clear();
    this.analysedVersions.clear();
    this.collection.clear();
    if (uris.length > 0) this.updated.fire(uris);
    void this.client.stop();
    this.log.info('the analyzer is off (goroutineLens.analyzer.enabled): diagnostics cleared');
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

  dispose(): void {
    this.cancelScan();
    for (const state of this.directories.values()) {
      clearTimeout(state.timer);
      state.abort?.abort();
    }
    for (const d of this.disposables) d.dispose();
    this.statusItem?.dispose();
    this.collection.dispose();
    this.updated.dispose();
  }
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  return byFile;
}

/** toDiagnostic turns a finding into its diagnostic: the rule's code linking to its documentation, and where the Transport is used. */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(finding.range), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: TRANSPORT_RULE, target: vscode.Uri.parse(RULE_HELP_URI) };
  diagnostic.relatedInformation = finding.related.map(
    (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toVsRange(r.range)), r.message),
  );
  return diagnostic;
}
