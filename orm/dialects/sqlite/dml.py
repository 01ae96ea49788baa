"""SQLite's INSERT ... ON CONFLICT (upsert): ``from orm.dialects.sqlite import insert``."""
from __future__ import annotations

from typing import Any

from orm.dialects._upsert import OnConflictInsert


class Insert(OnConflictInsert):
    """``INSERT ... ON CONFLICT (cols) DO UPDATE SET ... / DO NOTHING`` for SQLite."""

    supports_constraint_target = False


def insert(table: Any) -> Insert:
    return Insert(table)
