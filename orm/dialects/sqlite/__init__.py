"""The SQLite dialect: ``from orm.dialects import sqlite``; ``sqlite.dialect()``; ``sqlite.insert``."""
from .base import SQLiteCompiler, SQLiteDialect
from .dml import Insert, insert
from .pysqlite import SQLiteDialect_pysqlite
from .types import *  # noqa: F401,F403

dialect = SQLiteDialect_pysqlite

__all__ = ["SQLiteDialect", "SQLiteCompiler", "Insert", "insert", "dialect"]
