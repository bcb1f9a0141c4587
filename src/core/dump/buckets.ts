import type { Bucket, Creator, Frame, Labels } from './model';

/** GoroutineRecord is one goroutine (or one debug=1/debug=0 record) as a parser hands it over. */
export interface GoroutineRecord {
  /** The goroutine's id, or null for formats that give counts only. */
  id: number | null;
  /** How many goroutines the record stands for (1 for debug=2 and tracebacks). */
  count: number;
  /** The frames' ids (see BucketBuilder.frame). */
  frames: number[];
  creator: Creator | null;
  state: string;
  waitMinutes: number | null;
  lockedToThread: boolean;
  leaked: boolean;
  /** Durably blocked in a synctest bubble (` (durable)`). */
  durable: boolean;
  /** The synctest bubble it belongs to, if any. */
  bubble: number | null;
  elided: boolean;
  labels: Labels | null;
  /** True when the end of the input cut this goroutine (or record). */
  cut: boolean;
}

/**
 * FILE_LINE_SUFFIX is what may follow `file:line` on a frame's file line
 * (the offset, GOTRACEBACK=system's registers, a cgo PC): the tail of
 * text.ts's FILE_LINE, sticky so that it is tried in place, without a slice.
 */
const FILE_LINE_SUFFIX = /(?: +\+0x[0-9a-fA-F]+)?(?: +fp=0x[0-9a-fA-F]+ +sp=0x[0-9a-fA-F]+)?(?: +pc=0x[0-9a-fA-F]+)?[ \t]*$/y;

/** MAX_SCAN is how many buckets of one stack are told apart by a scan before they get an index. */
const MAX_SCAN = 8;

/**
 * Stack is one distinct stack (ids from `start` in BucketBuilder's stack
 * pool) and the buckets that share it (they differ in creator, state, labels
 * or flags). A stack of one bucket is that bucket alone in
 * BucketBuilder.stacks (most of them, when every stack differs); the second
 * bucket makes it a Stack.
 */
class Stack {
  /** The buckets by their full key, once there are more than MAX_SCAN. */
  index: Map<string, TableBucket> | null = null;
  constructor(
    readonly start: number,
    readonly length: number,
    readonly buckets: TableBucket[],
    /** Each bucket's labels as JSON ('' for none), in step with buckets. */
    readonly labelKeys: string[],
  ) {}
}

/**
 * TableBucket is a bucket a BucketBuilder made: its stack is a run of frame
 * ids in the builder's tables, and its `frames` are made the first time they
 * are read (one array per stack, one Frame per frame, shared). What the CLI
 * writes reads the tables instead (frameCount, frameId, copyName,
 * copyFile, nameOf, fileOf, lineOf, callsAny), so a dump whose stacks all
 * differ never holds a JavaScript object or string per frame.
 */
export class TableBucket implements Bucket {
  readonly #builder: BucketBuilder;
  readonly #start: number;
  readonly #length: number;
  readonly #creatorId: number;
  count = 0;
  waitMin: number | null = null;
  waitMax: number | null = null;
  lockedToThread = 0;
  parentIds: number[] | null = null;
  bubbles: number[] | null = null;

  constructor(
    builder: BucketBuilder,
    start: number,
    length: number,
    creatorId: number,
    readonly creator: Creator | null,
    readonly state: string,
    readonly labels: Labels | null,
    readonly leaked: boolean,
    readonly durable: boolean,
    readonly elided: boolean,
    readonly cut: boolean,
    public ids: number[] | null,
  ) {
    this.#builder = builder;
    this.#start = start;
    this.#length = length;
    this.#creatorId = creatorId;
  }

  get frames(): readonly Frame[] {
    return this.#builder.stackFrames(this.#start, this.#length);
  }

  /** stackId is the same number for buckets of one builder with the same stack, and differs otherwise. */
  stackId(): number {
    return this.#start;
  }

  /** creatorFrameId is the creator's frame id in the builder's tables, -1 without a creator. */
  creatorFrameId(): number {
    return this.#creatorId;
  }

  frameCount(): number {
    return this.#length;
  }

  /** frameId is frames[i]'s id in the builder's tables (creatorFrameId, the creator's): what copyName, copyFile, nameOf, fileOf and lineOf read. */
  frameId(i: number): number {
    return this.#builder.stackFrameId(this.#start + i);
  }

  /** copyName and copyFile copy frame `id`'s function name's or file's bytes into `target` at `at` (see BucketBuilder.copyPlainName). */
  copyName(id: number, target: Uint8Array, at: number): number {
    return this.#builder.copyPlainName(id, target, at);
  }

  copyFile(id: number, target: Uint8Array, at: number): number {
    return this.#builder.copyPlainFile(id, target, at);
  }

  nameOf(id: number): string {
    return this.#builder.funcOf(id);
  }

  fileOf(id: number): string {
    return this.#builder.fileOf(id);
  }

  lineOf(id: number): number {
    return this.#builder.lineOf(id);
  }

  /** callsAny is frames.some((f) => names.has(f.func)), read from the tables. */
  callsAny(names: ReadonlySet<string>): boolean {
    const byLength = namesByLength(names);
    for (let i = 0; i < this.#length; i++) {
      const id = this.#builder.stackFrameId(this.#start + i);
      const candidates = byLength.get(this.#builder.nameLength(id));
      if (candidates !== undefined) for (const name of candidates) if (this.#builder.nameIs(id, name)) return true;
    }
    return false;
  }
}

/** byLengthOf holds each name set callsAny was asked about, its names by length (-1: those that are not ASCII). */
const byLengthOf = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();

function namesByLength(names: ReadonlySet<string>): Map<number, string[]> {
  let byLength = byLengthOf.get(names);
  if (byLength === undefined) {
    byLength = new Map();
    for (const name of names) {
      const length = ascii(name) && name.length <= MAX_TABLE_NAME ? name.length : -1;
      const list = byLength.get(length);
      if (list === undefined) byLength.set(length, [name]);
      else list.push(name);
    }
    byLengthOf.set(names, byLength);
  }
  return byLength;
}

/** ascii tells whether every character of a text is ASCII (one byte each in the name table). */
function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** ASCII decodes the name table's bytes (ASCII, which UTF-8 reads as it is). */
const ASCII = new TextDecoder();

/**
 * internedBuckets holds the bucket lists a BucketBuilder made: in them, equal
 * stacks have the same stackId and equal creator locations are one Creator,
 * so grouping may merge by identity. Each maps to the stackIds more than one
 * bucket shares: a bucket whose stack is not among them is a group of its
 * own.
 */
export const internedBuckets = new WeakMap<readonly Bucket[], ReadonlySet<number>>();

/**
 * BucketBuilder folds goroutines into buckets as they are parsed and interns
 * every string and frame on the way, so that a dump of a million goroutines
 * in fifty shapes costs fifty stacks of memory (plus the ids).
 *
 * Interning costs little per distinct frame, because the worst case (every
 * goroutine's stack differs, every function name distinct) has millions of
 * them: a frame is an id, and what it says is kept in typed arrays by id —
 * its function name's bytes (one byte a character) in one growing buffer,
 * its file (an index into the interned files), its line — with 8 to 16
 * bytes of hash table (`table`, where a Map would take 50-100 bytes per
 * entry). None of that is an object the garbage collector copies or
 * traces; a Frame object is made only when a bucket's `frames` are read.
 * No key strings are built per frame or per stack: stacks are runs of frame
 * ids in one pool, found by a hash of those ids, then compared id by id.
 */
export class BucketBuilder {
  private readonly strings = new Map<string, string>();
  /** How many frames there are: ids run from 0 to frameTotal - 1. */
  private frameTotal = 0;
  /**
   * The function names' characters (ASCII), one byte each, back to back in
   * blocks of NAME_BLOCK bytes (the first grows to that size; later ones are
   * added, never copied): a name starts at nameStart[id] (its block's index
   * times NAME_BLOCK, plus where it starts in that block) and holds
   * nameLengths[id] of them. nameBytes is the last block, filled up to nameEnd.
   */
  private readonly nameBlocks: Uint8Array[] = [];
  private nameBytes = new Uint8Array(1 << 12);
  private nameEnd = 0;
  private nameStart = new Int32Array(1 << 6);
  /** -1 for a name that is not ASCII or longer than MAX_TABLE_NAME, kept in wideNames. */
  private nameLengths = new Int32Array(1 << 6);
  private readonly wideNames = new Map<number, string>();
  /** By frame id: the index of its file in files, and its line. */
  private fileIds = new Int32Array(1 << 6);
  /** Float64: a line number may be any number the dump prints (the file line's digits, read by Number()). */
  private lines = new Float64Array(1 << 6);
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  /** The Frame objects made so far, by id (see frameAt). */
  private readonly frameObjects: (Frame | undefined)[] = [];
  /**
   * table is an open-addressing table of pairs (frame id + 1, 0 when empty;
   * the frame's hash: frameHash of its function, file and line), placed by that hash: a probe reads the hash
   * beside the id and reads a frame's columns only when the hashes agree. It starts
   * small, as do the columns: a text may hold thousands of dumps, each with a
   * builder of its own.
   */
  private table = new Int32Array(2 << 6);
  /** The id of the frame handed out last since the last add() (-1: none), which the next one is noted to follow. */
  private lastId = -1;
  /** next holds, by frame id, 1 + the id of the frame that followed it last time (0: none yet); firstNext, the last stack's first frame. */
  private next = new Int32Array(1 << 6);
  private firstNext = -1;
  /** By frame id: its hash (frameHash of its function, file and line), of which a stack's hash is made. */
  private hashes = new Int32Array(1 << 6);
  /**
   * By frame id: PLACED once it is in `table`, COPY when it is not but one
   * that says the same is, else OUTSIDE. A frame frameOfBytes makes goes
   * there only when a stack of it is seen again (see add), so that a dump
   * whose stacks all differ never builds the table, the slowest part of
   * interning millions of frames.
   */
  private placed = new Uint8Array(1 << 6);
  /** How many frames are in `table`. */
  private placedTotal = 0;
  /**
   * By file id: 1 once a frame of that file that is not only a creator's
   * location is in the table. frameOfBytes probes the table only for such
   * files: in a dump whose stacks all differ, for none.
   */
  private fileInTable = new Uint8Array(1 << 6);
  /** True while creatorFrame interns a creator's location. */
  private forCreator = false;
  /**
   * The first of the frames frameOfBytes made, outside the table, since the
   * last add() (-1: none, or a frame was put in the table since, so they
   * stay): add() takes them back when their stack is one seen before. With
   * the name blocks' count and the last block's end before them.
   */
  private looseFrom = -1;
  private looseBlocks = 0;
  private looseNameEnd = 0;
  private hashedText = '';
  private hashedValue = 0;
  /**
   * What knownFrame's last failed probe looked for, a frame no one has (the
   * function; the text holding the file from missStart to missEnd; the
   * line), and the empty pair where it goes: frame(), asked next for that
   * frame, inserts it there without probing again (the usual case when every
   * stack differs). Any insertion forgets it.
   */
  private missFunc: string | null = null;
  private missText = '';
  private missStart = 0;
  private missEnd = 0;
  private missLine = 0;
  private missAt = 0;
  private missHash = 0;
  private missTable: Int32Array | null = null;
  /** bucketCreators is the one Creator without a parent id per creator frame id: buckets share it. */
  private readonly bucketCreators = new Map<number, Creator>();
  /** The stacks' frame ids, back to back: a stack is its start here and its length. */
  private stackPool = new Int32Array(1 << 6);
  private stackEnd = 0;
  /** The frames arrays made so far, by stack start (see stackFrames). */
  private readonly stackArrays = new Map<number, readonly Frame[]>();
  /** stacks maps a hash of a stack's frame ids to the stack, or the stacks, with that hash (a bucket: the stack of that bucket alone). */
  private readonly stacks = new Map<number, TableBucket | Stack | (TableBucket | Stack)[]>();
  private readonly order: TableBucket[] = [];
  /** The stackIds of more than one bucket. */
  private readonly shared = new Set<number>();
  total = 0;

  /** frameCount is how many frames the tables hold. */
  get frameCount(): number {
    return this.frameTotal;
  }

  /** intern returns the one copy of a string this dump keeps. */
  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const own = ownCopy(text);
    this.strings.set(own, own);
    return own;
  }

  /** frameAt returns frame `id` as a Frame, the same object each time. */
  frameAt(id: number): Frame {
    let frame = this.frameObjects[id];
    if (frame === undefined) {
      // One Frame per (function, file, line): a frame made outside the table shares that of the one in it that says the same.
      const same = this.placed[id] === PLACED ? id : this.canonical(id);
      frame = this.frameObjects[same];
      if (frame === undefined) {
        const func = this.funcOf(id);
        frame = { func, pkg: this.intern(packageOf(func)), file: this.fileOf(id), line: this.lines[id]! };
        this.frameObjects[same] = frame;
      }
      this.frameObjects[id] = frame;
    }
    return frame;
  }

  /** canonical returns the frame in the table that says what frame `id` (made outside it) says, putting `id` there when none does. */
  private canonical(id: number): number {
    // Frames taken into the table stay: add() no longer takes them back.
    if (this.looseFrom >= 0 && id >= this.looseFrom) this.looseFrom = -1;
    const hash = this.hashes[id]!;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
      if (table[(slot << 1) + 1] === hash && this.sameFrame(v - 1, id)) return v - 1;
    }
    this.fill(id, hash, slot);
    return id;
  }

  /** funcOf is frame `id`'s function name (a new string each time, but for names that are not ASCII). */
  funcOf(id: number): string {
    const length = this.nameLengths[id]!;
    if (length < 0) return this.wideNames.get(id)!;
    const at = this.nameStart[id]!;
    const start = at & NAME_MASK;
    return ASCII.decode(this.nameBlockOf(at).subarray(start, start + length));
  }

  fileOf(id: number): string {
    return this.files[this.fileIds[id]!]!;
  }

  /**
   * copyPlainName copies frame `id`'s function name's bytes into `target` at
   * `at` and returns how many there are, when JSON.stringify writes the name
   * as it is between its quotes and no terminal escaping changes it: ASCII
   * without quote, backslash, control characters or DEL. -1 when it is not
   * such a name (what was copied then means nothing), -2 when it does not
   * fit in `target`.
   */
  copyPlainName(id: number, target: Uint8Array, at: number): number {
    const length = this.nameLengths[id]!;
    if (length < 0) return -1;
    if (at + length > target.length) return -2;
    const from = this.nameStart[id]!;
    const bytes = this.nameBlockOf(from);
    const start = from & NAME_MASK;
    for (let i = 0; i < length; i++) {
      const c = bytes[start + i]!;
      if (!plainByte(c)) return -1;
      target[at + i] = c;
    }
    return length;
  }

  /** copyPlainFile is copyPlainName for frame `id`'s file, whose bytes are made once per file (plainFileBytes). */
  copyPlainFile(id: number, target: Uint8Array, at: number): number {
    const file = this.fileIds[id]!;
    if (file >= this.fileSpans.length >> 1) this.plainFileBytes();
    const length = this.fileSpans[(file << 1) + 1]!;
    if (length < 0) return -1;
    if (at + length > target.length) return -2;
    const bytes = this.fileBytes;
    const start = this.fileSpans[file << 1]!;
    for (let i = 0; i < length; i++) target[at + i] = bytes[start + i]!;
    return length;
  }

  /** The files' bytes for copyPlainFile, back to back; by file id, where a file's start and how many (-1: not plain, as copyPlainName says). */
  private fileBytes = new Uint8Array(0);
  private fileSpans = new Int32Array(0);

  private plainFileBytes(): void {
    const files = this.files;
    const spans = new Int32Array(files.length * 2);
    let size = 0;
    for (const file of files) size += file.length;
    const bytes = new Uint8Array(size);
    let end = 0;
    for (let f = 0; f < files.length; f++) {
      const file = files[f]!;
      let i = 0;
      for (let c = file.charCodeAt(0); i < file.length && plainByte(c); c = file.charCodeAt(++i)) bytes[end + i] = c;
      spans[f << 1] = end;
      spans[(f << 1) + 1] = i === file.length ? i : -1;
      if (i === file.length) end += i;
    }
    this.fileBytes = bytes;
    this.fileSpans = spans;
  }

  lineOf(id: number): number {
    return this.lines[id]!;
  }

  /** nameLength is the length of frame `id`'s function name, -1 when it is not ASCII. */
  nameLength(id: number): number {
    return this.nameLengths[id]!;
  }

  /** nameIs tells whether frame `id`'s function is `func`. */
  nameIs(id: number, func: string): boolean {
    const length = this.nameLengths[id]!;
    if (length < 0) return this.wideNames.get(id) === func;
    if (length !== func.length) return false;
    const at = this.nameStart[id]!;
    const bytes = this.nameBlockOf(at);
    const start = at & NAME_MASK;
    for (let i = 0; i < length; i++) if (bytes[start + i] !== func.charCodeAt(i)) return false;
    return true;
  }

  /** tracebackIds is tracebackFrames for frame ids. */
  tracebackIds(ids: number[]): number[] {
    return tracebackShown(ids, (id) => this.funcOf(id));
  }

  /** stackFrameId is the frame id at `at` in the stack pool. */
  stackFrameId(at: number): number {
    return this.stackPool[at]!;
  }

  /** stackFrames returns the frames of the stack at `start`, the same array each time. */
  stackFrames(start: number, length: number): readonly Frame[] {
    let frames = this.stackArrays.get(start);
    if (frames === undefined) {
      const made: Frame[] = [];
      for (let i = 0; i < length; i++) made.push(this.frameAt(this.stackPool[start + i]!));
      frames = made;
      this.stackArrays.set(start, frames);
    }
    return frames;
  }

  /**
   * frame returns the id of the frame (func, file, line), made if it is new.
   * The id is also noted as following the previous one handed out (see next).
   */
  frame(func: string, file: string, line: number): number {
    const hash = frameHash(this.hash(func), file, 0, file.length, line);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    if (
      func === this.missFunc &&
      table === this.missTable &&
      line === this.missLine &&
      file.length === this.missEnd - this.missStart &&
      this.missText.startsWith(file, this.missStart)
    ) {
      // knownFrame just probed for this very frame and found none: insert where it stopped.
      slot = this.missAt;
    } else {
      for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
        if (table[(slot << 1) + 1] !== hash) continue;
        const id = v - 1;
        if (this.lines[id] === line && this.nameIs(id, func) && this.fileOf(id) === file) {
          this.follow(this.lastId, id);
          return id;
        }
      }
    }
    return this.insert(func, file, line, hash, slot);
  }

  /** insert makes the frame (func, file, line), whose hash is `hash`, in the empty pair at `slot` of the table, and hands out its id. */
  private insert(func: string, file: string, line: number, hash: number, slot: number): number {
    const id = this.newFrame();
    this.addName(id, func);
    this.fileIds[id] = this.fileId(file);
    this.lines[id] = line;
    return this.place(id, hash, slot);
  }

  /** newFrame hands out the next frame id, its columns not yet written. */
  private newFrame(): number {
    const id = this.frameTotal++;
    if (id >= this.next.length) this.growColumns();
    return id;
  }

  /** place puts new frame `id`, whose hash is `hash`, in the empty pair at `slot` of the table, and hands it out. */
  private place(id: number, hash: number, slot: number): number {
    this.hashes[id] = hash;
    // The frames made outside the table before it now stay: they are no longer the last ones.
    this.looseFrom = -1;
    this.fill(id, hash, slot);
    this.follow(this.lastId, id);
    return id;
  }

  /** fill writes frame `id` and its hash into the empty pair at `slot` of the table. */
  private fill(id: number, hash: number, slot: number): void {
    const table = this.table;
    table[slot << 1] = id + 1;
    table[(slot << 1) + 1] = hash;
    this.placed[id] = PLACED;
    // Any insertion forgets knownFrame's last miss: the empty pair it found may be this one.
    this.missFunc = null;
    if (!this.forCreator) this.fileInTable[this.fileIds[id]!] = 1;
    // Grown at three quarters full: the ids and hashes of a probe run sit side by side, so a long run costs little.
    if (++this.placedTotal * 8 > table.length * 3) this.growTable();
  }

  /** putInTable puts frame `id`, made outside the table, into it, unless a frame there says the same (`id` is then marked a copy). */
  private putInTable(id: number): void {
    if (this.canonical(id) !== id) this.placed[id] = COPY;
  }

  /**
   * frameOfBytes is frame(func, file, line) for a function name and a file
   * given as bytes of the input, `bytes[funcStart, funcEnd)` and
   * `bytes[fileStart, fileEnd)`, each printable ASCII (text.ts's fastLines
   * checked it), without a string unless the frame and its file are both
   * new. The frame that followed the previous one last time is tried first,
   * as in knownFrame, then the table. A frame found in neither is made
   * outside the table: it may be a copy of one that is, and add() tells
   * stacks apart by what their frames say, not by their ids.
   */
  frameOfBytes(bytes: Uint8Array, funcStart: number, funcEnd: number, fileStart: number, fileEnd: number, line: number): number {
    const previous = this.lastId;
    const guess = previous < 0 ? this.firstNext : this.next[previous]! - 1;
    if (guess >= 0 && this.lines[guess] === line && this.nameIsBytes(guess, bytes, funcStart, funcEnd) && this.fileIsBytes(guess, bytes, fileStart, fileEnd)) {
      this.lastId = guess;
      return guess;
    }
    return this.bytesFrame(bytes, funcStart, funcEnd, fileStart, fileEnd, line, false);
  }

  /**
   * creatorOfBytes is creator() for a `created by` line's function and its
   * file line given as bytes of the input, as frameOfBytes takes them. A
   * creator's location is always in the table (bucketCreator shares it by
   * its id).
   */
  creatorOfBytes(bytes: Uint8Array, funcStart: number, funcEnd: number, fileStart: number, fileEnd: number, line: number, goroutineId: number | null): Creator {
    return this.creatorOf(this.bytesFrame(bytes, funcStart, funcEnd, fileStart, fileEnd, line, true), goroutineId);
  }

  /**
   * bytesFrame finds or makes the frame of frameOfBytes or creatorOfBytes:
   * in the table if it is there (looked for there only for a creator, or a
   * file with a stack frame there), else made: in the table for a creator,
   * outside it otherwise.
   */
  private bytesFrame(bytes: Uint8Array, funcStart: number, funcEnd: number, fileStart: number, fileEnd: number, line: number, creator: boolean): number {
    // frameHash(hash(func), file, …, line): FNV-1a over the name, the file, then the line (ASCII: bytes are UTF-16 units).
    let hash = 0x811c9dc5;
    for (let i = funcStart; i < funcEnd; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    for (let i = fileStart; i < fileEnd; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    hash = Math.imul(hash ^ line, 0x01000193);
    if (hash === BREAKS_LINE) hash = (hash + 1) | 0;
    const fileId = this.fileIdOfBytes(bytes, fileStart, fileEnd);
    let slot = -1;
    if (creator || this.fileInTable[fileId] === 1) {
      const table = this.table;
      const mask = (table.length >> 1) - 1;
      for (let v = table[(slot = hash & mask) << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
        if (table[(slot << 1) + 1] !== hash) continue;
        const id = v - 1;
        if (this.lines[id] === line && this.fileIds[id] === fileId && this.nameIsBytes(id, bytes, funcStart, funcEnd)) {
          this.follow(this.lastId, id);
          return id;
        }
      }
    }
    const blocks = this.nameBlocks.length;
    const nameEnd = this.nameEnd;
    const id = this.newFrame();
    const length = funcEnd - funcStart;
    if (length > MAX_TABLE_NAME) {
      this.nameLengths[id] = -1;
      this.wideNames.set(id, ASCII.decode(bytes.subarray(funcStart, funcEnd)));
    } else {
      const at = this.roomForName(length);
      const names = this.nameBytes;
      const start = this.nameEnd;
      // Names are short: a loop copies them faster than set() with a subarray.
      for (let i = 0; i < length; i++) names[start + i] = bytes[funcStart + i]!;
      this.nameStart[id] = at;
      this.nameLengths[id] = length;
      this.nameEnd = start + length;
    }
    this.fileIds[id] = fileId;
    this.lines[id] = line;
    if (creator) {
      this.forCreator = true;
      this.place(id, hash, slot);
      this.forCreator = false;
      return id;
    }
    this.hashes[id] = hash;
    if (this.looseFrom < 0) {
      this.looseFrom = id;
      this.looseBlocks = blocks;
      this.looseNameEnd = nameEnd;
    }
    this.follow(this.lastId, id);
    return id;
  }

  /** nameIsBytes tells whether frame `id`'s function name is the ASCII `bytes[start, end)`. */
  private nameIsBytes(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = this.nameLengths[id]!;
    if (length !== end - start) return false;
    const from = this.nameStart[id]!;
    const names = this.nameBlockOf(from);
    const at = (from & NAME_MASK) - start;
    for (let i = start; i < end; i++) if (names[at + i] !== bytes[i]) return false;
    return true;
  }

  /** fileIsBytes tells whether frame `id`'s file is the ASCII `bytes[start, end)`. */
  private fileIsBytes(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    return sameAscii(this.files[this.fileIds[id]!]!, bytes, start, end);
  }

  /** addName writes frame `id`'s function name into the name table. */
  private addName(id: number, func: string): void {
    const length = func.length;
    if (length <= MAX_TABLE_NAME) {
      const at = this.roomForName(length);
      const bytes = this.nameBytes;
      const start = this.nameEnd;
      let i = 0;
      for (; i < length; i++) {
        const c = func.charCodeAt(i);
        if (c > 0x7f) break;
        bytes[start + i] = c;
      }
      if (i === length) {
        this.nameStart[id] = at;
        this.nameLengths[id] = length;
        this.nameEnd = start + length;
        return;
      }
    }
    this.nameLengths[id] = -1;
    this.wideNames.set(id, ownCopy(func));
  }

  /**
   * roomForName makes room for a name of `length` bytes (at most
   * MAX_TABLE_NAME) in the last name block, from nameEnd, adding a block
   * when it is full, and returns where the name starts (its nameStart).
   */
  private roomForName(length: number): number {
    let block = this.nameBytes;
    if (this.nameEnd + length > block.length) {
      if (block.length < NAME_BLOCK) {
        // The first block grows (a small dump needs little), up to NAME_BLOCK.
        const grown = new Uint8Array(Math.min(block.length * 2, NAME_BLOCK));
        grown.set(block.subarray(0, this.nameEnd));
        block = grown;
      } else {
        this.nameBlocks.push(block);
        block = new Uint8Array(NAME_BLOCK);
        this.nameEnd = 0;
      }
      this.nameBytes = block;
    }
    return this.nameBlocks.length * NAME_BLOCK + this.nameEnd;
  }

  /** nameBlockOf is the name block that holds the name starting at `at` (a nameStart). */
  private nameBlockOf(at: number): Uint8Array {
    const index = at >>> NAME_BLOCK_BITS;
    return index === this.nameBlocks.length ? this.nameBytes : this.nameBlocks[index]!;
  }

  private growColumns(): void {
    this.next = grow(this.next);
    this.hashes = grow(this.hashes);
    this.placed = grow(this.placed);
    this.nameStart = grow(this.nameStart);
    this.nameLengths = grow(this.nameLengths);
    this.fileIds = grow(this.fileIds);
    this.lines = grow(this.lines);
  }

  /**
   * exactLines holds, for frames seen more than once, the exact file line that
   * named them: compared whole, the next time, as one string. Frames seen once
   * (all of them, when every stack differs) keep none.
   */
  private readonly exactLines = new Map<number, string>();

  private names(fileLine: string, id: number): boolean {
    const seen = this.exactLines.get(id);
    if (seen === fileLine) return true;
    if (!namesFrame(fileLine, this.fileOf(id), this.lines[id]!)) return false;
    if (seen === undefined) this.exactLines.set(id, ownCopy(fileLine));
    return true;
  }

  /** follow notes that frame id came after frame previous (-1: first of its stack) and hands it out. */
  private follow(previous: number, id: number): void {
    if (previous < 0) this.firstNext = id;
    else this.next[previous] = id + 1;
    this.lastId = id;
  }

  private growTable(): void {
    this.table = doubled(this.table);
    this.missFunc = null;
  }

  /** hash hashes a function name (FNV-1a over its UTF-16 units); the last one is remembered, as knownFrame and frame ask for the same name in turn. */
  private hash(text: string): number {
    if (text === this.hashedText) return this.hashedValue;
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    this.hashedText = text;
    this.hashedValue = h;
    return h;
  }

  // A stack's new frames mostly share the previous one's file: checked before the file index.
  private lastFile = '';
  private lastFileId = -1;

  /**
   * fileTable is an open-addressing table of pairs (file id + 1, 0 when
   * empty; the FNV-1a hash of its name) for the files whose names are ASCII,
   * so that a file is found by its name as a string or as bytes of the input
   * alike; the others are in fileIndex.
   */
  private fileTable = new Int32Array(2 << 6);

  private fileId(file: string): number {
    if (file === this.lastFile && this.lastFileId >= 0) return this.lastFileId;
    let hash = 0x811c9dc5;
    for (let i = 0; i < file.length; i++) {
      const c = file.charCodeAt(i);
      if (c > 0x7f) return this.wideFileId(file);
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    const table = this.fileTable;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
      if (table[(slot << 1) + 1] === hash && this.files[v - 1] === file) return this.lastFileIs(v - 1);
    }
    return this.lastFileIs(this.newFile(file, hash, slot));
  }

  /** fileIdOfBytes is fileId() for a file name given as the ASCII `bytes[start, end)`. */
  private fileIdOfBytes(bytes: Uint8Array, start: number, end: number): number {
    if (this.lastFileId >= 0 && sameAscii(this.lastFile, bytes, start, end)) return this.lastFileId;
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const table = this.fileTable;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
      if (table[(slot << 1) + 1] === hash && sameAscii(this.files[v - 1]!, bytes, start, end)) return this.lastFileIs(v - 1);
    }
    return this.lastFileIs(this.newFile(ASCII.decode(bytes.subarray(start, end)), hash, slot));
  }

  /** wideFileId is fileId() for a file name that is not ASCII. */
  private wideFileId(file: string): number {
    let id = this.fileIndex.get(file);
    if (id === undefined) {
      id = this.addFile(file);
      this.fileIndex.set(this.files[id]!, id);
    }
    return this.lastFileIs(id);
  }

  /** newFile adds an ASCII file name, whose hash is `hash`, in the empty pair at `slot` of fileTable, and returns its id. */
  private newFile(file: string, hash: number, slot: number): number {
    const id = this.addFile(file);
    const table = this.fileTable;
    table[slot << 1] = id + 1;
    table[(slot << 1) + 1] = hash;
    // Three quarters full: twice the size.
    if (this.files.length * 4 > (table.length * 3) / 2) this.fileTable = doubled(table);
    return id;
  }

  /** addFile gives a file name its id. */
  private addFile(file: string): number {
    const id = this.files.push(this.intern(file)) - 1;
    if (id >= this.fileInTable.length) this.fileInTable = grow(this.fileInTable);
    return id;
  }

  /** lastFileIs notes file `id` as the last one asked for (the next frame's is likely the same) and returns it. */
  private lastFileIs(id: number): number {
    this.lastFile = this.files[id]!;
    this.lastFileId = id;
    return id;
  }

  /**
   * knownFrame returns the id of the frame of `func` that a traceback's file
   * line (`\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1`) names, when
   * that frame was seen before; -1 when it was not (the caller parses the
   * line). Checked in place, so the hot path of a dump whose stacks repeat
   * builds no strings.
   */
  knownFrame(func: string, fileLine: string): number {
    // Stacks repeat: the frame that followed the previous one last time is tried first, without hashing.
    const previous = this.lastId;
    const guess = previous < 0 ? this.firstNext : this.next[previous]! - 1;
    if (guess >= 0 && this.nameIs(guess, func) && this.names(fileLine, guess)) {
      this.lastId = guess;
      return guess;
    }
    // The file is what follows the indentation up to the last `:` (what may follow the line's digits holds none).
    let start = 0;
    for (let c = fileLine.charCodeAt(0); c === 9 || c === 32; c = fileLine.charCodeAt(++start));
    const colon = fileLine.lastIndexOf(':');
    if (start === 0 || colon <= start) return -1;
    let line = 0;
    let end = colon + 1;
    for (let c = fileLine.charCodeAt(end); c >= 48 && c <= 57; c = fileLine.charCodeAt(++end)) line = line * 10 + (c - 48);
    // Nine digits at most: a longer number is left to the pattern (and Number()).
    if (end === colon + 1 || end - colon > 10) return -1;
    const hash = frameHash(this.hash(func), fileLine, start, colon, line);
    if (hash === BREAKS_LINE) return -1;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
      if (table[(slot << 1) + 1] !== hash) continue;
      const id = v - 1;
      if (this.nameIs(id, func) && this.names(fileLine, id)) {
        this.follow(previous, id);
        return id;
      }
    }
    // No frame is (func, file, line), where names() would have said so for a well-formed file line: remember where it goes.
    if (validSuffix(fileLine, end)) {
      this.missFunc = func;
      this.missHash = hash;
      this.missText = fileLine;
      this.missStart = start;
      this.missEnd = colon;
      this.missLine = line;
      this.missAt = slot;
      this.missTable = table;
    }
    return -1;
  }

  /**
   * missedFrame makes the frame of `func` that a file line names and returns
   * its id, when knownFrame was just asked for exactly that (function, line)
   * and found none: it read the file and line in place then, so neither the
   * pattern nor a probe runs again. -1 otherwise (the caller parses the line).
   */
  missedFrame(func: string, fileLine: string): number {
    if (func !== this.missFunc || fileLine !== this.missText || this.table !== this.missTable) return -1;
    const start = this.missStart;
    const end = this.missEnd;
    const last = this.lastFile;
    const file = last.length === end - start && fileLine.startsWith(last, start) ? last : fileLine.slice(start, end);
    // Where knownFrame stopped, in the same table: no probe, no hash.
    return this.insert(func, file, this.missLine, this.missHash, this.missAt);
  }

  /**
   * creator returns the creator of a `created by` line, its frame interned:
   * the location is the one Creator buckets share (bucketCreator), with the
   * parent's id. Made as a literal (a spread would give each one its own
   * hidden class).
   */
  creator(func: string, file: string, line: number, goroutineId: number | null): Creator {
    return this.creatorOf(this.creatorFrame(func, file, line), goroutineId);
  }

  /** creatorOf is the creator whose location is frame `id`, for a goroutine whose parent is `goroutineId`. */
  private creatorOf(id: number, goroutineId: number | null): Creator {
    const shared = this.bucketCreator(id);
    const creator: Creator = { func: shared.func, pkg: shared.pkg, file: shared.file, line: shared.line, goroutineId };
    this.lastCreator = creator;
    this.lastCreatorId = id;
    return creator;
  }

  /** creatorFrame is frame() for a creator's location, which leaves fileInTable as it is. */
  private creatorFrame(func: string, file: string, line: number): number {
    this.forCreator = true;
    try {
      return this.frame(func, file, line);
    } finally {
      this.forCreator = false;
    }
  }

  /** The creator creator() returned last and its frame's id: add() usually folds it next. */
  private lastCreator: Creator | null = null;
  private lastCreatorId = -1;

  /** add folds one record into its bucket. */
  add(record: GoroutineRecord): void {
    const frames = record.frames;
    const hashes = this.hashes;
    let hash = frames.length;
    for (let i = 0; i < frames.length; i++) hash = Math.imul(hash ^ hashes[frames[i]!]!, 0x9e3779b1) ^ (hash >>> 15);

    const found = this.findStack(hash, frames);
    if (found !== undefined) this.repeated(found);
    this.looseFrom = -1;
    const creator = record.creator;
    // The parent goroutine id is not part of the identity: siblings made by different parents still share a stack.
    const creatorId = creator === null ? -1 : creator === this.lastCreator ? this.lastCreatorId : this.creatorFrame(creator.func, creator.file, creator.line);
    const bucketCreator = creatorId < 0 ? null : this.bucketCreator(creatorId);
    const labelsKey = record.labels === null ? '' : JSON.stringify(record.labels);
    let bucket: TableBucket | undefined;
    let fresh = false;
    let key: string | null = null;
    let stack: Stack | undefined;
    if (found instanceof Stack) stack = found;
    else if (found !== undefined) {
      const only = found;
      // Its labels as JSON, made only when the record has labels too (null: they differ).
      const onlyLabels = only.labels === null ? '' : record.labels === null ? null : JSON.stringify(only.labels);
      if (onlyLabels !== null && sameBucket(only, bucketCreator, record, onlyLabels, labelsKey)) bucket = only;
      else {
        // A second bucket of this stack: the stack becomes a Stack.
        stack = new Stack(only.stackId(), only.frameCount(), [only], [onlyLabels ?? JSON.stringify(only.labels)]);
        this.replaceStack(hash, only, stack);
      }
    }
    if (stack === undefined) {
      // A new stack (bucket undefined), made below with its first bucket, or its one bucket (found above).
    } else if (stack.index === null) {
      for (let i = 0; i < stack.buckets.length; i++) {
        const b = stack.buckets[i]!;
        if (sameBucket(b, bucketCreator, record, stack.labelKeys[i]!, labelsKey)) {
          bucket = b;
          break;
        }
      }
    } else {
      key = bucketKey(creatorId, record.state, labelsKey, record.leaked, record.durable, record.elided, record.cut);
      bucket = stack.index.get(key);
    }
    if (bucket === undefined) {
      bucket = new TableBucket(
        this,
        stack === undefined ? this.addToPool(frames) : stack.start,
        frames.length,
        creatorId,
        bucketCreator,
        this.intern(record.state),
        record.labels,
        record.leaked,
        record.durable,
        record.elided,
        record.cut,
        // Sized to its first id: most buckets of a dump whose stacks all differ hold one goroutine.
        record.id === null ? null : [record.id],
      );
      fresh = true;
      if (stack === undefined) this.addStack(hash, bucket);
      else {
        this.shared.add(stack.start);
        if (stack.index !== null) stack.index.set(key!, bucket);
        else {
          stack.buckets.push(bucket);
          stack.labelKeys.push(labelsKey);
          if (stack.buckets.length > MAX_SCAN) {
            // Many buckets of one stack (labels, states): index them, so that telling them apart stays linear.
            stack.index = new Map();
            for (let i = 0; i < stack.buckets.length; i++) {
              const b = stack.buckets[i]!;
              stack.index.set(bucketKey(b.creatorFrameId(), b.state, stack.labelKeys[i]!, b.leaked, b.durable, b.elided, b.cut), b);
            }
          }
        }
      }
      this.order.push(bucket);
    }
    bucket.count += record.count;
    this.total += record.count;
    if (record.waitMinutes !== null) {
      if (bucket.waitMin === null || record.waitMinutes < bucket.waitMin) bucket.waitMin = record.waitMinutes;
      if (bucket.waitMax === null || record.waitMinutes > bucket.waitMax) bucket.waitMax = record.waitMinutes;
    }
    if (record.lockedToThread) bucket.lockedToThread += record.count;
    if (record.id !== null && !fresh) (bucket.ids ??= []).push(record.id);
    const parent = creator?.goroutineId ?? null;
    if (parent !== null) {
      // Siblings usually share their parent: only a change is recorded; groupDump makes the list distinct.
      // A literal when it is the first: an empty array grown by push() would take room for 17.
      const parents = bucket.parentIds;
      if (parents === null) bucket.parentIds = [parent];
      else if (parents[parents.length - 1] !== parent) parents.push(parent);
    }
    if (record.bubble !== null) {
      // The same way: a group's goroutines are mostly of one bubble.
      const bubbles = bucket.bubbles;
      if (bubbles === null) bucket.bubbles = [record.bubble];
      else if (bubbles[bubbles.length - 1] !== record.bubble) bubbles.push(record.bubble);
    }
    this.lastId = -1;
  }

  /** result lists the buckets in the order their first goroutine appeared. */
  result(): Bucket[] {
    internedBuckets.set(this.order, this.shared);
    return this.order;
  }

  /** addToPool appends a stack's frame ids to the pool and returns where they start: its stackId (an empty stack takes a slot too, so that no two share one). */
  private addToPool(frames: readonly number[]): number {
    const start = this.stackEnd;
    const end = start + Math.max(frames.length, 1);
    if (end > this.stackPool.length) {
      const grown = new Int32Array(Math.max(this.stackPool.length * 2, end));
      grown.set(this.stackPool.subarray(0, start));
      this.stackPool = grown;
    }
    this.stackPool.set(frames, start);
    this.stackEnd = end;
    return start;
  }

  private bucketCreator(id: number): Creator {
    let shared = this.bucketCreators.get(id);
    if (shared === undefined) {
      // Made from the tables, not through frameAt: a creator's frame is seldom read as a Frame.
      const func = this.funcOf(id);
      shared = { func, pkg: this.intern(packageOf(func)), file: this.fileOf(id), line: this.lines[id]!, goroutineId: null };
      this.bucketCreators.set(id, shared);
    }
    return shared;
  }

  /** findStack returns the bucket or Stack with these frames, if one was seen. */
  private findStack(hash: number, frames: readonly number[]): TableBucket | Stack | undefined {
    const found = this.stacks.get(hash);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return this.sameFrames(found, frames) ? found : undefined;
    for (const s of found) if (this.sameFrames(s, frames)) return s;
    return undefined;
  }

  private sameFrames(s: TableBucket | Stack, frames: readonly number[]): boolean {
    const start = s instanceof Stack ? s.start : s.stackId();
    const length = s instanceof Stack ? s.length : s.frameCount();
    if (length !== frames.length) return false;
    const pool = this.stackPool;
    for (let i = 0; i < length; i++) {
      const a = pool[start + i]!;
      const b = frames[i]!;
      if (a !== b && !this.sameFrame(a, b)) return false;
    }
    return true;
  }

  /** sameFrame tells whether frames `a` and `b` say the same (a frame made outside the table may copy one in it). */
  private sameFrame(a: number, b: number): boolean {
    if (this.hashes[a] !== this.hashes[b] || this.lines[a] !== this.lines[b] || this.fileIds[a] !== this.fileIds[b]) return false;
    const length = this.nameLengths[a]!;
    if (length !== this.nameLengths[b]) return false;
    if (length < 0) return this.wideNames.get(a) === this.wideNames.get(b);
    const atA = this.nameStart[a]!;
    const atB = this.nameStart[b]!;
    const namesA = this.nameBlockOf(atA);
    const namesB = this.nameBlockOf(atB);
    const startA = atA & NAME_MASK;
    const startB = atB & NAME_MASK;
    for (let i = 0; i < length; i++) if (namesA[startA + i] !== namesB[startB + i]) return false;
    return true;
  }

  /**
   * repeated handles a goroutine whose stack is `found`, seen before: the
   * frames made outside the table for it are taken back (its stack keeps
   * the first ones), the stack's frames go into the table if they are not
   * there yet, and each notes the one after it, as knownFrame and
   * frameOfBytes try first.
   */
  private repeated(found: TableBucket | Stack): void {
    if (this.looseFrom >= 0) this.takeBack(this.looseFrom);
    const start = found instanceof Stack ? found.start : found.stackId();
    const length = found instanceof Stack ? found.length : found.frameCount();
    const pool = this.stackPool;
    let previous = -1;
    for (let i = 0; i < length; i++) {
      const id = pool[start + i]!;
      if (this.placed[id] === OUTSIDE) this.putInTable(id);
      if (previous < 0) this.firstNext = id;
      else this.next[previous] = id + 1;
      previous = id;
    }
  }

  /** takeBack forgets the frames from id `from` on, all made outside the table since the last add(). */
  private takeBack(from: number): void {
    for (let id = from; id < this.frameTotal; id++) {
      if (this.nameLengths[id]! < 0) this.wideNames.delete(id);
      if (id < this.frameObjects.length) this.frameObjects[id] = undefined;
      if (this.exactLines.size > 0) this.exactLines.delete(id);
      this.next[id] = 0;
      this.placed[id] = OUTSIDE;
    }
    if (this.nameBlocks.length === this.looseBlocks) this.nameEnd = this.looseNameEnd;
    this.frameTotal = from;
    this.looseFrom = -1;
  }

  private addStack(hash: number, stack: TableBucket | Stack): void {
    const found = this.stacks.get(hash);
    if (found === undefined) this.stacks.set(hash, stack);
    else if (Array.isArray(found)) found.push(stack);
    else this.stacks.set(hash, [found, stack]);
  }

  private replaceStack(hash: number, old: TableBucket, stack: Stack): void {
    const found = this.stacks.get(hash)!;
    if (Array.isArray(found)) found[found.indexOf(old)] = stack;
    else this.stacks.set(hash, stack);
  }
}

/**
 * frameHash is a frame's key in the frame table: its function name's hash
 * continued over the file (text from start to end) and the line. A file with
 * a character that ends a line for a pattern's `.` (CR, U+2028, U+2029) is
 * not one text.ts's FILE_LINE reads: for it, BREAKS_LINE (a hash like any
 * other for frame(), a refusal for knownFrame, which then leaves the line to
 * the pattern).
 */
function frameHash(funcHash: number, text: string, start: number, end: number, line: number): number {
  let h = funcHash;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 0x2028 || c === 0x2029) return BREAKS_LINE;
    h = Math.imul(h ^ c, 0x01000193);
  }
  h = Math.imul(h ^ line, 0x01000193);
  return h === BREAKS_LINE ? (h + 1) | 0 : h;
}

const BREAKS_LINE = 0x7fffffff;

/** Where a frame is, for BucketBuilder.placed. */
const OUTSIDE = 0;
const PLACED = 1;
const COPY = 2;

/** NAME_BLOCK is the size of the blocks BucketBuilder keeps function names in (1 MiB), NAME_MASK a name's offset in its block. */
const NAME_BLOCK_BITS = 20;
const NAME_BLOCK = 1 << NAME_BLOCK_BITS;
const NAME_MASK = NAME_BLOCK - 1;
/** MAX_TABLE_NAME is the longest function name kept in the name blocks; longer ones are kept as strings, like names that are not ASCII. */
const MAX_TABLE_NAME = 4096;

/**
 * doubled is an open-addressing table of pairs (value, 0 when empty; hash),
 * placed by hash with linear probing, at twice the size: the frame table and
 * the file table grow so.
 */
function doubled(old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const table = new Int32Array(old.length * 2);
  const mask = (table.length >> 1) - 1;
  for (let i = 0; i < old.length; i += 2) {
    const v = old[i]!;
    if (v === 0) continue;
    const hash = old[i + 1]!;
    let slot = hash & mask;
    while (table[slot << 1] !== 0) slot = (slot + 1) & mask;
    table[slot << 1] = v;
    table[(slot << 1) + 1] = hash;
  }
  return table;
}

/** asciiBytes is an ASCII text's bytes (a pattern to compare with the input, or to write). */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** plainByte tells whether an ASCII byte is one JSON.stringify writes as it is and no terminal escaping changes: printable, not a quote or a backslash. */
function plainByte(c: number): boolean {
  return c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c;
}

/** sameAscii tells whether `text` is the ASCII `bytes[start, end)`. */
function sameAscii(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i - start) !== bytes[i]) return false;
  return true;
}

function grow<T extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

/** sameBucket tells whether a record goes into bucket b of its stack (labelsKey: the record's labels as JSON, bLabels: b's). */
function sameBucket(b: Bucket, creator: Creator | null, record: GoroutineRecord, bLabels: string, labelsKey: string): boolean {
  return (
    b.creator === creator &&
    b.state === record.state &&
    b.leaked === record.leaked &&
    b.durable === record.durable &&
    b.elided === record.elided &&
    b.cut === record.cut &&
    bLabels === labelsKey
  );
}

function bucketKey(creatorId: number, state: string, labelsKey: string, leaked: boolean, durable: boolean, elided: boolean, cut: boolean): string {
  return `${creatorId}|${state}|${leaked ? 1 : 0}|${durable ? 1 : 0}|${elided ? 1 : 0}|${cut ? 1 : 0}|${labelsKey}`;
}

/**
 * namesFrame tells whether a file line (`\t/src/x.go:12 +0x1d`) says
 * exactly a frame's file and line, as text.ts's FILE_LINE would read them:
 * the indentation, the file, `:`, the line's digits, then only what may
 * follow them. The suffix holds no `:`, so the split is the same one
 * FILE_LINE's greedy match finds.
 */
function namesFrame(text: string, file: string, line: number): boolean {
  let i = 0;
  for (let c = text.charCodeAt(0); c === 9 || c === 32; c = text.charCodeAt(++i));
  if (i === 0 || !text.startsWith(file, i)) return false;
  i += file.length;
  if (text.charCodeAt(i++) !== 58 /* : */) return false;
  const digits = i;
  let n = 0;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
  if (i === digits || n !== line) return false;
  return validSuffix(text, i);
}

/** validSuffix tells whether what follows a file line's digits (from `i` on) is what FILE_LINE_SUFFIX allows. */
function validSuffix(text: string, i: number): boolean {
  if (i === text.length) return true;
  // The usual tail, ` +0x1b1`, checked by hand; anything else by the pattern.
  if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 43 && text.charCodeAt(i + 2) === 48 && text.charCodeAt(i + 3) === 120) {
    let j = i + 4;
    for (let c = text.charCodeAt(j); (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); c = text.charCodeAt(++j));
    if (j === text.length && j > i + 4) return true;
  }
  FILE_LINE_SUFFIX.lastIndex = i;
  return FILE_LINE_SUFFIX.test(text);
}

/**
 * packageOf derives a function's import path from its qualified name:
 * `net/http.(*persistConn).readLoop` → `net/http`, `main.main.func1` → `main`,
 * `example.com/mod/pkg.F[...]` → `example.com/mod/pkg`,
 * `gopkg.in/yaml%2ev3.(*parser).parse` → `gopkg.in/yaml.v3`. Names without a dot
 * (`panic`, `non-Go function`) have no package.
 */
export function packageOf(func: string): string {
  const slash = func.lastIndexOf('/');
  const dot = func.indexOf('.', slash + 1);
  if (dot < 0) return '';
  // The linker escapes dots in an import path's last element (`gopkg.in/yaml%2ev3`).
  const pkg = func.slice(0, dot);
  return pkg.includes('%2e') ? pkg.replaceAll('%2e', '.') : pkg;
}

/**
 * ownCopy returns a string that does not share memory with the text it was
 * cut from. A slice of a line keeps the whole 1 MB chunk it was decoded from
 * alive; concatenating and slicing again makes V8 copy just the characters.
 */
export function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/**
 * tracebackFrames keeps the frames a Go traceback (debug=2) shows of a
 * profile's stack (debug=1, debug=0): tracebacks hide the runtime's
 * unexported functions wherever they are (`runtime.main` under `main.main`,
 * `runtime.gopark` above a wait), while a profile record only drops those at
 * the top. A stack of nothing but runtime frames is kept whole, as both do.
 */
export function tracebackFrames(frames: Frame[]): Frame[] {
  return tracebackShown(frames, (f) => f.func);
}

/** tracebackShown is tracebackFrames for frames of any kind (ids, objects), `funcOf` naming each one's function. */
export function tracebackShown<T>(frames: T[], funcOf: (frame: T) => string): T[] {
  const hidden = (f: T) => {
    const func = funcOf(f);
    return func.startsWith('runtime.') && !/^runtime\.[A-Z]/.test(func);
  };
  if (!frames.some(hidden) || frames.every(hidden)) return frames;
  return frames.filter((f) => !hidden(f));
}
