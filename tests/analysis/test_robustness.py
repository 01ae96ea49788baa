"""Bad input never crashes the engine: it reports what it can and says when a file cannot be parsed.

Inputs: the labelled corpus, every rule's examples and a few model modules, cut and edited at
random (seeded, so a failure reproduces), arbitrary generated text (hypothesis), odd encodings and
line endings, a 10k-line module, pathological nesting, circular and unresolvable imports.
"""
from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.findings import Finding
from analysis.rules import all_rules
from analysis.workspace import Workspace

CORPUS = Path("/work/shared/corpus")
EXTRA = [
    '''
from flask_sqlalchemy import SQLAlchemy
db = SQLAlchemy()
tags = db.Table("tags", db.Column("post_id", db.ForeignKey("post.id")))
class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tags = db.relationship("Tag", secondary=tags, backref=db.backref("posts", lazy="dynamic"))
class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
''',
    '''
from typing import Optional
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, declared_attr
class Base(DeclarativeBase):
    type_annotation_map = {str: String(30), **other}
class Mixin:
    @declared_attr
    def parent_id(cls) -> "Mapped[Optional[int]]":
        return mapped_column(ForeignKey(lambda: Node.id))
class Node(Mixin, Base):
    __tablename__ = f"nodes_{1}"
    __table_args__ = ({"schema": "x"},)
    id: Mapped[int] = mapped_column(primary_key=True)
    children: Mapped[list["Node"]] = relationship(*args, **kwargs)
    parent: Mapped["Node | None"] = relationship(remote_side=[id], backref=backref())
''',
    '''
from sqlalchemy import *
from sqlalchemy.orm import *
from dataclasses import dataclass
reg = registry()
def make_base(name):
    @as_declarative(metadata=reg.metadata)
    class Made:
        plugin = name
    return Made
Base = make_base("x")
items = Table("items", reg.metadata, Column("id", Integer, primary_key=True),
              Column("owner_id", Integer), ForeignKeyConstraint(["owner_id"], ["owners.id"]))
class Item:
    def __init__(self, *args, label=None, **kw):
        super().__init__(**kw)
reg.map_imperatively(Item, items, properties={"owner": relationship("Owner", backref="items")})
@dataclass
class Owner(Base):
    __tablename__ = "owners"
    __table_args__ = (ForeignKeyConstraint(["a", "b"], ["x.a"]), *extra, {"schema": "s"})
    id = Column(Integer, primary_key=True)
def rows[T](session: Session, kind: type[T]) -> list[T]:
    try:
        return [f"{o.items[0]["x"]}" for o in session.scalars(select(Owner))]
    except ValueError, KeyError:
        return []
type Alias = list[Owner]
''',
]
TOKENS = ["(", ")", "[", "]", "{", "}", ":", ",", "def ", "class ", "lambda ", '"""', "'", "\\",
          "\n", "    ", "\t", "@", "=", "==", " for x in y", "Mapped[", "relationship(",
          "Column(", "async ", "await ", "\x00", "yield ", "*", "**", "#", "é", "\r"]


def _sources() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.py"))]
    for rule in all_rules():
        out.extend(rule.VALID)
        out.extend(rule.INVALID)
    out.extend(textwrap.dedent(s) for s in EXTRA)
    return [s for s in out if s.strip()]


def mutate(text: str, rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:                                    # truncate
        return text[:rng.randrange(len(text) + 1)]
    if kind == 1:                                    # delete a span
        start = rng.randrange(len(text) + 1)
        return text[:start] + text[start + rng.randrange(1, 40):]
    if kind == 2:                                    # insert tokens
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(TOKENS) + text[at:]
        return text
    lines = text.split("\n")
    if kind == 3 and lines:                          # duplicate / drop lines
        at = rng.randrange(len(lines))
        if rng.random() < 0.5:
            lines.insert(at, lines[rng.randrange(len(lines))])
        else:
            del lines[at]
        return "\n".join(lines)
    at = rng.randrange(len(lines))                   # re-indent a line
    lines[at] = " " * rng.randrange(9) + lines[at].lstrip()
    return "\n".join(lines)


class Engine:
    """One workspace fed edited documents, as an editor would."""

    def __init__(self) -> None:
        self.ws = Workspace(None)
        self.models = Path("models_fixture.py").resolve()
        self.ws.set_document(self.models, _sources()[-1])

    def run(self, text: str, path: str = "case.py") -> list[Finding]:
        self.ws.set_document(path, text)
        findings = self.ws.check(path)
        info = self.ws.module(path)
        _ = info.module                    # the libcst tree too, whatever the rules needed
        assert self.ws.failures == [], self.ws.failures
        for finding in findings:
            assert isinstance(finding, Finding) and finding.range.start <= finding.range.end
        errors = [f for f in findings if f.code == "ORM000"]
        assert (info.parse_error is not None) == bool(errors), (text, findings)
        if errors:
            assert errors[0].message.startswith("cannot parse this file: ")
        return findings


def _run_mutations(count: int, seed: int) -> int:
    rng = random.Random(seed)
    sources = _sources()
    engine = Engine()
    broken = 0
    for _ in range(count):
        text = rng.choice(sources)
        for _ in range(rng.randrange(1, 4)):
            text = mutate(text, rng)
        if any(f.code == "ORM000" for f in engine.run(text)):
            broken += 1
    return broken


def test_random_edits_of_real_inputs():
    broken = _run_mutations(150, seed=1)
    assert 15 < broken < 150       # the mutations do produce broken and valid files


@pytest.mark.slow
def test_thousands_of_random_edits():
    assert _run_mutations(3000, seed=2) > 300


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("abcxyz_019 ()[]{}:.,=+-*'\"#\\\n\t@") + TOKENS),
                max_size=80).map("".join))
def test_generated_text(text: str):
    _shared_engine().run(text)


_ENGINE: list = []


def _shared_engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(Engine())
    return _ENGINE[0]


def test_encodings_and_line_endings(tmp_path: Path):
    files = {
        "latin.py": b"# -*- coding: latin-1 -*-\nfrom sqlalchemy import text\nq = text('caf\xe9')\n",
        "cp1252.py": b"# vim: set fileencoding=cp1252 :\nname = '\x93quoted\x94'\n",
        "bom.py": b"\xef\xbb\xbffrom sqlalchemy import select\r\nx = select(1)\r\n",
        "cr.py": b"from sqlalchemy import select\rx = select(1)\r",
        "mixed.py": b"a = 1\r\nb = 2\nc = (\r\n  3)\r",
        "bad_utf8.py": b"name = '\xff\xfe broken'\n",
        "unknown_cookie.py": b"# coding: klingon\nx = 1\n",
        "nul.py": b"x = 1\x00\n",
        "formfeed.py": b"\x0cimport os\n\x0c\ndef f():\n    return 1\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    ws = Workspace(tmp_path)
    ws.index()
    results = ws.check_all(jobs=1)
    codes = {Path(p).name: [f.code for f in fs] for p, fs in results.items()}
    assert codes == {name: [] for name in files if name != "nul.py"} | {"nul.py": ["ORM000"]}
    assert "café" in ws.module(tmp_path / "latin.py").source
    assert "\u201cquoted\u201d" in ws.module(tmp_path / "cp1252.py").source
    assert ws.module(tmp_path / "mixed.py").source == "a = 1\nb = 2\nc = (\n  3)\n"


def _big_module(lines: int) -> str:
    head = textwrap.dedent('''
        from sqlalchemy import Column, ForeignKey, Integer, String, select
        from sqlalchemy.orm import declarative_base, relationship
        Base = declarative_base()
    ''')
    parts = [head]
    number = 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(textwrap.dedent(f'''
            class Model{number}(Base):
                __tablename__ = "model_{number}"
                id = Column(Integer, primary_key=True)
                name = Column(String(50))
                parent_id = Column(ForeignKey("model_{max(number - 1, 0)}.id"))
                parent = relationship("Model{max(number - 1, 0)}")

            def load_{number}(session, ident):
                stmt = select(Model{number}).where(Model{number}.id == ident)
                for row in session.scalars(stmt):
                    print(row.parent.name)
                return None
        '''))
        number += 1
    return "".join(parts)


@pytest.mark.slow
def test_ten_thousand_line_module(tmp_path: Path):
    (tmp_path / "huge.py").write_text(_big_module(10_000))
    ws = Workspace(tmp_path)
    ws.index()
    assert len(ws.project.models) > 500
    assert ws.project.models["huge.Model7"].relationships["parent"].direction == "MANYTOONE"
    ws.check(tmp_path / "huge.py")
    assert ws.failures == []
    info = ws.module(tmp_path / "huge.py")
    assert len(info.module.body) > 1000


@pytest.mark.parametrize(("source", "broken"), [
    ("x = " + "(" * 150 + "1" + ")" * 150 + "\n", False),
    ("x = " + "(" * 1500 + "1" + ")" * 1500 + "\n", True),      # crashes libcst's parser if fed
    ("x = " + "[" * 5000 + "\n", True),
    ("x = " + " + ".join(["a"] * 800) + "\n", False),
    ("x = " + " + ".join(["a"] * 20000) + "\n", True),
    ("x = a" + ".b" * 900 + "\n", False),
    ("x = " + "not " * 900 + "a\n", False),
    ("".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n", True),
    ("f(" + ", ".join(f"k{i}={i}" for i in range(5000)) + ")\n", False),
    ('x = "' + "a" * 200_000 + '"\n', False),
])
def test_pathological_nesting(source: str, broken: bool):
    engine = Engine()
    findings = engine.run(source, "nested.py")
    assert any(f.code == "ORM000" for f in findings) == broken


def test_circular_and_unresolvable_imports(tmp_path: Path):
    (tmp_path / "a.py").write_text("from b import *\nfrom a import X\nimport c as c\n"
                                   "from sqlalchemy.orm import relationship\nfrom b import Base\n"
                                   "class A(Base):\n    __tablename__ = 'a'\n"
                                   "    rel = relationship('Missing')\n"
                                   "    other = relationship(UnknownName)\n")
    (tmp_path / "b.py").write_text("from a import *\nfrom .nowhere import thing\n"
                                   "from sqlalchemy.orm import declarative_base\n"
                                   "Base = declarative_base()\nclass B(Base, NotDefined):\n"
                                   "    __tablename__ = 'b'\n"
                                   "    id = Column(Integer, ForeignKey('zzz.id'))\n")
    (tmp_path / "c.py").write_text("import c\nfrom c import *\nfrom ... import far\n")
    ws = Workspace(tmp_path)
    ws.index()
    project = ws.project
    a = project.models["a.A"]
    assert a.relationships["rel"].target_qualname is None
    assert a.relationships["rel"].direction is None
    assert a.relationships["other"].target_qualname is None
    assert project.models["b.B"].unknown_bases
    assert project.resolve_model("Missing", "a") is None
    results = ws.check_all(jobs=1)
    assert all(fs == [] for fs in results.values())
    assert ws.failures == []


def test_a_crashing_rule_is_logged_and_the_others_still_report(tmp_path: Path, caplog):
    from analysis.rules.base import Rule, run_rules

    class Exploding(Rule):
        code, name = "ORM998", "exploding"
        requires_orm_text = False

        def check(self, ctx):
            raise ValueError("kaboom")

    class Reporting(Rule):
        code, name = "ORM999", "reporting"
        requires_orm_text = False

        def check(self, ctx):
            yield ctx.finding(ctx.module.module.body[0], "here")

    ws = Workspace(None)
    ws.set_document("m.py", "x = 1\ny = 2  # ormlens: ignore[ORM999]\n")
    failures: list = []
    findings = run_rules(ws.module("m.py"), ws.project, ws.config, [Exploding(), Reporting()],
                         failures)
    assert [(f.code, f.range.start.line) for f in findings] == [("ORM999", 0)]
    assert failures[0].code == "ORM998" and "kaboom" in failures[0].error
    assert "rule ORM998 failed" in caplog.text


def test_names_reassigned_from_themselves():
    # `name = name.lower()` before a query: the value probes of the query rules must not chase
    # the assignment into itself (this raised RecursionError in ORM206 on real code)
    engine = Engine()
    engine.run('''
from loguru import logger
from sqlalchemy import Column, Integer, Unicode, select
from sqlalchemy.orm import declarative_base

logger = logger.bind(name="plugin")
Base = declarative_base()


class Show(Base):
    __tablename__ = "shows"
    id = Column(Integer, primary_key=True)
    name = Column(Unicode)


def find(db, name, limit):
    name = name.lower()
    limit = limit + 1 if limit else limit
    logger.info("looking up {}", name)
    db.execute(select(Show).where(Show.name == name).limit(limit))
    return db.query(Show).filter(Show.name == name).first()
''')


def test_dynamic_and_decorated_models(tmp_path: Path):
    # models the index cannot know statically must not break it (nor be invented)
    (tmp_path / "dyn.py").write_text(textwrap.dedent('''
        import functools
        from sqlalchemy import Column, Integer, String, select
        from sqlalchemy.orm import declarative_base, declared_attr, relationship

        Base = declarative_base()

        def audited(cls):
            cls.audited = True
            return cls

        @audited
        @functools.total_ordering
        class Account(Base):
            __tablename__ = "accounts"
            id = Column(Integer, primary_key=True)
            name = Column(String(20))
            def __init__(self, name):
                self.name = name

        Dynamic = type("Dynamic", (Base,), {"__tablename__": "dyn", "id": Column(Integer, primary_key=True)})
        for n in range(3):
            globals()[f"Model{n}"] = type(f"Model{n}", (Base,), {"__tablename__": f"m{n}"})

        class Mixin:
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower() + "s"
            @declared_attr
            def __table_args__(cls):
                return build_args(cls)

        class Widget(Mixin, Base):
            id = Column(Integer, primary_key=True)
            owner = relationship(lambda: Account)
            setattr(Base, "extra", 1)

        def use(session):
            for w in session.scalars(select(Widget)):
                print(w.owner.name, Account(name="x"), Account("y"), Dynamic(id=1))
    '''))
    ws = Workspace(tmp_path)
    ws.index()
    assert "dyn.Dynamic" not in ws.project.models
    widget = ws.project.models["dyn.Widget"]
    assert widget.unread_foreign_keys          # a __table_args__ the index cannot read
    assert ws.project.models["dyn.Account"].constructor is None     # decorated: unknown
    results = ws.check_all(jobs=1)
    assert ws.failures == []
    codes = [f.code for fs in results.values() for f in fs]
    assert "ORM202" not in codes and "ORM000" not in codes
