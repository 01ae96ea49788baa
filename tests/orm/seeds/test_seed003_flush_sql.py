"""Seed 003 "Masking Sensitive Data in Logs" prints each UPDATE a flush sends: its bind names are
SQLAlchemy's (``WHERE users.id = %(users_id)s`` in an UPDATE, ``%(id)s`` in a DELETE, the version
as ``%(users_v)s``), so logs and ``before_cursor_execute`` listeners see the same statements."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as sa_orm

import orm


def _flush_statements(lib: Any, orm_lib: Any, url: str, prefix: str) -> list[tuple[str, list[str]]]:
    Base = orm_lib.declarative_base()

    class User(Base):
        __tablename__ = f"{prefix}users"
        id = lib.Column(lib.Integer, primary_key=True)
        name = lib.Column(lib.String(20))
        # a column named like the key's label: the WHERE bind must step aside (users_id_1)
        locals()[f"{prefix}users_id"] = lib.Column(lib.Integer)
        v = lib.Column(lib.Integer, nullable=False)
        __mapper_args__ = {"version_id_col": v}

    class Tag(Base):
        __tablename__ = f"{prefix}tags"
        id = lib.Column(lib.Integer, primary_key=True)
        label = lib.Column(lib.String(20))

    engine = lib.create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    seen: list[tuple[str, list[str]]] = []

    def record(conn: Any, cur: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        if stmt.startswith(("UPDATE", "DELETE")):
            first = params[0] if many else params
            keys = sorted(first) if isinstance(first, dict) else []
            seen.append((" ".join(stmt.split()), keys))

    try:
        with orm_lib.Session(engine) as s:
            u, t = User(name="a"), Tag(label="x")
            s.add_all([u, t])
            s.commit()
            u.name, t.label = "b", "y"
            lib.event.listen(engine, "before_cursor_execute", record)
            s.commit()
            s.delete(u)
            s.delete(t)
            s.commit()
    finally:
        Base.metadata.drop_all(engine)
        engine.dispose()
    return seen


def test_update_and_delete_binds_are_named_as_sqlalchemy_names_them(seed_db: Any) -> None:
    p = seed_db.prefix
    ours = _flush_statements(orm, orm, seed_db.url, p)
    theirs = _flush_statements(sa, sa_orm, seed_db.url, p)
    # (the order between the two unrelated mappers is the unit of work's own business)
    assert sorted(ours) == sorted(theirs)
    if seed_db.backend != "sqlite":  # named parameters: the names are in the SQL text too
        assert any(f"WHERE {p}users.id = %({p}users_id_1)s" in sql for sql, _ in ours)
        assert any(f"DELETE FROM {p}tags WHERE {p}tags.id = %(id)s" in sql for sql, _ in ours)
