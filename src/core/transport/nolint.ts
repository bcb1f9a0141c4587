/**
 * transportSuppress.ts is the "Suppress with //nolint:transport-per-call"
 * action's edit, as a pure function of a file's text and the finding's first
 * line. golangci-lint (and the core's rule) read an end-of-line `//nolint`
 * as covering the statement on that line, so the comment goes at the end of
 * the line where the finding starts:
 *
 * - no comment there: ` //nolint:transport-per-call` is appended;
 * - a `//nolint:a,b` list there: the rule is added to it (`//nolint:a,b,transport-per-call`);
 * - another comment there (`// why`): the directive goes in front of it,
 *   `//nolint:transport-per-call // why`, golangci-lint's own form for a
 *   directive with an explanation (the comment must start with `nolint`).
 *
 * A `//` inside a string, a rune or a raw string (which may span lines) is
 * not a comment: the text is lexed from its start, as Go lexes it.
 */
import { TRANSPORT_RULE } from '../go/model';

/** SuppressEdit replaces text[offset, offset + length) with newText (UTF-16 offsets). */
export interface SuppressEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

/** NOLINT_LIST matches a nolint directive with a list, capturing the list; BARE_NOLINT one that already covers every rule. */
const NOLINT_LIST = /^\/\/\s*nolint:([^\s]*)/;
const BARE_NOLINT = /^\/\/\s*nolint(?=$|\s)/;

/**
 * suppressionEdit is the edit that suppresses findings starting on `line`
 * (0-based), or undefined when that line's comment already suppresses every
 * rule or names this one, or the line does not exist.
 */
export function suppressionEdit(text: string, line: number): SuppressEdit | undefined {
  const bounds = lineBounds(text, line);
  if (!bounds) return undefined;
  const comment = lineCommentOn(text, bounds.start, bounds.end);
  if (comment === undefined) {
    // Drop trailing blanks so the comment sits one space after the code.
    let end = bounds.end;
    while (end > bounds.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    return { offset: end, length: bounds.end - end, newText: ` //nolint:${TRANSPORT_RULE}` };
  }
  const commentText = text.slice(comment, bounds.end);
  if (BARE_NOLINT.test(commentText)) return undefined;
  const list = NOLINT_LIST.exec(commentText);
  if (list) {
    const names = list[1]!.split(',').map((n) => n.trim());
    if (names.includes(TRANSPORT_RULE) || names.includes('all')) return undefined;
    const listEnd = comment + list[0].length;
    return { offset: listEnd, length: 0, newText: list[1] ? `,${TRANSPORT_RULE}` : TRANSPORT_RULE };
  }
  return { offset: comment, length: 0, newText: `//nolint:${TRANSPORT_RULE} ` };
}

/** lineBounds is the [start, end) of a line, without its `\r\n` or `\n`. */
function lineBounds(text: string, line: number): { start: number; end: number } | undefined {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/**
 * lineCommentOn lexes text from its start and returns the offset of the `//`
 * comment that begins in [lineStart, lineEnd), if any.
 */
function lineCommentOn(text: string, lineStart: number, lineEnd: number): number | undefined {
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
