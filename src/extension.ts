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
}

/**
 * activate composes the extension's features. Each feature owns its
 * registrations; this function only wires them together.
 */
export function activate(context: vscode.ExtensionContext): GoroutineLensApi {
  const started = performance.now();
  const dumps = registerDumps(context);
  registerDumpDocument(context);
  const transport = registerTransport(context);
  const pictures = registerPictures(context, dumps);
  return { dumps, transport, pictures, activationMs: performance.now() - started };
}

export function deactivate(): void {}
