"""The error hierarchy of ``orm``.

It mirrors ``sqlalchemy.exc`` and ``sqlalchemy.orm.exc`` merged into one module, so code written
against SQLAlchemy catches the same names::

    from orm import exc
    try:
        conn.exec_driver_sql("INSERT INTO t (id) VALUES (1)")
    except exc.IntegrityError as err:
        print(err.orig, err.statement)

The root class keeps SQLAlchemy's name, ``SQLAlchemyError``, so ``except SQLAlchemyError`` in
ported code keeps working; ``OrmError`` is an alias.
"""
from __future__ import annotations

import builtins
from typing import Any, ClassVar, Sequence

__all__ = [
    "SQLAlchemyError", "OrmError", "ArgumentError", "InvalidRequestError", "NoSuchTableError",
    "NoSuchColumnError", "CompileError", "UnsupportedCompilationError", "NoReferencedTableError",
    "NoReferencedColumnError", "CircularDependencyError", "ResourceClosedError",
    "NoSuchModuleError", "DriverNotInstalledError", "TimeoutError", "DisconnectionError", "InvalidatePoolError",
    "StatementError", "DBAPIError", "InterfaceError", "DatabaseError", "DataError",
    "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
    "NotSupportedError", "NoResultFound", "MultipleResultsFound", "DetachedInstanceError",
    "ObjectDeletedError", "StaleDataError", "FlushError", "UnmappedError",
    "UnmappedInstanceError", "UnmappedClassError", "UnmappedColumnError",
    "ObjectNotExecutableError", "MissingGreenlet", "NoInspectionAvailable",
    "PendingRollbackError", "NoForeignKeysError", "AmbiguousForeignKeysError",
    "IdentifierError", "DontWrapMixin", "SAWarning", "ConcurrentModificationError",
]


class SQLAlchemyError(Exception):
    """Base of every error ``orm`` raises (SQLAlchemy's name, kept for ported code)."""

    #: short code SQLAlchemy uses to link errors to its docs; kept as an attribute for parity.
    code: ClassVar[str | None] = None


OrmError = SQLAlchemyError


class SAWarning(RuntimeWarning):
    """Warning category for questionable but accepted usage."""


class ArgumentError(SQLAlchemyError):
    """A function or constructor was given invalid arguments."""


class InvalidRequestError(SQLAlchemyError):
    """The request cannot be carried out in the current state (misuse of the API)."""


class PendingRollbackError(InvalidRequestError):
    """A transaction failed and must be rolled back before the connection/session is used."""


class IdentifierError(SQLAlchemyError):
    """An identifier (table/constraint name) is too long or otherwise invalid for the dialect."""


class NoSuchTableError(InvalidRequestError):
    """Reflection found no table of the requested name."""


class NoSuchColumnError(InvalidRequestError, KeyError):
    """A row was asked for a column it does not have."""

    def __str__(self) -> str:  # KeyError.__str__ would repr() the message
        return str(self.args[0]) if self.args else ""


class NoForeignKeysError(ArgumentError):
    """No foreign key path joins the two selectables."""


class AmbiguousForeignKeysError(ArgumentError):
    """More than one foreign key path joins the two selectables."""


class CompileError(SQLAlchemyError):
    """A statement could not be compiled to SQL."""


class UnsupportedCompilationError(CompileError):
    """The compiler has no rule for an element (e.g. a construct the dialect cannot render)."""

    def __init__(self, compiler: Any, element_type: Any, message: str | None = None) -> None:
        name = getattr(element_type, "__name__", element_type)
        text = f"Compiler {compiler!r} can't render element of type {name}"
        if message:
            text += f": {message}"
        super().__init__(text)
        self.compiler = compiler
        self.element_type = element_type


class NoReferencedTableError(InvalidRequestError):
    """A ForeignKey names a table that is not in the MetaData."""

    def __init__(self, message: str, tname: str | None = None) -> None:
        super().__init__(message)
        self.table_name = tname


class NoReferencedColumnError(InvalidRequestError):
    """A ForeignKey names a column its referenced table does not have."""

    def __init__(self, message: str, tname: str | None = None, cname: str | None = None) -> None:
        super().__init__(message)
        self.table_name = tname
        self.column_name = cname


class CircularDependencyError(SQLAlchemyError):
    """A topological sort (tables, flush order) met a cycle."""

    def __init__(self, message: str, cycles: Any = None, edges: Any = None) -> None:
        super().__init__(message)
        self.cycles = cycles
        self.edges = edges


class ResourceClosedError(InvalidRequestError):
    """An operation was requested on a closed Connection, Result or cursor."""


class NoSuchModuleError(ArgumentError):
    """A dialect or driver module named by a URL could not be found."""


class DriverNotInstalledError(NoSuchModuleError, ImportError):
    """The DB-API driver a URL needs is not installed (the message names the pip extra)."""


class TimeoutError(SQLAlchemyError, builtins.TimeoutError):  # noqa: A001 - SQLAlchemy's name
    """The pool had no connection to hand out within ``pool_timeout`` seconds."""


class DisconnectionError(SQLAlchemyError):
    """A connection was found dead (e.g. by a checkout listener); the pool should replace it."""

    invalidate_pool: ClassVar[bool] = False


class InvalidatePoolError(DisconnectionError):
    """Like DisconnectionError, but every connection of the pool is to be replaced."""

    invalidate_pool = True


class ObjectNotExecutableError(ArgumentError):
    """``Connection.execute`` was given something that is not an executable statement."""

    def __init__(self, target: Any) -> None:
        super().__init__(f"Not an executable object: {target!r}")
        self.target = target

    def __reduce__(self) -> Any:
        return self.__class__, (self.target,)


class NoInspectionAvailable(InvalidRequestError):
    """``inspect()`` was called on an object it knows nothing about."""


class MissingGreenlet(InvalidRequestError):
    """An async driver was used from synchronous code outside the greenlet bridge."""


class DontWrapMixin:
    """Mix into a user exception raised inside execution so it is not wrapped in StatementError."""


def _repr_params(params: Any, limit: int = 10) -> str:
    """Render parameters for an error message, shortening long executemany lists."""
    if isinstance(params, (list, tuple)) and params and isinstance(params[0], (dict, list, tuple)):
        shown = list(params[:limit])
        text = ", ".join(repr(p) for p in shown)
        if len(params) > limit:
            text += f"  ... displaying {limit} of {len(params)} total bound parameter sets ..."
        return "[" + text + "]"
    return repr(params)


class StatementError(SQLAlchemyError):
    """An error raised while executing a statement; carries the SQL, its parameters and the cause.

    ``str(err)`` gives the message followed by ``[SQL: ...]`` and ``[parameters: ...]`` lines,
    as SQLAlchemy does.
    """

    statement: str | None
    params: Any
    orig: BaseException | None
    hide_parameters: bool

    def __init__(
        self,
        message: str,
        statement: str | None,
        params: Any,
        orig: BaseException | None,
        hide_parameters: bool = False,
        code: str | None = None,
        ismulti: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.statement = statement
        self.params = params
        self.orig = orig
        self.hide_parameters = hide_parameters
        self.ismulti = ismulti
        self.detail: list[str] = []

    def add_detail(self, msg: str) -> None:
        self.detail.append(msg)

    def _message(self) -> str:
        text = str(self.args[0]) if self.args else ""
        lines = [*(f"({d})" for d in self.detail), text] if self.detail else [text]
        if self.statement is not None:
            lines.append(f"[SQL: {self.statement}]")
            if self.params is not None and self.params != {} and self.params != ():
                if self.hide_parameters:
                    lines.append("[SQL parameters hidden due to hide_parameters=True]")
                else:
                    lines.append(f"[parameters: {_repr_params(self.params)}]")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self) -> Any:
        return (
            self.__class__,
            (self.args[0] if self.args else "", self.statement, self.params, self.orig,
             self.hide_parameters),
        )


#: PEP 249 exception class names, most specific first, mapped to our wrappers below.
_PEP249_ORDER: Sequence[str] = (
    "IntegrityError", "DataError", "OperationalError", "ProgrammingError", "NotSupportedError",
    "InternalError", "DatabaseError", "InterfaceError", "Error",
)


class DBAPIError(StatementError):
    """A driver (DB-API) exception, wrapped with the statement that raised it.

    ``DBAPIError.instance(statement, params, orig)`` picks the subclass whose name matches the
    driver exception's PEP 249 class (``sqlite3.IntegrityError`` -> ``orm.exc.IntegrityError``)::

        try:
            cursor.execute(sql, params)
        except Exception as orig:
            raise DBAPIError.instance(sql, params, orig, dbapi_base_err=dbapi.Error) from orig
    """

    connection_invalidated: bool

    def __init__(
        self,
        statement: str | None,
        params: Any,
        orig: BaseException | None,
        hide_parameters: bool = False,
        connection_invalidated: bool = False,
        code: str | None = None,
        ismulti: bool | None = None,
    ) -> None:
        if orig is None:
            text = "(unknown DBAPI error)"
        else:
            cls = type(orig)
            text = f"({cls.__module__}.{cls.__name__}) {orig}"
        super().__init__(text, statement, params, orig, hide_parameters, code, ismulti)
        self.connection_invalidated = connection_invalidated

    def __reduce__(self) -> Any:
        return (
            self.__class__,
            (self.statement, self.params, self.orig, self.hide_parameters,
             self.connection_invalidated),
        )

    @classmethod
    def instance(
        cls,
        statement: str | None,
        params: Any,
        orig: BaseException,
        dbapi_base_err: type[BaseException] | None = None,
        hide_parameters: bool = False,
        connection_invalidated: bool = False,
        dialect: Any = None,
        ismulti: bool | None = None,
    ) -> StatementError:
        """Wrap ``orig`` in the matching DBAPIError subclass (or StatementError if not a driver error).

        Non-driver exceptions raised during execution (a bind processor's ``TypeError``, say) are
        wrapped in plain ``StatementError``; an ``orm`` error or a ``DontWrapMixin`` exception is
        returned unchanged.
        """
        if isinstance(orig, (SQLAlchemyError, DontWrapMixin)):
            return orig  # type: ignore[return-value]
        if dbapi_base_err is not None and not isinstance(orig, dbapi_base_err):
            if not _looks_like_dbapi_error(orig):
                return StatementError(
                    f"({type(orig).__module__}.{type(orig).__name__}) {orig}",
                    statement, params, orig, hide_parameters, ismulti=ismulti,
                )
        elif dbapi_base_err is None and not _looks_like_dbapi_error(orig):
            return StatementError(
                f"({type(orig).__module__}.{type(orig).__name__}) {orig}",
                statement, params, orig, hide_parameters, ismulti=ismulti,
            )
        target = _wrapper_for(type(orig))
        return target(statement, params, orig, hide_parameters, connection_invalidated,
                      ismulti=ismulti)


def _looks_like_dbapi_error(orig: BaseException) -> bool:
    return any(k.__name__ in _PEP249_ORDER for k in type(orig).__mro__)


def _wrapper_for(orig_cls: type[BaseException]) -> type[DBAPIError]:
    """The most specific wrapper whose PEP 249 name appears in the driver class's MRO."""
    names = {k.__name__ for k in orig_cls.__mro__}
    for name in _PEP249_ORDER:
        if name in names:
            return _WRAPPERS.get(name, DBAPIError)
    return DBAPIError


class InterfaceError(DBAPIError):
    """Wraps a DB-API InterfaceError (a problem in the driver's interface, not the database)."""


class DatabaseError(DBAPIError):
    """Wraps a DB-API DatabaseError."""


class DataError(DatabaseError):
    """Wraps a DB-API DataError (bad value: out of range, division by zero, ...)."""


class OperationalError(DatabaseError):
    """Wraps a DB-API OperationalError (connection lost, database locked, ...)."""


class IntegrityError(DatabaseError):
    """Wraps a DB-API IntegrityError (constraint violation)."""


class InternalError(DatabaseError):
    """Wraps a DB-API InternalError."""


class ProgrammingError(DatabaseError):
    """Wraps a DB-API ProgrammingError (syntax error, missing table, ...)."""


class NotSupportedError(DatabaseError):
    """Wraps a DB-API NotSupportedError."""


_WRAPPERS: dict[str, type[DBAPIError]] = {
    "Error": DBAPIError,
    "InterfaceError": InterfaceError,
    "DatabaseError": DatabaseError,
    "DataError": DataError,
    "OperationalError": OperationalError,
    "IntegrityError": IntegrityError,
    "InternalError": InternalError,
    "ProgrammingError": ProgrammingError,
    "NotSupportedError": NotSupportedError,
}


# --- ORM-level errors (sqlalchemy.orm.exc) ---------------------------------------------------


class NoResultFound(InvalidRequestError):
    """``one()`` / ``scalar_one()`` found no row."""

    def __init__(self, message: str = "No row was found when one was required") -> None:
        super().__init__(message)


class MultipleResultsFound(InvalidRequestError):
    """``one()`` / ``one_or_none()`` / ``scalar_one()`` found more than one row."""

    def __init__(
        self, message: str = "Multiple rows were found when exactly one was required"
    ) -> None:
        super().__init__(message)


class DetachedInstanceError(SQLAlchemyError):
    """An attribute load was attempted on an instance not attached to a Session."""


class ObjectDeletedError(InvalidRequestError):
    """A refresh of an instance found its row deleted."""

    def __init__(self, state: Any = None, msg: str | None = None) -> None:
        if msg is None:
            # the object as SQLAlchemy names it: <User at 0x...>
            obj = state.obj() if hasattr(state, "obj") else None
            name = (f"<{type(obj).__name__} at 0x{id(obj):x}>" if obj is not None else repr(state))
            msg = f"Instance '{name}' has been deleted, or its row is otherwise not present."
        super().__init__(msg)
        self.state = state


class StaleDataError(SQLAlchemyError):
    """An UPDATE/DELETE matched a different number of rows than expected (optimistic locking)."""


ConcurrentModificationError = StaleDataError


class FlushError(SQLAlchemyError):
    """The unit of work could not flush (e.g. a NULL primary key, a dependency problem)."""


class LoaderStrategyException(InvalidRequestError):
    """A loader option applied to the wrong kind of attribute (``joinedload`` of a column,
    ``defer`` of a relationship)."""


class UnmappedError(InvalidRequestError):
    """Base for errors about objects or classes that are not mapped."""


class UnmappedInstanceError(UnmappedError):
    """An object passed to the Session is not an instance of a mapped class."""

    def __init__(self, obj: Any = None, msg: str | None = None) -> None:
        if msg is None:
            name = type(obj).__module__ + "." + type(obj).__qualname__
            msg = f"Class '{name}' is not mapped"
        super().__init__(msg)
        self.obj = obj


class UnmappedClassError(UnmappedError):
    """A class given where a mapped class was expected is not mapped."""

    def __init__(self, cls: Any = None, msg: str | None = None) -> None:
        if msg is None:
            name = getattr(cls, "__qualname__", repr(cls))
            module = getattr(cls, "__module__", "")
            msg = f"Class '{module + '.' if module else ''}{name}' is not mapped"
        super().__init__(msg)
        self.cls = cls


class UnmappedClassNotInspectable(UnmappedClassError, NoInspectionAvailable):
    """A plain class given to ``session.get()`` (and the other calls that look a mapper up):
    SQLAlchemy raises ``NoInspectionAvailable`` there, we say which class is not mapped; an
    ``except`` for either catches it."""


class UnmappedColumnError(InvalidRequestError):
    """A column was asked of a mapper that does not map it."""
