"""ORM301/ORM302 beyond their embedded examples: bind parameters, driver SQL, migrations,
fragments, modules without models, the ways SQL strings get built."""
from __future__ import annotations

from pathlib import Path

from analysis.config import Config
from analysis.rules import check_source
from analysis.workspace import Workspace

MODELS = '''from sqlalchemy import ForeignKey, String, bindparam, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    balance: Mapped[int]

'''


def lines(source: str, code: str, config: Config | None = None) -> list[int]:
    return sorted(f.range.start.line + 1 - MODELS.count("\n")
                  for f in check_source(MODELS + source, select=[code], config=config)
                  if f.code == code)


def test_bind_parameters_given_in_every_way() -> None:
    source = '''
Q = text("SELECT id FROM accounts WHERE owner = :owner AND balance > :low")


def f(session: Session, conn, owner: str):
    session.execute(Q, {"owner": owner, "low": 0})
    session.execute(Q, dict(owner=owner, low=0))
    session.execute(Q, [{"owner": "a", "low": 1}, {"owner": "b", "low": 2}])
    session.execute(Q.bindparams(bindparam("owner"), low=5))
    conn.execute(Q, owner=owner, low=1)
    params = {"owner": owner, "low": 3}
    session.execute(Q, params)
    session.execute(Q, build_params())
    session.execute(select(Account).from_statement(Q), {"owner": owner, "low": 1})
    session.execute(text("SELECT 1"))
'''
    assert lines(source, "ORM301") == []


def test_missing_bind_values_are_reported_at_the_text() -> None:
    source = '''
Q = text("SELECT id FROM accounts WHERE owner = :owner AND balance > :low")


def f(session: Session, owner: str):
    session.execute(Q, {"owner": owner})
    session.execute(text("DELETE FROM accounts WHERE id = :id"))
    session.scalars(select(Account).from_statement(Q), {"low": 1})
'''
    found = [f for f in check_source(MODELS + source, select=["ORM301"])]
    # one finding per text(), naming each execute() that misses a value
    assert sorted(f.range.start.line + 1 - MODELS.count("\n") for f in found) == [2, 7]
    first = min(found, key=lambda f: f.range.start)
    assert ":low" in first.message and "line" in first.message and len(first.related) == 2


def test_fragments_aliases_and_unknown_statements() -> None:
    source = '''
def f(session: Session, stmt):
    session.scalars(select(Account).where(text("balnce > 0")))
    session.scalars(select(Account).filter(text("balance > 0")).order_by(text("ownr")))
    other = aliased(Account)
    session.scalars(select(other).where(text("whatever > 0")))
    session.scalars(stmt.where(text("whatever > 0")))
    session.scalars(select(Account).order_by(text("owner DESC")))
'''
    assert lines(source, "ORM301") == [3, 4]


def test_driver_sql_and_sql_built_from_constants() -> None:
    source = '''
TABLE = "accounts"
BASE = "SELECT id FROM " + TABLE


def f(session: Session):
    conn = session.connection()
    conn.exec_driver_sql("SELECT owner FROM accounts WHERE id = %s", (1,))
    conn.exec_driver_sql("SELECT ownr FROM accounts")
    session.execute(text(BASE + " WHERE balanse > 0"))
    session.execute(text(f"SELECT id FROM {TABLE}"))
'''
    assert lines(source, "ORM301") == [9, 10]


def test_configured_dialects_decide_syntax() -> None:
    source = '''
def f(session: Session):
    session.execute(text("SELECT owner FROM accounts LIMIT 5 OFFSET 2"))
    session.execute(text("SELECT owner FROM accounts WHERE owner ~ '^a'"))
'''
    assert lines(source, "ORM301") == []
    assert lines(source, "ORM301", Config(dialects=("postgresql",))) == []


def test_migrations_and_modules_without_models(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(MODELS)
    migrations = tmp_path / "migrations" / "versions"
    migrations.mkdir(parents=True)
    (migrations / "0001_rename.py").write_text(
        "import sqlalchemy as sa\n\nrevision = '0001'\ndown_revision = None\n\n"
        "def upgrade(op):\n"
        "    op.execute(sa.text('UPDATE accounts SET old_name = name'))\n"
        "    op.execute(sa.text('UPDATE accounts SET'))\n")
    (tmp_path / "report.py").write_text(
        "from sqlalchemy import text\n\n"
        "def f(conn):\n"
        "    conn.execute(text('SELECT * FROM audit_log'))\n"
        "    conn.execute(text('SELECT ownr FROM accounts'))\n")
    ws = Workspace(tmp_path)
    ws.index()
    migration = [f.range.start.line + 1 for f in ws.check(str(migrations / "0001_rename.py"))
                 if f.code == "ORM301"]
    assert migration == [8]          # syntax only: old_name may exist in that schema
    report = [(f.range.start.line + 1, f.message) for f in ws.check(str(tmp_path / "report.py"))
              if f.code == "ORM301"]
    assert [line for line, _ in report] == [5] and "ownr" in report[0][1]


def test_interpolation_in_its_many_forms() -> None:
    source = '''
def f(session: Session, conn, name: str, ids: list[int], n: int, order: str):
    sql = "SELECT id FROM accounts WHERE owner = "
    sql += "'" + name + "'"
    session.execute(text(sql))
    session.execute(text("SELECT id FROM accounts WHERE owner = '{0}'".format(name)))
    session.execute(text("SELECT id FROM accounts WHERE owner = '%(o)s'" % {"o": name}))
    session.execute(text("SELECT id FROM accounts WHERE id IN (%s)" % ",".join(map(str, ids))))
    session.execute(text("SELECT id FROM accounts LIMIT %d" % n))
    session.execute(text("SELECT id FROM accounts LIMIT {:d}".format(n)))
    session.execute(text(f"SELECT id FROM accounts ORDER BY {order}"))
    conn.execute(f"DELETE FROM accounts WHERE owner = '{name}'")
    conn.execute(f"DELETE FROM accounts WHERE owner = :o", {"o": name})
    log(f"SELECT id FROM accounts WHERE owner = '{name}'")
'''
    assert lines(source, "ORM302") == [5, 6, 7, 8, 12]


def test_plain_string_execute_only_matters_for_sqlalchemy_2() -> None:
    legacy = ("from sqlalchemy import Column, Integer\n"
              "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n"
              "class Thing(Base):\n    __tablename__ = 'things'\n"
              "    id = Column(Integer, primary_key=True)\n\n"
              "def f(session, cursor):\n    session.execute('SELECT id FROM things')\n"
              "    cursor.execute('SELECT id FROM things')\n")
    assert [f for f in check_source(legacy, select=["ORM301"])] == []
    modern = (MODELS + "def f(session, cursor):\n"
              "    session.execute('SELECT id FROM accounts')\n"
              "    cursor.execute('SELECT id FROM accounts')\n")
    found = [f.range.start.line + 1 - MODELS.count("\n")
             for f in check_source(modern, select=["ORM301"])]
    assert found == [2]
