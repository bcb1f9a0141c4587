;; once.scm — declarations whose type may be sync.Once or *sync.Once: a
;; variable (package-level or local), a struct field, a parameter. SPEC §4
;; exempts a function literal passed to `.Do` only where its receiver is
;; declared as sync.Once in the package; the names found here are that set.
;; The qualifier (`sync`, an alias, a dot import) is checked in code.

(var_spec type: [(qualified_type) (pointer_type) (type_identifier)] @once.type) @once.var
(field_declaration type: [(qualified_type) (pointer_type) (type_identifier)] @once.type) @once.field
(parameter_declaration type: [(qualified_type) (pointer_type) (type_identifier)] @once.type) @once.parameter
