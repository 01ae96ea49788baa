"""Modules written for a newer Python than the checker's (3.12 type parameters and aliases,
PEP 701 f-strings, 3.14 `except A, B:` and t-strings) are read, not reported as syntax errors;
real syntax errors still are."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from index_helpers import write_project

from analysis.index.facts import extract_facts
from analysis.index.syntax import parse_python, repair_newer_syntax

NEWER = '''\
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

type Key = int


class Base(DeclarativeBase):
    pass


class Repository[M: Base]:
    def __init__(self, model: type[M]) -> None:
        self.model = model


class Paged[
    M: Base,  # type: ignore[misc]
    K,
]:
    pass


def label(book) -> str:
    return f"-{
        book.id
    }"


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    books: Mapped[list["Book"]] = relationship(back_populates="author")


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")


def titles[T](session: Session, default: T) -> list[str] | T:
    try:
        out = []
        for book in session.scalars(select(Book)):
            out.append(f"{book.author.name} {"-"} {book.id}")
        return out
    except ValueError, KeyError:
        return default
'''


def test_newer_syntax_keeps_lines_and_names():
    tree = parse_python(NEWER)
    names = [getattr(node, "name", None) for node in tree.body]
    assert names == [None, None, None, "Base", "Repository", "Paged", "label", "Author", "Book",
                     "titles"]
    assert tree.body[-1].lineno == NEWER.split("\n").index(
        "def titles[T](session: Session, default: T) -> list[str] | T:") + 1
    facts = extract_facts(NEWER, "lib", False, "lib.py")
    assert facts.syntax_error is None
    assert [c.name for c in facts.classes] == ["Base", "Repository", "Paged", "Author", "Book"]
    author = facts.classes[3]
    assert (author.range.start.line, author.range.start.column) == \
        (NEWER.split("\n").index("class Author(Base):"), 6)


@pytest.mark.parametrize("text", [
    "x = = 1\n",
    "try:\n    pass\nexcept A, B as e:\n    pass\n",       # needs parentheses on 3.14 too
    "class C[T:\n    pass\n",
    "def f(:\n    pass\n",
    "x = f'{1 +}'\n",
])
def test_real_syntax_errors_stay_errors(text):
    with pytest.raises(SyntaxError):
        parse_python(text)
    assert extract_facts(text, "m", False, "m.py").syntax_error is not None


def test_nothing_to_repair_in_older_code():
    assert repair_newer_syntax("x = 1\n") is None
    assert repair_newer_syntax("x = (\n") is None


def test_findings_in_a_module_with_newer_syntax(tmp_path: Path):
    write_project(tmp_path, {"lib.py": NEWER})
    done = subprocess.run([sys.executable, "-m", "analysis", "check", str(tmp_path), "--format",
                           "json", "--no-cache", "--exit-zero"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3], check=True)
    found = {(f["code"], f["line"]) for f in json.loads(done.stdout)}
    line = NEWER.split("\n").index('            out.append(f"{book.author.name} {"-"} '
                                   '{book.id}")') + 1
    assert found == {("ORM101", line)}


def test_repaired_text_parses_with_this_python():
    repaired = repair_newer_syntax(NEWER)
    assert repaired is not None
    assert repaired.count("\n") == NEWER.count("\n")
    ast.parse(repaired)


@pytest.mark.parametrize("text", [
    "x = " + "(" * 1000 + ")" * 999 + "\n",               # ast: too many nested parentheses
    "x = f(" + "[" * 180 + "]" * 180 + "\n",              # deep, and broken
    "".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n",
])
def test_pathological_input_never_reaches_libcst(text):
    # libcst's native parser crashes the process on such nesting: the rewrite must not try it
    with pytest.raises(SyntaxError):
        parse_python(text)
