/**
 * analysis.ts keeps the workspace's `transport-per-call` diagnostics up to
 * date: a background scan of every workspace folder when the extension
 * starts (and when settings or folders change), then re-analysis of one
 * package directory at a time as its documents are edited, saved, created,
 * deleted or renamed.
 *
 * When what is analysed, and which result wins, is decided by the
 * `vscode`-free AnalysisScheduler (core/transport/analysisScheduler.ts); all
 * parsing happens in the analyzer worker (analyzerClient.ts). This side
 * wires VS Code's events to the scheduler, hands it the open documents and
 * the settings, shows a scan's progress, and turns findings into
 * diagnostics.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../core/commandIds';
import { RULE_HELP_URI, TRANSPORT_RULE, type Finding, type Range, type Severity } from '../core/transport/model';
import type { ScanProgress } from '../core/go/scan';
import { AnalysisScheduler, type FindingsChange, type OpenDocument, type ScanProgressRunner, type ScanSummary } from '../core/transport/analysisScheduler';
import type { AnalyzerClient } from './analyzerClient';
import type { EditsReply } from './protocol';
import { affectsAnalysis, analyzerEnabled, folderScope, ruleSettings } from './settings';

export type { ScanSummary } from '../core/transport/analysisScheduler';

/** DIAGNOSTIC_SOURCE is the diagnostics' source, as the Problems view shows it. */
export const DIAGNOSTIC_SOURCE = 'goroutine-lens';

/** TYPING_DEBOUNCE_MS is how long typing must pause before a directory is re-analysed. */
export const TYPING_DEBOUNCE_MS = 250;

/** FILE_EVENT_DEBOUNCE_MS gathers the bursts of file events a save, a checkout or a rename makes. */
const FILE_EVENT_DEBOUNCE_MS = 100;

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** ScanProgressUi is where a scan shows its progress: the status bar (background) or a cancellable notification (the command). */
export type ScanProgressUi = 'status' | 'notification';

/** isGoDocument tells whether a document is a Go file on disk (untitled and virtual documents are not analysed). */
export function isGoDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.uri.fsPath.endsWith('.go');
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** openGoDocuments are the open Go documents on disk, as the scheduler sees them. */
function openGoDocuments(): OpenDocument[] {
  return vscode.workspace.textDocuments.filter(isGoDocument).map((d) => ({
    path: d.uri.fsPath,
    version: d.version,
    isDirty: d.isDirty,
    text: () => d.getText(),
  }));
}

export class TransportAnalysis implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** The published diagnostics of each file, in the order of its findings. */
  private readonly diagnostics = new Map<string, readonly vscode.Diagnostic[]>();
  private readonly scheduler: AnalysisScheduler;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly updated = new vscode.EventEmitter<readonly vscode.Uri[]>();
  private statusItem: vscode.StatusBarItem | undefined;

  /** onDidUpdate fires with the files whose diagnostics were (re)published. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly client: AnalyzerClient,
    private readonly log: vscode.LogOutputChannel,
    /** The command the status bar item runs to cancel a background scan. */
    private readonly cancelCommand: string,
  ) {
    this.scheduler = new AnalysisScheduler({
      enabled: analyzerEnabled,
      workspaceRoots: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
      openDocuments: openGoDocuments,
      scanFolder: (root, signal, onProgress) => {
        const folder = vscode.Uri.file(root);
        return client.request({ type: 'scan', scope: folderScope(folder), settings: ruleSettings(folder) }, { signal, onProgress });
      },
      analyzeDirectory: (dir, root, overlays, signal) => {
        const rootUri = vscode.Uri.file(root);
        return client.request({ type: 'analyzeDirectory', dir, overlays, scope: folderScope(rootUri), settings: ruleSettings(rootUri) }, { signal });
      },
      publish: (changes) => this.publish(changes),
      scanningChanged: (scanning) => void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.transportScanning, scanning),
      log,
    });
  }

  get lastScan(): ScanSummary | undefined {
    return this.scheduler.lastScan;
  }

  get scanning(): boolean {
    return this.scheduler.scanning;
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
    if (initial && (this.scheduler.scanning || this.scheduler.lastScan)) return;
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

  // ---- scans ------------------------------------------------------------

  /**
   * scan scans folders (default: the workspace folders on disk) and publishes
   * their findings; a scan already running is cancelled first. Resolves
   * with the summary, `cancelled` when it was cancelled.
   */
  scan(options: { folders?: readonly vscode.Uri[]; progress: ScanProgressUi }): Promise<ScanSummary> {
    const folders = (options.folders ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)).filter((uri) => uri.scheme === 'file');
    return this.scheduler.scan(
      folders.map((f) => f.fsPath),
      (abort, task) => this.withProgress(options.progress, abort, task),
    );
  }

  /** cancelScan stops the running scan, if any (its summary says `cancelled`). */
  cancelScan(): void {
    this.scheduler.cancelScan();
  }

  /** withProgress shows a scan's progress in the status bar (click cancels) or in a cancellable notification. */
  private async withProgress(ui: ScanProgressUi, abort: AbortController, task: Parameters<ScanProgressRunner>[1]): Promise<ScanSummary> {
    if (ui === 'notification') {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Scanning for http.Transport built per call', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return task(
            (p: ScanProgress | undefined) =>
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

  // ---- directories ------------------------------------------------------

  /** schedule re-analyses a directory after delayMs, superseding what was scheduled or running for it. */
  schedule(dir: string, delayMs: number): void {
    this.scheduler.schedule(dir, delayMs);
  }

  /** analyzeDirectory re-analyses one package directory now, with the open documents' texts, and publishes its files. */
  analyzeDirectory(dir: string): Promise<void> {
    return this.scheduler.analyzeDirectory(dir);
  }

  // ---- findings and diagnostics -----------------------------------------

  /** publish turns the scheduler's changed findings into diagnostics. */
  private publish(changes: readonly FindingsChange[]): void {
    const sets: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    const uris: vscode.Uri[] = [];
    for (const [path, findings] of changes) {
      const uri = vscode.Uri.file(path);
      if (findings.length === 0) {
        this.diagnostics.delete(path);
        sets.push([uri, undefined]);
      } else {
        const diagnostics = findings.map(toDiagnostic);
        this.diagnostics.set(path, diagnostics);
        sets.push([uri, diagnostics]);
      }
      uris.push(uri);
    }
    this.collection.set(sets);
    this.updated.fire(uris);
  }

  /** findings are a file's findings as last published. */
  findings(uri: vscode.Uri): readonly Finding[] {
    return this.scheduler.findings(uri.fsPath);
  }

  /** diagnosticOf is the published diagnostic of a finding (code actions attach it). */
  diagnosticOf(uri: vscode.Uri, finding: Finding): vscode.Diagnostic | undefined {
    const i = this.scheduler.findings(uri.fsPath).indexOf(finding);
    return i >= 0 ? this.diagnostics.get(uri.fsPath)?.[i] : undefined;
  }

  /** allFindings lists every published finding, by file. */
  allFindings(): { uri: vscode.Uri; finding: Finding }[] {
    return this.scheduler.allFindings().map(({ path, finding }) => ({ uri: vscode.Uri.file(path), finding }));
  }

  /**
   * freshFindings are a document's findings computed from its current text:
   * when its directory has a change pending, or the document was edited
   * since, it is re-analysed first.
   */
  freshFindings(document: vscode.TextDocument): Promise<readonly Finding[]> {
    return this.scheduler.freshFindings({ path: document.uri.fsPath, version: document.version, isDirty: document.isDirty });
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
    const root = vscode.Uri.file(this.scheduler.rootOf(dir) ?? dir);
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
    this.scheduler.documentClosed(path, existsSync(path), FILE_EVENT_DEBOUNCE_MS);
  }

  /** onPathGone drops the findings of a deleted or renamed file or directory and re-analyses what is left around it. */
  private onPathGone(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    this.scheduler.pathGone(uri.fsPath, open, FILE_EVENT_DEBOUNCE_MS);
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
    this.scheduler.forget(folder.fsPath);
  }

  /** turnOff cancels everything, clears every diagnostic and stops the worker (the setting turned the analyzer off). */
  private turnOff(): void {
    const uris = this.scheduler.turnOff().map((p) => vscode.Uri.file(p));
    this.diagnostics.clear();
    this.collection.clear();
    if (uris.length > 0) this.updated.fire(uris);
    void this.client.stop();
    this.log.info('the analyzer is off (goroutineLens.analyzer.enabled): diagnostics cleared');
  }

  /** whenIdle resolves once no scan, analysis or scheduled analysis remains. */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const d of this.disposables) d.dispose();
    this.statusItem?.dispose();
    this.collection.dispose();
    this.updated.dispose();
  }
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
