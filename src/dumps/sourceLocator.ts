import * as vscode from 'vscode';
import { bestSuffixMatch, baseName } from '../core/source/pathMatch';
import { locateSource, readGoEnv, type GoEnv, type SourceRequest } from '../core/source/locate';

/**
 * SourceLocator is jump to source in the editor: locateSource
 * (src/core/source/locate.ts) decides where a frame's file is, searching the
 * workspace through VS Code's file index; this class opens what it finds.
 */
export class SourceLocator {
  private goEnv: Promise<GoEnv> | undefined;

  /** locate resolves a frame to a file, or explains why it cannot. */
  async locate(request: SourceRequest, token?: vscode.CancellationToken): Promise<vscode.Uri | string> {
    const found = await locateSource(request, {
      inWorkspace: (file) => this.inWorkspace(file, token),
      // `go env` is asked once; without a Go toolchain, both are unknown.
      goEnv: () => (this.goEnv ??= readGoEnv()),
    });
    if (found.kind === 'workspace') return found.file;
    return found.kind === 'path' ? vscode.Uri.file(found.path) : found.reason;
  }

  /** open locates a frame and shows it at its line, or shows why it cannot. */
  async open(request: SourceRequest, options: { preview?: boolean } = {}): Promise<vscode.TextEditor | undefined> {
    const found = await this.locate(request);
    if (typeof found === 'string') {
      void vscode.window.showWarningMessage(found);
      return undefined;
    }
    const line = Math.max(0, request.line - 1);
    const range = new vscode.Range(line, 0, line, 0);
    return vscode.window.showTextDocument(found, { selection: range, preview: options.preview ?? true });
  }

  /** inWorkspace asks VS Code's file index for files of the frame's name and keeps the longest suffix match. */
  private async inWorkspace(file: string, token?: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
    if (!vscode.workspace.workspaceFolders?.length) return undefined;
    const name = baseName(file).replace(/[[\]{}*?]/g, '?');
    const candidates = await vscode.workspace.findFiles(`**/${name}`, '**/{node_modules,.git}/**', 200, token);
    const best = bestSuffixMatch(
      file,
      candidates.map((u) => u.path),
    );
    return best === undefined ? undefined : candidates.find((u) => u.path === best);
  }
}
