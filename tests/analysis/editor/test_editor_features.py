"""analysis.editor over a real Workspace: hover, completion, navigation, code actions."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from analysis.editor.actions import code_actions, dialect_problem, show_sql, suppression_edit
from analysis.editor.completion import complete
from analysis.editor.hover import hover_at
from analysis.editor.navigation import definition, references
from analysis.findings import Finding, Position, Range
from analysis.workspace import Workspace

MODELS = '''
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    books: Mapped[list["Book"]] = relationship(back_populates="author", lazy="raise")


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Author] = relationship(back_populates="books")
'''

VIEWS = '''
from sqlalchemy import select
from sqlalchemy.orm import Session

from shop.models import Author, Book


def names(session: Session) -> list[str]:
    for book in session.scalars(select(Book).where(Book.id > 3)):
        print(book.author.name)
    return []
'''


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    for name, text in {"shop/__init__.py": "", "shop/models.py": MODELS, "shop/views.py": VIEWS}.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    workspace = Workspace(tmp_path)
    workspace.index()
    return workspace


def at(ws: Workspace, name: str, needle: str, offset: int = 0) -> tuple[str, int, int]:
    path = str(ws.root / name)
    text = Path(path).read_text()
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return path, line, index - (text.rfind("\n", 0, index) + 1)


def test_hover_facts_of_relationship_with_raise_loading(ws: Workspace) -> None:
    hover = hover_at(ws, *at(ws, "shop/models.py", "books:", 1))
    assert hover.markdown.splitlines() == [
        "**Author.books**: relationship to `Book`",
        "- direction: one-to-many (collection)",
        '- loading: `lazy="raise"` — raises on access unless eager-loaded',
        "- back_populates: `Book.author`",
    ]
    assert hover.range == Range.of(12, 4, 12, 9)


def test_hover_on_a_foreign_key_column_and_the_statement(ws: Workspace) -> None:
    path, line, column = at(ws, "shop/views.py", "Book.id > 3", 6)
    markdown = hover_at(ws, path, line, column).markdown
    facts, sql = markdown.split("\n\n---\n\n")
    assert facts.splitlines()[:2] == ["**Book.id**: column `books.id`", "- type: `Integer` (Python `int`)"]
    assert sql.startswith("**sqlite**\n```sql\nSELECT books.id, books.author_id \nFROM books \n"
                          "WHERE books.id > :id_1\n```\nparams: `id_1` = `3`")
    assert hover_at(ws, *at(ws, "shop/views.py", "return []", 2)) is None


def test_hover_on_a_relationship_read_tells_how_it_loads_there(ws: Workspace) -> None:
    hover = hover_at(ws, *at(ws, "shop/views.py", "book.author", 6))
    assert hover.markdown.splitlines()[0] == "**Book.author**: relationship to `Author`"
    assert hover.markdown.splitlines()[-1] == \
        "- here: lazy load: one SELECT when read, once per row of the loop (N+1)"
    assert hover.range == Range.of(8, 14, 8, 25)


def test_completion_uses_the_entity_of_the_chain(ws: Workspace) -> None:
    path = str(ws.root / "shop" / "scratch.py")
    ws.set_document(path, "from shop.models import Author, Book\n"
                          "q = select(Book).join(Book.author).filter_by()\n")
    items = complete(ws, path, 1, 45)
    assert [(i.label, i.insert_text, i.detail) for i in items] == [
        ("id", "id=", "Integer -> int, primary key"),
        ("name", "name=", "String(40) -> str, NOT NULL")]


def test_definition_and_references_of_a_back_populates_string(ws: Workspace) -> None:
    path, line, column = at(ws, "shop/models.py", 'back_populates="books"', 17)
    (loc,) = definition(ws, path, line, column)
    assert loc.path == path and loc.range == Range.of(12, 4, 12, 9)
    found = references(ws, path, line, column)
    assert [(Path(r.path).name, r.range.start.line) for r in found] == [
        ("models.py", 12), ("models.py", 19)]
    assert definition(ws, *at(ws, "shop/views.py", "print", 1)) == []


def test_code_actions_quick_fix_suppression_and_show_sql(ws: Workspace) -> None:
    path, line, column = at(ws, "shop/views.py", "book.author.name", 6)
    actions = code_actions(ws, path, Range(Position(line, column), Position(line, column)))
    titles = [a.title for a in actions]
    assert any(a.kind == "quickfix" and a.finding is not None and a.edits for a in actions)
    assert any(t.startswith("Suppress ORM1") for t in titles)
    path, line, column = at(ws, "shop/views.py", "select(Book)", 2)
    sql_actions = [a for a in code_actions(ws, path, Range(Position(line, column), Position(line, column)))
                   if a.kind == "source"]
    assert [a.title for a in sql_actions] == ["Show SQL for sqlite", "Show SQL for postgresql",
                                              "Show SQL for mysql"]
    assert sql_actions[0].full_kind == "source.ormlens.showSql"
    assert show_sql(ws, path, line, column, "mysql") == (
        "SELECT books.id, books.author_id \nFROM books \nWHERE books.id > :id_1\n"
        "-- params: id_1 = 3\n")
    assert show_sql(ws, path, 0, 0, "mysql") is None
    assert dialect_problem("oracle") is None and "unknown dialect 'db9'" in dialect_problem("db9")


def test_suppression_edit_merges_codes() -> None:
    finding = Finding("ORM102", "q", "warning", "m", "/a.py", Range.of(0, 4, 0, 8))
    fresh = suppression_edit(finding, ["    x = 1   "])
    assert (fresh.range, fresh.new_text) == (Range.of(0, 9, 0, 12), "  # ormlens: ignore[ORM102]")
    merged = suppression_edit(finding, ["x = 1  # ormlens: ignore[ORM101]"])
    assert (merged.range.start.column, merged.new_text) == (31, ", ORM102")
    assert suppression_edit(finding, ["x = 1  # ormlens: ignore"]) is None
    assert suppression_edit(finding, ["x  # ormlens: ignore[ORM101, ORM102]"]) is None
