"""The workspace's findings cache follows the other modules a check read (helpers, models).

A cached result is reused only while every module it read still has the text it had: an edit
of a helper or of a model method that changes no index fact must still reach the callers.
"""
from __future__ import annotations

from pathlib import Path

from analysis.rules.orm101_lazy_load_in_loop import LazyLoadInLoop
from analysis.workspace import Workspace

MODELS = '''from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")

    @property
    def post_count(self) -> int:
        n = len(self.posts)
        return n


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
'''

HELPERS = '''def describe(user):
    return f"{user.name}: {len(user.posts)}"
'''

VIEWS = '''from sqlalchemy import select
from sqlalchemy.orm import Session

from app.helpers import describe
from app.models import User


def counts(session: Session) -> list[int]:
    return [u.post_count for u in session.scalars(select(User))]


def lines(session: Session) -> list[str]:
    return [describe(u) for u in session.scalars(select(User))]
'''


class CountingLazyLoad(LazyLoadInLoop):
    """ORM101, counting how often it really runs (a cached result does not run it)."""

    runs = 0

    def check(self, ctx):  # noqa: ANN001, ANN201
        type(self).runs += 1
        return super().check(ctx)


def _project(tmp_path: Path) -> tuple[Workspace, Path, Path, Path]:
    app = tmp_path / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(MODELS)
    (app / "helpers.py").write_text(HELPERS)
    (app / "views.py").write_text(VIEWS)
    ws = Workspace(tmp_path, rules=[CountingLazyLoad()])
    ws.index()
    return ws, app / "models.py", app / "helpers.py", app / "views.py"


def _lines_of(ws: Workspace, path: Path) -> list[int]:
    return [f.range.start.line for f in ws.check(path) if f.code == "ORM101"]


def test_a_model_method_edit_reaches_the_callers(tmp_path: Path):
    ws, models, _helpers, views = _project(tmp_path)
    generation = ws.generation
    assert _lines_of(ws, views) == [8, 12]          # via the property, via the helper
    # the property no longer reads the relationship: no index fact changes...
    ws.set_document(models, MODELS.replace("n = len(self.posts)", "n = 0"))
    assert ws.generation == generation
    # ...yet the finding through it goes
    assert _lines_of(ws, views) == [12]
    # and comes back with the read
    ws.set_document(models, MODELS)
    assert _lines_of(ws, views) == [8, 12]


def test_a_helper_edit_reaches_the_callers(tmp_path: Path):
    ws, _models, helpers, views = _project(tmp_path)
    assert _lines_of(ws, views) == [8, 12]
    ws.set_document(helpers, HELPERS.replace("len(user.posts)", "user.id"))
    assert _lines_of(ws, views) == [8]
    ws.close_document(helpers)                        # back to the disk's text
    assert _lines_of(ws, views) == [8, 12]
    helpers.write_text(HELPERS.replace("len(user.posts)", "0"))
    ws.file_changed(helpers)                          # a change on disk counts alike
    assert _lines_of(ws, views) == [8]


def test_edits_of_modules_the_check_did_not_read_reuse_the_result(tmp_path: Path):
    ws, _models, _helpers, views = _project(tmp_path)
    other = tmp_path / "app" / "other.py"
    other.write_text("def unrelated():\n    return 1\n")
    ws.file_changed(other)
    first = _lines_of(ws, views)
    runs = CountingLazyLoad.runs
    ws.set_document(other, "def unrelated():\n    return 2\n")
    assert _lines_of(ws, views) == first
    assert CountingLazyLoad.runs == runs             # taken from the cache
    ws.set_document(views, VIEWS + "\n")
    assert _lines_of(ws, views) == first
    assert CountingLazyLoad.runs == runs + 1         # its own text changed: checked again
