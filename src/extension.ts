import * as vscode from 'vscode';
import { subscriber, type CommandHandlers } from './commands';
import { COMMANDS, VIEW_ID, type CommandId } from './core/commandIds';
import { DUMP_LANGUAGE_ID } from './core/document/dumpDocument';
import type { DumpsApi } from './dumps/api';
import { DumpDetection } from './dumps/document/detect';
import type { Node } from './dumps/treeView';
import { loadedBundles } from './lazy';
import { loadAnalyzer, loadViewer } from './lazy/features';
import type { Analyzer } from './lazy/analyzer';
import type { Viewer } from './lazy/viewer';
import type { PicturesApi } from './pictures';
import type { TransportApi } from './transport';

/** GoroutineLensApi is what activate returns: the integration tests reach the features through it (each loads on first access). */
export interface GoroutineLensApi {
  readonly dumps: DumpsApi;
  readonly transport: TransportApi;
  readonly pictures: PicturesApi;
  /** How long activate() itself took, in ms (performance.now() around its body); the e2e summary prints it. */
  readonly activationMs: number;
  /**
   * The CPU time the extension host's process spent during activate()'s
   * body, in ms (process.cpuUsage(), all its threads): less swayed than
   * activationMs by other processes of a busy machine.
   */
  readonly activationCpuMs: number;
  /** The feature bundles (src/lazy) loaded before activate() returned: none. */
  readonly loadedAtActivation: readonly string[];
}

/** ANALYZER_COMMANDS are the commands the Transport analyzer serves; the viewer serves the others. */
const ANALYZER_COMMANDS: ReadonlySet<CommandId> = new Set([COMMANDS.scanWorkspace, COMMANDS.showTransportFindings, COMMANDS.cancelTransportScan]);

/** stopAnalyzer ends what the analyzer started that outlives a disposal: its worker thread. */
let stopAnalyzer: (() => Promise<void>) | undefined;

/**
 * activate only registers: the commands, the Goroutines view and the
 * detection of dumps saved as text. The features are bundles of their own
 * (src/lazy), loaded when first used: the viewer when the view asks for its
 * rows, a dump document opens or one of its commands runs; the analyzer right
 * after activation returns (its background scan is what a Go workspace
 * activates the extension for) or by its first command. Their own heavy
 * parts (the parser, the fetcher, the analyzer's worker) load later still
 * (docs/performance.md, "Activation").
 */
export function activate(context: vscode.ExtensionContext): GoroutineLensApi {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const push = subscriber(context);
  const commands: CommandHandlers = new Map();

  const rows = push(new ViewRows(() => void viewer()));
  const view = push(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: rows, showCollapseAll: true }));
  let viewerLoaded: Viewer | undefined;
  const viewer = () => {
    if (!viewerLoaded) {
      viewerLoaded = loadViewer().activateViewer(context, { commands, view });
      rows.serve(viewerLoaded.dumps.tree);
    }
    return viewerLoaded;
  };
  let analyzerLoaded: Analyzer | undefined;
  const analyzer = () => {
    if (!analyzerLoaded) {
      analyzerLoaded = loadAnalyzer().activateAnalyzer(context, commands);
      stopAnalyzer = analyzerLoaded.stop;
    }
    return analyzerLoaded;
  };

  for (const id of Object.values(COMMANDS)) {
    push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        if (ANALYZER_COMMANDS.has(id)) analyzer();
        else viewer();
        const run = commands.get(id);
        if (!run) throw new Error(`Goroutine Lens: no handler for command ${id}`);
        return run(...args);
      }),
    );
  }

  /** later loads a feature once activation has returned (the extension host counts activation until then). */
  const later = (load: () => unknown) => {
    const timer = setTimeout(load, 0);
    push({ dispose: () => clearTimeout(timer) });
  };
  // A dump document's links, folding and outline come with the viewer, loaded when the first one opens.
  push(new DumpDetection());
  const isDump = (doc: vscode.TextDocument) => doc.languageId === DUMP_LANGUAGE_ID;
  push(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!viewerLoaded && isDump(doc)) later(viewer);
    }),
  );
  if (vscode.workspace.textDocuments.some(isDump)) later(viewer);
  later(analyzer);

  const activationMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return {
    get dumps() {
      return viewer().dumps;
    },
    get pictures() {
      return viewer().pictures;
    },
    get transport() {
      return analyzer().api;
    },
    activationMs,
    activationCpuMs: (user + system) / 1000,
    loadedAtActivation: [...loadedBundles],
  };
}

/**
 * deactivate ends the analyzer's worker thread, the Go grammar with it, and
 * resolves once it has exited; VS Code then disposes every registration
 * (context.subscriptions).
 */
export async function deactivate(): Promise<void> {
  const stop = stopAnalyzer;
  stopAnalyzer = undefined;
  await stop?.();
}

/**
 * ViewRows is the Goroutines view's data provider as activation registers
 * it: the view's first request loads the viewer (`load`, which calls serve),
 * whose tree then serves it, its changes passed on. Until then the view has
 * asked for nothing, so there is nothing to refresh.
 */
class ViewRows implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: vscode.TreeDataProvider<Node> | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => void) {}

  serve(tree: vscode.TreeDataProvider<Node>): void {
    this.tree = tree;
    this.forwarding = tree.onDidChangeTreeData?.((node) => this.changed.fire(node));
  }

  private provider(): vscode.TreeDataProvider<Node> {
    if (!this.tree) this.load();
    if (!this.tree) throw new Error('Goroutine Lens: the dump viewer did not load');
    return this.tree;
  }

  getChildren(node?: Node): vscode.ProviderResult<Node[]> {
    return this.provider().getChildren(node);
  }

  getTreeItem(node: Node): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(node);
  }

  getParent(node: Node): vscode.ProviderResult<Node> {
    return this.provider().getParent?.(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
