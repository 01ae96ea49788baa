"""query_expression() / with_expression(): the same values and the same SQL as SQLAlchemy on the
three databases, including what happens to the attribute on objects already loaded, after
expiry, refresh and commit, and through joined / selectin eager loads."""

import importlib
import os

import pytest


def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    suffix = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    class A(Base):
        __tablename__ = "qe_a_" + suffix
        id: so.Mapped[int] = so.mapped_column(primary_key=True, autoincrement=False)
        x: so.Mapped[int]
        y: so.Mapped[int]
        expr: so.Mapped[int] = so.query_expression()
        expr2: so.Mapped[int] = so.query_expression(sa.literal(7))
        bs = so.relationship("B", order_by="B.id")

    class B(Base):
        __tablename__ = "qe_b_" + suffix
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        a_id = sa.Column(sa.ForeignKey(A.__tablename__ + ".id"))
        p = sa.Column(sa.Integer)
        bexpr = so.query_expression()

    return sa, so, Base, A, B


def _with(sa, so, A):
    return sa.select(A).options(so.with_expression(A.expr, A.x + A.y)).order_by(A.id)


def _case_plain(sa, so, s, A, B):
    return [(a.id, a.expr, a.expr2) for a in s.scalars(sa.select(A).order_by(A.id))]


def _case_with(sa, so, s, A, B):
    return [(a.id, a.expr, a.expr2) for a in s.scalars(_with(sa, so, A))]


def _case_query_api(sa, so, s, A, B):
    return [(a.id, a.expr) for a in s.query(A).options(so.with_expression(A.expr, A.x - A.y)).order_by(A.id)]


def _case_labelled(sa, so, s, A, B):
    return [a.expr for a in s.scalars(sa.select(A).options(
        so.with_expression(A.expr, (A.x + 100).label("foo"))).order_by(A.id))]


def _case_aliased(sa, so, s, A, B):
    al = so.aliased(A)
    return [(a.id, a.expr) for a in s.scalars(sa.select(al).options(so.with_expression(al.expr, al.x + 1)).order_by(al.id))]


def _case_joinedload(sa, so, s, A, B):
    stmt = sa.select(A).options(so.joinedload(A.bs).with_expression(B.bexpr, B.p * 2)).order_by(A.id)
    return [(a.id, [(b.id, b.bexpr) for b in a.bs]) for a in s.scalars(stmt).unique()]


def _case_selectinload(sa, so, s, A, B):
    stmt = sa.select(A).options(so.selectinload(A.bs).with_expression(B.bexpr, B.p * 3)).order_by(A.id)
    return [(a.id, [(b.id, b.bexpr) for b in a.bs]) for a in s.scalars(stmt)]


def _case_load_only(sa, so, s, A, B):
    stmt = sa.select(A).options(so.load_only(A.x), so.with_expression(A.expr, A.x + A.y)).order_by(A.id)
    return [(a.id, a.expr) for a in s.scalars(stmt)]


def _case_get(sa, so, s, A, B):
    return s.get(A, 1, options=[so.with_expression(A.expr, A.x + 5)]).expr


def _case_existing_kept(sa, so, s, A, B):
    # objects in the identity map keep their value; an unloaded one is filled in
    held = s.scalars(_with(sa, so, A)).all()
    again = [(a.id, a.expr) for a in s.scalars(sa.select(A).options(
        so.with_expression(A.expr, A.x * 10)).order_by(A.id))]
    plain = s.scalars(sa.select(A).where(A.id == 3)).all()
    filled = [a.expr for a in s.scalars(sa.select(A).options(
        so.with_expression(A.expr, A.x * 10)).where(A.id == 3))]
    return again, filled, len(held), len(plain)


def _case_populate_existing(sa, so, s, A, B):
    held = s.scalars(_with(sa, so, A)).all()
    over = [(a.id, a.expr) for a in s.scalars(sa.select(A).options(
        so.with_expression(A.expr, A.x * 10)).order_by(A.id).execution_options(populate_existing=True))]
    without = [(a.id, a.expr) for a in s.scalars(
        sa.select(A).order_by(A.id).execution_options(populate_existing=True))]
    return over, without, len(held)


def _case_expire(sa, so, s, A, B):
    a1 = s.scalars(_with(sa, so, A).where(A.id == 1)).one()
    s.expire(a1)
    after_all = (a1.expr, a1.x)
    a1 = s.scalars(_with(sa, so, A).where(A.id == 1).execution_options(populate_existing=True)).one()
    s.expire(a1, ["expr"])
    return after_all, a1.expr, a1.x


def _case_refresh(sa, so, s, A, B):
    a1 = s.scalars(_with(sa, so, A).where(A.id == 1)).one()
    a1.expr = 50
    s.refresh(a1)
    first = a1.expr
    plain = s.scalars(sa.select(A).where(A.id == 2)).one()
    s.refresh(plain)
    return first, plain.expr, plain.expr2


def _case_commit(sa, so, s, A, B):
    a1 = s.scalars(_with(sa, so, A).where(A.id == 1)).one()
    s.commit()
    return a1.expr, a1.expr2, a1.x


def _case_set_and_flush(sa, so, s, A, B):
    a1 = s.scalars(sa.select(A).where(A.id == 1)).one()
    a1.expr = 99
    a1.x = 5
    s.flush()
    return a1.expr, s.scalars(sa.select(A.x).where(A.id == 1)).one()


def _case_new_object(sa, so, s, A, B):
    return A(id=9, x=1, y=1).expr, A(id=9, x=1, y=1, expr=5).expr


def _case_select_attr(sa, so, s, A, B):
    return s.execute(sa.select(A.id, A.expr2).order_by(A.id)).all()


CASES = {n[6:]: f for n, f in dict(globals()).items() if n.startswith("_case_")}


def _run(pkg, both, case):
    sa, so, Base, A, B = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    statements = []

    def record(conn, cursor, statement, params, context, executemany):
        statements.append(" ".join(statement.split()))

    try:
        with so.Session(engine) as s:
            s.add_all([A(id=1, x=1, y=2, bs=[B(id=1, p=5), B(id=2, p=6)]), A(id=2, x=3, y=4),
                       A(id=3, x=5, y=6)])
            s.commit()
            s.expunge_all()
            sa.event.listen(engine, "before_cursor_execute", record)
            try:
                out = CASES[case](sa, so, s, A, B)
            finally:
                sa.event.remove(engine, "before_cursor_execute", record)
            return out, statements
    finally:
        Base.metadata.drop_all(engine)


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_sqlalchemy(both, case):
    ours, our_sql = _run("orm", both, case)
    theirs, their_sql = _run("sqlalchemy", both, case)
    assert ours == theirs
    # (on psycopg a selectin load's IN parameters are cast, ::INTEGER, on both sides)
    assert our_sql == their_sql


def test_values():
    """The values themselves (SQLite), so that a change on both sides is seen too."""
    import orm
    from types import SimpleNamespace

    ns = SimpleNamespace(backend="sqlite", orm_engine=orm.create_engine("sqlite://"))
    assert _run("orm", ns, "with")[0] == [(1, 3, 7), (2, 7, 7), (3, 11, 7)]
    assert _run("orm", ns, "plain")[0] == [(1, None, 7), (2, None, 7), (3, None, 7)]
    assert _run("orm", ns, "joinedload")[0] == [(1, [(1, 10), (2, 12)]), (2, []), (3, [])]
    # an expired query_expression() reads None until another attribute loads the object
    assert _run("orm", ns, "commit")[0] == (None, None, 1)
    assert _run("orm", ns, "refresh")[0] == (3, None, 7)


def test_exported_like_sqlalchemy():
    import orm
    import orm.orm

    assert orm.orm.query_expression is orm.query_expression
    assert orm.orm.with_expression is orm.orm.strategy_options.with_expression
