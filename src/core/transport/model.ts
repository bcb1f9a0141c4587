/**
 * model.ts holds the plain data the rule `transport-per-call` produces:
 * findings, their cases and severities, text edits. Nothing here knows about
 * tree-sitter or VS Code, so the CLI, the tests and the extension's adapters
 * all read the same shapes.
 */
import type { Range } from '../go/text';

export type { Position, Range } from '../go/text';

/** TRANSPORT_RULE is the rule's id: the diagnostic code, the SARIF ruleId and the nolint name. */
export const TRANSPORT_RULE = 'transport-per-call';

/** RULE_HELP_URI is where the rule is documented (the README's anchor). */
export const RULE_HELP_URI = 'https://github.com/goroutine-lens/goroutine-lens#rule-transport-per-call';

/** HOIST_TITLE names the quick fix that hoists the Transport: the editor's action, the hover and the SARIF fix say it alike. */
export const HOIST_TITLE = 'Hoist Transport to a package-level variable';

/** NET_HTTP and X_NET_HTTP2 are the two import paths whose Transport the rule looks for. */
export const NET_HTTP = 'net/http';
export const X_NET_HTTP2 = 'golang.org/x/net/http2';

/** TransportPackage is the import path a Transport comes from. */
export type TransportPackage = typeof NET_HTTP | typeof X_NET_HTTP2;

/** Severity is a finding's level, named as VS Code names them. */
export type Severity = 'warning' | 'information' | 'hint';

/** SeveritySetting is what a setting may choose for a case: a level or nothing at all. */
export type SeveritySetting = Severity | 'off';

/**
 * FindingCase is why a finding has its severity (docs/transport-rule.md, "Severities"): the
 * Transport stays in the function (`local`), leaves it and the function is
 * called per call in its package (`escapes-called-per-call`), leaves it and
 * the function is never called in its package (`escapes-uncalled`), or the
 * function closes its idle connections / disables keep-alives (the hints,
 * which win over the others).
 */
export type FindingCase = 'local' | 'escapes-called-per-call' | 'escapes-uncalled' | 'hint-closes' | 'hint-keepalives-off';

/** SeverityByCase maps each case to its level; the extension's settings fill it (defaults: findingCases.ts's DEFAULT_SEVERITIES). */
export type SeverityByCase = Readonly<Record<FindingCase, SeveritySetting>>;

/** SEVERITY_RANK orders levels for `--fail-on`: a finding fails the run when its rank is at least the threshold's. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { hint: 1, information: 2, warning: 3 };

/**
 * TransportForm is the syntax that built the Transport. It decides whether a
 * hoist can be offered: only `address-literal`, `new` and a `clone` of a
 * package-level Transport or of `http.DefaultTransport.(*http.Transport)`.
 */
export type TransportForm =
  | 'address-literal' // &http.Transport{…}
  | 'value-literal' // http.Transport{…} (copying a Transport is wrong: never hoisted)
  | 'elided-literal' // the {…} in []*http.Transport{{…}}
  | 'new' // new(http.Transport)
  | 'var' // var tr http.Transport
  | 'clone' // X.Clone() with X known to be a *http.Transport
  | 'clone-of-local'; // base.Clone() where base is a local variable

/** RelatedLocation points at where the Transport is used, or at a call that makes it per call. */
export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

/**
 * Finding is one Transport constructed per call. `file` is the path the
 * package source named the file by (relative with `/` in the CLI). Ranges are
 * 0-based here; the JSON and SARIF writers turn them 1-based.
 */
export interface Finding {
  readonly rule: typeof TRANSPORT_RULE;
  readonly file: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly case: FindingCase;
  readonly form: TransportForm;
  /** Which package the Transport comes from: net/http or golang.org/x/net/http2. */
  readonly transportPackage: TransportPackage;
  /** The enclosing function as the message names it (`fetch`, `(*Client).Do`, `a function literal in main`). */
  readonly functionName: string;
  readonly message: string;
  readonly fixAvailable: boolean;
  /** Why no hoist is offered, when fixAvailable is false (also said in the message). */
  readonly noFixReason?: string;
  readonly related: readonly RelatedLocation[];
}

/** TextEdit replaces [startOffset, endOffset) of one file's text (UTF-16 offsets) with newText. */
export interface TextEdit {
  readonly file: string;
  readonly range: Range;
  readonly newText: string;
}

/** AnalyzeOptions are the rule's knobs (settings in the extension, flags in the CLI). */
export interface AnalyzeOptions {
  /** Analyze `_test.go` files too (off by default). */
  readonly includeTests?: boolean;
  /** Levels per case; `off` drops the finding. */
  readonly severities?: Partial<SeverityByCase>;
  /** Parse timeout per file, in milliseconds (pathological input). */
  readonly parseTimeoutMs?: number;
  /**
   * Keeps trees between analyses for incremental reparsing of edited files
   * (a `ParseCache`; the extension passes one, the CLI does not).
   */
  readonly parseCache?: import('../go/parseCache').ParseCache;
}
