"""Helpers for the mapping tests: SQLite table shapes after ``create_all``."""
from __future__ import annotations

from typing import Any

from orm import text


def sqlite_columns(engine: Any, table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, declared type, nullable, primary key) per column, from PRAGMA table_info."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"PRAGMA table_info({table})")).all()
    return [(r[1], r[2], not r[3], bool(r[5])) for r in rows]


def sqlite_tables(engine: Any) -> set[str]:
    with engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}


def sqlite_fks(engine: Any, table: str) -> set[tuple[str, str, str]]:
    """(local column, referred table, referred column) per foreign key."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"PRAGMA foreign_key_list({table})")).all()
    return {(r[3], r[2], r[4]) for r in rows}


