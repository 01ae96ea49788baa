"""create_all / drop_all and reflection against the three real databases.

Every test names its tables ``ddl_<hex>_...`` (unique per test, since tests run in parallel) and
drops them afterwards.
"""
from __future__ import annotations

import uuid
from typing import Any, Iterator

import pytest

import orm as s
from orm import exc, inspect
from orm.engine.reflection import Inspector
from orm import types as sqltypes


@pytest.fixture
def engine(db_url: str) -> Iterator[Any]:
    eng = s.create_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def prefix() -> str:
    return f"ddl_{uuid.uuid4().hex[:10]}"


@pytest.fixture
def metadata(engine: Any) -> Iterator[s.MetaData]:
    """A MetaData whose tables are dropped after the test, whatever happened."""
    md = s.MetaData()
    yield md
    md.drop_all(engine)


def _family(metadata: s.MetaData, prefix: str) -> tuple[s.Table, s.Table, s.Table]:
    parent = s.Table(f"{prefix}_parent", metadata,
                     s.Column("id", s.Integer, primary_key=True),
                     s.Column("name", s.String(50), nullable=False),
                     s.Column("price", s.Numeric(10, 2)),
                     s.Column("body", s.Text),
                     s.Column("born", s.Date),
                     s.Column("seen", s.DateTime),
                     s.Column("ratio", s.Float),
                     s.Column("qty", s.Integer, server_default="0"),
                     s.UniqueConstraint("name", name=f"{prefix}_uq_name"),
                     s.CheckConstraint("qty >= 0", name=f"{prefix}_ck_qty"),
                     comment="parents")
    s.Index(f"{prefix}_ix_seen", parent.c.seen)
    child = s.Table(f"{prefix}_child", metadata,
                    s.Column("id", s.Integer, primary_key=True),
                    s.Column("parent_id", s.Integer, s.ForeignKey(f"{prefix}_parent.id", ondelete="CASCADE",
                                                                  name=f"{prefix}_fk_parent"), nullable=False),
                    s.Column("label", s.String(20), comment="what it is"))
    grandchild = s.Table(f"{prefix}_grandchild", metadata,
                         s.Column("id", s.Integer, primary_key=True),
                         s.Column("child_id", s.Integer, s.ForeignKey(f"{prefix}_child.id", name=f"{prefix}_fk_child")))
    return parent, child, grandchild


# -- create_all / drop_all -------------------------------------------------------------------
def test_create_all_and_drop_all_with_checkfirst(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    parent, child, grandchild = _family(metadata, prefix)
    names = [parent.name, child.name, grandchild.name]
    metadata.create_all(engine)
    metadata.create_all(engine)  # all exist: nothing to do, no error
    insp = inspect(engine)
    assert [n for n in insp.get_table_names() if n.startswith(prefix)] == sorted(names)
    with engine.begin() as conn:
        conn.execute(parent.insert(), {"id": 1, "name": "p"})
        conn.execute(child.insert(), {"id": 1, "parent_id": 1})
        conn.execute(grandchild.insert(), {"id": 1, "child_id": 1})
    metadata.drop_all(engine)  # children first: the foreign keys never block a DROP
    assert [n for n in insp.get_table_names() if n.startswith(prefix)] == []
    metadata.drop_all(engine)  # nothing left: nothing to do
    with pytest.raises(exc.DBAPIError):
        metadata.drop_all(engine, checkfirst=False)


def test_create_all_on_a_connection_joins_its_transaction(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    parent, child, _ = _family(metadata, prefix)
    with engine.connect() as conn:
        metadata.create_all(conn, tables=[parent, child])
        assert inspect(conn).has_table(child.name) is True
        conn.commit()
    assert inspect(engine).has_table(child.name) is True
    assert inspect(engine).has_table(f"{prefix}_grandchild") is False


def test_table_create_and_drop(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    parent, _, _ = _family(metadata, prefix)
    parent.create(engine)
    assert inspect(engine).has_table(parent.name) is True
    parent.create(engine, checkfirst=True)
    with pytest.raises(exc.DBAPIError):
        parent.create(engine)
    parent.drop(engine)
    assert inspect(engine).has_table(parent.name) is False
    parent.drop(engine, checkfirst=True)


def test_cyclic_foreign_keys_create_and_drop(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    a = s.Table(f"{prefix}_a", metadata, s.Column("id", s.Integer, primary_key=True),
                s.Column("b_id", s.Integer, s.ForeignKey(f"{prefix}_b.id", name=f"{prefix}_fk_ab")))
    b = s.Table(f"{prefix}_b", metadata, s.Column("id", s.Integer, primary_key=True),
                s.Column("a_id", s.Integer, s.ForeignKey(f"{prefix}_a.id")))  # unnamed: found by reflection to drop
    metadata.create_all(engine)
    insp = inspect(engine)
    assert [fk["referred_table"] for fk in insp.get_foreign_keys(a.name)] == [b.name]
    assert [fk["referred_table"] for fk in insp.get_foreign_keys(b.name)] == [a.name]
    sorted_names = [(t, fks) for t, fks in insp.get_sorted_table_and_fkc_names() if t is None or t.startswith(prefix)]
    assert [t for t, _ in sorted_names] == [a.name, b.name, None]
    assert [t for t, _ in sorted_names[-1][1] if t.startswith(prefix)] == [a.name, b.name]
    metadata.drop_all(engine)
    assert insp.has_table(a.name) is False and insp.has_table(b.name) is False


# -- reflection round trip ---------------------------------------------------------------------
def _affinities(backend: str) -> dict[str, type]:
    expected = {"id": sqltypes.Integer, "name": sqltypes.String, "price": sqltypes.Numeric, "body": sqltypes.String,
                "born": sqltypes.Date, "seen": sqltypes.DateTime, "ratio": sqltypes.Float, "qty": sqltypes.Integer}
    return expected


def test_metadata_reflect_round_trip(engine: Any, backend: str, metadata: s.MetaData, prefix: str) -> None:
    parent, child, grandchild = _family(metadata, prefix)
    metadata.create_all(engine)
    reflected = s.MetaData()
    reflected.reflect(engine, only=[child.name, parent.name])
    assert sorted(reflected.tables) == sorted([parent.name, child.name])
    rp, rc = reflected.tables[parent.name], reflected.tables[child.name]

    assert [c.name for c in rp.columns] == ["id", "name", "price", "body", "born", "seen", "ratio", "qty"]
    assert {c.name: c.type._type_affinity for c in rp.columns} == _affinities(backend)
    assert (rp.c.price.type.precision, rp.c.price.type.scale) == (10, 2)
    assert rp.c.name.type.length == 50
    assert [c.nullable for c in rp.columns] == [False, False, True, True, True, True, True, True]
    assert [c.name for c in rp.primary_key.columns] == ["id"]
    assert "0" in rp.c.qty.server_default.arg.text

    (fkc,) = rc.foreign_key_constraints
    assert [c.name for c in fkc.columns] == ["parent_id"]
    assert fkc.referred_table is rp
    assert fkc.ondelete == "CASCADE"
    assert fkc.name == f"{prefix}_fk_parent"
    assert rc.c.parent_id.nullable is False

    uniques = [(u.name, [c.name for c in u.columns]) for u in rp.constraints if isinstance(u, s.UniqueConstraint)]
    assert uniques == [(f"{prefix}_uq_name", ["name"])]
    assert [(ix.name, [c.name for c in ix.columns], ix.unique) for ix in rp.indexes] == [(f"{prefix}_ix_seen", ["seen"], False)]
    checks = [c.name for c in rp.constraints if isinstance(c, s.CheckConstraint)]
    assert checks == [f"{prefix}_ck_qty"]

    # what was reflected compiles back to DDL for the same database
    text = str(s.schema.CreateTable(rp).compile(engine))
    assert "name VARCHAR(50) NOT NULL" in text
    assert f"CONSTRAINT {prefix}_uq_name UNIQUE (name)" in text


def test_autoload_with(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    parent, child, _ = _family(metadata, prefix)
    metadata.create_all(engine)
    md = s.MetaData()
    t = s.Table(child.name, md, autoload_with=engine)
    assert [c.name for c in t.columns] == ["id", "parent_id", "label"]
    assert parent.name in md.tables  # the referenced table came along
    assert list(t.c.parent_id.foreign_keys)[0].column is md.tables[parent.name].c.id
    only = s.Table(parent.name, s.MetaData(), autoload_with=engine, include_columns=["id", "name"])
    assert [c.name for c in only.columns] == ["id", "name"]
    no_fk = s.MetaData()
    s.Table(child.name, no_fk, autoload_with=engine, resolve_fks=False)
    assert list(no_fk.tables) == [child.name]


def test_inspector_methods(engine: Any, backend: str, metadata: s.MetaData, prefix: str) -> None:
    parent, child, grandchild = _family(metadata, prefix)
    metadata.create_all(engine)
    insp = inspect(engine)
    assert isinstance(insp, Inspector)
    with engine.connect() as conn:
        mine = [n for n in inspect(conn).get_table_names() if n.startswith(prefix)]
    assert mine == sorted([parent.name, child.name, grandchild.name])
    assert insp.get_schema_names()
    assert [n for n in insp.get_view_names() if n.startswith(prefix)] == []
    assert insp.has_table(parent.name) is True and insp.has_table(f"{prefix}_nope") is False

    cols = insp.get_columns(child.name)
    assert [(c["name"], c["nullable"]) for c in cols] == [("id", False), ("parent_id", False), ("label", True)]
    assert set(cols[0]) >= {"name", "type", "nullable", "default", "autoincrement", "comment"}
    assert cols[0]["autoincrement"] is True
    assert isinstance(cols[2]["type"], sqltypes.String) and cols[2]["type"].length == 20
    assert cols[2]["comment"] == (None if backend == "sqlite" else "what it is")

    pk = insp.get_pk_constraint(child.name)
    assert pk["constrained_columns"] == ["id"]
    (fk,) = insp.get_foreign_keys(child.name)
    assert fk == {"name": f"{prefix}_fk_parent", "constrained_columns": ["parent_id"],
                  "referred_schema": None, "referred_table": parent.name, "referred_columns": ["id"],
                  "options": {"ondelete": "CASCADE"}}
    plain = [ix for ix in insp.get_indexes(parent.name) if not ix.get("duplicates_constraint")]
    assert plain == [{"name": f"{prefix}_ix_seen", "column_names": ["seen"], "unique": False}]
    assert insp.get_unique_constraints(parent.name) == [{"name": f"{prefix}_uq_name", "column_names": ["name"]}]
    (check,) = [c for c in insp.get_check_constraints(parent.name) if c["name"] == f"{prefix}_ck_qty"]
    assert "qty" in check["sqltext"] and "0" in check["sqltext"]
    assert insp.get_table_comment(parent.name) == {"text": None if backend == "sqlite" else "parents"}
    order = [t for t, _ in insp.get_sorted_table_and_fkc_names() if t and t.startswith(prefix)]
    assert order == [parent.name, child.name, grandchild.name]


# -- errors ------------------------------------------------------------------------------------
def test_missing_table_errors(engine: Any, prefix: str) -> None:
    missing = f"{prefix}_missing"
    with pytest.raises(exc.NoSuchTableError, match=missing):
        s.Table(missing, s.MetaData(), autoload_with=engine)
    insp = inspect(engine)
    for method in ("get_columns", "get_pk_constraint", "get_foreign_keys", "get_indexes", "get_table_comment"):
        with pytest.raises(exc.NoSuchTableError, match=missing):
            getattr(insp, method)(missing)
    with pytest.raises(exc.InvalidRequestError,
                       match=rf"Could not reflect: requested table\(s\) not available in .*: \({missing}, {missing}2\)"):
        s.MetaData().reflect(engine, only=[missing, f"{missing}2"])


def test_inspect_unknown_subject() -> None:
    with pytest.raises(exc.NoInspectionAvailable, match="No inspection system is available for object of type <class 'int'>"):
        inspect(5)
    assert inspect(5, raiseerr=False) is None
    with pytest.raises(exc.ArgumentError, match="Inspector needs an Engine or Connection"):
        Inspector("sqlite://")


# -- identifiers that need quoting ---------------------------------------------------------------
def test_quoted_identifiers_survive_create_and_reflect(engine: Any, metadata: s.MetaData, prefix: str) -> None:
    name = f"{prefix} Mixed Case"
    t = s.Table(name, metadata,
                s.Column("order", s.Integer, primary_key=True),
                s.Column("user", s.String(20)),
                s.Column("Select", s.Integer),
                s.Column("with space", s.Integer),
                s.Column("CamelCase", s.Integer, index=True))
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), {"order": 1, "user": "u", "Select": 2, "with space": 3, "CamelCase": 4})
    md = s.MetaData()
    md.reflect(engine, only=[name])
    r = md.tables[name]
    assert [c.name for c in r.columns] == ["order", "user", "Select", "with space", "CamelCase"]
    assert [c.name for c in r.primary_key.columns] == ["order"]
    assert [[c.name for c in ix.columns] for ix in r.indexes] == [["CamelCase"]]
    with engine.connect() as conn:
        assert conn.execute(s.select(r).where(r.c["with space"] == 3)).all() == [(1, "u", 2, 3, 4)]


# -- types with DDL of their own -----------------------------------------------------------------
def test_enum_type_created_and_dropped_with_table(engine: Any, backend: str, metadata: s.MetaData, prefix: str) -> None:
    type_name = f"{prefix}_status"
    t = s.Table(f"{prefix}_post", metadata, s.Column("id", s.Integer, primary_key=True),
                s.Column("status", s.Enum("draft", "published", name=type_name)))
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(t.insert(), {"id": 1, "status": "published"})
        assert conn.execute(s.select(t.c.status)).scalar() == "published"
    col = inspect(engine).get_columns(t.name)[1]
    if backend == "sqlite":
        assert isinstance(col["type"], sqltypes.String)
    else:
        assert isinstance(col["type"], sqltypes.Enum) and list(col["type"].enums) == ["draft", "published"]
    if backend == "postgresql":
        with engine.connect() as conn:
            assert engine.dialect.has_type(conn, type_name) is True
    metadata.drop_all(engine)
    if backend == "postgresql":
        with engine.connect() as conn:
            assert engine.dialect.has_type(conn, type_name) is False


def test_mysql_table_options_and_comments(engine: Any, backend: str, metadata: s.MetaData, prefix: str) -> None:
    t = s.Table(f"{prefix}_opts", metadata, s.Column("id", s.Integer, primary_key=True),
                s.Column("note", s.String(10), comment="it's a note", server_default="n/a"),
                comment="50% options", mysql_engine="InnoDB", mysql_charset="utf8mb4")
    metadata.create_all(engine)
    insp = inspect(engine)
    note = insp.get_columns(t.name)[1]
    assert "n/a" in note["default"]
    if backend != "sqlite":
        assert note["comment"] == "it's a note"
        assert insp.get_table_comment(t.name) == {"text": "50% options"}
    if backend == "mysql":
        with engine.connect() as conn:
            engine_name = conn.exec_driver_sql(
                "SELECT engine FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = %s",
                (t.name,)).scalar()
        assert engine_name == "InnoDB"
