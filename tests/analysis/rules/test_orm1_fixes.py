"""The fixes of the N+1 rules: applied, the code parses and the finding is gone.

Every ORM1 finding with a fix on the labelled corpus and on our own cases is fixed in an editor
overlay of the same workspace, the file is checked again, and the finding must not come back.
"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from analysis.findings import Position, Range, TextEdit
from analysis.flow.fixes import apply_edits
from analysis.rules import check_source
from analysis.workspace import Workspace

HERE = Path(__file__).resolve().parent
OWN_CASES = HERE.parent / "cases"
ORM1 = ["ORM101", "ORM102", "ORM103", "ORM104", "ORM105", "ORM106"]
CORPUS_N1 = Path(os.environ.get("ORMLENS_CORPUS") or next(
    (c for c in (HERE.parents[3] / "shared" / "corpus", Path("/work/shared/corpus")) if c.is_dir()),
    HERE.parents[3] / "shared" / "corpus")) / "n1"


def _fixed_findings(root: Path) -> list:
    ws = Workspace(root)
    ws.index()
    out = []
    for path in sorted(root.glob("*.py")):
        for finding in ws.check(str(path), only=ORM1):
            if finding.fix is not None:
                out.append(finding)
    return ws, out


def _check_fixes(root: Path) -> int:
    ws, findings = _fixed_findings(root)
    assert findings, f"no fixable ORM1 finding under {root}"
    for finding in findings:
        texts = {}
        for edit in finding.fix.edits:
            texts.setdefault(edit.path, Path(edit.path).read_text(encoding="utf-8"))
        try:
            for path, text in texts.items():
                new = apply_edits(text, [e for e in finding.fix.edits if e.path == path])
                ast.parse(new)
                assert new != text
                ws.set_document(path, new)
            after = ws.check(finding.path, only=ORM1)
            again = [f for f in after if f.code == finding.code and f.message == finding.message]
            assert not again, f"{finding.path}: fix {finding.fix.title!r} left {again}"
        finally:
            for path in texts:
                ws.close_document(path)
    return len(findings)


def test_fixes_of_own_cases_remove_their_findings() -> None:
    assert _check_fixes(OWN_CASES) >= 10


@pytest.mark.skipif(not CORPUS_N1.is_dir(), reason=f"labelled corpus not found at {CORPUS_N1}")
def test_fixes_of_the_corpus_remove_their_findings() -> None:
    assert _check_fixes(CORPUS_N1) >= 10


MODELS = '''from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    posts: Mapped[list["Post"]] = relationship()


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comments: Mapped[list["Comment"]] = relationship()


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
'''


def _only_fix(source: str, code: str = "ORM101"):
    findings = [f for f in check_source(source, select=[code]) if f.code == code]
    assert len(findings) == 1, findings
    assert findings[0].fix is not None
    return apply_edits(source, findings[0].fix.edits)


def test_fix_appends_options_and_adds_the_import_to_the_existing_from_import() -> None:
    fixed = _only_fix(MODELS + "\n\ndef f(session):\n"
                      "    for u in session.scalars(select(User).order_by(User.id)):\n"
                      "        print(len(u.posts))\n")
    assert "select(User).order_by(User.id).options(selectinload(User.posts))" in fixed
    assert "mapped_column, relationship, selectinload\n" in fixed


def test_fix_extends_an_existing_options_call_with_a_chained_path() -> None:
    fixed = _only_fix(MODELS.replace("relationship\n", "relationship, joinedload\n", 1) +
                      "\n\ndef f(session):\n"
                      "    stmt = select(User).options(joinedload(User.posts))\n"
                      "    for u in session.scalars(stmt).unique():\n"
                      "        for p in u.posts:\n"
                      "            print(len(p.comments))\n")
    assert ("options(joinedload(User.posts), "
            "defaultload(User.posts).selectinload(Post.comments))") in fixed
    assert "joinedload, defaultload\n" in fixed


def test_fix_replaces_an_explicit_lazyload_instead_of_conflicting_with_it() -> None:
    fixed = _only_fix(MODELS.replace("relationship\n", "relationship, lazyload\n", 1) +
                      "\n\ndef f(session):\n"
                      "    for u in session.query(User).options(lazyload(User.posts)):\n"
                      "        print(len(u.posts))\n")
    assert "options(selectinload(User.posts))" in fixed and "lazyload(User.posts)" not in fixed


def test_fix_in_a_module_importing_orm_uses_orm() -> None:
    source = MODELS.replace("sqlalchemy.orm", "orm").replace("from sqlalchemy import",
                                                             "from orm import")
    fixed = _only_fix(source + "\n\ndef f(session):\n"
                      "    return [len(u.posts) for u in session.scalars(select(User))]\n")
    assert "sqlalchemy" not in fixed
    assert "from orm import ForeignKey, select, selectinload\n" in fixed


def test_fix_imports_the_intermediate_model_when_the_module_lacks_it(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(MODELS)
    (tmp_path / "views.py").write_text(
        "from sqlalchemy import select\n\nfrom models import User\n\n\n"
        "def f(session):\n"
        "    for u in session.scalars(select(User)):\n"
        "        for p in u.posts:\n"
        "            print(len(p.comments))\n")
    ws = Workspace(tmp_path)
    ws.index()
    findings = [f for f in ws.check(str(tmp_path / "views.py")) if f.code == "ORM101"]
    nested = [f for f in findings if "comments" in f.message]
    assert len(nested) == 1 and nested[0].fix is not None
    fixed = apply_edits((tmp_path / "views.py").read_text(), nested[0].fix.edits)
    assert "from models import User, Post\nfrom sqlalchemy.orm import selectinload\n" in fixed
    assert "select(User).options(selectinload(User.posts).selectinload(Post.comments))" in fixed
    ast.parse(fixed)


def test_apply_edits_applies_from_the_end_and_rejects_nothing_silently() -> None:
    text = "ab\ncd\n"
    edits = [TextEdit("f.py", Range(Position(0, 1), Position(0, 1)), "X"),
             TextEdit("f.py", Range(Position(1, 0), Position(1, 2)), "YZ!")]
    assert apply_edits(text, edits) == "aXb\nYZ!\n"
    assert apply_edits(text, []) == text
