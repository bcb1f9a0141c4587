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

/**
 * BucketBuilder folds goroutines into buckets as they are parsed and interns
 * every string and frame on the way, so that a dump of a million goroutines
 * in fifty shapes costs fifty stacks of memory (plus the ids).
 */
export class BucketBuilder {
  private readonly strings = new Map<string, string>();
  private readonly frames = new Map<string, Frame>();
  private readonly frameIds = new Map<Frame, number>();
  private readonly creators = new Map<string, Creator>();
  private readonly stacks = new Map<string, Frame[]>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly order: Bucket[] = [];
  total = 0;

  /** intern returns the one copy of a string this dump keeps. */
  intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const own = ownCopy(text);
    this.strings.set(own, own);
    return own;
  }

  /** frame returns the interned frame for (func, file, line). */
  frame(func: string, file: string, line: number): Frame {
    const key = `${func}\n${file}\n${line}`;
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const name = this.intern(func);
      frame = { func: name, pkg: this.intern(packageOf(name)), file: this.intern(file), line };
      this.frames.set(key, frame);
      this.frameIds.set(frame, this.frameIds.size);
    }
    return frame;
  }

  /** creator returns the interned creator for a `created by` line. */
  creator(func: string, file: string, line: number, goroutineId: number | null): Creator {
    const key = `${func}\n${file}\n${line}\n${goroutineId ?? ''}`;
    let creator = this.creators.get(key);
    if (creator === undefined) {
      const frame = this.frame(func, file, line);
      creator = { ...frame, goroutineId };
      this.creators.set(key, creator);
    }
    return creator;
  }

  /** add folds one record into its bucket. */
  add(record: GoroutineRecord): void {
    const stackKey = this.stackKey(record.frames);
    const creator = record.creator;
    // The parent goroutine id is not part of the identity: siblings made by different parents still share a stack.
    const creatorKey = creator === null ? '' : String(this.frameIds.get(this.frame(creator.func, creator.file, creator.line)));
    const labelsKey = record.labels === null ? '' : JSON.stringify(record.labels);
    const key = `${stackKey}|${creatorKey}|${record.state}|${labelsKey}|${record.leaked ? 1 : 0}|${record.elided ? 1 : 0}|${record.cut ? 1 : 0}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        frames: this.stacks.get(stackKey)!,
        creator: creator === null ? null : { ...creator, goroutineId: null },
        state: this.intern(record.state),
        labels: record.labels,
        leaked: record.leaked,
        elided: record.elided,
        count: 0,
        waitMin: null,
        waitMax: null,
        lockedToThread: 0,
        ids: record.id === null ? null : [],
        cut: record.cut,
        parentIds: null,
      };
      this.buckets.set(key, bucket);
      this.order.push(bucket);
    }
    bucket.count += record.count;
    this.total += record.count;
    if (record.waitMinutes !== null) {
      if (bucket.waitMin === null || record.waitMinutes < bucket.waitMin) bucket.waitMin = record.waitMinutes;
      if (bucket.waitMax === null || record.waitMinutes > bucket.waitMax) bucket.waitMax = record.waitMinutes;
    }
    if (record.lockedToThread) bucket.lockedToThread += record.count;
    if (record.id !== null) (bucket.ids ??= []).push(record.id);
    const parent = creator?.goroutineId ?? null;
    if (parent !== null) {
      // Siblings usually share their parent: only a change is recorded; groupDump makes the list distinct.
      const parents = (bucket.parentIds ??= []);
      if (parents[parents.length - 1] !== parent) parents.push(parent);
    }
  }

  /** result lists the buckets in the order their first goroutine appeared. */
  result(): Bucket[] {
    return this.order;
  }

  private stackKey(frames: Frame[]): string {
    let key = '';
    for (const frame of frames) key += `${this.frameIds.get(frame)},`;
    if (!this.stacks.has(key)) this.stacks.set(key, frames.slice());
    return key;
  }
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
  const hidden = (f: Frame) => f.func.startsWith('runtime.') && !/^runtime\.[A-Z]/.test(f.func);
  if (!frames.some(hidden) || frames.every(hidden)) return frames;
  return frames.filter((f) => !hidden(f));
}
