"""Qualified names of what an expression refers to, with one canonical spelling per ORM API.

``sqlalchemy.orm.relationship``, ``sqlalchemy.relationship`` (not real, but harmless),
``orm.relationship`` and Flask-SQLAlchemy's ``db.relationship`` are the same API: they all become
``orm.relationship``.  Sub-packages users import from (``sqlalchemy.ext.asyncio``,
``sqlalchemy.ext.hybrid``, ``sqlalchemy.dialects.postgresql``) keep their path under ``orm``:
``orm.ext.asyncio.AsyncSession``.  A Flask-SQLAlchemy object's own attributes are
``flask_sqlalchemy.Model`` and ``flask_sqlalchemy.session``.

Example::

    canonical("sqlalchemy.orm.selectinload")         # "orm.selectinload"
    canonical("sqlalchemy.sql.expression.select")    # "orm.select"
    qualified_name(call.func, module_info)           # {"orm.relationship"} for db.relationship
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

if TYPE_CHECKING:
    from analysis.index.parse import ModuleInfo

# sub-modules whose names are exported flat from `orm` (and from `sqlalchemy`)
_FLAT = {
    "orm", "sql", "sql.expression", "sql.functions", "sql.schema", "sql.sqltypes", "sql.elements",
    "sql.selectable", "sql.dml", "schema", "types", "engine", "orm.session", "orm.query",
    "orm.strategy_options", "orm.relationships", "orm.properties", "orm.decl_api", "orm.base",
    "orm.attributes", "orm.scoping", "orm.exc", "exc", "event", "inspection", "orm.interfaces",
    "orm.collections", "orm.util", "orm.mapper", "ext.declarative", "sql.operators", "pool",
    "engine.base", "engine.result", "engine.create", "engine.url",
}
# names that live on a Flask-SQLAlchemy object but are not sqlalchemy API
FLASK_OWN = {"Model", "session", "engine", "engines", "metadata", "metadatas", "Query",
             "paginate", "get_or_404", "first_or_404", "one_or_404", "get_engine", "init_app",
             "create_all", "drop_all", "reflect", "Table_", "event", "Pagination"}
FLASK_CLASSES = {"flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"}


def canonical(dotted: str) -> str:
    """One spelling per ORM API: ``sqlalchemy.*``/``orm.*`` sub-module paths flattened to ``orm.X``.

    Names that are not ORM APIs are returned unchanged.
    """
    if not dotted:
        return dotted
    head, _, rest = dotted.partition(".")
    if head == "sqlalchemy":
        head = "orm"
    elif head == "flask_sqlalchemy":
        if rest in ("SQLAlchemy", "extension.SQLAlchemy"):
            return "flask_sqlalchemy.SQLAlchemy"
        return dotted
    elif head != "orm":
        return dotted
    if not rest:
        return "orm"
    parts = rest.split(".")
    # the longest flattened sub-module prefix goes away: orm.sql.expression.select -> orm.select
    for cut in range(min(len(parts) - 1, 3), 0, -1):
        if ".".join(parts[:cut]) in _FLAT:
            parts = parts[cut:]
            break
    return "orm." + ".".join(parts)


def flask_attribute(attr_path: str) -> str:
    """The canonical name of ``db.<attr_path>`` on a Flask-SQLAlchemy object."""
    first = attr_path.split(".")[0]
    if first in FLASK_OWN:
        return "flask_sqlalchemy." + attr_path
    return canonical("sqlalchemy." + attr_path)


def dotted_name(node: cst.CSTNode) -> Optional[str]:
    """``"a.b.c"`` for a chain of names and attributes, None for anything else."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def resolve_dotted(dotted: str, module_name: str, imports: dict[str, str], defs: set[str],
                   flask_dbs: set[str] | frozenset[str] = frozenset(),
                   resolve_symbol=None) -> str:
    """The canonical qualified name of ``dotted`` as written in module ``module_name``.

    ``imports`` maps local names to dotted targets, ``defs`` holds the module's own top-level
    names; ``flask_dbs`` the qualified names of Flask-SQLAlchemy objects (``app.ext.db``);
    ``resolve_symbol`` follows re-exports (``ProjectIndex.resolve_symbol``).
    """
    head, _, rest = dotted.partition(".")
    if head in imports and head not in defs:
        full = imports[head] + ("." + rest if rest else "")
    elif head in defs:
        full = f"{module_name}.{dotted}"
    else:
        return canonical(dotted)     # a builtin or unknown global: as written
    if resolve_symbol is not None:
        full = resolve_symbol(full)
    if flask_dbs:
        for db in flask_dbs:
            if full.startswith(db + ".") and len(full) > len(db) + 1:
                return flask_attribute(full[len(db) + 1:])
    return canonical(full)


def qualified_name(node: cst.CSTNode, module: "ModuleInfo") -> set[str]:
    """The qualified names ``node`` (a name, attribute chain, or call's callee) may refer to.

    Uses the module's imports and top-level definitions (not local scopes: a local variable that
    shadows an import is rare in ORM code, and scope analysis costs more than parsing).  Returns an
    empty set for expressions that are not name chains.

    Example: with ``from sqlalchemy.orm import relationship as rel``, ``qualified_name(rel_node,
    module)`` is ``{"orm.relationship"}``.
    """
    if isinstance(node, cst.Call):
        node = node.func
    dotted = dotted_name(node)
    if dotted is None:
        return set()
    project = getattr(module, "project", None)
    flask_dbs = project.flask_dbs if project is not None else frozenset()
    resolver = project.resolve_symbol if project is not None else None
    return {resolve_dotted(dotted, module.module_name, module.imports, module.defs, flask_dbs,
                           resolver)}


__all__ = ["FLASK_CLASSES", "canonical", "dotted_name", "flask_attribute", "qualified_name",
           "resolve_dotted"]
