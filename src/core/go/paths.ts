// Which paths a scan skips: pure string rules, kept apart from scan.ts so that
// the editor's settings (src/core/transport/settings.ts) use them without
// loading the grammar's runtime (web-tree-sitter) into the extension's bundle.

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
