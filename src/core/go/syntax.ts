/**
 * syntax.ts holds the small tree-walking helpers every part of the analyzer
 * shares: climbing out of parentheses, finding the enclosing function, the
 * scope a local name lives in, whether an import name denotes a package,
 * and how messages name a function.
 */
import type { Node } from 'web-tree-sitter';

/** FUNCTION_TYPES are the nodes that have a body of their own (a function literal is a function of its own to the rule). */
export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

/**
 * SCOPE_TYPES are the nodes that open a Go scope: a name declared directly in
 * one is visible in it from its declaration on (parameters: everywhere in it).
 */
const SCOPE_TYPES = new Set([
  'block',
  'if_statement',
  'for_statement',
  'expression_switch_statement',
  'type_switch_statement',
  'select_statement',
  'expression_case',
  'type_case',
  'default_case',
  'communication_case',
  'func_literal',
  'function_declaration',
  'method_declaration',
]);

/** outermostParen climbs out of parenthesized_expression wrappers: `(x)` is used where `x` is. */
export function outermostParen(node: Node): Node {
  let top = node;
  while (top.parent?.type === 'parenthesized_expression') top = top.parent;
  return top;
}

/** unwrapParens goes down through parentheses: the expression inside `((x))`. */
export function unwrapParens(node: Node): Node {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.namedChildCount === 1) inner = inner.namedChild(0)!;
  return inner;
}

/** enclosingFunction is the innermost function declaration, method or literal around node (null at package level). */
export function enclosingFunction(node: Node): Node | null {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return null;
}

/** topLevelDeclaration is the child of source_file that contains node (one call into the tree, not a climb). */
export function topLevelDeclaration(node: Node): Node | null {
  const top = node.tree.rootNode.firstChildForIndex(node.startIndex);
  return top && top.startIndex <= node.startIndex && node.endIndex <= top.endIndex && top.type !== 'source_file' ? top : null;
}

/** scopeOf is the node a declaration's name is scoped to (see SCOPE_TYPES). */
export function scopeOf(decl: Node): Node | null {
  for (let p = decl.parent; p; p = p.parent) {
    if (SCOPE_TYPES.has(p.type)) return p;
    if (p.type === 'source_file') return null;
  }
  return null;
}

/** contains says whether inner lies within outer (by offsets, same tree). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** isSame compares two nodes of one tree. */
export function isSame(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** hasToken says whether node has an anonymous child with this text (`:=`, `&`). */
export function hasToken(node: Node, token: string): boolean {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child && !child.isNamed && child.type === token) return true;
  }
  return false;
}

/** indexIn is node's position among the named children of list, or -1. */
export function indexIn(list: Node, node: Node): number {
  for (let i = 0; i < list.namedChildCount; i++) if (isSame(list.namedChild(i), node)) return i;
  return -1;
}

/**
 * isStructKey says whether an identifier is a field name in a keyed composite
 * literal (`{MaxIdleConns: 10}`) rather than an expression. Only map
 * literals have expression keys; an elided element's literal is treated as a
 * struct unless its container is a map.
 */
export function isStructKey(identifier: Node): boolean {
  const element = identifier.parent;
  if (element?.type !== 'literal_element') return false;
  const keyed = element.parent;
  if (keyed?.type !== 'keyed_element' || !isSame(keyed.childForFieldName('key'), element)) return false;
  const literal = keyed.parent?.parent;
  if (literal?.type === 'composite_literal') return literal.childForFieldName('type')?.type !== 'map_type';
  return true;
}

/** stringLiteralValue strips the quotes of an interpreted or raw string literal (import paths have no escapes). */
export function stringLiteralValue(node: Node): string {
  return node.text.slice(1, -1);
}

/** shortText quotes a node's source in a message, cut to one short line. */
export function shortText(node: Node, max = 40): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** functionDisplayName is how messages name a function: `fetch`, `(*Client).Do`, `a function literal in main`. */
export function functionDisplayName(fn: Node): string {
  if (fn.type === 'function_declaration') return fn.childForFieldName('name')?.text ?? 'a function';
  if (fn.type === 'method_declaration') {
    const receiver = receiverTypeName(fn);
    return `${receiver.pointer ? `(*${receiver.name})` : receiver.name}.${fn.childForFieldName('name')?.text ?? ''}`;
  }
  const outer = enclosingFunction(fn);
  return `a function literal in ${outer ? functionDisplayName(outer) : 'a package-level declaration'}`;
}

/** receiverTypeName reads a method's receiver type (`*Client[T]` → Client, pointer). */
export function receiverTypeName(method: Node): { name: string; pointer: boolean } {
  const param = method.childForFieldName('receiver')?.namedChildren.find((n) => n?.type === 'parameter_declaration');
  let type = param?.childForFieldName('type') ?? null;
  const pointer = type?.type === 'pointer_type';
  if (pointer) type = type!.namedChild(0);
  if (type?.type === 'generic_type') type = type.childForFieldName('type');
  return { name: type?.text ?? 'T', pointer };
}
