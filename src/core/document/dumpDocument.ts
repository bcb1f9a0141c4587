import { COMMANDS } from '../commandIds';
import { isLensError } from '../errors';
import { tracebackFrames } from '../dump/buckets';
import { groupDump, groupKey } from '../dump/group';
import type { Frame, Group } from '../dump/model';
import { parseDumpText } from '../dump/parse';
import {
  ANCESTRY,
  CREATED_BY,
  ELIDED,
  FILE_LINE,
  GOROUTINE_HEADER,
  HEADER_AFTER_PREFIX,
  PREFIX_SEARCH_LIMIT,
  PROFILE_HEADER,
  RACE_SEPARATOR,
  RECORD_FRAME,
  RECORD_HEADER,
  RECORD_LABELS,
  STACK_UNAVAILABLE,
  UNKNOWN_STATE,
  functionOf,
  goroutineHeaderOpening,
  markerBehindPrefix,
  preambleShape,
  prefixPattern,
  recordFrameOf,
} from '../dump/text';
import { formatCount, groupDescription, groupLabel } from '../tree/treeModel';

/**
 * The pure half of the dump document (a dump opened as a text editor in the
 * `goroutine-dump` language): where its blocks are (folding, outline), where
 * its source links are, whether a text file holds a dump. The VS Code
 * adapters in src/dumps/document/ turn these into FoldingRanges,
 * DocumentLinks and DocumentSymbols.
 *
 * Everything here reads the document a line at a time, in one pass, with the
 * line shapes of the parser (src/core/dump/text.ts), log prefixes included,
 * so that a block, a link and a group agree with what the parser read.
 * Lines and columns are 0-based, columns in UTF-16 code units, as VS Code
 * counts them.
 */

/** DUMP_LANGUAGE_ID is the language of dump documents (package.json `contributes.languages`). */
export const DUMP_LANGUAGE_ID = 'goroutine-dump';

/**
 * forEachLine visits the lines of a text without their line endings. VS Code
 * keeps one line ending per document (`\n` or `\r\n`), so dropping a `\r`
 * before each `\n` gives the columns the editor shows.
 */
export function forEachLine(text: string, visit: (line: string, index: number) => void): void {
  let start = 0;
  let index = 0;
  for (;;) {
    let nl = text.indexOf('\n', start);
    const last = nl < 0;
    if (last) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    visit(text.slice(start, end), index++);
    if (last) return;
    start = nl + 1;
  }
}

/** prefixEnd is where a line's own text starts behind the log prefix `prefix` (a layout's), 0 without one. */
function prefixEnd(prefix: RegExp | null, line: string): number {
  return prefix?.exec(line)?.[0].length ?? 0;
}

/**
 * DumpBlockKind names the foldable parts of a dump:
 * - `goroutine`: a `goroutine N [state]:` block (debug=2, tracebacks), its
 *   ancestry included;
 * - `ancestry`: an `[originating from goroutine N]:` part inside one
 *   (GODEBUG=tracebackancestors);
 * - `record`: a debug=1 `N @ 0x…` record with its `#` lines;
 * - `preamble`: what a traceback says before its goroutines (`panic: …`,
 *   `fatal error: …`, `runtime: …`, `[signal …]`, `SIGQUIT: quit` and the line after);
 * - `runtimeStack`: a `runtime stack:` block;
 * - `race`: a `WARNING: DATA RACE` report, up to its closing `=====`.
 */
export type DumpBlockKind = 'goroutine' | 'ancestry' | 'record' | 'preamble' | 'runtimeStack' | 'race';

/** DumpBlock is one part of a dump document, from its header line to its last non-blank line. */
export interface DumpBlock {
  readonly kind: DumpBlockKind;
  readonly startLine: number;
  /** Where the header's text starts: after the log prefix, 0 without one. */
  readonly startColumn: number;
  /** The header as printed, without the log prefix and trailing spaces: `goroutine 7 [chan receive, 435 minutes]:`, `3 @ 0x…`. */
  readonly header: string;
  /** The goroutine's id (`goroutine` blocks), else null. */
  readonly goroutineId: number | null;
  /** The goroutines a debug=1 record stands for (`3 @ …` → 3); 1 for a goroutine block. */
  readonly count: number;
  endLine: number;
  /** The end of the block's last line (its length). */
  endColumn: number;
  /** A debug=1 record's group identity (`groupKey(frames, null, 'exact')`): how the outline finds a group's records. */
  stackKey: string | null;
  /** A debug=1 record's `# labels: {…}`, as printed. */
  labels: string | null;
}

/**
 * DumpLayout is where a document's blocks are, in document order (an
 * ancestry block right after the goroutine block that holds it), and the log
 * prefix found on its lines, if any.
 */
export interface DumpLayout {
  readonly blocks: readonly DumpBlock[];
  /** The log prefix (`2026-11-27T03:14:15.926Z `) as the parser learns it, or null. */
  readonly prefix: RegExp | null;
  readonly lineCount: number;
}

/** RUNTIME_MESSAGE: the runtime's own messages (`runtime: program exceeds 10000-thread limit`), which a preamble holds besides the parser's preamble lines. */
const RUNTIME_MESSAGE = 'runtime: ';

/** opensPreamble tells the lines a traceback's preamble starts with: the parser's preamble lines (but `runtime stack:` and a race report, blocks of their own) and the runtime's own messages. */
function opensPreamble(line: string): boolean {
  const shape = preambleShape(line);
  return shape !== null ? shape !== 'runtimeStack' && shape !== 'race' : line.startsWith(RUNTIME_MESSAGE);
}

/**
 * PREAMBLE_LINE: what a preamble holds besides those: `PC=0x460c81 m=0
 * sigcode=0` under `SIGQUIT: quit`, and a test timeout's `\trunning tests:`
 * with its `\t\tTestName (10m0s)` lines. Any other line ends it, so that a
 * `panic: ` in ordinary text does not swallow what follows.
 */
const PREAMBLE_LINE = /^(?:PC=0x|\trunning tests:|\t\t\S)/;

type ScanState = 'outside' | DumpBlockKind;

/**
 * LayoutScanner is a line-at-a-time state machine over the parser's line
 * shapes. It keeps only what folding and the outline need: where each block
 * starts and ends, and which goroutine or stack it holds.
 *
 *   outside ──header──▶ goroutine ──blank / other text──▶ outside
 *      │                   │ `[originating from goroutine N]:` (nested)
 *      ├──`N @ 0x…`──▶ record ──blank / other text──▶ outside
 *      ├──`panic: `, `fatal error: `…──▶ preamble ──blank / a header──▶ outside
 *      ├──`runtime stack:`──▶ runtimeStack ──blank──▶ outside
 *      └──`WARNING: DATA RACE`──▶ race ──`=====`──▶ outside
 */
class LayoutScanner {
  readonly blocks: DumpBlock[] = [];
  prefix: RegExp | null = null;
  private state: ScanState = 'outside';
  private block: DumpBlock | null = null;
  private ancestry: DumpBlock | null = null;
  private frames: Frame[] = [];

  line(raw: string, index: number): void {
    const column = prefixEnd(this.prefix, raw);
    const line = raw.slice(column);
    const blank = line.trim() === '';
    switch (this.state) {
      case 'outside':
        return this.outside(line, index, column);
      case 'goroutine':
      case 'ancestry':
        return this.goroutineLine(line, blank, index, column, raw.length);
      case 'record':
        if (blank) return this.close();
        if (RECORD_FRAME.test(line) || RECORD_LABELS.test(line)) return this.recordLine(line, index, raw.length);
        this.close();
        return this.outside(line, index, column);
      case 'preamble':
        if (PREAMBLE_LINE.test(line) || opensPreamble(line)) return this.extend(index, raw.length);
        this.close();
        return this.outside(line, index, column);
      case 'runtimeStack':
        return blank ? this.close() : this.extend(index, raw.length);
      case 'race':
        this.extend(index, raw.length);
        if (RACE_SEPARATOR.test(line)) this.close();
        return;
    }
  }

  finish(): void {
    this.close();
  }

  private outside(line: string, index: number, column: number): void {
    if (line.length === 0) return;
    const header = GOROUTINE_HEADER.exec(line);
    if (header) return this.open('goroutine', line, index, column, Number(header[1]), 1);
    const record = RECORD_HEADER.exec(line);
    if (record) {
      this.frames = [];
      return this.open('record', line, index, column, null, Number(record[1]));
    }
    if (PROFILE_HEADER.test(line)) return;
    const shape = preambleShape(line);
    if (shape === 'runtimeStack' || shape === 'race') return this.open(shape, line, index, column, null, 0);
    if (opensPreamble(line)) return this.open('preamble', line, index, column, null, 0);
    // The parser learns a log prefix from the first marker it finds behind one; so does the layout.
    if (this.prefix === null) {
      const at = markerBehindPrefix(line);
      if (at > 0) {
        this.prefix = prefixPattern(line.slice(0, at));
        return this.outside(line.slice(at), index, column + at);
      }
    }
  }

  /** goroutineLine follows the parser's goroutine and ancestry states: what continues a block, and what ends it. */
  private goroutineLine(line: string, blank: boolean, index: number, column: number, length: number): void {
    if (blank) return this.close();
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 /* tab, space: a file line */) return this.extend(index, length);
    if (ANCESTRY.test(line)) {
      this.ancestry = null; // a goroutine can print several ancestors, one after the other
      this.extend(index, length);
      this.ancestry = this.push('ancestry', line, index, column, null, 0);
      this.state = 'ancestry';
      return;
    }
    if (this.state === 'ancestry') {
      // The parser reads an ancestry up to a blank line or the next header.
      if (!GOROUTINE_HEADER.test(line)) return this.extend(index, length);
    } else if (functionOf(line) !== null || CREATED_BY.test(line) || ELIDED.test(line) || line === STACK_UNAVAILABLE) {
      return this.extend(index, length);
    }
    this.close();
    this.outside(line, index, column);
  }

  private recordLine(line: string, index: number, length: number): void {
    this.extend(index, length);
    const frame = RECORD_FRAME.exec(line);
    if (frame) {
      // The parser's reading of a `#` line; pkg plays no part in a group's key.
      const { func, file, line: lineNumber } = recordFrameOf(frame);
      this.frames.push({ func, pkg: '', file, line: lineNumber });
    } else {
      this.block!.labels = RECORD_LABELS.exec(line)![1]!;
    }
  }

  private open(kind: DumpBlockKind, line: string, index: number, column: number, goroutineId: number | null, count: number): void {
    this.block = this.push(kind, line, index, column, goroutineId, count);
    this.state = kind;
  }

  private push(kind: DumpBlockKind, line: string, index: number, column: number, goroutineId: number | null, count: number): DumpBlock {
    const header = line.trimEnd();
    const block: DumpBlock = {
      kind,
      startLine: index,
      startColumn: column,
      header,
      goroutineId,
      count,
      endLine: index,
      endColumn: column + header.length,
      stackKey: null,
      labels: null,
    };
    this.blocks.push(block);
    return block;
  }

  private extend(index: number, length: number): void {
    this.block!.endLine = index;
    this.block!.endColumn = length;
    if (this.ancestry !== null) {
      this.ancestry.endLine = index;
      this.ancestry.endColumn = length;
    }
  }

  private close(): void {
    const block = this.block;
    if (block !== null && block.kind === 'record') block.stackKey = groupKey(tracebackFrames(this.frames), null, 'exact', UNKNOWN_STATE);
    this.ancestry = null;
    this.block = null;
    this.frames = [];
    this.state = 'outside';
  }
}

/** scanDumpLayout finds the blocks of a dump document in one pass over its lines. Any text gives a layout; text that is no dump gives no blocks. */
export function scanDumpLayout(text: string): DumpLayout {
  const scanner = new LayoutScanner();
  let lineCount = 0;
  forEachLine(text, (line, index) => {
    scanner.line(line, index);
    lineCount = index + 1;
  });
  scanner.finish();
  return { blocks: scanner.blocks, prefix: scanner.prefix, lineCount };
}

/** FoldRange is a foldable line range: the start line stays visible. */
export interface FoldRange {
  readonly startLine: number;
  readonly endLine: number;
}

/** foldingRanges folds every block of more than one line: each goroutine, ancestry, record, preamble, runtime stack and race report. */
export function foldingRanges(layout: DumpLayout): FoldRange[] {
  const ranges: FoldRange[] = [];
  for (const b of layout.blocks) if (b.endLine > b.startLine) ranges.push({ startLine: b.startLine, endLine: b.endLine });
  return ranges;
}

/** SourceLink is a `file:line` in the document that opens the source: its place and what it names. */
export interface SourceLink {
  readonly line: number;
  /** The column of the path's first character. */
  readonly startColumn: number;
  /** The column just after the line number. */
  readonly endColumn: number;
  /** The path as the dump prints it: absolute, -trimpath module path, Windows path, `.s` file. */
  readonly file: string;
  readonly lineNumber: number;
  /** The frame's function when the document names it (the line above, or the same `#` line in debug=1); the source locator finds standard-library files by package. */
  readonly func: string | null;
}

/** RECORD_FRAME_AT: the parser's RECORD_FRAME with match indices, for the path's column. */
const RECORD_FRAME_AT = new RegExp(RECORD_FRAME.source, `${RECORD_FRAME.flags}d`);

/**
 * sourceLinkIn finds the source link on one line (its log prefix removed):
 * a frame's file line (`\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1`,
 * with or without offset, fp/sp/pc, tabs turned to spaces) or a debug=1 `#`
 * line. `column` is where `line` starts in the document line; `func` the
 * frame's function if known. Files the dump cannot place (`?`, `??`,
 * `<autogenerated>`, line 0) give no link.
 */
export function sourceLinkIn(line: string, lineIndex: number, column = 0, func: string | null = null): SourceLink | null {
  const c = line.charCodeAt(0);
  if (c === 9 || c === 32) {
    const m = FILE_LINE.exec(line);
    if (!m) return null;
    let start = 0;
    while (line.charCodeAt(start) === 9 || line.charCodeAt(start) === 32) start++;
    const file = m[1]!;
    return makeLink(lineIndex, column + start, column + start + file.length + 1 + m[2]!.length, file, Number(m[2]), func);
  }
  if (c === 35 /* # */) {
    const m = RECORD_FRAME_AT.exec(line);
    if (!m || m[2] === undefined) return null;
    const [pathStart] = m.indices![2]!;
    const [, lineEnd] = m.indices![3]!;
    const frame = recordFrameOf(m); // the parser's reading (the match already starts at the path)
    return makeLink(lineIndex, column + pathStart, column + lineEnd, frame.file, frame.line, frame.func);
  }
  return null;
}

function makeLink(line: number, startColumn: number, endColumn: number, file: string, lineNumber: number, func: string | null): SourceLink | null {
  if (lineNumber <= 0 || file === '?' || file === '??' || file.startsWith('<')) return null;
  return { line, startColumn, endColumn, file, lineNumber, func };
}

/**
 * findSourceLinks lists every source link of a document. `prefix` is the
 * layout's log prefix, removed from each line before its shape is read.
 */
export function findSourceLinks(text: string, prefix: RegExp | null): SourceLink[] {
  const links: SourceLink[] = [];
  let func: string | null = null;
  forEachLine(text, (raw, index) => {
    const column = prefixEnd(prefix, raw);
    const line = raw.slice(column);
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 || c === 35) {
      const link = sourceLinkIn(line, index, column, func);
      if (link !== null) links.push(link);
      func = null;
    } else {
      func = line.length > 0 ? (functionOf(line) ?? CREATED_BY.exec(line)?.[1] ?? null) : null;
    }
  });
  return links;
}

/** openSourceCommandUri is the link's target: `command:goroutineLens.openSource?` and its one argument, `{ file, line, func? }`, as encoded JSON. */
export function openSourceCommandUri(link: SourceLink): string {
  const request = link.func === null ? { file: link.file, line: link.lineNumber } : { file: link.file, line: link.lineNumber, func: link.func };
  return `command:${COMMANDS.openSource}?${encodeURIComponent(JSON.stringify([request]))}`;
}

/** sourceLinkTooltip is `Open transport.go:2040`. */
export function sourceLinkTooltip(link: SourceLink): string {
  const name = link.file.slice(Math.max(link.file.lastIndexOf('/'), link.file.lastIndexOf('\\')) + 1);
  return `Open ${name}:${link.lineNumber}`;
}

/** DETECT_LINES is how many lines of a text file are looked at to tell a dump. */
export const DETECT_LINES = 50;

/**
 * looksLikeDump tells whether the first lines of a text file are a dump: a
 * goroutine header or a profile header in the first {@link DETECT_LINES}
 * lines, at the start of a line or behind a log prefix. A `panic:` alone
 * is not enough — logs mention panics — but every traceback prints a
 * goroutine header right after its preamble.
 */
export function looksLikeDump(lines: Iterable<string>): boolean {
  let n = 0;
  for (const raw of lines) {
    if (n++ >= DETECT_LINES) break;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (GOROUTINE_HEADER.test(line) || PROFILE_HEADER.test(line)) return true;
    if (line.length <= PREFIX_SEARCH_LIMIT && HEADER_AFTER_PREFIX.test(line)) return true;
  }
  return false;
}

/**
 * findGoroutineHeader is the index of goroutine `id`'s header among `lines`
 * (a raw dump document's), or -1: the first line where its opening
 * (`goroutine 7 [`) appears, behind a log prefix or not, cut or whole.
 */
export function findGoroutineHeader(lines: Iterable<string>, id: number): number {
  const opening = goroutineHeaderOpening(id);
  let i = 0;
  for (const line of lines) {
    if (opening.test(line)) return i;
    i++;
  }
  return -1;
}

/** DocumentRange is a range in a document: 0-based lines, columns in UTF-16 code units. */
export interface DocumentRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** OutlineSymbol is one entry of the outline: a group, or a goroutine or record of a group. */
export interface OutlineSymbol {
  readonly kind: 'group' | 'goroutine' | 'record';
  readonly name: string;
  readonly detail: string;
  /** The whole block. */
  readonly range: DocumentRange;
  /** Its header line's text, inside `range`. */
  readonly selectionRange: DocumentRange;
  readonly children: readonly OutlineSymbol[];
}

/**
 * OUTLINE_MAX_CHILDREN caps the goroutines listed under one group: a group
 * of 20 000 identical goroutines is navigated through its first ones (the
 * Goroutines view pages through all of its ids).
 */
export const OUTLINE_MAX_CHILDREN = 1000;

/**
 * dumpOutline is the outline of a dump document: its groups (grouped
 * `exact`, biggest first), each named like the Goroutines view names it
 * (`40 × http.(*persistConn).readLoop`, described by state and wait), placed
 * at its first goroutine's block, with a child per goroutine (debug=2,
 * tracebacks; the first {@link OUTLINE_MAX_CHILDREN}) or per record (debug=1,
 * when the group has several, e.g. one per label set). A text that is not a
 * dump has no outline.
 *
 * Goroutine ids tie groups to blocks. Ids are unique in a dump, but for
 * `goroutine 0` (one per idle M in a SIGQUIT traceback): repeated ids are
 * taken in document order.
 */
export function dumpOutline(text: string, layout: DumpLayout, maxChildren = OUTLINE_MAX_CHILDREN): OutlineSymbol[] {
  let groups: Group[];
  try {
    // A document saved without a final newline is complete: without one, the parser would take its last goroutine for a cut one.
    groups = groupDump(parseDumpText(text.endsWith('\n') ? text : `${text}\n`), 'exact');
  } catch (err) {
    if (isLensError(err)) return [];
    throw err;
  }
  const goroutines = new Map<number, DumpBlock[]>();
  const records = new Map<string, DumpBlock[]>();
  for (const b of layout.blocks) {
    if (b.kind === 'goroutine') appendTo(goroutines, b.goroutineId!, b);
    else if (b.kind === 'record' && b.stackKey !== null) appendTo(records, b.stackKey, b);
  }
  const taken = new Map<number, number>();
  const symbols: OutlineSymbol[] = [];
  for (const g of groups) {
    let blocks: DumpBlock[];
    if (g.ids !== null) {
      blocks = [];
      for (const id of g.ids) {
        const list = goroutines.get(id);
        const k = taken.get(id) ?? 0;
        if (list !== undefined && k < list.length) {
          blocks.push(list[k]!);
          taken.set(id, k + 1);
        }
      }
      blocks.sort((a, b) => a.startLine - b.startLine);
    } else {
      blocks = records.get(g.key) ?? [];
    }
    const first = blocks[0];
    if (first === undefined) continue; // the parser read a goroutine the layout did not see: nothing to point at
    let children: OutlineSymbol[] = [];
    if (g.ids !== null) children = blocks.slice(0, maxChildren).map(goroutineSymbol);
    else if (blocks.length > 1) children = blocks.slice(0, maxChildren).map(recordSymbol);
    symbols.push({ kind: 'group', name: groupLabel(g), detail: groupDescription(g), range: blockRange(first), selectionRange: headerRange(first), children });
  }
  return symbols;
}

function appendTo<K>(map: Map<K, DumpBlock[]>, key: K, block: DumpBlock): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [block]);
  else list.push(block);
}

function goroutineSymbol(b: DumpBlock): OutlineSymbol {
  const header = GOROUTINE_HEADER.exec(b.header);
  return {
    kind: 'goroutine',
    name: `goroutine ${b.goroutineId}`,
    detail: header?.[3] ?? '',
    range: blockRange(b),
    selectionRange: headerRange(b),
    children: [],
  };
}

function recordSymbol(b: DumpBlock): OutlineSymbol {
  const name = `${formatCount(b.count)} goroutine${b.count === 1 ? '' : 's'}`;
  return { kind: 'record', name, detail: b.labels === null ? '' : `labels ${b.labels}`, range: blockRange(b), selectionRange: headerRange(b), children: [] };
}

function blockRange(b: DumpBlock): DocumentRange {
  return { startLine: b.startLine, startColumn: b.startColumn, endLine: b.endLine, endColumn: b.endColumn };
}

function headerRange(b: DumpBlock): DocumentRange {
  return { startLine: b.startLine, startColumn: b.startColumn, endLine: b.startLine, endColumn: b.startColumn + b.header.length };
}
