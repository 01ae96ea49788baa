"""The names a ``from <library> import *`` binds, for the ORM libraries the checker understands.

``from sqlalchemy import *`` (or ``from sqlalchemy.orm import *``, ``from orm import *``) binds
``Column``, ``relationship``, ``select`` ... in the importing module.  The index reads modules
without importing them, so it needs the exported names of those libraries as data: the public
names of our own ``orm`` package (which exports SQLAlchemy's and SQLAlchemy ORM's API flat), plus
the SQLAlchemy names ``orm`` does not define but the checker still recognises by name.

The set is deliberately a little wider than each real SQLAlchemy module's (``from sqlalchemy
import *`` does not bind ``relationship``): a name used without a binding is a ``NameError``
anyway, so over-approximating cannot misread working code, while a missing name would hide it.

Example::

    star_exports("sqlalchemy.orm")        # ("ARRAY", ..., "relationship", ..., "select", ...)
    star_exports("sqlalchemy.ext.asyncio")  # ("AsyncSession", "create_async_engine", ...)
    star_exports("myapp.models")          # None: a project module (the builder follows it)
"""
from __future__ import annotations

from functools import lru_cache
from types import ModuleType
from typing import Optional

from analysis.index.names import canonical

# SQLAlchemy API names the checker recognises that `orm` itself does not define
_SQLALCHEMY_ONLY = (
    "Bundle", "Composite", "DynamicMapped", "WriteOnlyMapped", "MappedAsDataclass", "Synonym",
    "composite", "dynamic_loader", "relation", "label", "cte", "values", "lambda_stmt",
    "with_expression", "with_loader_criteria", "with_parent", "query_expression",
    "reconstructor", "declarative_mixin", "synonym_for", "nullsfirst", "nullslast", "mapper",
    "polymorphic_union", "has_inherited_table", "mapped_as_dataclass", "try_cast", "TryCast",
    "Function", "Over", "Values", "Extract", "quoted_name", "custom_op", "insert_sentinel",
    "create_session", "Inspector", "SelectBase", "Selectable", "FunctionElement",
)
# the Flask-SQLAlchemy package exports its extension class (models come from `db.Model`)
_FLASK_SQLALCHEMY = ("SQLAlchemy", "Pagination")
LIBRARY_HEADS = frozenset({"orm", "sqlalchemy", "flask_sqlalchemy"})


def _public(module: ModuleType) -> list[str]:
    declared = getattr(module, "__all__", None)
    if declared is not None:
        return [str(n) for n in declared]
    return [n for n in vars(module) if not n.startswith("_")]


def _orm_modules() -> dict[str, ModuleType]:
    """Our own modules whose names a library star import can bind (imported statically: the
    checker imports nothing by a name read from user code)."""
    import orm
    import orm.dialects.mysql
    import orm.dialects.postgresql
    import orm.dialects.sqlite
    import orm.ext.asyncio
    import orm.ext.hybrid

    return {"orm": orm, "orm.ext.asyncio": orm.ext.asyncio, "orm.ext.hybrid": orm.ext.hybrid,
            "orm.dialects.postgresql": orm.dialects.postgresql,
            "orm.dialects.sqlite": orm.dialects.sqlite, "orm.dialects.mysql": orm.dialects.mysql}


@lru_cache(maxsize=64)
def star_exports(module: str) -> Optional[tuple[str, ...]]:
    """The names ``from <module> import *`` binds when ``module`` is one of the ORM libraries
    (``sqlalchemy``, ``sqlalchemy.orm``, ``sqlalchemy.types``, ``orm``, ``flask_sqlalchemy``,
    ``sqlalchemy.ext.asyncio``, ...); None for any other module.
    """
    head = module.split(".")[0]
    if head not in LIBRARY_HEADS:
        return None
    if head == "flask_sqlalchemy":
        return _FLASK_SQLALCHEMY
    # where the names of that module live in `orm`: sqlalchemy.orm -> orm, sqlalchemy.types ->
    # orm, sqlalchemy.ext.asyncio -> orm.ext.asyncio; another sub-module: the flat API
    home = canonical(f"{module}.x")[:-2]
    modules = _orm_modules()
    if home in modules and home != "orm":
        return tuple(dict.fromkeys(_public(modules[home])))
    return tuple(dict.fromkeys([*_public(modules["orm"]), *_SQLALCHEMY_ONLY]))


__all__ = ["LIBRARY_HEADS", "star_exports"]
