/**
 * packageTransports.ts finds a package's declarations of Transport type: the
 * package-level variables that hold one and the struct fields and functions
 * declared `*http.Transport`, by name. The rule asks them (through its
 * RuleContext, which keeps the answers for the package) to tell whether
 * `shared.Clone()`, `h.transport.Clone()` or `base().Clone()` clones a
 * Transport. Which types and expressions are Transports is the rule's
 * judgement, passed in.
 */
import type { Node } from 'web-tree-sitter';
import type { PackageIndex, ParsedFile } from '../go/packageIndex';

/** IsTransportType says whether a type node names a Transport in its file. */
export type IsTransportType = (file: ParsedFile, type: Node) => boolean;

/** TransportMembers are the package's struct fields and functions declared `*http.Transport`, by name. */
export interface TransportMembers {
  readonly fields: Set<string>;
  readonly funcs: Set<string>;
}

/**
 * collectTransportVars adds to `names` every package-level variable declared
 * with a Transport type (`var shared *http.Transport`) or initialised with a
 * Transport expression (`var shared = &http.Transport{…}`), of either
 * package: what `shared.Clone()` may clone. The caller keeps `names` before
 * it is filled: `var b = a.Clone()` asks about `a` while the set is being built.
 */
export function collectTransportVars(
  index: PackageIndex,
  names: Set<string>,
  isTransportExpression: (file: ParsedFile, expr: Node) => boolean,
  isTransportType: IsTransportType,
): void {
  for (const file of index.filesMentioning('Transport', true)) {
    for (const match of index.go.queries.declarations.matches(file.root)) {
      const spec = match.captures.find((c) => c.name === 'var')?.node;
      if (!spec) continue;
      let type = spec.childForFieldName('type');
      if (type?.type === 'pointer_type') type = type.namedChild(0);
      const typed = !!type && isTransportType(file, type);
      const values = spec.childForFieldName('value')?.namedChildren ?? [];
      spec.childrenForFieldName('name').forEach((n, i) => {
        const value = values[i];
        if (n && (typed || (value && isTransportExpression(file, value)))) names.add(n.text);
      });
    }
  }
}

/**
 * transportMembers is every struct field (`transport *http.Transport`) and
 * package function (`func base() *http.Transport`) the package declares
 * with a Transport type, by name: what `h.transport.Clone()` and
 * `base().Clone()` clone. Fields are matched by name, whatever the struct.
 */
export function transportMembers(index: PackageIndex, isTransportType: IsTransportType): TransportMembers {
  const fields = new Set<string>();
  const funcs = new Set<string>();
  const isPointerToTransport = (file: ParsedFile, type: Node | null | undefined) =>
    type?.type === 'pointer_type' && !!type.namedChild(0) && isTransportType(file, type.namedChild(0)!);
  for (const file of index.filesMentioning('Transport', true)) {
    for (const field of file.root.descendantsOfType('field_declaration')) {
      if (field && isPointerToTransport(file, field.childForFieldName('type'))) for (const n of field.childrenForFieldName('name')) if (n) fields.add(n.text);
    }
    for (const fn of file.root.namedChildren) {
      if (fn?.type !== 'function_declaration') continue;
      let result = fn.childForFieldName('result');
      if (result?.type === 'parameter_list' && result.namedChildCount === 1) result = result.namedChild(0)!.childForFieldName('type');
      if (isPointerToTransport(file, result)) funcs.add(fn.childForFieldName('name')!.text);
    }
  }
  return { fields, funcs };
}
