/**
 * worker.ts is the analyzer's worker thread (bundled to dist/transportWorker.js):
 * it loads the Go grammar once, from the paths the extension computed from
 * its URI, and answers protocol.ts's requests with the core's functions —
 * scanTree for a workspace folder, analyzePackageFiles for one directory
 * with the open documents' texts laid over the files on disk, hoistTransport
 * and fixAllInFile for the quick fixes.
 *
 * Requests other than scans run one per macrotask, in arrival order, so a
 * `cancel` that arrives while they wait in the queue drops them; a scan runs
 * alongside (the core's scan yields every few milliseconds), so re-analysis
 * as the user types is not held up by a long scan. Nothing here imports
 * `vscode`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { ParseCache, directorySource, loadGo, type GoAssets, type GoRuntime, type PackageSource, type SourceFile } from '../core/go';
import { analyzePackageFiles, fixAllInFile, hoistTransport, scanTree, type AnalyzeOptions, type Finding } from '../core/transport';
import { isLensError } from '../core/errors';
import { ScopeMatcher, toSlash } from '../core/go/paths';
import type { DirectoryReply, DirectoryRequest, EditsReply, Reply, Request, RuleSettings, ScanReply, WorkerData } from './protocol';

const port = parentPort;
if (!port) throw new Error('transportWorker.js runs as a worker thread of the extension host, not on its own');
const { assets } = workerData as WorkerData;

/** goAssets serves the grammar from the extension's dist/ and queries/go, as the extension located them. */
const goAssets: GoAssets = {
  locateWasm: (name) => (name === 'tree-sitter.wasm' ? assets.treeSitterWasm : assets.goWasm),
  readQuery: async (name) => readFileSync(join(assets.queriesDir, `${name}.scm`), 'utf8'),
};

/** parseCache keeps the trees of recently analysed files, so that re-analysis while typing reparses incrementally. */
const parseCache = new ParseCache(32);

let loggedLoad = false;

/** go is the grammar: loadGo loads it once (a failed load is retried by the next call); the first load says how long it took. */
async function go(): Promise<GoRuntime> {
  const start = performance.now();
  const loaded = await loadGo(goAssets);
  if (!loggedLoad) {
    loggedLoad = true;
    post({ type: 'log', message: `Go grammar loaded in ${Math.round(performance.now() - start)} ms (${assets.goWasm})` });
  }
  return loaded;
}

function post(reply: Reply): void {
  port!.postMessage(reply);
}

const queue: Exclude<Request, { type: 'cancel' | 'forget' | 'scan' }>[] = [];
const cancelled = new Set<number>();
const scans = new Map<number, AbortController>();
let draining = false;

port.on('message', (request: Request) => {
  switch (request.type) {
    case 'cancel':
      if (scans.has(request.id)) scans.get(request.id)!.abort();
      else cancelled.add(request.id);
      return;
    case 'forget':
      parseCache.forget(request.path);
      return;
    case 'scan':
      void runScan(request);
      return;
    default:
      queue.push(request);
      drain();
  }
});

/** drain runs the queued requests one per macrotask, skipping those cancelled meanwhile. */
function drain(): void {
  if (draining) return;
  draining = true;
  // answer() reports its own failures to the extension: nothing is left to handle.
  setImmediate(() => void answerNext());
}

/** answerNext answers the first request in the queue, then drains the rest. */
async function answerNext(): Promise<void> {
  const request = queue.shift();
  try {
    if (request && !cancelled.delete(request.id)) await answer(request);
  } finally {
    draining = false;
    if (queue.length > 0) drain();
    else cancelled.clear();
  }
}

async function answer(request: (typeof queue)[number]): Promise<void> {
  try {
    let value: DirectoryReply | EditsReply;
    switch (request.type) {
      case 'analyzeDirectory':
        value = analyzeDirectory(await go(), request);
        break;
      case 'hoist':
        value = hoist(await go(), request);
        break;
      case 'fixAll':
        value = fixAll(await go(), request);
        break;
    }
    post({ type: 'result', id: request.id, value });
  } catch (err) {
    fail(request.id, err);
  }
}

function fail(id: number, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  post({ type: 'error', id, message, ...(isLensError(err) ? { code: err.code } : {}) });
}

function ruleOptions(settings: RuleSettings): AnalyzeOptions {
  return { includeTests: settings.includeTests, severities: settings.severities };
}

/** runScan scans one workspace folder with the core's scanner and makes every path absolute. */
async function runScan(request: Extract<Request, { type: 'scan' }>): Promise<void> {
  const abort = new AbortController();
  scans.set(request.id, abort);
  const start = performance.now();
  let lastProgress = 0;
  try {
    const root = request.scope.root;
    const result = await scanTree([root], {
      ...ruleOptions(request.settings),
      exclude: request.scope.exclude,
      signal: abort.signal,
      go: goAssets,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < 100) return;
        lastProgress = now;
        post({ type: 'progress', id: request.id, progress });
      },
    });
    const absolute = (file: string) => (isAbsolute(file) ? file : join(root, file));
    const findings: Finding[] = result.findings.map(({ root: _root, ...f }) => ({
      ...f,
      file: absolute(f.file),
      related: f.related.map((r) => ({ ...r, file: absolute(r.file) })),
    }));
    const reply: ScanReply = {
      root,
      findings,
      problems: result.problems,
      filesSeen: result.filesSeen,
      candidates: result.candidates,
      elapsedMs: performance.now() - start,
    };
    post({ type: 'result', id: request.id, value: reply });
  } catch (err) {
    fail(request.id, err);
  } finally {
    scans.delete(request.id);
  }
}

/**
 * packageSource is a directory's .go files (the core's directorySource, read
 * lazily from disk) with the open documents' texts laid over them, open
 * documents in it that are not on disk added, and absolute paths. `files` is
 * every .go file seen; only those the folder's scope keeps are analysed and
 * read for call sites, as in a scan.
 */
function packageSource(request: DirectoryRequest): { source: PackageSource; files: string[] } {
  const overlays = new Map(request.overlays.map((o) => [o.path, o.text]));
  const onDisk = new Map(directorySource(request.dir, request.dir).files.map((f) => [join(request.dir, f.path), f]));
  const files = [...new Set([...onDisk.keys(), ...[...overlays.keys()].filter((path) => dirname(path) === request.dir)])].sort();
  const scope = new ScopeMatcher(request.scope.exclude);
  const sourceFiles: SourceFile[] = files
    .filter((path) => !scope.excludes(toSlash(relative(request.scope.root, path))))
    .map((path) => {
      const text = overlays.get(path);
      const disk = onDisk.get(path);
      return { path, read: () => text ?? disk?.read() };
    });
  return { source: { files: sourceFiles }, files };
}

function analyzeDirectory(runtime: GoRuntime, request: DirectoryRequest): DirectoryReply {
  const { source, files } = packageSource(request);
  const result = analyzePackageFiles(runtime, source, undefined, { ...ruleOptions(request.settings), parseCache });
  return { dir: request.dir, files, findings: result.findings, unparsed: result.unparsed };
}

/** hoist re-analyses the directory as it is now and hoists the fixable finding of `file` that starts at startOffset. */
function hoist(runtime: GoRuntime, request: Extract<Request, { type: 'hoist' }>): EditsReply {
  const { source } = packageSource(request);
  const options = ruleOptions(request.settings);
  const { findings } = analyzePackageFiles(runtime, source, [request.file], { ...options, parseCache });
  const finding = findings.find((f) => f.file === request.file && f.range.startOffset === request.startOffset && f.fixAvailable);
  if (!finding) return { edits: [] };
  const result = hoistTransport(runtime, source, finding, options);
  return result ? { edits: result.edits, name: result.name } : { edits: [] };
}

function fixAll(runtime: GoRuntime, request: Extract<Request, { type: 'fixAll' }>): EditsReply {
  const { source } = packageSource(request);
  return { edits: fixAllInFile(runtime, source, request.file, ruleOptions(request.settings)) };
}
