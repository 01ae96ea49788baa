"""Regressions found by running seed 000's ORM examples ("SQLAlchemy: Complete Guide to Working with
Databases in Python") and seed 004's cheat sheet with ``sqlalchemy`` replaced by ``orm``: each test
re-writes the pattern that behaved differently from SQLAlchemy 2.0."""
from __future__ import annotations

from typing import Any

from orm import Column, ForeignKey, Integer, String, Text, declarative_base, event, relationship, sessionmaker
from orm import Session, create_engine
from orm.ext.hybrid import hybrid_property


def _dml(engine: Any) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, stmt, params, ctx, many: seen.append(stmt.split()[0]))
    return seen


# -- seed 000 "One-to-One": replacing the single child of a uselist=False relationship ---------------

def test_replacing_a_one_to_one_child_frees_its_unique_key_first(seed_db: Any) -> None:
    p = seed_db.prefix
    Base = declarative_base()

    class User(Base):
        __tablename__ = f"{p}users"
        id = Column(Integer, primary_key=True)
        name = Column(String(100))
        profile = relationship("UserProfile", back_populates="user", uselist=False)

    class UserProfile(Base):
        __tablename__ = f"{p}user_profiles"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey(f"{p}users.id"), unique=True)
        bio = Column(Text)
        user = relationship("User", back_populates="profile")

    seed_db.create(Base)
    with Session(seed_db.engine) as s:
        u = User(name="a", profile=UserProfile(bio="first"))
        s.add(u)
        s.commit()
        statements = _dml(seed_db.engine)
        u.profile = UserProfile(bio="second")
        s.commit()  # the old profile's user_id goes to NULL before the new row takes the value
        assert [w for w in statements if w in ("INSERT", "UPDATE")] == ["UPDATE", "INSERT"]
    with Session(seed_db.engine) as s:
        rows = [(x.bio, x.user_id) for x in s.query(UserProfile).order_by(UserProfile.id)]
        assert rows == [("first", None), ("second", 1)]
        assert s.get(User, 1).profile.bio == "second"


def test_updates_run_before_inserts_within_one_flush(seed_db: Any) -> None:
    # the general rule behind the one-to-one case (SQLAlchemy's save order per table)
    p = seed_db.prefix
    Base = declarative_base()

    class Tag(Base):
        __tablename__ = f"{p}tags"
        id = Column(Integer, primary_key=True)
        name = Column(String(20), unique=True)

    seed_db.create(Base)
    with Session(seed_db.engine) as s:
        old = Tag(name="python")
        s.add(old)
        s.commit()
        old.name = "python2"
        s.add(Tag(name="python"))  # takes the name the UPDATE gives up
        s.commit()
        assert sorted(t.name for t in s.query(Tag)) == ["python", "python2"]


# -- seed 004 "Context Managers for Sessions": a second session on an in-memory SQLite database ------

def test_second_session_on_in_memory_sqlite_while_first_is_in_a_transaction() -> None:
    Base = declarative_base()

    class Email(Base):
        __tablename__ = "emails"
        id = Column(Integer, primary_key=True)
        email_address = Column(String(100), nullable=False)

    engine = create_engine("sqlite://")  # one connection for the whole database
    Base.metadata.create_all(engine)
    Session_ = sessionmaker(bind=engine)
    first = Session_()
    first.add(Email(email_address="a@example.com"))
    first.commit()
    assert first.query(Email).count() == 1  # the first session's transaction stays open
    with sessionmaker(bind=engine)() as second:
        # was: OperationalError "cannot start a transaction within a transaction"
        assert second.query(Email).count() == 1
        second.add(Email(email_address="b@example.com"))
        second.commit()
    assert first.query(Email).count() == 2
    first.close()


# -- seed 000 "Hybrid Properties": the class-level hybrid prints as a mapped attribute does --------

def test_hybrid_attribute_prints_like_a_mapped_attribute() -> None:
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        first_name = Column(String(50))
        last_name = Column(String(50))

        @hybrid_property
        def full_name(self) -> str:
            return f"{self.first_name} {self.last_name}"

        @full_name.expression
        def full_name(cls):  # noqa: N805 - the seed's form
            return cls.first_name + " " + cls.last_name

    assert str(User.full_name) == "User.full_name"
    assert str(User.first_name) == "User.first_name"
    assert "users.first_name || " in str(User.full_name.like("%Ivan%"))
    assert User(first_name="Ivan", last_name="Ivanov").full_name == "Ivan Ivanov"
