"""Our ORM2/ORM3 labelled cases (tests/analysis/cases/typing): the checker's precision and
recall on them, and the labels themselves checked as facts on real databases.

A case defines its models on ``Base``, ``seed(session)`` and functions taking a session (other
parameters have defaults).
Each function runs in its own session with the reference SQLAlchemy on SQLite (and PostgreSQL
when ORMLENS_TEST_POSTGRESQL_URL is set): the line of the case file where it raises, or where
SQLAlchemy warns of a cartesian product, fails.  The failing functions must be exactly those
holding a label.  Type mismatches pass on SQLite (it compares across types) and fail on
PostgreSQL, so those labels are confirmed only there.  A case naming ``TARGETS = ("sqlite",)``
is SQLite code (its catalogue, qmark placeholders) and runs there only.

This runs the cases' code: it tests the labels, not the checker (which never runs code).
"""
from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import uuid
import warnings
from pathlib import Path
from typing import Optional

import pytest

sa = pytest.importorskip("sqlalchemy")

HERE = Path(__file__).resolve().parent
CASES = HERE.parent / "cases" / "typing"
CASE_FILES = sorted(CASES.glob("t_*.py"))
BARS = {"ORM2": (0.95, 0.90), "ORM3": (0.95, 0.90)}


def _scorer():
    """The corpus scorer of tests/analysis/test_corpus.py (one implementation of the format)."""
    name = "ormlens_corpus_scorer"
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, HERE.parent / "test_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module


def test_own_typing_cases_meet_the_bars() -> None:
    scorer = _scorer()
    scores = scorer.score_directory(CASES)
    report = scorer.table(f"own ORM2/ORM3 cases {CASES}", scores)
    print("\n" + report)
    for family, (precision, recall) in BARS.items():
        score = scores.get(family)
        assert score is not None and score.tp + score.fn > 0, report
        assert score.precision >= precision, report
        assert score.recall >= recall, report
    assert len(CASE_FILES) >= 10


# ------------------------------------------------------------------------------ runtime facts
def _load(path: Path):
    name = f"ormlens_typing_case_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scenarios(module) -> list:
    out = []
    for name, value in vars(module).items():
        if not inspect.isfunction(value) or value.__module__ != module.__name__ or \
                name == "seed":
            continue
        params = list(inspect.signature(value).parameters.values())
        if params and params[0].name == "session" and \
                all(p.default is not inspect.Parameter.empty for p in params[1:]):
            out.append(value)
    return out


def _line_in(filename: str, tb) -> Optional[int]:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _stack_line(filename: str) -> Optional[int]:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back
    return None


def _span(function) -> range:
    lines, first = inspect.getsourcelines(function)
    return range(first, first + len(lines))


def _observe(module, engine) -> dict[str, str]:
    """The case's functions that fail on one engine: function name -> what happened (where)."""
    from sqlalchemy.orm import Session

    filename = module.__file__
    failing: dict[str, str] = {}
    module.Base.metadata.create_all(engine)
    with Session(engine) as session:
        module.seed(session)
        session.commit()
    for scenario in _scenarios(module):
        def on_warning(message, category, *_args, _name=scenario.__name__, **_kwargs) -> None:
            if issubclass(category, sa.exc.SAWarning) and "cartesian" in str(message):
                failing[_name] = f"line {_stack_line(filename)}: cartesian product warning"

        with Session(engine) as session, warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = on_warning
            try:
                scenario(session)
            except Exception as exc:    # noqa: BLE001 - every error of the case is a fact
                line = _line_in(filename, exc.__traceback__)
                failing[scenario.__name__] = (f"line {line}: {type(exc).__name__}: "
                                              f"{str(exc).splitlines()[0][:80]}")
            session.rollback()
    return failing


def _postgresql_engine():
    url = os.environ.get("ORMLENS_TEST_POSTGRESQL_URL")
    if not url:
        return None, None
    schema = f"ormlens_c_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")

    @sa.event.listens_for(engine, "connect")
    def _search_path(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET search_path TO {schema}")
        cursor.close()
        dbapi_connection.commit()

    engine.dispose()
    return engine, schema


@pytest.mark.slow
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_labels_are_runtime_facts(path: Path) -> None:
    case = _scorer().read_case(path)
    assert case is not None, f"{path.name} has no '# expect:' header"
    module = _load(path)
    observed = dict(_observe(module, sa.create_engine("sqlite://")))
    pg_engine, schema = (None, None)
    if "postgresql" in getattr(module, "TARGETS", ("sqlite", "postgresql")):
        pg_engine, schema = _postgresql_engine()
    if pg_engine is not None:
        try:
            for name, what in _observe(module, pg_engine).items():
                observed.setdefault(name, f"postgresql: {what}")
        finally:
            with pg_engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            pg_engine.dispose()
    spans = {f.__name__: _span(f) for f in _scenarios(module)}
    labelled: dict[str, list[int]] = {}
    for _, line in case.labels:
        owner = next((name for name, span in spans.items() if line in span), None)
        assert owner is not None, f"{path.name}: label at {line} is outside the case's functions"
        labelled.setdefault(owner, []).append(line)
    unexplained = sorted(set(observed) - set(labelled))
    assert not unexplained, (f"{path.name}: {unexplained} fail at runtime but hold no label: "
                             f"{observed}")
    unconfirmed = sorted(line for name, lines in labelled.items() if name not in observed
                         for line in lines)
    if unconfirmed and pg_engine is None:
        pytest.skip(f"{path.name}: lines {unconfirmed} fail only on PostgreSQL; set "
                    f"ORMLENS_TEST_POSTGRESQL_URL to confirm them")
    assert not unconfirmed, (f"{path.name}: labelled lines {unconfirmed} do not fail at runtime "
                             f"(observed {observed})")
