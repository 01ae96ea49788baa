"""Bound parameters in the compiler: their rendered names (unique ones numbered like anonymous
labels), markers or literal renderings in the text, and, per execution, their values
(``construct_params``), driver form (``process_params``) and expanding IN lists (``expanded``).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Optional

from orm import exc

from .. import operators as ops
from ..elements import BindParameter
from ..type_api import NULLTYPE

if TYPE_CHECKING:
    from .base import SQLCompiler

_POSTCOMPILE = re.compile(r"__\[POSTCOMPILE_(\w+?)(~~.+?~~)?\]")
_BAD_BIND_CHARS = re.compile(r"[%\(\):\.\[\]\s\-\"'`]")


class BindParamsCompilerMixin:
    """Bound-parameter methods of ``SQLCompiler``."""

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
            # a unique (anonymous) bind answers only to its rendered name (``n_1``), never to its
            # key: its key is often a column's (``excluded.n + 100`` binds 100 under "n"), and a
            # row's "n" must not replace the literal (as SQLAlchemy)
            plan.append((name, None if bp.unique else bp.key, bp))
        self._plan = plan
        self._processors: dict[str, Callable[[Any], Any]] = {}
        for name, bp in self.binds.items():
            proc = bp.type.dialect_impl(self.dialect).bind_processor(self.dialect)
            if proc is not None:
                self._processors[name] = proc

    def construct_params(self, params: Optional[dict[str, Any]] = None, extracted: Optional[list[Any]] = None,
                         _check: bool = True, _group: Optional[int] = None,
                         _defaults: bool = True) -> dict[str, Any]:
        """Bind name -> Python value for one execution (see docs/internals.md); ``_group`` is the
        row's index in an executemany, named in the error for a missing value; ``_defaults=False``
        leaves Python-side column defaults out (``params`` shows the statement's own values)."""
        values: dict[str, Any] = {}
        if extracted is None:
            extracted = getattr(self, "_own_extracted", None)
        if extracted is not None and getattr(self, "_cache_positions", None) is not None:
            for name, b in zip(self._cache_positions, extracted):
                if name is not None and not (b.required and b.value is None and b.callable is None):
                    values[name] = b.effective_value if b.callable is not None else b.value
        for name, key, bp in self._plan:
            if params:
                if key is not None and key in params:
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
        if _defaults and (self.insert_prefetch or self.update_prefetch):
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
