import type * as vscode from 'vscode';
import { registerDumps, type DumpsApi } from './dumps';
import { registerDumpDocument } from './dumps/document';

/** GoroutineLensApi is what activate returns: the integration tests reach the features through it. */
export interface GoroutineLensApi {
  readonly dumps: DumpsApi;
}

/**
 * activate composes the extension's features. Each feature owns its
 * registrations; this function only wires them together.
 */
export function activate(context: vscode.ExtensionContext): GoroutineLensApi {
  const dumps = registerDumps(context);
  registerDumpDocument(context);
  return { dumps };
}

export function deactivate(): void {}
