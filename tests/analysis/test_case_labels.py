"""Our own labelled cases (tests/analysis/cases) are facts, checked on the real thing.

Each case defines ``seed(session, n)`` and ``run(session)`` (``async`` for AsyncSession cases; a
module-level Flask-SQLAlchemy ``db`` makes it a Flask case).  The case runs on SQLite with the
reference SQLAlchemy for two sizes of data; the SQL statements are attributed to the innermost
line of the case file on the stack.  A line whose count grows with the rows is an N+1 line, and a
line where ``run`` raises an ORM error (``raise`` loaders, ``MissingGreenlet``) is one too.  Those
lines must be exactly the case's ``# expect: ORM1`` labels (or their ``# alt`` lines).

This runs the cases' code: it is a test of the labels, not of the checker (which never runs code).
"""
from __future__ import annotations

import asyncio
import importlib.util
import inspect
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import pytest

sa = pytest.importorskip("sqlalchemy")

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
SMALL, LARGE = 2, 5


def _read_case(path: Path):
    """The label reader of the corpus scorer (one implementation of the format)."""
    name = "ormlens_corpus_scorer"
    scorer = sys.modules.get(name)
    if scorer is None:
        spec = importlib.util.spec_from_file_location(name, HERE / "test_corpus.py")
        scorer = importlib.util.module_from_spec(spec)
        sys.modules[name] = scorer
        assert spec.loader is not None
        spec.loader.exec_module(scorer)
    return scorer.read_case(path)


def _load(path: Path):
    if str(CASES) not in sys.path:
        sys.path.insert(0, str(CASES))
    name = f"ormlens_case_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _case_line(filename: str) -> Optional[int]:
    """The innermost line of ``filename`` running now (this stack, then the parent greenlets')."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back
    # AsyncSession runs the ORM in a greenlet: the awaiting coroutine is on the parent's stack
    import greenlet

    current = greenlet.getcurrent().parent
    while current is not None:
        frame = current.gr_frame
        while frame is not None:
            if frame.f_code.co_filename == filename:
                return frame.f_lineno
            frame = frame.f_back
        current = current.parent
    return None


def _raise_line(exc: BaseException, filename: str) -> Optional[int]:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class Observation:
    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.raised: Optional[tuple[int, str]] = None


def _observe(module, n: int, tmp_path: Path) -> Observation:
    from sqlalchemy import event

    filename = module.__file__
    seen = Observation()

    def count(*_args) -> None:
        line = _case_line(filename)
        if line is not None:
            seen.counts[line] += 1

    def attempt(call) -> None:
        try:
            call()
        except sa.exc.SQLAlchemyError as exc:
            seen.raised = (_raise_line(exc, filename) or 0, type(exc).__name__)

    if getattr(module, "db", None) is not None and type(module.db).__name__ == "SQLAlchemy":
        from flask import Flask

        app = Flask(f"case_{n}")
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        module.db.init_app(app)
        with app.app_context():
            module.db.create_all()
            module.seed(module.db.session, n)
            module.db.session.commit()
            module.db.session.remove()
            event.listen(module.db.engine, "before_cursor_execute", count)
            attempt(lambda: module.run(module.db.session))
            module.db.session.remove()
        return seen
    metadata = module.Base.metadata
    if inspect.iscoroutinefunction(module.run):
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        async def main() -> None:
            engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / f'async{n}.db'}")
            async with engine.begin() as conn:
                await conn.run_sync(metadata.create_all)
            async with AsyncSession(engine) as session:
                await session.run_sync(lambda s: module.seed(s, n))
                await session.commit()
            event.listen(engine.sync_engine, "before_cursor_execute", count)
            async with AsyncSession(engine) as session:
                try:
                    await module.run(session)
                except sa.exc.SQLAlchemyError as exc:
                    seen.raised = (_raise_line(exc, filename) or 0, type(exc).__name__)
            await engine.dispose()

        asyncio.run(main())
        return seen
    from sqlalchemy.orm import Session

    engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool)
    metadata.create_all(engine)
    with Session(engine) as session:
        module.seed(session, n)
        session.commit()
    event.listen(engine, "before_cursor_execute", count)
    with Session(engine) as session:
        attempt(lambda: module.run(session))
    engine.dispose()
    return seen


CASE_FILES = sorted(p for p in CASES.glob("*.py") if _read_case(p) is not None)


@pytest.mark.slow
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_labels_match_runtime(path: Path, tmp_path: Path) -> None:
    case = _read_case(path)
    module = _load(path)
    small = _observe(module, SMALL, tmp_path / "small")
    large = _observe(module, LARGE, tmp_path / "large")
    observed = {line for line, number in large.counts.items() if number > small.counts[line]}
    if large.raised is not None:
        observed.add(large.raised[0])
    expected = {line for family, line in case.labels if family == "ORM1"}
    unexplained = set(observed)
    for line in expected:
        candidates = {line} | case.alts.get(("ORM1", line), set())
        hit = candidates & observed
        assert hit, (f"{path.name}: labelled line {line} does not grow with the rows nor raise "
                     f"(counts {dict(small.counts)} -> {dict(large.counts)}, "
                     f"raised {large.raised})")
        unexplained -= hit
    assert not unexplained, (f"{path.name}: lines {sorted(unexplained)} grow with the rows or "
                             f"raise but are not labelled (counts {dict(small.counts)} -> "
                             f"{dict(large.counts)}, raised {large.raised})")


@pytest.fixture(autouse=True)
def _tmp_dirs(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()


@pytest.fixture(scope="module")
def case_findings() -> dict:
    """ORM1 findings with a fix in the case's own file, per case path."""
    from analysis.workspace import Workspace

    ws = Workspace(CASES)
    ws.index()
    out: dict = {}
    for path in CASE_FILES:
        out[path] = [f for f in ws.check(str(path))
                     if f.code.startswith("ORM1") and f.fix is not None and
                     all(e.path == str(path) for e in f.fix.edits)]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_fixes_remove_the_n_plus_one_at_runtime(path: Path, case_findings: dict,
                                                tmp_path: Path) -> None:
    from analysis.flow.fixes import apply_edits

    text = path.read_text(encoding="utf-8")
    for number, finding in enumerate(case_findings[path]):
        line_text = text.split("\n")[finding.range.start.line].strip()
        fixed = apply_edits(text, finding.fix.edits)
        copy = tmp_path / f"fixed_{path.stem}_{number}.py"
        copy.write_text(fixed, encoding="utf-8")
        module = _load(copy)
        small = _observe(module, SMALL, tmp_path / "small")
        large = _observe(module, LARGE, tmp_path / "large")
        lines = fixed.split("\n")
        bad = {line for line, count in large.counts.items() if count > small.counts[line]}
        if large.raised is not None:
            bad.add(large.raised[0])
        still = [line for line in bad if lines[line - 1].strip() == line_text]
        assert not still, (f"{path.name}: after {finding.fix.title!r} line {line_text!r} still "
                           f"grows or raises ({dict(small.counts)} -> {dict(large.counts)}, "
                           f"{large.raised})")
