"""The SQL compiler: expression nodes -> SQL text + bound parameters, per dialect.

One compiler serves the runtime and the checker's previews.  ``SQLCompiler`` renders with
``visit_<node.__visit_name__>`` methods; dialects subclass it and override a few of them or the
tables below (``OPERATORS``, ``FUNCTIONS``).  Bound parameters are rendered as internal markers while
compiling and turned into the dialect's paramstyle at the end, so that positional parameters follow
the final text order even when a WITH clause is assembled after the body.

``SQLCompiler`` is assembled from mixins, one concept each: statements (``select.py``, ``dml.py``),
expression visitors and the operator tables (``expressions.py``), bound parameters and the values
of an execution (``params.py``); this module holds the compile pass itself (dispatch, finishing,
anonymous names) and the ``Compiled`` contract.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc

from ..base import AnonLabel, ClauseElement
from ..elements import BindParameter
from .dml import DMLCompilerMixin
from .expressions import (
    MODIFIERS, NILADIC_FUNCTIONS, OPERATORS, UNARY_OPERATORS, ExpressionCompilerMixin, _string_type,
)
from .params import _BAD_BIND_CHARS, _POSTCOMPILE, BindParamsCompilerMixin, _DefaultContext
from .constructs import ConstructsCompilerMixin
from .select import SelectCompilerMixin

BIND_TEMPLATES = {
    "named": ":%(name)s",
    "pyformat": "%%(%(name)s)s",
    "qmark": "?",
    "format": "%%s",
    "numeric": ":[_POSITION]",
    "numeric_dollar": "$[_POSITION]",
}

_BIND_MARK = re.compile("\x01([^\x02]+)\x02")
_BIND_OR_POSTCOMPILE = re.compile("\x01([^\x02]+)\x02|__\\[POSTCOMPILE_(\\w+?)\\]")
_ANON = re.compile(r"%\((\d+) ([^)]+)\)s")


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
                         _check: bool = True, _group: Optional[int] = None,
                         _defaults: bool = True) -> dict[str, Any]:
        return {}

    @property
    def params(self) -> dict[str, Any]:
        """The statement's bound values by bind name, for display; a parameter still waiting for
        its value shows None (no error) and Python-side column defaults are not run::

            compiled = select(users).where(users.c.name == "ed").compile()
            compiled.params  # {'name_1': 'ed'}
        """
        return self.construct_params(_check=False, _defaults=False)

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


class SQLCompiler(SelectCompilerMixin, DMLCompilerMixin, ExpressionCompilerMixin, BindParamsCompilerMixin,
                  ConstructsCompilerMixin, Compiled):
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
        if statement is None:
            # a sub-compiler for expressions only (DDLCompiler.sql_compiler): nothing to finish
            self.string = ""
            return
        raw = self.process(statement, toplevel=True, **self.compile_kwargs)
        self._finalize(raw)

    # -- dispatch --------------------------------------------------------------------------------
    def process(self, element: Any, **kw: Any) -> str:
        # orm.ext.compiler: a class registered with @compiles renders through its functions
        hook = getattr(element, "_compiler_hook", None)
        if hook is not None:
            return hook(element, self, **kw)  # type: ignore[no-any-return]
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

    # -- result columns --------------------------------------------------------------------------
    def _add_result_column(self, key: str, type_: Any, objects: tuple[Any, ...] = ()) -> None:
        self.result_columns.append((key, type_))
        self._result_objects.append(objects)


_default_dialect: Any = None


def default_dialect() -> Any:
    """The dialect ``str(stmt)`` uses: generic SQL with ``:name`` parameters."""
    global _default_dialect
    if _default_dialect is None:
        from .strdialect import StrCompileDialect

        _default_dialect = StrCompileDialect()
    return _default_dialect

