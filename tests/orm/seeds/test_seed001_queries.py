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
