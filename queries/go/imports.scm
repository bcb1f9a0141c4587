;; imports.scm — every import of a file, with its explicit name if any.
;;
;; `name` is a package_identifier (an alias), a dot (`. "net/http"`) or a
;; blank identifier (`_`); without it the import name is the package's own
;; name, which for the paths this rule cares about is the last path element.
;; The path is an interpreted or a raw string literal; quotes are stripped in
;; code.

(import_spec
  name: (_)? @import.name
  path: (_) @import.path) @import
