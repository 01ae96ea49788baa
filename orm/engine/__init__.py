"""The engine layer: URLs, Engine/Connection, transactions, results, create_engine."""
from orm.engine.base import Connection, Engine, OptionEngine
from orm.engine.create import create_engine, engine_from_config
from orm.engine.default import DefaultDialect, DefaultExecutionContext
from orm.engine.events import ExceptionContext
from orm.engine.result import (
    CursorResult,
    FrozenResult,
    IteratorResult,
    MappingResult,
    Result,
    ScalarResult,
    TupleResult,
)
from orm.engine.row import Row, RowMapping
from orm.engine.transaction import NestedTransaction, RootTransaction, Transaction
from orm.engine.url import URL, make_url

__all__ = [
    "Engine", "Connection", "OptionEngine", "create_engine", "engine_from_config",
    "DefaultDialect", "DefaultExecutionContext", "ExceptionContext", "Result", "CursorResult",
    "ScalarResult", "MappingResult", "TupleResult", "FrozenResult", "IteratorResult", "Row",
    "RowMapping", "Transaction", "RootTransaction", "NestedTransaction", "URL", "make_url",
]
