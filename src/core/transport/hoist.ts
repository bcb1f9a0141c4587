/**
 * hoist.ts is the quick fix "Hoist Transport to a package-level variable"
 * (docs/transport-rule.md, "Quick fixes"), as pure functions from a package's files and a finding to text
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
import { NET_HTTP, X_NET_HTTP2, type AnalyzeOptions, type Finding, type TextEdit } from './model';
import { indexOptions } from './analyze';
import { DEFAULT_SEVERITIES } from './findingCases';
import type { GoRuntime } from '../go/treeSitter';
import { PackageIndex, packageClauseOf, withFileText, type PackageSource, type ParsedFile } from '../go/packageIndex';
import { ParseCache } from '../go/parseCache';
import { RuleContext, analyzeFile, hoistPlanAt } from './rule';
import { isNolintComment } from './nolint';
import type { MovedConfig } from './hoistPlan';
import { LineIndex, changedSpan, eolOf, lowerCamel } from '../go/text';
import { enclosingFunction, functionDisplayName, receiverTypeName, topLevelDeclaration, unwrapParens } from '../go/syntax';

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
      const next = hoistFirst(go, withFileText(source, path, text), path, text, { ...options, parseCache: cache });
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
    // Every case at its default level, none `off`: fix-all hoists findings a setting hides too; the fix is about the code, not the display.
    const ctx = new RuleContext(index, { ...options, severities: { ...options.severities, ...DEFAULT_SEVERITIES } });
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

  const planned = hoistPlanAt(ctx, file, node);
  if (!planned || planned.plan.blocker) return undefined;
  const { plan } = planned;

  const name = chooseName(ctx, file, node, fn);
  const eol = eolOf(file.text);
  const insertAt = file.lines.lineStart(docCommentStart(file, top).startPosition.row);
  const expression = plan.moved.length > 0 ? movedExpression(ctx, file, node, planned, eol) : reindent(file, node, eol);
  if (expression === undefined) return undefined;
  const nolint = nolintToMove(file, node);
  const doc = `// ${name} is shared by every call of ${functionDisplayName(fn)}: a Transport per call leaks its idle connections.`;
  const insertion = `${doc}${eol}${docLines(nolint.lines)
    .map((l) => l + eol)
    .join('')}var ${name} = ${expression}${eol}${eol}`;

  // Delete the moved statements (from the end), then replace the expression,
  // then realign what gofmt would realign around each change.
  let replaced = file.text;
  const deleted: number[] = [];
  for (const range of movedLineRanges(file, plan.moved).reverse()) {
    replaced = replaced.slice(0, range.start) + replaced.slice(range.end);
    deleted.push(range.start);
  }
  for (const at of deleted) replaced = alignCommentsNear(ctx.index.go, replaced, at);
  const trailingEnd = nolint.trailing ? nolint.trailing.endIndex : endOffset;
  replaced = replaced.slice(0, startOffset) + name + replaced.slice(trailingEnd);
  let aligned = realign(ctx.index.go, replaced, startOffset);
  if (nolint.trailing) aligned = alignCommentsNear(ctx.index.go, aligned, startOffset);
  const body = diffRange(file.text, aligned, insertAt);
  const edits: TextEdit[] = [
    { file: file.path, range: file.lines.range(insertAt, insertAt), newText: insertion },
    { file: file.path, range: file.lines.range(body.start, body.end), newText: body.newText },
  ];
  return { name, edits };
}

/**
 * nolintToMove finds the `//nolint…` comments that cover the moved
 * expression: one at the end of its last line (moved: it leaves the
 * statement, which no longer holds what it covered) and one on a line of its
 * own directly above the statement holding it (copied: it still covers the
 * rest of that statement). They go onto the new declaration.
 */
function nolintToMove(file: ParsedFile, node: Node): { lines: string[]; trailing?: Node } {
  const lines: string[] = [];
  let trailing: Node | undefined;
  const row = node.endPosition.row;
  const rest = file.text.slice(node.endIndex, file.lines.lineEnd(row));
  const at = rest.indexOf('//');
  if (at >= 0 && rest.slice(0, at).trim() === '') {
    const comment = file.nodeAt(node.endIndex + at, node.endIndex + at + 2);
    if (comment?.type === 'comment' && comment.startIndex === node.endIndex + at && isNolintComment(comment.text)) {
      trailing = comment;
    }
  }
  let statement: Node = node;
  while (statement.parent && statement.parent.type !== 'block' && statement.parent.type !== 'statement_list') statement = statement.parent;
  // The line above, when it is a comment of its own (a block's first statement's comment is no sibling of it).
  const aboveRow = statement.startPosition.row - 1;
  const aboveText = aboveRow >= 0 ? file.text.slice(file.lines.lineStart(aboveRow), file.lines.lineEnd(aboveRow)) : '';
  const commentAt = file.lines.lineStart(aboveRow) + aboveText.length - aboveText.trimStart().length;
  const above = aboveRow >= 0 ? file.nodeAt(commentAt, commentAt + 2) : null;
  if (above?.type === 'comment' && above.startIndex === commentAt && above.endIndex === file.lines.lineEnd(aboveRow) && isNolintComment(above.text))
    lines.push(above.text);
  if (trailing) lines.push(trailing.text);
  return { lines, ...(trailing ? { trailing } : {}) };
}

/**
 * docLines lays out comment lines added to the end of a doc comment as gofmt
 * (Go 1.19 on) would: a directive (`//nolint:gosec`) goes last, after a `//`
 * line; other text gets a space after the slashes (`//nolint` → `// nolint`,
 * which golangci-lint reads the same).
 */
function docLines(comments: readonly string[]): string[] {
  const directive = (c: string) => /^\/\/[a-z0-9]+:[a-z0-9]/.test(c);
  const text = comments.filter((c) => !directive(c)).map((c) => (/^\/\/[^\s/]/.test(c) ? `// ${c.slice(2)}` : c));
  const directives = comments.filter(directive);
  return directives.length > 0 ? [...text, '//', ...directives] : text;
}

/** movedLineRanges is the whole lines each moved statement (with its comments) takes in the function, merged. */
function movedLineRanges(file: ParsedFile, moved: readonly MovedConfig[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const m of moved) {
    const first = m.comments[0] ?? m.statement;
    const start = file.lines.lineStart(first.startPosition.row);
    const end = file.lines.lineStart(m.statement.endPosition.row + 1);
    const last = ranges[ranges.length - 1];
    if (last && last.end >= start) last.end = Math.max(last.end, end);
    else ranges.push({ start, end });
  }
  // Two blank lines left side by side would be one for gofmt.
  for (const r of ranges) {
    const before = file.lines.position(r.start).line - 1;
    const after = file.lines.position(r.end).line;
    const blank = (line: number) =>
      line >= 0 && line < file.lines.lineCount && file.text.slice(file.lines.lineStart(line), file.lines.lineEnd(line)).trim() === '';
    if (blank(before) && blank(after)) r.end = file.lines.lineStart(after + 1);
  }
  return ranges;
}

/**
 * movedExpression is the hoisted expression with the moved configuration
 * in it: new keyed elements of the literal (`new(T)` becomes `&T{…}`; a
 * field the literal already sets takes the moved value), or, for a
 * Clone(), a package-level initializer function literal that clones,
 * configures and returns it. Laid out as gofmt would.
 */
function movedExpression(
  ctx: RuleContext,
  file: ParsedFile,
  node: Node,
  planned: NonNullable<ReturnType<typeof hoistPlanAt>>,
  eol: string,
): string | undefined {
  const { plan, form } = planned;
  const go = ctx.index.go;
  // The last assignment of a field wins, as it did at run time.
  const byField = new Map<string, MovedConfig>();
  for (const m of plan.moved) {
    byField.delete(m.field);
    byField.set(m.field, m);
  }
  const moved = [...byField.values()];
  if (form === 'clone') {
    const holder = plan.holder?.text ?? 'tr';
    const type = planned.pkg === NET_HTTP ? qualifiedType(file, NET_HTTP) : qualifiedType(file, X_NET_HTTP2);
    const lines = [`func() *${type} {`, `\t${holder} := ${shiftText(node, baseIndent(file, node), '\t', eol)}`];
    for (const m of plan.moved) {
      const indent = baseIndent(file, m.statement);
      for (const c of m.comments) lines.push(`\t${shiftText(c, indent, '\t', eol)}`);
      lines.push(`\t${shiftText(m.statement, indent, '\t', eol)}${m.trailing ? ` ${m.trailing.text}` : ''}`);
    }
    lines.push(`\treturn ${holder}`, '}()');
    let text = lines.join(eol);
    if (plan.moved.some((m) => m.trailing)) text = alignSynthetic(go, text, (root) => commentRowsOf(root));
    return text;
  }
  let head: string;
  let elements: string[];
  if (form === 'new') {
    const type = node.childForFieldName('arguments')?.namedChild(0)?.text;
    if (!type) return undefined;
    head = `&${type}{`;
    elements = [];
  } else {
    const literal = unwrapParens(node.childForFieldName('operand') ?? node);
    const body = literal.childForFieldName('body');
    if (literal.type !== 'composite_literal' || !body) return undefined;
    // A field the literal already sets takes the moved value in place.
    const replacements: { start: number; end: number; text: string }[] = [];
    for (const item of body.namedChildren) {
      const key = item?.type === 'keyed_element' ? item.childForFieldName('key')?.text : undefined;
      const m = key ? byField.get(key) : undefined;
      if (!item || !m) continue;
      byField.delete(key!);
      const value = item.childForFieldName('value')!;
      replacements.push({ start: value.startIndex, end: value.endIndex, text: shiftText(m.value, baseIndent(file, m.statement), baseIndent(file, item), eol) });
      if (m.comments.length > 0 || m.trailing) return undefined; // comments for an element already there: keep it simple, no fix
    }
    const remaining = [...byField.values()];
    const isSingleLine = body.startPosition.row === body.endPosition.row;
    const close = body.lastChild!;
    const elementIndent = isSingleLine ? `${baseIndent(file, node)}\t` : `${baseIndent(file, close)}\t`;
    const newLines: string[] = [];
    for (const m of remaining) {
      const from = baseIndent(file, m.statement);
      for (const c of m.comments) newLines.push(`${elementIndent}${shiftText(c, from, elementIndent, eol)}`);
      newLines.push(`${elementIndent}${m.field}: ${shiftText(m.value, from, elementIndent, eol)},${m.trailing ? ` ${m.trailing.text}` : ''}`);
    }
    // Splice in the file's frame, then move the whole expression left.
    const splices = [...replacements];
    if (isSingleLine) {
      const items = body.namedChildren.filter((n): n is Node => !!n);
      if (items.some((n) => n.type === 'comment')) return undefined;
      const rebuilt = items.map((n) => {
        const r = replacements.find((x) => x.start >= n.startIndex && x.end <= n.endIndex);
        const text = r ? file.text.slice(n.startIndex, r.start) + r.text + file.text.slice(r.end, n.endIndex) : n.text;
        return `${elementIndent}${text},`;
      });
      splices.length = 0;
      splices.push({ start: body.startIndex, end: body.endIndex, text: ['{', ...rebuilt, ...newLines, `${baseIndent(file, node)}}`].join(eol) });
    } else if (newLines.length > 0) {
      const closeLine = file.lines.lineStart(close.startPosition.row);
      if (file.text.slice(closeLine, close.startIndex).trim() === '') {
        splices.push({ start: closeLine, end: closeLine, text: newLines.map((l) => l + eol).join('') });
      } else {
        const before = file.text.slice(body.startIndex, close.startIndex).trimEnd();
        const comma = before.endsWith(',') || before.endsWith('{') ? '' : ',';
        const at = body.startIndex + before.length;
        splices.push({ start: at, end: close.startIndex, text: `${comma}${eol}${newLines.map((l) => l + eol).join('')}${baseIndent(file, close)}` });
      }
    }
    const base = baseIndent(file, node);
    let text = node.text;
    for (const sp of splices.sort((a, b) => b.start - a.start))
      text = text.slice(0, sp.start - node.startIndex) + sp.text + text.slice(sp.end - node.startIndex);
    // Continuation lines lose the expression's indentation (raw strings are rare enough in configuration to check by parse below).
    const shifted = text
      .split('\n')
      .map((l, i) => (i > 0 && base && l.startsWith(base) ? l.slice(base.length) : l))
      .join('\n');
    if (node.descendantsOfType('raw_string_literal').some((r) => r && r.startPosition.row !== r.endPosition.row)) return undefined;
    return alignSynthetic(go, shifted, (root) => literalBodies(root));
  }
  const lines = [head];
  for (const m of moved) {
    const from = baseIndent(file, m.statement);
    for (const c of m.comments) lines.push(`\t${shiftText(c, from, '\t', eol)}`);
    lines.push(`\t${m.field}: ${shiftText(m.value, from, '\t', eol)},${m.trailing ? ` ${m.trailing.text}` : ''}`);
  }
  lines.push(...elements, '}');
  return alignSynthetic(go, lines.join(eol), (root) => literalBodies(root));
}

/** qualifiedType writes `<name>.Transport` with the file's name for the package (`Transport` after a dot import). */
function qualifiedType(file: ParsedFile, path: string): string {
  const names = [...file.namesOf(path)];
  const name = names.find((n) => n !== '.') ?? (names.includes('.') ? '' : 'http');
  return name ? `${name}.Transport` : 'Transport';
}

/** baseIndent is the indentation of the line a node starts on. */
function baseIndent(file: ParsedFile, node: Node): string {
  return /^[ \t]*/.exec(file.text.slice(file.lines.lineStart(node.startPosition.row), node.startIndex))![0];
}

/**
 * shiftText is a node's text with its continuation lines moved from one
 * indentation to another — except lines that begin inside a multi-line raw
 * string, whose leading tabs are the string's content.
 */
function shiftText(node: Node, remove: string, add: string, eol: string): string {
  const raw = node.descendantsOfType('raw_string_literal').filter((n): n is Node => !!n && n.startPosition.row !== n.endPosition.row);
  if (node.type === 'raw_string_literal' && node.startPosition.row !== node.endPosition.row) raw.push(node);
  const insideRaw = (offset: number) => raw.some((r) => r.startIndex < offset && offset < r.endIndex);
  const out: string[] = [];
  let offset = node.startIndex;
  for (const [i, l] of node.text.split('\n').entries()) {
    const text = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (i === 0 || insideRaw(offset)) out.push(text);
    else if (text.trim() === '') out.push('');
    else out.push(add + (remove && text.startsWith(remove) ? text.slice(remove.length) : text));
    offset += l.length + 1;
  }
  return out.join(eol);
}

const SYNTHETIC_PREFIX = 'package p\n\nvar _ = ';

/** alignSynthetic parses an expression in a throwaway file and lets gofmt's alignment rules rewrite the parts `find` picks. */
function alignSynthetic(go: GoRuntime, expression: string, find: (root: Node) => { literal?: Node; row?: number }[]): string {
  let text = SYNTHETIC_PREFIX + expression;
  const tree = go.parse(text);
  if (!tree) return expression;
  try {
    const targets = find(tree.rootNode);
    // From the last to the first, so that earlier positions stay valid.
    for (const t of targets.reverse()) {
      const lines = new LineIndex(text);
      if (t.literal) {
        const fresh = go.parse(text);
        if (!fresh) continue;
        try {
          const lit = fresh.rootNode.descendantForIndex(t.literal.startIndex, t.literal.endIndex);
          const aligned = lit?.type === 'literal_value' ? alignKeyedLiteral(text, lines, lit) : undefined;
          if (aligned !== undefined) text = aligned;
        } finally {
          fresh.delete();
        }
      } else if (t.row !== undefined) {
        const fresh = go.parse(text);
        if (!fresh) continue;
        try {
          text = alignTrailingComments(text, lines, fresh.rootNode, t.row) ?? text;
        } finally {
          fresh.delete();
        }
      }
    }
  } finally {
    tree.delete();
  }
  return text.slice(SYNTHETIC_PREFIX.length);
}

/** literalBodies picks the outermost composite literal's body of the synthetic declaration. */
function literalBodies(root: Node): { literal?: Node }[] {
  const body = root.descendantsOfType('literal_value')[0];
  return body ? [{ literal: body }] : [];
}

/** commentRowsOf picks the rows with a trailing comment in the synthetic declaration. */
function commentRowsOf(root: Node): { row?: number }[] {
  return root
    .descendantsOfType('comment')
    .filter((c): c is Node => !!c && c.previousSibling?.endPosition.row === c.startPosition.row)
    .map((c) => ({ row: c.startPosition.row }));
}

/** alignCommentsNear realigns the trailing comments of the lines around an offset where a line was removed or shortened. */
function alignCommentsNear(go: GoRuntime, text: string, offset: number): string {
  const row = new LineIndex(text).position(offset).line;
  let out = text;
  for (const r of [row - 1, row, row + 1]) {
    const tree = go.parse(out);
    if (!tree) return out;
    try {
      out = alignTrailingComments(out, new LineIndex(out), tree.rootNode, r) ?? out;
    } finally {
      tree.delete();
    }
  }
  return out;
}

/**
 * chooseName picks the variable's name: `transport`, else `<function>Transport`,
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

/** reindent moves an expression's continuation lines left by the indentation of the line it starts on. */
function reindent(file: ParsedFile, node: Node, eol: string): string {
  return shiftText(node, baseIndent(file, node), '', eol);
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
    const alignable =
      isPair && single && ownLine && /^\s*$/.test(indent) && afterElement === ',' && (!trailing || trailing.endPosition.row === trailing.startPosition.row);
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

/** hoistVariableStem is the variable's name when the first choice is taken (see docs/transport-rule.md, Quick fixes): `fetchStatusTransport`, `clientFetchTransport` for a method. */
function hoistVariableStem(fn: Node): string | undefined {
  let decl: Node | null = fn;
  while (decl && decl.type === 'func_literal') decl = enclosingFunction(decl);
  if (!decl) return undefined;
  const name = decl.childForFieldName('name')?.text;
  if (!name) return undefined;
  if (decl.type === 'method_declaration') return `${lowerCamel(receiverTypeName(decl).name)}${name[0]!.toUpperCase()}${name.slice(1)}Transport`;
  return `${lowerCamel(name)}Transport`;
}
