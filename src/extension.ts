import type * as vscode from 'vscode';
import { registerDumps, type DumpsApi } from './dumps';
import { registerDumpDocument } from './dumps/document';
import { registerPictures, type PicturesApi } from './pictures';
import { registerTransport, type TransportApi } from './transport';

/** GoroutineLensApi is what activate returns: the integration tests reach the features through it. */
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
}

/** stopTransport ends what activation started that outlives a disposal: the analyzer's worker thread. */
let stopTransport: (() => Promise<void>) | undefined;

/**
 * activate composes the extension's features. Each feature owns its
 * registrations; this function only wires them together. It only registers:
 * what takes time (the analyzer, its background scan, the parser, the
 * fetcher) starts after it returns or on first use (docs/performance.md,
 * "Activation").
 */
export function activate(context: vscode.ExtensionContext): GoroutineLensApi {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const dumps = registerDumps(context);
  registerDumpDocument(context);
  const { api: transport, stop } = registerTransport(context);
  stopTransport = stop;
  const pictures = registerPictures(context, dumps);
  const activationMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { dumps, transport, pictures, activationMs, activationCpuMs: (user + system) / 1000 };
}

/**
 * deactivate ends the analyzer's worker thread, the Go grammar with it, and
 * resolves once it has exited; VS Code then disposes every registration
 * (context.subscriptions).
 */
export async function deactivate(): Promise<void> {
  const stop = stopTransport;
  stopTransport = undefined;
  await stop?.();
}
