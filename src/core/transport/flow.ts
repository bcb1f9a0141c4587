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
import type { TransportForm } from '../go/model';
import { NET_HTTP, isQualified, type ParsedFile } from '../go/packageIndex';
import { contains, enclosingFunction, indexIn, isSame, isStructKey, outermostParen, shortText, unwrapParens } from '../go/syntax';
import { wordOffsets } from '../go/text';

/** Configure is one place the function configures the Transport after building it (SPEC §4 "Quick fix"). */
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
 * keep-alives off.
 */
export function followTransport(file: ParsedFile, c: { node: Node; form: TransportForm; literal?: Node }, fn: Node, locals: LocalNames): Flow {
  const flow: Flow = { escapes: [], uses: [], configures: [], stores: [], closes: null, keepAlivesOff: null };
  if (c.literal) {
    for (const item of c.literal.type === 'literal_value' ? c.literal.namedChildren : (c.literal.childForFieldName('body')?.namedChildren ?? [])) {
      if (item?.type === 'keyed_element' && item.childForFieldName('key')?.text === 'DisableKeepAlives' && item.childForFieldName('value')?.text === 'true')
        flow.keepAlivesOff = item;
    }
  }
  const tracked = new Set<string>();
  const queue: { node: Node; holder: 'transport' | 'client' }[] = [];
  const track = (nameNode: Node, holder: 'transport' | 'client') => {
    const name = nameNode.text;
    if (name === '_' || tracked.has(`${holder}:${name}`)) return;
    tracked.add(`${holder}:${name}`);
    for (const offset of wordOffsets(file.text, name, nameNode.endIndex, fn.endIndex)) {
      const ref = file.nodeAt(offset, offset + name.length);
      if (ref?.type !== 'identifier' || isStructKey(ref)) continue;
      // A local of the same name declared elsewhere is another variable.
      const visible = locals.visibleAt(ref, name);
      if (visible.length > 0 && !visible.some((l) => isSame(l.node, nameNode))) continue;
      queue.push({ node: ref, holder });
    }
  };
  const escape = (node: Node, reason: string, short: string) => flow.escapes.push({ node, reason, short });
  const use = (node: Node, holder: 'transport' | 'client') =>
    flow.uses.push({ node, message: holder === 'transport' ? 'the Transport is used here' : 'the http.Client holding the Transport is used here' });

  if (c.form === 'var') {
    for (const n of c.node.childrenForFieldName('name')) if (n) track(n, 'transport');
  } else {
    queue.push({ node: c.node, holder: 'transport' });
  }
  const httpNames = file.namesOf(NET_HTTP);
  for (let steps = 0; queue.length > 0 && steps < 500; steps++) {
    const { node, holder } = queue.shift()!;
    const top = outermostParen(node);
    const parent = top.parent;
    if (!parent) continue;
    switch (parent.type) {
      case 'unary_expression':
        if (parent.childForFieldName('operator')?.type === '&') queue.push({ node: parent, holder });
        else use(parent, holder);
        break;
      case 'expression_list': {
        const statement = parent.parent;
        if (!statement) break;
        if (statement.type === 'return_statement') {
          escape(top, 'returns it', 'returned');
          break;
        }
        if ((statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') && isSame(statement.childForFieldName('right'), parent)) {
          const target = unwrapParens(statement.childForFieldName('left')?.namedChild(indexIn(parent, top)) ?? top);
          if (target.type === 'identifier') {
            if (target.text === '_') break;
            if (statement.type === 'short_var_declaration' || locals.isLocal(target)) {
              const declared = statement.type === 'short_var_declaration' ? target : (locals.resolve(target)?.node ?? target);
              track(declared, holder);
              use(statement, holder);
              const bare = namedResultReturn(fn, declared);
              if (bare) escape(bare, `returns it (in the named result ${target.text}, by a bare return)`, 'returned');
            } else {
              flow.stores.push(target);
              escape(target, `stores it in the package-level variable ${target.text}`, `stored in ${target.text}`);
            }
          } else if (holder === 'transport' && target.type === 'selector_expression' && localClient(file, target, locals)) {
            // `c.Transport = tr` on a local http.Client: the client holds it now.
            track(localClient(file, target, locals)!, 'client');
            use(statement, holder);
          } else if (target.type === 'selector_expression') {
            flow.stores.push(target);
            escape(target, `stores it in the field ${shortText(target)}`, 'stored in a field');
          } else if (target.type === 'index_expression') {
            flow.stores.push(target);
            escape(target, `stores it in the element ${shortText(target)}`, 'stored in a map or slice');
          } else {
            escape(target, `stores it in ${shortText(target)}`, 'stored');
          }
          break;
        }
        if (statement.type === 'var_spec' && isSame(statement.childForFieldName('value'), parent)) {
          const name = statement.childrenForFieldName('name')[indexIn(parent, top)];
          if (name) {
            track(name, holder);
            use(statement, holder);
          }
          break;
        }
        if ((statement.type === 'assignment_statement' || statement.type === 'short_var_declaration') && isSame(statement.childForFieldName('left'), parent))
          break; // reassigned
        use(top, holder);
        break;
      }
      case 'return_statement':
        escape(top, 'returns it', 'returned');
        break;
      case 'literal_element': {
        const keyed = parent.parent;
        if (keyed?.type === 'keyed_element' && isSame(keyed.childForFieldName('value'), parent)) {
          const composite = keyed.parent?.parent;
          const key = keyed.childForFieldName('key')?.text;
          if (
            holder === 'transport' &&
            key === 'Transport' &&
            composite?.type === 'composite_literal' &&
            isQualified(composite.childForFieldName('type')!, httpNames, 'Client')
          ) {
            queue.push({ node: composite, holder: 'client' });
            use(composite, 'transport');
            break;
          }
        }
        if (keyed?.type === 'keyed_element' && isSame(keyed.childForFieldName('key'), parent)) {
          use(top, holder);
          break;
        }
        escape(top, 'stores it in a composite literal', 'stored in a composite literal');
        break;
      }
      case 'literal_value':
        escape(top, 'stores it in a composite literal', 'stored in a composite literal');
        break;
      case 'argument_list': {
        const call = parent.parent;
        const callee = call?.childForFieldName('function');
        escape(top, `passes it to ${callee ? shortText(callee) : 'a function'}`, `passed to ${callee ? shortText(callee) : 'a function'}`);
        if (holder === 'transport' && call) flow.configures.push({ node: call, kind: 'passed', callee: callee ? shortText(callee) : 'a function' });
        break;
      }
      case 'type_assertion_expression':
        // `c.Transport.(*http.Transport)`: the same Transport.
        if (isSame(parent.childForFieldName('operand'), top)) queue.push({ node: parent, holder });
        else use(parent, holder);
        break;
      case 'send_statement':
        if (isSame(parent.childForFieldName('value'), top)) escape(top, 'sends it on a channel', 'sent on a channel');
        else use(parent, holder);
        break;
      case 'selector_expression': {
        if (!isSame(parent.childForFieldName('operand'), top)) break;
        const field = parent.childForFieldName('field')?.text;
        const sel = outermostParen(parent);
        const outer = sel.parent;
        if (outer?.type === 'call_expression' && isSame(outer.childForFieldName('function'), sel)) {
          if (field === 'CloseIdleConnections') flow.closes ??= outer;
          if (holder === 'transport' && field !== 'CloseIdleConnections' && field !== 'RoundTrip')
            flow.configures.push({ node: outer, kind: 'method', callee: shortText(sel) });
          use(outer, holder);
          break;
        }
        if (holder === 'client' && field === 'Transport') {
          queue.push({ node: sel, holder: 'transport' });
          use(sel, holder);
          break;
        }
        if (holder === 'transport') {
          const assignment = assignmentTo(fieldChainTop(sel));
          if (assignment) flow.configures.push({ node: assignment, kind: 'field' });
        }
        if (outer?.type === 'expression_list' && holder === 'transport' && field === 'DisableKeepAlives') {
          const statement = outer.parent;
          if (statement?.type === 'assignment_statement' && isSame(statement.childForFieldName('left'), outer)) {
            const value = statement.childForFieldName('right')?.namedChild(indexIn(outer, sel));
            if (value?.text === 'true') flow.keepAlivesOff ??= statement;
          }
        }
        use(sel, holder);
        break;
      }
      default:
        use(top, holder);
    }
  }
  // The constructing statement itself is not a "use" worth pointing at.
  const own = flow.uses.filter((u) => !(u.node.startIndex <= c.node.startIndex && c.node.endIndex <= u.node.endIndex));
  flow.uses.length = 0;
  flow.uses.push(...own);
  return flow;
}

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
