/**
 * flow.ts follows a Transport built in a function through that function:
 * into local variables and an http.Client's `Transport` field, to where it
 * is used, where it leaves the function (the rule's escape analysis, see
 * docs/transport-rule.md), how it is configured after being built (what the
 * hoist must move with it), and whether the function closes its idle
 * connections or turns keep-alives off (the hints).
 */
import type { Node } from 'web-tree-sitter';
import type { LocalNames } from '../go/locals';
import { NET_HTTP, type TransportForm } from './model';
import { isQualified, type ParsedFile } from '../go/packageIndex';
import { contains, enclosingFunction, indexIn, isSame, isStructKey, outermostParen, shortText, unwrapParens } from '../go/syntax';
import { wordOffsets } from '../go/text';

/** Configure is one place the function configures the Transport after building it (what a hoist must move with it). */
export interface Configure {
  /** The statement (field assignment) or call (method, passed on). */
  readonly node: Node;
  readonly kind: 'field' | 'method' | 'passed';
  /** For `passed`: the callee; for `method`: the method. */
  readonly callee?: string;
}

export interface Flow {
  readonly escapes: { node: Node; reason: string; short: string }[];
  readonly uses: { node: Node; message: string }[];
  /** Field assignments, method calls and calls it is passed to, in no particular order. */
  readonly configures: Configure[];
  /** Where it (or a client holding it) is stored in a field, element or package-level variable: the assignment's target. */
  readonly stores: Node[];
  closes: Node | null;
  keepAlivesOff: Node | null;
}

/**
 * followTransport follows the constructed Transport through the function:
 * into local variables, into an http.Client's Transport field (and that
 * client's variables), collecting where it is used, where it leaves the
 * function, and whether the function closes its idle connections or turns
 * keep-alives off. Each reference is judged by the node around it, one
 * handler per kind of node (FOLLOW_HANDLERS); a handler may queue the
 * enclosing expression, or the references of a variable now holding it.
 */
export function followTransport(file: ParsedFile, c: { node: Node; form: TransportForm; literal?: Node }, fn: Node, locals: LocalNames): Flow {
  const follow = new Follow(file, fn, locals);
  const flow = follow.flow;
  if (c.literal) {
    for (const item of c.literal.type === 'literal_value' ? c.literal.namedChildren : (c.literal.childForFieldName('body')?.namedChildren ?? [])) {
      if (item?.type === 'keyed_element' && item.childForFieldName('key')?.text === 'DisableKeepAlives' && item.childForFieldName('value')?.text === 'true')
        flow.keepAlivesOff = item;
    }
  }
  if (c.form === 'var') {
    for (const n of c.node.childrenForFieldName('name')) if (n) follow.track(n, 'transport');
  } else {
    follow.queue.push({ node: c.node, holder: 'transport' });
  }
  for (let steps = 0; follow.queue.length > 0 && steps < MAX_FOLLOW_STEPS; steps++) {
    const { node, holder } = follow.queue.shift()!;
    const top = outermostParen(node);
    const parent = top.parent;
    if (!parent) continue;
    (FOLLOW_HANDLERS.get(parent.type) ?? usedIn)(follow, top, parent, holder);
  }
  // The constructing statement itself is not a "use" worth pointing at.
  const own = flow.uses.filter((u) => !(u.node.startIndex <= c.node.startIndex && c.node.endIndex <= u.node.endIndex));
  flow.uses.length = 0;
  flow.uses.push(...own);
  return flow;
}

/** MAX_FOLLOW_STEPS bounds the references one Transport is followed through. */
const MAX_FOLLOW_STEPS = 500;

/** Holder is what a followed reference holds: the Transport itself, or an http.Client whose Transport field it is. */
type Holder = 'transport' | 'client';

/** Follow is one run of followTransport: the flow being filled and the references still to look at. */
class Follow {
  readonly flow: Flow = { escapes: [], uses: [], configures: [], stores: [], closes: null, keepAlivesOff: null };
  readonly queue: { node: Node; holder: Holder }[] = [];
  readonly httpNames: Set<string>;
  private readonly tracked = new Set<string>();

  constructor(
    readonly file: ParsedFile,
    readonly fn: Node,
    readonly locals: LocalNames,
  ) {
    this.httpNames = file.namesOf(NET_HTTP);
  }

  /** track queues every later reference in fn to the variable declared at nameNode (same name, same variable). */
  track(nameNode: Node, holder: Holder): void {
    const name = nameNode.text;
    if (name === '_' || this.tracked.has(`${holder}:${name}`)) return;
    this.tracked.add(`${holder}:${name}`);
    for (const offset of wordOffsets(this.file.text, name, nameNode.endIndex, this.fn.endIndex)) {
      const ref = this.file.nodeAt(offset, offset + name.length);
      if (ref?.type !== 'identifier' || isStructKey(ref)) continue;
      // A local of the same name declared elsewhere is another variable.
      const visible = this.locals.visibleAt(ref, name);
      if (visible.length > 0 && !visible.some((l) => isSame(l.node, nameNode))) continue;
      this.queue.push({ node: ref, holder });
    }
  }

  escape(node: Node, reason: string, short: string): void {
    this.flow.escapes.push({ node, reason, short });
  }

  use(node: Node, holder: Holder): void {
    this.flow.uses.push({ node, message: holder === 'transport' ? 'the Transport is used here' : 'the http.Client holding the Transport is used here' });
  }

  store(target: Node, reason: string, short: string): void {
    this.flow.stores.push(target);
    this.escape(target, reason, short);
  }
}

/** FollowHandler judges one reference (`top`, out of its parentheses) by the node around it (`parent`). */
type FollowHandler = (f: Follow, top: Node, parent: Node, holder: Holder) => void;

/** usedIn: any other place the reference appears is a use of it there. */
const usedIn: FollowHandler = (f, top, _parent, holder) => f.use(top, holder);

/** `&x` follows the address (the same Transport); any other unary operator uses it. */
const inUnary: FollowHandler = (f, _top, parent, holder) => {
  if (parent.childForFieldName('operator')?.type === '&') f.queue.push({ node: parent, holder });
  else f.use(parent, holder);
};

/** In a list: returned, assigned or declared (`x := tr`, `var x = tr`), reassigned itself, or used (call arguments are argument_lists, not these). */
const inExpressionList: FollowHandler = (f, top, parent, holder) => {
  const statement = parent.parent;
  if (!statement) return;
  if (statement.type === 'return_statement') return f.escape(top, 'returns it', 'returned');
  const assigns = statement.type === 'short_var_declaration' || statement.type === 'assignment_statement';
  if (assigns && isSame(statement.childForFieldName('right'), parent)) return assignedTo(f, top, parent, statement, holder);
  if (statement.type === 'var_spec' && isSame(statement.childForFieldName('value'), parent)) {
    const name = statement.childrenForFieldName('name')[indexIn(parent, top)];
    if (name) {
      f.track(name, holder);
      f.use(statement, holder);
    }
    return;
  }
  if (assigns && isSame(statement.childForFieldName('left'), parent)) return; // reassigned
  f.use(top, holder);
};

/** assignedTo handles `target = top` / `target := top`: a local now holds it, a client's Transport field, or it is stored somewhere that outlives the call. */
function assignedTo(f: Follow, top: Node, right: Node, statement: Node, holder: Holder): void {
  const target = unwrapParens(statement.childForFieldName('left')?.namedChild(indexIn(right, top)) ?? top);
  if (target.type === 'identifier') {
    if (target.text === '_') return;
    if (statement.type === 'short_var_declaration' || f.locals.isLocal(target)) {
      const declared = statement.type === 'short_var_declaration' ? target : (f.locals.resolve(target)?.node ?? target);
      f.track(declared, holder);
      f.use(statement, holder);
      const bare = namedResultReturn(f.fn, declared);
      if (bare) f.escape(bare, `returns it (in the named result ${target.text}, by a bare return)`, 'returned');
    } else {
      f.store(target, `stores it in the package-level variable ${target.text}`, `stored in ${target.text}`);
    }
    return;
  }
  const client = holder === 'transport' && target.type === 'selector_expression' ? localClient(f.file, target, f.locals) : null;
  if (client) {
    // `c.Transport = tr` on a local http.Client: the client holds it now.
    f.track(client, 'client');
    f.use(statement, holder);
  } else if (target.type === 'selector_expression') f.store(target, `stores it in the field ${shortText(target)}`, 'stored in a field');
  else if (target.type === 'index_expression') f.store(target, `stores it in the element ${shortText(target)}`, 'stored in a map or slice');
  else f.escape(target, `stores it in ${shortText(target)}`, 'stored');
}

/** `return tr` (a single result). */
const inReturn: FollowHandler = (f, top) => f.escape(top, 'returns it', 'returned');

/** In a composite literal's element: an http.Client's Transport field (follow the client), a key (a use), or any other element (it leaves). */
const inLiteralElement: FollowHandler = (f, top, parent, holder) => {
  const keyed = parent.parent;
  if (keyed?.type === 'keyed_element' && isSame(keyed.childForFieldName('value'), parent)) {
    const composite = keyed.parent?.parent;
    const key = keyed.childForFieldName('key')?.text;
    if (
      holder === 'transport' &&
      key === 'Transport' &&
      composite?.type === 'composite_literal' &&
      isQualified(composite.childForFieldName('type')!, f.httpNames, 'Client')
    ) {
      f.queue.push({ node: composite, holder: 'client' });
      f.use(composite, 'transport');
      return;
    }
  }
  if (keyed?.type === 'keyed_element' && isSame(keyed.childForFieldName('key'), parent)) return f.use(top, holder);
  f.escape(top, 'stores it in a composite literal', 'stored in a composite literal');
};

/** An element of a composite literal without a key: it leaves with the literal. */
const inLiteralValue: FollowHandler = (f, top) => f.escape(top, 'stores it in a composite literal', 'stored in a composite literal');

/** Passed to a function: it leaves (and the call may configure it, which the hoist must know). */
const inArguments: FollowHandler = (f, top, parent, holder) => {
  const call = parent.parent;
  const callee = call?.childForFieldName('function');
  f.escape(top, `passes it to ${callee ? shortText(callee) : 'a function'}`, `passed to ${callee ? shortText(callee) : 'a function'}`);
  if (holder === 'transport' && call) f.flow.configures.push({ node: call, kind: 'passed', callee: callee ? shortText(callee) : 'a function' });
};

/** `c.Transport.(*http.Transport)`: the same Transport. */
const inTypeAssertion: FollowHandler = (f, top, parent, holder) => {
  if (isSame(parent.childForFieldName('operand'), top)) f.queue.push({ node: parent, holder });
  else f.use(parent, holder);
};

/** `ch <- tr` sends it away; as the channel it is used. */
const inSend: FollowHandler = (f, top, parent, holder) => {
  if (isSame(parent.childForFieldName('value'), top)) f.escape(top, 'sends it on a channel', 'sent on a channel');
  else f.use(parent, holder);
};

/**
 * `x.m()` and `x.F`: a method call (CloseIdleConnections is the hint; others
 * configure it), a client's Transport field (follow the Transport), or a
 * field written (configures it; `DisableKeepAlives = true` is the hint).
 */
const inSelector: FollowHandler = (f, top, parent, holder) => {
  if (!isSame(parent.childForFieldName('operand'), top)) return;
  const field = parent.childForFieldName('field')?.text;
  const sel = outermostParen(parent);
  const outer = sel.parent;
  if (outer?.type === 'call_expression' && isSame(outer.childForFieldName('function'), sel)) {
    if (field === 'CloseIdleConnections') f.flow.closes ??= outer;
    if (holder === 'transport' && field !== 'CloseIdleConnections' && field !== 'RoundTrip')
      f.flow.configures.push({ node: outer, kind: 'method', callee: shortText(sel) });
    f.use(outer, holder);
    return;
  }
  if (holder === 'client' && field === 'Transport') {
    f.queue.push({ node: sel, holder: 'transport' });
    f.use(sel, holder);
    return;
  }
  if (holder === 'transport') {
    const assignment = assignmentTo(fieldChainTop(sel));
    if (assignment) f.flow.configures.push({ node: assignment, kind: 'field' });
  }
  if (outer?.type === 'expression_list' && holder === 'transport' && field === 'DisableKeepAlives') {
    const statement = outer.parent;
    if (statement?.type === 'assignment_statement' && isSame(statement.childForFieldName('left'), outer)) {
      const value = statement.childForFieldName('right')?.namedChild(indexIn(outer, sel));
      if (value?.text === 'true') f.flow.keepAlivesOff ??= statement;
    }
  }
  f.use(sel, holder);
};

/** FOLLOW_HANDLERS maps the kind of node around a reference to its handler; any other kind is a use (usedIn). */
const FOLLOW_HANDLERS: ReadonlyMap<string, FollowHandler> = new Map([
  ['unary_expression', inUnary],
  ['expression_list', inExpressionList],
  ['return_statement', inReturn],
  ['literal_element', inLiteralElement],
  ['literal_value', inLiteralValue],
  ['argument_list', inArguments],
  ['type_assertion_expression', inTypeAssertion],
  ['send_statement', inSend],
  ['selector_expression', inSelector],
]);

/** fieldChainTop climbs `t.A.B[k].C` from `t.A` to the whole chain (what an assignment to a field of t writes). */
export function fieldChainTop(sel: Node): Node {
  let chain = outermostParen(sel);
  for (;;) {
    const p = chain.parent;
    if ((p?.type === 'selector_expression' || p?.type === 'index_expression') && isSame(p.childForFieldName('operand'), chain)) chain = outermostParen(p);
    else return chain;
  }
}

/** assignmentTo is the statement that writes node (`node = …`, `node += …`, `node++`), or null. */
export function assignmentTo(node: Node): Node | null {
  const p = node.parent;
  if (p?.type === 'inc_statement' || p?.type === 'dec_statement') return p;
  if (p?.type === 'expression_list' && p.parent?.type === 'assignment_statement' && isSame(p.parent.childForFieldName('left'), p)) return p.parent;
  return null;
}

/** namedResultReturn is the first bare `return` of fn when `declared` is one of fn's named results (it returns that result). */
function namedResultReturn(fn: Node, declared: Node): Node | null {
  const results = fn.childForFieldName('result');
  if (results?.type !== 'parameter_list' || !contains(results, declared)) return null;
  for (const r of fn.descendantsOfType('return_statement')) {
    if (r && r.namedChildCount === 0 && isSame(enclosingFunction(r), fn)) return r;
  }
  return null;
}

/** localClient is the declaration of X in `X.Transport` when X is a local http.Client (a literal, new(http.Client), or declared so). */
function localClient(file: ParsedFile, target: Node, locals: LocalNames): Node | null {
  if (target.childForFieldName('field')?.text !== 'Transport') return null;
  const operand = unwrapParens(target.childForFieldName('operand')!);
  if (operand.type !== 'identifier') return null;
  const decl = locals.resolve(operand)?.node;
  if (!decl) return null;
  const httpNames = file.namesOf(NET_HTTP);
  const isClient = (type: Node | null | undefined): boolean => {
    const t = type?.type === 'pointer_type' ? type.namedChild(0) : type;
    return !!t && isQualified(t, httpNames, 'Client');
  };
  if (decl.parent?.type === 'var_spec' && isClient(decl.parent.childForFieldName('type'))) return decl;
  let value = assignedValue(decl);
  if (!value) return null;
  value = unwrapParens(value);
  if (value.type === 'unary_expression') value = unwrapParens(value.childForFieldName('operand')!);
  if (value.type === 'composite_literal' && isClient(value.childForFieldName('type'))) return decl;
  if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'new' && isClient(value.childForFieldName('arguments')?.namedChild(0)))
    return decl;
  return null;
}

/** assignedValue is the right-hand expression paired with an identifier on the left of `:=`, `=` or `var … =`. */
export function assignedValue(identifier: Node): Node | null {
  const list = identifier.parent;
  if (list?.type === 'expression_list') {
    const statement = list.parent;
    if ((statement?.type === 'short_var_declaration' || statement?.type === 'assignment_statement') && isSame(statement.childForFieldName('left'), list)) {
      const i = indexIn(list, identifier);
      return statement.childForFieldName('right')?.namedChild(i) ?? null;
    }
  }
  if (list?.type === 'var_spec') {
    const i = list.childrenForFieldName('name').findIndex((n) => isSame(n, identifier));
    return list.childForFieldName('value')?.namedChild(i) ?? null;
  }
  return null;
}
