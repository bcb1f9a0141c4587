/**
 * settings.ts turns the analyzer's settings into what the core
 * takes, as pure functions the unit tests check without VS Code: which paths
 * of a workspace folder are out of scope (the go tool's skipped directories,
 * `files.exclude`, `goroutineLens.analyzer.exclude`) and the level of each
 * finding case.
 *
 * Settled:
 * - A folder's scope is the same for the full scan (the core's scanTree,
 *   given the globs) and for the re-analysis of one directory as the user
 *   types: both ask core/go/paths.ts's `ScopeMatcher`, so a file never gains
 *   or loses a diagnostic depending on which of the two looked at it last.
 * - `files.exclude` entries are taken when their value is `true`. An entry
 *   whose value is a `{ "when": "$(basename).ts" }` sibling condition is
 *   left out: it hides generated siblings in the Explorer, and a `.go` file
 *   is never one of those. Brace alternatives (`**\/*.{pb,gen}.go`) are
 *   expanded, since the core's globs know only `*`, `**` and `?`.
 * - A case set to `off` drops its findings; an unknown value falls back to
 *   the default, so a typo in settings.json does not turn the rule off.
 */
import type { FindingCase, SeverityByCase, SeveritySetting } from './model';
import { DEFAULT_SEVERITIES, byCase } from './findingCases';

/** SEVERITY_SETTING_KEYS are the names under `goroutineLens.analyzer.severity.` of each case's setting. */
export const SEVERITY_SETTING_KEYS: Readonly<Record<FindingCase, string>> = byCase((texts) => texts.settingKey);

const LEVELS: ReadonlySet<string> = new Set<SeveritySetting>(['warning', 'information', 'hint', 'off']);

/** severitiesFrom reads each case's level through `read(key)` (a key of SEVERITY_SETTING_KEYS' values). */
export function severitiesFrom(read: (key: string) => unknown): SeverityByCase {
  const out = { ...DEFAULT_SEVERITIES } as Record<FindingCase, SeveritySetting>;
  for (const [kase, key] of Object.entries(SEVERITY_SETTING_KEYS) as [FindingCase, string][]) {
    const value = read(key);
    if (typeof value === 'string' && LEVELS.has(value)) out[kase] = value as SeveritySetting;
  }
  return out;
}

/** expandBraces expands `{a,b}` alternatives (nested too): `*.{pb,gen}.go` → `*.pb.go`, `*.gen.go`. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      close = i;
      break;
    } else if (ch === ',' && depth === 1) commas.push(i);
  }
  if (close === -1) return [glob]; // unbalanced: taken literally
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const alternative = glob.slice(bounds[i]! + 1, bounds[i + 1]);
    for (const rest of expandBraces(alternative + tail)) out.push(...expandBraces(head + rest));
  }
  return out;
}

/**
 * excludeGlobs merges `files.exclude` (its keys whose value is `true`) and
 * the analyzer's own globs into the list the core's scanner takes, braces
 * expanded, duplicates and blanks dropped.
 */
export function excludeGlobs(filesExclude: unknown, analyzerExclude: unknown): string[] {
  const globs: string[] = [];
  if (filesExclude && typeof filesExclude === 'object') {
    for (const [glob, on] of Object.entries(filesExclude as Record<string, unknown>)) if (on === true) globs.push(glob);
  }
  if (Array.isArray(analyzerExclude)) for (const glob of analyzerExclude) if (typeof glob === 'string') globs.push(glob);
  const out = new Set<string>();
  for (const glob of globs) {
    const trimmed = glob.trim().replace(/^\/+/, '');
    if (trimmed) for (const g of expandBraces(trimmed)) out.add(g);
  }
  return [...out];
}
