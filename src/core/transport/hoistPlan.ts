/**
 * hoistPlan.ts decides whether one shared Transport would behave exactly as
 * the one built per call did (docs/transport-rule.md, "Quick fixes"), and what moves with it:
 * - configuration that is the same on every call (`tr.F = v` right after
 *   `tr := <construction>`, v using no local name) moves into the hoisted
 *   declaration;
 * - any other configuration withholds the hoist: a field assignment (also
 *   nested, also through a client's `Transport` field), the Transport passed
 *   to a function, a method call other than RoundTrip and
 *   CloseIdleConnections, a deliberate replacement;
 * - so does an initialization cycle: the moved code reaching the enclosing
 *   declaration through package functions and variables.
 *
 * Settled here: a field assignment separated from the construction by any
 * statement other than another movable assignment does not move (it is
 * configuration "after a use"); the same field assigned twice moves once,
 * the last value winning, as it did at run time. Method references in the
 * cycle check are matched by name (no types): more cycles, never fewer.
 */
import type { Node } from 'web-tree-sitter';
import type { LocalNames } from '../go/locals';
import { referencedLocals } from '../go/locals';
import type { PackageIndex, ParsedFile } from '../go/packageIndex';
import type { TransportForm } from './model';
import { functionDisplayName, hasToken, isSame, isStructKey, outermostParen, shortText, unwrapParens } from '../go/syntax';
import { wordOffsets } from '../go/text';
import type { Flow } from './flow';

/** MovedConfig is one `tr.F = v` that moves into the hoisted declaration. */
export interface MovedConfig {
  readonly statement: Node;
  readonly field: string;
  readonly value: Node;
  /** Comments on lines of their own directly above the statement: they move with it. */
  readonly comments: readonly Node[];
  /** A comment at the end of the statement's last line: it moves with it. */
  readonly trailing: Node | null;
}

/** HoistPlan is what a hoist moves, or why there is none. */
export interface HoistPlan {
  readonly moved: readonly MovedConfig[];
  /** The local variable that holds the Transport where the moved statements assign it. */
  readonly holder?: Node;
  readonly blocker?: string;
}

const MOVABLE_FORMS: ReadonlySet<TransportForm> = new Set(['address-literal', 'new', 'clone']);

/** planHoist is the plan for a candidate whose expression itself is hoistable (no form or local-name blocker). */
export function planHoist(index: PackageIndex, file: ParsedFile, c: { node: Node; form: TransportForm }, fn: Node, locals: LocalNames, flow: Flow): HoistPlan {
  const { moved, holder } = MOVABLE_FORMS.has(c.form) ? movableConfiguration(file, c.node, locals) : { moved: [], holder: undefined };
  const blocker =
    configurationBlocker(file, fn, flow, moved) ??
    (holder && moved.length > 0 && !usedBeyond(file, fn, holder, moved, locals)
      ? `${holder.text} is only configured, never used: with its configuration moved it would be unused; remove it instead`
      : undefined) ??
    layoutBlocker(c, moved) ??
    cycleBlocker(index, file, [c.node, ...moved.map((m) => m.value)], fn, locals);
  return { moved, ...(holder ? { holder } : {}), ...(blocker ? { blocker } : {}) };
}

/** usedBeyond says whether the holder is referred to anywhere in fn but its declaration and the moved statements. */
function usedBeyond(file: ParsedFile, fn: Node, holder: Node, moved: readonly MovedConfig[], locals: LocalNames): boolean {
  for (const offset of wordOffsets(file.text, holder.text, fn.startIndex, fn.endIndex)) {
    if (offset === holder.startIndex || moved.some((m) => m.statement.startIndex <= offset && offset < m.statement.endIndex)) continue;
    const ref = file.nodeAt(offset, offset + holder.text.length);
    if (ref?.type === 'identifier' && !isStructKey(ref) && isSame(locals.resolve(ref)?.node, holder)) return true;
  }
  return false;
}

/**
 * layoutBlocker says why moved configuration cannot be laid out in the
 * literal by the hoist (rare shapes, left to the developer rather than
 * risked): a multi-line raw string in the literal, comments on an assignment
 * to a field the literal already sets, comments inside a one-line literal.
 */
function layoutBlocker(c: { node: Node; form: TransportForm }, moved: readonly MovedConfig[]): string | undefined {
  if (moved.length === 0 || c.form !== 'address-literal') return undefined;
  const advice = 'move the settings into the literal by hand';
  if (c.node.descendantsOfType('raw_string_literal').some((r) => r && r.startPosition.row !== r.endPosition.row))
    return `the literal holds a multi-line raw string; ${advice}`;
  const body = unwrapParens(c.node.childForFieldName('operand') ?? c.node).childForFieldName('body');
  if (!body) return `the literal has no body to move the settings into; ${advice}`;
  const items = body.namedChildren.filter((n): n is Node => !!n);
  if (body.startPosition.row === body.endPosition.row && items.some((n) => n.type === 'comment')) return `the one-line literal holds a comment; ${advice}`;
  const keys = new Set(items.filter((n) => n.type === 'keyed_element').map((n) => n.childForFieldName('key')?.text));
  const commented = moved.find((m) => keys.has(m.field) && (m.comments.length > 0 || m.trailing));
  if (commented) return `line ${lineOf(commented.statement)} sets ${commented.field}, which the literal sets too, with a comment; ${advice}`;
  return undefined;
}

/** lineOf is the 1-based line a message names. */
function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

const INSTEAD = 'Build one Transport per distinct configuration and reuse it';

/** configurationBlocker says why the function's configuration of the Transport withholds the hoist: the first such line. */
function configurationBlocker(file: ParsedFile, fn: Node, flow: Flow, moved: readonly MovedConfig[]): string | undefined {
  const reasons: { at: number; text: string }[] = [];
  for (const cfg of flow.configures) {
    if (moved.some((m) => isSame(m.statement, cfg.node))) continue;
    const quoted = `\`${shortText(cfg.node, 60)}\``;
    const line = lineOf(cfg.node);
    if (cfg.kind === 'field') {
      reasons.push({
        at: cfg.node.startIndex,
        text: `line ${line} configures the Transport per call (${quoted}); one shared Transport would carry the last caller's settings. ${INSTEAD}`,
      });
    } else if (cfg.kind === 'method') {
      reasons.push({
        at: cfg.node.startIndex,
        text: `line ${line} calls ${cfg.callee} on the Transport per call (${quoted}); on one shared Transport it would run again on every call. ${INSTEAD}`,
      });
    } else {
      reasons.push({
        at: cfg.node.startIndex,
        text: `line ${line} passes the Transport to ${cfg.callee} (${quoted}), which may configure it; one shared Transport would be configured again on every call (http2.ConfigureTransports, for one, fails the second time). ${INSTEAD}`,
      });
    }
  }
  for (const target of flow.stores) {
    const closed = closedBefore(file, fn, target);
    if (!closed) continue;
    const statement = target.parent?.parent ?? target;
    reasons.push({
      at: statement.startIndex,
      text: `line ${lineOf(statement)} replaces the Transport in ${shortText(target)} after line ${lineOf(closed)} closed the previous one's idle connections: a deliberate fresh Transport, which one shared Transport would not be`,
    });
  }
  reasons.sort((a, b) => a.at - b.at);
  return reasons[0]?.text;
}

/** closedBefore finds a `T.CloseIdleConnections()` (or through T's fields, `T.Transport.…`) before the store into T. */
function closedBefore(file: ParsedFile, fn: Node, target: Node): Node | undefined {
  const t = target.text.replace(/\s+/g, '');
  for (const offset of wordOffsets(file.text, 'CloseIdleConnections', fn.startIndex, target.startIndex)) {
    const field = file.nodeAt(offset, offset + 'CloseIdleConnections'.length);
    const sel = field?.parent;
    if (field?.type !== 'field_identifier' || sel?.type !== 'selector_expression') continue;
    const operand = sel.childForFieldName('operand')!.text.replace(/\s+/g, '');
    if (operand === t || operand.startsWith(`${t}.`)) return sel.parent ?? sel;
  }
  return undefined;
}

/**
 * movableConfiguration finds `tr := <expr>` (or `var tr = <expr>`, or
 * `tr = <expr>` to a local) and the `tr.F = v` statements that directly
 * follow it, each alone on its lines, whose values use no local name.
 */
function movableConfiguration(file: ParsedFile, expr: Node, locals: LocalNames): { moved: MovedConfig[]; holder: Node | undefined } {
  const none = { moved: [], holder: undefined };
  const top = outermostParen(expr);
  const list = top.parent;
  const statement = list?.parent;
  if (list?.type !== 'expression_list' || !statement || list.namedChildCount !== 1) return none;
  let holder: Node | undefined;
  let construction: Node = statement;
  if ((statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') && isSame(statement.childForFieldName('right'), list)) {
    const left = statement.childForFieldName('left');
    const name = left?.namedChildCount === 1 ? unwrapParens(left.namedChild(0)!) : null;
    if (name?.type !== 'identifier') return none;
    if (statement.type === 'short_var_declaration') holder = name;
    else if (hasToken(statement, '=')) holder = locals.resolve(name)?.node;
  } else if (statement.type === 'var_spec' && isSame(statement.childForFieldName('value'), list)) {
    const names = statement.childrenForFieldName('name');
    if (names.length === 1 && names[0]) holder = names[0];
    construction =
      statement.parent?.type === 'var_declaration'
        ? statement.parent
        : statement.parent?.parent?.type === 'var_declaration'
          ? statement.parent.parent
          : statement;
  }
  if (!holder) return none;
  const moved: MovedConfig[] = [];
  let pending: Node[] = [];
  let previousEnd = construction.endPosition.row;
  for (let next = construction.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === 'comment') {
      if (next.startPosition.row === previousEnd) {
        // A trailing comment: of the construction (it stays) or of a moved statement (it moves).
        const last = moved[moved.length - 1];
        if (last && last.statement.endPosition.row === previousEnd && pending.length === 0) moved[moved.length - 1] = { ...last, trailing: next };
        continue;
      }
      pending.push(next);
      previousEnd = next.endPosition.row;
      continue;
    }
    const m = movableAssignment(file, next, holder, locals);
    if (!m) break;
    moved.push({ ...m, comments: pending, trailing: null });
    pending = [];
    previousEnd = next.endPosition.row;
  }
  return { moved, holder };
}

/** movableAssignment reads `holder.F = v` (one field, one value, v using no local name, alone on its lines). */
function movableAssignment(file: ParsedFile, s: Node, holder: Node, locals: LocalNames): { statement: Node; field: string; value: Node } | undefined {
  if (s.type !== 'assignment_statement' || !hasToken(s, '=')) return undefined;
  const left = s.childForFieldName('left');
  const right = s.childForFieldName('right');
  if (left?.namedChildCount !== 1 || right?.namedChildCount !== 1) return undefined;
  const target = unwrapParens(left.namedChild(0)!);
  if (target.type !== 'selector_expression') return undefined;
  const operand = unwrapParens(target.childForFieldName('operand')!);
  const field = target.childForFieldName('field');
  if (operand.type !== 'identifier' || field?.type !== 'field_identifier' || !isSame(locals.resolve(operand)?.node, holder)) return undefined;
  const value = right.namedChild(0)!;
  if (referencedLocals(value, locals).length > 0) return undefined;
  const before = file.text.slice(file.lines.lineStart(s.startPosition.row), s.startIndex);
  if (before.trim() !== '') return undefined;
  return { statement: s, field: field.text, value };
}

/**
 * cycleBlocker says why hoisting would create an initialization cycle: the
 * moved code refers, directly or through package functions and variables,
 * to the top-level declaration that holds fn.
 */
function cycleBlocker(index: PackageIndex, file: ParsedFile, exprs: Node[], fn: Node, locals: LocalNames): string | undefined {
  let target: Node = fn;
  while (target.parent && target.parent.type !== 'source_file') target = target.parent;
  const imports = new Set(file.imports.map((i) => i.name));
  const start = new Map<string, string>();
  for (const expr of exprs) {
    for (const name of packageReferences(expr, imports, locals)) start.set(name, name);
  }
  if (start.size === 0) return undefined;
  // Beyond the expression's own names, only names the package declares lead
  // anywhere (read once per analysis, and only when some name leads on).
  let names: { packageLevel: ReadonlySet<string>; methods: ReadonlySet<string> } | undefined;
  const declared = (name: string) => {
    names ??= index.declaredNames();
    return names.packageLevel.has(name) || names.methods.has(name);
  };
  // Breadth first over names, remembering which name of the expression led to each.
  const via = new Map(start);
  const queue = [...start.keys()];
  const limit = 5000;
  while (queue.length > 0) {
    if (via.size > limit) return `the expression refers to package-level code too large to check for an initialization cycle; hoist it by hand`;
    const name = queue.shift()!;
    for (const decl of index.declarationsNamed(name)) {
      if (isSame(decl.node, target) && decl.file === file.path) {
        return `the expression refers to ${via.get(name)}, which leads back to ${functionDisplayName(fn)}: a package-level variable would be an initialization cycle`;
      }
      for (const next of packageReferences(decl.node, decl.imports, null)) {
        if (!via.has(next) && declared(next)) {
          via.set(next, via.get(name)!);
          queue.push(next);
        }
      }
    }
  }
  return undefined;
}

/**
 * packageReferences lists the names in node that may refer to package-level
 * functions, variables or methods: identifiers that are not struct keys,
 * import names or (given locals) function-local names, and the field names of
 * selectors whose operand is not an import name (possible method values).
 */
function packageReferences(node: Node, imports: ReadonlySet<string>, locals: LocalNames | null): Set<string> {
  const names = new Set<string>();
  for (const id of node.descendantsOfType(['identifier', 'field_identifier'])) {
    if (!id) continue;
    if (id.type === 'identifier') {
      if (isStructKey(id) || imports.has(id.text)) continue;
      if (locals?.resolve(id)) continue;
      names.add(id.text);
    } else {
      const sel = id.parent;
      if (sel?.type !== 'selector_expression') continue;
      const operand = sel.childForFieldName('operand');
      if (operand?.type === 'identifier' && imports.has(operand.text)) continue;
      names.add(id.text);
    }
  }
  return names;
}
