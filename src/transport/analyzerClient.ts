/**
 * analyzerClient.ts is the extension host's side of the analyzer worker: it
 * starts the worker on the first request, matches replies to requests by id,
 * forwards cancellation, and restarts the worker after a crash (a bug, or a
 * grammar that ran out of memory) — but not in a loop. No `vscode` here: the
 * unit tests drive it in plain Node against the bundled worker.
 */
import { Worker } from 'node:worker_threads';
import { LensError } from '../core/errors';
import type { ScanProgress } from '../core/go/scan';
import type { Reply, ReplyOf, Request, RequestType, WorkerAssets, WorkerData } from './protocol';

/** RequestOf is the request of one type without its id (the client numbers them). */
export type RequestOf<T extends RequestType> = Omit<Extract<Request, { type: T }>, 'id'>;

export interface RequestOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  onProgress?: (progress: ScanProgress) => void;
}

/** MAX_CRASHES in CRASH_WINDOW_MS stop the restarts: every later request fails with the last crash's reason. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export class AnalyzerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private crashes: number[] = [];
  private lastCrash: string | undefined;
  private disposed = false;

  constructor(
    /** The worker's script: dist/transportWorker.js of the extension. */
    private readonly script: string,
    private readonly assets: WorkerAssets,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** running tells whether a worker thread is up (it starts on the first request). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * request sends one request and resolves with its reply. An aborted signal
   * rejects at once with a LensError `aborted` and tells the worker to drop
   * the request (a queued one is skipped; a scan stops at its next yield).
   */
  request<T extends RequestType>(request: RequestOf<T> & { readonly type: T }, options: RequestOptions = {}): Promise<ReplyOf[T]> {
    if (this.disposed) return Promise.reject(new LensError('aborted', 'the analyzer was stopped'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new LensError('aborted', 'cancelled'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.nextId++;
    return new Promise<ReplyOf[T]>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.worker?.postMessage({ type: 'cancel', id } satisfies Request);
        this.updateRef();
        reject(new LensError('aborted', 'cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as ReplyOf[T]);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      this.updateRef();
      worker.postMessage({ ...request, id } as Request);
    });
  }

  /** forget drops a file's cached tree in the worker (its document closed). */
  forget(path: string): void {
    this.worker?.postMessage({ type: 'forget', path } satisfies Request);
  }

  /** stop ends the worker (its memory with it); the next request starts a new one. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new LensError('aborted', 'the analyzer was stopped'));
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
  }

  dispose(): void {
    this.disposed = true;
    void this.stop();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
    if (this.crashes.length >= MAX_CRASHES) {
      throw new Error(
        `the Go analyzer stopped ${this.crashes.length} times in a minute and is not restarted; last: ${this.lastCrash}. Reload the window to try again.`,
      );
    }
    const worker = new Worker(this.script, { workerData: { assets: this.assets } satisfies WorkerData });
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (err) => this.onCrash(worker, `the analyzer failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => this.onCrash(worker, `the analyzer exited with code ${code}`));
    this.worker = worker;
    this.updateRef();
    return worker;
  }

  private onReply(reply: Reply): void {
    switch (reply.type) {
      case 'log':
        this.log(reply.message);
        return;
      case 'progress':
        this.pending.get(reply.id)?.onProgress?.(reply.progress);
        return;
      case 'result':
      case 'error': {
        const pending = this.pending.get(reply.id);
        if (!pending) return; // cancelled meanwhile
        this.pending.delete(reply.id);
        this.updateRef();
        if (reply.type === 'result') pending.resolve(reply.value);
        else pending.reject(new LensError((reply.code as LensError['code']) ?? 'io', reply.message));
      }
    }
  }

  private onCrash(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.crashes.push(Date.now());
    this.lastCrash = why;
    this.log(why);
    this.failAll(new Error(why));
  }

  private failAll(err: unknown): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }

  /** updateRef lets Node exit while the worker is idle (tests, the CLI host) and keeps it alive while a request waits. */
  private updateRef(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}
