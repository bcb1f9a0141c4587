/**
 * packageIndex.ts gathers what a rule needs to know about a Go package —
 * the .go files of one directory — lazily and cheaply: a file is parsed only
 * when its text names what is asked about (a function's name for its call
 * sites, `Once` for sync.Once declarations, any word for filesMentioning),
 * and every tree is deleted by `dispose()`.
 *
 * Settled here:
 * - A package is the files of one directory whose package clause names the
 *   same package as the file being analysed; `package foo_test` files (Go's
 *   external tests) are another package and are ignored, for call sites and
 *   for hoist names alike, since their names cannot collide.
 * - `_test.go` files are part of the package for call sites only when tests
 *   are analysed (`includeTests`), as `go build` leaves them out; for the
 *   hoist's name they always count (the name must be free in the package,
 *   its _test.go files included).
 * - A call from a generated file counts like any other call: the generated
 *   exemption says which files are not reported on, not that their code runs once.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { GoRuntime } from './treeSitter';
import type { ParseCache } from './parseCache';
import { LineIndex, identifierIndex } from './text';
import { LocalNames } from './locals';
import { enclosingFunction, isSame, isStructKey, outermostParen, stringLiteralValue, unwrapParens } from './syntax';

/** SourceFile is one .go file of a package directory; `read` returns its text, or undefined if it cannot be read. */
export interface SourceFile {
  /** The file's name in findings (relative with `/` in the CLI; an absolute path or URI string in the extension). */
  readonly path: string;
  read(): string | undefined;
}

/** PackageSource lists every .go file of one directory (tests included; the index filters). */
export interface PackageSource {
  readonly files: readonly SourceFile[];
}

/** withFileText is `source` with the file at `path` read as `text` (an edited or checked text over what is on disk). */
export function withFileText(source: PackageSource, path: string, text: string): PackageSource {
  return { files: source.files.map((f) => (f.path === path ? { path, read: () => text } : f)) };
}

/** ImportInfo is one import spec: its path and the name it binds (`.` for a dot import, `_` for a blank one). */
export interface ImportInfo {
  readonly path: string;
  readonly name: string;
}

const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.\r?$/m;
const PACKAGE_CLAUSE = /^[ \t]*package[ \t]+([\p{L}_][\p{L}\p{Nd}_]*)/mu;

/** packageClauseOf reads the package name from text without parsing (used to group files and to filter them). */
export function packageClauseOf(text: string): string | undefined {
  return PACKAGE_CLAUSE.exec(text)?.[1];
}

/** isGeneratedGo applies golangci-lint's test: a `// Code generated … DO NOT EDIT.` line before the package clause. */
export function isGeneratedGo(text: string): boolean {
  const m = GENERATED.exec(text);
  if (!m) return false;
  const clause = PACKAGE_CLAUSE.exec(text);
  return !clause || m.index < clause.index;
}

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.go');
}

/** defaultImportName is the name an import binds without an explicit one: the last path element, without a `.vN` or `/vN` version. */
export function defaultImportName(path: string): string {
  const parts = path.split('/');
  let last = parts[parts.length - 1] ?? path;
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  last = last.replace(/\.v\d+$/, '');
  if (last.startsWith('go-')) last = last.slice(3);
  return last.replace(/[^\p{L}\p{Nd}_]/gu, '_');
}

/**
 * ParsedFile is one parsed file and the facts read from its syntax once:
 * its imports and the names under which it sees net/http, x/net/http2 and sync.
 */
export class ParsedFile {
  readonly lines: LineIndex;
  readonly imports: ImportInfo[] = [];
  readonly isTest: boolean;
  readonly isGenerated: boolean;
  readonly packageName: string | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly tree: Tree,
    go: GoRuntime,
  ) {
    this.lines = new LineIndex(text);
    this.isTest = isTestFile(path);
    this.isGenerated = isGeneratedGo(text);
    this.packageName = packageClauseOf(text);
    // Imports precede every other declaration: the query only needs the
    // file's head. (Ranges are given as points: web-tree-sitter 0.25.10
    // passes startIndex/endIndex to the UTF-16 parser unconverted.)
    const firstDeclaration = /^(?:func|type|var|const)\b/m.exec(text);
    const head = firstDeclaration ? { startPosition: { row: 0, column: 0 }, endPosition: toPoint(this.lines.position(firstDeclaration.index)) } : {};
    for (const match of go.queries.imports.matches(tree.rootNode, head)) {
      const pathNode = match.captures.find((c) => c.name === 'import.path')?.node;
      if (!pathNode || pathNode.hasError) continue;
      const importPath = stringLiteralValue(pathNode);
      const nameNode = match.captures.find((c) => c.name === 'import.name')?.node;
      this.imports.push({ path: importPath, name: nameNode ? nameNode.text : defaultImportName(importPath) });
    }
  }

  get root(): Node {
    return this.tree.rootNode;
  }

  /** namesOf is every non-blank name this file binds to an import path (`.` for a dot import). */
  namesOf(importPath: string): Set<string> {
    return new Set(this.imports.filter((i) => i.path === importPath && i.name !== '_').map((i) => i.name));
  }

  /** nodeAt is the smallest node spanning [start, end). */
  nodeAt(start: number, end: number): Node | null {
    return this.tree.rootNode.descendantForIndex(start, end);
  }
}

/** CallSite is one place the package names a function: a call, an argument to a sync.Once-style call, or another use as a value. */
export interface CallSite {
  readonly file: ParsedFile;
  /** The call expression (for a call) or the name itself. */
  readonly node: Node;
  readonly kind: 'call' | 'once' | 'value';
  /** The innermost function around the site; null at package level. */
  readonly place: Node | null;
}

/**
 * FunctionKey names a package function: `func:name`, or `method:T.name` for
 * a method of the package's type T (`method:.name` when T is unknown): a call
 * `x.name()` counts for T unless the package's text tells x's type and it is
 * not T.
 */
export type FunctionKey = `func:${string}` | `method:${string}`;

export interface PackageIndexOptions {
  readonly includeTests: boolean;
  readonly parseTimeoutMs?: number;
  /** Reuse earlier trees for incremental reparsing (the extension's edit path). */
  readonly parseCache?: ParseCache;
}

/**
 * PackageIndex answers questions about one package, parsing what it must.
 * Make one per analysis of a package and `dispose()` it in `finally`.
 */
export class PackageIndex {
  private readonly parsed = new Map<string, ParsedFile | null>();
  private readonly texts = new Map<string, string | null>();
  private readonly callSiteCache = new Map<FunctionKey, CallSite[]>();
  private readonly identifiers = new Map<string, Map<string, number[]>>();
  private onceCache: Set<string> | undefined;
  private typeFactCache: { interfaces: Set<string>; embedders: Set<string>; fields: Map<string, (string | undefined)[]> } | undefined;
  private readonly localsCache = new Map<string, LocalNames>();
  private declaredNameCache: { packageLevel: ReadonlySet<string>; methods: ReadonlySet<string> } | undefined;
  private readonly declarationCache = new Map<string, { file: string; node: Node; imports: ReadonlySet<string> }[]>();
  /** Files that could not be parsed (timeout): reported by the scanner. */
  readonly unparsed: string[] = [];

  constructor(
    readonly go: GoRuntime,
    readonly source: PackageSource,
    readonly packageName: string | undefined,
    readonly options: PackageIndexOptions,
  ) {}

  /** text reads a file once (cached; undefined when unreadable). */
  text(path: string): string | undefined {
    let text = this.texts.get(path);
    if (text === undefined) {
      const file = this.source.files.find((f) => f.path === path);
      text = file?.read() ?? null;
      this.texts.set(path, text);
    }
    return text ?? undefined;
  }

  /** file parses a file once; undefined when it cannot be read or parsed in time. */
  file(path: string): ParsedFile | undefined {
    let file = this.parsed.get(path);
    if (file === undefined) {
      file = null;
      const text = this.text(path);
      if (text !== undefined) {
        const cache = this.options.parseCache;
        const tree = cache ? cache.parse(this.go, path, text, this.options.parseTimeoutMs) : this.go.parse(text, this.options.parseTimeoutMs);
        if (tree) file = new ParsedFile(path, text, tree, this.go);
        else this.unparsed.push(path);
      }
      this.parsed.set(path, file);
    }
    return file ?? undefined;
  }

  /** samePackage says whether a file belongs to the analysed package (its clause; tests only when asked). */
  private inPackage(path: string, text: string, withTests: boolean): boolean {
    if (isTestFile(path) && !withTests) return false;
    return this.packageName === undefined || packageClauseOf(text) === this.packageName;
  }

  /** filesMentioning parses the package's files whose text contains word (a cheap filter before any tree). */
  filesMentioning(word: string, withTests = this.options.includeTests): ParsedFile[] {
    const files: ParsedFile[] = [];
    for (const { path } of this.source.files) {
      const text = this.text(path);
      if (text === undefined || !text.includes(word) || !this.inPackage(path, text, withTests)) continue;
      const file = this.file(path);
      if (file) files.push(file);
    }
    return files;
  }

  /**
   * callSites lists every place the package names a function or method:
   * calls (`f()`, `x.m()`, `go f()`), arguments to a sync.Once-style call
   * (`once.Do(setup)`, `sync.OnceValue(newClient)`), and other uses as a
   * value (a handler registered by value). A method's call `x.m()` counts
   * unless x's type can be told from the package's text (a receiver,
   * parameter, variable or field declaration, a literal it was assigned, an
   * import name) and is not the method's type; an interface, a struct that
   * embeds another type, or anything the text does not tell counts: a
   * conservative error (fewer exemptions, not more).
   */
  callSites(key: FunctionKey): CallSite[] {
    const cached = this.callSiteCache.get(key);
    if (cached) return cached;
    const isMethod = key.startsWith('method:');
    const qualified = key.slice(key.indexOf(':') + 1);
    const receiverType = isMethod ? qualified.slice(0, qualified.lastIndexOf('.')) : '';
    const name = isMethod ? qualified.slice(qualified.lastIndexOf('.') + 1) : qualified;
    const sites: CallSite[] = [];
    for (const { path } of this.source.files) {
      const offsets = this.occurrences(path, name);
      if (offsets.length === 0) continue;
      const file = this.file(path);
      if (!file) continue;
      for (const offset of offsets) {
        const node = file.nodeAt(offset, offset + name.length);
        if (!node) continue;
        let reference: Node;
        if (isMethod) {
          const selector = node.parent;
          if (node.type !== 'field_identifier' || selector?.type !== 'selector_expression' || !isSame(selector.childForFieldName('field'), node)) continue;
          if (receiverType && !this.mayHaveType(file, selector.childForFieldName('operand')!, receiverType)) continue;
          reference = selector;
        } else {
          if (node.type !== 'identifier' || isStructKey(node)) continue;
          const parent = node.parent;
          if (parent?.type === 'function_declaration' && isSame(parent.childForFieldName('name'), node)) continue;
          if (parent?.type === 'var_spec' && parent.childrenForFieldName('name').some((n) => isSame(n, node))) continue;
          reference = node;
        }
        const top = outermostParen(reference);
        const parent = top.parent;
        let kind: CallSite['kind'] = 'value';
        let siteNode = reference;
        if (parent?.type === 'call_expression' && isSame(parent.childForFieldName('function'), top)) {
          kind = 'call';
          siteNode = parent;
        } else if (parent?.type === 'argument_list' && parent.parent && this.isOnceCall(file, parent.parent)) {
          kind = 'once';
        }
        sites.push({ file, node: siteNode, kind, place: enclosingFunction(siteNode) });
      }
    }
    this.callSiteCache.set(key, sites);
    return sites;
  }

  /** mayHaveType says whether an expression may be of the package's type T (or *T): false only when the text tells another type. */
  private mayHaveType(file: ParsedFile, operand: Node, typeName: string): boolean {
    const told = this.typeOf(file, unwrapParens(operand));
    if (told === undefined) return true;
    const { interfaces, embedders } = this.typeFacts();
    return told === typeName || interfaces.has(told) || embedders.has(told);
  }

  /**
   * typeOf tells the base type name of an expression from the package's
   * text: `<other>` for a type of another package or a type without methods
   * of ours, undefined when it cannot be told.
   */
  private typeOf(file: ParsedFile, x: Node): string | undefined {
    if (x.type === 'identifier') {
      if (file.imports.some((i) => i.name === x.text)) return '<package>';
      const top = file.root.firstChildForIndex(x.startIndex);
      if (top && top.type !== 'source_file') {
        const key = `${file.path}:${top.startIndex}`;
        let locals = this.localsCache.get(key);
        if (!locals) this.localsCache.set(key, (locals = new LocalNames(this.go, top)));
        const decl = locals.resolve(x);
        if (decl) return this.typeOfDeclaration(decl.node);
      }
      for (const d of this.declarationsNamed(x.text)) {
        if (d.node.type !== 'var_declaration') continue;
        for (const spec of d.node.descendantsOfType('var_spec')) {
          const n = spec?.childrenForFieldName('name').find((m) => m?.text === x.text);
          if (n) return this.typeOfDeclaration(n);
        }
      }
      return undefined;
    }
    if (x.type === 'selector_expression') {
      const operand = unwrapParens(x.childForFieldName('operand')!);
      if (operand.type === 'identifier' && file.imports.some((i) => i.name === operand.text)) return '<other>'; // pkg.Var: not one of ours
      const types = this.typeFacts().fields.get(x.childForFieldName('field')!.text);
      if (!types || types.some((t) => t === undefined)) return undefined;
      return types.length === 1 || types.every((t) => t === types[0]) ? types[0] : undefined;
    }
    return undefined;
  }

  /** typeOfDeclaration reads a declared name's type: its declared type, or the literal or new(T) it is given. */
  private typeOfDeclaration(name: Node): string | undefined {
    const holder = name.parent?.type === 'expression_list' ? name.parent.parent : name.parent;
    if (!holder) return undefined;
    const type = holder.type === 'parameter_declaration' || holder.type === 'var_spec' ? holder.childForFieldName('type') : null;
    if (type) return typeNameOf(type, false);
    const values =
      holder.type === 'var_spec' ? holder.childForFieldName('value') : holder.type === 'short_var_declaration' ? holder.childForFieldName('right') : null;
    const names = holder.type === 'var_spec' ? holder.childrenForFieldName('name') : (holder.childForFieldName('left')?.namedChildren ?? []);
    const i = names.findIndex((n) => isSame(n, name));
    let value = i >= 0 ? values?.namedChild(i) : null;
    if (!value) return undefined;
    value = unwrapParens(value);
    if (value.type === 'unary_expression' && value.childForFieldName('operator')?.type === '&') value = unwrapParens(value.childForFieldName('operand')!);
    if (value.type === 'composite_literal') return typeNameOf(value.childForFieldName('type')!, true);
    if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'new') {
      const arg = value.childForFieldName('arguments')?.namedChild(0);
      return arg ? typeNameOf(arg, true) : undefined;
    }
    return undefined;
  }

  /** typeFacts is what the package declares: interface type names, struct types that embed a type, and each struct field name's types. */
  private typeFacts(): { interfaces: Set<string>; embedders: Set<string>; fields: Map<string, (string | undefined)[]> } {
    if (this.typeFactCache) return this.typeFactCache;
    const interfaces = new Set<string>();
    const embedders = new Set<string>();
    const fields = new Map<string, (string | undefined)[]>();
    for (const { path } of this.source.files) {
      const text = this.text(path);
      if (text === undefined || !/\b(struct|interface)\b/.test(text) || !this.inPackage(path, text, true)) continue;
      const file = this.file(path);
      if (!file) continue;
      for (const spec of file.root.descendantsOfType('type_spec')) {
        const name = spec?.childForFieldName('name')?.text;
        const type = spec?.childForFieldName('type');
        if (!name || !type) continue;
        if (type.type === 'interface_type') interfaces.add(name);
        if (type.type === 'struct_type' && type.descendantsOfType('field_declaration').some((f) => f && f.childrenForFieldName('name').length === 0))
          embedders.add(name);
      }
      for (const field of file.root.descendantsOfType('field_declaration')) {
        const type = field?.childForFieldName('type');
        if (!field || !type) continue;
        for (const n of field.childrenForFieldName('name')) {
          if (!n) continue;
          let list = fields.get(n.text);
          if (!list) fields.set(n.text, (list = []));
          list.push(typeNameOf(type, false));
        }
      }
    }
    return (this.typeFactCache = { interfaces, embedders, fields });
  }

  /** occurrences lists where a word occurs in a file of the package (none for files outside it). */
  private occurrences(path: string, word: string): number[] {
    let index = this.identifiers.get(path);
    if (!index) {
      const text = this.text(path);
      index = text !== undefined && this.inPackage(path, text, this.options.includeTests) ? identifierIndex(text) : new Map<string, number[]>();
      this.identifiers.set(path, index);
    }
    return index.get(word) ?? [];
  }

  /**
   * isOnceCall says whether a call runs its function argument once: `X.Do(f)`
   * where X (an identifier or the last field of a selector) is declared
   * somewhere in the package with type sync.Once or *sync.Once, or
   * `sync.OnceFunc/OnceValue/OnceValues(f)` with `sync` as this file imports it.
   */
  isOnceCall(file: ParsedFile, call: Node): boolean {
    if (call.type !== 'call_expression') return false;
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    const syncNames = file.namesOf('sync');
    if (fn.type === 'selector_expression') {
      const field = fn.childForFieldName('field')?.text;
      const operand = fn.childForFieldName('operand');
      if (!operand || !field) return false;
      if (operand.type === 'identifier' && syncNames.has(operand.text) && /^Once(Func|Value|Values)$/.test(field)) return true;
      if (field !== 'Do') return false;
      const receiver = operand.type === 'selector_expression' ? operand.childForFieldName('field') : operand.type === 'identifier' ? operand : null;
      return !!receiver && this.onceNames().has(receiver.text);
    }
    return fn.type === 'identifier' && syncNames.has('.') && /^Once(Func|Value|Values)$/.test(fn.text);
  }

  /** onceNames is every variable, field or parameter name the package declares with type sync.Once or *sync.Once. */
  onceNames(): Set<string> {
    if (this.onceCache) return this.onceCache;
    const names = new Set<string>();
    for (const file of this.filesMentioning('Once')) {
      const syncNames = file.namesOf('sync');
      if (syncNames.size === 0) continue;
      for (const match of this.go.queries.once.matches(file.root)) {
        let type = match.captures.find((c) => c.name === 'once.type')?.node ?? null;
        if (type?.type === 'pointer_type') type = type.namedChild(0);
        if (!type || !isQualified(type, syncNames, 'Once')) continue;
        const decl = match.captures.find((c) => c.name !== 'once.type')!.node;
        for (const n of decl.childrenForFieldName('name')) if (n) names.add(n.text);
      }
      // Values: `once := new(sync.Once)`, `var once = &sync.Once{}`, `s.once = new(sync.Once)`, `{once: &sync.Once{}}`.
      const isOnceValue = (e: Node): boolean => {
        const x = e.type === 'unary_expression' && e.childForFieldName('operator')?.type === '&' ? e.childForFieldName('operand')! : e;
        if (x.type === 'composite_literal') return isQualified(x.childForFieldName('type')!, syncNames, 'Once');
        const arg = x.type === 'call_expression' && x.childForFieldName('function')?.text === 'new' ? x.childForFieldName('arguments')?.namedChild(0) : null;
        return !!arg && isQualified(arg, syncNames, 'Once');
      };
      for (const value of file.root.descendantsOfType(['call_expression', 'unary_expression'])) {
        if (!value || !isOnceValue(value)) continue;
        const list = value.parent;
        const holder = list?.parent;
        if (list?.type === 'expression_list' && holder) {
          const i = list.namedChildren.findIndex((n) => isSame(n, value));
          const targets = holder.type === 'var_spec' ? holder.childrenForFieldName('name') : (holder.childForFieldName('left')?.namedChildren ?? []);
          const target = targets[i];
          if (target?.type === 'identifier') names.add(target.text);
          else if (target?.type === 'selector_expression') names.add(target.childForFieldName('field')!.text);
        } else if (list?.type === 'literal_element' && holder?.type === 'keyed_element') {
          const key = holder.childForFieldName('key');
          if (key) names.add(key.text);
        }
      }
    }
    return (this.onceCache = names);
  }

  /**
   * packageLevelNames is every name declared at package level in any file of
   * the package, tests included, plus every import name of those files: the
   * names a hoisted variable must not take.
   */
  packageLevelNames(): Set<string> {
    return new Set(this.declaredNames().packageLevel);
  }

  /** declaredNames is packageLevelNames (without the copy) and the package's method names, read once per index. */
  declaredNames(): { packageLevel: ReadonlySet<string>; methods: ReadonlySet<string> } {
    if (this.declaredNameCache) return this.declaredNameCache;
    const names = new Set<string>();
    const methods = new Set<string>();
    for (const { path } of this.source.files) {
      const text = this.text(path);
      if (text === undefined || !this.inPackage(path, text, true)) continue;
      const file = this.file(path);
      if (!file) continue;
      for (const i of file.imports) if (i.name !== '.' && i.name !== '_') names.add(i.name);
      for (const match of this.go.queries.declarations.matches(file.root)) {
        for (const capture of match.captures) {
          if (capture.name === 'func.name' || capture.name === 'type.name') names.add(capture.node.text);
          else if (capture.name === 'method.name') methods.add(capture.node.text);
          else if (capture.name === 'var' || capture.name === 'const') {
            for (const n of capture.node.childrenForFieldName('name')) if (n) names.add(n.text);
          }
        }
      }
    }
    names.delete('_');
    return (this.declaredNameCache = { packageLevel: names, methods });
  }

  /**
   * declarationsNamed is every top-level function, method or variable
   * declaration of the package (its `_test.go` files included) that declares
   * `name`, with its file's import names: the steps of the hoist's
   * initialization-cycle check. Only files whose text contains the name are parsed.
   */
  declarationsNamed(name: string): { file: string; node: Node; imports: ReadonlySet<string> }[] {
    const cached = this.declarationCache.get(name);
    if (cached) return cached;
    const found: { file: string; node: Node; imports: ReadonlySet<string> }[] = [];
    for (const file of this.filesMentioning(name, true)) {
      let imports: Set<string> | undefined;
      for (const decl of file.root.namedChildren) {
        if (!decl) continue;
        let declares = false;
        if (decl.type === 'function_declaration' || decl.type === 'method_declaration') declares = decl.childForFieldName('name')?.text === name;
        else if (decl.type === 'var_declaration')
          declares = decl
            .descendantsOfType('var_spec')
            .some((spec) =>
              spec
                ?.childrenForFieldName('name')
                .some((n) => n?.text === name && spec.parent && (isSame(spec.parent, decl) || isSame(spec.parent.parent, decl))),
            );
        if (!declares) continue;
        imports ??= new Set(file.imports.map((i) => i.name));
        found.push({ file: file.path, node: decl, imports });
      }
    }
    this.declarationCache.set(name, found);
    return found;
  }

  /** dispose deletes every tree this index parsed. */
  dispose(): void {
    for (const file of this.parsed.values()) file?.tree.delete();
    this.parsed.clear();
  }
}

/**
 * typeNameOf reads a type's base name: `T` for T, *T or T[X]; `<other>` for
 * another package's type when it is certainly concrete (`concrete`: from a
 * literal or new, or behind a pointer) or for a type that has no methods of
 * ours (a slice, a map, a func…); undefined when it may be an interface of
 * another package.
 */
function typeNameOf(type: Node, concrete: boolean): string | undefined {
  let t = type;
  let pointer = false;
  if (t.type === 'pointer_type') {
    pointer = true;
    t = t.namedChild(0)!;
  }
  if (t.type === 'generic_type') t = t.childForFieldName('type')!;
  if (t.type === 'type_identifier' || t.type === 'identifier') return t.text;
  if (t.type === 'qualified_type' || t.type === 'selector_expression') return concrete || pointer ? '<other>' : undefined;
  if (t.type === 'interface_type' || t.type === 'parenthesized_type') return undefined;
  return '<other>';
}

/** toPoint turns a position into tree-sitter's point (UTF-16 columns, which the web binding converts). */
export function toPoint(p: { line: number; character: number }): { row: number; column: number } {
  return { row: p.line, column: p.character };
}

/** isQualified says whether a type node names `pkg.Name` for one of the file's names of pkg (or `Name` after a dot import). */
export function isQualified(type: Node, packageNames: Set<string>, name: string): boolean {
  if (type.type === 'qualified_type' || type.type === 'selector_expression') {
    const pkg = type.childForFieldName(type.type === 'qualified_type' ? 'package' : 'operand');
    const n = type.childForFieldName(type.type === 'qualified_type' ? 'name' : 'field');
    return !!pkg && !!n && n.text === name && packageNames.has(pkg.text);
  }
  if (type.type === 'type_identifier' || type.type === 'identifier') return type.text === name && packageNames.has('.');
  return false;
}
