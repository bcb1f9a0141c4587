import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { packageOf } from '../core/dump/buckets';
import { baseName, bestSuffixMatch, gorootRelative, isStandardLibrary, moduleCacheRelative } from '../core/source/pathMatch';

/** SourceRequest is a frame to open: its file and line as the dump prints them, and its function. */
export interface SourceRequest {
  readonly file: string;
  readonly line: number;
  readonly func?: string;
}

/** GoEnv is what `go env` says about where the toolchain and the module cache are. */
interface GoEnv {
  readonly GOROOT?: string;
  readonly GOMODCACHE?: string;
}

/**
 * SourceLocator finds the file a frame names on this machine: the workspace
 * file whose path is the longest suffix match (module and -trimpath paths
 * too), else for the standard library the file under the local GOROOT
 * (`go env GOROOT`), else in the module cache. Standard-library frames try
 * GOROOT first, so that a workspace `transport.go` is not mistaken for
 * net/http's.
 */
export class SourceLocator {
  private goEnv: Promise<GoEnv> | undefined;

  /** locate resolves a frame to a file, or explains why it cannot. */
  async locate(request: SourceRequest, token?: vscode.CancellationToken): Promise<vscode.Uri | string> {
    const { file } = request;
    if (!file || file === '?' || file === '??' || file.startsWith('<')) {
      return `${request.func ?? 'This frame'} has no source file in the dump (${file || 'none'}).`;
    }
    const pkg = request.func ? packageOf(request.func) : '';
    if (isStandardLibrary(pkg)) {
      const inGoroot = await this.inGoroot(file, pkg);
      if (inGoroot) return inGoroot;
    }
    const inWorkspace = await this.inWorkspace(file, token);
    if (inWorkspace) return inWorkspace;
    if (!isStandardLibrary(pkg)) {
      const inCache = await this.inModuleCache(file);
      if (inCache) return inCache;
    }
    if (existsSync(file)) return vscode.Uri.file(file);
    const where = isStandardLibrary(pkg) ? 'the local Go installation (go env GOROOT) or the workspace' : 'the workspace or the Go module cache';
    return `Cannot find ${baseName(file)} (${file}) in ${where}. Open the folder of the module that built this binary to jump to its frames.`;
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

  private async inGoroot(file: string, pkg: string): Promise<vscode.Uri | undefined> {
    const rel = gorootRelative(file, pkg);
    const { GOROOT } = await this.env();
    if (!rel || !GOROOT) return undefined;
    const path = join(GOROOT, 'src', rel);
    return existsSync(path) ? vscode.Uri.file(path) : undefined;
  }

  private async inModuleCache(file: string): Promise<vscode.Uri | undefined> {
    const rel = moduleCacheRelative(file);
    const { GOMODCACHE } = await this.env();
    if (!rel || !GOMODCACHE) return undefined;
    const path = join(GOMODCACHE, rel);
    return existsSync(path) ? vscode.Uri.file(path) : undefined;
  }

  /** env asks `go env` once; without a Go toolchain, both are unknown. */
  private env(): Promise<GoEnv> {
    this.goEnv ??= new Promise((resolve) => {
      execFile('go', ['env', '-json', 'GOROOT', 'GOMODCACHE'], { timeout: 10_000 }, (err, stdout) => {
        if (err) return resolve({});
        try {
          resolve(JSON.parse(stdout) as GoEnv);
        } catch {
          resolve({});
        }
      });
    });
    return this.goEnv;
  }
}
