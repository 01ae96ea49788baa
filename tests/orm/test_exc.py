"""The error hierarchy and DB-API error wrapping."""
from __future__ import annotations

import pickle
import sqlite3

import pytest

from orm import exc


def test_hierarchy_mirrors_sqlalchemy() -> None:
    assert issubclass(exc.IntegrityError, exc.DatabaseError)
    assert issubclass(exc.DatabaseError, exc.DBAPIError)
    assert issubclass(exc.DBAPIError, exc.StatementError)
    assert issubclass(exc.StatementError, exc.SQLAlchemyError)
    assert issubclass(exc.InterfaceError, exc.DBAPIError)
    assert not issubclass(exc.InterfaceError, exc.DatabaseError)
    for name in ("NoResultFound", "MultipleResultsFound", "ResourceClosedError",
                 "NoSuchTableError", "PendingRollbackError"):
        assert issubclass(getattr(exc, name), exc.InvalidRequestError)
    assert issubclass(exc.NoSuchModuleError, exc.ArgumentError)
    assert issubclass(exc.ObjectNotExecutableError, exc.ArgumentError)
    assert issubclass(exc.UnsupportedCompilationError, exc.CompileError)
    assert issubclass(exc.InvalidatePoolError, exc.DisconnectionError)
    assert issubclass(exc.TimeoutError, exc.SQLAlchemyError)
    assert issubclass(exc.DriverNotInstalledError, ImportError)
    for name in exc.__all__:
        assert hasattr(exc, name), name


@pytest.mark.parametrize(
    ("driver_exc", "wrapper"),
    [
        (sqlite3.IntegrityError("UNIQUE constraint failed"), exc.IntegrityError),
        (sqlite3.OperationalError("no such table: x"), exc.OperationalError),
        (sqlite3.ProgrammingError("bad"), exc.ProgrammingError),
        (sqlite3.DataError("bad"), exc.DataError),
        (sqlite3.InterfaceError("bad"), exc.InterfaceError),
        (sqlite3.NotSupportedError("bad"), exc.NotSupportedError),
        (sqlite3.InternalError("bad"), exc.InternalError),
        (sqlite3.DatabaseError("bad"), exc.DatabaseError),
        (sqlite3.Error("bad"), exc.DBAPIError),
    ],
)
def test_wrap_picks_subclass_by_pep249_name(driver_exc: Exception, wrapper: type) -> None:
    err = exc.DBAPIError.instance("SELECT 1", (1,), driver_exc, sqlite3.Error)
    assert type(err) is wrapper
    assert err.orig is driver_exc
    assert err.statement == "SELECT 1"
    assert err.params == (1,)


def test_wrap_by_name_for_foreign_driver_classes() -> None:
    class Error(Exception):
        pass

    class IntegrityError(Error):
        pass

    class UniqueViolation(IntegrityError):  # psycopg-style specific subclass
        pass

    err = exc.DBAPIError.instance("INSERT", {}, UniqueViolation("dup"), Error)
    assert type(err) is exc.IntegrityError


def test_non_dbapi_exception_becomes_statement_error() -> None:
    err = exc.DBAPIError.instance("SELECT :x", {"x": object}, TypeError("bad value"),
                                  sqlite3.Error)
    assert type(err) is exc.StatementError
    assert isinstance(err.orig, TypeError)
    already = exc.NoResultFound()
    assert exc.DBAPIError.instance("s", None, already, sqlite3.Error) is already


def test_statement_error_str_shows_sql_and_params() -> None:
    err = exc.DBAPIError.instance("INSERT INTO t VALUES (?)", (1,),
                                  sqlite3.IntegrityError("UNIQUE constraint failed: t.x"),
                                  sqlite3.Error)
    assert str(err) == (
        "(sqlite3.IntegrityError) UNIQUE constraint failed: t.x\n"
        "[SQL: INSERT INTO t VALUES (?)]\n"
        "[parameters: (1,)]"
    )
    hidden = exc.DBAPIError.instance("S", (1,), sqlite3.Error("x"), sqlite3.Error,
                                     hide_parameters=True)
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(hidden)
    assert "(1,)" not in str(hidden)


def test_executemany_params_are_shortened() -> None:
    params = [(i,) for i in range(25)]
    err = exc.DBAPIError.instance("INSERT", params, sqlite3.Error("x"), sqlite3.Error)
    assert "displaying 10 of 25 total bound parameter sets" in str(err)


def test_pickle_round_trip() -> None:
    err = exc.DBAPIError.instance("S", {"a": 1}, sqlite3.IntegrityError("dup"), sqlite3.Error)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is exc.IntegrityError
    assert again.statement == "S" and again.params == {"a": 1}
    ne = pickle.loads(pickle.dumps(exc.ObjectNotExecutableError("x")))
    assert "Not an executable object: 'x'" in str(ne)


def test_default_messages() -> None:
    assert str(exc.NoResultFound()) == "No row was found when one was required"
    assert str(exc.MultipleResultsFound()) == (
        "Multiple rows were found when exactly one was required")
    assert "is not mapped" in str(exc.UnmappedInstanceError(object()))
    assert "is not mapped" in str(exc.UnmappedClassError(int))
