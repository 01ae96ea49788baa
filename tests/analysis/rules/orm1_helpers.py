"""Helpers of the ORM1xx rule tests: a model module, and lines marked ``# <-`` in a source."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from analysis.rules import check_source
from analysis.workspace import Workspace

MODELS = '''
from sqlalchemy import Column, ForeignKey, String, Table, Text, func, select, text
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import (DeclarativeBase, DynamicMapped, Load, Mapped, Session, WriteOnlyMapped,
                            aliased, contains_eager, defaultload, defer, deferred, immediateload,
                            joinedload, lazyload, load_only, mapped_column, noload, raiseload,
                            relationship, selectinload, subqueryload, undefer)


class Base(AsyncAttrs, DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    bio: Mapped[str] = mapped_column(Text, deferred=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")
    badges: Mapped[list["Badge"]] = relationship(lazy="selectin")
    drafts: Mapped[list["Post"]] = relationship(viewonly=True)
    notes: Mapped[list["Note"]] = relationship(lazy="noload")
    events: WriteOnlyMapped["Event"] = relationship()
    logins: DynamicMapped["Login"] = relationship()
    tokens: Mapped[list["Token"]] = relationship(lazy="raise")
    teams: Mapped[list["Team"]] = relationship(lazy="joined")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
    comments: Mapped[list["Comment"]] = relationship()

    @property
    def comment_count(self) -> int:
        return len(self.comments)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))


class Badge(Base):
    __tablename__ = "badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Login(Base):
    __tablename__ = "logins"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
'''
PRELUDE_LINES = MODELS.count("\n")


def marked(source: str) -> list[int]:
    """1-based lines of ``MODELS + source`` that end with ``# <-``."""
    return [PRELUDE_LINES + number for number, line in enumerate(source.split("\n"), 1)
            if line.rstrip().endswith("# <-")]


def finding_lines(source: str, code: str, with_models: bool = True) -> list[int]:
    text = (MODELS + source) if with_models else source
    return sorted(f.range.start.line + 1 for f in check_source(text, select=[code])
                  if f.code == code)


def assert_marked(source: str, code: str) -> None:
    """The findings of ``code`` are exactly on the lines marked ``# <-``."""
    assert finding_lines(source, code) == marked(source), source


def project_findings(tmp_path: Path, files: dict[str, str], target: str,
                     code: Optional[str] = None) -> list:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    ws = Workspace(tmp_path)
    ws.index()
    return [f for f in ws.check(str(tmp_path / target))
            if code is None or f.code == code]
