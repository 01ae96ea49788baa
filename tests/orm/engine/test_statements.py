"""Statements from the expression language through Connection.execute, on the three databases."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from orm import Column, Integer, MetaData, String, Table, select, text
from orm.engine import Engine, create_engine
from orm.exc import IntegrityError, StatementError

_PK = {
    "sqlite": "INTEGER PRIMARY KEY",
    "postgresql": "SERIAL PRIMARY KEY",
    "mysql": "INTEGER AUTO_INCREMENT PRIMARY KEY",
}


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = create_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def users(backend: str, engine: Engine) -> Iterator[Table]:
    name = f"eng_users_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE TABLE {name} (id {_PK[backend]}, name VARCHAR(50) NOT NULL UNIQUE)"
        )
    table = Table(name, MetaData(), Column("id", Integer, primary_key=True),
                  Column("name", String(50), nullable=False))
    yield table
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def test_insert_select_update_delete(engine: Engine, users: Table) -> None:
    with engine.begin() as conn:
        first = conn.execute(users.insert(), {"name": "ed"})
        assert first.inserted_primary_key == (1,)
        assert first.inserted_primary_key.id == 1
        many = conn.execute(users.insert(), [{"name": "wendy"}, {"name": "jack"}])
        assert many.rowcount == 3 - 1
        rows = conn.execute(select(users).order_by(users.c.id)).all()
        assert rows == [(1, "ed"), (2, "wendy"), (3, "jack")]
        assert rows[1].name == "wendy"
        assert conn.execute(users.update().where(users.c.id == 2).values(name="w2")).rowcount == 1
        assert conn.execute(users.delete().where(users.c.id == 3)).rowcount == 1
    with engine.connect() as conn:
        result = conn.execute(select(users.c.name).order_by(users.c.name))
        assert result.keys() == ["name"]
        assert result.scalars().all() == ["ed", "w2"]


def test_cached_statement_takes_new_values(engine: Engine, users: Table) -> None:
    with engine.begin() as conn:
        conn.execute(users.insert(), [{"name": "a"}, {"name": "b"}, {"name": "c"}])
        found = [conn.execute(select(users.c.name).where(users.c.id == i)).scalar_one()
                 for i in (1, 2, 3)]
    assert found == ["a", "b", "c"]
    assert len(engine.dialect._compiled_cache) >= 2


def test_mappings_by_column_object_and_text(engine: Engine, users: Table) -> None:
    with engine.begin() as conn:
        conn.execute(users.insert(), {"name": "ed"})
        row = conn.execute(select(users)).one()
        assert row._mapping[users.c.name] == "ed"
        assert row._mapping["id"] == 1
        stmt = text(f"SELECT id, name FROM {users.name} WHERE name = :n")
        assert conn.execute(stmt, {"n": "ed"}).mappings().one() == {"id": 1, "name": "ed"}
        assert conn.scalar(select(users.c.id)) == 1
        assert conn.scalars(select(users.c.name)).all() == ["ed"]


def test_integrity_error_from_compiled_insert(engine: Engine, users: Table) -> None:
    with engine.connect() as conn:
        conn.execute(users.insert(), {"name": "dup"})
        with pytest.raises(IntegrityError) as info:
            conn.execute(users.insert(), {"name": "dup"})
        assert "INSERT INTO" in str(info.value) and "dup" in str(info.value)
        conn.rollback()


def test_missing_bind_value_is_a_statement_error(engine: Engine, users: Table) -> None:
    stmt = text(f"SELECT id FROM {users.name} WHERE name = :n")
    with engine.connect() as conn, pytest.raises(StatementError, match="'n'"):
        conn.execute(stmt)


def test_before_cursor_execute_sees_compiled_sql(engine: Engine, users: Table) -> None:
    from orm import event

    seen: list[Any] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, stmt, params, ctx, many: seen.append((stmt, ctx.compiled)))
    with engine.connect() as conn:
        conn.execute(select(users.c.id))
    assert seen[0][0].startswith("SELECT")
    assert seen[0][1] is not None and seen[0][1].string == seen[0][0]
