import type { Bucket, Creator, Frame, Labels } from './model';

/** GoroutineRecord is one goroutine (or one debug=1/debug=0 record) as a parser hands it over. */
export interface GoroutineRecord {
  /** The goroutine's id, or null for formats that give counts only. */
  id: number | null;
  /** How many goroutines the record stands for (1 for debug=2 and tracebacks). */
  count: number;
  frames: Frame[];
  creator: Creator | null;
  state: string;
  waitMinutes: number | null;
  lockedToThread: boolean;
  leaked: boolean;
  elided: boolean;
  labels: Labels | null;
  /** True when the end of the input cut this goroutine (or record). */
  cut: boolean;
}

/** NameBytes is what frame() decodes a new function name from: a Node Buffer (see LineSplitter.lineBytes). */
export interface NameBytes {
  toString(encoding: 'latin1', start: number, end: number): string;
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
 * Stack is one distinct stack and the buckets that share it (they differ in
 * creator, state, labels or flags). A stack of one bucket is that bucket
 * alone in BucketBuilder.stacks (most of them, when every stack differs);
 * the second bucket makes it a Stack.
 */
class Stack {
  /** The buckets by their full key, once there are more than MAX_SCAN. */
  index: Map<string, Bucket> | null = null;
  constructor(
    readonly frames: readonly Frame[],
    readonly buckets: Bucket[],
    /** Each bucket's labels as JSON ('' for none), in step with buckets. */
    readonly labelKeys: string[],
  ) {}
}

/**
 * internedBuckets holds the bucket lists a BucketBuilder made: in them, equal
 * stacks are one array and equal creator locations one Creator, so grouping
 * may merge by identity. Each maps to the stacks more than one bucket shares:
 * a bucket whose stack is not among them is a group of its own.
 */
export const internedBuckets = new WeakMap<readonly Bucket[], ReadonlySet<readonly Frame[]>>();

/**
 * BucketBuilder folds goroutines into buckets as they are parsed and interns
 * every string and frame on the way, so that a dump of a million goroutines
 * in fifty shapes costs fifty stacks of memory (plus the ids).
 *
 * Interning costs little per distinct frame, because the worst case (every
 * goroutine's stack differs, every function name distinct) has millions of
 * them: a frame is its Frame object, its function name (one string, decoded
 * from the dump's bytes when they are ASCII), its slot in `frameList` (its id
 * is its index there) and 8 to 16 bytes of hash table (`table`, a typed
 * array, where a Map would take 50-100 bytes per entry). No key strings are built per frame or per stack: stacks are found
 * by a hash of their frame ids, then compared frame by frame.
 */
export class BucketBuilder {
  private readonly strings = new Map<string, string>();
  private readonly frameList: Frame[] = [];
  /**
   * table is an open-addressing table of pairs (frame id + 1, 0 when empty;
   * the frame's hash: frameHash of its function, file and line), placed by that hash: a probe reads the hash
   * beside the id and touches a Frame only when the hashes agree. It starts
   * small, as does next: a text may hold thousands of dumps, each with a
   * builder of its own.
   */
  private table = new Int32Array(2 << 6);
  /** recent lists the ids of the frames handed out since the last add(), which then finds them without hashing. */
  private readonly recent: number[] = [];
  /** next holds, by frame id, 1 + the id of the frame that followed it last time (0: none yet); firstNext, the last stack's first frame. */
  private next = new Int32Array(1 << 6);
  private firstNext = -1;
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
  private missTable: Int32Array | null = null;
  /** bucketCreators is the one Creator without a parent id per creator frame id: buckets share it. */
  private readonly bucketCreators = new Map<number, Creator>();
  /** stacks maps a hash of a stack's frame ids to the stack, or the stacks, with that hash (a bucket: the stack of that bucket alone). */
  private readonly stacks = new Map<number, Bucket | Stack | (Bucket | Stack)[]>();
  private readonly order: Bucket[] = [];
  /** The stacks of more than one bucket. */
  private readonly shared = new Set<readonly Frame[]>();
  total = 0;

  /** intern returns the one copy of a string this dump keeps. */
  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const own = ownCopy(text);
    this.strings.set(own, own);
    return own;
  }

  /**
   * frame returns the interned frame for (func, file, line). `bytes` and `at`,
   * when given, say where the function's name starts in bytes that spell it
   * in ASCII (the line it was read from): a new name is then decoded from
   * there, one exact-size string, rather than copied out of its line.
   */
  frame(func: string, file: string, line: number, bytes: NameBytes | null = null, at = 0): Frame {
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
        const known = this.frameList[v - 1]!;
        if (known.func === func && known.line === line && known.file === file) {
          this.follow(this.recent.length > 0 ? this.recent[this.recent.length - 1]! : -1, v - 1);
          return known;
        }
      }
    }
    this.missFunc = null;
    const name = bytes === null ? ownCopy(func) : decodedCopy(func, bytes, at);
    const frame: Frame = { func: name, pkg: this.packageOf(name), file: this.file(file), line };
    const id = this.frameList.push(frame) - 1;
    if (id >= this.next.length) this.next = grow(this.next);
    table[slot << 1] = id + 1;
    table[(slot << 1) + 1] = hash;
    // Grown at three quarters full: the ids and hashes of a probe run sit side by side, so a long run costs little.
    if (this.frameList.length * 4 > (mask + 1) * 3) this.growTable();
    this.follow(this.recent.length > 0 ? this.recent[this.recent.length - 1]! : -1, id);
    return frame;
  }

  /**
   * lineOf holds, for frames seen more than once, the exact file line that
   * named them: compared whole, the next time, as one string. Frames seen once
   * (all of them, when every stack differs) keep none.
   */
  private readonly lineOf = new Map<number, string>();

  private names(fileLine: string, id: number, frame: Frame): boolean {
    const seen = this.lineOf.get(id);
    if (seen === fileLine) return true;
    if (!namesFrame(fileLine, frame)) return false;
    if (seen === undefined) this.lineOf.set(id, ownCopy(fileLine));
    return true;
  }

  /** follow notes that frame id came after frame previous (-1: first of its stack) and hands it out. */
  private follow(previous: number, id: number): void {
    if (previous < 0) this.firstNext = id;
    else this.next[previous] = id + 1;
    this.recent.push(id);
  }

  private growTable(): void {
    const old = this.table;
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
    this.table = table;
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

  // A stack's new frames mostly share the previous one's file and package: checked before the string table.
  private lastFile = '';
  private lastPkg = '';

  private file(file: string): string {
    if (file !== this.lastFile) this.lastFile = this.intern(file);
    return this.lastFile;
  }

  private packageOf(func: string): string {
    const last = this.lastPkg;
    // The same package: `last.` starts the name and no `/` follows (a `/` would make the package longer).
    if (last !== '' && func.startsWith(last) && func.charCodeAt(last.length) === 46 && func.indexOf('/', last.length) < 0) return last;
    const pkg = this.intern(packageOf(func));
    // Only a package whose last element holds no dot (none was unescaped from `%2e`) is what packageOf finds again.
    this.lastPkg = pkg.includes('.', pkg.lastIndexOf('/') + 1) ? '' : pkg;
    return pkg;
  }

  /**
   * knownFrame returns the frame of `func` that a traceback's file line
   * (`\t/usr/lib/go/src/net/http/transport.go:2040 +0x1b1`) names, when that
   * frame was seen before; undefined when it was not (the caller parses the
   * line). Checked in place, so the hot path of a dump whose stacks repeat
   * builds no strings.
   */
  knownFrame(func: string, fileLine: string): Frame | undefined {
    // Stacks repeat: the frame that followed the previous one last time is tried first, without hashing.
    const recent = this.recent;
    const previous = recent.length > 0 ? recent[recent.length - 1]! : -1;
    const guess = previous < 0 ? this.firstNext : this.next[previous]! - 1;
    if (guess >= 0) {
      const known = this.frameList[guess]!;
      if (known.func === func && this.names(fileLine, guess, known)) {
        recent.push(guess);
        return known;
      }
    }
    // The file is what follows the indentation up to the last `:` (what may follow the line's digits holds none).
    let start = 0;
    for (let c = fileLine.charCodeAt(0); c === 9 || c === 32; c = fileLine.charCodeAt(++start));
    const colon = fileLine.lastIndexOf(':');
    if (start === 0 || colon <= start) return undefined;
    let line = 0;
    let end = colon + 1;
    for (let c = fileLine.charCodeAt(end); c >= 48 && c <= 57; c = fileLine.charCodeAt(++end)) line = line * 10 + (c - 48);
    // Nine digits at most: a longer number is left to the pattern (and Number()).
    if (end === colon + 1 || end - colon > 10) return undefined;
    const hash = frameHash(this.hash(func), fileLine, start, colon, line);
    if (hash === BREAKS_LINE) return undefined;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (let v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!) {
      if (table[(slot << 1) + 1] !== hash) continue;
      const known = this.frameList[v - 1]!;
      if (known.func === func && this.names(fileLine, v - 1, known)) {
        this.follow(previous, v - 1);
        return known;
      }
    }
    // No frame is (func, file, line), where names() would have said so for a well-formed file line: remember where it goes.
    FILE_LINE_SUFFIX.lastIndex = end;
    if (FILE_LINE_SUFFIX.test(fileLine)) {
      this.missFunc = func;
      this.missText = fileLine;
      this.missStart = start;
      this.missEnd = colon;
      this.missLine = line;
      this.missAt = slot;
      this.missTable = table;
    }
    return undefined;
  }

  /**
   * missedFrame makes the frame of `func` that a file line names, when
   * knownFrame was just asked for exactly that (function, line) and found
   * none: it read the file and line in place then, so neither the pattern nor
   * a probe runs again. Undefined otherwise (the caller parses the line).
   */
  missedFrame(func: string, fileLine: string, bytes: NameBytes | null = null, at = 0): Frame | undefined {
    if (func !== this.missFunc || fileLine !== this.missText || this.table !== this.missTable) return undefined;
    const start = this.missStart;
    const end = this.missEnd;
    const last = this.lastFile;
    const file = last.length === end - start && fileLine.startsWith(last, start) ? last : fileLine.slice(start, end);
    return this.frame(func, file, this.missLine, bytes, at);
  }

  /**
   * creator returns the creator of a `created by` line, its frame interned.
   * The Creator itself is not kept: add() gives buckets one shared Creator
   * per location (bucketCreator), so it is made fresh, as a literal (a spread
   * would give each one its own hidden class).
   */
  creator(func: string, file: string, line: number, goroutineId: number | null, bytes: NameBytes | null = null, at = 0): Creator {
    const frame = this.frame(func, file, line, bytes, at);
    // frame() just handed out this frame: its id is the last of recent.
    const id = this.recent[this.recent.length - 1]!;
    const creator: Creator = { func: frame.func, pkg: frame.pkg, file: frame.file, line: frame.line, goroutineId };
    this.lastCreator = creator;
    this.lastCreatorId = id;
    return creator;
  }

  /** The creator creator() returned last and its frame's id: add() usually folds it next. */
  private lastCreator: Creator | null = null;
  private lastCreatorId = -1;

  /** add folds one record into its bucket. */
  add(record: GoroutineRecord): void {
    const frames = record.frames;
    let hash = frames.length;
    // The frames were handed out in order since the last add (with a creator's in between): find their ids there.
    const recent = this.recent;
    let r = 0;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      while (r < recent.length && this.frameList[recent[r]!] !== frame) r++;
      const id = r < recent.length ? recent[r++]! : this.frameId(frame);
      hash = Math.imul(hash ^ id, 0x9e3779b1) ^ (hash >>> 15);
    }

    const found = this.findStack(hash, frames);
    const creator = record.creator;
    // The parent goroutine id is not part of the identity: siblings made by different parents still share a stack.
    const creatorId =
      creator === null ? -1 : creator === this.lastCreator ? this.lastCreatorId : this.frameId(this.frame(creator.func, creator.file, creator.line));
    const bucketCreator = creatorId < 0 ? null : this.bucketCreator(creatorId);
    const labelsKey = record.labels === null ? '' : JSON.stringify(record.labels);
    let bucket: Bucket | undefined;
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
        stack = new Stack(only.frames, [only], [onlyLabels ?? JSON.stringify(only.labels)]);
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
      key = bucketKey(creatorId, record.state, labelsKey, record.leaked, record.elided, record.cut);
      bucket = stack.index.get(key);
    }
    if (bucket === undefined) {
      bucket = {
        frames: stack === undefined ? frames.slice() : stack.frames,
        creator: bucketCreator,
        state: this.intern(record.state),
        labels: record.labels,
        leaked: record.leaked,
        elided: record.elided,
        count: 0,
        waitMin: null,
        waitMax: null,
        lockedToThread: 0,
        // Sized to its first id: most buckets of a dump whose stacks all differ hold one goroutine.
        ids: record.id === null ? null : [record.id],
        cut: record.cut,
        parentIds: null,
      };
      fresh = true;
      if (stack === undefined) this.addStack(hash, bucket);
      else {
        this.shared.add(stack.frames);
        if (stack.index !== null) stack.index.set(key!, bucket);
        else {
          stack.buckets.push(bucket);
          stack.labelKeys.push(labelsKey);
          if (stack.buckets.length > MAX_SCAN) {
            // Many buckets of one stack (labels, states): index them, so that telling them apart stays linear.
            stack.index = new Map();
            for (let i = 0; i < stack.buckets.length; i++) {
              const b = stack.buckets[i]!;
              const id = b.creator === null ? -1 : this.frameId(b.creator);
              stack.index.set(bucketKey(id, b.state, stack.labelKeys[i]!, b.leaked, b.elided, b.cut), b);
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
      const parents = (bucket.parentIds ??= []);
      if (parents[parents.length - 1] !== parent) parents.push(parent);
    }
    recent.length = 0;
  }

  /** result lists the buckets in the order their first goroutine appeared. */
  result(): Bucket[] {
    internedBuckets.set(this.order, this.shared);
    return this.order;
  }

  /** frameId is a frame's index in frameList; a frame made elsewhere is interned first. */
  private frameId(frame: Frame): number {
    const hash = frameHash(this.hash(frame.func), frame.file, 0, frame.file.length, frame.line);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = hash & mask, v = table[slot << 1]!; v !== 0; slot = (slot + 1) & mask, v = table[slot << 1]!)
      if (this.frameList[v - 1] === frame) return v - 1;
    const own = this.frame(frame.func, frame.file, frame.line);
    return this.frameId(own);
  }

  private bucketCreator(id: number): Creator {
    let shared = this.bucketCreators.get(id);
    if (shared === undefined) {
      const frame = this.frameList[id]!;
      shared = { func: frame.func, pkg: frame.pkg, file: frame.file, line: frame.line, goroutineId: null };
      this.bucketCreators.set(id, shared);
    }
    return shared;
  }

  /** findStack returns the Stack with these frames, if one was seen. */
  private findStack(hash: number, frames: Frame[]): Bucket | Stack | undefined {
    const found = this.stacks.get(hash);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return sameFrames(found.frames, frames) ? found : undefined;
    for (const s of found) if (sameFrames(s.frames, frames)) return s;
    return undefined;
  }

  private addStack(hash: number, stack: Bucket | Stack): void {
    const found = this.stacks.get(hash);
    if (found === undefined) this.stacks.set(hash, stack);
    else if (Array.isArray(found)) found.push(stack);
    else this.stacks.set(hash, [found, stack]);
  }

  private replaceStack(hash: number, old: Bucket, stack: Stack): void {
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

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** sameBucket tells whether a record goes into bucket b of its stack (labelsKey: the record's labels as JSON, bLabels: b's). */
function sameBucket(b: Bucket, creator: Creator | null, record: GoroutineRecord, bLabels: string, labelsKey: string): boolean {
  return (
    b.creator === creator &&
    b.state === record.state &&
    b.leaked === record.leaked &&
    b.elided === record.elided &&
    b.cut === record.cut &&
    bLabels === labelsKey
  );
}

function bucketKey(creatorId: number, state: string, labelsKey: string, leaked: boolean, elided: boolean, cut: boolean): string {
  return `${creatorId}|${state}|${leaked ? 1 : 0}|${elided ? 1 : 0}|${cut ? 1 : 0}|${labelsKey}`;
}

function sameFrames(a: readonly Frame[], b: readonly Frame[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * namesFrame tells whether a file line (`\t/src/x.go:12 +0x1d`) says
 * exactly the frame's file and line, as text.ts's FILE_LINE would read them:
 * the indentation, the file, `:`, the line's digits, then only what may
 * follow them. The suffix holds no `:`, so the split is the same one
 * FILE_LINE's greedy match finds.
 */
function namesFrame(text: string, frame: Frame): boolean {
  let i = 0;
  for (let c = text.charCodeAt(0); c === 9 || c === 32; c = text.charCodeAt(++i));
  if (i === 0 || !text.startsWith(frame.file, i)) return false;
  i += frame.file.length;
  if (text.charCodeAt(i++) !== 58 /* : */) return false;
  const digits = i;
  let n = 0;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
  if (i === digits || n !== frame.line) return false;
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
 * decodedCopy returns `text`, which `bytes` spell from `at` on in ASCII, as
 * a string of its own decoded from them: exactly its characters, without the
 * extra string ownCopy leaves. Checked, so bytes that do not say the text
 * only cost the check.
 */
function decodedCopy(text: string, bytes: NameBytes, at: number): string {
  const copy = bytes.toString('latin1', at, at + text.length);
  return copy === text ? copy : ownCopy(text);
}

/**
 * tracebackFrames keeps the frames a Go traceback (debug=2) shows of a
 * profile's stack (debug=1, debug=0): tracebacks hide the runtime's
 * unexported functions wherever they are (`runtime.main` under `main.main`,
 * `runtime.gopark` above a wait), while a profile record only drops those at
 * the top. A stack of nothing but runtime frames is kept whole, as both do.
 */
export function tracebackFrames(frames: Frame[]): Frame[] {
  const hidden = (f: Frame) => f.func.startsWith('runtime.') && !/^runtime\.[A-Z]/.test(f.func);
  if (!frames.some(hidden) || frames.every(hidden)) return frames;
  return frames.filter((f) => !hidden(f));
}
