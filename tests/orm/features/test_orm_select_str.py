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


def test_options_are_part_of_the_cache_key():
    """A Core connection runs an ORM select with loader options as compiled with them (as
    SQLAlchemy does); the same select without options must not reuse that compiled form."""
    import orm as sa
    import orm.orm as so

    class Base(so.DeclarativeBase):
        pass

    class U(Base):
        __tablename__ = "ck_u"
        id = sa.Column(sa.Integer, primary_key=True)
        bs = so.relationship("B")

    class B(Base):
        __tablename__ = "ck_b"
        id = sa.Column(sa.Integer, primary_key=True)
        u_id = sa.Column(sa.ForeignKey("ck_u.id"))

    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    seen = []
    sa.event.listen(engine, "before_cursor_execute", lambda c, cur, s, p, ctx, em: seen.append(" ".join(s.split())))
    with engine.connect() as conn:
        conn.execute(sa.select(U).options(so.joinedload(U.bs))).all()
        conn.execute(sa.select(U)).all()
    assert seen == ["SELECT ck_u.id, ck_b_1.id AS id_1, ck_b_1.u_id FROM ck_u LEFT OUTER JOIN ck_b AS ck_b_1 "
                    "ON ck_u.id = ck_b_1.u_id", "SELECT ck_u.id FROM ck_u"]
