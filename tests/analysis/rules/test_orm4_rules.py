"""ORM401 beyond its embedded examples: target dialects from the configuration or the module's
URLs, each construct against each target, raw SQL tokens, PostgreSQL-only column types."""
from __future__ import annotations

import pytest

from analysis.config import Config
from analysis.rules import check_source
from analysis.rules.orm401_unsupported_on_dialect import raw_sql_problems

HEADER = '''from sqlalchemy import ForeignKey, String, func, insert, outerjoin, select, text, update
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    tags = mapped_column(postgresql.ARRAY(String))
    attrs = mapped_column(postgresql.JSONB)


class Box(Base):
    __tablename__ = "boxes"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))


def queries(session: Session):
    session.execute(update(Item).values(name="x").returning(Item.id))
    session.execute(select(Item).join(Box, Item.id == Box.item_id, full=True))
    session.execute(select(Item).order_by(Item.name.nulls_first()))
    session.execute(select(Item).distinct(Item.name))
    session.execute(postgresql.insert(Item).values(name="x").on_conflict_do_nothing())
    session.execute(mysql.insert(Item).values(name="x").on_duplicate_key_update(name="y"))
    session.execute(select(func.string_agg(Item.name, ",")))
    session.execute(select(func.group_concat(Item.name)))
    session.execute(select(func.strftime("%Y", func.now())))
    session.execute(select(func.count(Item.id), func.max(Item.name), func.now()))
    session.execute(text("SELECT name FROM items WHERE name ILIKE :p"), {"p": "a%"})
'''
OFFSET = HEADER.count("\n", 0, HEADER.index("def queries")) + 1


def findings(config: Config) -> dict[int, str]:
    return {f.range.start.line + 1 - OFFSET: f.message
            for f in check_source(HEADER, select=["ORM401"], config=config)
            if f.code == "ORM401"}


def test_nothing_without_known_targets() -> None:
    assert findings(Config()) == {}


@pytest.mark.parametrize(("dialects", "expected"), [
    (("postgresql",), [6, 8, 9]),
    (("sqlite",), [-10, -9, 4, 6, 7, 11]),
    (("mysql",), [-10, -9, 1, 2, 3, 4, 5, 7, 9, 11]),
    (("postgresql", "mariadb"), [-10, -9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]),
])
def test_each_construct_against_each_target(dialects: tuple[str, ...], expected: list[int]) -> None:
    assert sorted(findings(Config(dialects=dialects))) == expected


def test_types_are_reported_on_their_column() -> None:
    found = findings(Config(dialects=("sqlite", "postgresql")))
    assert "ARRAY" in found[-10] and "JSONB" in found[-9] and "SQLite" in found[-10]


def test_urls_in_the_module_name_the_targets() -> None:
    source = HEADER + '\nENGINE_URL = "mysql+pymysql://root@localhost/shop"\n'
    lines = {f.range.start.line + 1 - OFFSET
             for f in check_source(source, select=["ORM401"]) if f.code == "ORM401"}
    assert lines == {-10, -9, 1, 2, 3, 4, 5, 7, 9, 11}


@pytest.mark.parametrize(("sql", "targets", "words"), [
    ("UPDATE t SET a = 1 RETURNING id", {"mysql"}, ["RETURNING"]),
    ("SELECT a FROM t FULL OUTER JOIN u ON t.a = u.a", {"mysql"}, ["FULL OUTER JOIN"]),
    ("SELECT a::text FROM t", {"sqlite", "postgresql"}, ["::"]),
    ("SELECT DISTINCT ON (a) a FROM t", {"mysql", "postgresql"}, ["DISTINCT ON"]),
    ("SELECT array_agg(a), date_trunc('day', b) FROM t", {"sqlite"}, ["array_agg", "date_trunc"]),
    ("SELECT 'a::b', 'x ILIKE y', \"returning\" FROM t", {"sqlite", "mysql"}, []),
    ("SELECT a FROM t WHERE a ILIKE 'x'", {"postgresql"}, []),
])
def test_raw_sql_tokens(sql: str, targets: set[str], words: list[str]) -> None:
    found = raw_sql_problems(sql, targets)
    assert len(found) == len(words) and all(w in m for w, m in zip(words, found)), found
