/**
 * rule.ts is the rule `transport-per-call` (docs/transport-rule.md): a net/http or
 * golang.org/x/net/http2 Transport constructed inside a function body, each
 * of which keeps its own pool of idle keep-alive connections — two goroutines
 * per connection — that no later call reuses.
 *
 * How its open points are settled (each also noted where it is coded):
 * - Soundness: a candidate is reported only when the top-level declaration
 *   holding it has no syntax error, and the file's imports parsed.
 * - Exemptions (exemptions.ts): `func init()` is exempt in any package,
 *   `func main()` only in package main.
 * - A function literal is exempt when passed to a sync.Once-style call, or
 *   called where it is written (`func(){…}()`, `go func(){…}()`) from an
 *   exempt place. A literal kept in a variable is followed through that
 *   variable's calls (by name within the declaring function for a local).
 * - A function also used as a value (`http.HandleFunc("/", h)`) anywhere
 *   but as the direct argument of a sync.Once-style call is not exempt: it
 *   may run per request.
 * - A method call `x.m()` counts for (*T).m unless the package's text tells
 *   x's type and it is not T: see PackageIndex.callSites.
 * - Escape (flow.ts): the Transport (or the http.Client that holds it in its
 *   `Transport` field) is followed through local variables by name within
 *   the function; it leaves when returned, assigned to a field, an element,
 *   a package-level variable, put in any composite literal other than an
 *   http.Client's Transport field (so an elided `[]*http.Transport{{…}}`
 *   element always leaves), sent on a channel, or passed to any function
 *   (method calls on it are uses, not escapes).
 * - The hints (flow.ts) look at the innermost function that builds the Transport:
 *   `CloseIdleConnections()` on the Transport or on its client anywhere in
 *   it, `DisableKeepAlives: true` in the literal or `x.DisableKeepAlives = true`
 *   on it. Hint wins over the other cases.
 * - nolint: see nolint.ts. The cases' texts: findingCases.ts.
 */
import type { Node } from 'web-tree-sitter';
import {
  NET_HTTP,
  TRANSPORT_RULE,
  X_NET_HTTP2,
  type AnalyzeOptions,
  type Finding,
  type FindingCase,
  type RelatedLocation,
  type SeverityByCase,
  type TransportForm,
  type TransportPackage,
} from './model';
import { LocalsCache, referencedLocals, type LocalNames } from '../go/locals';
import { planHoist, type HoistPlan } from './hoistPlan';
import { assignedValue, followTransport } from './flow';
import { isSuppressed, nolintRanges, type NolintRange } from './nolint';
import { DEFAULT_SEVERITIES, FINDING_CASES } from './findingCases';
import { Exemptions, functionKey, localLiteralSites, storedLiteral } from './exemptions';
import { collectTransportVars, transportMembers, type TransportMembers } from './packageTransports';
import { isGeneratedGo, isQualified, isTestFile, toPoint, type CallSite, type PackageIndex, type ParsedFile } from '../go/packageIndex';
import { enclosingFunction, functionDisplayName, isSame, outermostParen, shortText, topLevelDeclaration, unwrapParens } from '../go/syntax';
import { wordOffsets } from '../go/text';

/** Candidate is one construction found by transport.scm and confirmed against the file's imports. */
interface Candidate {
  /** The expression (or var spec) the finding's range covers. */
  readonly node: Node;
  readonly form: TransportForm;
  readonly pkg: TransportPackage;
  /** The composite literal, for `DisableKeepAlives: true` in it. */
  readonly literal?: Node;
  /** How the type was written in this file (`http.Transport`, `h.Transport`, `Transport`). */
  readonly typeText: string;
}

/** RuleContext is one analysis of one package: the index, locals, exemptions; built by analyzePackageFiles. */
export class RuleContext {
  readonly locals: LocalsCache;
  readonly exemptions: Exemptions;
  readonly severities: SeverityByCase;
  private members: TransportMembers | undefined;
  private vars: Set<string> | undefined;

  constructor(
    readonly index: PackageIndex,
    readonly options: AnalyzeOptions,
  ) {
    this.locals = new LocalsCache(index.go);
    this.exemptions = new Exemptions(index);
    this.severities = { ...DEFAULT_SEVERITIES, ...options.severities };
  }

  /** transportMembers is the package's struct fields and functions declared `*http.Transport` (for `h.transport.Clone()`, `base().Clone()`). */
  transportMembers(): TransportMembers {
    return (this.members ??= transportMembers(this.index, (file, type) => typePackage(file, type) !== undefined));
  }

  /** transportVars is the package's package-level Transport variables (for `shared.Clone()`). */
  transportVars(): Set<string> {
    if (this.vars) return this.vars;
    // Kept before it is filled: `var b = a.Clone()` asks about `a` while the set is being built.
    const names = (this.vars = new Set<string>());
    collectTransportVars(
      this.index,
      names,
      (file, expr) => transportExpressionPackage(this, file, expr, null, 0) !== undefined,
      (file, type) => typePackage(file, type) !== undefined,
    );
    return names;
  }
}

/** typePackage says which package's Transport a type node names in this file, if any. */
export function typePackage(file: ParsedFile, type: Node): TransportPackage | undefined {
  if (isQualified(type, file.namesOf(NET_HTTP), 'Transport')) return NET_HTTP;
  if (isQualified(type, file.namesOf(X_NET_HTTP2), 'Transport')) return X_NET_HTTP2;
  return undefined;
}

/**
 * analyzeFile runs the rule over one file of the package: the findings in
 * source order. The file's text must contain `Transport` for anything to be
 * found; the caller's prefilter skips the others without parsing.
 */
export function analyzeFile(ctx: RuleContext, path: string): Finding[] {
  // Generated files and tests are ruled out on the text, before any parse.
  const text = ctx.index.text(path);
  if (text === undefined || isGeneratedGo(text) || (isTestFile(path) && !ctx.options.includeTests)) return [];
  const file = ctx.index.file(path);
  if (!file) return [];
  // A file that imports neither net/http nor golang.org/x/net/http2 has
  // nothing to flag (the http2 forms count whether or not the file also
  // imports net/http).
  if (file.namesOf(NET_HTTP).size === 0 && file.namesOf(X_NET_HTTP2).size === 0) return [];
  const findings: Finding[] = [];
  const suppressions = nolintRanges(file);
  for (const candidate of candidates(ctx, file)) {
    const finding = judge(ctx, file, candidate, suppressions);
    if (finding) findings.push(finding);
  }
  return findings.sort((a, b) => a.range.startOffset - b.range.startOffset);
}

/** candidates runs transport.scm once over the file and keeps the constructions inside functions. */
function candidates(ctx: RuleContext, file: ParsedFile): Candidate[] {
  const found: Candidate[] = [];
  const seen = new Set<number>();
  const add = (c: Candidate) => {
    if (seen.has(c.node.startIndex) || !enclosingFunction(c.node)) return;
    seen.add(c.node.startIndex);
    found.push(c);
  };
  for (const match of transportMatches(ctx, file)) {
    const get = (name: string) => match.captures.find((c) => c.name === name)?.node;
    const literal = get('literal');
    if (literal) {
      const type = literal.childForFieldName('type')!;
      const pkg = typePackage(file, type);
      if (!pkg) continue;
      const parent = literal.parent;
      const addressed = parent?.type === 'unary_expression' && parent.childForFieldName('operator')?.type === '&';
      add({ node: addressed ? parent : literal, form: addressed ? 'address-literal' : 'value-literal', pkg, literal, typeText: type.text });
      continue;
    }
    const container = get('container');
    if (container) {
      for (const c of elidedElements(file, container)) add(c);
      continue;
    }
    const newCall = get('new');
    if (newCall) {
      const type = get('new.type')!;
      const pkg = typePackage(file, type);
      if (pkg) add({ node: newCall, form: 'new', pkg, typeText: type.text });
      continue;
    }
    const spec = get('var');
    if (spec) {
      const type = get('var.type')!;
      const pkg = typePackage(file, type);
      if (pkg && !spec.childForFieldName('value')) add({ node: spec, form: 'var', pkg, typeText: type.text });
      continue;
    }
    const clone = get('clone');
    if (clone && get('clone.arguments')!.namedChildCount === 0) {
      const kind = cloneKind(ctx, file, get('clone.receiver')!);
      if (kind) add({ node: clone, form: kind.form, pkg: kind.pkg, typeText: kind.typeText });
    }
  }
  return found;
}

/**
 * transportMatches runs transport.scm only around the words that every
 * pattern's match contains — `Transport`, or `Clone` for the Clone() form —
 * instead of over the whole tree: on a 2 000-line file that is most of the
 * difference between a keystroke's re-analysis in budget and out of it.
 * Nearby words share one run.
 */
function transportMatches(ctx: RuleContext, file: ParsedFile) {
  const offsets = [...wordOffsets(file.text, 'Transport'), ...wordOffsets(file.text, 'Clone')].sort((a, b) => a - b);
  const matches = [];
  let i = 0;
  while (i < offsets.length) {
    const start = offsets[i]!;
    let end = start + 9;
    for (i++; i < offsets.length && offsets[i]! < end + 200; i++) end = offsets[i]! + 9;
    // Points, not indexes: see ParsedFile's import query.
    const range = { startPosition: toPoint(file.lines.position(start)), endPosition: toPoint(file.lines.position(end)) };
    matches.push(...ctx.index.go.queries.transport.matches(file.root, range));
  }
  return matches;
}

/** elidedElements finds the `{…}` elements of a []*http.Transport{…} (or array, or map value) literal. */
function elidedElements(file: ParsedFile, container: Node): Candidate[] {
  const type = container.childForFieldName('type')!;
  let element = type.childForFieldName(type.type === 'map_type' ? 'value' : 'element');
  if (element?.type === 'pointer_type') element = element.namedChild(0);
  const pkg = element ? typePackage(file, element) : undefined;
  if (!pkg || !element) return [];
  const found: Candidate[] = [];
  for (const item of container.childForFieldName('body')!.namedChildren) {
    if (!item) continue;
    const value = item.type === 'keyed_element' ? item.childForFieldName('value') : item;
    const inner = value?.type === 'literal_element' ? value.namedChild(0) : null;
    if (inner?.type === 'literal_value') found.push({ node: inner, form: 'elided-literal', pkg, literal: inner, typeText: element.text });
  }
  return found;
}

/**
 * cloneKind decides whether `X.Clone()` clones a *http.Transport that the
 * syntax makes certain: `X.(*http.Transport)`, a package-level Transport
 * variable, or a local assigned from a Transport expression.
 */
function cloneKind(ctx: RuleContext, file: ParsedFile, receiver: Node): { form: TransportForm; pkg: TransportPackage; typeText: string } | undefined {
  const inner = unwrapParens(receiver);
  if (inner.type === 'type_assertion_expression') {
    const type = inner.childForFieldName('type');
    const target = type?.type === 'pointer_type' ? type.namedChild(0) : null;
    const pkg = target ? typePackage(file, target) : undefined;
    return pkg && target ? { form: 'clone', pkg, typeText: target.text } : undefined;
  }
  const fn = enclosingFunction(inner);
  if (inner.type === 'selector_expression' || inner.type === 'call_expression') {
    // h.transport.Clone() / base().Clone(): per call when it goes through a local name.
    const pkg = transportExpressionPackage(ctx, file, inner, fn, 1);
    if (!pkg) return undefined;
    let root = inner;
    while (root.type === 'selector_expression' || root.type === 'call_expression' || root.type === 'parenthesized_expression')
      root = unwrapParens(
        root.type === 'call_expression' ? root.childForFieldName('function')! : root.type === 'selector_expression' ? root.childForFieldName('operand')! : root,
      );
    const local = fn && root.type === 'identifier' && ctx.locals.of(file.path, root).isLocal(root);
    return { form: local ? 'clone-of-local' : 'clone', pkg, typeText: 'Transport' };
  }
  if (inner.type !== 'identifier') return undefined;
  if (fn && ctx.locals.of(file.path, inner).isLocal(inner)) {
    const pkg = localTransportPackage(ctx, file, inner, fn, 0);
    return pkg ? { form: 'clone-of-local', pkg, typeText: 'Transport' } : undefined;
  }
  if (ctx.transportVars().has(inner.text)) return { form: 'clone', pkg: NET_HTTP, typeText: 'Transport' };
  return undefined;
}

/**
 * transportExpressionPackage says whether an expression certainly yields a
 * Transport (or a pointer to one), and of which package. `fn` is the function
 * it sits in (null at package level), for locals; depth bounds the chase
 * through local variables.
 */
function transportExpressionPackage(ctx: RuleContext, file: ParsedFile, expr: Node, fn: Node | null, depth: number): TransportPackage | undefined {
  if (depth > 4) return undefined;
  const e = unwrapParens(expr);
  switch (e.type) {
    case 'unary_expression':
      return e.childForFieldName('operator')?.type === '&' ? transportExpressionPackage(ctx, file, e.childForFieldName('operand')!, fn, depth + 1) : undefined;
    case 'composite_literal':
      return typePackage(file, e.childForFieldName('type')!);
    case 'call_expression': {
      const f = e.childForFieldName('function');
      const args = e.childForFieldName('arguments');
      if (f?.type === 'identifier' && f.text === 'new' && args?.namedChildCount === 1) return typePackage(file, args.namedChild(0)!);
      if (f?.type === 'selector_expression' && f.childForFieldName('field')?.text === 'Clone' && args?.namedChildCount === 0)
        return transportExpressionPackage(ctx, file, f.childForFieldName('operand')!, fn, depth + 1);
      // A package function declared to return *http.Transport (not shadowed by a local).
      if (f?.type === 'identifier' && ctx.transportMembers().funcs.has(f.text) && !(fn && ctx.locals.of(file.path, f).isLocal(f))) return NET_HTTP;
      return undefined;
    }
    case 'selector_expression': {
      // A field of a package struct declared *http.Transport; an import's selector is no field.
      const operand = unwrapParens(e.childForFieldName('operand')!);
      if (operand.type === 'identifier' && file.imports.some((i) => i.name === operand.text)) return undefined;
      return ctx.transportMembers().fields.has(e.childForFieldName('field')!.text) ? NET_HTTP : undefined;
    }
    case 'type_assertion_expression': {
      const type = e.childForFieldName('type');
      const target = type?.type === 'pointer_type' ? type.namedChild(0) : null;
      return target ? typePackage(file, target) : undefined;
    }
    case 'identifier':
      if (fn && ctx.locals.of(file.path, e).isLocal(e)) return localTransportPackage(ctx, file, e, fn, depth + 1);
      return depth > 0 && ctx.transportVars().has(e.text) ? NET_HTTP : undefined;
    default:
      return undefined;
  }
}

/** localTransportPackage looks at how a local variable is declared (a parameter or receiver `*http.Transport`) or what it is assigned in its function. */
function localTransportPackage(ctx: RuleContext, file: ParsedFile, identifier: Node, fn: Node, depth: number): TransportPackage | undefined {
  const decl = ctx.locals.of(file.path, identifier).resolve(identifier)?.node;
  const declaredType = decl?.parent?.type === 'parameter_declaration' || decl?.parent?.type === 'var_spec' ? decl.parent.childForFieldName('type') : null;
  if (declaredType?.type === 'pointer_type' && declaredType.namedChild(0)) {
    const pkg = typePackage(file, declaredType.namedChild(0)!);
    if (pkg) return pkg;
  }
  const name = identifier.text;
  for (const offset of wordOffsets(file.text, name, fn.startIndex, identifier.startIndex)) {
    const node = file.nodeAt(offset, offset + name.length);
    if (node?.type !== 'identifier') continue;
    const value = assignedValue(node);
    if (value) {
      const pkg = transportExpressionPackage(ctx, file, value, fn, depth);
      if (pkg) return pkg;
    }
  }
  return undefined;
}

/** judge decides whether a candidate is reported, and how: exemptions, nolint, escape analysis, severity, fix. */
function judge(ctx: RuleContext, file: ParsedFile, c: Candidate, suppressions: readonly NolintRange[]): Finding | undefined {
  const fn = enclosingFunction(c.node)!;
  const top = topLevelDeclaration(c.node);
  if (!top || top.hasError || top.type === 'ERROR') return undefined; // findings only where the tree is sound
  if (isSuppressed(suppressions, c.node.startPosition.row, c.node.endPosition.row)) return undefined;
  if (ctx.exemptions.isExemptPlace(file, fn)) return undefined;

  const locals = ctx.locals.of(file.path, c.node);
  const flow = followTransport(file, c, fn, locals);
  const fnName = functionDisplayName(fn);
  const what = describeConstruction(c);
  const related: RelatedLocation[] = [];
  const at = (f: ParsedFile, node: Node, message: string): RelatedLocation => ({ file: f.path, range: f.lines.range(node.startIndex, node.endIndex), message });

  let kase: FindingCase;
  let leaves = '';
  let who = '';
  let usedAsValue = false;
  if (flow.closes || flow.keepAlivesOff) {
    kase = flow.closes ? 'hint-closes' : 'hint-keepalives-off';
    related.push(at(file, (flow.closes ?? flow.keepAlivesOff)!, FINDING_CASES[kase].hintAt!));
  } else if (flow.escapes.length === 0) {
    kase = 'local';
  } else {
    leaves = flow.escapes[0]!.reason;
    const callers = perCallCallers(ctx, file, fn);
    if (callers.calls.length > 0) {
      kase = 'escapes-called-per-call';
      const names = [...new Set(callers.calls.map((s) => callerName(s)))];
      who = names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
      for (const site of callers.calls) related.push(at(site.file, site.node, `${callerName(site)} calls ${fnName} here, on every call`));
    } else {
      kase = 'escapes-uncalled';
      usedAsValue = callers.values > 0;
    }
    for (const e of flow.escapes) related.push(at(file, e.node, `the Transport leaves ${fnName} here: ${e.short}`));
  }
  let message = FINDING_CASES[kase].message({ what, fn: fnName, leaves, callers: who, usedAsValue });
  for (const use of flow.uses) related.push(at(file, use.node, use.message));

  const severity = ctx.severities[kase];
  if (severity === 'off') return undefined;
  const noFixReason = hoistBlocker(c, locals) ?? planHoist(ctx.index, file, c, fn, locals, flow).blocker;
  if (noFixReason) message += ` No quick fix: ${noFixReason}.`;
  return {
    rule: TRANSPORT_RULE,
    file: file.path,
    range: file.lines.range(c.node.startIndex, c.node.endIndex),
    severity,
    case: kase,
    form: c.form,
    transportPackage: c.pkg,
    functionName: fnName,
    message,
    fixAvailable: noFixReason === undefined,
    ...(noFixReason === undefined ? {} : { noFixReason }),
    related: dedupeRelated(related).slice(0, 20),
  };
}

function dedupeRelated(related: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return related.filter((r) => {
    const key = `${r.file}:${r.range.startOffset}:${r.range.endOffset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * hoistPlanAt is the plan for the finding whose expression is `node` (the
 * hoist recomputes it on the text it edits): what moves, or why nothing may.
 */
export function hoistPlanAt(ctx: RuleContext, file: ParsedFile, node: Node): { plan: HoistPlan; form: TransportForm; pkg: TransportPackage } | undefined {
  const c = candidates(ctx, file).find((k) => isSame(k.node, node));
  const fn = c && enclosingFunction(c.node);
  if (!c || !fn) return undefined;
  const locals = ctx.locals.of(file.path, c.node);
  const blocker = hoistBlocker(c, locals);
  if (blocker) return { plan: { moved: [], blocker }, form: c.form, pkg: c.pkg };
  return { plan: planHoist(ctx.index, file, c, fn, locals, followTransport(file, c, fn, locals)), form: c.form, pkg: c.pkg };
}

/** describeConstruction names the construction in a message, with the file's own qualifier. */
function describeConstruction(c: Candidate): string {
  switch (c.form) {
    case 'address-literal':
      return `&${c.typeText}{…}`;
    case 'value-literal':
      return `${c.typeText}{…}`;
    case 'elided-literal':
      return `The ${c.typeText} element {…}`;
    case 'new':
      return `new(${c.typeText})`;
    case 'var':
      return `var ${c.node
        .childrenForFieldName('name')
        .map((n) => n?.text)
        .join(', ')} ${c.typeText}`;
    case 'clone':
    case 'clone-of-local':
      return shortText(c.node, 60);
  }
}

/**
 * hoistBlocker says why no hoist can be offered, or undefined when one can:
 * the form (value literals are copies, an elided element has no type to
 * move, a var or a Clone() of a local stays) and any function-local name
 * the expression refers to.
 */
export function hoistBlocker(c: { node: Node; form: TransportForm }, locals: LocalNames): string | undefined {
  switch (c.form) {
    case 'value-literal':
      return 'a Transport value is copied where it is used, and copying a Transport is wrong; take its address (&…{…}) to make it hoistable';
    case 'elided-literal':
      return 'an element of a composite literal cannot be moved without its type; write it as &http.Transport{…} to make it hoistable';
    case 'var':
      return 'declare the variable at package level instead';
    case 'clone-of-local': {
      const operand = unwrapParens(c.node.childForFieldName('function')!.childForFieldName('operand')!);
      return operand.type === 'identifier' ? `it clones the local variable ${operand.text}` : `it clones ${shortText(operand)}, reached through a local name`;
    }
    default:
      break;
  }
  const locals_ = referencedLocals(c.node, locals);
  if (locals_.length > 0) return `the expression refers to the local name${locals_.length > 1 ? 's' : ''} ${locals_.join(', ')}`;
  return undefined;
}

/** callerName names the function a call site sits in. */
function callerName(site: { place: Node | null }): string {
  return site.place ? functionDisplayName(site.place) : 'a package-level declaration';
}

/**
 * perCallCallers finds the calls that make fn run per call: calls of a
 * declared function from places that are not exempt, or the place a
 * function literal is invoked where it is written.
 */
function perCallCallers(ctx: RuleContext, file: ParsedFile, fn: Node): { calls: CallSite[]; values: number } {
  const key = functionKey(fn);
  if (key) {
    const sites = ctx.index.callSites(key);
    return {
      calls: sites.filter((s) => s.kind === 'call' && !ctx.exemptions.isExemptPlace(s.file, s.place)),
      values: sites.filter((s) => s.kind === 'value').length,
    };
  }
  const top = outermostParen(fn);
  const call = top.parent;
  if (call?.type === 'call_expression' && isSame(call.childForFieldName('function'), top)) {
    const place = enclosingFunction(call);
    if (!ctx.exemptions.isExemptPlace(file, place)) return { calls: [{ file, node: call, kind: 'call', place }], values: 0 };
  }
  const stored = storedLiteral(fn);
  if (stored) {
    const sites = stored.local ? localLiteralSites(file, stored.name, stored.scope) : ctx.index.callSites(`func:${stored.name.text}`);
    return {
      calls: sites.filter((s) => s.kind === 'call' && !ctx.exemptions.isExemptPlace(s.file, s.place)),
      values: sites.filter((s) => s.kind === 'value').length,
    };
  }
  return { calls: [], values: 0 };
}
