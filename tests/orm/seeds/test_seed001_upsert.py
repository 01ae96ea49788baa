"""Seed 001 FAQ 54 "How to do an upsert": ``insert(User).values(...).on_conflict_do_update(...)``
run through ``session.execute``; the ORM-enabled forms around it (a list of rows, RETURNING the
entity) keep the statement's ON CONFLICT / ON DUPLICATE KEY clause, as in SQLAlchemy."""
from __future__ import annotations

from typing import Any

from orm import Column, Integer, Session, String, declarative_base


def _user(prefix: str) -> Any:
    Base = declarative_base()

    class User(Base):
        __tablename__ = f"{prefix}users"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))

    return Base, User


def _upsert(backend: str, User: Any, **set_: Any) -> Any:
    if backend == "mysql":
        from orm.dialects.mysql import insert

        return insert(User).on_duplicate_key_update(**set_)
    if backend == "postgresql":
        from orm.dialects.postgresql import insert
    else:
        from orm.dialects.sqlite import insert
    return insert(User).on_conflict_do_update(index_elements=["id"], set_=set_)


def test_the_seed_upsert_and_its_orm_forms(seed_db: Any) -> None:
    Base, User = _user(seed_db.prefix)
    seed_db.create(Base)
    with Session(seed_db.engine) as session:
        session.add(User(id=1, name="orig"))
        session.commit()
        # the FAQ's form: one row in values()
        session.execute(_upsert(seed_db.backend, User, name="x").values(id=1, name="x"))
        session.commit()
        assert session.get(User, 1).name == "x"
        if seed_db.backend == "mysql":
            return  # a list of rows: pymysql's executemany cannot take ON DUPLICATE KEY binds (SA too)
        # a list of rows: was an IntegrityError (the bulk INSERT dropped the ON CONFLICT clause)
        stmt = _upsert(seed_db.backend, User, name="y")
        session.execute(stmt, [{"id": 1, "name": "ignored"}, {"id": 2, "name": "new"}])
        session.commit()
        assert sorted((u.id, u.name) for u in session.query(User)) == [(1, "y"), (2, "new")]


def test_upsert_returning_the_entity(seed_db: Any) -> None:
    if seed_db.backend == "mysql":
        import pytest

        pytest.skip("RETURNING with ON DUPLICATE KEY UPDATE: not a MySQL/MariaDB form")
    Base, User = _user(seed_db.prefix)
    seed_db.create(Base)
    with Session(seed_db.engine) as session:
        old = User(id=1, name="orig")
        session.add(old)
        session.commit()
        # values() with several rows, RETURNING the entity: was "needs parameter dictionaries"
        base = _upsert(seed_db.backend, User, name="z")
        stmt = base.values([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]).returning(User)
        got = session.scalars(stmt).all()
        assert sorted((u.id, u.name) for u in got) == [(1, "z"), (2, "b")]
        assert old in got  # the identity map's object, refreshed with the row
        # a list of parameter rows, RETURNING the entity
        got = session.scalars(_upsert(seed_db.backend, User, name="w").returning(User),
                              [{"id": 2, "name": "-"}, {"id": 3, "name": "c"}]).all()
        assert sorted((u.id, u.name) for u in got) == [(2, "w"), (3, "c")]
        session.commit()
        assert sorted((u.id, u.name) for u in session.query(User)) == [(1, "z"), (2, "w"), (3, "c")]
