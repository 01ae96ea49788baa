"""str() / compile() of an ORM select with loader options shows the SQL the session runs (the
ORM compile step applied), as SQLAlchemy's does: joinedload's JOIN, load_only/defer's columns,
with_expression's expression, the legacy Query's labels."""

import importlib

import pytest


def _strings(pkg):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    pg = importlib.import_module(pkg + ".dialects.postgresql").dialect()

    class Base(so.DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = "ss_users"
        id = sa.Column(sa.Integer, primary_key=True)
        name = sa.Column(sa.String(20))
        bio = sa.Column(sa.Text)
        score = so.query_expression()
        addresses = so.relationship("Address")

    class Address(Base):
        __tablename__ = "ss_addresses"
        id = sa.Column(sa.Integer, primary_key=True)
        user_id = sa.Column(sa.ForeignKey("ss_users.id"))
        email = sa.Column(sa.String(20))

    session = so.Session()
    stmts = {
        "plain": sa.select(User),
        "joinedload": sa.select(User).options(so.joinedload(User.addresses)),
        "load_only": sa.select(User).options(so.load_only(User.name)),
        "defer": sa.select(User).options(so.defer(User.bio)),
        "with_expression": sa.select(User).options(so.with_expression(User.score, User.id * 2)),
        "selectinload": sa.select(User).options(so.selectinload(User.addresses)).where(User.id > 3),
        "aliased": (lambda ua: sa.select(ua).options(so.joinedload(ua.addresses)))(so.aliased(User, name="ua")),
    }
    out = {k: str(v) for k, v in stmts.items()}
    out.update({k + "_pg": str(v.compile(dialect=pg)) for k, v in stmts.items()})
    out["query"] = str(session.query(User).options(so.joinedload(User.addresses), so.defer(User.bio)))
    Base.registry.dispose()
    return out


def test_str_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    ours, theirs = _strings("orm"), _strings("sqlalchemy")
    assert ours == theirs
    assert "LEFT OUTER JOIN ss_addresses AS ss_addresses_1" in ours["joinedload"]
