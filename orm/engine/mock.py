"""``create_mock_engine``: a dialect without a database, handing each statement to a function.

Its use is printing the DDL ``create_all`` would run, for a migration script or a review::

    def dump(sql, *multiparams, **params):
        print(str(sql.compile(dialect=engine.dialect)).strip() + ";")

    engine = create_mock_engine("postgresql+psycopg://", dump)
    metadata.create_all(engine, checkfirst=False)

Nothing connects: the driver is not even imported. ``checkfirst`` is always treated as False
(there is no database to ask what exists).
"""
from __future__ import annotations

from typing import Any, Callable

from orm.engine.url import URL, make_url
from orm.exc import ArgumentError

__all__ = ["create_mock_engine", "MockConnection"]


class MockConnection:
    """The object ``create_mock_engine`` returns: it has a ``dialect`` and passes everything it
    is asked to ``execute`` to the executor function (the statement object, then parameters)."""

    # create_all/drop_all: there is no database to check, every table is emitted
    _is_mock = True

    def __init__(self, dialect: Any, executor: Callable[..., Any], url: URL) -> None:
        self.dialect = dialect
        self._executor = executor
        self.url = url

    @property
    def engine(self) -> MockConnection:
        return self

    @property
    def name(self) -> str:
        return self.dialect.name  # type: ignore[no-any-return]

    def connect(self, **kw: Any) -> MockConnection:
        return self

    def execute(self, obj: Any, parameters: Any = None, execution_options: Any = None) -> Any:
        if parameters is None:
            return self._executor(obj)
        return self._executor(obj, parameters)

    def __repr__(self) -> str:
        return f"<MockConnection {self.url!r}>"


def create_mock_engine(url: str | URL, executor: Callable[..., Any], **kw: Any) -> MockConnection:
    """A mock engine for ``url``'s dialect whose statements go to ``executor`` (see the module
    docstring). ``kw`` are dialect arguments (``paramstyle=...``); pool and connection arguments
    mean nothing here and are refused."""
    if not callable(executor):
        raise ArgumentError(f"executor must be callable, got {executor!r}")
    u = make_url(url)
    dialect_cls = u.get_dialect()
    try:
        dialect = dialect_cls(**kw)
    except TypeError as err:
        raise ArgumentError(f"Invalid argument(s) for create_mock_engine(): {err}") from None
    return MockConnection(dialect, executor, u)
