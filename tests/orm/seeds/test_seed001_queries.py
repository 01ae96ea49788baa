"""Regressions found by running seed 001's query examples ("Ultimate guide to SQLAlchemy library in
python": "Querying and filtering data", "Modeling relationships and joins", the FAQ) with
``sqlalchemy`` replaced by ``orm``."""
from __future__ import annotations

from typing import Any

from orm import Column, ForeignKey, Integer, Session, String, declarative_base, relationship


def _models(prefix: str) -> Any:
    Base = declarative_base()

    class User(Base):
        __tablename__ = f"{prefix}users"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        addresses = relationship("Address", back_populates="user")

    class Address(Base):
        __tablename__ = f"{prefix}addresses"
        id = Column(Integer, primary_key=True)
        email_address = Column(String(100), nullable=False)
        user_id = Column(Integer, ForeignKey(f"{prefix}users.id"))
        user = relationship("User", back_populates="addresses")

    return Base, User, Address


# -- FAQ 44 "Why does query.count() sometimes give a different number than len(query.all())?" --------

def test_legacy_query_rows_with_entities_are_deduplicated(seed_db: Any) -> None:
    Base, User, Address = _models(seed_db.prefix)
    seed_db.create(Base)
    with Session(seed_db.engine) as s:
        s.add_all([User(name="Alice", addresses=[Address(email_address="a@gmail.com"),
                                                 Address(email_address="a@work.com")]),
                   User(name="Bob", addresses=[Address(email_address="b@gmail.com")]),
                   User(name="Carl")])
        s.commit()
        joined = s.query(User).join(User.addresses)
        # the SQL COUNT counts joined rows; the entities come back once each (as SQLAlchemy)
        assert joined.count() == 3
        assert sorted(u.name for u in joined.all()) == ["Alice", "Bob"]  # was: Alice twice
        assert sorted(u.name for u in joined) == ["Alice", "Bob"]
        assert joined.filter(User.name == "Alice").one().name == "Alice"  # not MultipleResultsFound
        # rows of several entities: each (User, Address) pair is distinct, nothing merged
        assert len(s.query(User, Address).join(User.addresses).all()) == 3
        # an entity beside a column: rows equal by (identity, value) are merged
        assert len(s.query(User, Address.user_id).join(User.addresses).all()) == 2
        # column-only queries are plain rows, repeats kept
        assert len(s.query(User.name).join(User.addresses).all()) == 3
        # yield_per streams rows as they come, no de-duplication
        assert len(list(joined.yield_per(10))) == 3
        # 2.0-style execution is not de-duplicated either (unique() is explicit there)
        from orm import select

        assert len(s.scalars(select(User).join(User.addresses)).all()) == 3


# -- "Many-to-many relationships": Column('post_id', ForeignKey('posts.id'), primary_key=True) --------

def test_a_column_typed_only_by_its_foreign_key_takes_the_target_type(seed_db: Any) -> None:
    from datetime import date

    import sqlalchemy as sa

    from orm import BigInteger, select

    def tables(lib: Any) -> Any:
        md = lib.MetaData()
        # the association table first: its targets do not exist yet
        assoc = lib.Table(f"{seed_db.prefix}post_tags", md,
                          lib.Column("post_id", lib.ForeignKey(f"{seed_db.prefix}posts.id"), primary_key=True),
                          lib.Column("tag_id", lib.ForeignKey(f"{seed_db.prefix}tags.id"), primary_key=True))
        lib.Table(f"{seed_db.prefix}posts", md, lib.Column("id", lib.Integer, primary_key=True),
                  lib.Column("day", lib.Date))
        lib.Table(f"{seed_db.prefix}tags", md, lib.Column("id", lib.BigInteger, primary_key=True))
        # a chain: typed by a column that is itself typed by its key
        alias = lib.Table(f"{seed_db.prefix}tag_alias", md,
                          lib.Column("tag_id", lib.ForeignKey(f"{seed_db.prefix}tags.id"), primary_key=True))
        chain = lib.Table(f"{seed_db.prefix}chain", md, lib.Column("id", lib.Integer, primary_key=True),
                          lib.Column("tag_id", lib.ForeignKey(alias.c.tag_id)))
        return md, assoc, chain

    md, assoc, chain = tables(__import__("orm"))
    _, sa_assoc, sa_chain = tables(sa)
    ours = [str(c.type) for c in (*assoc.c, *chain.c)]
    assert ours == [str(c.type) for c in (*sa_assoc.c, *sa_chain.c)] == ["INTEGER", "BIGINT", "INTEGER", "BIGINT"]
    assert isinstance((assoc.c.tag_id == 7).right.type, BigInteger)  # binds get the type too
    seed_db.create(md)  # was: CompileError "Can't generate DDL for NullType()" for the chain
    with seed_db.engine.begin() as conn:
        posts, tags = md.tables[f"{seed_db.prefix}posts"], md.tables[f"{seed_db.prefix}tags"]
        conn.execute(posts.insert(), {"id": 1, "day": date(2025, 1, 1)})
        conn.execute(tags.insert(), {"id": 7})
        conn.execute(assoc.insert(), {"post_id": 1, "tag_id": 7})
        conn.execute(md.tables[f"{seed_db.prefix}tag_alias"].insert(), {"tag_id": 7})
        conn.execute(chain.insert(), {"id": 1, "tag_id": 7})
        got = conn.execute(select(chain.c.tag_id, assoc.c.post_id).join(assoc, chain.c.tag_id == assoc.c.tag_id))
        assert got.all() == [(7, 1)]


# -- FAQ 60 "I'm getting 'Class X is not mapped' error": session.get() of a plain class -------------

def test_get_of_an_unmapped_class_raises_what_sqlalchemy_raises() -> None:
    import pytest
    import sqlalchemy.exc as sa_exc
    import sqlalchemy.orm as sa_orm

    from orm import exc

    class NotMapped:
        pass

    with pytest.raises(sa_exc.NoInspectionAvailable):
        sa_orm.Session().get(NotMapped, 1)
    with pytest.raises(exc.NoInspectionAvailable) as err:  # SQLAlchemy's class
        Session().get(NotMapped, 1)
    assert isinstance(err.value, exc.UnmappedClassError)  # and ours, saying which class
    assert "NotMapped' is not mapped" in str(err.value)
