"""A check after an edit re-runs only the functions the edit can change (analysis.incremental);
its findings are those of a fresh check of the edited text, edit after edit."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from analysis.config import Config
from analysis.incremental import Checked
from analysis.index.chunks import module_layout
from analysis.index.facts import extract_facts
from analysis.rules import all_rules
from analysis.workspace import Workspace

HERE = Path(__file__).resolve().parent
CORPUS = next((c for c in (HERE.parents[2] / "shared" / "corpus", Path("/work/shared/corpus"))
               if c.is_dir()), None)

FILLER = '''


def _words_{n}(value: str) -> list[str]:
    return [w for w in value.split() if w]


def _total_{n}(values: list[int]) -> int:
    total = 0
    for value in values:
        total += value
    return total
'''


def pad(text: str, copies: int = 6) -> str:
    return text.rstrip("\n") + "\n" + "".join(FILLER.format(n=n) for n in range(copies))


def _def_lines(text: str) -> list[int]:
    """0-based lines inside top-level functions and classes (the bodies an editor changes)."""
    facts = extract_facts(text, "m", False, "m.py")
    layout = module_layout(text, facts.statement_spans) if facts.syntax_error is None else None
    if layout is None:
        return []
    out = []
    for piece in layout.pieces:
        if piece.kind != "context":
            out.extend(range(piece.first + 1, piece.last + 1))
    return out


def edit(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    inside = _def_lines(text)
    if not inside:
        return text + "\n# touched\n"
    line = rng.choice(inside)
    body = lines[line]
    indent = body[:len(body) - len(body.lstrip())] or "    "
    kind = rng.randrange(6)
    if kind == 0:                                   # a comment line: everything below moves
        lines.insert(line, indent + "# edited")
    elif kind == 1:                                 # the line goes (may break the function)
        del lines[line]
    elif kind == 2:                                 # the line twice
        lines.insert(line, body)
    elif kind == 3:                                 # blank lines
        lines[line:line] = ["", ""]
    elif kind == 4:                                 # a statement
        lines.insert(line, indent + "_unused = len([])")
    else:                                           # a lazy load in a loop, if anything is
        lines.insert(line, indent + "_x = [getattr(o, 'id') for o in []]")
    return "\n".join(lines)


def _project(tmp_path: Path, source: Path) -> Path:
    root = tmp_path / source.name
    shutil.copytree(source, root)
    for path in root.rglob("*.py"):
        path.write_text(pad(path.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def _walk(root: Path, paths: list[Path], steps: int, seed: int) -> Workspace:
    rng = random.Random(seed)
    live = Workspace(root)
    live.index()
    fresh = Workspace(root, incremental=False)
    fresh.index()
    texts = {p: p.read_text(encoding="utf-8") for p in paths}
    for path in paths:
        live.check(path)
    for _ in range(steps):
        path = rng.choice(paths)
        edited = edit(texts[path], rng)
        live.set_document(path, edited)
        fresh.set_document(path, edited)
        got = live.check(path)
        assert got == fresh.check(path), (path.name, edited)
        # half-typed code is checked too; then the author finishes the edit (next step
        # starts from the last text that parses)
        if extract_facts(edited, "m", False, "m.py").syntax_error is None:
            texts[path] = edited
    return live


@pytest.mark.parametrize("name", ["corpus", "cases"])
def test_random_edits_give_the_findings_of_a_fresh_check(tmp_path: Path, name: str):
    source = CORPUS / "n1" if name == "corpus" else HERE / "cases"
    if source is None or not source.is_dir():
        pytest.skip("the labelled corpus is not on this machine")
    root = _project(tmp_path, source)
    paths = sorted(p for p in root.rglob("*.py") if p.name != "__init__.py"
                   and not p.name.startswith("models_"))[:12]
    live = _walk(root, paths, steps=60, seed=7)
    # most corpus cases define their models in the same file: an edit above a model moves its
    # facts, the model index changes and the whole module is checked again
    assert live.incremental_checks >= 5


SERVICE = '''"""Queries over models defined elsewhere, as editors see them most."""
from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from app.models import Post, User
'''

BLOCKS = [
    '''

def lazy_{n}(session: Session) -> list[int]:
    out = []
    for user in session.scalars(select(User)):
        out.append(len(user.posts))
    return out
''',
    '''

def eager_{n}(session: Session) -> list[int]:
    stmt = select(User).options(selectinload(User.posts))
    return [len(u.posts) for u in session.scalars(stmt)]
''',
    '''

def helper_{n}(user) -> int:
    return len(user.posts)


def via_helper_{n}(session: Session) -> list[int]:
    return [helper_{n}(u) for u in session.scalars(select(User))]
''',
    '''

def per_row_query_{n}(session: Session, ids: list[int]) -> list:
    return [session.get(User, i) for i in ids]
''',
    '''

def raw_{n}(session: Session, name: str):
    return session.execute(text(f"SELECT id FROM users WHERE name = '{{name}}'"))
''',
    '''

def plain_{n}(values: list[int]) -> int:
    return sum(v * 2 for v in values)
''',
    '''

class Resource{n}:
    """A view class: methods that query, one that loops over what another returns."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def users(self) -> list:
        return self.session.scalars(select(User)).all()

    def titles(self) -> list[int]:
        return [len(u.posts) for u in self.users()]

    def names(self) -> list[str]:
        return [u.name for u in self.users()]
''',
]

MODELS = '''from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    posts: Mapped[list["Post"]] = relationship(back_populates="author")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")
'''


def test_random_edits_of_a_service_module(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    path = tmp_path / "app" / "services.py"
    path.write_text(SERVICE + "".join(BLOCKS[n % len(BLOCKS)].format(n=n) for n in range(24)))
    live = _walk(tmp_path, [path], steps=40, seed=11)
    assert live.incremental_checks >= 20


def test_edits_of_rule_examples(tmp_path: Path):
    rng = random.Random(3)
    done = 0
    for rule in all_rules():
        for text in rule.INVALID[:2]:
            path = tmp_path / f"{rule.code.lower()}.py"
            live = Workspace(None, config=Config())
            fresh = Workspace(None, config=Config(), incremental=False)
            text = pad(text)
            live.set_document(path, text)
            live.check(path)
            for _ in range(4):
                text = edit(text, rng)
                live.set_document(path, text)
                fresh.set_document(path, text)
                assert live.check(path) == fresh.check(path), (rule.code, text)
            done += live.incremental_checks
    assert done >= 20


def test_findings_below_an_edit_move_and_a_fix_follows(tmp_path: Path):
    models = '''from sqlalchemy import ForeignKey
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
'''
    views = pad('''from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User


def first(session: Session) -> int:
    return 1


def counts(session: Session) -> list[int]:
    return [len(u.posts) for u in session.scalars(select(User))]
''')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(models)
    path = tmp_path / "app" / "views.py"
    path.write_text(views)
    ws = Workspace(tmp_path)
    ws.index()
    (before,) = ws.check(path)
    edited = views.replace("    return 1\n", "    # one\n    # two\n    return 1\n")
    ws.set_document(path, edited)
    (after,) = ws.check(path)
    assert ws.incremental_checks == 1
    assert after.range.start.line == before.range.start.line + 2
    assert [e.range.start.line for e in after.fix.edits] == \
        [e.range.start.line + (2 if e.range.start.line > 6 else 0) for e in before.fix.edits]
    fresh = Workspace(tmp_path, incremental=False)
    fresh.index()
    fresh.set_document(path, edited)
    assert fresh.check(path) == [after]


def test_what_a_previous_check_remembers():
    text = pad("import os\n\n\ndef f():\n    return os.sep\n", copies=10)
    facts = extract_facts(text, "m", False, "m.py")
    layout = module_layout(text, facts.statement_spans)
    checked = Checked.of(layout, [], ("key",), "m.py")
    assert "".join(checked.texts) == text
    assert checked.kinds[:2] == ("context", "def") and checked.names[1] == "f"
    assert checked.owner(4) == 1 and checked.owner(0) == 0


def test_an_edit_of_a_caller_changes_the_findings_in_its_callee(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    path = tmp_path / "app" / "services.py"
    original = SERVICE + "".join(BLOCKS[n % len(BLOCKS)].format(n=n) for n in range(18))
    path.write_text(original)
    live = Workspace(tmp_path)
    live.index()
    fresh = Workspace(tmp_path, incremental=False)
    fresh.index()
    helper_line = original.split("\n").index("def helper_2(user) -> int:") + 1

    def lines() -> list[int]:
        return [f.range.start.line for f in live.check(path) if f.code == "ORM101"]

    assert helper_line in lines()           # user.posts, once per row of via_helper_2's loop
    no_loop = original.replace(
        "return [helper_2(u) for u in session.scalars(select(User))]",
        "return [helper_2(session.scalars(select(User)).first())]")
    steps = [
        no_loop,                     # the caller no longer loops: the read runs once
        # another function now loops and calls the helper (a name it did not mention)
        no_loop.replace("    return [len(u.posts) for u in session.scalars(stmt)]\n\n\n"
                        "def helper_9",
                        "    return [helper_2(u) for u in session.scalars(select(User))]\n"
                        "\n\ndef helper_9"),
        original,                    # and back
        # the caller no longer names the helper at all
        original.replace("return [helper_2(u) for u in session.scalars(select(User))]",
                         "return [0 for u in session.scalars(select(User))]"),
    ]
    for number, text in enumerate(steps):
        assert text.count("\n") == original.count("\n") and (number == 2 or text != original)
        before = live.incremental_checks
        live.set_document(path, text)
        fresh.set_document(path, text)
        assert live.check(path) == fresh.check(path)
        assert live.incremental_checks == before + 1
        found = lines()
        assert (helper_line in found) == (number in (1, 2))


def test_a_function_named_by_module_level_code_checks_the_whole_module(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text(MODELS)
    path = tmp_path / "app" / "services.py"
    table = ("\n\ndef source_a(session: Session):\n"
             "    return session.scalars(select(User)).all()\n\n\n"
             "SOURCES = [source_a]\n\n\ndef run_all(session: Session) -> int:\n"
             "    out = 0\n    for source in SOURCES:\n        for user in source(session):\n"
             "            out += len(user.posts)\n    return out\n")
    original = SERVICE + "".join(BLOCKS[n % len(BLOCKS)].format(n=n) for n in range(18)) + table
    path.write_text(original)
    live = Workspace(tmp_path)
    live.index()
    fresh = Workspace(tmp_path, incremental=False)
    fresh.index()
    reads = original.split("\n").index("            out += len(user.posts)")
    assert reads in [f.range.start.line for f in live.check(path)]
    edited = original.replace("    return session.scalars(select(User)).all()",
                              "    return session.scalars(select(User).options("
                              "selectinload(User.posts))).all()")
    live.set_document(path, edited)
    fresh.set_document(path, edited)
    found = live.check(path)
    assert found == fresh.check(path)
    assert reads not in [f.range.start.line for f in found]
    assert live.incremental_checks == 0


def test_edits_above_models_of_the_same_module_and_in_plain_classes(tmp_path: Path):
    """An edit above a model moves it (the model index is rebuilt, nothing else changes): the
    other functions' findings are reused, moved; an edit in a plain class re-runs that class."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    body = "".join(BLOCKS[n % len(BLOCKS)].format(n=n) for n in range(21))
    text = SERVICE.replace("from app.models import Post, User\n", "") + body + "\n\n" + \
        MODELS.split("\n\n\n", 1)[1]
    text = "from sqlalchemy import ForeignKey\nfrom sqlalchemy.orm import DeclarativeBase, " \
           "Mapped, mapped_column, relationship\n" + text
    path = tmp_path / "app" / "services.py"
    path.write_text(text)
    live = Workspace(tmp_path)
    live.index()
    fresh = Workspace(tmp_path, incremental=False)
    fresh.index()
    live.check(path)
    generation = live.generation
    before = [f.range.start.line for f in live.check(path)]
    assert before
    steps = [
        text.replace("def lazy_0(session: Session) -> list[int]:\n",
                     "def lazy_0(session: Session) -> list[int]:\n    # one\n    # two\n"),
        text.replace("        return [len(u.posts) for u in self.users()]",
                     "        return [0 for u in self.users()]", 1),
    ]
    for number, edited in enumerate(steps):
        count = live.incremental_checks
        live.set_document(path, edited)
        fresh.set_document(path, edited)
        found = live.check(path)
        assert found == fresh.check(path)
        assert live.incremental_checks == count + 1
        if number == 0:
            assert live.generation != generation           # the models moved down
            assert [f.range.start.line for f in found] == \
                [line + 2 if line > 10 else line for line in before]
    assert len(found) < len(before)                         # Resource6.titles lost its read
