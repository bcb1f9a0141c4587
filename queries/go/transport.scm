;; transport.scm — the shapes that may construct a net/http or
;; golang.org/x/net/http2 Transport inside Go code.
;;
;; Which package a qualifier such as `http` names differs per file (aliases,
;; dot imports), so these patterns only capture syntax; core/transport/rule.ts keeps
;; the captures whose qualifier is an import name of one of the two packages
;; and whose position is inside a function body.

;; A composite literal of a qualified type: http.Transport{…}. The `&` in
;; front, if any, is the literal's parent (a unary_expression).
(composite_literal
  type: (qualified_type
    package: (package_identifier) @literal.qualifier
    name: (type_identifier) @literal.name (#eq? @literal.name "Transport"))) @literal

;; The same type named bare, as a dot import of net/http allows: Transport{…}.
(composite_literal
  type: (type_identifier) @literal.name (#eq? @literal.name "Transport")) @literal

;; A slice, array or map literal whose elements may elide their type:
;; []*http.Transport{{…}}. The element type is checked in code.
(composite_literal
  type: [(slice_type) (array_type) (implicit_length_array_type) (map_type)] @container.type
  body: (literal_value) @container.body) @container

;; new(http.Transport), or new(Transport) after a dot import (the grammar may
;; read the bare name as an expression, hence the identifier alternative).
(call_expression
  function: (identifier) @new.builtin (#eq? @new.builtin "new")
  arguments: (argument_list
    .
    [(qualified_type) (type_identifier) (identifier) (selector_expression)] @new.type
    .)) @new

;; var tr http.Transport — a Transport value declared in place.
(var_spec
  type: [(qualified_type) (type_identifier)] @var.type) @var

;; X.Clone(): core/transport/rule.ts decides whether X is known to be a
;; *http.Transport (a type assertion, a package-level Transport, a local
;; assigned from either).
(call_expression
  function: (selector_expression
    operand: (_) @clone.receiver
    field: (field_identifier) @clone.method (#eq? @clone.method "Clone"))
  arguments: (argument_list) @clone.arguments) @clone
