"""Enumerations dialects describe themselves with.

``BindTyping``: how a dialect passes the types of bound parameters to the driver, read from
``engine.dialect.bind_typing``::

    if engine.dialect.bind_typing is BindTyping.RENDER_CASTS:
        ...  # the SQL carries casts: "WHERE t.x = %(x)s::INTEGER"
"""
from __future__ import annotations

from enum import Enum

__all__ = ["BindTyping"]


class BindTyping(Enum):
    """How bound parameters' types reach the database driver."""

    #: nothing is passed: the driver infers each value's type (SQLite, MySQL/MariaDB, psycopg2)
    NONE = 1
    #: the DB-API ``cursor.setinputsizes()`` call before each execution (no dialect here uses it)
    SETINPUTSIZES = 2
    #: casts rendered in the SQL after each bind (``%(x)s::VARCHAR``): psycopg 3, asyncpg
    RENDER_CASTS = 3
