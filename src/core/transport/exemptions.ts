/**
 * exemptions.ts says which code runs only once, so that a Transport built
 * there is not built per call (docs/transport-rule.md, "What is not
 * flagged"): package level, `func init()`, `func main()` of package main, a
 * sync.Once-style argument, and functions called only from such places,
 * followed through the package's call graph and through variables holding
 * function literals.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, FunctionKey, PackageIndex, ParsedFile } from '../go/packageIndex';
import { enclosingFunction, indexIn, isSame, isStructKey, outermostParen, receiverTypeName } from '../go/syntax';
import { wordOffsets } from '../go/text';

/** functionKey is how PackageIndex names a declared function or method; undefined for literals. */
export function functionKey(fn: Node): FunctionKey | undefined {
  const name = fn.childForFieldName('name')?.text;
  if (!name) return undefined;
  if (fn.type === 'function_declaration') return `func:${name}`;
  if (fn.type === 'method_declaration') return `method:${receiverTypeName(fn).name}.${name}`;
  return undefined;
}

/**
 * storedLiteral says which variable a function literal is kept in
 * (`f := func(){…}`, `var f = func(){…}`, `f = func(){…}`): the rule follows it
 * through that variable's calls. `scope` is the function the variable is
 * local to (null for a package-level one).
 */
export function storedLiteral(literal: Node): { name: Node; local: boolean; scope: Node | null } | undefined {
  const top = outermostParen(literal);
  const list = top.parent;
  const holder = list?.parent;
  if (list?.type !== 'expression_list' || !holder) return undefined;
  const i = indexIn(list, top);
  let name: Node | null | undefined;
  if (holder.type === 'var_spec' && isSame(holder.childForFieldName('value'), list)) name = holder.childrenForFieldName('name')[i];
  else if ((holder.type === 'short_var_declaration' || holder.type === 'assignment_statement') && isSame(holder.childForFieldName('right'), list))
    name = holder.childForFieldName('left')?.namedChild(i);
  if (name?.type !== 'identifier' || name.text === '_') return undefined;
  const scope = enclosingFunction(holder);
  return { name, local: scope !== null, scope };
}

/**
 * localLiteralSites lists the uses of a local variable holding a function
 * literal in the function that declares it, by name (without types): calls,
 * and uses as a value. Assignments to it are neither.
 */
export function localLiteralSites(file: ParsedFile, name: Node, scope: Node | null): CallSite[] {
  if (!scope) return [];
  const sites: CallSite[] = [];
  for (const offset of wordOffsets(file.text, name.text, scope.startIndex, scope.endIndex)) {
    const ref = file.nodeAt(offset, offset + name.text.length);
    if (ref?.type !== 'identifier' || isSame(ref, name) || isStructKey(ref)) continue;
    const top = outermostParen(ref);
    const parent = top.parent;
    if (
      parent?.type === 'expression_list' &&
      (parent.parent?.type === 'assignment_statement' || parent.parent?.type === 'short_var_declaration') &&
      isSame(parent.parent.childForFieldName('left'), parent)
    )
      continue;
    if (parent?.type === 'call_expression' && isSame(parent.childForFieldName('function'), top))
      sites.push({ file, node: parent, kind: 'call', place: enclosingFunction(parent) });
    else sites.push({ file, node: ref, kind: 'value', place: enclosingFunction(ref) });
  }
  return sites;
}

/**
 * Exemptions computes "called only from exempt places" as a least
 * fixed point over the package's call graph, explored backwards from the
 * function asked about: a function is exempt when it has at least one call
 * site and every site is exempt (package level, init, main of package main,
 * a sync.Once-style argument, or inside an exempt function). Starting from
 * "not exempt" and only ever turning functions exempt makes recursion alone
 * exempt nothing.
 */
export class Exemptions {
  private readonly memo = new Map<FunctionKey, boolean>();
  private readonly visiting = new Set<number>();

  constructor(private readonly index: PackageIndex) {}

  /** isExemptPlace says whether code in `place` (a function node, or null for package level) runs only once. */
  isExemptPlace(file: ParsedFile, place: Node | null): boolean {
    const status = this.status(file, place);
    return typeof status === 'boolean' ? status : this.isExemptFunction(status);
  }

  /** status is a place's answer when the syntax gives it, else the declared function it depends on. */
  private status(file: ParsedFile, place: Node | null): boolean | FunctionKey {
    if (!place) return true;
    if (place.type === 'func_literal') {
      const top = outermostParen(place);
      const parent = top.parent;
      if (parent?.type === 'argument_list' && parent.parent && this.index.isOnceCall(file, parent.parent)) return true;
      if (parent?.type === 'call_expression' && isSame(parent.childForFieldName('function'), top)) return this.status(file, enclosingFunction(parent));
      const stored = storedLiteral(place);
      if (!stored) return false;
      if (!stored.local) return `func:${stored.name.text}`;
      // A local variable's calls: exempt when there is one and every one is in an exempt place (a literal calling itself is not).
      if (this.visiting.has(place.startIndex)) return false;
      this.visiting.add(place.startIndex);
      try {
        const sites = localLiteralSites(file, stored.name, stored.scope);
        return sites.length > 0 && sites.every((s) => s.kind === 'call' && this.isExemptPlace(s.file, s.place));
      } finally {
        this.visiting.delete(place.startIndex);
      }
    }
    const name = place.childForFieldName('name')?.text;
    if (place.type === 'function_declaration' && (name === 'init' || (name === 'main' && file.packageName === 'main'))) return true;
    return functionKey(place) ?? false;
  }

  private siteStatus(site: CallSite): boolean | FunctionKey {
    if (site.kind === 'once') return true;
    if (site.kind === 'value') return false;
    return this.status(site.file, site.place);
  }

  isExemptFunction(key: FunctionKey): boolean {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const graph = new Map<FunctionKey, (boolean | FunctionKey)[]>();
    const queue: FunctionKey[] = [key];
    while (queue.length > 0) {
      const k = queue.pop()!;
      if (graph.has(k) || this.memo.has(k)) continue;
      const statuses = this.index.callSites(k).map((s) => this.siteStatus(s));
      graph.set(k, statuses);
      for (const s of statuses) if (typeof s === 'string' && !graph.has(s) && !this.memo.has(s)) queue.push(s);
    }
    const value = new Map<FunctionKey, boolean>([...graph.keys()].map((k) => [k, false]));
    for (let changed = true; changed;) {
      changed = false;
      for (const [k, statuses] of graph) {
        if (value.get(k)) continue;
        const exempt = statuses.length > 0 && statuses.every((s) => s === true || (typeof s === 'string' && (this.memo.get(s) ?? value.get(s) ?? false)));
        if (exempt) {
          value.set(k, true);
          changed = true;
        }
      }
    }
    for (const [k, v] of value) this.memo.set(k, v);
    return this.memo.get(key)!;
  }
}
