"""Rules run on the statements that can matter (analysis.flow.relevance) find what they find on
whole modules.

Every labelled case, our own cases and every rule example is padded with ordinary code (so the
module is cut into pieces and most of it is left out) and checked both ways.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.config import Config
from analysis.flow.relevance import blank_strings, relevant_pieces
from analysis.index.parse import parse_module_info
from analysis.rules import all_rules
from analysis.workspace import Workspace

HERE = Path(__file__).resolve().parent
CORPUS = next((c for c in (HERE.parents[2] / "shared" / "corpus", Path("/work/shared/corpus"))
               if c.is_dir()), None)

# ordinary code: no query, no session, no mapped class; loops, classes, comprehensions, strings
# that mention ORM words (they are text, not code)
FILLER = '''


def _slug_{n}(value: str, width: int = 40) -> str:
    """Build a slug (not a session.query, not select(User)): plain text."""
    words = [w for w in value.lower().split() if w]
    out = "-".join(words)
    while len(out) > width:
        out = out[:-1]
    return out or "n-a"


class _Counter{n}:
    # counts things; the word session here is a comment
    def __init__(self) -> None:
        self.seen: dict[str, int] = {{}}

    def add(self, key: str) -> int:
        self.seen[key] = self.seen.get(key, 0) + 1
        return self.seen[key]

    def report(self) -> list[str]:
        return [f"{{k}}: {{v}}" for k, v in sorted(self.seen.items())]
'''


def pad(text: str, copies: int = 4) -> str:
    return text.rstrip("\n") + "\n" + "".join(FILLER.format(n=n) for n in range(copies))


def _findings(ws: Workspace) -> list[tuple]:
    return [(Path(f.path).name, f.code, f.range, f.message, f.fix)
            for findings in ws.check_all(jobs=1).values() for f in findings]


def _copy_padded(source: Path, target: Path) -> None:
    shutil.copytree(source, target)
    for path in target.rglob("*.py"):
        path.write_text(pad(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("name", ["corpus", "cases"])
def test_padded_projects_give_the_same_findings_sparse_and_whole(tmp_path: Path, name: str):
    source = CORPUS if name == "corpus" else HERE / "cases"
    if source is None:
        pytest.skip("the labelled corpus is not on this machine")
    _copy_padded(source, tmp_path / name)
    sparse = Workspace(tmp_path / name, sparse=True)
    sparse.index()
    whole = Workspace(tmp_path / name, sparse=False)
    whole.index()
    found = _findings(sparse)
    assert found == _findings(whole)
    assert len(found) > 20
    assert sparse.partial_checks > 10 and whole.partial_checks == 0


def _examples() -> list[tuple[str, int, str]]:
    out = []
    for rule in all_rules():
        for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID)):
            for number, text in enumerate(examples):
                out.append((f"{rule.code}-{kind}-{number}", number, text))
    return out


@pytest.mark.parametrize("label,number,text", _examples(), ids=[e[0] for e in _examples()])
def test_padded_rule_examples_give_the_same_findings(tmp_path: Path, label: str, number: int,
                                                    text: str):
    results = []
    for sparse in (True, False):
        ws = Workspace(None, config=Config(), sparse=sparse)
        path = tmp_path / "example.py"
        ws.set_document(path, pad(text))
        results.append([(f.code, f.range, f.message, f.fix) for f in ws.check(path)])
    assert results[0] == results[1]
    if "invalid" in label:
        assert results[0]


def test_what_is_kept():
    text = pad('''from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def titles(session: Session) -> list[str]:
    return [describe(u) for u in session.scalars(select(User))]


def describe(user) -> str:
    return _shorten(user.name)


def _shorten(value: str) -> str:
    return value[:10]


def unrelated(rows):
    return len(rows)


def loops_over_helpers(rows):
    return [titles(r) for r in rows]
''')
    info = parse_module_info(text, path="views.py", module_name="views", lazy=True)

    class Project:                       # what relevant_pieces reads of an index
        models: dict = {}
        abstract: dict = {}
        tables: dict = {}
        flask_dbs: set = set()
        module_paths: dict = {}

        @staticmethod
        def resolve_symbol(name: str) -> str:
            return name

    keep = relevant_pieces(info, Project(), lambda name: None)
    names = {info.layout.pieces[i].name for i in keep} - {None}
    # the query, what it names (describe, then _shorten), and a loop that calls it
    assert names == {"titles", "describe", "_shorten", "loops_over_helpers"}
    assert all(info.layout.pieces[i].kind == "context" or info.layout.pieces[i].name in names
               for i in keep)
    partial = info.sparse(keep)
    assert partial.partial and not info.partial
    assert [s.name.value for s in partial.module.body if hasattr(s, "name")] == \
        ["titles", "describe", "_shorten", "loops_over_helpers"]
    # a left-out function is still found by name, with its true position
    node = partial.top_statement("unrelated")
    assert node is not None and partial.range_of(node).start.line == \
        text.split("\n").index("def unrelated(rows):")
    assert partial.source == text and partial.lines == info.lines


def test_strings_and_comments_are_blanked_but_f_string_code_is_not():
    text = ('x = "session.query(User)"  # select(User)\n'
            "y = f'{len(user.posts)}' + r'''\nselect(\n''' + b\"db.\"\n")
    blanked = blank_strings(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "session" not in blanked and "select" not in blanked and "db." not in blanked
    assert "user.posts" in blanked


def test_a_function_without_orm_words_or_loops_that_calls_orm_code_is_kept(tmp_path: Path):
    """``team = current_team(s); team.get_score()``: a method that loops over a relationship
    and queries per member, reached through an imported function (CTFd's pattern)."""
    files = {
        "app/__init__.py": "",
        "app/models.py": '''from sqlalchemy import ForeignKey, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, object_session
from sqlalchemy.orm import relationship


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[list["Member"]] = relationship(back_populates="team")

    def get_score(self) -> int:
        session = object_session(self)
        total = 0
        for member in self.members:
            total += session.scalar(select(func.count(Member.id)).where(Member.id == member.id))
        return total


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    team: Mapped[Team] = relationship(back_populates="members")
''',
        "app/helpers.py": '''from sqlalchemy import select

from app.models import Team


def current_team(s):
    return s.scalars(select(Team)).first()
''',
        "app/views.py": pad('''from app.helpers import current_team


def page(s):
    team = current_team(s)
    return team.get_score()
''', copies=8),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    results = []
    for sparse in (True, False):
        ws = Workspace(tmp_path, sparse=sparse)
        ws.index()
        results.append([(f.code, f.range.start.line) for f in ws.check(tmp_path / "app/views.py")])
        assert ws.partial_checks == (1 if sparse else 0)
    assert results[0] == results[1] and results[0], results
