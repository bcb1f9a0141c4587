/**
 * nolint.ts is the one home of `//nolint` for the rule: how a comment is
 * read (golangci-lint's directive: bare `//nolint`, `//nolint:all`, or a
 * list naming the rule), which lines a file's directives cover, the
 * directive's text and the edit of the "Suppress with
 * //nolint:transport-per-call" quick fix, and which comments the hoist
 * carries along as nolint comments.
 *
 * What a directive covers (the rule, with the file's syntax tree):
 * - an end-of-line `//nolint…` covers findings on any line of the statement
 *   the comment's line belongs to (the finding's range must include the
 *   comment's line);
 * - a `//nolint…` on a line of its own covers the whole statement or
 *   declaration that starts on the next line (after any comment lines).
 *
 * The quick fix's edit is a pure function of a file's text and the
 * finding's first line (the editor has no tree where it runs). The comment
 * goes at the end of the line where the finding starts:
 * - no comment there: ` //nolint:transport-per-call` is appended;
 * - a `//nolint:a,b` list there: the rule is added to it (`//nolint:a,b,transport-per-call`);
 * - another comment there (`// why`): the directive goes in front of it,
 *   `//nolint:transport-per-call // why`, golangci-lint's own form for a
 *   directive with an explanation (the comment must start with `nolint`).
 */
import { TRANSPORT_RULE } from './model';
import type { ParsedFile } from '../go/packageIndex';
import { LineIndex, lineCommentStart, wordOffsets } from '../go/text';

/** NOLINT_DIRECTIVE is the comment that suppresses this rule's findings, as the quick fix writes it and the hover names it. */
export const NOLINT_DIRECTIVE = `//nolint:${TRANSPORT_RULE}`;

/** NOLINT matches a nolint directive at a comment's start, capturing its list (undefined for a bare `//nolint`). */
const NOLINT = /^\/\/\s*nolint(?=$|[\s:])(?::([^\s]*))?/;

/** ANY_NOLINT matches a `//nolint…` comment of any linter; see isNolintComment. */
const ANY_NOLINT = /^\/\/\s*nolint\b/;

/**
 * isNolintComment says whether a comment is a `//nolint…` directive of any
 * linter (the rule's or another's): what the hoist carries along with the
 * expression it moves. Looser than NOLINT (`//nolint-x` counts).
 */
export function isNolintComment(comment: string): boolean {
  return ANY_NOLINT.test(comment);
}

/** listCoversRule says whether a directive's list (undefined: bare) covers this rule: `all`, or its name. */
function listCoversRule(list: string | undefined): boolean {
  return list === undefined || list.split(',').some((name) => name.trim() === TRANSPORT_RULE || name.trim() === 'all');
}

/** nolintApplies reads a comment as golangci-lint does: bare `//nolint`, `//nolint:all`, or a list naming the rule. */
export function nolintApplies(comment: string): boolean {
  const m = NOLINT.exec(comment);
  return m !== null && listCoversRule(m[1]);
}

/** NolintRange is a span of lines a `//nolint` comment covers. */
export interface NolintRange {
  readonly fromLine: number;
  readonly toLine: number;
  readonly inline: boolean;
}

/** nolintRanges finds the file's nolint comments for this rule and the lines each covers. */
export function nolintRanges(file: ParsedFile): NolintRange[] {
  const ranges: NolintRange[] = [];
  for (const offset of wordOffsets(file.text, 'nolint')) {
    const comment = file.nodeAt(offset, offset + 6);
    if (comment?.type !== 'comment' || !nolintApplies(comment.text)) continue;
    const line = comment.startPosition.row;
    const before = file.text.slice(file.lines.lineStart(line), comment.startIndex);
    if (before.trim() !== '') {
      ranges.push({ fromLine: line, toLine: line, inline: true });
      continue;
    }
    let next = comment.nextNamedSibling;
    let expected = comment.endPosition.row + 1;
    while (next?.type === 'comment' && next.startPosition.row === expected) {
      expected = next.endPosition.row + 1;
      next = next.nextNamedSibling;
    }
    if (next && next.startPosition.row === expected) ranges.push({ fromLine: next.startPosition.row, toLine: next.endPosition.row, inline: false });
  }
  return ranges;
}

/** isSuppressed says whether a finding on lines [startLine, endLine] is covered by one of the ranges. */
export function isSuppressed(ranges: readonly NolintRange[], startLine: number, endLine: number): boolean {
  return ranges.some((s) => (s.inline ? startLine <= s.fromLine && s.fromLine <= endLine : s.fromLine <= startLine && endLine <= s.toLine));
}

/** SuppressEdit replaces text[offset, offset + length) with newText (UTF-16 offsets). */
export interface SuppressEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

/**
 * suppressionEdit is the edit that suppresses findings starting on `line`
 * (0-based), or undefined when that line's comment already suppresses every
 * rule or names this one, or the line does not exist.
 */
export function suppressionEdit(text: string, line: number): SuppressEdit | undefined {
  const lines = new LineIndex(text);
  if (line >= lines.lineCount) return undefined;
  const start = lines.lineStart(line);
  const lineEnd = lines.lineEnd(Math.max(line, 0));
  const comment = lineCommentStart(text, start, lineEnd);
  if (comment === undefined) {
    // Drop trailing blanks so the comment sits one space after the code.
    let end = lineEnd;
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    return { offset: end, length: lineEnd - end, newText: ` ${NOLINT_DIRECTIVE}` };
  }
  const directive = NOLINT.exec(text.slice(comment, lineEnd));
  if (!directive) return { offset: comment, length: 0, newText: `${NOLINT_DIRECTIVE} ` };
  const list = directive[1];
  if (listCoversRule(list)) return undefined;
  return { offset: comment + directive[0].length, length: 0, newText: list ? `,${TRANSPORT_RULE}` : TRANSPORT_RULE };
}
