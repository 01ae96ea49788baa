"""The PostgreSQL dialect: ``postgresql.dialect()``, ``postgresql.insert`` (ON CONFLICT), its types."""
from .base import PGCompiler, PGDialect
from .dml import Insert, insert
from .psycopg import PGDialect_psycopg, PGDialect_psycopg_plain
from .types import *  # noqa: F401,F403

dialect = PGDialect_psycopg_plain

__all__ = ["PGDialect", "PGCompiler", "Insert", "insert", "dialect"]
