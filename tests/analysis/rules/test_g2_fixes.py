"""Checker fixes from the second ORM2/ORM3 probe round (g2): the shapes each fix is about, on a
project written to a temporary directory and checked by the real Workspace."""
from __future__ import annotations

from pathlib import Path

from analysis.workspace import Workspace

MODELS = '''from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
'''


def _codes(tmp_path: Path, files: dict[str, str], target: str = "app.py") -> list[tuple[int, str]]:
    for name, source in files.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    ws = Workspace(tmp_path)
    ws.index()
    return sorted((f.range.start.line + 1, f.code) for f in ws.check(str(tmp_path / target)))


def test_a_model_of_unreadable_table_name_makes_unknown_tables_unknowable(tmp_path: Path) -> None:
    query = MODELS + '''

def rows(session: Session):
    return session.execute(text("SELECT * FROM privacynotice"))
'''
    assert _codes(tmp_path, {"app.py": query}) == [(16, "ORM301")]
    # a base whose declared_attr __tablename__ the index cannot read (fides' shape)
    other = '''from sqlalchemy import Column, Integer, String
from sqlalchemy.orm import declarative_base, declared_attr


class Named:
    @declared_attr
    def __tablename__(self) -> str:
        return self.__name__.lower()

    id = Column(Integer, primary_key=True)


Other = declarative_base(cls=Named)


class PrivacyNotice(Other):
    name = Column(String(40))
'''
    assert _codes(tmp_path, {"app.py": query, "notices.py": other}) == []


def test_parameters_built_step_by_step_give_every_bind(tmp_path: Path) -> None:
    source = MODELS + '''

def rename(session: Session, uid: int):
    params = {}
    params["uid"] = uid
    params["name"] = "x"
    session.execute(text("UPDATE users SET name = :name WHERE id = :uid"), params)


def missing(session: Session, uid: int):
    params = {"uid": uid}
    session.execute(text("UPDATE users SET name = :name WHERE id = :uid"), params)
'''
    assert _codes(tmp_path, {"app.py": source}) == [(24, "ORM301")]


def test_several_statements_in_one_text(tmp_path: Path) -> None:
    source = MODELS + '''

def two(session: Session):
    session.execute(text("DELETE FROM users WHERE id = 1; DELETE FROM users WHERE id = 2"))


def one(session: Session):
    session.execute(text("DELETE FROM users WHERE name = 'a;b';"))
'''
    assert _codes(tmp_path, {"app.py": source}) == [(16, "ORM301")]
    # PostgreSQL only and no binds: psycopg runs a multi-statement string
    (tmp_path / "pyproject.toml").write_text('[tool.ormlens]\ndialects = ["postgresql"]\n',
                                             encoding="utf-8")
    assert _codes(tmp_path, {"app.py": source}) == []
