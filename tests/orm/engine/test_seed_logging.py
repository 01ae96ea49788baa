"""SQL logging as the seeds show it: ``echo=True`` prints to standard output, and configuring the
engine logger (seed 003 "Enabling SQL Logging": ``logging.getLogger('sqlalchemy.engine')
.setLevel(logging.INFO)``, with ``orm`` for ``sqlalchemy``) logs statements without ``echo``."""
from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from orm import create_engine, text


@pytest.fixture
def engine_logger() -> Iterator[logging.Logger]:
    log = logging.getLogger("orm.engine")
    level = log.level
    yield log
    log.setLevel(level)


def test_echo_prints_statements_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    engine = create_engine("sqlite://", echo=True)
    with engine.connect() as conn:
        conn.execute(text("SELECT 41 + 1"))
    out, err = capsys.readouterr()
    assert "INFO orm.engine.Engine SELECT 41 + 1" in out
    assert "SELECT 41 + 1" not in err
    engine.dispose()


def test_echo_follows_stdout_when_it_is_replaced(capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    engine = create_engine("sqlite://", echo=True)
    with engine.connect() as conn:
        conn.execute(text("SELECT 'first'"))
    saved, sys.stdout = sys.stdout, io.StringIO()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 'second'"))
        swapped = sys.stdout.getvalue()
    finally:
        sys.stdout = saved
    out, err = capsys.readouterr()
    assert "SELECT 'second'" in swapped and "SELECT 'second'" not in out
    assert "SELECT 'first'" in out and "Logging error" not in err
    engine.dispose()


def test_logger_level_enables_statement_logging(engine_logger: logging.Logger,
                                                caplog: pytest.LogCaptureFixture) -> None:
    # caplog's handler sits on the root logger and takes every record that reaches it; the
    # records an engine emits are decided by the orm.engine loggers' levels alone
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert not [r for r in caplog.records if r.name.startswith("orm.engine")]
    engine_logger.setLevel(logging.INFO)
    with engine.connect() as conn:
        conn.execute(text("SELECT 2"))
    messages = [r.getMessage() for r in caplog.records if r.name == "orm.engine.Engine"]
    assert messages[:3] == ["BEGIN (implicit)", "SELECT 2", "[generated in " + messages[2][14:]]
    assert messages[-1] == "ROLLBACK"
    engine.dispose()


def test_debug_level_logs_rows(engine_logger: logging.Logger, caplog: pytest.LogCaptureFixture) -> None:
    engine = create_engine("sqlite://")
    engine_logger.setLevel(logging.DEBUG)
    with engine.connect() as conn:
        conn.execute(text("SELECT 7 AS n")).all()
    messages = [r.getMessage() for r in caplog.records if r.name == "orm.engine.Engine"]
    assert "Col ('n',)" in messages and "Row (7,)" in messages
    engine.dispose()


def test_echo_on_one_engine_leaves_the_others_quiet(caplog: pytest.LogCaptureFixture) -> None:
    loud = create_engine("sqlite://", echo=True)
    quiet = create_engine("sqlite://")
    with loud.connect() as conn:
        conn.execute(text("SELECT 'loud'"))
    with quiet.connect() as conn:
        conn.execute(text("SELECT 'quiet'"))
    messages = [r.getMessage() for r in caplog.records]
    assert "SELECT 'loud'" in messages
    assert "SELECT 'quiet'" not in messages
    loud.dispose()
    quiet.dispose()
