import { TableBucket } from './buckets';
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
 * would, piece by piece, writing each group's JSON text directly from the
 * group (groupText): a dump of 200 000 distinct stacks never holds its groups
 * twice, nor an object per frame. `escape` (terminal.ts's escapeJson for the
 * CLI) is applied to each piece but the groups' strings, which groupText
 * escapes only when they hold something to escape.
 */
export function toJsonChunks(analysis: Analysis, diff?: { older: Dump; diff: DumpDiff }, escape: (json: string) => string = (json) => json): Generator<string> {
  const groups = new MappedList(analysis.groups, groupJson, (g: Group) => groupText(g, escape));
  return jsonChunks(jsonOf(analysis, diff, groups as unknown as GroupJson[]), escape);
}

/** MappedList is a list written as JSON whose elements are made one at a time, as jsonChunks reaches them; `text`, when given, writes one directly. */
class MappedList<T, U> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => U,
    readonly text: ((item: T) => string | null) | null = null,
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
 * goroutine ids is written out without ever building one 8 MB string.
 */
export function* jsonChunks(value: unknown, escape: (json: string) => string = (json) => json): Generator<string> {
  if (value instanceof MappedList) {
    yield '[';
    let first = true;
    // Pieces of about PIECE characters: one per group would be hundreds of thousands of tiny strings.
    let piece = '';
    for (const item of value.items) {
      if (!first) piece += ',';
      first = false;
      const text = value.text === null ? null : value.text(item);
      if (text !== null) {
        piece += text;
        if (piece.length >= PIECE) {
          yield piece;
          piece = '';
        }
        continue;
      }
      if (piece !== '') yield piece;
      piece = '';
      const v: unknown = value.map(item);
      yield* jsonChunks(v === undefined || typeof v === 'function' ? null : v, escape);
    }
    if (piece !== '') yield piece;
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
      yield* jsonChunks(v === undefined || typeof v === 'function' ? null : v, escape);
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
      yield* jsonChunks(v, escape);
    }
    yield '}';
    return;
  }
  yield escape(JSON.stringify(value) ?? 'null');
}

/** PIECE is about how long a piece of the groups' JSON jsonChunks yields is. */
const PIECE = 1 << 16;

/**
 * PLAIN matches a string JSON.stringify writes as it is, between quotes, and
 * that holds none of the characters an `escape` (escapeJson) could change:
 * no quote, backslash, control, DEL or C1 control, lone surrogate, or
 * bidirectional formatting character (those go the slow way, through both).
 */
const PLAIN = /^[^"\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]*$/;

/** plainFile is the last file name groupText found PLAIN. */
let plainFile = '';

/**
 * groupText is `escape(JSON.stringify(groupJson(g)))`, written field by
 * field without the intermediate objects; null when the group holds more ids
 * than one piece should (jsonChunks then writes groupJson(g) in pieces).
 */
function groupText(g: Group, escape: (json: string) => string): string | null {
  if (g.ids !== null && g.ids.length > ID_CHUNK) return null;
  const str = (text: string) => (PLAIN.test(text) ? `"${text}"` : escape(JSON.stringify(text)));
  // A stack's frames mostly share their file (one interned string): it is tested once.
  const fileStr = (file: string) => {
    if (file === plainFile) return `"${file}"`;
    if (!PLAIN.test(file)) return escape(JSON.stringify(file));
    plainFile = file;
    return `"${file}"`;
  };
  // What JSON.stringify writes for a number: its String(), or null when it is not finite.
  const num = (n: number) => (Number.isFinite(n) ? `${n}` : 'null');
  let out = `{"count":${num(g.count)},"state":${str(g.state)},"states":${escape(JSON.stringify(g.states))},"waitMinutes":`;
  out += g.waitMinutes === null ? 'null' : `{"min":${num(g.waitMinutes.min)},"max":${num(g.waitMinutes.max)}}`;
  out += ',"frames":[';
  const stack = framesBucket(g);
  if (stack instanceof TableBucket) {
    // Read from the parser's tables: no Frame objects are made for the output.
    for (let i = 0, n = stack.frameCount(); i < n; i++)
      out += `${i > 0 ? ',' : ''}{"func":${str(stack.frameFunc(i))},"file":${fileStr(stack.frameFile(i))},"line":${num(stack.frameLine(i))}}`;
  } else {
    const frames = g.frames;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      out += `${i > 0 ? ',' : ''}{"func":${str(f.func)},"file":${fileStr(f.file)},"line":${num(f.line)}}`;
    }
  }
  out += '],"createdBy":';
  const c = g.creator;
  if (c === null) out += 'null';
  else {
    out += `{"func":${str(c.func)},"file":${fileStr(c.file)},"line":${num(c.line)}`;
    const parents = g.parentIds;
    if (parents !== null && parents.length > 0)
      out += `${parents.length === 1 ? `,"goroutine":${num(parents[0]!)}` : ''},"goroutines":${JSON.stringify(parents)}`;
    out += '}';
  }
  out += `,"labels":${g.labels === null ? 'null' : escape(JSON.stringify(g.labels))},"ids":${g.ids === null ? 'null' : JSON.stringify(g.ids)}`;
  if (g.leaked > 0) out += `,"leaked":${num(g.leaked)}`;
  if (g.durable > 0) out += `,"durable":${num(g.durable)}`;
  if (g.bubbles !== null) out += `,"bubbles":${JSON.stringify(g.bubbles)}`;
  if (g.lockedToThread > 0) out += `,"lockedToThread":${num(g.lockedToThread)}`;
  if (g.elided) out += ',"elided":true';
  if (g.cut > 0) out += `,"cut":${num(g.cut)}`;
  return `${out}}`;
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
