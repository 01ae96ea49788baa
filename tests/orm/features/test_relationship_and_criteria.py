"""``relationship.and_(criteria)``: extra criteria on a relationship, in the ON clause of
``join()``/``outerjoin()``/``Query.join()`` along it and in the SQL of the loader option given it
(joined, selectin, subquery, lazy); already-loaded collections are kept unless
``populate_existing``.  The same SQL as SQLAlchemy's (statement strings and the SQL each backend
receives) and the same objects on the three databases."""

import importlib
import os

import pytest


def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class Base(so.DeclarativeBase):
        pass

    link = sa.Table("rac_user_kw_" + sfx, Base.metadata,
                    sa.Column("user_id", sa.ForeignKey(f"rac_users_{sfx}.id"), primary_key=True),
                    sa.Column("kw_id", sa.ForeignKey(f"rac_keywords_{sfx}.id"), primary_key=True))

    class User(Base):
        __tablename__ = "rac_users_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        name = sa.Column(sa.String(20))
        addresses = so.relationship("Address", back_populates="user", order_by="Address.id")
        keywords = so.relationship("Keyword", secondary=link, order_by="Keyword.id")

    class Address(Base):
        __tablename__ = "rac_addresses_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        user_id = sa.Column(sa.ForeignKey(User.__tablename__ + ".id"))
        email = sa.Column(sa.String(20))
        user = so.relationship("User", back_populates="addresses")

    class Keyword(Base):
        __tablename__ = "rac_keywords_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        word = sa.Column(sa.String(20))

    return sa, so, Base, User, Address, Keyword


def _joins(sa, so, User, Address, Keyword):
    x_org = Address.email.like("%@x.org")
    a2 = so.aliased(Address, name="a2")
    return {
        "join": sa.select(User).join(User.addresses.and_(x_org)),
        "outerjoin": sa.select(User.name, Address.email).outerjoin(User.addresses.and_(x_org)),
        "two_criteria": sa.select(User.name).join(User.addresses.and_(x_org, Address.id > 1)),
        "chained_and": sa.select(User.name).join(User.addresses.and_(x_org).and_(Address.id > 1)),
        "many_to_one": sa.select(Address.email).join(Address.user.and_(User.name == "ed")),
        "many_to_many": sa.select(User.name, Keyword.word).join(User.keywords.and_(Keyword.word == "k1")),
        "of_type_alias": sa.select(User.name, a2.email).join(User.addresses.of_type(a2).and_(a2.email.like("%@x.org"))),
        "join_from": sa.select(User.name).join_from(User, Address, User.addresses.and_(x_org)),
        "joinedload": sa.select(User).options(so.joinedload(User.addresses.and_(x_org))),
        "joinedload_inner": sa.select(User).options(so.joinedload(User.addresses.and_(x_org), innerjoin=True)),
        "joinedload_m2m": sa.select(User).options(so.joinedload(User.keywords.and_(Keyword.word == "k1"))),
        "joinedload_m2o": sa.select(Address).options(so.joinedload(Address.user.and_(User.name == "ed"))),
    }


def test_statement_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, User, Address, Keyword = build(pkg)
        got = {k: str(v) for k, v in _joins(sa, so, User, Address, Keyword).items()}
        with so.Session() as s:
            got["query_join"] = str(s.query(User).join(User.addresses.and_(Address.email == "a")))
            got["query_outerjoin"] = str(s.query(User.name).outerjoin(User.addresses.and_(Address.id > 2)))
        out.append(got)
        Base.registry.dispose()
    assert out[1] == out[0]
    assert "ON rac_users_" in out[1]["join"] and "AND rac_addresses_" in out[1]["join"]


def test_and_keeps_the_relationship():
    import orm

    sa, so, Base, User, Address, Keyword = build("orm")
    try:
        attr = User.addresses.and_(Address.id > 1)
        assert attr.property is User.addresses.property
        # the attribute still compares as the relationship does
        assert str(attr.any()) == str(User.addresses.any())
        with pytest.raises(orm.exc.ArgumentError):
            User.addresses.and_("not sql")
    finally:
        Base.registry.dispose()


class _Recorder:
    def __init__(self, sa, engine):
        self.sql = []
        sa.event.listen(engine, "before_cursor_execute", self)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.sql.append(" ".join(statement.split()))


def _seed(so, s, User, Address, Keyword):
    k1, k2 = Keyword(id=1, word="k1"), Keyword(id=2, word="k2")
    ed = User(id=1, name="ed", keywords=[k1, k2],
              addresses=[Address(id=1, email="e@x.org"), Address(id=2, email="e@y.org")])
    al = User(id=2, name="al", keywords=[k2], addresses=[Address(id=3, email="a@y.org")])
    s.add_all([ed, al, User(id=3, name="jo")])
    s.commit()


def _loads(sa, so, s, User, Address, Keyword, rec):
    """{case: (what was loaded, the SQL the backend received)}."""
    x_org = Address.email.like("%@x.org")
    k1 = Keyword.word == "k1"
    cases = {
        "selectin": (User, so.selectinload(User.addresses.and_(x_org)), "addresses"),
        "subquery": (User, so.subqueryload(User.addresses.and_(x_org)), "addresses"),
        "joined": (User, so.joinedload(User.addresses.and_(x_org)), "addresses"),
        "lazy": (User, so.lazyload(User.addresses.and_(x_org)), "addresses"),
        "selectin_m2m": (User, so.selectinload(User.keywords.and_(k1)), "keywords"),
        "subquery_m2m": (User, so.subqueryload(User.keywords.and_(k1)), "keywords"),
        "joined_m2m": (User, so.joinedload(User.keywords.and_(k1)), "keywords"),
        "lazy_m2m": (User, so.lazyload(User.keywords.and_(k1)), "keywords"),
        "selectin_m2o": (Address, so.selectinload(Address.user.and_(User.name == "ed")), "user"),
        "joined_m2o": (Address, so.joinedload(Address.user.and_(User.name == "ed")), "user"),
        # a many-to-one with criteria is not an identity-map lookup: it runs its SELECT
        "lazy_m2o": (Address, so.lazyload(Address.user.and_(User.name == "ed")), "user"),
    }
    out = {}
    for name, (ent, opt, key) in cases.items():
        s.expunge_all()
        rec.sql.clear()
        objs = s.scalars(sa.select(ent).options(opt).order_by(ent.id)).unique().all()
        loaded = []
        for o in objs:
            v = getattr(o, key)
            loaded.append((o.id, [c.id for c in v] if isinstance(v, list) else getattr(v, "id", None)))
        out[name] = (loaded, list(rec.sql))
    return out


def _run(pkg, both, fn):
    sa, so, Base, User, Address, Keyword = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            _seed(so, s, User, Address, Keyword)
            rec = _Recorder(sa, engine)
            return fn(sa, so, s, User, Address, Keyword, rec)
    finally:
        Base.metadata.drop_all(engine)
        Base.registry.dispose()


def test_loaders_match_sqlalchemy(both):
    ours = _run("orm", both, _loads)
    theirs = _run("sqlalchemy", both, _loads)
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert ours["selectin"][0] == [(1, [1]), (2, []), (3, [])]
    assert ours["selectin_m2m"][0] == [(1, [1]), (2, []), (3, [])]
    assert ours["lazy_m2o"][0] == [(1, 1), (2, 1), (3, None)]
    assert len(ours["lazy_m2o"][1]) == 4  # the addresses, then one SELECT per address


def _join_rows(sa, so, s, User, Address, Keyword, rec):
    out = {}
    for name, stmt in _joins(sa, so, User, Address, Keyword).items():
        s.expunge_all()
        if name.startswith("joinedload"):
            rows = s.scalars(stmt).unique().all()
            out[name] = sorted(repr((type(o).__name__, o.id)) for o in rows)
        else:
            out[name] = sorted(repr(tuple(getattr(v, "id", v) for v in r)) for r in s.execute(stmt).all())
    s.expunge_all()
    out["query_join"] = sorted(u.id for u in s.query(User).join(User.addresses.and_(Address.id > 1)))
    out["query_outerjoin"] = sorted(s.query(User.name, Address.id).outerjoin(
        User.addresses.and_(Address.email.like("%@x.org"))).all(), key=repr)
    return out


def test_join_rows_match_sqlalchemy(both):
    ours = _run("orm", both, _join_rows)
    assert ours == _run("sqlalchemy", both, _join_rows)
    assert ours["query_outerjoin"] == sorted([("ed", 1), ("al", None), ("jo", None)], key=repr)


def _populate(sa, so, s, User, Address, Keyword, rec):
    """An option's criteria do not replace a collection already loaded in the session, unless the
    query says populate_existing."""
    x_org = User.addresses.and_(Address.email.like("%@x.org"))
    out = {}
    s.expunge_all()
    users = s.scalars(sa.select(User).order_by(User.id)).all()
    for u in users:
        u.addresses  # loaded in full
    for loader in ("selectinload", "subqueryload", "joinedload"):
        opt = getattr(so, loader)(x_org)
        kept = s.scalars(sa.select(User).options(opt).order_by(User.id)).unique().all()
        out[loader + "_kept"] = [[a.id for a in u.addresses] for u in kept]
    for loader in ("selectinload", "subqueryload", "joinedload"):
        opt = getattr(so, loader)(x_org)
        s.expunge_all()
        s.scalars(sa.select(User).order_by(User.id)).all()
        for u in s.scalars(sa.select(User)).all():
            u.addresses
        fresh = s.scalars(sa.select(User).options(opt).order_by(User.id)
                          .execution_options(populate_existing=True)).unique().all()
        out[loader + "_populated"] = [[a.id for a in u.addresses] for u in fresh]
    return out


def test_populate_existing_matches_sqlalchemy(both):
    ours = _run("orm", both, _populate)
    assert ours == _run("sqlalchemy", both, _populate)
    assert ours["selectinload_kept"] == [[1, 2], [3], []]
    assert ours["selectinload_populated"] == [[1], [], []]


def _variants(sa, so, s, User, Address, Keyword, rec):
    """New criteria values in a statement of the same shape (compiled forms are cached by shape),
    an aliased parent, and options chained after the one with criteria."""
    out = []
    for pat in ("%@x.org", "%@y.org"):
        s.expunge_all()
        out.append(sorted(s.scalars(sa.select(Address.id).select_from(User)
                                    .join(User.addresses.and_(Address.email.like(pat))))))
        for opt in (so.selectinload, so.joinedload, so.subqueryload, so.lazyload):
            s.expunge_all()
            users = s.scalars(sa.select(User).options(opt(User.addresses.and_(Address.email.like(pat))))
                              .order_by(User.id)).unique().all()
            out.append([[a.id for a in u.addresses] for u in users])
    ua = so.aliased(User)
    s.expunge_all()
    out.append(sorted(s.execute(sa.select(ua.name, Address.id).join(ua.addresses.and_(Address.id > 1))).all()))
    s.expunge_all()
    users = s.scalars(sa.select(User).options(
        so.selectinload(User.addresses.and_(Address.id < 3)).joinedload(Address.user)).order_by(User.id)).all()
    out.append([[(a.id, a.user.id) for a in u.addresses] for u in users])
    s.expunge_all()
    users = s.scalars(sa.select(ua).options(so.selectinload(ua.addresses.and_(Address.id < 3))).order_by(ua.id)).all()
    out.append([[a.id for a in u.addresses] for u in users])
    return out


def test_new_values_aliases_and_chains_match_sqlalchemy(both):
    ours = _run("orm", both, _variants)
    assert ours == _run("sqlalchemy", both, _variants)
    assert ours[1] == [[1], [], []] and ours[6] == [[2], [3], []]


def _many_to_one_in_identity_map(sa, so, s, User, Address, Keyword, rec):
    """With criteria a many-to-one target already in the session is not taken from the identity
    map: the loader's SELECT decides (al fails the criteria, so address 3 gets None)."""
    s.expunge_all()
    users = s.scalars(sa.select(User)).all()  # noqa: F841 - keeps them in the identity map
    out = {}
    for opt in (so.selectinload, so.lazyload, so.joinedload, so.subqueryload):
        rec.sql.clear()
        ads = s.scalars(sa.select(Address).options(opt(Address.user.and_(User.name == "ed")))
                        .order_by(Address.id)).all()
        out[opt.__name__] = ([(a.id, a.user and a.user.id) for a in ads], list(rec.sql))
        for a in ads:
            s.expunge(a)
    return out


def test_many_to_one_in_identity_map_matches_sqlalchemy(both):
    ours = _run("orm", both, _many_to_one_in_identity_map)
    assert ours == _run("sqlalchemy", both, _many_to_one_in_identity_map)
    assert ours["selectinload"][0] == [(1, 1), (2, 1), (3, None)]
