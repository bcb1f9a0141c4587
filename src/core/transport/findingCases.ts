/**
 * findingCases.ts is the one table of the rule's finding cases (see
 * docs/transport-rule.md, "Severities"): for each case, the diagnostic's
 * message, what the hover says happens at run time, the findings picker's
 * one-line summary, its default severity and the name of its severity
 * setting, and whether the Transport's idle connections stay behind. The
 * rule, the hover, the picker and the settings all read them here, so a
 * case is explained in one place.
 */
import type { FindingCase, Severity, SeverityByCase } from './model';

/** MessageFacts are what a diagnostic's message names, as the rule found them. */
export interface MessageFacts {
  /** The construction as the file writes it (`&http.Transport{…}`). */
  readonly what: string;
  /** The function that builds it, as messages name functions (`fetch`, `(*Client).Do`). */
  readonly fn: string;
  /** How the Transport leaves fn (`returns it`): the escaping cases. */
  readonly leaves: string;
  /** Who calls fn per call (`serve and main`): escapes-called-per-call. */
  readonly callers: string;
  /** fn is used as a value in its package, though never called: escapes-uncalled. */
  readonly usedAsValue: boolean;
}

/** FindingCaseTexts is one row of the table. */
export interface FindingCaseTexts {
  /** Whether idle connections (and their goroutines) stay behind: false for the hints. */
  readonly leaks: boolean;
  /** The level docs/transport-rule.md's "Severities" lists as the default (hints shown). */
  readonly defaultSeverity: Severity;
  /** The setting's name under `goroutineLens.analyzer.severity.`. */
  readonly settingKey: string;
  /** message is the diagnostic's text (before any "No quick fix: …"). */
  message(facts: MessageFacts): string;
  /** runtime is the hover's line on what happens at run time; `fn` is the function's name as Markdown code. */
  runtime(fn: string): string;
  /** summary is the end of the picker's line, after "Transport built per call in <fn>: ". */
  readonly summary: string;
  /** For a hint: the related location's message at the call or field that makes it a hint. */
  readonly hintAt?: string;
}

export const FINDING_CASES: Readonly<Record<FindingCase, FindingCaseTexts>> = {
  local: {
    leaks: true,
    defaultSeverity: 'warning',
    settingKey: 'local',
    message: (f) =>
      `${f.what} builds a new Transport on every call of ${f.fn} and uses it only there: each call opens its own keep-alive connections, which stay idle (two goroutines each, readLoop and writeLoop) and are never reused. Create it once at package level and reuse it.`,
    runtime: (fn) =>
      `Every call of ${fn} builds a Transport with its own pool of keep-alive connections, uses it, and drops it: the pool's idle connections are never reused and never closed.`,
    summary: 'used only there',
  },
  'escapes-called-per-call': {
    leaks: true,
    defaultSeverity: 'warning',
    settingKey: 'escapesCalledPerCall',
    message: (f) =>
      `${f.what} builds a new Transport in ${f.fn}, which ${f.leaves}, and ${f.fn} is called per call by ${f.callers}: every such call adds a Transport whose idle keep-alive connections (two goroutines each) are never reused. Create it once at package level and reuse it.`,
    runtime: (fn) =>
      `${fn} hands the new Transport out, and it is called per call in its package (see the related locations): each of those calls adds a Transport whose idle connections are never reused.`,
    summary: 'returned or stored, and called per call',
  },
  'escapes-uncalled': {
    leaks: true,
    defaultSeverity: 'information',
    settingKey: 'escapesUncalled',
    message: (f) =>
      `${f.what} builds a new Transport in ${f.fn}, which ${f.leaves}; ${f.fn} ${f.usedAsValue ? 'is not called in this package, only used as a value' : 'is never called in this package'}: fine if its users call it once, a goroutine and connection leak if they call it per request.`,
    runtime: (fn) =>
      `${fn} hands the new Transport out and nothing in its package calls it: fine if its users call it once, a leak if they call it per request.`,
    summary: 'returned or stored; never called in its package',
  },
  'hint-closes': {
    leaks: false,
    defaultSeverity: 'hint',
    settingKey: 'hintClosesIdleConnections',
    message: (f) =>
      `${f.what} builds a new Transport on every call of ${f.fn}; CloseIdleConnections() closes its idle connections, so no goroutines leak, but no connection is reused across calls. Create it once at package level to reuse connections.`,
    runtime: (fn) =>
      `${fn} closes the idle connections, so no goroutines are left behind; but nothing is reused either: every call pays a new TCP (and TLS) handshake.`,
    summary: 'idle connections closed: nothing reused',
    hintAt: 'idle connections closed here',
  },
  'hint-keepalives-off': {
    leaks: false,
    defaultSeverity: 'hint',
    settingKey: 'hintKeepAlivesDisabled',
    message: (f) =>
      `${f.what} builds a new Transport on every call of ${f.fn}; DisableKeepAlives is true, so no goroutines leak, but every request opens a new connection. Create it once at package level to reuse connections.`,
    runtime: () =>
      `Keep-alives are disabled, so no goroutines are left behind; but nothing is reused either: every request pays a new TCP (and TLS) handshake.`,
    summary: 'keep-alives off: nothing reused',
    hintAt: 'keep-alives disabled here',
  },
};

/** byCase reads one column of the table: each case's `pick(texts)`. */
export function byCase<T>(pick: (texts: FindingCaseTexts) => T): Record<FindingCase, T> {
  return Object.fromEntries(Object.entries(FINDING_CASES).map(([kase, texts]) => [kase, pick(texts)])) as Record<FindingCase, T>;
}

/** DEFAULT_SEVERITIES are the cases' default levels. */
export const DEFAULT_SEVERITIES: SeverityByCase = byCase((texts) => texts.defaultSeverity);
