import { frameOfInterest } from '../dump/group';
import type { Frame, Group } from '../dump/model';
import { formatCount, groupName } from '../tree/treeModel';

/**
 * The dump on the code: how many goroutines are parked on, or pass through,
 * each source line a dump names. The editor adapter
 * (src/pictures/codeDecorations.ts) finds which lines of an open file these
 * are and draws them at the end of the line and in the overview ruler.
 */

/** LineGroup is one group that has a line in its stack. */
export interface LineGroup {
  /** The group's index in the analysis's (unfiltered) list, as the tree numbers it. */
  readonly index: number;
  readonly name: string;
  readonly count: number;
  readonly state: string;
  /** True when the line is the group's frame of interest (where it is parked), false when its goroutines only pass through. */
  readonly parked: boolean;
}

/** LineCount is the goroutines of a dump on one source line. */
export interface LineCount {
  /** The file as the dump prints it. */
  readonly file: string;
  readonly line: number;
  /** The frame's function at that line (the first group's; recursion and inlining can put more than one there). */
  readonly func: string;
  /** Goroutines whose stack has this line, each counted once however often its stack passes the line. */
  goroutines: number;
  /** Of those, the goroutines parked here (this line is their frame of interest). */
  parked: number;
  readonly states: Record<string, number>;
  /** The longest wait, in minutes, of the groups here; null when none prints one. */
  waitMax: number | null;
  /** The groups here, biggest first. */
  readonly groups: LineGroup[];
}

/** FileLines is a file's counted lines, by line number. */
export type FileLines = ReadonlyMap<number, LineCount>;

/**
 * lineCounts counts a dump's goroutines per source line, keyed by the file
 * as the dump prints it, then by line. A group adds its count once to each
 * distinct line of its stack, so recursion that passes a line many times
 * counts each goroutine there once. Frames without a file or line are
 * skipped; the creator is not part of the goroutine's stack and is skipped
 * too.
 */
export function lineCounts(groups: readonly { group: Group; index: number }[]): Map<string, Map<number, LineCount>> {
  const files = new Map<string, Map<number, LineCount>>();
  // The parser interns frames: a frame's line id is built once however many stacks share it.
  const ids = new Map<Frame, string>();
  for (const { group, index } of groups) {
    const interest = frameOfInterest(group.frames);
    const seen = new Set<string>();
    for (const frame of group.frames) {
      if (frame.line <= 0 || !frame.file || frame.file.startsWith('<') || frame.file === '?' || frame.file === '??') continue;
      let id = ids.get(frame);
      if (id === undefined) ids.set(frame, (id = `${frame.line}\u0000${frame.file}`));
      if (seen.has(id)) continue;
      seen.add(id);
      let lines = files.get(frame.file);
      if (!lines) files.set(frame.file, (lines = new Map()));
      let at = lines.get(frame.line);
      if (!at)
        lines.set(frame.line, (at = { file: frame.file, line: frame.line, func: frame.func, goroutines: 0, parked: 0, states: {}, waitMax: null, groups: [] }));
      const parked = interest !== null && interest.file === frame.file && interest.line === frame.line;
      at.goroutines += group.count;
      if (parked) at.parked += group.count;
      for (const [state, n] of Object.entries(group.states)) at.states[state] = (at.states[state] ?? 0) + n;
      if (group.waitMinutes && (at.waitMax === null || group.waitMinutes.max > at.waitMax)) at.waitMax = group.waitMinutes.max;
      at.groups.push({ index, name: groupName(group), count: group.count, state: group.state, parked });
    }
  }
  for (const lines of files.values()) for (const at of lines.values()) at.groups.sort((a, b) => b.count - a.count);
  return files;
}

/** mainState is the state most of a line's goroutines are in. */
export function mainState(at: Pick<LineCount, 'states'>): string {
  let best = '';
  let bestCount = -1;
  for (const [state, n] of Object.entries(at.states)) if (n > bestCount) [best, bestCount] = [state, n];
  return best;
}

/**
 * lineHint is what the end of the line shows:
 * `20,431 goroutines here · IO wait · up to 435 min`, with the parked share
 * when only some of them are parked here (`… · 12 parked here`).
 */
export function lineHint(at: LineCount): string {
  const parts = [`${formatCount(at.goroutines)} goroutine${at.goroutines === 1 ? '' : 's'} here`];
  const state = mainState(at);
  const states = Object.keys(at.states).length;
  if (state) parts.push(states > 1 ? `${state} +${states - 1}` : state);
  if (at.waitMax !== null && at.waitMax > 0) parts.push(`up to ${formatCount(at.waitMax)} min`);
  if (at.parked > 0 && at.parked < at.goroutines) parts.push(`${formatCount(at.parked)} parked here`);
  return parts.join(' · ');
}
