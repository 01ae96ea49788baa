"""with_loader_criteria(): the same SQL as SQLAlchemy, the same rows on the three databases,
lazy / selectin / joined loads included."""

import importlib

import pytest

import orm


def build(pkg: str, prefix: str):
    """The same soft-delete models, written once, built with ``orm`` or ``sqlalchemy``."""
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")

    class Base(so.DeclarativeBase):
        pass

    class HasDeleted:
        deleted: so.Mapped[bool] = so.mapped_column(default=False)

    class User(HasDeleted, Base):
        __tablename__ = prefix + "users"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        name: so.Mapped[str] = so.mapped_column(sa.String(30))
        addresses: so.Mapped[list["Address"]] = so.relationship(back_populates="user", order_by=lambda: Address.id)

    class Address(HasDeleted, Base):
        __tablename__ = prefix + "addresses"
        id: so.Mapped[int] = so.mapped_column(primary_key=True)
        user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey(prefix + "users.id"))
        email: so.Mapped[str] = so.mapped_column(sa.String(50))
        user: so.Mapped["User"] = so.relationship(back_populates="addresses")

    return sa, so, Base, HasDeleted, User, Address


@pytest.mark.parametrize("case", ["where", "lambda_mixin", "lambda_mixin_aliases", "join", "outerjoin", "aliased_excluded", "aliased_included"])
def test_sql_matches_sqlalchemy(case):
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, HasDeleted, User, Address = build(pkg, "lc_")
        if case == "where":
            stmt = sa.select(User).options(so.with_loader_criteria(User, User.name != "x"))
        elif case == "lambda_mixin":
            stmt = sa.select(User).options(so.with_loader_criteria(HasDeleted, lambda cls: cls.deleted == False))  # noqa: E712
        elif case == "lambda_mixin_aliases":
            stmt = sa.select(User).options(so.with_loader_criteria(
                HasDeleted, lambda cls: cls.deleted == False, include_aliases=True))  # noqa: E712
        elif case == "join":
            stmt = sa.select(User).join(User.addresses).options(
                so.with_loader_criteria(Address, Address.email.like("%@a")))
        elif case == "outerjoin":
            stmt = sa.select(User.name, Address.email).outerjoin(User.addresses).options(
                so.with_loader_criteria(HasDeleted, lambda cls: cls.deleted == False, include_aliases=True))  # noqa: E712
        else:
            ua = so.aliased(User, name="u2")
            stmt = sa.select(ua).options(so.with_loader_criteria(
                User, User.name != "x", include_aliases=case == "aliased_included"))
        if pkg == "orm":
            # the ORM compile step is where the criteria go in, for both libraries
            from orm.session.context import ORMCompileState

            out.append(str(ORMCompileState(stmt).statement.compile()))
        else:
            out.append(str(stmt.compile()))  # SQLAlchemy runs its ORM compile step inside compile()
    assert out[1] == out[0]


def _seed(session_cls, engine, User, Address):
    with session_cls(engine) as s:
        s.add_all([
            User(id=1, name="ed", addresses=[Address(id=1, email="e1"), Address(id=2, email="e2", deleted=True)]),
            User(id=2, name="gone", deleted=True, addresses=[Address(id=3, email="g1")]),
            User(id=3, name="wendy"),
        ])
        s.commit()


def _run(pkg, engine, prefix, metadatas):
    sa, so, Base, HasDeleted, User, Address = build(pkg, prefix)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    _seed(so.Session, engine, User, Address)
    crit = so.with_loader_criteria(HasDeleted, lambda cls: cls.deleted == False, include_aliases=True)  # noqa: E712
    got = {}
    with so.Session(engine) as s:
        users = s.scalars(sa.select(User).options(crit).order_by(User.id)).all()
        got["users"] = [u.name for u in users]
        # lazy load of the collection carries the option
        got["lazy"] = [[a.email for a in u.addresses] for u in users]
    with so.Session(engine) as s:
        users = s.scalars(sa.select(User).options(crit, so.selectinload(User.addresses)).order_by(User.id)).all()
        got["selectin"] = [[a.email for a in u.addresses] for u in users]
    with so.Session(engine) as s:
        users = s.scalars(sa.select(User).options(crit, so.joinedload(User.addresses)).order_by(User.id)).unique().all()
        got["joined"] = [[a.email for a in u.addresses] for u in users]
    with so.Session(engine) as s:
        # criteria on one mapped class, joined eager load of another
        only_e = so.with_loader_criteria(Address, Address.email != "e1")
        users = s.scalars(sa.select(User).options(only_e, so.joinedload(User.addresses)).order_by(User.id)).unique().all()
        got["joined_mapped"] = [[a.email for a in u.addresses] for u in users]
    with so.Session(engine) as s:
        # through do_orm_execute, the recipe users write for soft deletes
        @sa.event.listens_for(s, "do_orm_execute")
        def _soft(state):
            if state.is_select:
                state.statement = state.statement.options(
                    so.with_loader_criteria(HasDeleted, lambda cls: cls.deleted == False, include_aliases=True))  # noqa: E712

        got["event"] = [(u.name, [a.email for a in u.addresses])
                        for u in s.scalars(sa.select(User).order_by(User.id))]
    return got


def test_rows_match_sqlalchemy(both):
    sa_got = _run("sqlalchemy", both.sa_engine, "lcsa_", both.metadatas)
    orm_got = _run("orm", both.orm_engine, "lcorm_", both.metadatas)
    assert orm_got == sa_got
    assert orm_got["users"] == ["ed", "wendy"] and orm_got["lazy"] == [["e1"], []]


def test_bad_input():
    sa, so, Base, HasDeleted, User, Address = build("orm", "lcbad_")
    with pytest.raises(orm.exc.ArgumentError, match="lambda"):
        so.with_loader_criteria(HasDeleted, HasDeleted.deleted == False)  # noqa: E712
    with pytest.raises(orm.exc.ArgumentError, match="aliased"):
        so.with_loader_criteria(so.aliased(User), User.name == "x")
    with pytest.raises(orm.exc.ArgumentError):
        so.with_loader_criteria(5, User.name == "x")


@pytest.mark.xfail(strict=True, reason="gap: a select of plain columns with select_from(Entity) is run as a "
                   "Core statement (no ORM compile step), so do_orm_execute criteria do not reach it")
def test_criteria_on_select_from_entity_only(both):
    for pkg, engine, prefix in (("sqlalchemy", both.sa_engine, "lcsa2_"), ("orm", both.orm_engine, "lcorm2_")):
        sa, so, Base, HasDeleted, User, Address = build(pkg, prefix)
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        both.metadatas.append((Base.metadata, engine))
        _seed(so.Session, engine, User, Address)
        with so.Session(engine) as s:
            stmt = sa.select(sa.func.count()).select_from(Address).options(
                so.with_loader_criteria(Address, Address.deleted == False))  # noqa: E712
            assert s.scalar(stmt) == 2, pkg
