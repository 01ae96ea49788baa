"""analysis.sqlcheck: parsing per dialect, bind names, the schema from the index, resolution."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.sqlcheck import (SqlSchema, TableSchema, check_fragment, check_sql, is_statement,
                               normalise_driver_sql, parse_sql, schema_for, sqlglot_dialects,
                               text_binds)
from analysis.workspace import Workspace

DIALECTS = ("sqlite", "postgresql", "mysql")
SCHEMA = SqlSchema({
    "users": TableSchema("users", frozenset({"id", "name", "email", "age"})),
    "posts": TableSchema("posts", frozenset({"id", "user_id", "title"})),
    "legacy": TableSchema("legacy", None),
}, authoritative=True)


def problems(sql: str, schema: SqlSchema = SCHEMA, **kw) -> list[tuple[str, str]]:
    return [(p.kind, p.message) for p in check_sql(sql, schema, DIALECTS, **kw)]


@pytest.mark.parametrize("sql", [
    "SELECT u.name, p.title FROM users u JOIN posts p ON p.user_id = u.id WHERE u.age > :a",
    "WITH c AS (SELECT user_id, COUNT(*) AS n FROM posts GROUP BY user_id) "
    "SELECT users.name, c.n FROM c JOIN users ON users.id = c.user_id ORDER BY n",
    "SELECT name FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.user_id = users.id)",
    "SELECT name FROM users WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = users.id)",
    "SELECT users.id FROM users JOIN posts USING (id) WHERE id = 1",
    "SELECT users.id FROM users JOIN posts ON posts.user_id = users.id ORDER BY id",
    "SELECT title FROM posts WHERE EXISTS (SELECT 1 FROM users WHERE id = user_id)",
    "SELECT x.n FROM (SELECT COUNT(*) AS n FROM posts) AS x",
    "SELECT COUNT(*) AS total FROM users GROUP BY age HAVING total > 1 ORDER BY total",
    "INSERT INTO posts (user_id, title) SELECT id, name FROM users",
    "UPDATE users SET age = age + 1 WHERE id IN (SELECT user_id FROM posts)",
    "DELETE FROM posts WHERE user_id = :uid",
    "SELECT anything FROM legacy",
    "SELECT * FROM users",
    "SELECT rowid, name FROM users",
    "SELECT a FROM other_schema.things",
    "SELECT name FROM sqlite_master WHERE type = 'table'",
    "SELECT n FROM generate_series(1, 3) AS g(n)",
    "INSERT INTO users (id, name) VALUES (1, 'a') "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name",
    "SELECT id::text FROM users",
    "PRAGMA foreign_keys = ON",
    "CREATE TABLE whatever (id INT)",
    "",
    "   ",
])
def test_valid_sql_has_no_problem(sql: str) -> None:
    assert problems(sql) == []


@pytest.mark.parametrize(("sql", "kind", "fragment"), [
    ("SELECT nmae FROM users", "unknown-column", "did you mean `name`"),
    ("SELECT u.titel FROM users u", "unknown-column", "`titel`"),
    ("INSERT INTO posts (user_id, body) VALUES (1, 'x')", "unknown-column", "`body`"),
    ("UPDATE users SET emial = :e", "unknown-column", "`email`"),
    ("SELECT id FROM user_account", "unknown-table", "`user_account`"),
    ("DELETE FROM post WHERE id = 1", "unknown-table", "did you mean `posts`"),
    ("SELECT id FROM users WHERE name = 'O'Brien'", "syntax", "unterminated"),
    ("SELEC id FROM users", "syntax", "syntax error"),
    ("SELECT * FROM users WHERE", "syntax", "syntax error"),
    ("UPDATE users SET", "syntax", "without SET"),
    ("SELECT id, FROM users", "syntax", "comma before 'FROM'"),
    ("INSERT INTO posts (user_id, title) VALUES (1)", "syntax", "2 column(s) but a row gives 1"),
    ("SELECT u.name FROM users u WHERE users.id = 1", "unknown-column", "aliased as `u`"),
    ("SELECT id FROM users JOIN posts ON posts.user_id = users.id", "unknown-column",
     "ambiguous"),
    ("INSERT INTO users (id)", "syntax", "without VALUES"),
    ("SELECT name FROM users WHERE EXISTS (SELECT 1 FROM posts WHERE posts.autor = users.id)",
     "unknown-column", "`autor`"),
])
def test_problems_are_found(sql: str, kind: str, fragment: str) -> None:
    found = problems(sql)
    assert len(found) == 1 and found[0][0] == kind and fragment in found[0][1], found


def test_unknown_tables_need_an_authoritative_schema() -> None:
    loose = SqlSchema(dict(SCHEMA.tables), authoritative=False)
    assert problems("SELECT id FROM user_account", loose) == []
    assert problems("SELECT id FROM user_account", report_tables=False) == []
    assert problems("SELECT nmae FROM users", loose) != []
    made = SqlSchema(dict(SCHEMA.tables), authoritative=True, extra_tables={"scratch"})
    assert problems("SELECT v FROM scratch", made) == []


def test_schema_checks_can_be_turned_off_and_driver_placeholders_parse() -> None:
    assert problems("SELECT nmae FROM users", schema_checks=False) == []
    assert problems("SELECT name FROM users WHERE id = %s AND age > %(a)s", driver=True) == []
    assert problems("SELECT name FROM users WHERE id = ? OR id = $1", driver=True) == []
    assert normalise_driver_sql("a LIKE '5%%' AND b = %s AND c = %(c)s") == \
        "a LIKE '5%' AND b = ? AND c = :c"


def test_fragments_are_checked_against_the_statement_tables() -> None:
    assert [p.kind for p in check_fragment("agee > 65", "where", ["users"], [], SCHEMA,
                                           DIALECTS)] == ["unknown-column"]
    assert check_fragment("age > 65 AND name LIKE :p", "filter", ["users"], [], SCHEMA,
                          DIALECTS) == []
    assert check_fragment("n DESC, title", "order_by", ["users", "posts"], ["n"], SCHEMA,
                          DIALECTS) == []
    assert [p.kind for p in check_fragment("age >", "where", ["users"], [], SCHEMA,
                                           DIALECTS)] == ["syntax"]
    assert check_fragment("x", "select", ["users"], [], SCHEMA, DIALECTS) == []


def test_bind_names_follow_sqlalchemy() -> None:
    assert text_binds("SELECT * FROM t WHERE a = :a AND b::int = :b AND c = '12:30' "
                      "AND d = :a AND e = \\:not") == ["a", "b"]


def test_statement_detection_and_dialect_names() -> None:
    assert is_statement("  (SELECT 1)") and is_statement("-- note\nWITH x AS (SELECT 1) SELECT 1")
    assert is_statement("UDPATE users SET a = 1")
    assert not is_statement("now()") and not is_statement("age > 65")
    assert not is_statement("Selection of things")
    assert sqlglot_dialects(["postgresql", "mariadb", "oracle", "nosuch"]) == \
        ("postgres", "mysql", "oracle")
    assert sqlglot_dialects([]) == ("sqlite", "postgres", "mysql")


def test_parse_reports_an_error_only_when_every_dialect_fails() -> None:
    ok = parse_sql("SELECT a::int FROM t", ("mysql", "postgres"))
    assert ok.error is None and ok.statements
    bad = parse_sql("SELECT FROM WHERE", ("sqlite", "postgres"))
    assert bad.error is not None and not bad.statements


@pytest.mark.parametrize("sql", ["SELECT " + "(" * 300 + "1" + ")" * 300,
                                 "SELECT \x00 FROM users", "SELECT 'unterminated",
                                 "SELECT " + ", ".join(f"c{i}" for i in range(800)) +
                                 " FROM users"])
def test_odd_input_never_raises(sql: str) -> None:
    check_sql(sql, SCHEMA, DIALECTS)
    check_fragment(sql, "where", ["users"], [], SCHEMA, DIALECTS)


def test_schema_from_the_index_prefers_the_module_own_models(tmp_path: Path) -> None:
    header = ("from sqlalchemy import Column, Integer, String, Table\n"
              "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n"
              "class Base(DeclarativeBase):\n    pass\n\n")
    (tmp_path / "a.py").write_text(header + "class User(Base):\n    __tablename__ = 'users'\n"
                                   "    id: Mapped[int] = mapped_column(primary_key=True)\n"
                                   "    nick: Mapped[str] = mapped_column('nickname', String(9))\n"
                                   "tags = Table('tags', Base.metadata, Column('label', String))\n")
    (tmp_path / "b.py").write_text(header + "class Member(Base):\n    __tablename__ = 'users'\n"
                                   "    id: Mapped[int] = mapped_column(primary_key=True)\n"
                                   "    email: Mapped[str]\n")
    (tmp_path / "c.py").write_text("x = 1\n")
    ws = Workspace(tmp_path)
    ws.index()
    own = schema_for(ws.project, "a", "")
    assert own.table("users").columns == frozenset({"id", "nickname"})
    assert own.table("tags").columns == frozenset({"label"}) and own.authoritative
    other = schema_for(ws.project, "c", "")
    assert other.table("USERS").columns == frozenset({"id", "nickname", "email"})
    reflecting = schema_for(ws.project, "c", "meta.reflect(bind=engine)")
    assert not reflecting.authoritative
    ddl = schema_for(ws.project, "c",
                     'text("CREATE TEMPORARY TABLE IF NOT EXISTS scratch (a int)")')
    assert ddl.knows("scratch")


def test_classes_with_outside_bases_hide_columns_not_tables(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(
        "from flask_login import UserMixin\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n"
        "class Base(DeclarativeBase):\n    pass\n\n"
        "class User(UserMixin, Base):\n    __tablename__ = 'users'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n\n"
        "class Post(Base):\n    __tablename__ = 'posts'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n")
    ws = Workspace(tmp_path)
    ws.index()
    schema = schema_for(ws.project, "views", "")
    assert schema.authoritative and schema.table("users").columns is None
    assert problems("SELECT anything FROM users", schema) == []
    assert [k for k, _ in problems("SELECT id FROM user", schema)] == ["unknown-table"]
    (tmp_path / "legacy.py").write_text(
        "from sqlalchemy.ext.automap import automap_base\n"
        "from sqlalchemy.ext.declarative import DeferredReflection\n"
        "from models import Base\n\n"
        "class Old(DeferredReflection, Base):\n    __tablename__ = 'old'\n")
    ws.index()
    assert not schema_for(ws.project, "views", "").authoritative
