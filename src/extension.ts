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
}

/**
 * activate composes the extension's features. Each feature owns its
 * registrations; this function only wires them together.
 */
export function activate(context: vscode.ExtensionContext): GoroutineLensApi {
  const dumps = registerDumps(context);
  registerDumpDocument(context);
  const transport = registerTransport(context);
  const pictures = registerPictures(context, dumps);
  return { dumps, transport, pictures };
}

export function deactivate(): void {}
