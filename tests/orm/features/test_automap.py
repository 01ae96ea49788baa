"""automap_base(): classes and relationships reflected from sqlite/postgresql/mysql, the same as
SQLAlchemy's (names, directions, backrefs, many-to-many, naming hooks, declared classes), and
usable end to end."""
import importlib

import pytest

import orm

TABLES = ["am_users", "am_address", "am_keyword", "am_user_keyword", "am_node", "am_nopk"]


def _schema(url_engine):
    md = orm.MetaData()
    orm.Table("am_users", md, orm.Column("id", orm.Integer, primary_key=True), orm.Column("name", orm.String(20)))
    orm.Table("am_address", md, orm.Column("id", orm.Integer, primary_key=True),
              orm.Column("user_id", orm.Integer, orm.ForeignKey("am_users.id", ondelete="CASCADE"), nullable=False),
              orm.Column("email", orm.String(30)))
    orm.Table("am_keyword", md, orm.Column("id", orm.Integer, primary_key=True), orm.Column("word", orm.String(20)))
    orm.Table("am_user_keyword", md,
              orm.Column("user_id", orm.Integer, orm.ForeignKey("am_users.id"), primary_key=True),
              orm.Column("keyword_id", orm.Integer, orm.ForeignKey("am_keyword.id"), primary_key=True))
    orm.Table("am_node", md, orm.Column("id", orm.Integer, primary_key=True),
              orm.Column("parent_id", orm.Integer, orm.ForeignKey("am_node.id")))
    orm.Table("am_nopk", md, orm.Column("x", orm.Integer))
    md.drop_all(url_engine)
    md.create_all(url_engine)
    return md


def _camel(base, tablename, table):
    return "".join(p.capitalize() for p in tablename[3:].split("_"))


def _plural(base, local_cls, referred_cls, constraint):
    return referred_cls.__name__.lower() + "s"


def _describe(sa, classes):
    out = []
    for cls in sorted(classes, key=lambda c: c.__name__):
        m = sa.inspect(cls)
        out.append((cls.__name__, sorted(m.columns.keys()), sorted(
            (r.key, r.direction.name, r.mapper.class_.__name__, r.uselist, r.back_populates or str(r.backref),
             r.cascade.delete_orphan, bool(r.passive_deletes)) for r in m.relationships)))
    return out


def _run(pkg, engine, hooks):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    am = importlib.import_module(pkg + ".ext.automap")
    Base = am.automap_base()
    kw = {}
    declared = []
    if hooks:
        kw = dict(classname_for_table=_camel, name_for_collection_relationship=_plural)
        generated = []

        def gen(base, direction, return_fn, attrname, local_cls, referred_cls, **rkw):
            generated.append((direction.name, attrname, local_cls.__name__, referred_cls.__name__))
            if attrname == "nodes":
                rkw["order_by"] = referred_cls.__table__.c.id   # hook changes the arguments
            return am.generate_relationship(base, direction, return_fn, attrname, local_cls, referred_cls, **rkw)

        kw["generate_relationship"] = gen
    else:
        class am_users(Base):
            __tablename__ = "am_users"
            # a declared relationship under automap's name: automap links its backref to it
            am_address_collection = so.relationship("am_address", order_by=lambda: Base.classes.am_address.id,
                                                    cascade="all, delete-orphan")

            def greet(self):
                return "hi " + self.name

        declared.append(am_users)
    Base.prepare(autoload_with=engine, reflection_options={"only": TABLES}, **kw)
    got = {"classes": sorted(Base.classes.keys()), "shape": _describe(sa, [*declared, *Base.classes])}
    if hooks:
        got["generated"] = sorted(generated)
        return got
    U, A, K, N = am_users, Base.classes.am_address, Base.classes.am_keyword, Base.classes.am_node
    got["sql"] = str(sa.select(U).join(U.am_address_collection).where(U.am_keyword_collection.any(K.word == "w")))
    with so.Session(engine) as s:
        u = U(id=1, name="ed", am_address_collection=[A(id=1, email="a"), A(id=2, email="b")],
              am_keyword_collection=[K(id=1, word="w")])
        root = N(id=1)
        root.am_node_collection.append(N(id=2))
        s.add_all([u, root])
        s.commit()
        got["loaded"] = (u.greet(), [a.email for a in u.am_address_collection], u.am_address_collection[0].am_users is u,
                         [k.am_users_collection[0].name for k in u.am_keyword_collection],
                         s.get(N, 2).am_node.id)
        got["query"] = s.scalars(sa.select(U.name).where(U.am_keyword_collection.any(K.word == "w"))).all()
        u.am_address_collection.remove(u.am_address_collection[0])   # delete-orphan: the row goes
        s.commit()
        got["after_orphan"] = s.scalars(sa.select(A.id)).all()
    return got


@pytest.mark.parametrize("hooks", [False, True], ids=["default_names", "naming_hooks"])
def test_same_as_sqlalchemy(both, hooks):
    md = _schema(both.orm_engine)
    both.metadatas.append((md, both.orm_engine))
    sa_got = _run("sqlalchemy", both.sa_engine, hooks)
    _schema(both.orm_engine)
    orm_got = _run("orm", both.orm_engine, hooks)
    assert orm_got == sa_got
    if hooks:
        assert orm_got["classes"] == ["Address", "Keyword", "Node", "Users"]
        assert ("MANYTOMANY", "keywords", "Users", "Keyword") in orm_got["generated"]
    else:
        assert orm_got["classes"] == ["am_address", "am_keyword", "am_node"]  # no PK: not mapped; declared: not listed
        assert orm_got["after_orphan"] == [2]


def test_prepare_twice_and_bad_input(tmp_path):
    from orm.ext.automap import automap_base

    engine = orm.create_engine(f"sqlite:///{tmp_path}/a.db")
    with engine.begin() as c:
        c.exec_driver_sql("create table t1 (id integer primary key)")
    Base = automap_base()
    Base.prepare(autoload_with=engine)
    assert Base.classes.keys() == ["t1"]
    with engine.begin() as c:
        c.exec_driver_sql("create table t2 (id integer primary key, t1_id integer references t1(id))")
    Base.prepare(autoload_with=engine)           # maps the new table only
    assert sorted(Base.classes.keys()) == ["t1", "t2"]
    assert Base.classes.t2.t1.property.mapper.class_ is Base.classes.t1
    with pytest.raises(AttributeError):
        Base.classes.nothere
    with pytest.raises(orm.exc.InvalidRequestError):
        Base.prepare(autoload_with=engine, reflection_options={"only": ["missing_table"]})
