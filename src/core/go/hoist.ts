/**
 * hoist.ts is the quick fix "Hoist Transport to a package-level variable"
 * (SPEC §4), as pure functions from a package's files and a finding to text
 * edits. Nothing is written: the CLI's `--fix` and the extension's code
 * actions apply the edits.
 *
 * The result must be gofmt-clean, so the fix does by hand the three things
 * gofmt would otherwise change: the moved expression's lines lose the
 * indentation they had inside the function; the key/value pairs of the
 * composite literal the expression leaves (an http.Client's `Transport:`
 * field, typically) are realigned, since a multi-line value that becomes one
 * name joins its neighbours' alignment block; and a trailing comment on the
 * shortened line is realigned with its neighbours'. The tests check every
 * fixture's result with the real `gofmt -l` and `go vet`.
 *
 * Settled: NAME must be free among the package's package-level names (its
 * `_test.go` files in the same package included), every import name of
 * those files, and the locals visible at the use site; the locals of the
 * other functions do not matter, since the new name is only referred to
 * where the expression was.
 */
import type { Node } from 'web-tree-sitter';
import type { AnalyzeOptions, Finding, TextEdit } from './model';
import type { GoRuntime } from './treeSitter';
import { PackageIndex, packageClauseOf, type PackageIndexOptions, type PackageSource, type ParsedFile } from './packageIndex';
import { ParseCache } from './parseCache';
import { RuleContext, analyzeFile, functionDisplayName, hoistVariableStem } from './transportRule';
import { LineIndex, changedSpan, eolOf } from './text';
import { enclosingFunction, topLevelDeclaration } from './syntax';

/** HoistResult is the edits of one hoist and the variable name it chose. */
export interface HoistResult {
  readonly name: string;
  readonly edits: TextEdit[];
}

/**
 * hoistTransport computes the hoist for one finding (from analyzing the same
 * texts): an insertion above the enclosing top-level declaration and the
 * replacement of the expression by the new variable. Undefined when the
 * finding offers no fix or no longer matches the text.
 */
export function hoistTransport(go: GoRuntime, source: PackageSource, finding: Finding, options: AnalyzeOptions = {}): HoistResult | undefined {
  const text = source.files.find((f) => f.path === finding.file)?.read();
  if (text === undefined) return undefined;
  const index = new PackageIndex(go, source, packageClauseOf(text), indexOptions(options));
  try {
    return hoistIn(new RuleContext(index, options), finding);
  } finally {
    index.dispose();
  }
}

/** indexOptions passes the analysis options a PackageIndex takes. */
function indexOptions(options: AnalyzeOptions): PackageIndexOptions {
  return {
    includeTests: options.includeTests ?? false,
    ...(options.parseTimeoutMs ? { parseTimeoutMs: options.parseTimeoutMs } : {}),
    ...(options.parseCache ? { parseCache: options.parseCache } : {}),
  };
}

/**
 * fixAllInFile applies every available hoist of one file, one after another
 * (each re-analysed on the text the previous one left, so names never clash
 * and ranges never go stale), and returns one edit from the original text to
 * the result — or none when nothing can be hoisted. A ParseCache (the
 * caller's, or one of its own) makes each round reparse incrementally and
 * reuse the package's other trees.
 */
export function fixAllInFile(go: GoRuntime, source: PackageSource, path: string, options: AnalyzeOptions = {}): TextEdit[] {
  const original = source.files.find((f) => f.path === path)?.read();
  if (original === undefined) return [];
  const cache = options.parseCache ?? new ParseCache(64);
  try {
    let text = original;
    for (let round = 0; round < 200; round++) {
      const overlay: PackageSource = { files: source.files.map((f) => (f.path === path ? { path, read: () => text } : f)) };
      const next = hoistFirst(go, overlay, path, text, { ...options, parseCache: cache });
      if (next === undefined) break;
      text = next;
    }
    return text === original ? [] : [diffEdit(path, original, text)];
  } finally {
    if (!options.parseCache) cache.dispose();
  }
}

/** hoistFirst applies the first hoist that succeeds in the file and returns the new text. */
function hoistFirst(go: GoRuntime, source: PackageSource, path: string, text: string, options: AnalyzeOptions): string | undefined {
  const index = new PackageIndex(go, source, packageClauseOf(text), indexOptions(options));
  try {
    const ctx = new RuleContext(index, { ...options, severities: { ...options.severities, ...ALL_ON } });
    for (const finding of analyzeFile(ctx, path)) {
      if (!finding.fixAvailable) continue;
      const result = hoistIn(ctx, finding);
      if (result) return applyEdits(text, result.edits);
    }
    return undefined;
  } finally {
    index.dispose();
  }
}

/** ALL_ON makes fix-all hoist findings whose case a setting turned off, too: the fix is about the code, not the display. */
const ALL_ON = { local: 'warning', 'escapes-called-per-call': 'warning', 'escapes-uncalled': 'information', 'hint-closes': 'hint', 'hint-keepalives-off': 'hint' } as const;

/** hoistIn does the work of hoistTransport with a ready context. */
export function hoistIn(ctx: RuleContext, finding: Finding): HoistResult | undefined {
  if (!finding.fixAvailable) return undefined;
  const file = ctx.index.file(finding.file);
  if (!file) return undefined;
  const { startOffset, endOffset } = finding.range;
  const node = file.nodeAt(startOffset, endOffset);
  if (!node || node.startIndex !== startOffset || node.endIndex !== endOffset) return undefined;
  const top = topLevelDeclaration(node);
  const fn = enclosingFunction(node);
  if (!top || !fn) return undefined;

  const name = chooseName(ctx, file, node, fn);
  const eol = eolOf(file.text);
  const insertAt = file.lines.lineStart(docCommentStart(file, top).startPosition.row);
  const expression = reindent(file, node, eol);
  const doc = `// ${name} is shared by every call of ${functionDisplayName(fn)}: a Transport per call leaks its idle connections.`;
  const insertion = `${doc}${eol}var ${name} = ${expression}${eol}${eol}`;

  // Replace the expression, then realign what gofmt would realign around it.
  const replaced = file.text.slice(0, startOffset) + name + file.text.slice(endOffset);
  const aligned = realign(ctx.index.go, replaced, startOffset);
  const body = diffRange(file.text, aligned, insertAt);
  const edits: TextEdit[] = [
    { file: file.path, range: file.lines.range(insertAt, insertAt), newText: insertion },
    { file: file.path, range: file.lines.range(body.start, body.end), newText: body.newText },
  ];
  return { name, edits };
}

/**
 * chooseName picks SPEC's name: `transport`, else `<function>Transport`,
 * else `transport2`, `transport3`, … — the first that no package-level name,
 * import name or local visible at the use site takes.
 */
function chooseName(ctx: RuleContext, file: ParsedFile, node: Node, fn: Node): string {
  const taken = ctx.index.packageLevelNames();
  for (const local of ctx.locals.of(file.path, node).visibleAt(node)) taken.add(local.name);
  const stem = hoistVariableStem(fn);
  const candidates = ['transport', ...(stem ? [stem] : [])];
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate;
  for (let i = 2; ; i++) if (!taken.has(`transport${i}`)) return `transport${i}`;
}

/** docCommentStart is the first line of the comment block directly above a declaration (it stays attached to it), or the declaration. */
function docCommentStart(file: ParsedFile, top: Node): Node {
  let first = top;
  for (let prev = top.previousSibling; prev?.type === 'comment' && prev.endPosition.row >= first.startPosition.row - 1; prev = prev.previousSibling) {
    const lineStart = file.lines.lineStart(prev.startPosition.row);
    if (file.text.slice(lineStart, prev.startIndex).trim() !== '') break; // a trailing comment of the line above
    first = prev;
  }
  return first;
}

/**
 * reindent moves an expression's continuation lines left by the indentation
 * of the line it starts on — except lines that begin inside a multi-line raw
 * string, whose leading tabs are the string's content.
 */
function reindent(file: ParsedFile, node: Node, eol: string): string {
  const line = file.text.slice(file.lines.lineStart(node.startPosition.row), node.startIndex);
  const base = /^[ \t]*/.exec(line)![0];
  const raw = node.descendantsOfType('raw_string_literal').filter((n): n is Node => !!n && n.startPosition.row !== n.endPosition.row);
  const insideRaw = (offset: number) => raw.some((r) => r.startIndex < offset && offset < r.endIndex);
  const out: string[] = [];
  let offset = node.startIndex;
  for (const [i, l] of node.text.split('\n').entries()) {
    const text = l.endsWith('\r') ? l.slice(0, -1) : l;
    out.push(i > 0 && base && text.startsWith(base) && !insideRaw(offset) ? text.slice(base.length) : text);
    offset += l.length + 1;
  }
  return out.join(eol);
}

/** applyEdits applies non-overlapping edits to a text (from the end, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.startOffset - a.range.startOffset || b.range.endOffset - a.range.endOffset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.startOffset) + e.newText + out.slice(e.range.endOffset);
  return out;
}

/** diffRange finds the changed span between two texts, not starting before `floor`. */
function diffRange(before: string, after: string, floor: number): { start: number; end: number; newText: string } {
  const { start, oldEnd, newEnd } = changedSpan(before, after, floor);
  return { start, end: oldEnd, newText: after.slice(start, newEnd) };
}

/** diffEdit is one edit that turns before into after. */
function diffEdit(path: string, before: string, after: string): TextEdit {
  const d = diffRange(before, after, 0);
  return { file: path, range: new LineIndex(before).range(d.start, d.end), newText: d.newText };
}

/**
 * realign redoes gofmt's alignment where the hoist's replacement at `offset`
 * changed a line: the keyed elements of the literal it sits in, and the
 * trailing comments of the statements around it.
 */
function realign(go: GoRuntime, text: string, offset: number): string {
  const tree = go.parse(text);
  if (!tree) return text;
  try {
    const lines = new LineIndex(text);
    const node = tree.rootNode.descendantForIndex(offset, offset);
    const element = node ? ancestor(node, 'keyed_element') : null;
    const literal = element?.parent;
    if (element && literal?.type === 'literal_value') {
      const aligned = alignKeyedLiteral(text, lines, literal);
      if (aligned !== undefined) return aligned;
    }
    return alignTrailingComments(text, lines, tree.rootNode, node?.startPosition.row ?? lines.position(offset).line) ?? text;
  } finally {
    tree.delete();
  }
}

function ancestor(node: Node, type: string): Node | null {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === type) return n;
    if (n.type === 'block' || n.type === 'source_file') return null;
  }
  return null;
}

/** Row is one line of a column-aligned block: its indentation, its cells, and a trailing comment. */
interface Row {
  readonly line: number;
  readonly indent: string;
  readonly cells: string[];
  readonly comment?: string;
}

/**
 * alignKeyedLiteral rewrites the element lines of a multi-line keyed
 * literal the way go/printer's exprList lays them out: single-line
 * key/value pairs on consecutive lines share a key column unless a
 * multi-line element, a blank or comment line, or the key-size ratio rule
 * breaks the section; trailing comments of consecutive lines share a column.
 */
function alignKeyedLiteral(text: string, lines: LineIndex, literal: Node): string | undefined {
  const items = literal.namedChildren.filter((n): n is Node => !!n);
  const elements = items.filter((n) => n.type !== 'comment');
  if (elements.length < 2) return undefined;
  // go/printer's size bookkeeping (printer/nodes.go exprList).
  let size = 0;
  let lnsum = 0;
  let count = 0;
  let prevEnd = -1;
  const sections: Row[][] = [];
  let current: Row[] = [];
  const flush = () => {
    if (current.length > 0) sections.push(current);
    current = [];
  };
  for (const x of elements) {
    const prevSize = size;
    const single = x.startPosition.row === x.endPosition.row;
    const isPair = x.type === 'keyed_element';
    const key = isPair ? x.childForFieldName('key')! : null;
    size = single ? (key ? key.text.length : x.text.length) : 0;
    let useFF = true;
    if (prevSize > 0 && size > 0) {
      if (count === 0 || (prevSize <= 40 && size <= 40)) useFF = false;
      else {
        const ratio = size / Math.exp(lnsum / count);
        useFF = 2.5 * ratio <= 1 || 2.5 <= ratio;
      }
    }
    if (size > 0) {
      lnsum += Math.log(size);
      count++;
    }
    const ownLine = x.startPosition.row > prevEnd;
    const lineStart = lines.lineStart(x.startPosition.row);
    const indent = text.slice(lineStart, x.startIndex);
    const trailing = items.find((c) => c.type === 'comment' && c.startPosition.row === x.endPosition.row && c.startIndex >= x.endIndex);
    const afterElement = text.slice(x.endIndex, trailing ? trailing.startIndex : lines.lineEnd(x.endPosition.row)).trim();
    const alignable = isPair && single && ownLine && /^\s*$/.test(indent) && afterElement === ',' && (!trailing || trailing.endPosition.row === trailing.startPosition.row);
    if (!alignable || useFF || x.startPosition.row !== prevEnd + 1) flush();
    if (alignable) {
      const value = x.childForFieldName('value')!;
      current.push({ line: x.startPosition.row, indent, cells: [`${key!.text}:`, `${value.text},`], ...(trailing ? { comment: trailing.text } : {}) });
    } else {
      flush();
    }
    prevEnd = x.endPosition.row;
  }
  flush();
  return alignRowsInText(text, lines, sections);
}

/**
 * alignTrailingComments realigns the trailing comments of the run of
 * single-line statements around `row` (same indentation, consecutive lines,
 * each with a trailing line comment), when the changed line has one.
 */
function alignTrailingComments(text: string, lines: LineIndex, root: Node, row: number): string | undefined {
  const rowOf = (line: number): Row | undefined => {
    if (line < 0 || line >= lines.lineCount) return undefined;
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const content = text.slice(start, end);
    const at = content.lastIndexOf('//');
    if (at <= 0) return undefined;
    const comment = root.descendantForIndex(start + at, start + at + 2);
    if (comment?.type !== 'comment' || comment.startIndex !== start + at || comment.endIndex !== end) return undefined;
    const code = content.slice(0, at).replace(/\s+$/, '');
    const indent = /^\t*/.exec(code)![0];
    if (code.trim() === '' || code.endsWith('{') || code.endsWith('(') || code.trimStart().startsWith('}')) return undefined;
    return { line, indent, cells: [code.slice(indent.length)], comment: comment.text };
  };
  const here = rowOf(row);
  if (!here) return undefined;
  const run: Row[] = [here];
  for (let l = row - 1; ; l--) {
    const r = rowOf(l);
    if (!r || r.indent !== here.indent) break;
    run.unshift(r);
  }
  for (let l = row + 1; ; l++) {
    const r = rowOf(l);
    if (!r || r.indent !== here.indent) break;
    run.push(r);
  }
  return alignRowsInText(text, lines, [run]);
}

/** width counts what tabwriter counts: runes. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * alignRowsInText lays each section out as text/tabwriter does with gofmt's
 * settings (padding 1, spaces): every cell but the last is padded to its
 * column's width over consecutive rows having that column; a trailing
 * comment is one more cell.
 */
function alignRowsInText(text: string, lines: LineIndex, sections: Row[][]): string | undefined {
  const replacements = new Map<number, string>();
  for (const rows of sections) {
    const table = rows.map((r) => (r.comment !== undefined ? [...r.cells, r.comment] : r.cells));
    const out = table.map(() => '');
    layout(table, 0, 0, table.length, out);
    rows.forEach((r, i) => replacements.set(r.line, r.indent + out[i]));
  }
  if (replacements.size === 0) return undefined;
  const parts: string[] = [];
  let last = 0;
  for (const [line, content] of [...replacements].sort((a, b) => a[0] - b[0])) {
    parts.push(text.slice(last, lines.lineStart(line)), content);
    last = lines.lineEnd(line);
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/**
 * layout is tabwriter's recursive column-block formatting of rows
 * [from, to) from column `column` on: consecutive rows that have a cell in
 * this column that is not their last form a block padded to one width.
 */
function layout(table: string[][], column: number, from: number, to: number, out: string[]): void {
  let row = from;
  while (row < to) {
    const cells = table[row]!;
    if (column >= cells.length - 1) {
      out[row] += cells[column] ?? '';
      row++;
      continue;
    }
    const start = row;
    let w = 0;
    for (; row < to && column < table[row]!.length - 1; row++) w = Math.max(w, width(table[row]![column]!) + 1);
    for (let r = start; r < row; r++) {
      const cell = table[r]![column]!;
      out[r] += cell + ' '.repeat(w - width(cell));
    }
    layout(table, column + 1, start, row, out);
  }
}
