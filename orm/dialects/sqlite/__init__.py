"""The SQLite dialect: ``from orm.dialects import sqlite``; ``sqlite.dialect()``; ``sqlite.insert``."""
from .base import SQLiteCompiler, SQLiteDialect
from .dml import Insert, insert
from .pysqlite import SQLiteDialect_pysqlite
from .types import *  # noqa: F401,F403

# The standard SQL types under the names SQLAlchemy's sqlite module re-exports (the same classes).
from orm.types import (  # noqa: E402,F401
    BLOB, BOOLEAN, CHAR, DECIMAL, FLOAT, INTEGER, NUMERIC, REAL, SMALLINT, TEXT, TIMESTAMP, VARCHAR,
)

dialect = SQLiteDialect_pysqlite

__all__ = ["SQLiteDialect", "SQLiteCompiler", "Insert", "insert", "dialect"]
