import { frameOfInterest } from '../dump/group';
import type { Dump, Frame, Group, RaceAccess, RaceReport } from '../dump/model';
import type { GroupDelta } from '../dump/diff';

/**
 * The pure half of the Goroutines view: how groups are labelled, described,
 * filtered and paged. The VS Code adapter (src/dumps/treeView.ts) turns these
 * strings into TreeItems.
 */

/** shortFunc drops the import path before the package name: `net/http.(*persistConn).readLoop` → `http.(*persistConn).readLoop`. */
export function shortFunc(func: string): string {
  // Only the import path holds slashes: a function's own name (methods, closures, `[...]`) never does.
  return func.slice(func.lastIndexOf('/') + 1);
}

/** formatCount prints 20431 as `20,431`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** waitText is `435 min` or `3–435 min`, empty without wait times. */
export function waitText(g: Pick<Group, 'waitMinutes'>): string {
  if (g.waitMinutes === null) return '';
  const { min, max } = g.waitMinutes;
  return min === max ? `${max} min` : `${min}–${max} min`;
}

/** groupName is how the editor names a group: its frame of interest, short (`http.(*persistConn).readLoop`). */
export function groupName(g: Pick<Group, 'frames'>): string {
  const top = frameOfInterest(g.frames);
  return top ? shortFunc(top.func) : '(no stack)';
}

/** groupLabel is `20,431 × http.(*persistConn).readLoop`: the count and the group's name. */
export function groupLabel(g: Group): string {
  return `${formatCount(g.count)} × ${groupName(g)}`;
}

/**
 * synctestText says what a group's headers tell of testing/synctest: how many
 * goroutines are durably blocked, and in which bubble (`2 durable, synctest
 * bubble 1`); '' outside bubbles. In a bubble that hangs, the goroutine not
 * durably blocked is the one to look at.
 */
export function synctestText(g: Pick<Group, 'durable' | 'bubbles' | 'count'>): string {
  if (g.bubbles === null && g.durable === 0) return '';
  const parts: string[] = [];
  if (g.durable > 0) parts.push(g.durable === g.count ? 'durable' : `${formatCount(g.durable)} durable`);
  if (g.bubbles !== null) parts.push(`synctest bubble${g.bubbles.length === 1 ? '' : 's'} ${g.bubbles.join(', ')}`);
  return parts.join(', ');
}

/** groupDescription is the state and the wait: `IO wait, 3–435 min`, plus the other states' share when mixed. */
export function groupDescription(g: Group): string {
  const parts = [g.state];
  const others = Object.keys(g.states).length - 1;
  if (others > 0) parts[0] = `${g.state} +${others} more state${others === 1 ? '' : 's'}`;
  const wait = waitText(g);
  if (wait) parts.push(wait);
  if (g.leaked > 0) parts.push(`${formatCount(g.leaked)} leaked`);
  const synctest = synctestText(g);
  if (synctest) parts.push(synctest);
  if (g.lockedToThread > 0) parts.push('locked to thread');
  if (g.cut > 0) parts.push(`${formatCount(g.cut)} cut by the end of the input`);
  return parts.join(', ');
}

/**
 * groupIndexById maps each goroutine id to the index of its group, so that a
 * creator's goroutine id (`created by X in goroutine 12`) leads to the
 * parent's group. Empty when no group prints creator ids (Go < 1.21).
 */
export function groupIndexById(groups: readonly Group[]): Map<number, number> {
  const byId = new Map<number, number>();
  if (!groups.some((g) => g.parentIds !== null)) return byId;
  groups.forEach((g, i) => {
    if (g.ids !== null) for (const id of g.ids) byId.set(id, i);
  });
  return byId;
}

/** raceAccessText is `previous write at 0x00c0000a4010 by goroutine 7`. */
export function raceAccessText(a: RaceAccess): string {
  return `${a.previous ? 'previous ' : ''}${a.kind}${a.address ? ` at ${a.address}` : ''} by ${a.goroutine === null ? 'an unknown goroutine' : `goroutine ${a.goroutine}`}`;
}

/** raceTitle is `Data race 1: write by goroutine 7, previous write by goroutine 1`. */
export function raceTitle(race: RaceReport, index: number): string {
  const who = race.accesses.map((a) => `${a.previous ? 'previous ' : ''}${a.kind} by ${a.goroutine === null ? '?' : `goroutine ${a.goroutine}`}`);
  return `Data race ${index + 1}${who.length > 0 ? `: ${who.join(', ')}` : ''}${race.cut ? ' (cut)' : ''}`;
}

/** frameLocation is `transport.go:2040`; the full path goes in the tooltip. */
export function frameLocation(f: Frame): string {
  const name = f.file.split(/[\\/]/).pop() ?? f.file;
  return f.line > 0 ? `${name}:${f.line}` : name;
}

/** stackText renders a group as Go prints a goroutine, for "Copy Stack". */
export function stackText(g: Group): string {
  const states = Object.entries(g.states)
    .map(([s, n]) => (Object.keys(g.states).length > 1 ? `${s} ×${n}` : s))
    .join(', ');
  const wait = waitText(g);
  const lines = [`${formatCount(g.count)} goroutine${g.count === 1 ? '' : 's'} [${states}${wait ? `, ${wait}` : ''}]:`];
  for (const f of g.frames) lines.push(f.func, `\t${f.file}${f.line > 0 ? `:${f.line}` : ''}`);
  if (g.elided) lines.push('...additional frames elided...');
  if (g.creator) lines.push(`created by ${g.creator.func}`, `\t${g.creator.file}${g.creator.line > 0 ? `:${g.creator.line}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** dumpSummary is the one line under a dump's name: `20,431 goroutines in 12 groups · debug=2`. */
export function dumpSummary(dump: Dump, groups: number): string {
  const format = { debug2: 'debug=2', debug1: 'debug=1', debug0: 'debug=0', traceback: 'traceback', race: 'race report' }[dump.format];
  return `${formatCount(dump.total)} goroutine${dump.total === 1 ? '' : 's'} in ${formatCount(groups)} group${groups === 1 ? '' : 's'} · ${format}${dump.truncated ? ' · truncated' : ''}`;
}

/** statesHistogram lists the states of a dump, most goroutines first. */
export function statesHistogram(groups: readonly Group[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const g of groups) for (const [s, n] of Object.entries(g.states)) totals.set(s, (totals.get(s) ?? 0) + n);
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** deltaLabel is a comparison row: `+312 × http.(*persistConn).readLoop`. */
export function deltaLabel(d: GroupDelta): string {
  const sign = d.delta > 0 ? '+' : d.delta < 0 ? '−' : '±';
  return `${sign}${formatCount(Math.abs(d.delta))} × ${groupName(d.group)}`;
}

export function deltaDescription(d: GroupDelta): string {
  return `${d.change}: ${formatCount(d.before)} → ${formatCount(d.after)}`;
}

/**
 * GroupFilter narrows the view: free text matches any frame's function or
 * package (case-insensitive), `state:` the group's states, `min:` its count.
 */
export interface GroupFilter {
  readonly text: string;
  readonly state: string | null;
  readonly minCount: number;
}

/**
 * parseFilter reads what the user typed: `readLoop state:"IO wait" min:10`.
 * Throws an Error with a message for the input box when a term is malformed.
 */
export function parseFilter(input: string): GroupFilter {
  let text: string[] = [];
  let state: string | null = null;
  let minCount = 0;
  for (const m of input.matchAll(/(\w+):"([^"]*)"|(\w+):(\S+)|"([^"]*)"|(\S+)/g)) {
    const key = (m[1] ?? m[3])?.toLowerCase();
    const value = m[2] ?? m[4];
    if (key === 'state') state = value!;
    else if (key === 'min') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`min: expects a whole number of goroutines, not "${value}"`);
      minCount = n;
    } else text.push(m[5] ?? m[0]!);
  }
  text = text.filter((t) => t.length > 0);
  return { text: text.join(' '), state, minCount };
}

/** filterText shows a filter back as the user would type it. */
export function filterText(f: GroupFilter): string {
  return [f.text, f.state !== null ? `state:"${f.state}"` : '', f.minCount > 0 ? `min:${f.minCount}` : ''].filter(Boolean).join(' ');
}

/** matchesFilter tells whether a group passes. */
export function matchesFilter(g: Group, f: GroupFilter): boolean {
  if (g.count < f.minCount) return false;
  if (f.state !== null) {
    const want = f.state.toLowerCase();
    if (!Object.keys(g.states).some((s) => s.toLowerCase().includes(want))) return false;
  }
  if (f.text) {
    const words = f.text.toLowerCase().split(/\s+/);
    const hay = [...g.frames, ...(g.creator ? [g.creator] : [])].map((fr) => `${fr.func} ${fr.pkg}`.toLowerCase()).join('\n');
    if (!words.every((w) => hay.includes(w))) return false;
  }
  return true;
}

/** IdRange is a slice [start, end) of a group's goroutine ids, for paging. */
export interface IdRange {
  readonly start: number;
  readonly end: number;
}

/**
 * pageIds splits [start, end) into at most `fanout` ranges of equal power-of-fanout
 * size, so that even 1 000 000 ids open as a handful of levels of ≤ fanout rows each.
 * A range of at most `fanout` ids is a leaf: its ids are listed.
 */
export function pageIds(range: IdRange, fanout = 100): IdRange[] | 'leaf' {
  const n = range.end - range.start;
  if (n <= fanout) return 'leaf';
  let size = fanout;
  while (size * fanout < n) size *= fanout;
  const pages: IdRange[] = [];
  for (let s = range.start; s < range.end; s += size) pages.push({ start: s, end: Math.min(range.end, s + size) });
  return pages;
}
