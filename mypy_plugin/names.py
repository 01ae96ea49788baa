"""Fully qualified names the plugin recognises, for both ``orm`` and ``sqlalchemy``.

mypy hands hooks the name of the symbol where it is *defined* (``orm.sql.schema.Column``, not
``orm.Column``), so each constant lists the defining names in both libraries. Keep names here,
never inline in the hooks, so a library moving a definition is a one-line change.

Example::

    if fullname in COLUMN:  # orm.sql.schema.Column or sqlalchemy.sql.schema.Column
        ...
"""
from __future__ import annotations

ORM = "orm"
SQLALCHEMY = "sqlalchemy"


def both(orm_name: str, sa_name: str | None = None) -> frozenset[str]:
    """The set ``{orm_name, sa_name}``; ``sa_name`` defaults to ``orm_name`` with its first
    component replaced by ``sqlalchemy`` (for modules laid out alike in both)."""
    if sa_name is None:
        sa_name = SQLALCHEMY + orm_name[len(ORM):]
    return frozenset((orm_name, sa_name))


def library_of(fullname: str) -> str | None:
    """``"orm"`` or ``"sqlalchemy"`` for a name defined in one of them, else None."""
    top = fullname.split(".", 1)[0]
    return top if top in (ORM, SQLALCHEMY) else None


# -- schema and types -------------------------------------------------------------------------
COLUMN = both("orm.sql.schema.Column")
# ``Column = functools.partial(db.Column, nullable=False)`` (redash): calls of the partial object
PARTIAL_CALL = "functools.partial.__call__"
FOREIGN_KEY = both("orm.sql.schema.ForeignKey")
TYPE_ENGINE = both("orm.sql.type_api.TypeEngine")
TYPE_DECORATOR = both("orm.sql.sqltypes.decorator.TypeDecorator", "sqlalchemy.sql.type_api.TypeDecorator")

# -- declarative mapping ----------------------------------------------------------------------
DECLARATIVE_BASE_FUNC = both("orm.mapping.decl_api.declarative_base", "sqlalchemy.orm.decl_api.declarative_base")
DECLARATIVE_BASE_CLASS = both("orm.mapping.decl_api.DeclarativeBase", "sqlalchemy.orm.decl_api.DeclarativeBase")
DECLARATIVE_BASE_NO_META = both(
    "orm.mapping.decl_api.DeclarativeBaseNoMeta", "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta"
)
REGISTRY = both("orm.mapping.decl_api.registry", "sqlalchemy.orm.decl_api.registry")
# @registry().mapped; mypy gives `@mapper_registry.mapped` (a variable's method) no name: see
# models.semanal.registry_mapped_hook
REGISTRY_MAPPED = frozenset(n + ".mapped" for n in REGISTRY)
AS_DECLARATIVE = both("orm.mapping.decl_api.as_declarative", "sqlalchemy.orm.decl_api.as_declarative")
MAPPED_AS_DATACLASS = frozenset({"sqlalchemy.orm.decl_api.MappedAsDataclass"})

MAPPED = both("orm.mapping.base.Mapped", "sqlalchemy.orm.base.Mapped")
MAPPED_COLUMN_FUNC = both("orm.mapping.properties.mapped_column", "sqlalchemy.orm._orm_constructors.mapped_column")
RELATIONSHIP_FUNC = both("orm.mapping.relationships.relationship", "sqlalchemy.orm._orm_constructors.relationship")
DYNAMIC_LOADER_FUNC = frozenset({"sqlalchemy.orm._orm_constructors.dynamic_loader"})
BACKREF_FUNC = both("orm.mapping.relationships.backref", "sqlalchemy.orm._orm_constructors.backref")
COLUMN_PROPERTY_FUNC = both("orm.mapping.properties.column_property", "sqlalchemy.orm._orm_constructors.column_property")
DEFERRED_FUNC = both("orm.mapping.properties.deferred", "sqlalchemy.orm._orm_constructors.deferred")
SYNONYM_FUNC = both("orm.mapping.properties.synonym", "sqlalchemy.orm._orm_constructors.synonym")

HYBRID_PROPERTY = both("orm.ext.hybrid.hybrid_property")

COLUMN_ELEMENT = {ORM: "orm.sql.elements.ColumnElement", SQLALCHEMY: "sqlalchemy.sql.elements.ColumnElement"}

# Flask-SQLAlchemy: ``db = SQLAlchemy(); class User(db.Model)``
FLASK_SQLALCHEMY = "flask_sqlalchemy.extension.SQLAlchemy"
# its own relationship()/dynamic_loader() (they add the query class), reached as methods
FLASK_RELATIONSHIP_METHOD_NAMES = frozenset({"relationship", "dynamic_loader", "_relation"})
FLASK_RELATIONSHIP_METHODS = frozenset(f"{FLASK_SQLALCHEMY}.{m}" for m in FLASK_RELATIONSHIP_METHOD_NAMES)
FLASK_MODEL = "flask_sqlalchemy.model.Model"  # what ``db.Model`` derives from (``query``, ``query_class``)
# the typed stand-in for the rest of ``db.Model`` (a legacy declarative base at runtime)
FLASK_DECLARATIVE_BASE = "sqlalchemy.orm.decl_api.DeclarativeBase"

# -- queries and findings (helper H appends below this line) ----------------------------------
# legacy Query typing for orm (mypy_plugin.queries); SQLAlchemy's Session.query is typed already
ORM_SESSION_QUERY = frozenset({"orm.session.session.Session.query"})
ORM_QUERY = "orm.session.query.Query"
ORM_ROW = "orm.engine.row.Row"
ORM_QUERY_RESULT_METHODS = frozenset({"all", "first", "one", "one_or_none", "get", "scalar", "__iter__"})
# generic classes whose type argument is what a query argument gives a row: mapped attributes,
# SQL expressions, aliased classes (the last also count as entities)
ORM_ENTITY_GENERICS = frozenset({"orm.mapping.util.AliasedClass"})
ORM_TYPED_COLUMN_GENERICS = frozenset({"orm.mapping.base.Mapped", "orm.sql.elements.ColumnElement"}) | ORM_ENTITY_GENERICS
