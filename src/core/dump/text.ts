import { BucketBuilder, asciiBytes, type GoroutineRecord } from './buckets';
import type { DumpFormat, Frame, Labels, OtherDump, Preamble, RaceAccess, RaceReport } from './model';

/**
 * The text formats (debug=2, tracebacks, debug=1) are read by one
 * line-at-a-time state machine. Each state says which line shapes it expects
 * and where it goes next; each line shape has one named pattern below with
 * the real-world variants it covers.
 *
 *   outside ──header──▶ goroutine ──blank──▶ outside
 *      │                   │ `[originating from goroutine N]:`
 *      │                   ▼
 *      │               ancestry ──blank / header──▶ outside / goroutine
 *      ├──`N @ 0x…`──▶ record ──blank──▶ outside            (debug=1)
 *      ├──`runtime stack:`──▶ runtimeStack ──blank──▶ outside
 *      └──`WARNING: DATA RACE`──▶ race ──`=====`──▶ outside
 *
 * A blank line inside a goroutine leads to `gap`: a header or text there ends
 * the goroutine; a frame line continues it (a dump pasted double-spaced).
 * Lines that match nothing in `outside` are text around the dump (logs) and
 * pass through.
 *
 * Dumps as people have them are damaged by copying. A line the current state
 * cannot read is held for one line: joined with the next it may read (a line
 * a console wrapped, a function name and its `(args)` split); if not, it is
 * what it was (text after the dump, an unreadable line: noted). Whatever is
 * repaired and whatever cannot be read is listed in `problems`, with its line.
 *
 * The parser tells a LineSink, when it is given one, what it read each line
 * as (LineKind): the dump document (src/core/document/dumpDocument.ts:
 * folding, links, outline) lays its blocks out from that, and finds links
 * and headers with framePlaceIn, opensDump and goroutineHeaderOpening: a line
 * shape is written here and nowhere else, and read by this parser only.
 */
type State = 'outside' | 'goroutine' | 'gap' | 'ancestry' | 'record' | 'runtimeStack' | 'race';

/** THREAD_FIELDS: the ` gp=0x… m=0 mp=0x…` a goroutine header carries in tracebacks (GOTRACEBACK=system, throws). */
const THREAD_FIELDS = String.raw`(?: [a-z]+=\S+)*`;

/** headerOpening is the pattern text of a goroutine header up to its `[`: `goroutine 7 [`, with `id` and `fields` as pattern text. */
function headerOpening(id: string, fields: string): string {
  return `goroutine ${id}${fields} \\[`;
}

/** HEADER_SHAPE and PROFILE_SHAPE: the text of GOROUTINE_HEADER and PROFILE_HEADER, anchored or not by their users. */
const HEADER_SHAPE = `${headerOpening(String.raw`(\d+)`, `(${THREAD_FIELDS})`)}(.*)\\]:\\s*$`;
const PROFILE_SHAPE = String.raw`(goroutine|goroutineleak) profile: total (\d+)\s*$`;

/**
 * The first lines of the parts of a traceback (docs/dump-formats.md) and of
 * a race report, and what a preamble is made of: PANIC (`panic: boom`, also
 * indented under `[recovered]`), FATAL_ERROR, SIGNAL_INFO
 * (`[signal SIGSEGV: segmentation violation code=…]`), SIGNAL (`SIGQUIT: quit`,
 * or on Windows `Exception 0xc0000005 0x8 0x0 0x0`), RUNTIME_STACK,
 * DATA_RACE (`WARNING: DATA RACE`); see preambleShape. After a Windows
 * exception in C code Go prints SIGNAL_ARRIVED, then the crashing
 * goroutine's stack without a header.
 */
export const PANIC = 'panic: ';
export const FATAL_ERROR = 'fatal error: ';
export const SIGNAL_INFO = '[signal ';
export const SIGNAL = /^(?:SIG[A-Z0-9]+: |Exception 0x[0-9a-fA-F]+ )/;
export const SIGNAL_ARRIVED = /^signal arrived during (?:external code|cgo) execution\s*$/;
export const RUNTIME_STACK = 'runtime stack:';
/** RUNTIME_STACK_NOTE is the preamble's note for a `runtime stack:` block, whose frames are skipped. */
export const RUNTIME_STACK_NOTE = 'runtime stack (the system stack of the failing thread) skipped';
export const DATA_RACE = 'WARNING: DATA RACE';

/** PreambleShape names the lines a traceback prints around its goroutines (the parser's preamble), and a race report's first line. */
export type PreambleShape = 'panic' | 'fatalError' | 'signalInfo' | 'signal' | 'runtimeStack' | 'race';

/** preambleShape tells which of the lines a traceback prints around its goroutines `line` is, or null. */
export function preambleShape(line: string): PreambleShape | null {
  if (line.trimStart().startsWith(PANIC)) return 'panic';
  if (line.startsWith(FATAL_ERROR)) return 'fatalError';
  if (line.startsWith(SIGNAL_INFO)) return 'signalInfo';
  if (SIGNAL.test(line)) return 'signal';
  if (line === RUNTIME_STACK) return 'runtimeStack';
  if (line.startsWith(DATA_RACE)) return 'race';
  return null;
}

/**
 * GOROUTINE_HEADER: `goroutine 7 [chan receive, 435 minutes]:`. Variants:
 * `goroutine 1 gp=0xc000002380 m=0 mp=0x5f4a40 [running]:` and `m=nil`
 * (GOTRACEBACK=system, throws); the bracket holds the wait reason and its
 * suffixes, parsed by `parseHeaderBracket`.
 */
export const GOROUTINE_HEADER = new RegExp(`^${HEADER_SHAPE}`);
/** PROFILE_HEADER: `goroutine profile: total 6` (debug=1), `goroutineleak profile: total 7` (the leak profile). */
export const PROFILE_HEADER = new RegExp(`^${PROFILE_SHAPE}`);
/**
 * PREFIXED_MARKER: a goroutine header, a profile header or a traceback's
 * first line (`panic: `, `fatal error: `, `SIGQUIT: quit`) anywhere in a
 * line: how a log prefix is found.
 */
const PREFIXED_MARKER = new RegExp(`${HEADER_SHAPE}|${PROFILE_SHAPE}|${PANIC}|${FATAL_ERROR}|SIGQUIT: quit`);
/** PREFIXED_MARKER_RACE: the same for the parser, which also learns a prefix from a race report's first line. */
const PREFIXED_MARKER_RACE = new RegExp(`${PREFIXED_MARKER.source}|${DATA_RACE}`);

/**
 * markerBehindPrefix is where a dump's marker (PREFIXED_MARKER; with `race`,
 * a race report's first line too) starts behind a log prefix
 * (`2026-11-27T03:14:15.926Z goroutine 1 [running]:` → 25): how a log prefix
 * is learned. 0 when the line has no marker, starts with one, or is longer
 * than PREFIX_SEARCH_LIMIT.
 */
export function markerBehindPrefix(line: string, race = false): number {
  if (line.length > PREFIX_SEARCH_LIMIT) return 0;
  const marker = (race ? PREFIXED_MARKER_RACE : PREFIXED_MARKER).exec(line);
  return marker === null ? 0 : marker.index;
}
/** HEADER_AFTER_PREFIX: a goroutine header or a profile header behind a log prefix (`2026-11-27T03:14:15.926Z goroutine 1 [running]:`), after a space. */
export const HEADER_AFTER_PREFIX = new RegExp(`\\s(?:${HEADER_SHAPE}|${PROFILE_SHAPE})`);

/** opensDump tells a line that starts a dump: a goroutine header or a profile header, at the start of the line or behind a log prefix (how a text file is told to hold a dump). */
export function opensDump(line: string): boolean {
  return GOROUTINE_HEADER.test(line) || PROFILE_HEADER.test(line) || (line.length <= PREFIX_SEARCH_LIMIT && HEADER_AFTER_PREFIX.test(line));
}

/** goroutineHeaderOpening finds the start of goroutine `id`'s header anywhere in a line (`goroutine 7 [`, `goroutine 7 gp=0x… m=0 [`), cut or whole. */
export function goroutineHeaderOpening(id: number): RegExp {
  return new RegExp(headerOpening(String(id), THREAD_FIELDS));
}
/** RECORD_HEADER: `3 @ 0x437556 0x40619b 0x461161` (debug=1). */
export const RECORD_HEADER = /^(\d+) @((?: 0x[0-9a-fA-F]+)*)\s*$/;
/** RECORD_FRAME: `#\t0x4b4e7a\tmain.block+0x1a\t/tmp/q/main.go:11`, padded with several tabs; `#\t0x4b4e7a` alone when the PC has no symbol. */
export const RECORD_FRAME = /^#\s+0x[0-9a-fA-F]+(?:\s+(\S+?)(?:\+0x[0-9a-fA-F]+)?\s+(.+):(\d+))?\s*$/;
/** RecordFrame is what a debug=1 `#` line says of its frame. */
export interface RecordFrame {
  readonly func: string;
  readonly file: string;
  readonly line: number;
}

/** recordFrameOf reads a RECORD_FRAME (or RECORD_FRAME_LOOSE) match: `?`, `?`, 0 for a PC without a symbol. */
export function recordFrameOf(m: RegExpExecArray): RecordFrame {
  return m[1] === undefined ? { func: '?', file: '?', line: 0 } : { func: m[1], file: m[2]!.trim(), line: Number(m[3]) };
}
/** RECORD_FRAME_AT: RECORD_FRAME with match indices, for where its path is. */
const RECORD_FRAME_AT = new RegExp(RECORD_FRAME.source, `${RECORD_FRAME.flags}d`);

/** FramePlace is where a frame's `file:line` is in its line (start of the path, end of the line number) and what it says. */
export interface FramePlace {
  readonly start: number;
  readonly end: number;
  readonly file: string;
  readonly line: number;
  /** The function, when the same line names it (a debug=1 `#` line). */
  readonly func: string | null;
}

/**
 * framePlaceIn reads where the `file:line` of a frame's file line (FILE_LINE:
 * indented, with or without offset, fp/sp/pc, tabs turned to spaces) or of a
 * debug=1 `#` line (RECORD_FRAME) is; null for any other line and for a `#`
 * line without a symbol.
 */
export function framePlaceIn(line: string): FramePlace | null {
  const c = line.charCodeAt(0);
  if (c === 9 || c === 32) {
    const m = FILE_LINE.exec(line);
    if (!m) return null;
    let start = 0;
    while (line.charCodeAt(start) === 9 || line.charCodeAt(start) === 32) start++;
    const file = m[1]!;
    return { start, end: start + file.length + 1 + m[2]!.length, file, line: Number(m[2]), func: null };
  }
  if (c === 35 /* # */) {
    const m = RECORD_FRAME_AT.exec(line);
    if (!m || m[2] === undefined) return null;
    const frame = recordFrameOf(m); // the match already starts at the path
    return { start: m.indices![2]![0], end: m.indices![3]![1], file: frame.file, line: frame.line, func: frame.func };
  }
  return null;
}
/** RECORD_LABELS: `# labels: {"worker":"w1", "tenant":"acme"}`. */
export const RECORD_LABELS = /^# labels: (\{.*\})\s*$/;
/** RECORD_LABELS_LOOSE: a labels line whatever follows `labels:` (cut, mangled), its `#` lost or spaced. */
const RECORD_LABELS_LOOSE = /^\s*#?\s*labels:\s*(.*)$/;
/** RECORD_FRAME_LOOSE: a debug=1 frame line whose `#` a Markdown renderer ate (`        0x822124\tnet/http…+0x164\t/usr/…/transport.go:1759`) or that is indented (` #       0xb85ec5        …`). */
const RECORD_FRAME_LOOSE = /^\s*#?\s*0x[0-9a-fA-F]+(?:\s+(\S+?)(?:\+0x[0-9a-fA-F]+)?\s+(.+):(\d+))?\s*$/;
/** RECORD_HEADER_LOOSE: a record header someone shortened or cut (`1 @ ... net/http.(*Server).Serve ...`, `2 @ 0x42c74a 0x4278`). */
const RECORD_HEADER_LOOSE = /^(\d+) @(?: |$)/;
/**
 * FILE_LINE: `\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1`. Variants:
 * no offset (inlined frames), ` fp=0x… sp=0x… pc=0x…` (GOTRACEBACK=system),
 * ` pc=0x…` alone (C frames from a cgo symbolizer, `??:0 pc=0x…`),
 * `<autogenerated>:1`, `?:0`, `.s` files, module paths from -trimpath builds,
 * Windows paths (`C:/Users/dev/main.go:9`), the tab turned into spaces.
 */
export const FILE_LINE = /^[ \t]+([^ \t].*):(\d+)(?: +\+0x[0-9a-fA-F]+)?(?: +fp=0x[0-9a-fA-F]+ +sp=0x[0-9a-fA-F]+)?(?: +pc=0x[0-9a-fA-F]+)?[ \t]*$/;
/** NON_GO_PC: the line under `non-Go function`: `\tpc=0x7f3a8c2d1e5f`. */
const NON_GO_PC = /^\s+pc=0x[0-9a-fA-F]+\s*$/;
/** FILE_LINE_BARE: a file line that lost its indentation (Markdown, a CI log viewer): `testing/testing.go:1700 +0x11f`. */
const FILE_LINE_BARE = /^([^ \t(][^ \t]*):(\d+)(?: ?\+0x[0-9a-fA-F]+)?(?: +fp=0x[0-9a-fA-F]+ +sp=0x[0-9a-fA-F]+)?(?: +pc=0x[0-9a-fA-F]+)?[ \t]*$/;
/** FILE_LINE_CUT: what can be read of a file line the input cut (`\t/usr/…/merge_logger.go:92 +0`). */
const FILE_LINE_CUT = /^\s*(\S[^\s]*):(\d+)(?:\s.*)?$/;
/** CUT_CALL: a function line the input cut inside its arguments (`testing.(*T).Run(0xc0001304e0, {0xc`): the name before `(`. */
const CUT_CALL = /^([^\s(][^\s]*?)\((?!\*)/;
/** CREATED_BY_ANYWHERE: a `created by` line behind a prefix not learned yet: a stack before the first header. */
const CREATED_BY_ANYWHERE = /(?:^|\s)created by \S+(?: in goroutine \d+)?\s*$/;
/** HEADER_PREFIX: the start of a goroutine header (`goroutine 6439 [sync`), cut or wrapped. */
const HEADER_PREFIX = /^goroutine (\d+)(?: +[a-z]+=\S+)*(?: +\[(.*))?$/;
/**
 * CONTROL: NUL and control bytes and terminal colour codes (`\x1b[0;31m`),
 * which copying from terminals and logs leaves inside lines. ESC and BEL
 * outside a colour code are kept: an escape sequence that is not copy damage
 * (a title or clipboard sequence planted in a dump) stays visible, and every
 * printer shows it escaped (core/terminal.ts).
 */
const CONTROL = /\x1b\[[0-9;]*m|[\x00-\x06\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;
const HAS_CONTROL = /\x1b\[[0-9;]*m|[\x00-\x06\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/;
/** NUL_OR_COLOUR: what is removed from every line, found cheaply with indexOf first. */
const NUL_OR_COLOUR = /\x1b\[[0-9;]*m|\x00/g;
/** LAST_FRAMES: functions a complete stack can end with when no `created by` follows (goroutine 1, the runtime's own goroutines). */
const LAST_FRAMES = new Set([
  'main.main',
  'runtime.main',
  'runtime.goexit',
  'runtime.mstart',
  'runtime.mstart0',
  'runtime.mstart1',
  'runtime.rt0_go',
  'runtime.morestack',
  'runtime.systemstack',
  'runtime.mcall',
]);
/** RACE_ACCESS: `Write at 0x00c0000a4010 by goroutine 7:` (current form), `Previous read by goroutine 6:` (old form, no address), `… by main goroutine:`. */
export const RACE_ACCESS = /^(Previous )?([A-Za-z][A-Za-z ]*?) (?:at (0x[0-9a-fA-F]+) )?by (?:goroutine (\d+)|(main goroutine)):\s*$/;
/** RACE_ACCESS_CUT: the same, its goroutine number wrapped onto the next line. */
const RACE_ACCESS_CUT = /^(Previous )?([A-Za-z][A-Za-z ]*?) (?:at (0x[0-9a-fA-F]+) )?by goroutine\s*$/;
/** RACE_CREATED: `Goroutine 7 (running) created at:`. */
export const RACE_CREATED = /^Goroutine (\d+) \(([a-z ]+)\) created at:\s*$/;
const RACE_NO_STACK = '[failed to restore the stack]';
/** MAX_PROBLEM_KINDS bounds the problems list: each kind is listed once, with its first line and a count. */
const MAX_PROBLEM_KINDS = 64;
/** MAX_RUNTIME_MESSAGES bounds the `runtime: ` lines kept in the preamble's notes. */
const MAX_RUNTIME_MESSAGES = 16;
/**
 * MAX_SEGMENTS bounds the dumps of one text kept apart (a dump printed twice
 * and more): each costs a few KB, so a text whose every line starts one would
 * otherwise cost far more memory than its size. Past it, further dumps are
 * counted with the last one kept apart, and the problems say so.
 */
const MAX_SEGMENTS = 1000;
/** PREFIX_GIVE_UP: a learned log prefix that no line has carried for this many lines is forgotten. */
const PREFIX_GIVE_UP = 64;
/** CREATED_BY: `created by main.main` (Go < 1.21), `created by main.main in goroutine 12` (Go ≥ 1.21). */
export const CREATED_BY = /^created by (\S+?)(?: in goroutine (\d+))?\s*$/;
/** ELIDED: `...additional frames elided...` (Go < 1.21), `...23 frames elided...` (Go ≥ 1.21). */
export const ELIDED = /^\.\.\.(?:additional|\d+) frames elided\.\.\.\s*$/;
/** ANCESTRY: `[originating from goroutine 1]:` (GODEBUG=tracebackancestors=N). */
export const ANCESTRY = /^\[originating from goroutine \d+\]:\s*$/;
export const STACK_UNAVAILABLE = 'goroutine running on other thread; stack unavailable';
/** WAIT_MINUTES: `435 minutes` (printed from 1 minute on). */
const WAIT_MINUTES = /^(\d+) minutes?$/;
/** SYNCTEST: `synctest group 3` (Go 1.24), `synctest bubble 3` (Go ≥ 1.25). */
const SYNCTEST = /^synctest (?:group|bubble) (\d+)$/;
/** STATE_SUFFIXES: ` (scan)` (the GC is scanning it), ` (leaked)` (goroutine leak profile), ` (durable)`. */
const STATE_SUFFIXES = [' (scan)', ' (leaked)', ' (durable)'];
/** PREFIX_SEARCH_LIMIT: log prefixes are looked for only in lines this short (a dump's marker lines are short), which keeps the unanchored search linear. */
export const PREFIX_SEARCH_LIMIT = 512;
export const RACE_SEPARATOR = /^={10,}\s*$/;

/** HeaderBracket is what a goroutine header's brackets say. */
export interface HeaderBracket {
  state: string;
  waitMinutes: number | null;
  lockedToThread: boolean;
  leaked: boolean;
  /** ` (durable)`: a goroutine of a synctest bubble that only another goroutine of its bubble can wake (Go >= 1.25). */
  durable: boolean;
  /** The synctest bubble (or group, Go 1.24) it belongs to: `synctest bubble 3`. */
  bubble: number | null;
  labels: Labels | null;
}

/**
 * parseHeaderBracket reads the inside of `[…]` in a goroutine header:
 * `chan receive, 435 minutes`, `IO wait, locked to thread`,
 * `runnable (scan)`, `chan send (leaked)`, `select (no cases)`,
 * `GC worker (idle)`, `chan receive, synctest bubble 3`,
 * `running labels:{"k": "v"}` (labels, Go ≥ 1.27). Wait reasons never hold
 * `, ` themselves, so the comma splits the suffixes off.
 */
export function parseHeaderBracket(inside: string): HeaderBracket {
  // Most headers hold a state alone (`chan receive`, `IO wait`): nothing to split, no suffix (each holds `(`).
  if (inside.indexOf(',') < 0 && inside.indexOf('(') < 0 && inside.indexOf('labels:') < 0) {
    return { state: inside.trim(), waitMinutes: null, lockedToThread: false, leaked: false, durable: false, bubble: null, labels: null };
  }
  let labels: Labels | null = null;
  let text = inside;
  const at = text.indexOf('labels:');
  if (at >= 0) {
    labels = parseLabels(text.slice(at + 'labels:'.length).trim());
    text = text.slice(0, at).replace(/[,\s]+$/, '');
  }
  const parts = text.split(', ');
  let state = parts[0]!.trim();
  let waitMinutes: number | null = null;
  let lockedToThread = false;
  let leaked = false;
  let durable = false;
  let bubble: number | null = null;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!.trim();
    const minutes = WAIT_MINUTES.exec(part);
    const synctest = minutes ? null : SYNCTEST.exec(part);
    if (minutes) waitMinutes = Number(minutes[1]);
    else if (part === 'locked to thread') lockedToThread = true;
    else if (synctest) bubble = Number(synctest[1]);
    else state = `${state}, ${part}`; // not a known suffix: keep it rather than lose it
  }
  for (let suffix = STATE_SUFFIXES.find((x) => state.endsWith(x)); suffix; suffix = STATE_SUFFIXES.find((x) => state.endsWith(x))) {
    if (suffix === ' (leaked)') leaked = true;
    else if (suffix === ' (durable)') durable = true;
    state = state.slice(0, -suffix.length);
  }
  return { state, waitMinutes, lockedToThread, leaked, durable, bubble, labels };
}

/**
 * parseLabels reads pprof labels as Go prints them: `{"k":"v", "k2":"v2"}`.
 * Go quotes with %q, which is JSON for everything but rare escapes; those
 * fall back to a lenient pair scan.
 */
export function parseLabels(text: string): Labels | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) setLabel(labels, k, String(v));
      return labels;
    }
  } catch {
    // fall through to the lenient scan
  }
  const labels: Record<string, string> = {};
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) setLabel(labels, m[1]!, m[2]!);
  return Object.keys(labels).length > 0 ? labels : null;
}

/** setLabel sets a label as an own property, so that a key such as `__proto__` is kept like any other (an assignment would set the prototype). */
export function setLabel(labels: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
}

/** CREATED_BY_BYTES is `created by `, as bytes. */
const CREATED_BY_BYTES = asciiBytes('created by ');

/** startsCreatedBy tells whether `bytes` hold `created by ` at `at`. */
function startsCreatedBy(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < CREATED_BY_BYTES.length; i++) if (bytes[at + i] !== CREATED_BY_BYTES[i]) return false;
  return true;
}

/** IN_GOROUTINE_BYTES is what may follow a creator's name, before the parent's id: ` in goroutine `. */
const IN_GOROUTINE_BYTES = asciiBytes(' in goroutine ');

/** inGoroutine reads ` in goroutine N` as `bytes[at, end)` holds it (N: 1 to 15 digits), null when they hold anything else. */
function inGoroutine(bytes: Uint8Array, at: number, end: number): number | null {
  if (end - at <= IN_GOROUTINE_BYTES.length || end - at > IN_GOROUTINE_BYTES.length + 15) return null;
  for (let i = 0; i < IN_GOROUTINE_BYTES.length; i++) if (bytes[at + i] !== IN_GOROUTINE_BYTES[i]) return null;
  let id = 0;
  for (let i = at + IN_GOROUTINE_BYTES.length; i < end; i++) {
    const c = bytes[i]!;
    if (c < 48 || c > 57) return null;
    id = id * 10 + (c - 48);
  }
  return id;
}

/** C_FUNCTION: a C frame from a cgo symbolizer prints its bare name, `zstd_compress_block`. */
const C_FUNCTION = /^[A-Za-z_][\w$@.]*[\w$@]$|^[A-Za-z_]$/;

/**
 * functionOf reads a frame's function line: `net/http.(*persistConn).readLoop(0xc000123456)`
 * → `net/http.(*persistConn).readLoop`; `non-Go function` and bare C names as they are.
 */
export function functionOf(line: string): string | null {
  if (line.charCodeAt(line.length - 1) !== 41 /* ) */) return line === 'non-Go function' || C_FUNCTION.test(line) ? line : null;
  const open = line.lastIndexOf('(');
  // Arguments never start with `*`: `testing.(*testContext)` is a name cut after its receiver, not `testing.` called.
  if (open <= 0 || line.charCodeAt(open + 1) === 42 /* * */) return null;
  const name = line.slice(0, open);
  return name.includes(' ') || name.includes('\t') ? null : name;
}

/** prefixPattern turns a log prefix seen once (`2026-11-27T03:14:15.926Z `) into a pattern that matches it on every line: digits vary, the rest stays. */
export function prefixPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+');
  return new RegExp(`^${escaped}`);
}

/** TextParseResult is what the text parser learned besides the buckets. */
export interface TextParseResult {
  format: DumpFormat | null;
  leakProfile: boolean;
  declaredTotal: number | null;
  truncatedReason: string | null;
  preamble: Preamble;
  problems: string[];
  otherDumps: OtherDump[];
  races: RaceReport[];
}

/**
 * IdSet remembers the goroutine ids of one dump compactly, to tell a dump
 * printed twice: a bit per id while the bitmap stays small beside the ids
 * it holds (at most 32 bytes per id seen, 1 KiB at least), a Set for the
 * rest. So a text whose every line starts a further dump with a huge id
 * costs a few bytes per line, not a bitmap up to that id each time.
 */
class IdSet {
  private bits = new Uint8Array(1 << 7);
  private big: Set<number> | null = null;
  private count = 0;
  /** add records an id and says whether it was there already. */
  add(id: number): boolean {
    const byte = id >>> 3;
    if (Number.isInteger(id) && id >= 0 && id < 1 << 26 && (byte < this.bits.length || this.growTo(byte))) {
      const mask = 1 << (id & 7);
      // An id kept in the Set before the bitmap grew to cover it is still there.
      if ((this.bits[byte]! & mask) !== 0 || this.big?.has(id)) return true;
      this.bits[byte]! |= mask;
      this.count++;
      return false;
    }
    const big = (this.big ??= new Set());
    if (big.has(id)) return true;
    big.add(id);
    this.count++;
    return false;
  }

  /** growTo grows the bitmap to hold byte, unless it would outgrow the ids it holds; it says whether it did. */
  private growTo(byte: number): boolean {
    let size = this.bits.length;
    while (size <= byte) size *= 2;
    if (size > Math.max(1 << 10, this.count * 32)) return false;
    const grown = new Uint8Array(size);
    grown.set(this.bits);
    this.bits = grown;
    return true;
  }
}

/** Segment is one dump of the text: the first is the one returned; later ones (a dump printed twice) are counted apart. */
interface Segment {
  readonly builder: BucketBuilder;
  readonly line: number;
  readonly reason: string;
  readonly ids: IdSet;
  goroutines: boolean;
  records: boolean;
  /** True once a `goroutine profile: total N` header was read in it (a debug=1 profile, even one with no records). */
  profile: boolean;
  tracebackMark: boolean;
}

/**
 * LineKind is what the parser read a line as, told to a {@link LineSink}
 * (the dump document lays its blocks out from these; see
 * src/core/document/dumpDocument.ts). A kind opens a block, continues the
 * block being read, or is outside any block ({@link LINE_ROLES}):
 * - `goroutine`: a goroutine header (cut or wrapped ones too);
 *   `ancestry`: `[originating from goroutine N]:` inside one; `crashStack`:
 *   the first line of the stack Go prints with no header after a Windows
 *   exception (`signal arrived during external code execution`), which
 *   opens that goroutine's block;
 * - `function`, `createdBy`, `file`: a frame's lines (`file` with the
 *   frame's function); `inside`: any other line the block keeps (elided
 *   frames, `stack unavailable`, a race report's access lines, a damaged line
 *   skipped inside the block);
 * - `record`: a debug=1 `N @ 0x…` header; `recordFrame`, `labels`: its lines;
 * - `preamble`: a traceback's first line (`panic: `, `fatal error: `,
 *   `[signal …]`, `SIGQUIT: quit`, the runtime's `runtime: ` messages);
 *   `preambleMore`: the lines that continue it (those again, `PC=0x…`, a test
 *   timeout's `running tests:` lines);
 * - `runtimeStack`: `runtime stack:`; `race`: `WARNING: DATA RACE`;
 * - `continued`: the second half of a line a console wrapped, joined to the
 *   line above (which has the joined line's kind);
 * - `profile`: `goroutine profile: total N`; `orphan`: a stack line with no
 *   header above it; `text`: anything else outside a dump (logs);
 * - `blank`: a blank line, which ends no block by itself (the next line
 *   tells: a dump pasted double-spaced goes on after one).
 */
export type LineKind =
  | 'goroutine'
  | 'crashStack'
  | 'ancestry'
  | 'function'
  | 'createdBy'
  | 'file'
  | 'inside'
  | 'record'
  | 'recordFrame'
  | 'labels'
  | 'preamble'
  | 'preambleMore'
  | 'runtimeStack'
  | 'race'
  | 'continued'
  | 'profile'
  | 'orphan'
  | 'text'
  | 'blank';

/** LineRole is what a line kind does to the blocks of a dump: opens one, opens one nested in the current one, continues it, ends it, or nothing. */
export type LineRole = 'opens' | 'nests' | 'continues' | 'outside' | 'blank';

/** LINE_ROLES gives each line kind its role. */
export const LINE_ROLES: Readonly<Record<LineKind, LineRole>> = {
  goroutine: 'opens',
  crashStack: 'opens',
  record: 'opens',
  preamble: 'opens',
  runtimeStack: 'opens',
  race: 'opens',
  ancestry: 'nests',
  function: 'continues',
  createdBy: 'continues',
  file: 'continues',
  inside: 'continues',
  recordFrame: 'continues',
  labels: 'continues',
  preambleMore: 'continues',
  continued: 'continues',
  profile: 'outside',
  orphan: 'outside',
  text: 'outside',
  blank: 'blank',
};

/** LineEvent is one line as the parser read it. The parser hands the same object over for every line: read it during the call. */
export interface LineEvent {
  kind: LineKind;
  /** The line's index, 0-based. */
  index: number;
  /** The line as the text has it, without its line ending. */
  text: string;
  /** Where the line's own text starts in `text`: after the log prefix (and indentation added to a whole block), 0 without one. */
  column: number;
  /** `goroutine`: its id; `record`: its count; otherwise 0. */
  number: number;
  /** `goroutine`: what its brackets hold; `labels`: the labels as printed; `file` and `orphan`: the frame's function when known; otherwise null. */
  detail: string | null;
}

/**
 * LineSink hears, when given to the parser (ParseOptions.lines), what each
 * line of a text dump was read as: every line once, in order, after the
 * parser is done with it (a held line when the next one decides it).
 */
export interface LineSink {
  line(event: Readonly<LineEvent>): void;
  /** The log prefix the parser learned (again), before the event of the line it learned it on. */
  prefix(pattern: RegExp): void;
  /** A debug=1 record's frames (as grouped), when the record ends: after its last line's event, before the next block's. */
  recordEnd(frames: readonly Frame[]): void;
}

/** Held is a line the current state could not read, held for one line (see the class comment). */
interface Held {
  readonly text: string;
  /** Its line number, 1-based. */
  readonly line: number;
  /** The line as it came and where its own text starts, for its LineEvent. */
  readonly raw: string;
  readonly column: number;
}

/** PREAMBLE_MORE: what continues a preamble besides its first lines' shapes: `PC=0x460c81 m=0 sigcode=0` under `SIGQUIT: quit`, and a test timeout's `\trunning tests:` with its `\t\tTestName (10m0s)` lines. */
const PREAMBLE_MORE = /^(?:PC=0x|\trunning tests:|\t\t\S)/;
/** RUNTIME_MESSAGE: the runtime's own messages (`runtime: program exceeds 10000-thread limit`), which a preamble holds besides the lines the parser reads. */
const RUNTIME_MESSAGE = 'runtime: ';

/** TextDumpParser is the state machine; feed it lines, then call finish(). */
export class TextDumpParser {
  private state: State = 'outside';
  private prefix: RegExp | null = null;
  /** The log prefix of the last line that had one, as printed. */
  private lastPrefix = '';
  private prefixMisses = 0;
  private profile: 'goroutine' | 'goroutineleak' | null = null;
  private declaredTotal: number | null = null;
  private sawGoroutine = false;
  private sawRecord = false;
  private sawTracebackMark = false;
  readonly preamble: Preamble = { panics: [], fatalError: null, signal: null, notes: [] };
  private lineNo = 0;

  // The goroutine or debug=1 record being read.
  private current: GoroutineRecord | null = null;
  private pendingFunc: string | null = null;
  private pendingCreator: { func: string; goroutineId: number | null } | null = null;
  /** The line as it came, before any repair (a held line tells its kind with it). */
  private rawLine = '';
  /** A line the state could not read, held to be joined with the next (see the class comment). */
  private held: Held | null = null;
  /** True once a dump was seen pasted with a blank line after every line. */
  private doubleSpaced = false;
  /** The line of the last blank line inside the current goroutine, for the goroutine that spans one. */
  private gapLine = 0;

  private readonly segments: Segment[];
  /** The builder goroutines go to: the main one, or a later dump's. */
  private sink: BucketBuilder;
  private readonly problemKinds = new Map<string, { text: string; line: number; count: number }>();
  private readonly races: RaceReport[] = [];
  private race: RaceReport | null = null;
  private raceSection: { frames: Frame[]; access: RaceAccess | null } | null = null;
  private racePendingFunc: string | null = null;
  private raceLastUnread = false;

  /** Who hears each line's kind (see LineSink); null, and nothing is told, unless asked for. */
  events: LineSink | null = null;
  // What the line being read was read as, for `events`: set where the parser recognises it, else told by the state.
  private kind: LineKind | null = null;
  private kindNumber = 0;
  private kindDetail: string | null = null;
  /** Where the line's own text starts behind the log prefix. */
  private column = 0;
  private lastKind: LineKind = 'blank';
  /** The function of the last stack line the parser only looked at (outside a goroutine, in a runtime stack or an ancestry), for its file line's event. */
  private lookedAtFunc: string | null = null;
  private readonly event: LineEvent = { kind: 'blank', index: 0, text: '', column: 0, number: 0, detail: null };

  constructor(private readonly builder: BucketBuilder) {
    this.sink = builder;
    this.segments = [{ builder, line: 1, reason: '', ids: new IdSet(), goroutines: false, records: false, profile: false, tracebackMark: false }];
  }

  private get segment(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  private get inMain(): boolean {
    return this.segments.length === 1;
  }

  /** problem notes damage: each kind once, with the line it was first seen on and how often. */
  private problem(kind: string, text: string, line = this.lineNo): void {
    const known = this.problemKinds.get(kind);
    if (known !== undefined) known.count++;
    else if (this.problemKinds.size < MAX_PROBLEM_KINDS) this.problemKinds.set(kind, { text, line, count: 1 });
  }

  /** line takes one line without its line ending. */
  line(raw: string): void {
    this.lineNo++;
    this.rawLine = raw;
    // NUL and colour codes are looked for with indexOf, cheap enough for every line; other control bytes only in lines nothing reads.
    let line = raw;
    if (raw.indexOf('\0') >= 0 || raw.indexOf('\x1b[') >= 0) {
      line = raw.replace(NUL_OR_COLOUR, '');
      if (line !== raw) this.problem('control', 'removed NUL or control bytes (or terminal colour sequences) from inside lines');
    }
    if (this.prefix !== null) {
      const whole = line.length;
      const m = this.prefix.exec(line);
      if (m) {
        line = line.slice(m[0].length);
        this.lastPrefix = m[0];
        this.prefixMisses = 0;
      } else {
        line = this.prefixMissed(line);
      }
      this.column = whole - line.length;
    } else {
      this.column = 0;
    }
    this.dispatch(line);
    if (this.events !== null && this.held?.line !== this.lineNo) this.tell(this.lineNo, raw, this.column, line.trim() === '');
    // Cheap on the hot path: only a line that starts with `-` or a space is trimmed.
    if (line.length > 0) {
      const c = line.charCodeAt(0);
      if (c === 45 /* - */ || c === 32) {
        const t = line.trim();
        if (t !== '') this.afterDashes = t === '-----';
      } else {
        this.afterDashes = false;
      }
    }
  }

  /**
   * fastOpen tells whether fastLines may read lines from here on: not while
   * a log prefix is stripped, lines are told to `events`, or a debug=1
   * record or a race report is read (the reader then hands whole pieces to
   * line()).
   */
  get fastOpen(): boolean {
    return this.events === null && this.prefix === null && this.state !== 'record' && this.state !== 'race';
  }

  /**
   * fastLines reads a goroutine's frames straight from the input's bytes
   * (`bytes[at, end)`, whole lines, each ending in `\n` or `\r\n`) while they are as
   * Go prints them: a function line, printable ASCII ending in `)`, whose
   * name before the last `(` holds no space (functionOf), then its file
   * line, a tab, the file up to the last `:`, the line's digits and nothing
   * or ` +0x…` after them. Each such pair is what line() would make of its
   * two lines, without their strings; anything else stops it. Returns where
   * it stopped: the start of the first line it leaves to line().
   */
  fastLines(bytes: Uint8Array, at: number, end: number): number {
    if (this.state !== 'goroutine' || this.held !== null || this.pendingFunc !== null || this.pendingCreator !== null || !this.fastOpen) return at;
    const current = this.current!;
    let read = 0;
    while (at < end) {
      let open = -1;
      let space = -1;
      // i: where the first line's text ends (its `\r\n` or `\n`, which the line splitter would remove).
      let i = at;
      for (let c = bytes[i]!; c !== 10; c = bytes[++i]!) {
        if (c === 40 /* ( */) open = i;
        else if (c === 32 || c === 9) {
          if (space < 0) space = i;
        } else if (c < 32 || c > 126) {
          if (c === 13 && bytes[i + 1] === 10) break;
          return this.fastStopped(read, at);
        }
      }
      // The first line: a function line, or `created by F` (`in goroutine N`).
      let funcEnd = open;
      let parent: number | null = null;
      if (space === at + 7 && startsCreatedBy(bytes, at)) {
        funcEnd = at + 11;
        while (funcEnd < i && bytes[funcEnd] !== 32) funcEnd++;
        if (funcEnd === at + 11) break;
        if (funcEnd < i) {
          parent = inGoroutine(bytes, funcEnd, i);
          if (parent === null) break;
        }
      } else if (open <= at || bytes[i - 1] !== 41 /* ) */ || bytes[open + 1] === 42 /* * */ || (space >= 0 && space < open)) break;
      // Its file line: a tab, the file up to the last `:`, the line's digits, then nothing or ` +0x…`.
      const fileStart = i + (bytes[i] === 13 ? 3 : 2);
      if (fileStart >= end || bytes[fileStart - 1] !== 9 || bytes[fileStart] === 32 || bytes[fileStart] === 9 || bytes[fileStart] === 10) break;
      let colon = -1;
      let j = fileStart;
      for (let c = bytes[j]!; c !== 10; c = bytes[++j]!) {
        if (c === 58 /* : */) colon = j;
        else if (c < 32 || c > 126) {
          if (c === 13 && bytes[j + 1] === 10) break;
          return this.fastStopped(read, at);
        }
      }
      if (colon <= fileStart) break;
      let line = 0;
      let k = colon + 1;
      for (let c = bytes[k]!; c >= 48 && c <= 57; c = bytes[++k]!) line = line * 10 + (c - 48);
      // Nine digits at most, as knownFrame reads them.
      if (k === colon + 1 || k - colon > 10) break;
      if (k !== j) {
        if (bytes[k] !== 32 || bytes[k + 1] !== 43 /* + */ || bytes[k + 2] !== 48 /* 0 */ || bytes[k + 3] !== 120 /* x */) break;
        let h = k + 4;
        for (let c = bytes[h]!; (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); c = bytes[++h]!);
        if (h === k + 4 || h !== j) break;
      }
      if (funcEnd === open) current.frames.push(this.sink.frameOfBytes(bytes, at, open, fileStart, colon, line));
      else current.creator = this.sink.creatorOfBytes(bytes, at + 11, funcEnd, fileStart, colon, line, parent);
      read++;
      at = j + (bytes[j] === 13 ? 2 : 1);
    }
    return this.fastStopped(read, at);
  }

  /** fastStopped counts the lines of the `read` frames fastLines read (two each) and returns where it stopped, `at`. */
  private fastStopped(read: number, at: number): number {
    if (read > 0) {
      this.lineNo += 2 * read;
      // Neither line starts with `-` or a space (see line()).
      this.afterDashes = false;
    }
    return at;
  }

  /** skippedLine counts a line too long to be read (see LineSplitter): text outside the dump, so that line numbers stay right. */
  skippedLine(): void {
    this.lineNo++;
    if (this.events !== null) {
      this.kind = 'text';
      this.tell(this.lineNo, '', 0, false);
    }
  }

  /**
   * tell hands line `lineNo` (1-based) to `events`: the kind the parser
   * recognised, or the one its state says (a line inside a block, text
   * outside one, a blank line).
   */
  private tell(lineNo: number, raw: string, column: number, blank: boolean): void {
    let kind = this.kind ?? (blank ? 'blank' : this.state === 'outside' ? 'text' : 'inside');
    if (kind === 'preamble' && (this.lastKind === 'preamble' || this.lastKind === 'preambleMore')) kind = 'preambleMore';
    const e = this.event;
    e.kind = kind;
    e.index = lineNo - 1;
    e.text = raw;
    e.column = column;
    e.number = this.kindNumber;
    e.detail = this.kindDetail;
    this.events!.line(e);
    this.lastKind = kind;
    this.kind = null;
    this.kindNumber = 0;
    this.kindDetail = null;
  }

  /** hold keeps `text` (the line being read, or what it was read as) for the next line to decide. */
  private hold(text: string): void {
    this.held = { text, line: this.lineNo, raw: this.rawLine, column: this.column };
  }

  /** tellHeld tells a held line's kind once the next line decided it; `joined`: it was joined with the current line, which continues it. */
  private tellHeld(held: Held, joined: boolean): void {
    this.tell(held.line, held.raw, held.column, false);
    // (The joined line may be held again, and then tells its own kind.)
    if (joined && this.held?.line !== this.lineNo) this.kind = 'continued';
  }

  /** lookedAt classifies, for `events`, a stack line the parser skips (a runtime stack, an ancestry): its function, its file line. */
  private lookedAt(line: string): void {
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32) {
      if (FILE_LINE.test(line)) {
        this.kind = 'file';
        this.kindDetail = this.lookedAtFunc;
      }
      this.lookedAtFunc = null;
      return;
    }
    const func = functionOf(line);
    const creator = func === null ? CREATED_BY.exec(line) : null;
    this.lookedAtFunc = func ?? creator?.[1] ?? null;
    if (func !== null) this.kind = 'function';
    else if (creator !== null) this.kind = 'createdBy';
  }

  /** True when a signal line (`SIGQUIT: quit`) came after the last goroutine header. */
  private signalSinceHeader = false;

  /** How many `runtime: ` messages were read outside goroutines (the first MAX_RUNTIME_MESSAGES are noted). */
  private runtimeMessages = 0;

  /** True after SIGNAL_ARRIVED until a goroutine is read: the stack that follows is the crashing goroutine's, printed without its header. */
  private crashStackNext = false;

  /** True when the last line with text was `-----`, which separates the per-thread sections of one crash. */
  private afterDashes = false;

  /**
   * prefixMissed handles a line without the learned log prefix: a line whose
   * prefix differs (the first one was cut: `3.6367390Z panic: …`, then
   * `2024-10-09T09:16:43.6370024Z …`) teaches the prefix again; a prefix no
   * line carries any more is forgotten.
   */
  private prefixMissed(line: string): string {
    const at = markerBehindPrefix(line, true);
    if (at > 0) {
      this.problem(
        'prefix',
        `the log prefix changed (the first one was cut, or the lines come from several sources): read on with ${JSON.stringify(line.slice(0, at))}`,
      );
      this.prefix = prefixPattern(line.slice(0, at));
      this.events?.prefix(this.prefix);
      this.prefixMisses = 0;
      return line.slice(at);
    }
    if (++this.prefixMisses > PREFIX_GIVE_UP) this.prefix = null;
    return line;
  }

  private dispatch(line: string): void {
    if (this.held !== null) {
      const held = this.held;
      this.held = null;
      // A console breaks a long line anywhere; an editor or a mail client at a space, which it eats.
      for (const joined of [held.text + line, `${held.text} ${line.trimStart()}`]) {
        if (this.joinable(held.text, joined)) {
          this.problem('wrapped', 'joined lines a console or an editor had broken in two (a wrapped frame line, a function name and its arguments)', held.line);
          this.dispatch(joined);
          if (this.events !== null) this.tellHeld(held, true);
          return;
        }
      }
      this.flushHeld(held.text);
      if (this.events !== null) this.tellHeld(held, false);
    }
    switch (this.state) {
      case 'goroutine':
        return this.goroutineLine(line);
      case 'gap':
        return this.gapLine_(line);
      case 'ancestry':
        if (line.trim() === '') return this.endBlock();
        if (GOROUTINE_HEADER.test(line)) {
          this.endBlock();
          return this.outsideLine(line);
        }
        // A goroutine can print several ancestors, one after the other.
        if (this.events !== null) {
          if (ANCESTRY.test(line)) this.kind = 'ancestry';
          else this.lookedAt(line);
        }
        return;
      case 'record':
        return this.recordLine(line);
      case 'runtimeStack':
        if (line.trim() === '') this.state = 'outside';
        else if (this.events !== null) this.lookedAt(line);
        return;
      case 'race':
        return this.raceLine(line);
      case 'outside':
        return this.outsideLine(line);
    }
  }

  /** joinable says whether a held line and the next, joined, make a line the state reads. */
  private joinable(held: string, joined: string): boolean {
    if (joined.length > PREFIX_SEARCH_LIMIT * 8) return false;
    if (GOROUTINE_HEADER.test(joined)) return true;
    if (this.state === 'race') return RACE_ACCESS.test(joined.trim());
    if (this.state === 'record') return RECORD_FRAME.test(joined) || RECORD_FRAME_LOOSE.test(joined);
    if (this.state !== 'goroutine') return false;
    const c = held.charCodeAt(0);
    if (c === 9 || c === 32) return FILE_LINE.test(joined);
    if (FILE_LINE_BARE.test(joined)) return this.pendingFunc !== null || this.pendingCreator !== null;
    return functionOf(joined) !== null || CREATED_BY.test(joined);
  }

  /** flushHeld reads a held line that no joining explained as what it is. */
  private flushHeld(text: string): void {
    const header = HEADER_PREFIX.exec(text);
    if (header) {
      if (this.state === 'goroutine' || this.state === 'gap') this.endBlock();
      return this.startCutHeader(header);
    }
    if (this.state === 'race') {
      this.raceLastUnread = true;
      this.raceUnread++;
      return this.problem('race-unread', `skipped a line of a race report that is not a frame: ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (this.state === 'record') {
      return this.problem('record-unread', `skipped a line of a debug=1 record that cannot be read: ${JSON.stringify(text.slice(0, 80))}`);
    }
    if (this.state !== 'goroutine') return this.outsideLine(text);
    const c = text.charCodeAt(0);
    if (c === 9 || c === 32) {
      return this.problem('unread-indented', `skipped an indented line that is not a file line: ${JSON.stringify(text.trim().slice(0, 80))}`);
    }
    // Text after the goroutine: the dump (or this part of it) ends here.
    this.endBlock();
    this.outsideLine(text);
  }

  /**
   * cutInsidePrefix tells whether the last line, cut by the end of the input,
   * is only the start of a log prefix like the line before it
   * (`May 04 00:34:05 localhost.localdomain`, where the lines read
   * `May 04 00:34:05 localhost.localdomain dockerd-current[1246]: …`): the
   * same text but for its digits.
   */
  private cutInsidePrefix(line: string): boolean {
    if (this.prefix === null || line.length === 0 || line.length >= this.lastPrefix.length || this.prefix.test(line)) return false;
    const digitsAsZero = (text: string) => text.replace(/[0-9]/g, '0');
    return digitsAsZero(this.lastPrefix).startsWith(digitsAsZero(line));
  }

  /**
   * finish ends the input. `partialLine` is the last line when the input
   * stopped without a newline: it counts like any other. A goroutine or
   * record the end of the input cut is kept with what it has, marked cut,
   * and the dump is flagged truncated.
   */
  finish(partialLine: string | null): TextParseResult {
    let truncatedReason: string | null = null;
    let cutLine = false;
    if (partialLine !== null && this.cutInsidePrefix(partialLine)) {
      // Nothing of the line is there but part of its log prefix: the goroutine being read is cut.
      this.skippedLine();
      cutLine = true;
    } else if (partialLine !== null) this.line(partialLine);
    if (this.held !== null) {
      const held = this.held;
      this.held = null;
      const header = HEADER_PREFIX.exec(held.text);
      if (header) {
        if (this.state === 'goroutine' || this.state === 'gap') this.endBlock();
        this.startCutHeader(header);
        cutLine = true;
      } else if (this.state === 'goroutine' && this.current !== null && (/^\s/.test(held.text) || !/\s/.test(held.text.trim()) || CUT_CALL.test(held.text))) {
        cutLine = true;
        const file = FILE_LINE_CUT.exec(held.text);
        const call = CUT_CALL.exec(held.text);
        if (this.pendingFunc !== null || this.pendingCreator !== null) this.completeFrame(file ? file[1]! : '?', file ? Number(file[2]) : 0);
        else if (call) this.current.frames.push(this.sink.frame(call[1]!, '?', 0));
        else
          this.problem(
            'cut-line',
            `the last line, cut by the end of the input, is too short to read as a frame: ${JSON.stringify(held.text.trim().slice(0, 80))}`,
          );
      } else if (this.state === 'race') {
        this.raceLastUnread = true;
      } else if (this.state === 'record' && this.current !== null) {
        cutLine = true;
        const func = /^\s*#?\s*0x[0-9a-fA-F]+\s+(\S+?)(?:\+0x[0-9a-fA-F]*)?(?:\s|$)/.exec(held.text);
        if (func) this.current.frames.push(this.sink.frame(func[1]!, '?', 0));
      } else {
        this.flushHeld(held.text);
      }
      if (this.events !== null) this.tellHeld(held, false);
    }
    const partial = this.current;
    if (partial !== null && (this.state === 'goroutine' || this.state === 'gap' || this.state === 'ancestry' || this.state === 'record')) {
      const cut =
        cutLine ||
        this.pendingFunc !== null ||
        this.pendingCreator !== null ||
        (this.state === 'record' && !this.recordLineWhole) ||
        (this.state === 'goroutine' && !this.looksComplete(partial));
      if (cut) {
        partial.cut = true;
        const frames = partial.frames.length + (this.pendingFunc !== null ? 1 : 0);
        const what =
          partial.id !== null
            ? `goroutine ${partial.id}`
            : this.state !== 'record'
              ? 'the crashing goroutine'
              : `the record of ${partial.count} goroutine${partial.count === 1 ? '' : 's'}`;
        const reason = `the input ends in the middle of ${what}: it is kept with the ${frames} frame${frames === 1 ? '' : 's'} before the cut; anything after it is missing`;
        if (this.inMain) truncatedReason = reason;
        else this.problem('other-cut', `the further dump starting at line ${this.segment.line} is cut: ${reason}`);
      }
    }
    this.endBlock();
    if (this.race !== null) {
      const race = this.race;
      // A function line without its file line at the very end: the report was cut there.
      const pendingFunc = this.racePendingFunc !== null;
      this.endRace();
      if (this.races.at(-1) !== race) {
        // not a race report (see endRace)
      } else if (pendingFunc || this.raceLastUnread || race.accesses.length < 2) {
        race.cut = true;
        truncatedReason ??= `the input ends in the middle of the data race report at line ${race.line}`;
      }
    }
    if (truncatedReason === null && this.declaredTotal !== null && this.builder.total < this.declaredTotal) {
      truncatedReason = `the profile declares ${this.declaredTotal} goroutines but only ${this.builder.total} were read`;
    }
    let format: DumpFormat | null = null;
    const main = this.segments[0]!;
    if (main.records && !main.goroutines) format = 'debug1';
    else if (main.goroutines) format = this.sawTracebackMark ? 'traceback' : 'debug2';
    else if (this.profile !== null) format = 'debug1';
    else if (this.races.length > 0) format = 'race';
    if (format === 'race' && this.races.length > 0 && main.builder.total === 0 && this.preamble.panics.length + (this.preamble.fatalError === null ? 0 : 1) > 0)
      format = 'traceback';
    const otherDumps: OtherDump[] = this.segments.slice(1).map((s) => ({
      line: s.line,
      // A crash message after the goroutines with none of its own (`fatal error: …`, then a memory dump) is a traceback of 0 goroutines, not a profile.
      format: s.goroutines ? (s.tracebackMark ? 'traceback' : 'debug2') : s.records || s.profile ? 'debug1' : 'traceback',
      total: s.builder.total,
      reason: s.reason,
    }));
    return {
      format,
      leakProfile: this.profile === 'goroutineleak' || this.sawLeaked,
      declaredTotal: this.declaredTotal,
      truncatedReason,
      preamble: this.preamble,
      problems: [...this.problemKinds.values()].map((p) => `line ${p.line}: ${p.text}${p.count > 1 ? ` (and ${p.count - 1} more like it)` : ''}`),
      otherDumps,
      races: this.races,
    };
  }

  /** looksComplete says whether a goroutine that ends with the input (no blank line after it) shows its whole stack. */
  private looksComplete(g: GoroutineRecord): boolean {
    if (g.creator !== null || g.elided || this.stackUnavailable) return true;
    const last = g.frames[g.frames.length - 1];
    return last !== undefined && LAST_FRAMES.has(this.sink.funcOf(last));
  }

  private sawLeaked = false;
  private stackUnavailable = false;
  /** otherLines counts the lines that were not part of a dump (logs around it). */
  otherLines = 0;
  /** orphanLines counts the stack lines read with no goroutine header above them. */
  orphanLines = 0;

  /** busy is true once anything of a dump has been seen. */
  get busy(): boolean {
    return this.sawGoroutine || this.sawRecord || this.profile !== null || this.state !== 'outside' || this.preamble.panics.length > 0 || this.races.length > 0;
  }

  /** clean removes NUL and control bytes and colour sequences from a line none of the patterns read; null when there are none. */
  private clean(line: string): string | null {
    if (!HAS_CONTROL.test(line)) return null;
    const cleaned = line.replace(CONTROL, '');
    this.problem('control', 'removed NUL or control bytes (or terminal colour sequences) from inside lines');
    return cleaned;
  }

  private outsideLine(line: string): void {
    if (line.length === 0) return;
    const c = line.charCodeAt(0);
    if (c === 103 /* g */) {
      const header = GOROUTINE_HEADER.exec(line);
      if (header) return this.startGoroutine(header);
      const profile = PROFILE_HEADER.exec(line);
      if (profile) return this.startProfile(profile);
      if (HEADER_PREFIX.test(line)) {
        this.hold(line);
        return;
      }
    } else if (c >= 48 && c <= 57 /* 0-9 */) {
      const record = RECORD_HEADER.exec(line);
      if (record) return this.startRecord(record);
      const loose = RECORD_HEADER_LOOSE.exec(line);
      if (loose && (this.profile !== null || this.sawRecord)) {
        this.problem('record-header', 'read a debug=1 record header that is not as Go prints it (shortened or cut): its count is kept, its PCs are not');
        return this.startRecord(loose);
      }
    }
    if (this.preambleLine(line)) return;
    if (this.prefix === null) {
      const at = markerBehindPrefix(line, true);
      if (at > 0) {
        this.prefix = prefixPattern(line.slice(0, at));
        this.events?.prefix(this.prefix);
        this.column += at;
        return this.outsideLine(line.slice(at));
      }
    }
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (trimmed !== line && (PROFILE_HEADER.test(trimmed) || GOROUTINE_HEADER.test(trimmed))) {
      this.problem('indented', 'read a dump line that had spaces added in front of it');
      this.column += line.length - line.trimStart().length;
      return this.outsideLine(trimmed);
    }
    const access = RACE_ACCESS.exec(trimmed) ?? (RACE_CREATED.test(trimmed) ? null : undefined);
    if (access !== undefined) {
      // A race report whose `WARNING: DATA RACE` line is missing: the text starts inside it.
      this.problem('race-start', 'the text starts inside a data race report (its first lines are missing)');
      this.startRace(true);
      this.raceLine(line);
      this.kind = 'race';
      return;
    }
    if (SIGNAL_ARRIVED.test(trimmed)) {
      if (this.inMain) this.preamble.notes.push(trimmed);
      this.crashStackNext = true;
      this.kind = 'preamble';
      return;
    }
    const functionLine = functionOf(trimmed) !== null && trimmed.endsWith(')');
    if (this.crashStackNext && !this.segment.goroutines && functionLine) return this.startCrashStack(trimmed);
    const cleaned = this.clean(line);
    if (cleaned !== null) return this.outsideLine(cleaned);
    if (
      functionLine ||
      CREATED_BY.test(trimmed) ||
      FILE_LINE.test(line) ||
      RECORD_FRAME.test(trimmed) ||
      (line.length <= PREFIX_SEARCH_LIMIT && CREATED_BY_ANYWHERE.test(line))
    ) {
      this.orphanLines++;
      this.problem(
        'orphan',
        'lines of a stack with no goroutine header above them (the text starts inside a goroutine, or its header was removed) are not counted',
      );
      if (this.events !== null) {
        this.lookedAt(line);
        this.kind = 'orphan';
      }
    } else {
      // What the runtime says of the crash (`runtime: goroutine stack exceeds 1000000000-byte limit`,
      // `runtime: unexpected return pc for …`) explains it: kept with the preamble's notes.
      if (line.startsWith(RUNTIME_MESSAGE) && this.inMain && this.runtimeMessages++ < MAX_RUNTIME_MESSAGES) this.preamble.notes.push(trimmed.slice(0, 300));
      if (this.events !== null) {
        this.lookedAtFunc = null;
        if (line.startsWith(RUNTIME_MESSAGE) || (PREAMBLE_MORE.test(line) && (this.lastKind === 'preamble' || this.lastKind === 'preambleMore')))
          this.kind = 'preamble';
      }
    }
    this.otherLines++;
  }

  /** preambleLine recognises what a traceback prints around its goroutines. */
  private preambleLine(line: string): boolean {
    const shape = preambleShape(line);
    if (shape === null) return false;
    this.kind = shape === 'runtimeStack' || shape === 'race' ? shape : 'preamble';
    if (this.segment.goroutines && !this.afterDashes && (shape === 'fatalError' || shape === 'signal' || (shape === 'panic' && line.startsWith(PANIC)))) {
      // A second crash after goroutines: another dump (a per-thread section of one crash follows `-----` instead).
      this.newSegment(`\`${line.slice(0, 40)}\` after a dump's goroutines`);
    }
    if (!this.inMain && shape !== 'runtimeStack' && shape !== 'race') {
      this.segment.tracebackMark = true;
      if (shape === 'signal') this.signalSinceHeader = true;
      return true;
    }
    switch (shape) {
      case 'panic':
        this.preamble.panics.push(line.trimStart().slice(PANIC.length));
        this.sawTracebackMark = true;
        return true;
      case 'fatalError':
        this.preamble.fatalError = line.slice(FATAL_ERROR.length);
        this.sawTracebackMark = true;
        return true;
      case 'signalInfo':
        this.preamble.signal = line;
        this.sawTracebackMark = true;
        return true;
      case 'signal':
        this.signalSinceHeader = true;
        this.preamble.signal = line;
        this.sawTracebackMark = true;
        return true;
      case 'runtimeStack':
        this.preamble.notes.push(RUNTIME_STACK_NOTE);
        this.state = 'runtimeStack';
        return true;
      case 'race':
        this.startRace(false);
        return true;
    }
  }

  /** newSegment starts counting a further dump of the same text apart from the first. */
  private newSegment(reason: string): void {
    if (this.segments.length >= MAX_SEGMENTS) {
      this.problem(
        'segments-cap',
        `a further dump starts here (${reason}), past the ${MAX_SEGMENTS} dumps kept apart: it and those after it are counted with the last dump kept apart`,
      );
      return;
    }
    const builder = new BucketBuilder();
    this.segments.push({ builder, line: this.lineNo, reason, ids: new IdSet(), goroutines: false, records: false, profile: false, tracebackMark: false });
    this.sink = builder;
    // Each of the first few is listed on its own; the rest as one kind, so that they leave room in the problems list.
    const n = this.segments.length;
    this.problem(n <= 16 ? `segment-${n}` : 'segment-more', `a further dump starts here (${reason}): it is counted apart, not merged`);
  }

  private startProfile(profile: RegExpExecArray): void {
    this.kind = 'profile';
    const seg = this.segment;
    if (seg.goroutines) this.newSegment('a debug=1 profile after a goroutine dump');
    else if (seg.records) this.newSegment(`a second \`${profile[1]} profile: total\` header`);
    this.segment.profile = true;
    if (this.inMain) {
      this.profile = profile[1] as 'goroutine' | 'goroutineleak';
      this.declaredTotal = Number(profile[2]);
    }
  }

  private startGoroutine(header: RegExpExecArray): void {
    this.beginGoroutine(Number(header[1]), header[2] ?? '', header[3]!);
  }

  /** beginGoroutine starts reading a goroutine: `id` null for the crashing goroutine's stack Go prints without a header (see startCrashStack). */
  private beginGoroutine(id: number | null, threadFields: string, bracketText: string): void {
    const seg = this.segment;
    if (seg.records) this.newSegment('a goroutine dump after a debug=1 profile');
    // Every thread of one crash may print its own `goroutine 0` after a signal line (GOTRACEBACK=crash): only a 0 seen again without one is a second dump.
    else if (id !== null && seg.ids.add(id) && (id !== 0 || !this.signalSinceHeader)) {
      this.newSegment(`goroutine ${id} appears again`);
      this.segment.ids.add(id);
    }
    this.segment.goroutines = true;
    this.signalSinceHeader = false;
    this.kind = 'goroutine';
    this.kindNumber = id ?? 0;
    this.kindDetail = bracketText;
    const bracket = parseHeaderBracket(bracketText);
    if (threadFields) {
      this.sawTracebackMark = true; // gp=/m= appear only in tracebacks
      this.segment.tracebackMark = true;
    }
    if (bracket.leaked) this.sawLeaked = true;
    this.sawGoroutine = true;
    this.state = 'goroutine';
    this.stackUnavailable = false;
    this.current = {
      id,
      count: 1,
      frames: [],
      creator: null,
      state: bracket.state,
      waitMinutes: bracket.waitMinutes,
      lockedToThread: bracket.lockedToThread,
      leaked: bracket.leaked,
      durable: bracket.durable,
      bubble: bracket.bubble,
      elided: false,
      labels: bracket.labels,
      cut: false,
    };
  }

  /**
   * startCrashStack reads the stack Go prints after a Windows exception in C
   * code (`signal arrived during external code execution`): the crashing
   * goroutine's, without a header, so without an id. It is kept as a running
   * goroutine with no id, and said so.
   */
  private startCrashStack(line: string): void {
    this.crashStackNext = false;
    if (this.inMain)
      this.preamble.notes.push(
        "the crashing goroutine's stack, which Go prints without a goroutine header after `signal arrived during … execution`: kept as a running goroutine with no id",
      );
    this.beginGoroutine(null, '', 'running');
    this.segment.tracebackMark = true;
    this.sawTracebackMark = true;
    this.goroutineLine(line);
    // Its first line opens its block, as a header would.
    this.kind = 'crashStack';
    this.kindDetail = 'running';
  }

  /** startCutHeader keeps a goroutine whose header was cut (`goroutine 6439 [sync`): its id and what its state says. */
  private startCutHeader(header: RegExpExecArray): void {
    const state =
      header[2] === undefined
        ? 'unknown'
        : header[2]
            .replace(/\]:?\s*$/, '')
            .split(', ')[0]!
            .trim() || 'unknown';
    this.problem('cut-header', `goroutine ${header[1]}'s header is cut (${JSON.stringify(header[0].slice(0, 80))}): kept with the state it shows`);
    this.beginGoroutine(Number(header[1]), '', state);
  }

  private goroutineLine(line: string): void {
    const c = line.charCodeAt(0);
    if (c === 9 || c === 32 /* tab, space */) {
      if (this.pendingFunc === null && this.pendingCreator === null) {
        // Go prints `\tgoroutine running on other thread; stack unavailable`; other stray indented lines are noted.
        const trimmed = line.trim();
        if (trimmed === STACK_UNAVAILABLE) this.stackUnavailable = true;
        else if (trimmed === '') this.goroutineLine('');
        else if (GOROUTINE_HEADER.test(trimmed)) {
          this.endBlock();
          this.outsideLine(line);
        } else if (functionOf(trimmed) !== null || CREATED_BY.test(trimmed)) {
          this.problem('indented', 'read a dump line that had spaces added in front of it');
          this.goroutineLine(trimmed);
        } else {
          const cleaned = this.clean(line);
          if (cleaned !== null) return this.goroutineLine(cleaned);
          this.problem('unread-indented', `skipped an indented line that is not a file line: ${JSON.stringify(trimmed.slice(0, 80))}`);
        }
        return;
      }
      // The hot path: most frames repeat, so a frame seen before is recognised in place, without the pattern.
      if (this.pendingFunc !== null) {
        let frame = this.sink.knownFrame(this.pendingFunc, line);
        if (frame < 0) frame = this.sink.missedFrame(this.pendingFunc, line);
        if (frame < 0) {
          const file = FILE_LINE.exec(line);
          if (file) frame = this.sink.frame(this.pendingFunc, file[1]!, Number(file[2]));
          else if (NON_GO_PC.test(line)) frame = this.sink.frame(this.pendingFunc, '?', 0);
        }
        if (frame >= 0) {
          this.current!.frames.push(frame);
          this.kind = 'file';
          this.kindDetail = this.pendingFunc;
          this.pendingFunc = null;
          return;
        }
      } else {
        const file = FILE_LINE.exec(line);
        if (file) return this.readFileLine(file[1]!, Number(file[2]));
        if (NON_GO_PC.test(line)) return this.readFileLine('?', 0);
      }
      if (line.trim() === '') return this.goroutineLine('');
      const cleaned = this.clean(line);
      if (cleaned !== null) return this.goroutineLine(cleaned);
      this.hold(line); // a file line a console wrapped, or cut
      return;
    }
    if (line.length === 0 || line.trim() === '') {
      this.state = 'gap';
      this.gapLine = this.lineNo;
      return;
    }
    if (this.pendingFunc !== null || this.pendingCreator !== null) {
      const bare = FILE_LINE_BARE.exec(line);
      if (bare) {
        this.problem('bare-file', 'read file lines that had lost their indentation');
        return this.readFileLine(bare[1]!, Number(bare[2]));
      }
      if (this.pendingFunc !== null && c === 40 /* ( */ && line.endsWith(')') && !line.includes('\t')) {
        this.problem('split-args', 'joined a function name and its `(arguments)` printed on the next line');
        return;
      }
      this.completeFrame('?', 0);
    }
    const func = functionOf(line);
    if (func !== null) {
      this.kind = 'function';
      this.pendingFunc = func;
      return;
    }
    const created = CREATED_BY.exec(line);
    if (created) {
      const goroutineId = created[2] === undefined ? null : Number(created[2]);
      this.pendingCreator = { func: created[1]!, goroutineId };
      this.kind = 'createdBy';
      return;
    }
    if (ELIDED.test(line)) {
      this.current!.elided = true;
      return;
    }
    if (ANCESTRY.test(line)) {
      this.state = 'ancestry';
      this.kind = 'ancestry';
      return;
    }
    if (line === STACK_UNAVAILABLE) {
      this.stackUnavailable = true;
      return;
    }
    if (GOROUTINE_HEADER.test(line)) {
      this.endBlock();
      return this.outsideLine(line);
    }
    const cleaned = this.clean(line);
    if (cleaned !== null) return this.goroutineLine(cleaned);
    // Perhaps the first half of a wrapped line, perhaps text after the dump: the next line tells.
    this.hold(line);
  }

  /** gapLine_ reads the first line after a blank line inside a goroutine. */
  private gapLine_(line: string): void {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const current = this.current!;
    const c = line.charCodeAt(0);
    const indented = c === 9 || c === 32;
    const fileLine = indented ? FILE_LINE.test(line) : FILE_LINE_BARE.test(line);
    const pending = this.pendingFunc !== null || this.pendingCreator !== null;
    const frameLine = !indented && (functionOf(line) !== null || CREATED_BY.test(line));
    // In a double-spaced dump, an indented line after a function line is its file line, even one a console wrapped or the end of the input cut.
    const continues =
      (pending && (fileLine || (indented && this.doubleSpaced))) ||
      (frameLine && current.creator === null && (this.doubleSpaced || (current.frames.length === 0 && !pending)));
    if (continues) {
      if (!this.doubleSpaced) this.problem('double-spaced', 'read a dump pasted with a blank line after every line', this.gapLine);
      this.doubleSpaced = true;
      this.state = 'goroutine';
      return this.goroutineLine(line);
    }
    this.endBlock();
    this.outsideLine(line);
  }

  /** readFileLine reads a frame's file line: it completes the function or `created by` line above it. */
  private readFileLine(file: string, lineNo: number): void {
    this.kind = 'file';
    this.kindDetail = this.pendingFunc ?? this.pendingCreator?.func ?? null;
    this.completeFrame(file, lineNo);
  }

  private completeFrame(file: string, lineNo: number): void {
    const current = this.current!;
    if (this.pendingFunc !== null) {
      if (file === '?') this.problem('no-file', `a function without its file line: ${JSON.stringify(this.pendingFunc.slice(0, 80))}`);
      current.frames.push(this.sink.frame(this.pendingFunc, file, lineNo));
      this.pendingFunc = null;
    } else if (this.pendingCreator !== null) {
      const { func, goroutineId } = this.pendingCreator;
      current.creator = this.sink.creator(func, file, lineNo, goroutineId);
      this.pendingCreator = null;
    }
  }

  private startRecord(header: RegExpExecArray): void {
    const seg = this.segment;
    if (seg.goroutines) this.newSegment('a debug=1 profile after a goroutine dump');
    this.segment.records = true;
    this.sawRecord = true;
    this.kind = 'record';
    this.kindNumber = Number(header[1]);
    const pcs = header[2] === undefined || header[2].trim() === '' ? 0 : header[2].trim().split(/\s+/).length;
    this.state = 'record';
    this.current = {
      id: null,
      count: Number(header[1]),
      frames: [],
      creator: null,
      state: UNKNOWN_STATE,
      waitMinutes: null,
      lockedToThread: false,
      leaked: this.profile === 'goroutineleak',
      durable: false,
      bubble: null,
      // debug=1 keeps at most 32 PCs per stack (docs/dump-formats.md): a full record may have been cut.
      elided: pcs >= DEBUG1_MAX_PCS,
      labels: null,
      cut: false,
    };
  }

  private recordLine(line: string): void {
    this.recordLineWhole = false;
    if (line.trim() === '') return this.endBlock();
    const frame = RECORD_FRAME.exec(line);
    if (frame) return this.recordFrame(frame);
    const labels = RECORD_LABELS.exec(line);
    if (labels) {
      this.current!.labels = parseLabels(labels[1]!);
      this.kind = 'labels';
      this.kindDetail = labels[1]!;
      return;
    }
    const loose = RECORD_FRAME_LOOSE.exec(line);
    if (loose) {
      this.problem('record-frame', 'read debug=1 frame lines whose leading `#` was lost or spaced (a Markdown renderer eats it)');
      return this.recordFrame(loose);
    }
    const looseLabels = RECORD_LABELS_LOOSE.exec(line);
    if (looseLabels) {
      const parsed = parseLabels(looseLabels[1]!.trim());
      this.problem(
        'labels',
        `a labels line not as Go prints it (${JSON.stringify(line.slice(0, 80))}): ${parsed === null ? 'no label could be read' : 'the labels that could be read are kept'}; the record's frames are kept`,
      );
      if (parsed !== null) this.current!.labels = parsed;
      return;
    }
    const cleaned = this.clean(line);
    if (cleaned !== null) return this.recordLine(cleaned);
    if (/^\s*#/.test(line)) {
      this.hold(line); // a frame line wrapped or cut
      return;
    }
    this.endBlock();
    this.outsideLine(line);
  }

  /**
   * True when the last line of a debug=1 record was a whole frame line (its
   * function, file and line): a record the input ends after is complete, the
   * blank line after it lost (as pasted into an issue).
   */
  private recordLineWhole = false;

  private recordFrame(m: RegExpExecArray): void {
    this.kind = 'recordFrame';
    this.recordLineWhole = m[1] !== undefined && m[3] !== undefined;
    const { func, file, line } = recordFrameOf(m);
    this.current!.frames.push(this.sink.frame(func, file, line));
  }

  /** endBlock folds the goroutine or record being read into its bucket. */
  private endBlock(): void {
    const current = this.current;
    if (this.pendingFunc !== null || this.pendingCreator !== null) this.completeFrame('?', 0);
    if (current !== null) {
      if (this.state === 'record') {
        current.frames = this.sink.tracebackIds(current.frames);
        this.events?.recordEnd(current.frames.map((id) => this.sink.frameAt(id)));
      }
      this.sink.add(current);
    }
    this.current = null;
    this.state = 'outside';
  }

  // Race-detector reports.

  private startRace(cutAtStart: boolean): void {
    if (this.race !== null) this.endRace();
    this.race = { line: this.lineNo, accesses: [], goroutines: [], cut: cutAtStart };
    this.raceSection = null;
    this.racePendingFunc = null;
    this.raceLastUnread = false;
    this.raceUnread = 0;
    this.state = 'race';
  }

  /** raceUnread counts the lines of the current race report that could not be read. */
  private raceUnread = 0;

  /** endRace keeps the race report read, unless nothing of it could be read: a `WARNING: DATA RACE` followed only by lines that are no part of a report (source code, prose that quotes it) is none. */
  private endRace(): void {
    this.raceFlushFunc();
    const race = this.race;
    if (race !== null && (race.accesses.length > 0 || race.goroutines.length > 0 || this.raceUnread === 0)) this.races.push(race);
    this.race = null;
    this.raceSection = null;
    if (this.state === 'race') this.state = 'outside';
  }

  private raceFlushFunc(): void {
    if (this.racePendingFunc !== null && this.raceSection !== null)
      this.raceSection.frames.push(this.sink.frameAt(this.sink.frame(this.racePendingFunc, '?', 0)));
    this.racePendingFunc = null;
  }

  private raceLine(line: string): void {
    const t = line.trim();
    this.raceLastUnread = false;
    if (t === '') return;
    if (RACE_SEPARATOR.test(t)) {
      this.kind = 'inside'; // the report's last line
      return this.endRace();
    }
    if (t.startsWith(DATA_RACE)) {
      this.kind = 'race';
      return this.startRace(false);
    }
    const race = this.race!;
    const access = RACE_ACCESS.exec(t);
    if (access) {
      this.raceFlushFunc();
      const a: RaceAccess = {
        kind: access[2]!.toLowerCase(),
        previous: access[1] !== undefined,
        address: access[3] ?? null,
        goroutine: access[4] !== undefined ? Number(access[4]) : access[5] !== undefined ? 1 : null,
        frames: [],
        stackUnavailable: false,
      };
      race.accesses.push(a);
      this.raceSection = { frames: a.frames, access: a };
      return;
    }
    const created = RACE_CREATED.exec(t);
    if (created) {
      this.raceFlushFunc();
      const g = { id: Number(created[1]), status: created[2]!, frames: [] as Frame[] };
      race.goroutines.push(g);
      this.raceSection = { frames: g.frames, access: null };
      return;
    }
    if (RACE_ACCESS_CUT.test(t)) {
      this.hold(t);
      return;
    }
    if (t === RACE_NO_STACK) {
      if (this.raceSection?.access) this.raceSection.access.stackUnavailable = true;
      return;
    }
    if (this.raceSection !== null) {
      const file = FILE_LINE_BARE.exec(t);
      if (file) {
        if (t === line) this.problem('bare-file', 'read file lines that had lost their indentation');
        this.kind = 'file';
        this.kindDetail = this.racePendingFunc;
        if (this.racePendingFunc !== null) this.raceSection.frames.push(this.sink.frameAt(this.sink.frame(this.racePendingFunc, file[1]!, Number(file[2]))));
        this.racePendingFunc = null;
        return;
      }
      const func = functionOf(t);
      if (func !== null) {
        this.raceFlushFunc();
        this.racePendingFunc = func;
        this.kind = 'function';
        return;
      }
      // A function line cut before its `(`: `github.com/mkevac/debugcharts.init.0(` — keep the name.
      if (t.endsWith('(') && !t.includes(' ')) {
        this.raceFlushFunc();
        this.racePendingFunc = t.slice(0, -1);
        return;
      }
    }
    if (GOROUTINE_HEADER.test(t) || t.startsWith(PANIC) || t.startsWith(FATAL_ERROR)) {
      this.endRace();
      return this.outsideLine(line);
    }
    const cleaned = this.clean(line);
    if (cleaned !== null) return this.raceLine(cleaned);
    this.raceLastUnread = true;
    this.raceUnread++;
    this.problem('race-unread', `skipped a line of a race report that is not a frame: ${JSON.stringify(t.slice(0, 80))}`);
  }
}

/** UNKNOWN_STATE is the state of goroutines whose format prints none (debug=1, debug=0). */
export const UNKNOWN_STATE = 'unknown';
/** DEBUG1_MAX_PCS is how many PCs debug=1 keeps per stack. */
const DEBUG1_MAX_PCS = 32;
