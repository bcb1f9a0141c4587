/**
 * locals.ts knows which names a function declares and where each is
 * visible: the hoist refuses an expression that refers to one, and its new
 * variable's name must not be shadowed at the use site by one.
 */
import type { Node } from 'web-tree-sitter';
import type { GoRuntime } from './treeSitter';
import { contains, hasToken, isStructKey, scopeOf, topLevelDeclaration } from './syntax';

/** LocalName is one name declared inside a function body or signature. */
export interface LocalName {
  readonly name: string;
  /** Where the declaring identifier is. */
  readonly node: Node;
  /** The node it is scoped to. */
  readonly scope: Node;
  /** Parameters, results, receivers and type parameters are visible in the whole function. */
  readonly everywhere: boolean;
}

/**
 * LocalNames lists the local declarations of one top-level declaration (a
 * function, a method, or a package-level declaration holding function literals).
 */
export class LocalNames {
  readonly all: LocalName[] = [];

  constructor(go: GoRuntime, top: Node) {
    for (const capture of go.queries.locals.captures(top)) {
      const node = capture.node;
      const names: Node[] = [];
      if (capture.name === 'local') {
        names.push(node);
      } else if (capture.name === 'local.spec') {
        for (const n of node.childrenForFieldName('name')) if (n) names.push(n);
      } else if (capture.name === 'local.range' || capture.name === 'local.receive') {
        // Only `:=` declares; `=` assigns to names declared elsewhere.
        const statement = node.parent?.parent;
        if (statement && hasToken(statement, ':=')) names.push(node);
      }
      for (const n of names) {
        if (n.text === '_') continue;
        const scope = scopeOf(n);
        if (!scope) continue; // a package-level spec of `top` itself
        const everywhere =
          n.parent?.type === 'parameter_declaration' || n.parent?.type === 'variadic_parameter_declaration' || n.parent?.type === 'type_parameter_declaration';
        this.all.push({ name: n.text, node: n, scope, everywhere });
      }
    }
  }

  /** visibleAt lists the locals named `name` (or all, without a name) that are in scope at node. */
  visibleAt(node: Node, name?: string): LocalName[] {
    return this.all.filter((l) => (name === undefined || l.name === name) && contains(l.scope, node) && (l.everywhere || l.node.startIndex <= node.startIndex));
  }

  /**
   * resolve is the declaration an identifier refers to: of the locals of its
   * name visible there, the innermost (the one whose scope is smallest, the
   * latest in it) — a function literal's parameter shadows the enclosing
   * function's local of the same name.
   */
  resolve(identifier: Node): LocalName | undefined {
    let best: LocalName | undefined;
    for (const l of this.visibleAt(identifier, identifier.text)) {
      if (
        !best ||
        (contains(best.scope, l.scope) &&
          (best.scope.startIndex !== l.scope.startIndex || best.scope.endIndex !== l.scope.endIndex || l.node.startIndex > best.node.startIndex))
      )
        best = l;
    }
    return best;
  }

  /** isLocal says whether an identifier at node refers to a local (some local of that name is in scope there). */
  isLocal(identifier: Node): boolean {
    return this.visibleAt(identifier, identifier.text).length > 0;
  }
}

/** LocalsCache builds LocalNames once per top-level declaration during one analysis. */
export class LocalsCache {
  private readonly cache = new Map<string, LocalNames>();

  constructor(private readonly go: GoRuntime) {}

  of(filePath: string, node: Node): LocalNames {
    const top = topLevelDeclaration(node) ?? node;
    const key = `${filePath}:${top.startIndex}`;
    let locals = this.cache.get(key);
    if (!locals) this.cache.set(key, (locals = new LocalNames(this.go, top)));
    return locals;
  }
}

/**
 * referencedLocals lists the names of the enclosing function's locals that
 * an expression really uses: each identifier is resolved to its innermost
 * declaration, so names declared inside the expression itself (a
 * `Dial: func(ctx context.Context, …)` literal's parameters and locals, even
 * where they shadow a local of the function) move with it and do not count;
 * struct field keys are not references.
 */
export function referencedLocals(exprs: Node | readonly Node[], locals: LocalNames): string[] {
  const names = new Set<string>();
  for (const expr of Array.isArray(exprs) ? exprs : [exprs]) {
    for (const id of (expr as Node).descendantsOfType(['identifier', 'type_identifier'])) {
      if (!id || (id.type === 'identifier' && isStructKey(id))) continue;
      const decl = locals.resolve(id);
      if (decl && !contains(expr as Node, decl.node)) names.add(id.text);
    }
  }
  return [...names];
}
