"""Fixture factory for test modules that bring their own mapped models: the models' tables on
each of the three real databases (sqlite, postgresql, mysql), created once per module under a
table prefix unique to the module and process, emptied before each test."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import pytest

from orm import create_engine, event

from tests.conftest import BACKENDS, backend_url


class SQLLog:
    """The statements an engine sends (``before_cursor_execute``), whitespace collapsed."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.entries: list[tuple[str, Any, bool]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        self.entries.append((" ".join(statement.split()), parameters, executemany))

    @property
    def sql(self) -> list[str]:
        return [s for s, _, _ in self.entries]

    def clear(self) -> None:
        self.entries.clear()

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


def module_database(make_models: Callable[..., SimpleNamespace],
                    after_create: Callable[[Any, SimpleNamespace, str], None] | None = None) -> Any:
    """A module-scoped fixture parametrised over the backends: ``make_models(prefix)`` (or
    ``make_models(prefix, backend)``) returns a namespace with ``Base`` (whose metadata is
    created) and the classes; ``after_create(engine, models, backend)`` may add what DDL cannot
    say (triggers)."""

    @pytest.fixture(scope="module", params=BACKENDS)
    def database(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
        url = backend_url(request.param, tmp_path_factory)
        mod = request.module.__name__.rsplit(".", 1)[-1].replace("test_", "")[:8]
        prefix = f"t_{mod}_{os.getpid() % 100000}_"
        # a factory may take the backend too, for what only a dialect can say (server defaults)
        takes_backend = make_models.__code__.co_argcount > 1  # type: ignore[attr-defined]
        m = make_models(prefix, request.param) if takes_backend else make_models(prefix)  # type: ignore[call-arg]
        engine = create_engine(url)
        md = m.Base.metadata
        md.drop_all(engine)
        md.create_all(engine)
        if after_create is not None:
            after_create(engine, m, request.param)
        try:
            yield SimpleNamespace(m=m, engine=engine, backend=request.param)
        finally:
            md.drop_all(engine)
            engine.dispose()

    return database


def empty_tables(engine: Any, m: SimpleNamespace) -> None:
    with engine.begin() as conn:
        for t in m.Base.metadata.sorted_tables:  # self-references first (rows may point at each other)
            for fk in t.foreign_keys:
                if fk.column.table is t:
                    conn.execute(t.update().values({fk.parent.key: None}))
        for t in reversed(m.Base.metadata.sorted_tables):
            conn.execute(t.delete())
