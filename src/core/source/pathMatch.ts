/**
 * Where a frame's file lives on this machine. A dump names files as the
 * machine that ran the program saw them: absolute build paths
 * (`/home/ci/src/app/server.go`), GOROOT paths of another Go install
 * (`/usr/local/go/src/net/http/transport.go`), module paths from -trimpath
 * builds (`example.com/app/server.go`, `net/http/transport.go`), module cache
 * paths, Windows paths. These pure functions rank the candidates; the editor
 * adapter finds them.
 */

/** pathSegments splits a path on `/` and `\`, dropping empty parts and a drive letter's colon case. */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s.length > 0 && s !== '.');
}

/** suffixScore counts the trailing path segments two paths share: `a/b/c.go` vs `x/b/c.go` → 2. */
export function suffixScore(framePath: string, candidate: string): number {
  const a = pathSegments(framePath);
  const b = pathSegments(candidate);
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * bestSuffixMatch picks the candidate whose path shares the longest suffix
 * with the frame's path (at least the file name); ties go to the shorter
 * path, then to the first. Undefined when none shares the file name.
 */
export function bestSuffixMatch(framePath: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const c of candidates) {
    const score = suffixScore(framePath, c);
    if (score > bestScore || (score === bestScore && score > 0 && best !== undefined && c.length < best.length)) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore > 0 ? best : undefined;
}

/** isStandardLibrary tells a standard-library package (`net/http`, `runtime`) from a module's (`example.com/x`, `main`). */
export function isStandardLibrary(pkg: string): boolean {
  if (pkg === '' || pkg === 'main') return false;
  const first = pkg.split('/')[0]!;
  return !first.includes('.');
}

/**
 * gorootRelative is a standard-library file's path under GOROOT/src:
 * `/usr/local/go/src/net/http/transport.go` → `net/http/transport.go`,
 * `C:/Go/src/runtime/proc.go` → `runtime/proc.go`, and a -trimpath
 * `net/http/transport.go` stays as it is. Undefined when the path does not
 * show where the package starts.
 */
export function gorootRelative(framePath: string, pkg: string): string | undefined {
  if (!isStandardLibrary(pkg)) return undefined;
  const segments = pathSegments(framePath);
  const pkgSegments = pkg.split('/');
  // Find the package's directory in the path, right before the file name.
  const fileAt = segments.length - 1;
  const start = fileAt - pkgSegments.length;
  if (start < 0) return undefined;
  for (let i = 0; i < pkgSegments.length; i++) if (segments[start + i] !== pkgSegments[i]) return vendoredOrAsm(segments);
  return segments.slice(start).join('/');
}

/** vendoredOrAsm handles files whose directory is not their package's: `runtime/asm_amd64.s` is, `vendor/golang.org/x/net/…` under GOROOT/src is found after `/src/`. */
function vendoredOrAsm(segments: string[]): string | undefined {
  const src = segments.lastIndexOf('src');
  return src >= 0 && src < segments.length - 1 ? segments.slice(src + 1).join('/') : undefined;
}

/**
 * moduleCacheRelative is a module file's path under GOMODCACHE:
 * `/root/go/pkg/mod/golang.org/x/net@v0.17.0/http2/transport.go` →
 * `golang.org/x/net@v0.17.0/http2/transport.go`.
 */
export function moduleCacheRelative(framePath: string): string | undefined {
  const segments = pathSegments(framePath);
  for (let i = segments.length - 2; i > 0; i--) {
    if (segments[i] === 'mod' && segments[i - 1] === 'pkg') return segments.slice(i + 1).join('/');
  }
  return undefined;
}

/** baseName is a path's last segment. */
export function baseName(path: string): string {
  const segments = pathSegments(path);
  return segments[segments.length - 1] ?? path;
}
