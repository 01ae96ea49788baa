"""PostgreSQL's INSERT ... ON CONFLICT (upsert): ``from orm.dialects.postgresql import insert``."""
from __future__ import annotations

from typing import Any

from orm.dialects._upsert import OnConflictInsert


class Insert(OnConflictInsert):
    """``INSERT ... ON CONFLICT (cols | ON CONSTRAINT name) DO UPDATE SET ... / DO NOTHING``."""


def insert(table: Any) -> Insert:
    return Insert(table)
