;; declarations.scm — the package clause and the package-level names of one
;; file: what the hoist's variable name must not collide with, and what a
;; package-level Transport variable can be (for `shared.Clone()`).
;;
;; Every pattern is anchored at source_file, so nothing declared inside a
;; function body is captured.

;; package foo
(source_file (package_clause (package_identifier) @package))

;; func Name(…) — a package-level name (init and _ excepted, in code).
(source_file (function_declaration name: (identifier) @func.name) @func)

;; func (r T) Name(…) — not a package-level name, but a call target.
(source_file (method_declaration name: (field_identifier) @method.name) @method)

;; var a, b = …  /  var ( … ) — names read from the spec in code, since one
;; spec may declare several.
(source_file (var_declaration (var_spec) @var))
(source_file (var_declaration (var_spec_list (var_spec) @var)))

;; const A = … / const ( … )
(source_file (const_declaration (const_spec) @const))

;; type T … / type A = …
(source_file (type_declaration (type_spec name: (type_identifier) @type.name)))
(source_file (type_declaration (type_alias name: (type_identifier) @type.name)))
