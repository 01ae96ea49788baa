"""The engine layer: URLs, Engine/Connection, transactions, results, create_engine."""
from orm.engine.base import Connection, Engine, OptionEngine
from orm.engine.create import create_engine, engine_from_config
from orm.engine.default import DefaultDialect, DefaultExecutionContext
from orm.engine.mock import MockConnection, create_mock_engine
from orm.engine.events import ExceptionContext
from orm.engine.interfaces import BindTyping
from orm.engine.merged import ChunkedIteratorResult, MergedResult
from orm.engine.result import (
    CursorResult,
    FrozenResult,
    IteratorResult,
    MappingResult,
    Result,
    ScalarResult,
    TupleResult,
)
from orm.engine.row import Row, RowMapping, result_tuple
from orm.engine.transaction import NestedTransaction, RootTransaction, Transaction
from orm.engine.url import URL, make_url
from orm.engine.reflection import Inspector
from orm.sql.compiler import Compiled
from orm.sql.type_compiler import GenericTypeCompiler

# SQLAlchemy's names for the same objects: its interface classes are, here, the default
# implementations every dialect subclasses (so isinstance() checks on them hold); ResultProxy is
# 1.x's name of CursorResult.
Dialect = DefaultDialect
ExecutionContext = DefaultExecutionContext
TypeCompiler = GenericTypeCompiler
ResultProxy = CursorResult

__all__ = [
    "Engine", "Connection", "create_mock_engine", "MockConnection", "OptionEngine", "create_engine", "engine_from_config",
    "DefaultDialect", "DefaultExecutionContext", "ExceptionContext", "Result", "CursorResult",
    "ScalarResult", "MappingResult", "TupleResult", "FrozenResult", "IteratorResult", "Row",
    "RowMapping", "Transaction", "RootTransaction", "NestedTransaction", "URL", "make_url",
    "Inspector", "Compiled", "Dialect", "ExecutionContext", "TypeCompiler", "ResultProxy",
    "BindTyping", "ChunkedIteratorResult", "MergedResult", "result_tuple",
]
