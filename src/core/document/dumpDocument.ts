import { COMMANDS } from '../commandIds';
import { isLensError } from '../errors';
import { groupDump, groupKey } from '../dump/group';
import type { Dump, Frame, Group } from '../dump/model';
import { DumpReader, parseDumpText } from '../dump/parse';
import { LINE_ROLES, UNKNOWN_STATE, framePlaceIn, goroutineHeaderOpening, opensDump, type LineEvent, type LineKind, type LineSink } from '../dump/text';
import { formatCount, groupDescription, groupLabel } from '../tree/treeModel';

/**
 * The pure half of the dump document (a dump opened as a text editor in the
 * `goroutine-dump` language): where its blocks are (folding, outline), where
 * its source links are, whether a text file holds a dump. The VS Code
 * adapters in src/dumps/document/ turn these into FoldingRanges,
 * DocumentLinks and DocumentSymbols.
 *
 * The layout is the parser's reading: the parser (src/core/dump/text.ts)
 * tells what it read each line of the document as (LineSink), and the
 * layout's blocks and links follow from that, log prefixes, repairs and
 * damage included, so that a block, a link and a group agree with what the
 * Goroutines view shows. Nothing here matches a line's shape itself. Lines
 * and columns are 0-based, columns in UTF-16 code units, as VS Code counts
 * them.
 */

/** DUMP_LANGUAGE_ID is the language of dump documents (package.json `contributes.languages`). */
export const DUMP_LANGUAGE_ID = 'goroutine-dump';

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
  /** The goroutine's id (`goroutine` blocks), else null (also for the crashing goroutine Go prints without a header after a Windows exception). */
  readonly goroutineId: number | null;
  /** The goroutines a debug=1 record stands for (`3 @ …` → 3); 1 for a goroutine block. */
  readonly count: number;
  /** What a goroutine header's brackets hold (`chan receive, 435 minutes`), else null. */
  readonly state: string | null;
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
  /** Every `file:line` of a frame the parser read, in document order. */
  readonly links: readonly SourceLink[];
  /** The log prefix (`2026-11-27T03:14:15.926Z `) the parser learned first, or null. */
  readonly prefix: RegExp | null;
  readonly lineCount: number;
}

/** BLOCK_OF is the block each line kind that opens one opens. */
const BLOCK_OF: Partial<Record<LineKind, DumpBlockKind>> = {
  goroutine: 'goroutine',
  crashStack: 'goroutine',
  record: 'record',
  preamble: 'preamble',
  runtimeStack: 'runtimeStack',
  race: 'race',
};

/**
 * LayoutBuilder lays out the blocks and links from the lines the parser
 * read (a LineSink): a line that opens a block opens it, a line that
 * continues one extends it to that line, a line outside a dump ends it.
 * Which line is which is the parser's call, not this class's.
 */
class LayoutBuilder implements LineSink {
  readonly blocks: DumpBlock[] = [];
  readonly links: SourceLink[] = [];
  learnedPrefix: RegExp | null = null;
  private block: DumpBlock | null = null;
  private ancestry: DumpBlock | null = null;

  line(e: Readonly<LineEvent>): void {
    switch (LINE_ROLES[e.kind]) {
      case 'opens':
        this.close();
        this.block = this.push(BLOCK_OF[e.kind]!, e);
        break;
      case 'nests':
        if (this.block?.kind !== 'goroutine') break;
        this.ancestry = null; // a goroutine can print several ancestors, one after the other
        this.extend(e);
        this.ancestry = this.push('ancestry', e);
        break;
      case 'continues':
        if (this.block !== null) this.extend(e);
        break;
      case 'outside':
        this.close();
        break;
      case 'blank':
        break;
    }
    if (e.kind === 'labels' && this.block?.kind === 'record') this.block.labels = e.detail;
    else if (e.kind === 'file' || e.kind === 'recordFrame' || e.kind === 'orphan') {
      const link = sourceLinkIn(e.text.slice(e.column), e.index, e.column, e.detail);
      if (link !== null) this.links.push(link);
    }
  }

  recordEnd(frames: readonly Frame[]): void {
    if (this.block?.kind === 'record') this.block.stackKey = groupKey(frames, null, 'exact', UNKNOWN_STATE);
  }

  prefix(pattern: RegExp): void {
    this.learnedPrefix ??= pattern;
  }

  private push(kind: DumpBlockKind, e: Readonly<LineEvent>): DumpBlock {
    const header = e.text.slice(e.column).trimEnd();
    const block: DumpBlock = {
      kind,
      startLine: e.index,
      startColumn: e.column,
      header,
      goroutineId: e.kind === 'goroutine' ? e.number : null,
      count: kind === 'goroutine' ? 1 : kind === 'record' ? e.number : 0,
      state: kind === 'goroutine' ? e.detail : null,
      endLine: e.index,
      endColumn: e.column + header.length,
      stackKey: null,
      labels: null,
    };
    this.blocks.push(block);
    return block;
  }

  private extend(e: Readonly<LineEvent>): void {
    this.block!.endLine = e.index;
    this.block!.endColumn = e.text.length;
    if (this.ancestry !== null) {
      this.ancestry.endLine = e.index;
      this.ancestry.endColumn = e.text.length;
    }
  }

  private close(): void {
    this.block = null;
    this.ancestry = null;
  }
}

/**
 * scanDumpLayout finds the blocks and source links of a dump document in one
 * pass of the parser over its lines. Any text gives a layout; text that is
 * no dump gives no blocks.
 */
export function scanDumpLayout(text: string): DumpLayout {
  return readDocument(text).layout;
}

/**
 * layDumpOut gives a dump document's layout and its outline (see
 * dumpOutline) from one pass of the parser: what the editor asks for after
 * each edit, folding and links first, then the outline.
 */
export function layDumpOut(text: string, maxChildren = OUTLINE_MAX_CHILDREN): { readonly layout: DumpLayout; readonly outline: OutlineSymbol[] } {
  const { layout, dump } = readDocument(text);
  return { layout, outline: dump === null ? [] : outlineOf(groupDump(dump, 'exact'), layout, maxChildren) };
}

/** readDocument lays a document out as the parser reads it, with the dump it read (null when it read none it could finish). */
function readDocument(text: string): { layout: DumpLayout; dump: Dump | null } {
  let lineCount = 1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineCount++;
  const builder = new LayoutBuilder();
  const reader = new DumpReader({ lines: builder });
  let dump: Dump | null = null;
  try {
    reader.push(Buffer.from(completeText(text), 'utf8'));
    dump = reader.end();
  } catch (err) {
    if (!isLensError(err)) throw err;
    // A text the parser finds no dump in has no layout; one it gives up on for another reason (a damaged count) keeps what it read.
    if (err.code === 'not-a-dump' || err.code === 'empty') return { layout: { blocks: [], links: [], prefix: null, lineCount }, dump: null };
  }
  return { layout: { blocks: builder.blocks, links: builder.links, prefix: builder.learnedPrefix, lineCount }, dump };
}

/** completeText is a document's text as the parser reads a complete one: a document saved without a final newline is complete, and without one the parser would take its last goroutine for a cut one. */
function completeText(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
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

/**
 * sourceLinkIn finds the source link on one line (its log prefix removed):
 * a frame's file line (`\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1`,
 * with or without offset, fp/sp/pc, tabs turned to spaces) or a debug=1 `#`
 * line, read by the parser's framePlaceIn. `column` is where `line` starts in
 * the document line; `func` the frame's function if known. Files the dump
 * cannot place (`?`, `??`, `<autogenerated>`, line 0) give no link.
 */
export function sourceLinkIn(line: string, lineIndex: number, column = 0, func: string | null = null): SourceLink | null {
  const place = framePlaceIn(line);
  if (place === null || place.line <= 0 || place.file === '?' || place.file === '??' || place.file.startsWith('<')) return null;
  return {
    line: lineIndex,
    startColumn: column + place.start,
    endColumn: column + place.end,
    file: place.file,
    lineNumber: place.line,
    func: place.func ?? func,
  };
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
    if (opensDump(raw.endsWith('\r') ? raw.slice(0, -1) : raw)) return true;
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
    groups = groupDump(parseDumpText(completeText(text)), 'exact');
  } catch (err) {
    if (isLensError(err)) return [];
    throw err;
  }
  return outlineOf(groups, layout, maxChildren);
}

/** outlineOf is dumpOutline for the groups of the document's dump. */
function outlineOf(groups: readonly Group[], layout: DumpLayout, maxChildren: number): OutlineSymbol[] {
  const goroutines = new Map<number, DumpBlock[]>();
  const records = new Map<string, DumpBlock[]>();
  // The crashing goroutine's stack printed without a header (a Windows exception): the group of a goroutine with no id in a goroutine dump.
  const idless: DumpBlock[] = [];
  for (const b of layout.blocks) {
    if (b.kind === 'goroutine') {
      if (b.goroutineId === null) idless.push(b);
      else appendTo(goroutines, b.goroutineId, b);
    } else if (b.kind === 'record' && b.stackKey !== null) appendTo(records, b.stackKey, b);
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
      blocks = records.get(g.key) ?? idless.splice(0, 1);
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
  return {
    kind: 'goroutine',
    name: `goroutine ${b.goroutineId}`,
    detail: b.state ?? '',
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
