import { diffDumps, type DumpDiff } from '../core/dump/diff';
import { frameOfInterest } from '../core/dump/group';
import { GROUP_MODES, type Dump, type Frame, type Group, type RaceReport } from '../core/dump/model';
import { analyze, Spares, toJsonChunks, type Analysis } from '../core/dump/report';
import { isUrl, loadDump } from '../core/dump/source';
import { displayUrl } from '../core/fetch/url';
import { escapeControls, escapeJson, escapeValue as e } from '../core/terminal';
import { formatCount, groupIndexById, raceAccessText, statesHistogram, synctestText, waitText } from '../core/tree/treeModel';
import { oneOf, parseCommandArgs } from './args';
import { fetchOptionsFromArgs } from './fetchArgs';
import { EXIT, UsageError, writeAll, writeChunks, writesThrough, type CliIo } from './io';

/** FRAMES_SHOWN is how many frames of a group the text output prints before `… N more`. */
const FRAMES_SHOWN = 12;

/** runAnalyze is `goroutine-lens analyze <file|url|-> [--format text|json] [--group …] [--diff older]`. */
export async function runAnalyze(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('analyze', args, {
    format: { type: 'string' },
    group: { type: 'string' },
    diff: { type: 'string' },
    timeout: { type: 'string' },
    header: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await writeAll(io.stdout, `${ANALYZE_USAGE}\n`);
    return EXIT.clean;
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const mode = oneOf('group', values.group, GROUP_MODES, 'exact');
  if (positionals.length !== 1) {
    throw new UsageError(`analyze: expected one dump (a file, an http(s) URL or -), got ${positionals.length === 0 ? 'none' : positionals.length}`);
  }
  const source = positionals[0]!;
  const options = { stdin: io.stdin, fetch: fetchOptionsFromArgs(values, io.cwd) };
  const [dump, older] = await Promise.all([loadDump(source, options), values.diff === undefined ? null : loadDump(values.diff, options)]);
  const analysis = analyze(dump, mode);
  const diff = older === null ? undefined : { older, diff: diffDumps(older, dump, mode) };
  if (format === 'json') {
    // The byte pieces' buffers are written again once stdout has taken them, when it is a file descriptor.
    const spares = writesThrough(io.stdout) ? new Spares() : undefined;
    await writeChunks(io.stdout, toJsonChunks(analysis, diff, escapeJson, spares), (bytes) => spares?.done(bytes));
    await writeAll(io.stdout, '\n');
  } else {
    const color = io.isTTY && !process.env['NO_COLOR'];
    const style = styles(color);
    let text = renderAnalysis(analysis, shownSource(source), style);
    if (diff) text += renderDiff(diff.diff, shownSource(values.diff!), diff.older, style);
    await writeAll(io.stdout, escapeControls(text, color));
  }
  return EXIT.clean;
}

/** ANALYZE_USAGE is analyze's command line, in `--help` and the CLI's usage. */
export const ANALYZE_USAGE = `Usage: goroutine-lens analyze <file|url|-> [--format text|json] [--group exact|function|state] [--diff <older-file|url>]
         [--timeout SECONDS] [--header 'Name: value' | --header @file]…
  --timeout   the whole fetch of a URL must end within SECONDS (default 300; 0: none)
  --header    a request header for the URLs fetched (repeatable); @file reads "Name: value" lines from a file,
              so a token stays off the command line: --header @<(printf 'Authorization: Bearer %s' "$TOKEN")
  Proxies come from HTTP_PROXY, HTTPS_PROXY and NO_PROXY.`;

/** shownSource is a source as the output shows it: a URL's credentials masked. */
function shownSource(source: string): string {
  return isUrl(source) ? displayUrl(source) : source;
}

interface Style {
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
  good(s: string): string;
}

function styles(color: boolean): Style {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), warn: wrap(33, 39), good: wrap(32, 39) };
}

const FORMAT_NAMES: Record<Dump['format'], string> = {
  debug2: 'debug=2 goroutine dump',
  debug1: 'debug=1 goroutine profile',
  debug0: 'debug=0 goroutine profile (protobuf)',
  traceback: 'traceback',
  race: 'data race report',
};

const n = formatCount;

function plural(count: number, word: string): string {
  return `${n(count)} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * renderAnalysis is the readable summary: header, leak signatures, then the
 * groups biggest first. Every value from the dump or the command line goes
 * through `e` (escapeValue): the text reaches a terminal.
 */
export function renderAnalysis(analysis: Analysis, source: string, s: Style): string {
  const { dump, groups, signatures } = analysis;
  const out: string[] = [];
  const kind = dump.leakProfile ? `${FORMAT_NAMES[dump.format]} (goroutine leak profile)` : FORMAT_NAMES[dump.format];
  out.push(
    `${s.bold(e(source))}: ${kind}, ${plural(dump.total, 'goroutine')} in ${plural(groups.length, 'group')}${analysis.mode === 'exact' ? '' : ` (grouped by ${analysis.mode})`}`,
  );
  if (dump.truncated) out.push(s.warn(`truncated: ${e(dump.truncatedReason ?? '')}`));
  const p = dump.preamble;
  for (const panic of p.panics) out.push(`${s.warn('panic:')} ${e(panic)}`);
  if (p.fatalError !== null) out.push(`${s.warn('fatal error:')} ${e(p.fatalError)}`);
  if (p.signal !== null) out.push(`${s.warn('signal:')} ${e(p.signal)}`);
  for (const note of p.notes) out.push(s.dim(`note: ${e(note)}`));
  for (const problem of dump.problems) out.push(`${s.warn('damage:')} ${e(problem)}`);
  for (const other of dump.otherDumps) {
    out.push(
      s.warn(
        `another dump in this text from line ${other.line} (${e(other.reason)}): ${FORMAT_NAMES[other.format]}, ${plural(other.total, 'goroutine')}, not counted here; analyze that part on its own`,
      ),
    );
  }
  out.push(`states: ${statesLine(groups)}`);

  for (const hit of signatures) {
    const which = hit.groups.map((i) => `#${i + 1}`);
    const shown = which.length > 6 ? `${which.slice(0, 6).join(', ')} and ${which.length - 6} more` : which.join(', ');
    out.push('');
    out.push(s.warn(s.bold(`⚠ ${hit.signature.title}`)));
    out.push(
      `  ${plural(hit.count, 'goroutine')} in ${hit.groups.length === 1 ? 'group' : 'groups'} ${shown}${hit.creator ? `, created by ${e(hit.creator)}` : ''}`,
    );
    out.push(`  ${hit.signature.explanation}`);
    out.push(`  ${s.good('→')} ${hit.signature.advice}`);
  }

  dump.races.forEach((race, i) => out.push('', ...renderRace(race, i, s)));

  const groupOf = groupIndexById(groups);
  groups.forEach((g, i) => {
    out.push('');
    out.push(groupHeadline(g, i, s));
    const shown = g.frames.slice(0, FRAMES_SHOWN);
    const funcs = shown.map((f) => e(f.func));
    const width = Math.min(60, Math.max(...funcs.map((f) => f.length), 0));
    shown.forEach((f, j) => out.push(`      ${funcs[j]!.padEnd(width)}  ${s.dim(location(f))}`));
    if (g.frames.length > FRAMES_SHOWN) out.push(s.dim(`      … ${g.frames.length - FRAMES_SHOWN} more frames`));
    if (g.elided) out.push(s.dim('      … frames elided by Go'));
    if (g.creator) out.push(`      ${s.dim('created by')} ${e(g.creator.func)}${parentsText(g, groupOf)}  ${s.dim(location(g.creator))}`);
    if (g.labels)
      out.push(
        `      ${s.dim('labels')} ${Object.entries(g.labels)
          .map(([k, v]) => `${e(k)}=${e(v)}`)
          .join(' ')}`,
      );
  });
  out.push('');
  return out.join('\n');
}

/** PARENTS_SHOWN is how many creator goroutine ids a group's `created by` line lists. */
const PARENTS_SHOWN = 5;

/** parentsText is ` in goroutine 12 (#3)`: the creators' ids and, when they are in the dump, their groups. */
function parentsText(g: Group, groupOf: Map<number, number>): string {
  const parents = g.parentIds;
  if (parents === null || parents.length === 0) return '';
  const shown = parents.slice(0, PARENTS_SHOWN).map((id) => {
    const at = groupOf.get(id);
    return at === undefined ? String(id) : `${id} (#${at + 1})`;
  });
  const more = parents.length > PARENTS_SHOWN ? ` and ${parents.length - PARENTS_SHOWN} more` : '';
  return ` in goroutine${parents.length === 1 ? '' : 's'} ${shown.join(', ')}${more}`;
}

/** renderRace prints a race report: its two accesses with their stacks, and where the goroutines involved were created. */
function renderRace(race: RaceReport, index: number, s: Style): string[] {
  const out = [s.warn(s.bold(`⚠ data race ${index + 1}`)) + s.dim(` (line ${race.line}${race.cut ? ', cut' : ''})`)];
  const stack = (frames: readonly Frame[]) => {
    const width = Math.min(60, Math.max(...frames.map((f) => f.func.length), 0));
    for (const f of frames.slice(0, FRAMES_SHOWN)) out.push(`      ${e(f.func).padEnd(width)}  ${s.dim(location(f))}`);
    if (frames.length > FRAMES_SHOWN) out.push(s.dim(`      … ${frames.length - FRAMES_SHOWN} more frames`));
  };
  for (const a of race.accesses) {
    out.push(`  ${e(raceAccessText(a))}`);
    if (a.stackUnavailable) out.push(s.dim('      [the race detector could not restore the stack]'));
    stack(a.frames);
  }
  for (const g of race.goroutines) {
    out.push(`  goroutine ${g.id} (${e(g.status)}) created at`);
    stack(g.frames);
  }
  return out;
}

function groupHeadline(g: Group, index: number, s: Style): string {
  const top = frameOfInterest(g.frames);
  const wait = g.waitMinutes === null ? '' : `, ${waitText(g)}`;
  const extra = [
    g.leaked > 0 ? s.warn(`${n(g.leaked)} leaked`) : '',
    synctestText(g),
    g.lockedToThread > 0 ? `${n(g.lockedToThread)} locked to thread` : '',
    g.cut > 0 ? s.warn(`${n(g.cut)} cut by the end of the input`) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const states =
    Object.keys(g.states).length > 1
      ? ` [${Object.entries(g.states)
          .map(([k, v]) => `${e(k)} ${n(v)}`)
          .join(', ')}]`
      : '';
  return `${s.bold(`#${index + 1}`)}  ${s.bold(n(g.count).padStart(7))} × ${e(g.state)}${wait}${states}  ${s.bold(e(top?.func ?? '(no frames)'))}${extra ? `  (${extra})` : ''}`;
}

function location(f: Frame): string {
  return e(f.line > 0 ? `${f.file}:${f.line}` : f.file);
}

function statesLine(groups: readonly Group[]): string {
  return statesHistogram(groups)
    .map(([state, count]) => `${e(state)} ${n(count)}`)
    .join(', ');
}

/** renderDiff lists the groups by growth since the older dump. */
export function renderDiff(diff: DumpDiff, olderSource: string, older: Dump, s: Style): string {
  const out: string[] = [];
  const delta = diff.totalAfter - diff.totalBefore;
  out.push(
    s.bold(
      `Compared with ${e(olderSource)} (${FORMAT_NAMES[older.format]}, ${plural(diff.totalBefore, 'goroutine')}): ${delta >= 0 ? '+' : ''}${n(delta)} goroutines, matched by ${diff.matchedBy}`,
    ),
  );
  const changed = diff.groups.filter((d) => d.change !== 'same');
  if (changed.length === 0) out.push('  no group changed');
  for (const d of changed) {
    const sign = d.delta > 0 ? s.warn(`+${n(d.delta)}`) : s.good(n(d.delta));
    const top = frameOfInterest(d.group.frames);
    out.push(
      `  ${sign.padStart(8)}  ${d.change.padEnd(8)} ${n(d.before)} → ${n(d.after)}  ${e(top?.func ?? '(no frames)')}${d.group.creator ? s.dim(` created by ${e(d.group.creator.func)}`) : ''}`,
    );
  }
  out.push('');
  return out.join('\n');
}
