/**
 * The Transport analyzer in the editor: diagnostics for `transport-per-call`
 * kept up to date in the background, the hoist and suppress fixes, a hover
 * that ties a finding to the goroutines it leaves in a dump, and the
 * commands "Scan Workspace for Per-Call Transports" (which the dump viewer's
 * Transport leak signature runs) and "Show Transport Findings".
 *
 * The grammar is located through the extension's URI and loaded once, in the
 * analyzer's worker thread, the first time a file needs parsing.
 */
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import { COMMANDS } from '../core/commandIds';
import type { Finding } from '../core/transport/model';
import { TransportAnalysis, type ScanSummary } from './analysis';
import { AnalyzerClient } from './analyzerClient';
import { TransportCodeActions } from './codeActions';
import { revealFindings } from './findings';
import { TransportHover } from './hover';
import { SECTION, analyzerEnabled } from './settings';

/** TransportApi is what the integration tests (and other features) use of the analyzer. */
export interface TransportApi {
  /** The diagnostics, source `goroutine-lens`. */
  readonly diagnostics: vscode.DiagnosticCollection;
  /** Fires with the files whose diagnostics were republished. */
  readonly onDidUpdate: vscode.Event<readonly vscode.Uri[]>;
  /** findings are a file's findings as last published (0-based ranges, UTF-16 columns). */
  findings(uri: vscode.Uri): readonly Finding[];
  /**
   * scan scans folders (default: the workspace folders) exactly as the
   * background scan does — worker, status bar progress, publishing — and
   * resolves with its summary.
   */
  scan(folders?: readonly vscode.Uri[]): Promise<ScanSummary>;
  /** forget drops the findings under a folder scanned with `scan` that is not a workspace folder. */
  forget(folder: vscode.Uri): void;
  /** whenIdle resolves once no scan or re-analysis is pending. */
  whenIdle(): Promise<void>;
  /**
   * restartAnalyzer ends the worker thread once nothing is pending; the next
   * analysis starts a new one and loads the grammar afresh (a cold start, for
   * measurements).
   */
  restartAnalyzer(): Promise<void>;
  /** The last finished scan's summary. */
  readonly lastScan: ScanSummary | undefined;
}

/** GO_FILES selects Go files on disk, with or without a Go language extension installed. */
const GO_FILES: vscode.DocumentSelector = [
  { scheme: 'file', language: 'go' },
  { scheme: 'file', pattern: '**/*.go' },
];

/**
 * registerTransport sets up the analyzer's diagnostics, code actions, hover
 * and commands; everything it registers goes into context.subscriptions.
 */
export function registerTransport(context: vscode.ExtensionContext): TransportApi {
  const push = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = push(vscode.window.createOutputChannel('Goroutine Lens: Analyzer', { log: true }));
  const dist = (name: string) => vscode.Uri.joinPath(context.extensionUri, 'dist', name).fsPath;
  const client = push(
    new AnalyzerClient(
      dist('transportWorker.js'),
      {
        treeSitterWasm: dist('tree-sitter.wasm'),
        goWasm: dist('tree-sitter-go.wasm'),
        queriesDir: vscode.Uri.joinPath(context.extensionUri, 'queries', 'go').fsPath,
      },
      (line) => log.info(line),
    ),
  );
  const analysis = push(new TransportAnalysis(client, log, COMMANDS.cancelTransportScan));

  push(
    vscode.languages.registerCodeActionsProvider(GO_FILES, new TransportCodeActions(analysis), {
      providedCodeActionKinds: TransportCodeActions.providedCodeActionKinds,
    }),
  );
  push(vscode.languages.registerHoverProvider(GO_FILES, new TransportHover(analysis)));

  /** ensureEnabled asks to turn the analyzer on when a command needs it off. */
  const ensureEnabled = async (): Promise<boolean> => {
    if (analyzerEnabled()) return true;
    const choice = await vscode.window.showWarningMessage(`The Transport analyzer is off (${SECTION}.enabled).`, 'Turn On');
    if (choice !== 'Turn On') return false;
    await vscode.workspace.getConfiguration(SECTION).update('enabled', true, vscode.ConfigurationTarget.Global);
    return analyzerEnabled();
  };

  registerCommand(context, COMMANDS.scanWorkspace, async (): Promise<ScanSummary | undefined> => {
    if (!(await ensureEnabled())) return undefined;
    if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file')) {
      void vscode.window.showInformationMessage('Open a folder with Go code to scan it for http.Transport built per call.');
      return undefined;
    }
    try {
      const summary = await analysis.scan({ progress: 'notification' });
      if (!summary.cancelled) await revealFindings(analysis, summary);
      return summary;
    } catch (err) {
      void vscode.window.showErrorMessage(
        `The scan for per-call Transports failed: ${err instanceof Error ? err.message : String(err)}. See the "Goroutine Lens: Analyzer" output for details.`,
      );
      return undefined;
    }
  });
  registerCommand(context, COMMANDS.showTransportFindings, async (): Promise<number | undefined> => {
    if (!(await ensureEnabled())) return undefined;
    if (analysis.scanning) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Waiting for the Transport scan' }, () => analysis.whenIdle());
    } else if (!analysis.lastScan) {
      // Nothing scanned yet (the workspace had no Go files at start, or the analyzer was off): scan now.
      const summary = await analysis.scan({ progress: 'notification' });
      if (summary.cancelled) return undefined;
    }
    return revealFindings(analysis, analysis.lastScan);
  });
  registerCommand(context, COMMANDS.cancelTransportScan, () => analysis.cancelScan());

  analysis.start();

  return {
    diagnostics: analysis.collection,
    onDidUpdate: analysis.onDidUpdate,
    findings: (uri) => analysis.findings(uri),
    scan: (folders) => analysis.scan({ ...(folders ? { folders } : {}), progress: 'status' }),
    forget: (folder) => analysis.forget(folder),
    whenIdle: () => analysis.whenIdle(),
    restartAnalyzer: async () => {
      await analysis.whenIdle();
      await client.stop();
    },
    get lastScan() {
      return analysis.lastScan;
    },
  };
}
