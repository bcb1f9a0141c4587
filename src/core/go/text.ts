/**
 * text.ts holds what the analyzer knows about a Go file's text without a
 * syntax tree: positions (0-based, UTF-16, as VS Code and tree-sitter's web
 * binding count), the line index, identifier search, the one changed span
 * between two texts, and where a line's `//` comment starts.
 */
/** Position is 0-based; `character` counts UTF-16 code units, as VS Code and tree-sitter's web binding do. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** Range carries both positions and UTF-16 offsets into the file's text (offsets are what edits use). */
export interface Range {
  readonly start: Position;
  readonly end: Position;
  readonly startOffset: number;
  readonly endOffset: number;
}

/**
 * LineIndex turns UTF-16 offsets into 0-based line/character positions. It is
 * built once per file text; tree-sitter's web binding already reports UTF-16
 * offsets, so no byte/character conversion happens anywhere.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** position finds the line by binary search over line starts. */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.position(startOffset), end: this.position(endOffset), startOffset, endOffset };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** lineEnd is the offset of the line's end, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** eolOf says which line ending a file uses (the hoist keeps CRLF files CRLF). */
export function eolOf(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
}

const IDENT_CHAR = /[\p{L}\p{Nd}_]/u;

/** isIdentChar tells whether a code unit can continue a Go identifier (letters, digits, `_`). */
export function isIdentChar(ch: string | undefined): boolean {
  return (
    ch !== undefined && (ch === '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || (ch > '\x7f' && IDENT_CHAR.test(ch)))
  );
}

/**
 * wordOffsets lists where `word` occurs as a whole identifier in text[from, to):
 * the cheap way to find references before asking the tree what they are.
 */
export function wordOffsets(text: string, word: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  if (word.length === 0) return found;
  for (let i = text.indexOf(word, from); i !== -1 && i + word.length <= to; i = text.indexOf(word, i + word.length)) {
    if (!isIdentChar(text[i - 1]) && !isIdentChar(text[i + word.length])) found.push(i);
  }
  return found;
}

/** lowerCamel turns `FetchStatus` into `fetchStatus` and `HTTPClient` into `httpClient`, as Go names go. */
export function lowerCamel(name: string): string {
  const m = /^[A-Z]+/.exec(name);
  if (!m) return name;
  const run = m[0];
  if (run.length === name.length) return name.toLowerCase();
  if (run.length === 1) return run.toLowerCase() + name.slice(1);
  // `HTTPClient` → `httpClient`: the last capital starts the next word.
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}

/**
 * identifierIndex maps every identifier-like word of a text to its offsets,
 * in one regular-expression pass (~1 ms per 50 KB). Call-site lookups then
 * cost one map access per name instead of a search through every file of
 * the package. Words in comments and strings are indexed too; callers check
 * the tree at each offset. Any non-ASCII character counts as a letter.
 */
export function identifierIndex(text: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const word = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/g;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    let offsets = index.get(m[0]);
    if (!offsets) index.set(m[0], (offsets = []));
    offsets.push(m.index);
  }
  return index;
}

/**
 * changedSpan is the one span that differs between two texts: the common
 * prefix (from `floor` on) and suffix stripped. The hoist's edits and the
 * parse cache's tree edits are both described by it.
 */
export function changedSpan(before: string, after: string, floor = 0): { start: number; oldEnd: number; newEnd: number } {
  let start = floor;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/**
 * lineCommentStart lexes Go text from its start, as Go lexes it, and returns
 * the offset of the `//` comment that begins in [lineStart, lineEnd), if
 * any: a `//` inside a string, a rune, a raw string (which may span lines)
 * or a block comment is not a comment. For callers without a syntax tree
 * (the editor's quick fix runs where the grammar is not loaded).
 */
export function lineCommentStart(text: string, lineStart: number, lineEnd: number): number | undefined {
  let i = 0;
  while (i < lineEnd) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      if (i >= lineStart) return i;
      const nl = text.indexOf('\n', i);
      if (nl === -1) return undefined;
      i = nl + 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return undefined;
      i = close + 2;
    } else if (ch === '`') {
      const close = text.indexOf('`', i + 1);
      if (close === -1) return undefined;
      i = close + 1;
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else i++;
  }
  return undefined;
}
