import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageOf } from '../dump/buckets';
import { baseName, gorootRelative, isStandardLibrary, moduleCacheRelative } from './pathMatch';

/** SourceRequest is a frame to open: its file and line as the dump prints them, and its function. */
export interface SourceRequest {
  readonly file: string;
  readonly line: number;
  readonly func?: string;
}

/** GoEnv is what `go env` says about where the toolchain and the module cache are. */
export interface GoEnv {
  readonly GOROOT?: string;
  readonly GOMODCACHE?: string;
}

/**
 * SourceSearch is what locateSource cannot do alone: search the open
 * workspace (the editor's file index, whose results are the editor's own
 * references, `W`) and ask the Go toolchain where it lives.
 */
export interface SourceSearch<W> {
  /** inWorkspace finds the workspace file that best matches a frame's path, if any. */
  inWorkspace(file: string): Promise<W | undefined>;
  /** goEnv says where GOROOT and GOMODCACHE are; empty without a Go toolchain. */
  goEnv(): Promise<GoEnv>;
}

/** Located is where a frame's file was found: a workspace file, a path on this machine, or why it was not. */
export type Located<W> =
  { readonly kind: 'workspace'; readonly file: W } | { readonly kind: 'path'; readonly path: string } | { readonly kind: 'missing'; readonly reason: string };

/**
 * locateSource finds the file a frame names on this machine: the workspace
 * file whose path is the longest suffix match (module and -trimpath paths
 * too), else for the standard library the file under the local GOROOT
 * (`go env GOROOT`), else in the module cache. Standard-library frames try
 * GOROOT first, so that a workspace `transport.go` is not mistaken for
 * net/http's. The frame's own path is the last resort.
 */
export async function locateSource<W>(request: SourceRequest, search: SourceSearch<W>): Promise<Located<W>> {
  const { file } = request;
  if (!file || file === '?' || file === '??' || file.startsWith('<')) {
    return { kind: 'missing', reason: `${request.func ?? 'This frame'} has no source file in the dump (${file || 'none'}).` };
  }
  const pkg = request.func ? packageOf(request.func) : '';
  if (isStandardLibrary(pkg)) {
    const inGoroot = underGoEnv(gorootRelative(file, pkg), (await search.goEnv()).GOROOT, 'src');
    if (inGoroot) return { kind: 'path', path: inGoroot };
  }
  const inWorkspace = await search.inWorkspace(file);
  if (inWorkspace) return { kind: 'workspace', file: inWorkspace };
  if (!isStandardLibrary(pkg)) {
    const inCache = underGoEnv(moduleCacheRelative(file), (await search.goEnv()).GOMODCACHE);
    if (inCache) return { kind: 'path', path: inCache };
  }
  if (existsSync(file)) return { kind: 'path', path: file };
  const where = isStandardLibrary(pkg) ? 'the local Go installation (go env GOROOT) or the workspace' : 'the workspace or the Go module cache';
  return {
    kind: 'missing',
    reason: `Cannot find ${baseName(file)} (${file}) in ${where}. Open the folder of the module that built this binary to jump to its frames.`,
  };
}

/** underGoEnv is `root/…sub/rel` when both are known and the file exists there. */
function underGoEnv(rel: string | undefined, root: string | undefined, ...sub: string[]): string | undefined {
  if (!rel || !root) return undefined;
  const path = join(root, ...sub, rel);
  return existsSync(path) ? path : undefined;
}

/** readGoEnv asks `go env` for GOROOT and GOMODCACHE; without a Go toolchain (or on any error), both are unknown. */
export function readGoEnv(): Promise<GoEnv> {
  return new Promise((resolve) => {
    execFile('go', ['env', '-json', 'GOROOT', 'GOMODCACHE'], { timeout: 10_000 }, (err, stdout) => {
      if (err) return resolve({});
      try {
        resolve(JSON.parse(stdout) as GoEnv);
      } catch {
        resolve({});
      }
    });
  });
}
