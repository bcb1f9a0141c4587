;; locals.scm — the names a function declares, run on one function or method
;; declaration. A hoist is refused when the Transport expression refers to any
;; of them, and its variable name must not be shadowed by one visible at the
;; use site. Scopes and `:=` versus `=` are settled in code.

;; Parameters, named results and the receiver.
(parameter_declaration name: (identifier) @local)
(variadic_parameter_declaration name: (identifier) @local)

;; Type parameters: func F[T any]().
(type_parameter_declaration name: (identifier) @local)

;; x, y := …
(short_var_declaration left: (expression_list (identifier) @local))

;; var x …  /  const x …  (names read from the spec in code)
(var_spec) @local.spec
(const_spec) @local.spec

;; for k, v := range … (code checks for `:=`)
(range_clause left: (expression_list (identifier) @local.range))

;; switch v := x.(type)
(type_switch_statement alias: (expression_list (identifier) @local))

;; case v, ok := <-ch: (code checks for `:=`)
(receive_statement left: (expression_list (identifier) @local.receive))

;; type T … inside a function
(type_spec name: (type_identifier) @local)
(type_alias name: (type_identifier) @local)
