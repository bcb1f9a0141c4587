import { TableBucket, asciiBytes } from './buckets';
import type { DumpDiff } from './diff';
import { framesBucket, groupDump } from './group';
import type { Creator, Dump, DumpFormat, Frame, Group, GroupMode, Labels, OtherDump, RaceReport } from './model';
import { matchSignatures, type SignatureHit } from './signatures';

/** AnalyzeJson is the `analyze --format json` contract (docs/cli.md, `goroutine-lens analyze`). Fields may be added, never changed. */
export interface AnalyzeJson {
  format: DumpFormat;
  total: number;
  truncated: boolean;
  truncatedReason?: string;
  leakProfile?: boolean;
  groups: GroupJson[];
  signatures: SignatureJson[];
  preamble?: { panics: string[]; fatalError: string | null; signal: string | null; notes: string[] };
  /** What was wrong with the text and where (damage repaired, lines that could not be read); absent for a clean dump. */
  problems?: string[];
  /** Further dumps in the same text, counted apart (not in `total` or `groups`). */
  otherDumps?: OtherDump[];
  /** Race-detector reports in the text. */
  races?: RaceJson[];
  diff?: DiffJson;
}

export interface RaceJson {
  line: number;
  cut: boolean;
  accesses: { kind: string; previous: boolean; address: string | null; goroutine: number | null; frames: FrameJson[]; stackUnavailable?: boolean }[];
  goroutines: { id: number; status: string; createdAt: FrameJson[] }[];
}

export interface FrameJson {
  func: string;
  file: string;
  line: number;
}

export interface GroupJson {
  count: number;
  state: string;
  states: Record<string, number>;
  waitMinutes: { min: number; max: number } | null;
  frames: FrameJson[];
  /** `goroutine`: the creator's goroutine id when all the group's goroutines share it; `goroutines`: every creator id (Go >= 1.21). */
  createdBy: (FrameJson & { goroutine?: number; goroutines?: number[] }) | null;
  labels: Labels | null;
  ids: number[] | null;
  leaked?: number;
  /** How many of the goroutines are durably blocked in a synctest bubble (` (durable)`). */
  durable?: number;
  /** The synctest bubbles of the goroutines (`synctest bubble 3`), distinct and sorted. */
  bubbles?: number[];
  lockedToThread?: number;
  elided?: boolean;
  /** How many of the goroutines the end of the input cut (kept with the frames before the cut). */
  cut?: number;
}

export interface SignatureJson {
  id: string;
  title: string;
  groups: number[];
  count: number;
  explanation: string;
  advice: string;
  creator?: string;
}

export interface DiffJson {
  older: { format: DumpFormat; total: number };
  matchedBy: DumpDiff['matchedBy'];
  delta: number;
  groups: (Omit<GroupJson, 'ids' | 'count'> & { before: number; after: number; delta: number; change: string })[];
}

/** Analysis is a dump grouped under one mode, with its signatures: what the CLI prints and the tree shows. */
export interface Analysis {
  readonly dump: Dump;
  readonly mode: GroupMode;
  readonly groups: Group[];
  readonly signatures: SignatureHit[];
}

/**
 * analyze groups a dump and finds its leak signatures. Groups stay biggest
 * first; among groups of equal size, those a leak signature names come
 * first (the client's persistConn pair before the server's own connections).
 */
export function analyze(dump: Dump, mode: GroupMode = 'exact'): Analysis {
  const groups = groupDump(dump, mode);
  const hits = matchSignatures(groups);
  // groupDump sorted by count already: only ties between named and unnamed groups can move.
  if (hits.length === 0) return { dump, mode, groups, signatures: hits };
  const named = new Set(hits.flatMap((hit) => hit.groups.map((i) => groups[i]!)));
  groups.sort((a, b) => b.count - a.count || Number(named.has(b)) - Number(named.has(a)));
  return { dump, mode, groups, signatures: matchSignatures(groups) };
}

/** toJson renders an analysis (and optionally a diff against an older dump) in the shape docs/cli.md (`goroutine-lens analyze`) documents. */
export function toJson(analysis: Analysis, diff?: { older: Dump; diff: DumpDiff }): AnalyzeJson {
  return jsonOf(analysis, diff, analysis.groups.map(groupJson));
}

/**
 * toJsonChunks writes what `escape(JSON.stringify(toJson(analysis, diff)))`
 * would, piece by piece: text, and the groups as UTF-8 bytes (pieces of about
 * PIECE bytes), each group's JSON written directly from the group
 * (GroupWriter): a dump of 200 000 distinct stacks never holds its groups
 * twice, nor an object or a string per frame. `escape` (terminal.ts's
 * escapeJson for the CLI) is applied to each piece but the groups' strings,
 * which GroupWriter escapes only when they hold something to escape.
 */
export function toJsonChunks(
  analysis: Analysis,
  diff?: { older: Dump; diff: DumpDiff },
  escape: (json: string) => string = (json) => json,
  spares?: Spares,
): Generator<string | Uint8Array> {
  const writer = new GroupWriter(escape);
  const groups = new MappedList(analysis.groups, groupJson, (g: Group, out: JsonBytes) => writer.write(g, out));
  return jsonChunks(jsonOf(analysis, diff, groups as unknown as GroupJson[]), escape, spares);
}

/** MappedList is a list written as JSON whose elements are made one at a time, as jsonChunks reaches them; `write`, when given, writes one directly (false: it did not). */
class MappedList<T, U> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => U,
    readonly write: ((item: T, out: JsonBytes) => boolean) | null = null,
  ) {}

  toJSON(): U[] {
    return this.items.map((item) => this.map(item));
  }
}

function jsonOf(analysis: Analysis, diff: { older: Dump; diff: DumpDiff } | undefined, groups: GroupJson[]): AnalyzeJson {
  const { dump } = analysis;
  const json: AnalyzeJson = {
    format: dump.format,
    total: dump.total,
    truncated: dump.truncated,
    ...(dump.truncatedReason !== null ? { truncatedReason: dump.truncatedReason } : {}),
    ...(dump.leakProfile ? { leakProfile: true } : {}),
    groups,
    signatures: analysis.signatures.map((hit) => ({
      id: hit.signature.id,
      title: hit.signature.title,
      groups: hit.groups,
      count: hit.count,
      explanation: hit.signature.explanation,
      advice: hit.signature.advice,
      ...(hit.creator !== null ? { creator: hit.creator } : {}),
    })),
  };
  const p = dump.preamble;
  if (p.panics.length > 0 || p.fatalError !== null || p.signal !== null || p.notes.length > 0) json.preamble = { ...p };
  if (dump.problems.length > 0) json.problems = [...dump.problems];
  if (dump.otherDumps.length > 0) json.otherDumps = dump.otherDumps.map((d) => ({ ...d }));
  if (dump.races.length > 0) json.races = dump.races.map(raceJson);
  if (diff) {
    json.diff = {
      older: { format: diff.older.format, total: diff.older.total },
      matchedBy: diff.diff.matchedBy,
      delta: diff.diff.totalAfter - diff.diff.totalBefore,
      groups: diff.diff.groups.map((d) => {
        const { ids: _ids, count: _count, ...rest } = groupJson(d.group);
        return { ...rest, before: d.before, after: d.after, delta: d.delta, change: d.change };
      }),
    };
  }
  return json;
}

function frameJson(f: Frame): FrameJson {
  return { func: f.func, file: f.file, line: f.line };
}

function creatorJson(c: Creator | null, parents: readonly number[] | null): GroupJson['createdBy'] {
  if (c === null) return null;
  if (parents === null || parents.length === 0) return frameJson(c);
  return { ...frameJson(c), ...(parents.length === 1 ? { goroutine: parents[0]! } : {}), goroutines: [...parents] };
}

function raceJson(r: RaceReport): RaceJson {
  return {
    line: r.line,
    cut: r.cut,
    accesses: r.accesses.map((a) => ({
      kind: a.kind,
      previous: a.previous,
      address: a.address,
      goroutine: a.goroutine,
      frames: a.frames.map(frameJson),
      ...(a.stackUnavailable ? { stackUnavailable: true } : {}),
    })),
    goroutines: r.goroutines.map((g) => ({ id: g.id, status: g.status, createdAt: g.frames.map(frameJson) })),
  };
}

function groupJson(g: Group): GroupJson {
  return {
    count: g.count,
    state: g.state,
    states: { ...g.states },
    waitMinutes: g.waitMinutes === null ? null : { ...g.waitMinutes },
    frames: g.frames.map(frameJson),
    createdBy: creatorJson(g.creator, g.parentIds),
    labels: g.labels,
    // Not copied: a million ids are 8 MB, and the group is not changed after this.
    ids: g.ids as number[] | null,
    ...(g.leaked > 0 ? { leaked: g.leaked } : {}),
    ...(g.durable > 0 ? { durable: g.durable } : {}),
    ...(g.bubbles !== null ? { bubbles: [...g.bubbles] } : {}),
    ...(g.lockedToThread > 0 ? { lockedToThread: g.lockedToThread } : {}),
    ...(g.elided ? { elided: true } : {}),
    ...(g.cut > 0 ? { cut: g.cut } : {}),
  };
}

/** ID_CHUNK is how many numbers of a long array are joined into one piece of output. */
const ID_CHUNK = 8192;

/**
 * jsonChunks serializes a JSON value piece by piece, exactly as
 * JSON.stringify would without indentation, so that a dump with a million
 * goroutine ids is written out without ever building one 8 MB string. The
 * elements of a MappedList come as UTF-8 bytes, the rest as text.
 */
export function* jsonChunks(value: unknown, escape: (json: string) => string = (json) => json, spares?: Spares): Generator<string | Uint8Array> {
  if (value instanceof MappedList) {
    yield '[';
    // Pieces of about PIECE bytes: one per group would be hundreds of thousands of tiny ones.
    const out = new JsonBytes(spares);
    let first = true;
    for (const item of value.items) {
      if (!first) out.byte(0x2c); // ,
      first = false;
      if (value.write !== null && value.write(item, out)) {
        yield* out.full();
        continue;
      }
      yield* out.all();
      const v: unknown = value.map(item);
      yield* jsonChunks(v === undefined || typeof v === 'function' ? null : v, escape, spares);
    }
    yield* out.all();
    yield ']';
    return;
  }
  // Most values (a group, its frames) are small: one JSON.stringify is much faster than a piece per field.
  if (!bulky(value)) {
    yield escape(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > ID_CHUNK && value.every((v) => typeof v === 'number')) {
      yield '[';
      for (let i = 0; i < value.length; i += ID_CHUNK) yield (i > 0 ? ',' : '') + JSON.stringify(value.slice(i, i + ID_CHUNK)).slice(1, -1);
      yield ']';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      const v: unknown = value[i];
      yield* jsonChunks(v === undefined || typeof v === 'function' ? null : v, escape, spares);
    }
    yield ']';
    return;
  }
  if (value !== null && typeof value === 'object') {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      yield `${first ? '' : ','}${escape(JSON.stringify(k))}:`;
      first = false;
      yield* jsonChunks(v, escape, spares);
    }
    yield '}';
    return;
  }
  yield escape(JSON.stringify(value) ?? 'null');
}

/** PIECE is about how many bytes a piece of the groups' JSON jsonChunks yields holds. */
const PIECE = 1 << 16;

/**
 * JsonBytes is where jsonChunks has a MappedList's elements written, as
 * UTF-8: buffers of PIECE bytes (more only for something bigger), each handed
 * out once the next thing to write no longer fits in it.
 */
class JsonBytes {
  buf: Uint8Array = NO_BYTES;
  pos = 0;
  #done: Uint8Array[] = [];

  constructor(readonly spares: Spares | undefined) {}

  /** room makes sure that n bytes fit from pos on: if they do not, what buf holds is done and a new buffer starts (a spare one if there is). */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.#done.push(this.buf.subarray(0, this.pos));
    this.buf = (n <= PIECE ? this.spares?.take() : undefined) ?? new Uint8Array(Math.max(PIECE, n));
    this.pos = 0;
  }

  /** grow makes room for more than fits from pos on (what a copy of unknown length asked for). */
  grow(): void {
    this.room(this.pos > 0 ? this.buf.length - this.pos + 1 : Math.max(this.buf.length * 2, PIECE));
  }

  /** text writes a string's UTF-8. */
  text(s: string): void {
    // A byte a character, as most are: what does not fit then is written in a new buffer.
    this.room(s.length);
    const { read, written } = UTF8.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += written;
    if (read === s.length) return;
    const rest = s.slice(read);
    this.room(rest.length * 3);
    this.pos += UTF8.encodeInto(rest, this.buf.subarray(this.pos)).written;
  }

  /** byte writes one byte. */
  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** bytes writes bytes as they are. */
  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    const buf = this.buf;
    const pos = this.pos;
    for (let i = 0; i < bytes.length; i++) buf[pos + i] = bytes[i]!;
    this.pos = pos + bytes.length;
  }

  /** number writes a number as JSON.stringify does. */
  number(n: number): void {
    // Most are line numbers and counts: their digits, without a string.
    if (n >>> 0 !== n) return this.text(num(n));
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) >>> 0) digits++;
    this.room(digits);
    const buf = this.buf;
    let at = this.pos + digits;
    this.pos = at;
    do {
      buf[--at] = 48 + (n % 10);
      n = (n / 10) >>> 0;
    } while (n > 0);
  }

  /** numbers writes a list of numbers as JSON.stringify does. */
  numbers(list: readonly number[]): void {
    this.byte(0x5b); // [
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.byte(COMMA);
      this.number(list[i]!);
    }
    this.byte(0x5d); // ]
  }

  /** full takes the buffers that are done. */
  full(): Uint8Array[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  /** all takes the buffers that are done and what buf holds. */
  all(): Uint8Array[] {
    if (this.pos > 0) this.#done.push(this.buf.subarray(0, this.pos));
    this.buf = NO_BYTES;
    this.pos = 0;
    return this.full();
  }
}

const NO_BYTES = new Uint8Array(0);

/**
 * Spares holds buffers of the byte pieces toJsonChunks yielded that their
 * reader is done with (the CLI's, once a file descriptor has taken them):
 * the next pieces are written into them, so that writing 200 MB of JSON
 * does not leave 200 MB of buffers to the garbage collector.
 */
export class Spares {
  readonly #free: ArrayBuffer[] = [];

  /** done gives back a piece toJsonChunks yielded, which its reader no longer reads. */
  done(piece: Uint8Array): void {
    const buffer = piece.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength === PIECE && this.#free.length < MAX_SPARES) this.#free.push(buffer);
  }

  /** take is a spare buffer of PIECE bytes, if there is one. */
  take(): Uint8Array | undefined {
    const buffer = this.#free.pop();
    return buffer === undefined ? undefined : new Uint8Array(buffer);
  }
}

/** MAX_SPARES is how many buffers Spares keeps at most (the CLI gives each back before it asks for the next piece). */
const MAX_SPARES = 4;

const UTF8 = new TextEncoder();

/**
 * PLAIN matches a string JSON.stringify writes as it is, between quotes, and
 * that holds none of the characters an `escape` (escapeJson) could change:
 * no quote, backslash, control, DEL or C1 control, lone surrogate, or
 * bidirectional formatting character (those go the slow way, through both).
 * BucketBuilder.copyPlainName copies only names PLAIN matches.
 */
const PLAIN = /^[^"\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]*$/;

/** str is `escape(JSON.stringify(text))`, without either for the usual text. */
function str(text: string, escape: (json: string) => string): string {
  return PLAIN.test(text) ? `"${text}"` : escape(JSON.stringify(text));
}

/** plainFile is the last file name fileStr found PLAIN. */
let plainFile = '';

/** fileStr is str for a file: a stack's frames mostly share their file (one interned string), tested once. */
function fileStr(file: string, escape: (json: string) => string): string {
  if (file === plainFile) return `"${file}"`;
  if (!PLAIN.test(file)) return escape(JSON.stringify(file));
  plainFile = file;
  return `"${file}"`;
}

/** num is what JSON.stringify writes for a number: its String(), or null when it is not finite. */
function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** The bytes of the keys and words of a group's JSON. */
const BYTES = {
  count: asciiBytes('{"count":'),
  min: asciiBytes('{"min":'),
  max: asciiBytes(',"max":'),
  frames: asciiBytes(',"frames":['),
  createdBy: asciiBytes('],"createdBy":'),
  func: asciiBytes('{"func":'),
  file: asciiBytes(',"file":'),
  line: asciiBytes(',"line":'),
  goroutine: asciiBytes(',"goroutine":'),
  goroutines: asciiBytes(',"goroutines":'),
  labels: asciiBytes(',"labels":'),
  ids: asciiBytes(',"ids":'),
  leaked: asciiBytes(',"leaked":'),
  durable: asciiBytes(',"durable":'),
  bubbles: asciiBytes(',"bubbles":'),
  lockedToThread: asciiBytes(',"lockedToThread":'),
  elided: asciiBytes(',"elided":true'),
  cut: asciiBytes(',"cut":'),
  null: asciiBytes('null'),
};

const COMMA = 0x2c;
const QUOTE = 0x22;
const CLOSE = 0x7d; // }

/** HEADS bounds how many groups' `"state"` to `"waitMinutes"` GroupWriter keeps the bytes of. */
const HEADS = 4096;

/**
 * GroupWriter writes `escape(JSON.stringify(groupJson(g)))` field by field,
 * without the intermediate objects or strings: the frames (and the creator)
 * of a stack in a BucketBuilder's tables from the bytes of their names and
 * files (writeLocation), the numbers as digits.
 */
class GroupWriter {
  /** By `states` object (shared by the groups of one state and count, see group.ts's SharedParts): the bytes from `,"state":` to `"waitMinutes":`. */
  readonly #heads = new Map<object, { state: string; bytes: Uint8Array }>();

  constructor(readonly escape: (json: string) => string) {}

  /** write writes group g; false when it holds more ids than one piece should (jsonChunks then writes groupJson(g) in pieces). */
  write(g: Group, out: JsonBytes): boolean {
    if (g.ids !== null && g.ids.length > ID_CHUNK) return false;
    const escape = this.escape;
    out.bytes(BYTES.count);
    out.number(g.count);
    out.bytes(this.head(g));
    const w = g.waitMinutes;
    if (w === null) out.bytes(BYTES.null);
    else {
      out.bytes(BYTES.min);
      out.number(w.min);
      out.bytes(BYTES.max);
      out.number(w.max);
      out.byte(CLOSE);
    }
    out.bytes(BYTES.frames);
    const stack = framesBucket(g);
    if (stack instanceof TableBucket) {
      for (let i = 0, n = stack.frameCount(); i < n; i++) {
        if (i > 0) out.byte(COMMA);
        writeLocation(stack, stack.frameId(i), out, escape);
        out.byte(CLOSE);
      }
    } else {
      const frames = g.frames;
      for (let i = 0; i < frames.length; i++) {
        const f = frames[i]!;
        out.text(`${i > 0 ? ',' : ''}${locationText(f, escape)}}`);
      }
    }
    out.bytes(BYTES.createdBy);
    const c = g.creator;
    if (c === null) out.bytes(BYTES.null);
    else {
      // The stack's creator is the group's (the same object) for the groups groupDump makes.
      if (stack instanceof TableBucket && stack.creator === c && stack.creatorFrameId() >= 0) writeLocation(stack, stack.creatorFrameId(), out, escape);
      else out.text(locationText(c, escape));
      const parents = g.parentIds;
      if (parents !== null && parents.length > 0) {
        if (parents.length === 1) {
          out.bytes(BYTES.goroutine);
          out.number(parents[0]!);
        }
        out.bytes(BYTES.goroutines);
        out.numbers(parents);
      }
      out.byte(CLOSE);
    }
    out.bytes(BYTES.labels);
    if (g.labels === null) out.bytes(BYTES.null);
    else out.text(escape(JSON.stringify(g.labels)));
    out.bytes(BYTES.ids);
    if (g.ids === null) out.bytes(BYTES.null);
    else out.numbers(g.ids);
    if (g.leaked > 0) {
      out.bytes(BYTES.leaked);
      out.number(g.leaked);
    }
    if (g.durable > 0) {
      out.bytes(BYTES.durable);
      out.number(g.durable);
    }
    if (g.bubbles !== null) {
      out.bytes(BYTES.bubbles);
      out.numbers(g.bubbles);
    }
    if (g.lockedToThread > 0) {
      out.bytes(BYTES.lockedToThread);
      out.number(g.lockedToThread);
    }
    if (g.elided) out.bytes(BYTES.elided);
    if (g.cut > 0) {
      out.bytes(BYTES.cut);
      out.number(g.cut);
    }
    out.byte(CLOSE);
    return true;
  }

  /** head is the bytes of `,"state":…,"states":…,"waitMinutes":`, made once per `states` object (up to HEADS of them). */
  head(g: Group): Uint8Array {
    const known = this.#heads.get(g.states);
    if (known !== undefined && known.state === g.state) return known.bytes;
    const bytes = UTF8.encode(`,"state":${str(g.state, this.escape)},"states":${this.escape(JSON.stringify(g.states))},"waitMinutes":`);
    if (this.#heads.size < HEADS) this.#heads.set(g.states, { state: g.state, bytes });
    return bytes;
  }
}

/** locationText is writeLocation's text for a frame or creator outside a builder's tables: `{"func":…,"file":…,"line":…` (without the closing brace). */
function locationText(at: { func: string; file: string; line: number }, escape: (json: string) => string): string {
  return `{"func":${str(at.func, escape)},"file":${fileStr(at.file, escape)},"line":${num(at.line)}`;
}

/**
 * writeLocation writes frame `id` of a BucketBuilder's tables as
 * `{"func":…,"file":…,"line":…` (without the closing brace): the name's and
 * the file's bytes copied from the tables when they are plain, else the text
 * str and fileStr make of them.
 */
function writeLocation(stack: TableBucket, id: number, out: JsonBytes, escape: (json: string) => string): void {
  out.bytes(BYTES.func);
  if (!writeQuoted(stack, id, false, out)) out.text(str(stack.nameOf(id), escape));
  out.bytes(BYTES.file);
  if (!writeQuoted(stack, id, true, out)) out.text(fileStr(stack.fileOf(id), escape));
  out.bytes(BYTES.line);
  out.number(stack.lineOf(id));
}

/** writeQuoted writes frame `id`'s function name (file: its file) between quotes from the tables' bytes; false, writing nothing, when they are not plain. */
function writeQuoted(stack: TableBucket, id: number, file: boolean, out: JsonBytes): boolean {
  for (;;) {
    const at = out.pos + 1;
    const n = file ? stack.copyFile(id, out.buf, at) : stack.copyName(id, out.buf, at);
    if (n === -1) return false;
    if (n >= 0 && at + n < out.buf.length) {
      out.buf[at - 1] = QUOTE;
      out.buf[at + n] = QUOTE;
      out.pos = at + n + 1;
      return true;
    }
    out.grow();
  }
}

/**
 * bulky tells whether a value holds a long array or a MappedList within three
 * levels (where toJson puts the groups and their goroutine ids), which
 * jsonChunks then writes piece by piece. Deeper ones are written whole:
 * the same text, in one piece.
 */
function bulky(value: unknown, depth = 3): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof MappedList) return true;
  if (Array.isArray(value)) {
    if (value.length > ID_CHUNK) return true;
    if (depth > 0) for (const v of value) if (typeof v === 'object' && v !== null && bulky(v, depth - 1)) return true;
    return false;
  }
  if (depth > 0) {
    for (const k in value) {
      const v: unknown = (value as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null && bulky(v, depth - 1)) return true;
    }
  }
  return false;
}
