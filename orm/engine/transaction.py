"""Transactions of a Connection: the root transaction and SAVEPOINT-based nested ones.

    with engine.connect() as conn:
        with conn.begin():                 # COMMIT on success, ROLLBACK on an exception
            conn.execute(...)
            with conn.begin_nested():      # SAVEPOINT; an exception rolls back to it only
                conn.execute(...)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orm.exc import InvalidRequestError

if TYPE_CHECKING:
    from orm.engine.base import Connection

__all__ = ["Transaction", "RootTransaction", "NestedTransaction"]


class Transaction:
    """A transaction (or savepoint) of a Connection; a context manager."""

    connection: Connection
    is_active: bool

    @property
    def is_valid(self) -> bool:
        return self.is_active and not self.connection.invalidated

    def commit(self) -> None:
        raise NotImplementedError

    def rollback(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Roll back if still active (a transaction never commits implicitly)."""
        if self.is_active:
            self.rollback()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            if self.is_active:
                try:
                    self.commit()
                except BaseException:
                    if self.is_active:
                        self.rollback()
                    raise
        elif self.is_active:
            self.rollback()

    def _deactivate(self) -> None:
        self.is_active = False


class RootTransaction(Transaction):
    """The outermost transaction: BEGIN ... COMMIT / ROLLBACK."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.is_active = True
        connection._transaction = self
        try:
            connection._begin_impl()
        except BaseException:
            connection._transaction = None
            self.is_active = False
            raise

    def _end(self) -> None:
        conn = self.connection
        self.is_active = False
        for nested in conn._nested_stack:
            nested._deactivate()
        conn._nested_stack.clear()
        if conn._transaction is self:
            conn._transaction = None

    def commit(self) -> None:
        if not self.is_active:
            raise InvalidRequestError("This transaction is inactive")
        try:
            self.connection._commit_impl()
        finally:
            self._end()

    def rollback(self) -> None:
        if self.connection._transaction is not self and not self.is_active:
            return
        try:
            self.connection._rollback_impl()
        finally:
            self._end()

    def __repr__(self) -> str:
        return f"<RootTransaction active={self.is_active}>"


class NestedTransaction(Transaction):
    """A SAVEPOINT inside the root transaction: RELEASE on commit, ROLLBACK TO on rollback."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.is_active = True
        self._savepoint = connection._savepoint_impl()
        connection._nested_stack.append(self)

    def _pop(self) -> None:
        # Ending a savepoint also ends every savepoint opened after it.
        stack = self.connection._nested_stack
        if self in stack:
            for nested in stack[stack.index(self):]:
                nested._deactivate()
            del stack[stack.index(self):]
        self.is_active = False

    def commit(self) -> None:
        if not self.is_active:
            raise InvalidRequestError("This nested transaction is inactive")
        try:
            self.connection._release_savepoint_impl(self._savepoint)
        finally:
            self._pop()

    def rollback(self) -> None:
        if not self.is_active:
            return
        try:
            if not self.connection.invalidated:
                self.connection._rollback_to_savepoint_impl(self._savepoint)
        finally:
            self._pop()

    def __repr__(self) -> str:
        return f"<NestedTransaction {self._savepoint} active={self.is_active}>"
