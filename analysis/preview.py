"""SQL preview: the SQL each database receives for the statement expression under the cursor.

The statement is rebuilt against the shadow model (:mod:`analysis.reconstruct`) and compiled by
``orm``'s own compilers for ``sqlite``, ``postgresql`` and ``mysql`` (exact: the runtime's SQL,
shown with named parameters ``:name``), or transpiled by sqlglot from the PostgreSQL SQL for any
other dialect sqlglot knows (``oracle``, ``tsql``, ``duckdb``, ``snowflake``, ``bigquery``, ...;
marked ``transpiled``).  Eager loads that run their own statement (``selectinload``, a relationship
with ``lazy="selectin"``) are previewed too, in :attr:`SqlPreview.extra`.

Example::

    preview = preview_at(ws, "app/views.py", line=14, column=22, dialects=["sqlite", "oracle"])
    preview.dialects["sqlite"].sql        # 'SELECT users.id, users.name \\nFROM users \\nWHERE ...'
    preview.dialects["sqlite"].params     # {'name_1': 'ed', 'user_id': <user_id>}
    preview.result_shape                  # 'User'
    preview.to_json()                     # {"sqlite": {"sql": ..., "params": {...}}, ...}
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional, Sequence

from analysis.findings import Range
from analysis.reconstruct import (ModuleContext, Reconstruction, module_names, reconstruct_at,
                                  source_tree)
from analysis.reconstruct.values import DynamicValue
from analysis.shadow import shadow_model

log = logging.getLogger("ormlens")

EXACT_DIALECTS = ("sqlite", "postgresql", "mysql")
_ALIASES = {"postgres": "postgresql", "pg": "postgresql", "psql": "postgresql",
            "mariadb": "mysql", "sqlite3": "sqlite", "mssql": "tsql", "sqlserver": "tsql"}
DEFAULT_DIALECTS = EXACT_DIALECTS


class UnknownDialectError(ValueError):
    """A dialect name neither ``orm`` nor sqlglot knows; the message lists the known names."""


@dataclass
class DialectSql:
    """One statement for one dialect.  ``params``: bound parameter name -> value (a
    :class:`DynamicValue` for values only known at run time); ``extra``: the SQL of the eager
    loads' statements for this dialect (also in :attr:`SqlPreview.extra`); ``error``: why the
    dialect's compiler refuses the statement (``sql`` is then empty), as the runtime would."""

    dialect: str
    sql: str
    params: dict[str, Any] = field(default_factory=dict)
    transpiled: bool = False
    extra: list[str] = field(default_factory=list)
    error: Optional[str] = None     # the dialect cannot run it (e.g. RETURNING on MySQL)


@dataclass
class ExtraStatement:
    """A statement an eager load emits after the main one (``selectinload(User.addresses)``)."""

    description: str
    statements: list[DialectSql] = field(default_factory=list)


@dataclass
class SqlPreview:
    """The preview of one statement expression (see the module docstring)."""

    range: Range
    statements: list[DialectSql]
    extra: list[ExtraStatement] = field(default_factory=list)
    result_shape: str = ""
    kind: str = "select"
    legacy: bool = False
    notes: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def dialects(self) -> dict[str, DialectSql]:
        """Dialect name -> its statement."""
        return {s.dialect: s for s in self.statements}

    @property
    def shape(self) -> str:
        return self.result_shape

    def to_json(self) -> dict[str, Any]:
        """``{"<dialect>": {"sql", "params", "transpiled", "extra": [{"description", "sql",
        "params"}]}}``; run-time values appear as ``"<source>"`` strings."""
        out: dict[str, Any] = {}
        for entry in self.statements:
            extra = []
            for statement in self.extra:
                for item in statement.statements:
                    if item.dialect == entry.dialect:
                        extra.append({"description": statement.description, "sql": item.sql,
                                      "params": _json_params(item.params)})
            out[entry.dialect] = {"sql": entry.sql, "params": _json_params(entry.params),
                                  "transpiled": entry.transpiled, "extra": extra}
            if entry.error is not None:
                out[entry.dialect]["error"] = entry.error
        return out


# ------------------------------------------------------------------------------------ dialects
def normalise_dialects(dialects: Optional[Iterable[str]]) -> list[str]:
    """Canonical dialect names, in order, without duplicates; raises UnknownDialectError."""
    names = list(dialects) if dialects is not None else list(DEFAULT_DIALECTS)
    if isinstance(dialects, str):
        names = [dialects]
    out: list[str] = []
    for raw in names:
        if not isinstance(raw, str) or not raw.strip():
            raise UnknownDialectError(f"dialect names are non-empty strings, not {raw!r}")
        name = _ALIASES.get(raw.strip().lower(), raw.strip().lower())
        if name not in EXACT_DIALECTS and name not in _transpile_targets():
            known = ", ".join(sorted(set(EXACT_DIALECTS) | _transpile_targets()))
            raise UnknownDialectError(f"unknown dialect {raw!r}; known dialects: {known}")
        if name not in out:
            out.append(name)
    return out


_TARGETS: set[str] = set()


def _transpile_targets() -> set[str]:
    if not _TARGETS:
        try:
            from sqlglot.dialects.dialect import Dialect

            _TARGETS.update(n for n in Dialect.classes if n and n not in ("postgres",))
        except Exception:   # sqlglot missing: exact dialects only
            log.warning("sqlglot is not available: only sqlite, postgresql, mysql previews")
    return _TARGETS - set(EXACT_DIALECTS)


_DIALECTS: dict[tuple[str, str], Any] = {}


def dialect(name: str, paramstyle: str = "named") -> Any:
    """The ``orm`` dialect instance used for ``name``: named parameters (``:name``, readable) by
    default, or ``paramstyle="driver"`` for the driver's own (``?`` for sqlite, ``%(name)s``...)."""
    key = (name, paramstyle)
    got = _DIALECTS.get(key)
    if got is None:
        from orm.dialects import mysql, postgresql, sqlite

        module = {"sqlite": sqlite, "postgresql": postgresql, "mysql": mysql}[name]
        got = _DIALECTS[key] = module.dialect(paramstyle="named") if paramstyle == "named" \
            else module.dialect()
    return got


# ------------------------------------------------------------------------------------ entry
def preview_at(ws_or_module: Any, path: Optional[str] = None, line: int = 0, column: int = 0,
               dialects: Optional[Sequence[str]] = None, *, project: Any = None,
               paramstyle: str = "named") -> Optional[SqlPreview]:
    """The SQL preview of the statement expression at the 0-based ``line``/``column``.

    ``ws_or_module`` is a :class:`analysis.workspace.Workspace` (then ``path`` names the file) or
    a parsed :class:`analysis.index.parse.ModuleInfo` (with ``project``, or its own). Returns None
    when the position is in no statement expression the preview can rebuild.  Raises
    :class:`UnknownDialectError` for an unknown dialect name.  ``paramstyle="driver"`` renders
    the exact dialects' parameters as their drivers receive them (``?`` for sqlite).
    """
    names = normalise_dialects(dialects)
    if paramstyle not in ("named", "driver"):
        raise ValueError(f"paramstyle is 'named' or 'driver', not {paramstyle!r}")
    source_of: Optional[Callable[[str], Optional[str]]] = None
    if hasattr(ws_or_module, "module") and hasattr(ws_or_module, "project") and path is not None:
        ws = ws_or_module
        info = ws.module(path)
        project = ws.project
        source_of = _workspace_source(ws)
    else:
        info = ws_or_module
        project = project if project is not None else getattr(info, "project", None)
    if project is None or info is None:
        return None
    try:
        shadow = shadow_model(project, source_of)
        facts = getattr(info, "facts", None)
        is_package = bool(getattr(facts, "is_package", False))
        tree = source_tree(info.source)
        imports, defs = dict(info.imports), set(info.defs)
        if tree.tree is None:
            # the module does not parse: its imports as the blocks that do parse say
            imports, defs = module_names(tree, info.module_name, is_package, imports, defs)
        context = ModuleContext(info.module_name, imports, defs, project, shadow,
                                is_package=is_package,
                                star_imports=tuple(getattr(facts, "star_imports", ()) or ()))
        found = reconstruct_at(context, tree, line, column)
        if found is None:
            return None
        return build_preview(found, names, shadow, paramstyle)
    except Exception:   # a preview must never take its caller down
        log.debug("SQL preview failed", exc_info=True)
        return None


def _workspace_source(ws: Any) -> Callable[[str], Optional[str]]:
    def source_of(model_path: str) -> Optional[str]:
        return ws.module(model_path).source       # the editor's text of open model files

    return source_of


def sql_at(ws: Any, path: str, line: int, column: int,
           dialects: Optional[Sequence[str]] = None) -> Optional[SqlPreview]:
    """What :meth:`analysis.workspace.Workspace.sql_at` returns (see :func:`preview_at`)."""
    return preview_at(ws, path, line, column, dialects)


# ------------------------------------------------------------------------------------ compile
def build_preview(found: Reconstruction, dialects: Sequence[str], shadow: Any,
                  paramstyle: str = "named") -> Optional[SqlPreview]:
    """Compile a reconstruction for ``dialects`` (None when the runtime would refuse it)."""
    from analysis.reconstruct.runtime import (caveats, eager_statements, executed_statement,
                                              result_shape)

    executed = executed_statement(found.statement, found.legacy, shadow)
    if executed is None:
        return None
    core, state = executed
    compiled = _compile_all(core, dialects, found.dynamic, paramstyle)
    notes = list(found.notes)
    extra = [ExtraStatement(description, _compile_all(statement, dialects, found.dynamic,
                                                      paramstyle))
             for description, statement in eager_statements(state, notes=notes)]
    for entry in compiled:
        entry.extra = [s.sql for x in extra for s in x.statements if s.dialect == entry.dialect]
    return SqlPreview(range=found.range, statements=compiled, extra=extra,
                      result_shape=result_shape(found, state), kind=found.kind,
                      legacy=found.legacy,
                      notes=notes + caveats(state, core, shadow),
                      source=found.source)


def _compile_all(statement: Any, dialects: Sequence[str], dynamic: dict[str, DynamicValue],
                 paramstyle: str = "named") -> list[DialectSql]:
    out: list[DialectSql] = []
    pg: Optional[DialectSql] = None
    for name in dialects:
        if name in EXACT_DIALECTS:
            entry = compile_for(statement, name, dynamic, paramstyle)
            if name == "postgresql" and paramstyle == "named":
                pg = entry
            out.append(entry)
    for index, name in enumerate(dialects):
        if name not in EXACT_DIALECTS:
            if pg is None:
                pg = compile_for(statement, "postgresql", dynamic)
            if pg.error is not None:
                out.insert(index, DialectSql(name, "", {}, transpiled=True, error=pg.error))
                continue
            out.insert(index, DialectSql(name, transpile(pg.sql, name), dict(pg.params),
                                         transpiled=True))
    return out


def compile_for(statement: Any, name: str, dynamic: dict[str, DynamicValue],
                paramstyle: str = "named") -> DialectSql:
    """``statement`` compiled by ``orm`` for the exact dialect ``name`` (a compile error is
    reported in ``error``, as the runtime raises it)."""
    try:
        compiled = statement.compile(dialect=dialect(name, paramstyle))
    except Exception as exc:   # CompileError (RETURNING on MySQL, ...): the dialect refuses
        return DialectSql(name, "", {}, error=f"{type(exc).__name__}: {exc}")
    params = dict(compiled.construct_params(_check=False))
    for key in list(params):
        if key in dynamic and params[key] is None:
            params[key] = dynamic[key]
    return DialectSql(name, compiled.string, params)


def transpile(sql: str, target: str) -> str:
    """The PostgreSQL ``sql`` in dialect ``target`` (sqlglot); the input with a comment when
    sqlglot cannot transpile it."""
    import sqlglot

    try:
        return ";\n".join(sqlglot.transpile(sql, read="postgres", write=target, pretty=True))
    except Exception as exc:   # sqlglot's ParseError/UnsupportedError: say so, keep the source
        return f"-- sqlglot could not transpile to {target}: {exc}\n{sql}"


def _json_params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _json_value(v) for k, v in params.items()}


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return repr(value) if isinstance(value, DynamicValue) else str(value)


__all__ = ["DEFAULT_DIALECTS", "DialectSql", "EXACT_DIALECTS", "ExtraStatement", "SqlPreview",
           "UnknownDialectError", "build_preview", "compile_for", "dialect", "normalise_dialects",
           "preview_at", "sql_at", "transpile"]
