"""association_proxy(): list, set, dict and scalar proxies, creators, and the SQL comparisons
(==, any(), has(), contains(), operators) — the same SQL and rows as SQLAlchemy on the three
databases."""
import importlib

import pytest


def build(pkg, prefix):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    ap = importlib.import_module(pkg + ".ext.associationproxy")
    coll = importlib.import_module(pkg + ".orm.collections")
    Mapped, mc, rel = so.Mapped, so.mapped_column, so.relationship

    class Base(so.DeclarativeBase):
        pass

    user_keyword = sa.Table(prefix + "user_keyword", Base.metadata,
                            sa.Column("user_id", sa.ForeignKey(prefix + "user.id"), primary_key=True),
                            sa.Column("keyword_id", sa.ForeignKey(prefix + "keyword.id"), primary_key=True))

    class Keyword(Base):
        __tablename__ = prefix + "keyword"
        id: Mapped[int] = mc(primary_key=True)
        keyword: Mapped[str] = mc(sa.String(20))

        def __init__(self, keyword):  # the default creator calls the class with the value
            self.keyword = keyword

    class Profile(Base):
        __tablename__ = prefix + "profile"
        id: Mapped[int] = mc(primary_key=True)
        bio: Mapped[str] = mc(sa.String(50), nullable=True)

    class Group(Base):
        __tablename__ = prefix + "group"
        id: Mapped[int] = mc(primary_key=True)
        name: Mapped[str] = mc(sa.String(20))

    class Membership(Base):
        __tablename__ = prefix + "membership"
        id: Mapped[int] = mc(primary_key=True)
        user_id: Mapped[int] = mc(sa.ForeignKey(prefix + "user.id"))
        group_id: Mapped[int] = mc(sa.ForeignKey(prefix + "group.id"))
        group: Mapped[Group] = rel()

    class Tag(Base):
        __tablename__ = prefix + "tag"
        id: Mapped[int] = mc(primary_key=True)
        user_id: Mapped[int] = mc(sa.ForeignKey(prefix + "user.id"))
        name: Mapped[str] = mc(sa.String(20))

    class Note(Base):
        __tablename__ = prefix + "note"
        id: Mapped[int] = mc(primary_key=True)
        user_id: Mapped[int] = mc(sa.ForeignKey(prefix + "user.id"))
        key: Mapped[str] = mc(sa.String(20))
        text: Mapped[str] = mc(sa.String(50))

    class User(Base):
        __tablename__ = prefix + "user"
        id: Mapped[int] = mc(primary_key=True)
        profile_id: Mapped[int] = mc(sa.ForeignKey(prefix + "profile.id"), nullable=True)
        kw: Mapped[list[Keyword]] = rel(secondary=user_keyword, order_by=Keyword.id)
        keywords = ap.association_proxy("kw", "keyword")
        memberships: Mapped[list[Membership]] = rel(cascade="all, delete-orphan", order_by=Membership.id)
        groups = ap.association_proxy("memberships", "group", creator=lambda g: Membership(group=g))
        tag_set: Mapped[set[Tag]] = rel(cascade="all, delete-orphan")
        tags = ap.association_proxy("tag_set", "name", creator=lambda n: Tag(name=n))
        notes: Mapped[dict[str, Note]] = rel(collection_class=coll.attribute_keyed_dict("key"),
                                             cascade="all, delete-orphan")
        note_text = ap.association_proxy("notes", "text", creator=lambda k, v: Note(key=k, text=v))
        profile: Mapped[Profile] = rel()
        bio = ap.association_proxy("profile", "bio", creator=lambda b: Profile(bio=b))

    return sa, so, ap, Base, User, Keyword, Group, Membership


STATEMENTS = {
    "col_eq": lambda sa, U, K, G: U.keywords == "k1",
    "col_any": lambda sa, U, K, G: U.keywords.any(K.keyword.like("k%")),
    "col_like": lambda sa, U, K, G: U.keywords.like("k%"),
    "col_eq_none": lambda sa, U, K, G: U.bio == None,  # noqa: E711
    "scalar_eq": lambda sa, U, K, G: U.bio == "hi",
    "scalar_has": lambda sa, U, K, G: U.bio.has(),
    "obj_any": lambda sa, U, K, G: U.groups.any(G.name == "admins"),
    "set_eq": lambda sa, U, K, G: U.tags == "red",
    "dict_ne": lambda sa, U, K, G: U.note_text != "x",
}


@pytest.mark.parametrize("case", sorted(STATEMENTS))
def test_sql_matches_sqlalchemy(case):
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, ap, Base, User, Keyword, Group, Membership = build(pkg, "ap_")
        stmt = sa.select(User.id).where(STATEMENTS[case](sa, User, Keyword, Group))
        compiled = stmt.compile()
        out.append((str(compiled), compiled.params))
    assert out[1] == out[0]


def test_introspection_and_errors_match_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    got = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, ap, Base, User, Keyword, Group, Membership = build(pkg, "ap_")
        errs = []
        for fn in (lambda: User.keywords.has(), lambda: User.bio.any(), lambda: User.keywords.any(keyword="x")):
            try:
                fn()
                errs.append(None)
            except Exception as e:  # the class of error, as SQLAlchemy's
                errs.append(type(e).__name__)
        got.append((type(User.keywords).__name__, type(User.groups).__name__, User.keywords.scalar, User.bio.scalar,
                    User.keywords.target_class.__name__, User.keywords.value_attr,
                    User.keywords.local_attr.key, User.keywords.remote_attr.key,
                    User.__dict__["keywords"].extension_type is ap.AssociationProxyExtensionType.ASSOCIATION_PROXY,
                    isinstance(User.__dict__["keywords"], ap.AssociationProxy), errs))
    assert got[1] == got[0]


def _run(pkg, engine, prefix, metadatas):
    sa, so, ap, Base, User, Keyword, Group, Membership = build(pkg, prefix)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    metadatas.append((Base.metadata, engine))
    got = {}
    with so.Session(engine) as s:
        admins, devs = Group(id=1, name="admins"), Group(id=2, name="devs")
        u = User(id=1)
        u.keywords.append("k1")
        u.keywords.extend(["k2", "x3"])
        u.groups.append(admins)
        u.tags.add("red")
        u.tags |= {"blue"}
        u.note_text["a"] = "first"
        u.bio = "hi"                       # no profile yet: the creator makes one
        v = User(id=2, keywords=["k9"])    # constructor goes through the proxy too
        v.groups = [devs, admins]
        s.add_all([u, v])
        s.commit()
        got["lists"] = (list(u.keywords), u.keywords == ["k1", "k2", "x3"], "k2" in u.keywords, len(u.keywords),
                        u.keywords[1], u.keywords[-2:], [g.name for g in v.groups], u.keywords is u.keywords)
        got["set_dict_scalar"] = (sorted(u.tags), dict(u.note_text), u.bio, v.bio)
        u.keywords.remove("k2")
        u.keywords[0] = "k1b"              # sets the value on the existing Keyword
        u.tags.discard("red")
        u.note_text["a"] = "changed"
        u.note_text["b"] = "second"
        u.bio = "bye"
        v.keywords = ["k7", "k8"]          # bulk replace
        s.commit()
        got["after"] = (list(u.keywords), sorted(u.tags), sorted(u.note_text.items()), u.bio, list(v.keywords),
                        sorted(s.scalars(sa.select(Keyword.keyword)).all()))
        q = {}
        q["col_eq"] = s.scalars(sa.select(User.id).where(User.keywords == "x3")).all()
        q["col_like"] = s.scalars(sa.select(User.id).where(User.keywords.like("k%")).order_by(User.id)).all()
        q["obj_contains"] = s.scalars(sa.select(User.id).where(User.groups.contains(devs))).all()
        q["obj_any"] = s.scalars(sa.select(User.id).where(User.groups.any(Group.name == "admins")).order_by(User.id)).all()
        q["scalar_eq"] = s.scalars(sa.select(User.id).where(User.bio == "bye")).all()
        q["scalar_none"] = s.scalars(sa.select(User.id).where(User.bio == None)).all()  # noqa: E711
        q["dict"] = s.scalars(sa.select(User.id).where(User.note_text == "second")).all()
        got["queries"] = q
        del u.keywords[:]
        s.commit()
        got["cleared"] = (list(u.keywords), s.scalar(sa.select(sa.func.count()).select_from(Keyword)))
    return got


def test_same_as_sqlalchemy(both):
    sa_got = _run("sqlalchemy", both.sa_engine, "apsa_", both.metadatas)
    orm_got = _run("orm", both.orm_engine, "aporm_", both.metadatas)
    assert orm_got == sa_got
    assert orm_got["after"][0] == ["k1b", "x3"]
    assert orm_got["queries"]["obj_any"] == [1, 2] and orm_got["queries"]["scalar_none"] == [2]


def test_bad_input():
    import orm
    from orm.ext.associationproxy import association_proxy
    from orm.orm import DeclarativeBase, Mapped, mapped_column

    with pytest.raises(orm.exc.ArgumentError, match="names of the relationship"):
        association_proxy(["kw"], "keyword")

    class Base(DeclarativeBase):
        pass

    class A(Base):
        __tablename__ = "ap_bad_a"
        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(orm.String(10))
        wrong = association_proxy("name", "x")

    with pytest.raises(orm.exc.InvalidRequestError, match="'name' is not a relationship"):
        A.wrong
