"""The PostgreSQL dialect: ``postgresql.dialect()``, ``postgresql.insert`` (ON CONFLICT), its types."""
from .array import All, Any, array, array_agg
from .base import PGCompiler, PGDialect
from .ddl import CreateEnumType, DropEnumType
from .dml import Insert, insert
from .ext import ExcludeConstraint, aggregate_order_by
from .ranges import *  # noqa: F401,F403
from .psycopg import PGDialect_psycopg, PGDialect_psycopg_plain
from .types import *  # noqa: F401,F403

# The standard SQL types under the names SQLAlchemy's postgresql module re-exports (the same classes).
from orm.types import (  # noqa: E402,F401
    BIGINT, BOOLEAN, CHAR, DATE, FLOAT, INTEGER, NUMERIC, SMALLINT, TEXT, VARCHAR,
)

dialect = PGDialect_psycopg_plain

__all__ = [
    "PGDialect", "PGCompiler", "Insert", "insert", "dialect", "All", "Any", "array", "array_agg",
    "aggregate_order_by", "ExcludeConstraint", "CreateEnumType", "DropEnumType",
]
