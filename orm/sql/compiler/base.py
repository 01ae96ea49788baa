"""The SQL compiler: expression nodes -> SQL text + bound parameters, per dialect.

One compiler serves the runtime and the checker's previews.  ``SQLCompiler`` renders with
``visit_<node.__visit_name__>`` methods; dialects subclass it and override a few of them or the
tables below (``OPERATORS``, ``FUNCTIONS``).  Bound parameters are rendered as internal markers while
compiling and turned into the dialect's paramstyle at the end, so that positional parameters follow
the final text order even when a WITH clause is assembled after the body.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Optional

from orm import exc

from .. import operators as ops
from ..base import AnonLabel, ClauseElement
from ..elements import BindParameter
from ..type_api import NULLTYPE
from .dml import DMLCompilerMixin
from .select import SelectCompilerMixin

OPERATORS: dict[Any, str] = {
    ops.eq: " = ", ops.ne: " != ", ops.lt: " < ", ops.le: " <= ", ops.gt: " > ", ops.ge: " >= ",
    ops.add: " + ", ops.sub: " - ", ops.mul: " * ", ops.truediv: " / ", ops.floordiv: " / ",
    ops.mod: " % ", ops.concat_op: " || ", ops.and_: " AND ", ops.or_: " OR ",
    ops.like_op: " LIKE ", ops.not_like_op: " NOT LIKE ", ops.ilike_op: " ILIKE ",
    ops.not_ilike_op: " NOT ILIKE ", ops.in_op: " IN ", ops.not_in_op: " NOT IN ",
    ops.is_: " IS ", ops.is_not: " IS NOT ", ops.collate: " COLLATE ",
    ops.between_op: " BETWEEN ", ops.not_between_op: " NOT BETWEEN ",
    ops.is_distinct_from: " IS DISTINCT FROM ", ops.is_not_distinct_from: " IS NOT DISTINCT FROM ",
    ops.bitwise_and_op: " & ", ops.bitwise_or_op: " | ", ops.bitwise_xor_op: " ^ ",
    ops.match_op: " MATCH ", ops.comma_op: ", ", ops.getitem: "[]",
    ops.contains_op: " @> ", ops.contained_by_op: " <@ ", ops.overlap_op: " && ", ops.has_key_op: " ? ",
}

UNARY_OPERATORS: dict[Any, str] = {
    ops.neg: "-", ops.not_: "NOT ", ops.inv: "NOT ", ops.distinct_op: "DISTINCT ",
    ops.exists: "EXISTS ", ops.any_op: "ANY ", ops.all_op: "ALL ",
}

MODIFIERS: dict[Any, str] = {
    ops.desc_op: " DESC", ops.asc_op: " ASC", ops.nulls_first_op: " NULLS FIRST",
    ops.nulls_last_op: " NULLS LAST",
}

# Functions rendered without parentheses (ANSI "niladic" functions).
NILADIC_FUNCTIONS: dict[str, str] = {
    "current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE",
    "current_time": "CURRENT_TIME", "localtime": "LOCALTIME", "localtimestamp": "LOCALTIMESTAMP",
    "current_user": "CURRENT_USER", "session_user": "SESSION_USER", "user": "USER",
}

BIND_TEMPLATES = {
    "named": ":%(name)s",
    "pyformat": "%%(%(name)s)s",
    "qmark": "?",
    "format": "%%s",
    "numeric": ":[_POSITION]",
    "numeric_dollar": "$[_POSITION]",
}

_BIND_MARK = re.compile("\x01([^\x02]+)\x02")
_POSTCOMPILE = re.compile(r"__\[POSTCOMPILE_(\w+?)(~~.+?~~)?\]")
_BIND_OR_POSTCOMPILE = re.compile("\x01([^\x02]+)\x02|__\\[POSTCOMPILE_(\\w+?)\\]")
_ANON = re.compile(r"%\((\d+) ([^)]+)\)s")
_BAD_BIND_CHARS = re.compile(r"[%\(\):\.\[\]\s\-\"'`]")


class Compiled:
    """A compiled statement; see docs/internals.md ("The Compiled contract")."""

    string: str = ""
    isinsert = isupdate = isdelete = isddl = False
    returning: Optional[list[Any]] = None
    postfetch_lastrowid = False
    positional = False
    has_expanding = False

    def __init__(self, dialect: Any, statement: Any, compile_kwargs: Optional[dict[str, Any]] = None,
                 **kw: Any) -> None:
        self.dialect = dialect
        self.statement = statement
        self.compile_kwargs = compile_kwargs or {}

    # Execution contract defaults for parameterless statements (DDL); SQLCompiler overrides all of
    # these per instance.  Never mutated here, so class-level empties are safe.
    binds: dict[str, Any] = {}
    positiontup: list[str] = []
    result_columns: list[Any] = []
    insert_prefetch: list[Any] = []
    update_prefetch: list[Any] = []

    def construct_params(self, params: Optional[dict[str, Any]] = None, extracted: Optional[list[Any]] = None,
                         _check: bool = True, _group: Optional[int] = None) -> dict[str, Any]:
        return {}

    def process_params(self, values: dict[str, Any]) -> Any:
        # An empty sequence/dict rather than None: drivers with format/pyformat paramstyles then
        # read the ``%%`` escapes in the text as ``%``.
        return () if getattr(self.dialect, "positional", False) else {}

    def expanded(self, values: dict[str, Any]) -> tuple[str, Any]:
        return self.string, self.process_params(values)

    def __str__(self) -> str:
        return self.string

    @property
    def sql_compiler(self) -> "Compiled":
        return self


class SQLCompiler(SelectCompilerMixin, DMLCompilerMixin, Compiled):
    """Renders DML and queries.  Construct through ``stmt.compile(dialect=...)``."""

    operators = OPERATORS
    unary_operators = UNARY_OPERATORS
    modifiers = MODIFIERS
    niladic_functions = NILADIC_FUNCTIONS
    # Dialect function renames: name -> format with {args}.
    function_templates: dict[str, str] = {}

    def __init__(self, dialect: Any, statement: Any, compile_kwargs: Optional[dict[str, Any]] = None,
                 column_keys: Optional[list[str]] = None, for_executemany: bool = False,
                 linting: Any = None, **kw: Any) -> None:
        super().__init__(dialect, statement, compile_kwargs)
        self.column_keys = column_keys
        self.for_executemany = for_executemany
        self.preparer = dialect.identifier_preparer
        self.binds: dict[str, BindParameter[Any]] = {}
        self._bind_names: dict[int, str] = {}
        self._bind_counters: dict[str, int] = {}
        self._anon_map: dict[str, str] = {}
        self._anon_counters: dict[str, int] = {}
        self.insert_prefetch: list[Any] = []
        self.update_prefetch: list[Any] = []
        self.postfetch: list[Any] = []
        self.result_columns: list[tuple[str, Any]] = []
        self._result_objects: list[tuple[Any, ...]] = []
        self.literal_execute_params: set[str] = set()
        self._expand_ops: dict[str, Any] = {}
        self.ctes: dict[Any, str] = {}
        self._cte_names: dict[str, Any] = {}
        self.ctes_recursive = False
        self.stack: list[dict[str, Any]] = []
        self.implicit_returning: Optional[list[Any]] = None
        self.paramstyle = dialect.paramstyle
        self.positional = self.paramstyle in ("qmark", "format", "numeric", "numeric_dollar")
        self.bindtemplate = BIND_TEMPLATES[self.paramstyle]
        self.escape_percent = self.paramstyle in ("format", "pyformat")
        self.literal_binds = bool(self.compile_kwargs.get("literal_binds"))
        raw = self.process(statement, toplevel=True, **self.compile_kwargs)
        self._finalize(raw)

    # -- dispatch --------------------------------------------------------------------------------
    def process(self, element: Any, **kw: Any) -> str:
        try:
            meth = getattr(self, "visit_" + element.__visit_name__)
        except AttributeError:
            if not isinstance(element, ClauseElement):
                raise exc.ArgumentError(f"SQL expression element expected, got {element!r}") from None
            raise exc.UnsupportedCompilationError(self, type(element)) from None
        return meth(element, **kw)  # type: ignore[no-any-return]

    # -- finishing -------------------------------------------------------------------------------
    def _finalize(self, raw: str) -> None:
        text = _ANON.sub(lambda m: self._anon_for(m.group(0)), raw) if "%(" in raw else raw
        self.positiontup: list[str] = []
        if self.positional:
            order: list[str] = []

            def repl(m: re.Match[str]) -> str:
                name = m.group(1)
                if name is None:
                    # an expanding / literal-execute parameter: its place in the order is kept,
                    # its placeholders are rendered at execution (see ``expanded``)
                    order.append(m.group(2))
                    return m.group(0)
                order.append(name)
                if self.paramstyle in ("numeric", "numeric_dollar"):
                    sym = ":" if self.paramstyle == "numeric" else "$"
                    return f"{sym}{len(order)}"
                return "%s" if self.paramstyle == "format" else "?"

            text = _BIND_OR_POSTCOMPILE.sub(repl, text)
            self.positiontup = order
        else:
            text = _BIND_MARK.sub(lambda m: self.bindtemplate % {"name": m.group(1)}, text)
        self.string = text
        self.has_expanding = "__[POSTCOMPILE_" in text
        self._build_param_plan()
        # Which rendered name each bind of the cache-key traversal got, so that a cached copy of
        # this compiled form can take the values of a new statement of the same shape.
        gen = self.statement._generate_cache_key() if hasattr(self.statement, "_generate_cache_key") else None
        self._cache_positions = (
            [self._bind_names.get(id(getattr(b, "_replaces", b))) for b in gen[1]] if gen else None
        )
        # values given by params() live in the key's bind list, not in the rendered binds
        self._own_extracted = gen[1] if gen and "_bind_overrides" in self.statement.__dict__ else None

    def _anon_for(self, token: str) -> str:
        name = self._anon_map.get(token)
        if name is None:
            base = _ANON.match(token).group(2)  # type: ignore[union-attr]
            name = self._anon_map[token] = self._next_anon(base)
        return name

    def _next_anon(self, base: str) -> str:
        """``base_N``: anonymous labels and unique binds share one counter per base name, in
        rendering order, as SQLAlchemy numbers them."""
        n = self._anon_counters.get(base, 0) + 1
        while f"{base}_{n}" in self.binds:
            n += 1
        self._anon_counters[base] = n
        return f"{base}_{n}"

    def _truncated(self, name: Any) -> str:
        """The final text of a (possibly anonymous) name."""
        if type(name) is AnonLabel:
            return self._anon_for(str(name))
        text = str(name)
        if "%(" in text:  # a name built from an anonymous one: anon_1_users_id
            return _ANON.sub(lambda m: self._anon_for(m.group(0)), text)
        return text

    # -- bind parameters -------------------------------------------------------------------------
    def _bind_name(self, bp: BindParameter[Any]) -> str:
        name = self._bind_names.get(id(bp))
        if name is not None:
            return name
        key = bp.key
        safe = _BAD_BIND_CHARS.sub("_", key) if _BAD_BIND_CHARS.search(key) else key
        if bp.unique:
            name = self._next_anon(safe)
        else:
            name = safe
            existing = self.binds.get(name)
            if existing is not None and existing is not bp:
                self._check_bind_clash(name, existing, bp)
        self._bind_names[id(bp)] = name
        self.binds[name] = bp
        return name

    @staticmethod
    def _check_bind_clash(name: str, existing: Any, bp: Any) -> None:
        """Two distinct parameters share ``name``: only plain named parameters may share one value."""
        uniq = [p.unique or getattr(p, "_crud_literal", False) for p in (existing, bp)]
        if any(uniq):
            raise exc.CompileError(f"Bind parameter '{name}' conflicts with unique bind parameter of the same name")
        if bool(existing.expanding) != bool(bp.expanding):
            raise exc.CompileError(
                f"Can't reuse bound parameter name '{name}' in both 'expanding' (e.g. within an IN expression) "
                "and non-expanding contexts.  If this parameter is to receive a list/array value, set "
                "'expanding=True' on it for expressions that aren't IN, otherwise use a different parameter name."
            )
        crud = [getattr(p, "_crud", False) for p in (existing, bp)]
        if all(crud):
            raise exc.CompileError(f"Bind parameter '{name}' appears twice in the VALUES/SET clause")
        if any(crud):
            # the column's own VALUES/SET parameter would silently take the other one's value
            raise exc.CompileError(
                f"bindparam() name '{bp.key}' is reserved for automatic usage in the VALUES or SET clause of "
                "this insert/update statement.   Please use a name other than column name when using "
                f"bindparam() with insert() or update() (for example, 'b_{bp.key}')."
            )

    def bindparam_string(self, name: str, expanding: bool = False) -> str:
        if expanding:
            return f"(__[POSTCOMPILE_{name}])"
        return f"\x01{name}\x02"

    def visit_bindparam(self, bp: BindParameter[Any], literal_binds: bool = False, within_columns_clause: bool = False,
                        **kw: Any) -> str:
        if literal_binds or self.literal_binds:
            return self.render_literal_bindparam(bp, **kw)
        name = self._bind_name(bp)
        if bp.expanding:
            self._expand_ops[name] = kw.get("_expand_op")
        if bp.literal_execute and not bp.expanding:
            self.literal_execute_params.add(name)
            return f"__[POSTCOMPILE_{name}]"
        wrapped = self.bindparam_string(name, expanding=bp.expanding)
        impl = bp.type.dialect_impl(self.dialect)
        bind_cast = getattr(self.dialect, "bind_cast", None)
        if bind_cast is not None and not bp.expanding:
            cast = bind_cast(bp.type)
            if cast is not None:
                # a driver binding server-side (psycopg) needs the type where the context gives none
                wrapped = f"{wrapped}::{cast}"
        be = getattr(impl, "bind_expression_sql", None)
        if be is not None:
            wrapped = be(wrapped)
        return wrapped

    def render_literal_bindparam(self, bp: BindParameter[Any], **kw: Any) -> str:
        if bp.required and bp.callable is None and bp.value is None:
            raise exc.CompileError(
                f"Bind parameter '{bp.key}' without a renderable value not allowed here."
            )
        value = bp.effective_value
        if bp.expanding:
            if not value:
                return "(" + self.empty_set_op_expr(bp, kw.get("_expand_op")) + ")"
            tuple_types = getattr(bp.type, "types", None)
            if tuple_types is not None:
                rows = ["(" + ", ".join(self.render_literal_value(v, t) for v, t in zip(row, tuple_types)) + ")"
                        for row in value]
                return "(" + self.tuple_in_values_prefix + ", ".join(rows) + ")"
            return "(" + ", ".join(self.render_literal_value(v, bp.type) for v in value) + ")"
        return self.render_literal_value(value, bp.type)

    # ``(a, b) IN (VALUES (1, 2), ...)`` where the database wants row values spelled so (SQLite)
    tuple_in_values_prefix = ""

    def empty_set_op_expr(self, bp: BindParameter[Any], op: Any) -> str:
        """What goes inside ``IN (...)`` for an empty list: a condition that is always false for
        IN (always true for NOT IN) whatever the column's type: ``IN (NULL) AND (1 != 1)``."""
        types = getattr(bp.type, "types", None)
        nulls = "(" + ", ".join("NULL" for _ in types) + ")" if types is not None else "NULL"
        if op is ops.not_in_op:
            return nulls + ") OR (1 = 1"
        return nulls + ") AND (1 != 1"

    def render_literal_value(self, value: Any, type_: Any) -> str:
        """``value`` as a SQL literal, through its type's literal processor (never naive splicing)."""
        if value is None:
            return "NULL"
        if type_ is NULLTYPE or type_ is None:
            from ..type_api import resolve_value_type

            type_ = resolve_value_type(value)
        impl = type_.dialect_impl(self.dialect)
        proc = impl.literal_processor(self.dialect)
        if proc is None:
            raise exc.CompileError(
                f"No literal value renderer is available for literal value {value!r} with datatype {type_!r}"
            )
        # the type's literal processor already doubles % for format/pyformat drivers
        return proc(value)  # type: ignore[no-any-return]

    # -- parameters at execution -----------------------------------------------------------------
    def _build_param_plan(self) -> None:
        plan = []
        for name, bp in self.binds.items():
            plan.append((name, bp.key, bp))
        self._plan = plan
        self._processors: dict[str, Callable[[Any], Any]] = {}
        for name, bp in self.binds.items():
            proc = bp.type.dialect_impl(self.dialect).bind_processor(self.dialect)
            if proc is not None:
                self._processors[name] = proc

    def construct_params(self, params: Optional[dict[str, Any]] = None, extracted: Optional[list[Any]] = None,
                         _check: bool = True, _group: Optional[int] = None) -> dict[str, Any]:
        """Bind name -> Python value for one execution (see docs/internals.md); ``_group`` is the
        row's index in an executemany, named in the error for a missing value."""
        values: dict[str, Any] = {}
        if extracted is None:
            extracted = getattr(self, "_own_extracted", None)
        if extracted is not None and getattr(self, "_cache_positions", None) is not None:
            for name, b in zip(self._cache_positions, extracted):
                if name is not None and not (b.required and b.value is None and b.callable is None):
                    values[name] = b.effective_value if b.callable is not None else b.value
        for name, key, bp in self._plan:
            if params:
                if key in params:
                    values[name] = params[key]
                    continue
                if name in params:
                    values[name] = params[name]
                    continue
            if name in values:
                continue
            if bp.callable is not None:
                values[name] = bp.callable()
            elif bp.required and bp.value is None:
                if _check:
                    raise exc.StatementError(
                        f"A value is required for bind parameter {bp.key!r}"
                        + (f", in parameter group {_group}" if _group is not None else ""),
                        self.string, params, None
                    )
                values[name] = None
            else:
                values[name] = bp.value
        if self.insert_prefetch or self.update_prefetch:
            self._prefetch_defaults(values, params)
        return values

    def _prefetch_defaults(self, values: dict[str, Any], params: Optional[dict[str, Any]]) -> None:
        ctx = _DefaultContext(values, self)
        # A prefetch column was absent from the first parameter set, which fixed the statement's
        # columns: a later executemany row naming it is ignored and the default applies.
        for col in self.insert_prefetch:
            values[self._prefetch_names[col]] = col.default.execute_with(ctx)
        for col in self.update_prefetch:
            values[self._prefetch_names[col]] = col.onupdate.execute_with(ctx)

    def process_params(self, values: dict[str, Any]) -> Any:
        """Values in the driver's form (type bind processors applied, positional order or dict)."""
        procs = self._processors
        if procs:
            values = {k: (procs[k](v) if k in procs and v is not None else v) for k, v in values.items()}
        if self.positional:
            return tuple(values[n] for n in self.positiontup)
        return values


    def expanded(self, values: dict[str, Any]) -> tuple[str, Any]:
        """``(sql, driver_params)`` for one execution: expanding IN lists and literal-execute
        parameters are rendered here, since their shape depends on the values."""
        if not self.has_expanding:
            return self.string, self.process_params(values)
        procs = self._processors
        new_values: dict[str, Any] = {}
        for k, v in values.items():
            bp = self.binds.get(k)
            if bp is not None and (bp.expanding or k in self.literal_execute_params):
                continue
            new_values[k] = procs[k](v) if k in procs and v is not None else v
        expansions: dict[str, list[str]] = {}

        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            bp = self.binds[name]
            value = values.get(name)
            if name in self.literal_execute_params:
                return self.render_literal_value(value, bp.type)
            items = list(value) if value is not None else []
            if not items:
                return self.empty_set_op_expr(bp, self._expand_ops.get(name))
            names = []
            proc = procs.get(name)
            tuple_types = getattr(bp.type, "types", None)
            bind_cast = getattr(self.dialect, "bind_cast", None)
            cast = bind_cast(bp.type) if bind_cast is not None and tuple_types is None else None
            cast_suffix = f"::{cast}" if cast else ""
            for i, item in enumerate(items, 1):
                if isinstance(item, tuple) and tuple_types is not None:
                    sub = []
                    for j, (part, ptype) in enumerate(zip(item, tuple_types), 1):
                        pname = f"{name}_{i}_{j}"
                        pp = ptype.dialect_impl(self.dialect).bind_processor(self.dialect)
                        new_values[pname] = pp(part) if pp is not None and part is not None else part
                        sub.append(pname)
                    names.append("(" + ", ".join(self._placeholder(p) for p in sub) + ")")
                    expansions.setdefault(name, []).extend(sub)
                    continue
                pname = f"{name}_{i}"
                new_values[pname] = proc(item) if proc is not None and item is not None else item
                expansions.setdefault(name, []).append(pname)
                names.append(self._placeholder(pname) + cast_suffix)
            if tuple_types is not None:
                return self.tuple_in_values_prefix + ", ".join(names)
            return ", ".join(names)

        sql = _POSTCOMPILE.sub(repl, self.string)
        if self.positional:
            order: list[str] = []
            for n in self.positiontup:
                bp = self.binds[n]
                if bp.expanding:
                    order.extend(expansions.get(n, ()))
                elif n in self.literal_execute_params:
                    continue
                else:
                    order.append(n)
            # positional placeholders of expanded lists were written in place, in order
            return sql, tuple(new_values[n] for n in order)
        return sql, new_values

    def _placeholder(self, name: str) -> str:
        if self.paramstyle == "qmark":
            return "?"
        if self.paramstyle == "format":
            return "%s"
        if self.paramstyle == "pyformat":
            return f"%({name})s"
        if self.paramstyle == "named":
            return f":{name}"
        raise exc.CompileError(f"expanding parameters are not supported with paramstyle {self.paramstyle}")

    # -- result columns --------------------------------------------------------------------------
    def _add_result_column(self, key: str, type_: Any, objects: tuple[Any, ...] = ()) -> None:
        self.result_columns.append((key, type_))
        self._result_objects.append(objects)

    # -- simple elements -------------------------------------------------------------------------
    def visit_column(self, column: Any, include_table: bool = True, add_to_result_map: Any = None,
                     **kw: Any) -> str:
        name = column.name
        if name is None:
            raise exc.CompileError("Cannot compile Column object until its 'name' is assigned.")
        if column.is_literal:
            text = self._truncated(name)
            if self.escape_percent:
                text = text.replace("%", "%%")
        else:
            text = self.preparer.quote(self._truncated(name))
        table = column.table
        if table is None or not include_table or not getattr(table, "named_with_column", False):
            return text
        effective = self._effective_table_name(table)
        if effective is None:
            return text
        return f"{effective}.{text}"

    def _effective_table_name(self, table: Any) -> Optional[str]:
        name = table.name
        if type(name) is AnonLabel:
            return self._truncated(name)
        schema = getattr(table, "schema", None)
        quoted = self.preparer.quote(name)
        if schema and not getattr(table, "_is_derived", False):
            return self.preparer.quote_schema(schema) + "." + quoted
        return quoted

    def visit_textclause(self, clause: Any, **kw: Any) -> str:
        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            bp = clause._bindparams.get(name)
            if bp is None:
                bp = BindParameter(name, None, required=True)
            return self.process(bp, **kw)

        text = clause.text
        if self.escape_percent:
            text = text.replace("%", "%%")
        text = clause._bind_pattern.sub(repl, text)
        # ``\:`` escapes a colon that is not a parameter
        return text.replace("\\:", ":")

    def visit_textual_label_reference(self, element: Any, within_columns_clause: bool = False,
                                      **kw: Any) -> str:
        select = self.stack[-1]["selectable"] if self.stack else None
        name = element.element
        if select is not None and getattr(select, "__visit_name__", "") == "compound_select":
            return self.preparer.quote(name)
        if select is not None:
            for key, cname, col, needs_label in select._columns_plus_names() if hasattr(select, "_columns_plus_names") else [
                (k, n, c, False) for k, n, c in select._exported_columns()
            ]:
                if cname == name or key == name:
                    if needs_label or getattr(col, "__visit_name__", "") == "label":
                        return self.preparer.quote(name)
                    return self.process(col, **kw)
            if not hasattr(select, "_columns_plus_names"):
                return self.preparer.quote(name)
        raise exc.CompileError(
            f"Can't resolve label reference for ORDER BY / GROUP BY / DISTINCT etc. Textual SQL "
            f"expression {name!r} should be explicitly declared as text({name!r})"
        )

    def visit_null(self, expr: Any, **kw: Any) -> str:
        return "NULL"

    def visit_true(self, expr: Any, **kw: Any) -> str:
        if self.dialect.supports_native_boolean:
            return "true"
        return "1"

    def visit_false(self, expr: Any, **kw: Any) -> str:
        if self.dialect.supports_native_boolean:
            return "false"
        return "0"

    def visit_grouping(self, grouping: Any, **kw: Any) -> str:
        return "(" + self.process(grouping.element, **kw) + ")"

    def visit_select_statement_grouping(self, grouping: Any, **kw: Any) -> str:
        return "(" + self.process(grouping.element, **kw) + ")"

    def visit_clauselist(self, clauselist: Any, **kw: Any) -> str:
        sep = self.operators.get(clauselist.operator, ", ") if clauselist.operator is not ops.comma_op else ", "
        parts = [self.process(c, **kw) for c in clauselist.clauses]
        return sep.join(p for p in parts if p)

    def visit_expression_clauselist(self, clauselist: Any, **kw: Any) -> str:
        sep = self.operators.get(clauselist.operator, ", ")
        return sep.join(self.process(c, **kw) for c in clauselist.clauses)

    def visit_boolean_clauselist(self, clauselist: Any, **kw: Any) -> str:
        if not clauselist.clauses:
            return ""
        sep = self.operators[clauselist.operator]
        parts = [self.process(c, **kw) for c in clauselist.clauses]
        return sep.join(p for p in parts if p)

    def visit_tuple(self, clauselist: Any, **kw: Any) -> str:
        return "(" + ", ".join(self.process(c, **kw) for c in clauselist.clauses) + ")"

    def visit_label(self, label: Any, within_columns_clause: bool = False, render_label_as_label: Any = None,
                    result_map_targets: Any = (), **kw: Any) -> str:
        name = self._truncated(label.name)
        if within_columns_clause or render_label_as_label is label:
            inner = self.process(label.element, within_columns_clause=False, **kw)
            return inner + " AS " + self.preparer.quote(name)
        if kw.get("within_order_by") or kw.get("within_group_by"):
            # ORDER BY a label of the enclosing SELECT refers to it by name
            select = self.stack[-1]["selectable"] if self.stack else None
            if select is not None and any(c is label for c in getattr(select, "_raw_columns", ())):
                return self.preparer.quote(name)
        return self.process(label.element, **kw)

    def visit_collation(self, element: Any, **kw: Any) -> str:
        # a collation name is an identifier: quoted when it has capitals or odd characters
        return self.preparer.quote(element.collation)

    def visit_typeclause(self, typeclause: Any, **kw: Any) -> str:
        return self.dialect.type_compiler.process(typeclause.type)

    def visit_cast(self, cast: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        return f"CAST({self.process(cast.clause, **kw)} AS {self.process(cast.typeclause, **kw)})"

    def visit_type_coerce(self, tc: Any, **kw: Any) -> str:
        return self.process(tc.clause, **kw)

    def visit_extract(self, extract: Any, **kw: Any) -> str:
        field = self.extract_map.get(extract.field, extract.field)
        return f"EXTRACT({field} FROM {self.process(extract.expr, **kw)})"

    extract_map: dict[str, str] = {}

    def visit_case(self, clause: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        x = "CASE "
        if clause.value is not None:
            x += self.process(clause.value, **kw) + " "
        for cond, result in clause.whens:
            x += "WHEN " + self.process(cond, **kw) + " THEN " + self.process(result, **kw) + " "
        if clause.else_ is not None:
            x += "ELSE " + self.process(clause.else_, **kw) + " "
        return x + "END"

    def visit_over(self, over: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        text = self.process(over.element, **kw)
        parts = []
        if over.partition_by is not None:
            parts.append("PARTITION BY " + self.process(over.partition_by, **kw))
        if over.order_by is not None:
            parts.append("ORDER BY " + self.process(over.order_by, **kw))
        if over.range_ is not None:
            parts.append("RANGE BETWEEN " + self._frame(over.range_, over._frame_binds, **kw))
        elif over.rows is not None:
            parts.append("ROWS BETWEEN " + self._frame(over.rows, over._frame_binds, **kw))
        return f"{text} OVER ({' '.join(parts)})"

    def _frame(self, rng: tuple[Any, Any], binds: tuple[Any, ...], **kw: Any) -> str:
        # offsets other than 0 are bound parameters (their values are not part of the shape)
        values = iter(binds)

        def bound(v: Any, side: str) -> str:
            if v is None:
                return f"UNBOUNDED {side}"
            if v == 0:
                return "CURRENT ROW"
            text = self.process(next(values), **kw)
            return f"{text} PRECEDING" if v < 0 else f"{text} FOLLOWING"

        return f"{bound(rng[0], 'PRECEDING')} AND {bound(rng[1], 'FOLLOWING')}"

    def visit_withingroup(self, wg: Any, **kw: Any) -> str:
        return f"{self.process(wg.element, **kw)} WITHIN GROUP (ORDER BY {self.process(wg.order_by, **kw)})"

    def visit_funcfilter(self, ff: Any, **kw: Any) -> str:
        return f"{self.process(ff.func, **kw)} FILTER (WHERE {self.process(ff.criterion, **kw)})"

    def visit_function(self, func: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        name = func.name
        lname = name.lower()
        disp = getattr(self, f"visit_{lname}_func", None)
        if disp is not None:
            return disp(func, **kw)  # type: ignore[no-any-return]
        template = self.function_templates.get(lname)
        args = self.process(func.clause_expr, **kw)
        if template is not None:
            return template.format(args=args)
        if lname in self.niladic_functions and not func.clause_expr.clauses:
            return self.niladic_functions[lname]
        if self.preparer._requires_quotes_func(name):
            name = self.preparer.quote(name)
        packages = [self.preparer.quote(p) if self.preparer._requires_quotes_func(p) else p for p in func.packagenames]
        return ".".join(packages + [name]) + "(" + args + ")"

    def visit_next_value(self, nv: Any, **kw: Any) -> str:
        raise exc.CompileError(f"Dialect '{self.dialect.name}' does not support sequence increments.")

    # -- operators -------------------------------------------------------------------------------
    def visit_binary(self, binary: Any, **kw: Any) -> str:
        operator = binary.operator
        kw.pop("within_columns_clause", None)
        name = getattr(operator, "__name__", None)
        disp = getattr(self, f"visit_{name}_binary", None) if name else None
        if disp is not None:
            return disp(binary, operator, **kw)  # type: ignore[no-any-return]
        if isinstance(operator, ops.custom_op):
            opstring = f" {operator.opstring} "
            if self.escape_percent:
                opstring = opstring.replace("%", "%%")
        else:
            opstring = self.operators.get(operator)
            if opstring is None:
                raise exc.UnsupportedCompilationError(self, operator)
            if operator is ops.mod and self.escape_percent:
                opstring = " %% "
        return self.process(binary.left, **kw) + opstring + self.process(binary.right, **kw)

    def _like(self, binary: Any, keyword: str, **kw: Any) -> str:
        text = self.process(binary.left, **kw) + keyword + self.process(binary.right, **kw)
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_like_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " LIKE ", **kw)

    def visit_not_like_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " NOT LIKE ", **kw)

    def visit_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        # generic ILIKE: lower() on both sides (PostgreSQL overrides with native ILIKE)
        text = f"lower({self.process(binary.left, **kw)}) LIKE lower({self.process(binary.right, **kw)})"
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_not_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        text = f"lower({self.process(binary.left, **kw)}) NOT LIKE lower({self.process(binary.right, **kw)})"
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_between_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        sym = " BETWEEN SYMMETRIC " if binary.modifiers.get("symmetric") else " BETWEEN "
        return self.process(binary.left, **kw) + sym + self.process(binary.right, **kw)

    def visit_not_between_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        sym = " NOT BETWEEN SYMMETRIC " if binary.modifiers.get("symmetric") else " NOT BETWEEN "
        return self.process(binary.left, **kw) + sym + self.process(binary.right, **kw)

    def visit_in_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        kw["_expand_op"] = operator
        return self.process(binary.left, **kw) + " IN " + self.process(binary.right, **kw)

    def visit_not_in_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        kw["_expand_op"] = operator
        return self.process(binary.left, **kw) + " NOT IN " + self.process(binary.right, **kw)

    def visit_is_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " IS DISTINCT FROM " + self.process(binary.right, **kw)

    def visit_is_not_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " IS NOT DISTINCT FROM " + self.process(binary.right, **kw)

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        raise exc.CompileError(f"{self.dialect.name} dialect does not support regular expressions")

    visit_not_regexp_match_op_binary = visit_regexp_match_op_binary

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        raise exc.CompileError(f"{self.dialect.name} dialect does not support JSON indexing")

    visit_json_path_getitem_op_binary = visit_json_getitem_op_binary

    def visit_getitem_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)}[{self.process(binary.right, **kw)}]"

    def visit_unary(self, unary: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        if unary.operator is not None:
            name = getattr(unary.operator, "__name__", None)
            disp = getattr(self, f"visit_{name}_unary_operator", None) if name else None
            if disp is not None:
                return disp(unary, unary.operator, **kw)  # type: ignore[no-any-return]
            if isinstance(unary.operator, ops.custom_op):
                return unary.operator.opstring + " " + self.process(unary.element, **kw)
            return self.unary_operators[unary.operator] + self.process(unary.element, **kw)
        if unary.modifier is not None:
            name = getattr(unary.modifier, "__name__", None)
            disp = getattr(self, f"visit_{name}_unary_modifier", None) if name else None
            if disp is not None:
                return disp(unary, unary.modifier, **kw)  # type: ignore[no-any-return]
            return self.process(unary.element, **kw) + self.modifiers[unary.modifier]
        return self.process(unary.element, **kw)

    def _parenthesised(self, element: Any, **kw: Any) -> str:
        text = self.process(element, **kw)
        if getattr(element, "__visit_name__", "") in ("scalar_select", "grouping"):
            return text  # already in parentheses
        return "(" + text + ")"

    def visit_any_op_unary_operator(self, unary: Any, operator: Any, **kw: Any) -> str:
        return "ANY " + self._parenthesised(unary.element, **kw)

    def visit_all_op_unary_operator(self, unary: Any, operator: Any, **kw: Any) -> str:
        return "ALL " + self._parenthesised(unary.element, **kw)

    def visit_as_boolean(self, element: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        inner = element.element
        if self.dialect.supports_native_boolean:
            if element.negated:
                return "NOT " + self.process(inner.self_group(against=ops.not_), **kw)
            return self.process(inner, **kw)
        return self.process(inner, **kw) + (" = 0" if element.negated else " = 1")

    # -- division: Python 3 semantics, as SQLAlchemy 2.0 renders them ----------------------------
    # Where "/" between integers truncates (most databases), true division casts the divisor to
    # NUMERIC (FLOAT for a float divisor); floor division of integers is the plain "/".
    div_is_floordiv = True

    def visit_truediv_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        right = binary.right
        if self.div_is_floordiv:
            right = self._true_divisor(right)
        return self.process(binary.left, **kw) + " / " + self.process(right, **kw)

    def _true_divisor(self, right: Any) -> Any:
        from orm.types import Numeric

        from ..elements import Cast

        type_ = right.type if isinstance(right.type, Numeric) else Numeric()
        return Cast(right, type_)

    def visit_floordiv_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        from orm.types import Integer

        text = self.process(binary.left, **kw) + " / " + self.process(binary.right, **kw)
        if self.div_is_floordiv and isinstance(binary.right.type, Integer) \
                and isinstance(binary.left.type, Integer):
            return text
        return "FLOOR(" + text + ")"

    def visit_exists(self, exists: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        return "EXISTS (" + self.process(exists.element, asfrom=False, subquery=True, **kw) + ")"


class _DefaultContext:
    """What a context-sensitive column default receives (``get_current_parameters()``)."""

    def __init__(self, values: dict[str, Any], compiled: SQLCompiler) -> None:
        self._values = values
        self.compiled = compiled

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict[str, Any]:
        out = {}
        for name, bp in self.compiled.binds.items():
            if name in self._values:
                out[bp.key] = self._values[name]
        return out

    @property
    def current_parameters(self) -> dict[str, Any]:
        return self.get_current_parameters()


def _string_type() -> Any:
    from orm.types import String

    return String()


_default_dialect: Any = None


def default_dialect() -> Any:
    """The dialect ``str(stmt)`` uses: generic SQL with ``:name`` parameters."""
    global _default_dialect
    if _default_dialect is None:
        from .strdialect import StrCompileDialect

        _default_dialect = StrCompileDialect()
    return _default_dialect
