"""MetaData(naming_convention=...): constraint and index names, compared with SQLAlchemy 2.0 side by
side (the same schema built with both libraries, CREATE TABLE text equal on every dialect), the
errors of bad conventions, and real databases reporting the names create_all gave."""
from __future__ import annotations

import types
from typing import Any

import pytest

import orm
import orm.schema
from orm import exc
from orm.dialects import mysql, postgresql, sqlite
from tests.conftest import backend_url

sa = pytest.importorskip("sqlalchemy")
import sqlalchemy.schema  # noqa: E402
from sqlalchemy.dialects import mysql as sa_mysql  # noqa: E402
from sqlalchemy.dialects import postgresql as sa_postgresql  # noqa: E402
from sqlalchemy.dialects import sqlite as sa_sqlite  # noqa: E402

LIBS = {
    "orm": types.SimpleNamespace(m=orm, schema=orm.schema,
                                 dialects={"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect(),
                                           "mysql": mysql.dialect()}),
    "sa": types.SimpleNamespace(m=sa, schema=sqlalchemy.schema,
                                dialects={"sqlite": sa_sqlite.dialect(), "postgresql": sa_postgresql.dialect(),
                                          "mysql": sa_mysql.dialect()}),
}
DIALECTS = ("sqlite", "postgresql", "mysql")

FULL = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _tag(const: Any, table: Any) -> str:
    return "t" + str(len(table.columns))


def _build(lib: str, convention: dict[str, Any]) -> Any:
    """One schema covering every token; identical definitions for orm and sqlalchemy."""
    s = LIBS[lib].m
    conv = LIBS[lib].schema.conv
    md = s.MetaData(naming_convention=convention)
    s.Table("parent", md, s.Column("id", s.Integer, primary_key=True, unique=True),
            s.Column("k2", s.Integer, primary_key=True))
    s.Table("child", md,
            s.Column("id", s.Integer, primary_key=True),
            s.Column("pid", s.Integer), s.Column("pk2", s.Integer),
            s.Column("a", s.Integer, index=True), s.Column("b", s.String(10), unique=True),
            s.Column("owner_id", s.Integer, s.ForeignKey("parent.id")),
            s.ForeignKeyConstraint(["pid", "pk2"], ["parent.id", "parent.k2"]),
            s.UniqueConstraint("a", "b"),
            s.CheckConstraint("a > 0", name="apos"),
            s.CheckConstraint("b <> ''", name=conv("kept_as_given")),
            s.Index(None, "pid", "pk2"),
            s.Index("ix_named_by_hand", "b"))
    return md


def _ddl(lib: str, md: Any, dialect: str) -> list[str]:
    ns = LIBS[lib]
    return [str(ns.schema.CreateTable(t).compile(dialect=ns.dialects[dialect])) for t in md.sorted_tables] + [
        str(ns.schema.CreateIndex(ix).compile(dialect=ns.dialects[dialect]))
        for t in md.sorted_tables for ix in sorted(t.indexes, key=lambda i: i.name)
    ]


def _same_ddl(convention: dict[str, Any], build: Any = _build, dialects: tuple[str, ...] = DIALECTS) -> list[str]:
    out = []
    for d in dialects:
        ours = _ddl("orm", build("orm", convention), d)
        theirs = _ddl("sa", build("sa", convention), d)
        assert ours == theirs, d
        out.extend(ours)
    return out


def test_every_kind_named_as_sqlalchemy_names_it() -> None:
    text = "\n".join(_same_ddl(FULL))
    for name in ("pk_parent", "pk_child", "fk_child_pid_parent", "fk_child_owner_id_parent", "uq_child_a_b",
                 "uq_child_b", "ck_child_apos", "kept_as_given", "ix_child_a", "ix_child_pid",
                 "ix_named_by_hand"):
        assert name in text


@pytest.mark.parametrize("convention", [
    {"uq": "uq_%(column_0N_name)s", "pk": "pk_%(table_name)s_%(column_0_N_name)s",
     "fk": "fk_%(referred_column_0_N_name)s_%(column_0_key)s", "ix": "%(column_0_N_label)s"},
    {"uq": "%(table_name)s_%(column_1_name)s_%(column_5_name)s_uq", "fk": "fk_%(referred_column_0_name)s",
     "ix": "ix_%(column_0_key)s"},
    {orm.UniqueConstraint: "by_class_%(table_name)s", "pk": "pk_%(tag)s_%(table_name)s", "tag": _tag,
     "ix": "ix_%(tag)s_%(column_0_name)s"},
], ids=["joined-columns", "missing-index-is-empty", "class-key-and-callable"])
def test_token_variants_match_sqlalchemy(convention: dict[Any, Any]) -> None:
    sa_convention = {(sa.UniqueConstraint if k is orm.UniqueConstraint else k): v for k, v in convention.items()}
    for d in DIALECTS:
        ours = _ddl("orm", _build("orm", convention), d)
        theirs = _ddl("sa", _build("sa", sa_convention), d)
        assert ours == theirs, d
    if orm.UniqueConstraint in convention:
        assert "by_class_child" in "".join(ours) and "pk_t2_parent" in "".join(ours)


def test_names_are_conv_and_set_on_the_objects() -> None:
    md = _build("orm", FULL)
    child = md.tables["child"]
    names = {c.name for c in child.constraints}
    assert {"pk_child", "uq_child_a_b", "ck_child_apos", "fk_child_pid_parent", "fk_child_owner_id_parent"} <= names
    assert all(isinstance(c.name, orm.schema.conv) for c in child.constraints if c.name)
    assert child.primary_key.name == "pk_child"


def test_implicit_primary_key_name_follows_its_columns() -> None:
    for lib in ("orm", "sa"):
        s = LIBS[lib].m
        md = s.MetaData(naming_convention={"pk": "pk_%(table_name)s_%(column_0_N_name)s"})
        t = s.Table("t", md, s.Column("a", s.Integer, primary_key=True))
        assert t.primary_key.name == "pk_t_a"
        t.append_column(s.Column("b", s.Integer, primary_key=True))
        assert t.primary_key.name == "pk_t_a_b", lib


def test_column_level_and_expression_checks() -> None:
    def build(lib: str, convention: dict[str, Any]) -> Any:
        s = LIBS[lib].m
        md = s.MetaData(naming_convention=convention)
        t = s.Table("t", md, s.Column("v", s.Integer, s.CheckConstraint("v > 0", name="vpos")), s.Column("w", s.Integer))
        t.append_constraint(s.CheckConstraint(t.c.w > 5, name="wbig"))
        return md

    text = "\n".join(_same_ddl({"ck": "ck_%(table_name)s_%(column_0_name)s_%(constraint_name)s"}, build))
    assert "ck_t__vpos" in text and "ck_t_w_wbig" in text


def test_schema_type_checks_take_the_ck_convention() -> None:
    def build(lib: str, convention: dict[str, Any], unnamed: bool = True) -> Any:
        s = LIBS[lib].m
        md = s.MetaData(naming_convention=convention)
        s.Table("t", md, s.Column("id", s.Integer, primary_key=True),
                s.Column("f", s.Boolean(create_constraint=True, name="flag")),
                s.Column("e", s.Enum("a", "b", name="letters", create_constraint=True)))
        if unnamed:
            s.Table("u", md, s.Column("id", s.Integer, primary_key=True),
                    s.Column("g", s.Boolean(create_constraint=True)),
                    s.Column("e", s.Enum("a", "b", create_constraint=True)))
        return md

    text = "\n".join(_same_ddl({"ck": "ck_%(table_name)s_%(constraint_name)s"},
                               lambda lib, c: build(lib, c, unnamed=False)))
    assert "ck_t_flag" in text and "ck_t_letters" in text
    # without %(constraint_name)s: a named type keeps its name, an unnamed one takes the convention
    conv2 = {"ck": "ck_%(table_name)s_%(column_0_name)s"}
    text = "\n".join(_same_ddl(conv2, build, dialects=("sqlite", "mysql")))  # PG enums need names
    assert "CONSTRAINT flag CHECK" in text and "ck_u_g" in text and "ck_u_e" in text


def test_unnamed_schema_type_check_with_constraint_name_token_is_refused() -> None:
    md = orm.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
    t = orm.Table("t", md, orm.Column("f", orm.Boolean(create_constraint=True)))
    with pytest.raises(exc.InvalidRequestError, match=r"requires that constraint is explicitly named"):
        orm.schema.CreateTable(t).compile(dialect=sqlite.dialect())


def test_constraint_name_token_needs_a_name() -> None:
    md = orm.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
    with pytest.raises(exc.InvalidRequestError, match=r"%\(constraint_name\)s token requires"):
        orm.Table("t", md, orm.Column("x", orm.Integer), orm.CheckConstraint("x > 1"))


def test_unknown_token_is_a_clear_error() -> None:
    md = orm.MetaData(naming_convention={"uq": "uq_%(nope)s"})
    with pytest.raises(exc.ArgumentError, match=r"unknown token %\(nope\)s"):
        orm.Table("t", md, orm.Column("x", orm.Integer, unique=True))


def test_explicit_names_are_kept_without_constraint_name_token() -> None:
    md = orm.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s", "ix": "ix_%(column_0_name)s"})
    t = orm.Table("t", md, orm.Column("a", orm.Integer), orm.UniqueConstraint("a", name="mine"),
                  orm.Index("named", "a"), orm.Index(None, "a"))
    assert {c.name for c in t.constraints} == {None, "mine"}
    assert sorted(i.name for i in t.indexes) == ["ix_a", "named"]
    assert not isinstance(next(c for c in t.constraints if c.name == "mine").name, orm.schema.conv)


def test_long_generated_names_are_shortened_like_sqlalchemy() -> None:
    def build(lib: str, convention: dict[str, Any]) -> Any:
        s = LIBS[lib].m
        md = s.MetaData(naming_convention=convention)
        cols = [s.Column(f"c{i}_" + "z" * 20, s.Integer) for i in range(3)]
        s.Table("a" * 30, md, *cols, s.UniqueConstraint(*[c.name for c in cols]))
        return md

    (text,) = _same_ddl({"uq": "uq_%(table_name)s_%(column_0_N_name)s"}, build, dialects=("postgresql",))
    name = text.split("CONSTRAINT ")[1].split(" ")[0]
    assert len(name) <= 63 and name.startswith("uq_aaaa") and name[-5] == "_"


def test_long_hand_written_name_is_refused() -> None:
    md = orm.MetaData()
    t = orm.Table("t", md, orm.Column("a", orm.Integer), orm.UniqueConstraint("a", name="u" * 70))
    with pytest.raises(exc.IdentifierError):
        orm.schema.CreateTable(t).compile(dialect=postgresql.dialect())


def test_fk_naming_waits_for_a_referred_table_defined_later() -> None:
    md = orm.MetaData(naming_convention={"fk": "fk_%(table_name)s_%(referred_column_0_name)s"})
    child = orm.Table("child", md, orm.Column("pid", orm.Integer, orm.ForeignKey("parent.id")))
    orm.Table("parent", md, orm.Column("id", orm.Integer, primary_key=True))
    (fk,) = child.foreign_key_constraints
    assert fk.name == "fk_child_id"


# -- real databases ------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mysql"])
def test_create_all_and_reflect_names(backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    url = backend_url(backend, tmp_path_factory)
    md = _build("orm", {**FULL, "ck": "ck_%(table_name)s_%(constraint_name)s"})
    engine = orm.create_engine(url)
    try:
        md.drop_all(engine)
        md.create_all(engine)
        insp = orm.inspect(engine)
        fks = {fk["name"] for fk in insp.get_foreign_keys("child")}
        assert fks == {"fk_child_pid_parent", "fk_child_owner_id_parent"}
        uqs = {u["name"] for u in insp.get_unique_constraints("child")}
        ixs = {i["name"] for i in insp.get_indexes("child")}
        assert "uq_child_a_b" in uqs and "ix_child_a" in ixs and "ix_child_pid" in ixs
        assert "uq_child_b" in uqs | ixs  # MySQL reports a UNIQUE constraint as a unique index too
        checks = {c["name"] for c in insp.get_check_constraints("child")}
        assert {"ck_child_apos", "kept_as_given"} <= checks
        if backend != "mysql":  # MySQL names every primary key PRIMARY
            assert insp.get_pk_constraint("child")["name"] == "pk_child"
    finally:
        md.drop_all(engine)
        engine.dispose()
