/**
 * protocol.ts is the contract between the extension host and the analyzer
 * worker (worker.ts): typed unions switched on `type`, plain data only
 * (structured clone), absolute file system paths everywhere.
 *
 * Why a worker: the tree-sitter grammar's first load and a package's parse
 * are synchronous work of tens of milliseconds; in a worker thread none of it
 * blocks the extension host, whatever the workspace's size. The worker owns
 * the only GoRuntime (the WASM is loaded once, there) and the parse cache
 * that keeps re-analysis as the user types incremental. Nothing here imports
 * `vscode`: the worker and the unit tests load it in plain Node.
 */
import type { SeverityByCase, TextEdit } from '../core/transport/model';
import type { ScanProgress } from '../core/go/scan';
import type { DirectoryResult as DirectoryReply, ScanResult as ScanReply } from '../core/transport/analysisScheduler';

/** WorkerAssets are where the worker finds the grammar: paths computed from the extension's URI. */
export interface WorkerAssets {
  readonly treeSitterWasm: string;
  readonly goWasm: string;
  /** The folder of the `.scm` queries (`queries/go` of the extension). */
  readonly queriesDir: string;
}

/** RuleSettings are the rule's options as the settings give them. */
export interface RuleSettings {
  readonly includeTests: boolean;
  readonly severities: SeverityByCase;
}

/** Overlay is an open document's text, which wins over the file on disk. */
export interface Overlay {
  readonly path: string;
  readonly text: string;
}

/** Scope says which paths of a folder are left out: globs relative to `root` (files.exclude, the analyzer's exclude). */
export interface Scope {
  readonly root: string;
  readonly exclude: readonly string[];
}

/** DirectoryRequest names one package directory, its open documents and the scope it lies in. */
export interface DirectoryRequest {
  readonly dir: string;
  readonly overlays: readonly Overlay[];
  readonly scope: Scope;
  readonly settings: RuleSettings;
}

/** Request is what the extension host asks; every request but `cancel` and `forget` gets one Reply with its id. */
export type Request =
  | { readonly type: 'scan'; readonly id: number; readonly scope: Scope; readonly settings: RuleSettings }
  | ({ readonly type: 'analyzeDirectory'; readonly id: number } & DirectoryRequest)
  | ({ readonly type: 'hoist'; readonly id: number; readonly file: string; readonly startOffset: number } & DirectoryRequest)
  | ({ readonly type: 'fixAll'; readonly id: number; readonly file: string } & DirectoryRequest)
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'forget'; readonly path: string };

export type RequestType = Exclude<Request['type'], 'cancel' | 'forget'>;

/**
 * ScanReply is a folder's scan (findings with absolute paths, what could not
 * be read) and DirectoryReply one package directory's findings and every .go
 * file it looked at: the shapes the scheduler (core/transport/analysisScheduler.ts)
 * takes, defined there once.
 */
export type { ScanReply, DirectoryReply };

/** EditsReply is a fix's text edits (offsets into the texts that were sent), or none when there is nothing to fix. */
export interface EditsReply {
  readonly edits: TextEdit[];
  /** The hoisted variable's name (hoist only). */
  readonly name?: string;
}

/** ReplyOf maps a request type to its reply's value. */
export interface ReplyOf {
  scan: ScanReply;
  analyzeDirectory: DirectoryReply;
  hoist: EditsReply;
  fixAll: EditsReply;
}

/** Reply is what the worker sends back: progress while a scan runs, then a result or an error. */
export type Reply =
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'progress'; readonly id: number; readonly progress: ScanProgress }
  | { readonly type: 'result'; readonly id: number; readonly value: ReplyOf[RequestType] }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly code?: string };

/** WorkerData is what the worker is started with. */
export interface WorkerData {
  readonly assets: WorkerAssets;
}
