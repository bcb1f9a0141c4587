/**
 * The Transport analyzer in the editor: diagnostics for `transport-per-call`
 * kept up to date in the background, the hoist and suppress fixes, a hover
 * that ties a finding to the goroutines it leaves in a dump, and the
 * commands "Scan Workspace for Per-Call Transports" (which the dump viewer's
 * Transport leak signature runs) and "Show Transport Findings".
 *
 * The grammar is located through the extension's URI and loaded once, in the
 * analyzer's worker thread, the first time a file needs parsing; the worker
 * (and the grammar with it) ends when the extension deactivates.
 */
import * as vscode from 'vscode';
import { subscriber } from '../commands';
import { COMMANDS } from '../core/commandIds';
import type { Finding } from '../core/transport/model';
import { TransportAnalysis, type ScanSummary } from './analysis';
import { AnalyzerClient } from './analyzerClient';
import { TransportCodeActions } from './codeActions';
import { registerTransportCommands } from './commands';
import { TransportHover } from './hover';

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

/** Analyzer is the analyzer as it runs: the worker's client and what keeps the diagnostics. */
interface Analyzer {
  readonly client: AnalyzerClient;
  readonly analysis: TransportAnalysis;
}

/**
 * registerTransport registers the analyzer's code actions, hover and
 * commands; everything it registers goes into context.subscriptions. The
 * analyzer itself (its output channel, diagnostics, listeners and the
 * background scan) is made once activation has returned, or earlier by
 * whatever needs it first, so activation only registers (docs/performance.md,
 * "Activation"). stop, for deactivation, ends the worker thread (and the
 * grammar it holds) and resolves once it has exited.
 */
export function registerTransport(context: vscode.ExtensionContext): { readonly api: TransportApi; stop(): Promise<void> } {
  const push = subscriber(context);
  const dist = (name: string) => vscode.Uri.joinPath(context.extensionUri, 'dist', name).fsPath;
  let made: Analyzer | undefined;
  let stopped = false;
  const analyzer = (): Analyzer => {
    if (made) return made;
    if (stopped) throw new Error('the Transport analyzer was stopped with the extension');
    const log = push(vscode.window.createOutputChannel('Goroutine Lens: Analyzer', { log: true }));
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
    made = { client, analysis };
    analysis.start();
    return made;
  };
  const analysis = () => analyzer().analysis;

  push(
    vscode.languages.registerCodeActionsProvider(GO_FILES, new TransportCodeActions(analysis), {
      providedCodeActionKinds: TransportCodeActions.providedCodeActionKinds,
    }),
  );
  push(vscode.languages.registerHoverProvider(GO_FILES, new TransportHover(analysis)));
  registerTransportCommands(context, analysis);

  // Started right after activation returns: the extension host counts activation until then.
  const starting = setTimeout(() => {
    if (!stopped) analyzer();
  }, 0);
  push({ dispose: () => clearTimeout(starting) });

  const api: TransportApi = {
    get diagnostics() {
      return analysis().collection;
    },
    onDidUpdate: (listener, thisArgs, disposables) => analysis().onDidUpdate(listener, thisArgs, disposables),
    findings: (uri) => analysis().findings(uri),
    scan: (folders) => analysis().scan({ ...(folders ? { folders } : {}), progress: 'status' }),
    forget: (folder) => analysis().forget(folder),
    whenIdle: () => analysis().whenIdle(),
    restartAnalyzer: async () => {
      const { analysis, client } = analyzer();
      await analysis.whenIdle();
      await client.stop();
    },
    get lastScan() {
      return made?.analysis.lastScan;
    },
  };
  const stop = async () => {
    stopped = true;
    clearTimeout(starting);
    made?.analysis.cancelScan();
    await made?.client.stop();
  };
  return { api, stop };
}
