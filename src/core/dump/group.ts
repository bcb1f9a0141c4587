import { internedBuckets, type TableBucket } from './buckets';
import type { Bucket, Creator, Dump, DumpFormat, Frame, Group, GroupMode, Labels } from './model';
import { setLabel } from './text';

/**
 * groupDump merges a dump's buckets into the groups of a mode, biggest
 * first (ties keep the order of first appearance). See GroupMode.
 */
export function groupDump(dump: Dump, mode: GroupMode = 'exact'): Group[] {
  const groups: Group[] = [];
  if (mode === 'exact') {
    // The parser interns stacks and creators, so equal frames have one stackId and equal creator locations are one object:
    // merging by identity gives the groups the text keys give, without building a key per bucket.
    const byStack = new Map<unknown, Bucket[] | Map<Creator | null, Bucket[]>>();
    const lists: Bucket[][] = [];
    const shared = internedBuckets.get(dump.buckets);
    if (shared !== undefined) {
      // A bucket whose stack no other bucket has is a group by itself, in place; the others merge as below.
      const inOrder: (Group | Bucket[])[] = [];
      const parts = new SharedParts();
      // Every bucket of an interned list is a TableBucket: its stack is read as an id, never as Frame objects.
      for (const bucket of dump.buckets as readonly TableBucket[]) {
        const stack = bucket.stackId();
        if (!shared.has(stack)) {
          inOrder.push(bucketGroup(mode, bucket, parts));
          continue;
        }
        const list = stackList(byStack, stack, bucket);
        if (list.length === 0) inOrder.push(list);
        list.push(bucket);
      }
      for (const entry of inOrder) groups.push(Array.isArray(entry) ? mergeBuckets(null, mode, entry) : entry);
      return groups.sort((a, b) => b.count - a.count);
    }
    for (const bucket of dump.buckets) {
      const list = stackList(byStack, bucket.frames, bucket);
      if (list.length === 0) lists.push(list);
      list.push(bucket);
    }
    if (identityMergesLikeKeys(lists)) {
      for (const buckets of lists) groups.push(mergeBuckets(null, mode, buckets));
      return groups.sort((a, b) => b.count - a.count);
    }
  }
  const merging = new Map<string, Bucket[]>();
  for (const bucket of dump.buckets) {
    const key = groupKey(bucket.frames, bucket.creator, mode, bucket.state);
    const list = merging.get(key);
    if (list) list.push(bucket);
    else merging.set(key, [bucket]);
  }
  for (const [key, buckets] of merging) groups.push(mergeBuckets(key, mode, buckets));
  return groups.sort((a, b) => b.count - a.count);
}

/** stackList returns the list of buckets with this bucket's stack (its frames array or stackId) and creator (by identity), empty when it is the first. */
function stackList(byStack: Map<unknown, Bucket[] | Map<Creator | null, Bucket[]>>, stack: unknown, bucket: Bucket): Bucket[] {
  const creator = bucket.creator;
  const known = byStack.get(stack);
  let list: Bucket[] | undefined;
  if (known === undefined) byStack.set(stack, (list = []));
  else if (Array.isArray(known)) {
    if (known[0]!.creator === creator) list = known;
    else
      byStack.set(
        stack,
        new Map([
          [known[0]!.creator, known],
          [creator, (list = [])],
        ]),
      );
  } else {
    list = known.get(creator);
    if (list === undefined) known.set(creator, (list = []));
  }
  return list;
}

/**
 * identityMergesLikeKeys checks that no two identity groups have equal
 * frames and creator locations (a dump built by hand, not by the parser, may
 * hold equal stacks as separate arrays). Cheap: groups are sorted by a sketch
 * (length, first and last frame, creator) and full keys are built only for
 * groups whose sketches tie.
 */
function identityMergesLikeKeys(lists: Bucket[][]): boolean {
  const bySketch = new Map<string, Bucket[] | Bucket[][]>();
  let ties = false;
  for (const list of lists) {
    const { frames, creator } = list[0]!;
    const first = frames[0];
    const last = frames[frames.length - 1];
    const sketch = `${frames.length}|${first?.func}|${first?.file}|${first?.line}|${last?.func}|${last?.file}|${last?.line}|${creator?.func}|${creator?.file}|${creator?.line}`;
    const other = bySketch.get(sketch);
    if (other === undefined) bySketch.set(sketch, list);
    else {
      ties = true;
      if (Array.isArray(other[0])) (other as Bucket[][]).push(list);
      else bySketch.set(sketch, [other as Bucket[], list]);
    }
  }
  if (!ties) return true;
  for (const tied of bySketch.values()) {
    if (!Array.isArray(tied[0])) continue;
    const keys = new Set<string>();
    for (const list of tied as Bucket[][]) {
      const key = groupKey(list[0]!.frames, list[0]!.creator, 'exact', '');
      if (keys.has(key)) return false;
      keys.add(key);
    }
  }
  return true;
}

/**
 * printsCreators tells the formats whose goroutines carry `created by`
 * (debug=2, tracebacks) from those that do not (debug=1, debug=0): groups of
 * the latter are matched by stack alone (Group.stackKey).
 */
export function printsCreators(format: DumpFormat): boolean {
  return format === 'debug2' || format === 'traceback';
}

/** groupKey is a group's identity: the frames (with or without lines), the creator's location, and in `state` mode the state. */
export function groupKey(frames: readonly Frame[], creator: Creator | null, mode: GroupMode, state: string): string {
  const withLines = mode !== 'function';
  let key = mode === 'state' ? `[${state}]` : '';
  for (const f of frames) key += withLines ? `${f.func} ${f.file}:${f.line}\n` : `${f.func}\n`;
  if (creator !== null) key += withLines ? `created by ${creator.func} ${creator.file}:${creator.line}` : `created by ${creator.func}`;
  return key;
}

/**
 * mergeBuckets makes one group of buckets with equal keys. The keys are
 * long (every frame's text) and only comparisons and watching read them,
 * so unless merging needed one they are made when first read.
 */
function mergeBuckets(mergeKey: string | null, mode: GroupMode, buckets: Bucket[]): Group {
  let count = 0;
  let leaked = 0;
  let durable = 0;
  let lockedToThread = 0;
  let elided = false;
  let min: number | null = null;
  let max: number | null = null;
  const states: Record<string, number> = {};
  let biggest = buckets[0]!;
  let ids: number[] | null = null;
  let cut = 0;
  let parents: Set<number> | null = null;
  let bubbles: Set<number> | null = null;
  for (const b of buckets) {
    if (b.cut) cut += b.count;
    if (b.parentIds !== null) for (const id of b.parentIds) (parents ??= new Set()).add(id);
    if (b.bubbles !== null) for (const id of b.bubbles) (bubbles ??= new Set()).add(id);
    count += b.count;
    if (b.leaked) leaked += b.count;
    if (b.durable) durable += b.count;
    lockedToThread += b.lockedToThread;
    elided ||= b.elided;
    states[b.state] = (states[b.state] ?? 0) + b.count;
    if (b.waitMin !== null && (min === null || b.waitMin < min)) min = b.waitMin;
    if (b.waitMax !== null && (max === null || b.waitMax > max)) max = b.waitMax;
    if (b.count > biggest.count) biggest = b;
    if (b.ids !== null) ids = ids === null ? b.ids : ids.concat(b.ids);
  }
  if (ids !== null && buckets.length > 1) ids.sort((a, b) => a - b);
  let state = biggest.state;
  for (const [s, n] of Object.entries(states)) if (n > states[state]!) state = s;
  return new MergedGroup(mergeKey, mode, buckets[0]!, biggest, {
    creator: biggest.creator,
    count,
    state,
    states,
    waitMinutes: min === null || max === null ? null : { min, max },
    labels: mergeLabels(buckets.map((b) => b.labels)),
    leaked,
    durable,
    lockedToThread,
    elided,
    ids,
    cut,
    parentIds: parents === null ? null : [...parents].sort((a, b) => a - b),
    bubbles: bubbles === null ? null : [...bubbles].sort((a, b) => a - b),
  });
}

/**
 * KeyedGroup holds what a group's keys are made of, its mode and first
 * bucket, and makes them when first read: they are long (every frame's text)
 * and only comparisons and watching read them.
 */
abstract class KeyedGroup {
  #key: string | null;
  #stackKey: string | null = null;
  readonly #mode: GroupMode;
  readonly #first: Bucket;

  constructor(key: string | null, mode: GroupMode, first: Bucket) {
    this.#key = key;
    this.#mode = mode;
    this.#first = first;
  }

  /** framesBucket is the bucket whose frames the group shows. */
  abstract framesBucket(): Bucket;

  get key(): string {
    return (this.#key ??= groupKey(this.#first.frames, this.#first.creator, this.#mode, this.#first.state));
  }

  get stackKey(): string {
    return (this.#stackKey ??= groupKey(this.#first.frames, null, this.#mode, this.#first.state));
  }
}

/**
 * bucketGroup is mergeBuckets(null, mode, [bucket]), for the bucket alone with
 * its stack, without the merging: most buckets of a dump whose stacks all
 * differ. Its `states` and `waitMinutes`, read-only, are shared with other
 * groups that have the same.
 */
function bucketGroup(mode: GroupMode, b: Bucket, parts: SharedParts): Group {
  return new BucketGroup(mode, b, parts.states(b.state, b.count), b.waitMin === null || b.waitMax === null ? null : parts.wait(b.waitMin, b.waitMax));
}

/**
 * BucketGroup is the group of one bucket alone with its stack: what it says
 * is read from the bucket (not changed after parsing), so that it costs a
 * third of a MergedGroup, times 200 000 when every stack differs.
 */
class BucketGroup extends KeyedGroup implements Group {
  readonly #bucket: Bucket;
  #labels: Labels | null | undefined = undefined;
  #parentIds: readonly number[] | null | undefined = undefined;
  #bubbles: readonly number[] | null | undefined = undefined;

  constructor(
    mode: GroupMode,
    bucket: Bucket,
    readonly states: Readonly<Record<string, number>>,
    readonly waitMinutes: { readonly min: number; readonly max: number } | null,
  ) {
    super(null, mode, bucket);
    this.#bucket = bucket;
  }

  get frames(): readonly Frame[] {
    return this.#bucket.frames;
  }

  framesBucket(): Bucket {
    return this.#bucket;
  }

  get creator(): Creator | null {
    return this.#bucket.creator;
  }

  get count(): number {
    return this.#bucket.count;
  }

  get state(): string {
    return this.#bucket.state;
  }

  get labels(): Labels | null {
    const labels = this.#bucket.labels;
    return labels === null ? null : (this.#labels ??= mergeLabels([labels]));
  }

  get leaked(): number {
    return this.#bucket.leaked ? this.#bucket.count : 0;
  }

  get durable(): number {
    return this.#bucket.durable ? this.#bucket.count : 0;
  }

  get lockedToThread(): number {
    return this.#bucket.lockedToThread;
  }

  get elided(): boolean {
    return this.#bucket.elided;
  }

  get ids(): readonly number[] | null {
    return this.#bucket.ids;
  }

  get cut(): number {
    return this.#bucket.cut ? this.#bucket.count : 0;
  }

  get parentIds(): readonly number[] | null {
    return (this.#parentIds ??= distinctSorted(this.#bucket.parentIds));
  }

  get bubbles(): readonly number[] | null {
    return (this.#bubbles ??= distinctSorted(this.#bucket.bubbles));
  }
}

/** distinctSorted is a bucket's list of ids as a group gives it: the list itself when it holds one id, else a sorted copy without repeats. */
function distinctSorted(list: readonly number[] | null): readonly number[] | null {
  if (list === null || list.length === 1) return list;
  return [...new Set(list)].sort((x, y) => x - y);
}

/** SHARED_PARTS bounds how many distinct `states` and `waitMinutes` objects SharedParts keeps to hand out again. */
const SHARED_PARTS = 4096;

/** SharedParts hands out one read-only `states` object per (state, count) and one `waitMinutes` per (min, max), up to SHARED_PARTS of each. */
class SharedParts {
  private readonly byState = new Map<string, Readonly<Record<string, number>>>();
  private readonly byWait = new Map<string, { readonly min: number; readonly max: number }>();

  states(state: string, count: number): Readonly<Record<string, number>> {
    const key = `${count} ${state}`;
    let states = this.byState.get(key);
    if (states === undefined) {
      // As mergeBuckets makes it (an assignment), so that both give the same object.
      const made: Record<string, number> = {};
      made[state] = count;
      states = made;
      if (this.byState.size < SHARED_PARTS) this.byState.set(key, states);
    }
    return states;
  }

  wait(min: number, max: number): { readonly min: number; readonly max: number } {
    const key = `${min} ${max}`;
    let wait = this.byWait.get(key);
    if (wait === undefined) {
      wait = { min, max };
      if (this.byWait.size < SHARED_PARTS) this.byWait.set(key, wait);
    }
    return wait;
  }
}

type GroupFields = Omit<Group, 'key' | 'stackKey' | 'frames'>;

/**
 * MergedGroup is a Group whose keys are made when first read, and whose
 * frames are its biggest bucket's, read from it when asked for. A class, not an
 * object literal with getters: those give every object its own hidden class
 * (about 1 KB each), which 200 000 distinct stacks cannot afford.
 */
class MergedGroup extends KeyedGroup implements Group {
  readonly #biggest: Bucket;
  readonly creator: GroupFields['creator'];
  readonly count: number;
  readonly state: string;
  readonly states: GroupFields['states'];
  readonly waitMinutes: GroupFields['waitMinutes'];
  readonly labels: GroupFields['labels'];
  readonly leaked: number;
  readonly durable: number;
  readonly lockedToThread: number;
  readonly elided: boolean;
  readonly ids: GroupFields['ids'];
  readonly cut: number;
  readonly parentIds: GroupFields['parentIds'];
  readonly bubbles: GroupFields['bubbles'];
  constructor(key: string | null, mode: GroupMode, first: Bucket, biggest: Bucket, fields: GroupFields) {
    super(key, mode, first);
    this.#biggest = biggest;
    this.creator = fields.creator;
    this.count = fields.count;
    this.state = fields.state;
    this.states = fields.states;
    this.waitMinutes = fields.waitMinutes;
    this.labels = fields.labels;
    this.leaked = fields.leaked;
    this.durable = fields.durable;
    this.lockedToThread = fields.lockedToThread;
    this.elided = fields.elided;
    this.ids = fields.ids;
    this.cut = fields.cut;
    this.parentIds = fields.parentIds;
    this.bubbles = fields.bubbles;
  }

  get frames(): readonly Frame[] {
    return this.#biggest.frames;
  }

  framesBucket(): Bucket {
    return this.#biggest;
  }
}

/** framesBucket is the bucket whose frames a group shows, for a group groupDump made (null for one made otherwise). */
export function framesBucket(g: Group): Bucket | null {
  return g instanceof KeyedGroup ? g.framesBucket() : null;
}

/** mergeLabels keeps the labels a group's goroutines carry; a key whose values differ lists them all, `|`-separated. */
function mergeLabels(sets: (Labels | null)[]): Labels | null {
  if (sets.every((labels) => labels === null)) return null;
  const values = new Map<string, Set<string>>();
  for (const labels of sets) {
    if (labels === null) continue;
    for (const [k, v] of Object.entries(labels)) {
      let set = values.get(k);
      if (!set) values.set(k, (set = new Set()));
      set.add(v);
    }
  }
  if (values.size === 0) return null;
  const merged: Record<string, string> = {};
  for (const [k, set] of [...values].sort(([a], [b]) => a.localeCompare(b))) setLabel(merged, k, [...set].join(' | '));
  return merged;
}

/**
 * PLUMBING_PACKAGES and PLUMBING_FUNCS are skipped when choosing the frame
 * that names a group: `runtime.gopark`, `internal/poll.(*FD).Read`,
 * `bufio.(*Reader).fill`, `net/http.(*persistConn).Read` say how a goroutine
 * waits, not who is waiting (`(*persistConn).readLoop`, `(*conn).serve`).
 */
const PLUMBING_PACKAGES = new Set(['runtime', 'sync', 'syscall', 'net', 'bufio', 'io', 'os', 'time', 'context', 'net/textproto', 'crypto/tls']);
const PLUMBING_FUNCS = new Set(['net/http.(*connReader).Read', 'net/http.(*persistConn).Read', 'net/http.readRequest', 'net/http.(*conn).readRequest']);

function isPlumbing(f: Frame): boolean {
  return PLUMBING_PACKAGES.has(f.pkg) || f.pkg.startsWith('internal/') || f.pkg.startsWith('runtime/internal') || PLUMBING_FUNCS.has(f.func) || f.func === '?';
}

/** frameOfInterest is the first frame outside the runtime's and the standard library's waiting machinery: the one a group is named by. */
export function frameOfInterest(frames: readonly Frame[]): Frame | null {
  for (const f of frames) if (!isPlumbing(f)) return f;
  return frames[0] ?? null;
}
