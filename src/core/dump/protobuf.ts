import { Profile } from 'pprof-format';
import { LensError } from '../errors';
import { tracebackFrames, type BucketBuilder } from './buckets';
import type { Frame, Labels } from './model';
import { UNKNOWN_STATE } from './text';

/** ProtobufParseResult is what a debug=0 profile says besides its buckets. */
export interface ProtobufParseResult {
  leakProfile: boolean;
}

/**
 * parseProfileProto decodes a (gunzipped) pprof goroutine profile, the
 * debug=0 form, into buckets. Each sample is one stack with its count and
 * labels. Frames follow debug=1's reading of the same records (pprof's
 * printStackRecord): `runtime.goexit` and the runtime frames at the top of a
 * stack are hidden, unless every frame is a runtime frame. A location with
 * several lines holds inlined calls, innermost first.
 */
export function parseProfileProto(bytes: Uint8Array, builder: BucketBuilder): ProtobufParseResult {
  let profile: Profile;
  try {
    profile = Profile.decode(bytes);
  } catch (err) {
    throw new LensError(
      'invalid-profile',
      `expected a pprof goroutine profile (gzipped protobuf), but its content does not decode: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const strings = profile.stringTable.strings;
  const str = (index: number | bigint): string => strings[Number(index)] ?? '';
  const sampleTypes = profile.sampleType.map((t) => str(t.type));
  const countIndex = sampleTypes.findIndex((t) => t === 'goroutine' || t === 'goroutineleak');
  if (countIndex < 0) {
    const seen = sampleTypes.length > 0 ? sampleTypes.join(', ') : 'no sample types';
    throw new LensError('not-a-dump', `expected a goroutine profile (sample type goroutine/count), but this pprof profile holds ${seen}`);
  }
  const leakProfile = sampleTypes[countIndex] === 'goroutineleak';

  const functions = new Map<string, { name: string; file: string }>();
  for (const f of profile.function) functions.set(String(f.id), { name: str(f.name), file: str(f.filename) });
  const locations = new Map<string, Frame[]>();
  for (const loc of profile.location) {
    const frames: Frame[] = [];
    for (const line of loc.line) {
      const fn = functions.get(String(line.functionId));
      frames.push(builder.frame(fn?.name || '?', fn?.file || '?', Number(line.line)));
    }
    if (frames.length === 0) frames.push(builder.frame('?', '?', 0));
    locations.set(String(loc.id), frames);
  }

  for (const sample of profile.sample) {
    const count = Number(sample.value[countIndex] ?? 0);
    if (count <= 0) continue;
    const all: Frame[] = [];
    for (const id of sample.locationId) {
      const frames = locations.get(String(id));
      if (frames === undefined) {
        throw new LensError('invalid-profile', `expected every sample's locations to be defined, but location ${String(id)} is missing`);
      }
      all.push(...frames);
    }
    let labels: Record<string, string> | null = null;
    for (const label of sample.label) {
      const key = str(label.key);
      if (key === '') continue;
      (labels ??= {})[key] = Number(label.str) !== 0 ? str(label.str) : String(label.num);
    }
    builder.add({
      id: null,
      count,
      frames: hideRuntimeFrames(all),
      creator: null,
      state: UNKNOWN_STATE,
      waitMinutes: null,
      lockedToThread: false,
      leaked: leakProfile,
      elided: false,
      labels: labels as Labels | null,
      cut: false,
    });
  }
  return { leakProfile };
}

/**
 * hideRuntimeFrames shows a debug=0 stack as debug=1 prints it (pprof's
 * printStackRecord hides `runtime.goexit` and the runtime frames at the top),
 * then as a traceback would (see tracebackFrames), so that all three forms of
 * one dump give the same groups.
 */
function hideRuntimeFrames(frames: Frame[]): Frame[] {
  const shown: Frame[] = [];
  let show = false;
  for (const frame of frames) {
    if (frame.func === 'runtime.goexit') continue;
    if (show || frame.func === '?' || !frame.func.startsWith('runtime.')) {
      show = true;
      shown.push(frame);
    }
  }
  return tracebackFrames(show ? shown : frames.filter((f) => f.func !== 'runtime.goexit'));
}
