/**
 * paths.ts is the one rule for which paths a scan skips: pure string rules,
 * kept apart from scan.ts so that the editor (its settings and the
 * re-analysis of one directory as the user types) uses them without loading
 * the grammar's runtime (web-tree-sitter) into the extension's bundle.
 * The scan's walk (scan.ts) and the editor ask the same ScopeMatcher, with paths
 * written by toSlash.
 */
import { sep } from 'node:path';

/** toSlash writes a native relative path with `/` between its parts, as globs, findings and messages take it. */
export function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** isUnder tells whether a native path is root or inside it (not a sibling that shares its prefix). */
export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

const SKIPPED_DIRECTORIES = new Set(['vendor', 'testdata']);

/** isSkippedDirectory is the go tool's rule for directories that hold no packages of the tree: `vendor`, `testdata`, and names starting with `.` or `_`. */
export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('.') || name.startsWith('_');
}

/** globToRegExp compiles a glob: `**` spans directories, `*` and `?` stay within one; a pattern without `/` matches at any depth. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += /[.+^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

/**
 * ScopeMatcher says whether a path relative to a scanned directory or
 * workspace folder (with `/`) is out of the analyzer's scope: under a
 * skipped directory, or matched by an exclude glob (itself or one of its
 * directories). scan.ts's walk asks it about each directory and file as it walks
 * down; the editor asks `excludes` about one file's whole path.
 */
export class ScopeMatcher {
  private readonly patterns: RegExp[];

  constructor(readonly exclude: readonly string[]) {
    this.patterns = exclude.map(globToRegExp);
  }

  /** excludesDirectory says whether the directory at `dir` (relative, with `/`) is left out, with everything under it. */
  excludesDirectory(dir: string): boolean {
    if (isSkippedDirectory(dir.slice(dir.lastIndexOf('/') + 1))) return true;
    return this.patterns.some((re) => re.test(dir) || re.test(`${dir}/`));
  }

  /** excludesFile says whether a glob names the file at `path` (relative, with `/`); its directories are not asked. */
  excludesFile(path: string): boolean {
    return this.patterns.some((re) => re.test(path));
  }

  /** excludes says whether the file at relativePath is out of scope: outside the folder, under an excluded directory, or excluded itself. */
  excludes(relativePath: string): boolean {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    if (path === '' || path === '..' || path.startsWith('../') || /^[a-zA-Z]:|^\//.test(path)) return true;
    const parts = path.split('/');
    for (let i = 0; i < parts.length - 1; i++) if (this.excludesDirectory(parts.slice(0, i + 1).join('/'))) return true;
    return this.excludesFile(path);
  }
}
