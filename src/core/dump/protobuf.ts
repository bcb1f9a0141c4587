import { LensError } from '../errors';
import type { BucketBuilder } from './buckets';
import type { Labels } from './model';
import { UNKNOWN_STATE, setLabel } from './text';

/** ProtobufParseResult is what a debug=0 profile says besides its buckets. */
export interface ProtobufParseResult {
  leakProfile: boolean;
}

/**
 * Limits of a goroutine profile, far above what Go writes (one sample per
 * distinct stack; locations and functions of one binary) and low enough
 * that hostile input cannot make the decoder hold gigabytes: a record costs
 * a few dozen bytes here, a string is decoded only when a function or a
 * label names it, and decoded once.
 */
export const PROFILE_LIMITS = {
  /** Samples, locations and functions, each. */
  records: 1 << 21,
  /** One string of the string table (a function or file name, a label). */
  stringBytes: 1 << 20,
  /** One goroutine count, and the total: more goroutines than any process holds is damage, not a dump. */
  goroutines: 1_000_000_000,
  /** Frames (location ids) of one sample; Go records at most a few hundred. */
  stackDepth: 1 << 16,
} as const;

/**
 * parseProfileProto decodes a (gunzipped) pprof goroutine profile, the
 * debug=0 form, into buckets. Each sample is one stack with its count and
 * labels. Frames follow debug=1's reading of the same records (pprof's
 * printStackRecord): `runtime.goexit` and the runtime frames at the top of a
 * stack are hidden, unless every frame is a runtime frame. A location with
 * several lines holds inlined calls, innermost first.
 *
 * The decoder is this file's own, not pprof-format's: that one keeps every
 * string of the table twice plus a map entry (a 2 GB string table took
 * 6.4 GB), reads a negative int64 as 2^64 minus it, and cuts a length that
 * runs past the end without a word. This one walks the bytes in place,
 * checks every length, wire type and count against PROFILE_LIMITS, decodes
 * only the strings it uses, and says where the damage is.
 */
export function parseProfileProto(bytes: Uint8Array, builder: BucketBuilder): ProtobufParseResult {
  const p = scanProfile(bytes);
  const strings = new Map<number, string>();
  const decoder = new TextDecoder('utf-8');
  const str = (index: number): string => {
    let s = strings.get(index);
    if (s === undefined) {
      s = index >= 0 && index < p.stringStarts.length ? decoder.decode(bytes.subarray(p.stringStarts[index], p.stringEnds[index])) : '';
      strings.set(index, s);
    }
    return s;
  };
  const sampleTypes = p.sampleTypes.map(str);
  const countIndex = sampleTypes.findIndex((t) => t === 'goroutine' || t === 'goroutineleak');
  if (countIndex < 0) {
    const seen = sampleTypes.length > 0 ? sampleTypes.join(', ') : 'no sample types';
    throw new LensError('not-a-dump', `expected a goroutine profile (sample type goroutine/count), but this pprof profile holds ${seen}`);
  }
  const leakProfile = sampleTypes[countIndex] === 'goroutineleak';

  const functions = new Map<number, { name: string; file: string }>();
  for (let i = 0; i < p.functions.length; i += 2) {
    const fn = readFunction(new Cursor(bytes, p.functions[i]!, p.functions[i + 1]!, 'a function'));
    functions.set(fn.id, { name: str(fn.name), file: str(fn.file) });
  }
  const locations = new Map<number, number[]>();
  for (let i = 0; i < p.locations.length; i += 2) {
    const loc = readLocation(new Cursor(bytes, p.locations[i]!, p.locations[i + 1]!, 'a location'));
    const frames = loc.lines.map(({ functionId, line }) => {
      const fn = functions.get(functionId);
      return builder.frame(fn?.name || '?', fn?.file || '?', line);
    });
    if (frames.length === 0) frames.push(builder.frame('?', '?', 0));
    locations.set(loc.id, frames);
  }

  let total = 0;
  for (let i = 0; i < p.samples.length; i += 2) {
    const sample = readSample(new Cursor(bytes, p.samples[i]!, p.samples[i + 1]!, `sample ${i / 2 + 1}`));
    const count = sample.values[countIndex] ?? 0;
    if (!(count >= 0 && count <= PROFILE_LIMITS.goroutines)) {
      throw invalid(
        `expected every sample's goroutine count to be between 0 and ${PROFILE_LIMITS.goroutines.toLocaleString('en-US')}, but sample ${i / 2 + 1} has ${String(count)}`,
      );
    }
    total += count;
    if (total > PROFILE_LIMITS.goroutines) {
      throw invalid(
        `expected at most ${PROFILE_LIMITS.goroutines.toLocaleString('en-US')} goroutines in all, but the samples' counts add up to more by sample ${i / 2 + 1}`,
      );
    }
    if (count === 0) continue;
    const all: number[] = [];
    for (const id of sample.locationIds) {
      const frames = locations.get(id);
      if (frames === undefined) {
        throw new LensError('invalid-profile', `expected every sample's locations to be defined, but location ${String(id)} is missing`);
      }
      all.push(...frames);
    }
    let labels: Record<string, string> | null = null;
    for (const label of sample.labels) {
      const key = str(label.key);
      if (key === '') continue;
      // setLabel, so that a label named `__proto__` is kept as a label.
      setLabel((labels ??= {}), key, label.str !== 0 ? str(label.str) : String(label.num));
    }
    builder.add({
      id: null,
      count,
      frames: hideRuntimeFrames(all, builder),
      creator: null,
      state: UNKNOWN_STATE,
      waitMinutes: null,
      lockedToThread: false,
      leaked: leakProfile,
      durable: false,
      bubble: null,
      elided: false,
      labels: labels as Labels | null,
      cut: false,
    });
  }
  return { leakProfile };
}

function invalid(message: string): LensError {
  return new LensError('invalid-profile', message);
}

/** ProfileSpans is where each top-level record of a profile lies in its bytes ([start, end] pairs), read in one pass. */
interface ProfileSpans {
  sampleTypes: number[];
  samples: number[];
  locations: number[];
  functions: number[];
  stringStarts: number[];
  stringEnds: number[];
}

/** scanProfile walks the top level of a Profile message (field numbers of pprof's profile.proto). */
function scanProfile(bytes: Uint8Array): ProfileSpans {
  const spans: ProfileSpans = { sampleTypes: [], samples: [], locations: [], functions: [], stringStarts: [], stringEnds: [] };
  const c = new Cursor(bytes, 0, bytes.length, 'the profile');
  const f = new Field();
  const record = (list: number[], what: string) => {
    if (list.length / 2 >= PROFILE_LIMITS.records) {
      throw invalid(`expected at most ${PROFILE_LIMITS.records.toLocaleString('en-US')} ${what} in a goroutine profile, but there are more`);
    }
    list.push(f.start, f.end);
  };
  while (!c.done) {
    c.field(f);
    if (f.wire !== 2) continue;
    switch (f.num) {
      case 1: {
        const t = new Cursor(bytes, f.start, f.end, 'a sample type');
        const g = new Field();
        let type = 0;
        while (!t.done) if (t.field(g) === 1 && g.wire === 0) type = g.value;
        spans.sampleTypes.push(type);
        break;
      }
      case 2:
        record(spans.samples, 'samples');
        break;
      case 4:
        record(spans.locations, 'locations');
        break;
      case 5:
        record(spans.functions, 'functions');
        break;
      case 6:
        if (f.end - f.start > PROFILE_LIMITS.stringBytes) {
          throw invalid(
            `expected the strings of a goroutine profile (function and file names, labels) to be at most ${PROFILE_LIMITS.stringBytes} bytes each, but string ${spans.stringStarts.length} at byte ${f.start} is ${f.end - f.start} bytes`,
          );
        }
        if (spans.stringStarts.length >= PROFILE_LIMITS.records * 2) {
          throw invalid(`expected at most ${(PROFILE_LIMITS.records * 2).toLocaleString('en-US')} strings in a goroutine profile, but there are more`);
        }
        spans.stringStarts.push(f.start);
        spans.stringEnds.push(f.end);
        break;
    }
  }
  return spans;
}

function readFunction(c: Cursor): { id: number; name: number; file: number } {
  const fn = { id: 0, name: 0, file: 0 };
  const f = new Field();
  while (!c.done) {
    c.field(f);
    if (f.wire !== 0) continue;
    if (f.num === 1) fn.id = f.value;
    else if (f.num === 2) fn.name = f.value;
    else if (f.num === 4) fn.file = f.value;
  }
  return fn;
}

function readLocation(c: Cursor): { id: number; lines: { functionId: number; line: number }[] } {
  const loc = { id: 0, lines: [] as { functionId: number; line: number }[] };
  const f = new Field();
  while (!c.done) {
    c.field(f);
    if (f.num === 1 && f.wire === 0) loc.id = f.value;
    else if (f.num === 4 && f.wire === 2) {
      if (loc.lines.length >= PROFILE_LIMITS.stackDepth)
        throw invalid(`expected at most ${PROFILE_LIMITS.stackDepth} lines in a location, but location ${loc.id} has more`);
      const l = new Cursor(c.buf, f.start, f.end, 'a line');
      const g = new Field();
      const line = { functionId: 0, line: 0 };
      while (!l.done) {
        l.field(g);
        if (g.wire !== 0) continue;
        if (g.num === 1) line.functionId = g.value;
        else if (g.num === 2) line.line = l.int64At(g.valueStart);
      }
      loc.lines.push(line);
    }
  }
  return loc;
}

function readSample(c: Cursor): { locationIds: number[]; values: number[]; labels: { key: number; str: number; num: number }[] } {
  const sample = { locationIds: [] as number[], values: [] as number[], labels: [] as { key: number; str: number; num: number }[] };
  const f = new Field();
  const add = (list: number[], value: number, what: string) => {
    if (list.length >= PROFILE_LIMITS.stackDepth) throw invalid(`expected at most ${PROFILE_LIMITS.stackDepth} ${what} in ${c.what}, but there are more`);
    list.push(value);
  };
  while (!c.done) {
    c.field(f);
    if (f.num === 1 || f.num === 2) {
      const list = f.num === 1 ? sample.locationIds : sample.values;
      const what = f.num === 1 ? 'locations' : 'values';
      const signed = f.num === 2;
      if (f.wire === 0) add(list, signed ? c.int64At(f.valueStart) : f.value, what);
      else if (f.wire === 2) {
        const packed = new Cursor(c.buf, f.start, f.end, c.what);
        while (!packed.done) {
          const at = packed.pos;
          const v = packed.uint();
          add(list, signed ? packed.int64At(at) : v, what);
        }
      }
    } else if (f.num === 3 && f.wire === 2) {
      if (sample.labels.length >= PROFILE_LIMITS.stackDepth)
        throw invalid(`expected at most ${PROFILE_LIMITS.stackDepth} labels in ${c.what}, but there are more`);
      const l = new Cursor(c.buf, f.start, f.end, 'a label');
      const g = new Field();
      const label = { key: 0, str: 0, num: 0 };
      while (!l.done) {
        l.field(g);
        if (g.wire !== 0) continue;
        if (g.num === 1) label.key = g.value;
        else if (g.num === 2) label.str = g.value;
        else if (g.num === 3) label.num = l.int64At(g.valueStart);
      }
      sample.labels.push(label);
    }
  }
  return sample;
}

/** Field is one decoded key and value: `value` for a varint, `start`/`end` for bytes. */
class Field {
  num = 0;
  wire = 0;
  value = 0;
  valueStart = 0;
  start = 0;
  end = 0;
}

/** Cursor reads protobuf wire format within [pos, end) of a buffer, refusing anything that runs past it. */
class Cursor {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** uint reads a varint as a number (exact up to 2^53). */
  uint(): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw invalid(`expected a complete protobuf number in ${this.what}, but it runs past the end (byte ${start})`);
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
      if (this.pos - start >= 10) throw invalid(`expected a protobuf number of at most 10 bytes in ${this.what}, but the one at byte ${start} is longer`);
    }
  }

  /** int64At reads the varint at `at` again as a two's-complement int64 (so a negative count is seen as negative). */
  int64At(at: number): number {
    let v = 0n;
    let shift = 0n;
    for (let i = at; i < this.end; i++) {
      const b = this.buf[i]!;
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (b < 0x80) break;
    }
    return Number(BigInt.asIntN(64, v));
  }

  /** field reads one key and its value into f and returns the field number. */
  field(f: Field): number {
    const at = this.pos;
    const key = this.uint();
    f.num = Math.floor(key / 8);
    f.wire = key % 8;
    switch (f.wire) {
      case 0:
        f.valueStart = this.pos;
        f.value = this.uint();
        break;
      case 1:
      case 5: {
        const size = f.wire === 1 ? 8 : 4;
        if (this.end - this.pos < size)
          throw invalid(`expected ${size} bytes for field ${f.num} of ${this.what} at byte ${at}, but only ${this.end - this.pos} remain`);
        this.pos += size;
        break;
      }
      case 2: {
        const length = this.uint();
        if (length > this.end - this.pos) {
          throw invalid(
            `expected field ${f.num} of ${this.what} at byte ${at} to fit in it, but it claims ${length} bytes where ${this.end - this.pos} remain`,
          );
        }
        f.start = this.pos;
        f.end = this.pos + length;
        this.pos = f.end;
        break;
      }
      default:
        throw invalid(`expected a protobuf field in ${this.what} at byte ${at}, but saw wire type ${f.wire}, which profile.proto does not use`);
    }
    return f.num;
  }
}

/**
 * hideRuntimeFrames shows a debug=0 stack as debug=1 prints it (pprof's
 * printStackRecord hides `runtime.goexit` and the runtime frames at the top),
 * then as a traceback would (see tracebackFrames), so that all three forms of
 * one dump give the same groups.
 */
function hideRuntimeFrames(frames: number[], builder: BucketBuilder): number[] {
  const shown: number[] = [];
  let show = false;
  for (const frame of frames) {
    const func = builder.funcOf(frame);
    if (func === 'runtime.goexit') continue;
    if (show || func === '?' || !func.startsWith('runtime.')) {
      show = true;
      shown.push(frame);
    }
  }
  return builder.tracebackIds(show ? shown : frames.filter((f) => builder.funcOf(f) !== 'runtime.goexit'));
}
