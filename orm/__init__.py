"""ormlens' runtime: an SQLAlchemy-compatible SQL toolkit and ORM.

Example::

    from orm import create_engine, MetaData, Table, Column, Integer, String, select

    engine = create_engine("sqlite://")
    metadata = MetaData()
    users = Table("users", metadata, Column("id", Integer, primary_key=True), Column("name", String(50)))
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(users.insert(), [{"name": "ed"}, {"name": "wendy"}])
        print(conn.execute(select(users).order_by(users.c.name)).all())
"""
from __future__ import annotations

from . import exc, types
# Star imports first: type checkers (mypy --strict, no implicit re-export) treat names that come
# in through a package's __all__ as exported, but not the explicit imports that follow.
from .engine import *  # noqa: F401,F403
from .pool import *  # noqa: F401,F403
from .engine import (
    URL,
    Connection,
    CursorResult,
    Engine,
    MappingResult,
    Result,
    Row,
    RowMapping,
    ScalarResult,
    create_engine,
    create_mock_engine,
    engine_from_config,
    make_url,
)
from .inspection import inspect as inspect
from .pool import (
    AsyncAdaptedQueuePool,
    FallbackAsyncAdaptedQueuePool,
    NullPool,
    QueuePool,
    StaticPool,
)
from .sql import *  # noqa: F401,F403
from .sql import (
    LABEL_STYLE_DEFAULT,
    LABEL_STYLE_DISAMBIGUATE_ONLY,
    LABEL_STYLE_NONE,
    LABEL_STYLE_TABLENAME_PLUS_COL,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    alias,
    and_,
    bindparam,
    case,
    cast,
    column,
    delete,
    exists,
    func,
    insert,
    join,
    literal,
    literal_column,
    not_,
    null,
    or_,
    outerjoin,
    select,
    table,
    text,
    true,
    false,
    tuple_,
    type_coerce,
    union,
    union_all,
    update,
)
from .types import *  # noqa: F401,F403
# SQLAlchemy's node classes and abstract names, exported flat as sqlalchemy does
from .sql.expression import (  # noqa: F401
    AliasedReturnsRows, ColumnOperators, Extract, Function, FunctionElement, FunctionFilter,
    GenerativeSelect, Grouping, HasCTE, HasPrefixes, HasSuffixes, Operators, Over,
    ReleaseSavepointClause, ReturnsRows, RollbackToSavepointClause, SavepointClause, SelectBase,
    TextAsFrom, TypeClause, TypeCoerce, UpdateBase, ValuesBase, Visitable, WithinGroup, custom_op,
)
# after the star imports, which bring orm.sql.schema in under the name 'schema': loading orm/schema.py
# makes orm.schema the module users expect (sqlalchemy.schema's names, DDL included)
from .schema import BLANK_SCHEMA, DDL, CreateIndex, CreateTable, DropIndex, DropTable  # noqa: E402,F401

__version__ = "0.1.0"

# -- ORM: declarative mapping (orm.mapping) -------------------------------------------------------
from .mapping import *  # noqa: F401,F403,E402
from .mapping import (  # noqa: E402
    DeclarativeBase,
    DeclarativeBaseNoMeta,
    Mapped,
    Mapper,
    backref,
    class_mapper,
    column_property,
    configure_mappers,
    declarative_base,
    declared_attr,
    deferred,
    mapped_column,
    object_mapper,
    registry,
    relationship,
    synonym,
    validates,
)
from .session import *  # noqa: F401,F403,E402 - Session, sessionmaker, scoped_session, ... (H1a)

# -- orm.orm: the mirror of sqlalchemy.orm (from orm.orm import Session; import orm as sa; sa.orm.X) --
# imported last: it re-exports from orm.mapping and orm.session, loaded above
from . import orm as orm  # noqa: E402
