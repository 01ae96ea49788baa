"""Where a Result's driver rows come from: a DB-API cursor, a list, or nothing.

A *row source* keeps the driver rows it has read ahead as one chunk, ``rows[pos:]`` (a list and a
position, so taking a row is O(1) and taking a chunk needs no copy). Results read from it in two
ways:

- the fetch methods (``fetchone``/``fetchmany``/``fetchall``), used by ``first()``, ``one()``,
  ``all()``, ``partitions()`` and friends;
- iteration, which takes a whole chunk at once, turns it into items with one call of the shape's
  generated ``many()`` and hands the items out from a list iterator (``lend``). This is what makes
  ``for row in result`` cost little more than iterating the cursor itself: no Python call per row.

The two can be mixed on one result (``next(it)`` then ``result.all()``): the lent iterator's
position says how many of the chunk's rows were handed out, so any fetch first *reclaims* the rows
not yet handed out (``_reclaim``) and stops the lent iterator; the Result's iterator then resumes
from the source's position. No row is skipped or repeated.
"""
from __future__ import annotations

import gc
from itertools import islice
from typing import Any, Callable, Iterator, Sequence

from orm.exc import ResourceClosedError

__all__ = ["RowSource", "ListSource", "IteratorSource", "CursorSource", "NO_ROWS", "CLOSED"]

_EMPTY: list[Any] = []
_MAKE = 256  # rows made into items at a time while iterating (see lend)


class RowSource:
    """Driver rows buffered as ``rows[pos:]``; subclasses say where more rows come from."""

    __slots__ = ("rows", "pos", "_lent", "_lent_end")

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = rows
        self.pos = 0
        # while lent out: the list iterator of the items made from rows[..._lent_end]
        self._lent: Any = None
        self._lent_end = 0

    # -- iteration support ----------------------------------------------------------------------

    def lend(self, many: Callable[[Sequence[Any]], list[Any]], size: int) -> Iterator[Any] | None:
        """Items made from the buffered rows (reading ``size`` rows first when the buffer is
        empty), as a list iterator; None when there are no more rows. The rows count as taken;
        a later fetch gives back those whose items were not handed out yet. ``many`` must make
        exactly one item per row (uniqueness is applied by the caller, per item handed out)."""
        if self._lent is not None:
            self._reclaim()
        rows, pos = self.rows, self.pos
        # The cyclic GC is paused while rows are read and made into items, and items are made
        # at most _MAKE at a time: a collection finding a whole chunk of new objects alive
        # promotes them all, and the GC then keeps walking them (a third of the cost of
        # iterating with yield_per(1000) on SQLite). Driver rows and Rows form no cycles.
        enabled = gc.isenabled()
        if enabled:
            gc.disable()
        try:
            if pos >= len(rows):
                if not self._read(size):
                    return None
                rows, pos = self.rows, 0
            end = pos + _MAKE
            items = many(rows[pos:end] if pos or end < len(rows) else rows)
        finally:
            if enabled:
                gc.enable()
        self.pos = end = pos + len(items)
        it = iter(items)
        self._lent = it
        self._lent_end = end
        return it

    def _reclaim(self) -> None:
        # Rows whose items the lent iterator has not handed out go back to the buffer; the
        # iterator is stopped (its index moved past the end) so it hands out nothing twice.
        it = self._lent
        self._lent = None
        left = it.__length_hint__()
        if left:
            self.pos = self._lent_end - left
            it.__setstate__(1 << 62)

    def _read(self, size: int) -> bool:
        """Replace the (consumed) buffer with up to ``size`` new rows; False when exhausted."""
        return False

    # -- the fetch API results use ----------------------------------------------------------------

    def fetchone(self) -> Any:
        if self._lent is not None:
            self._reclaim()
        pos = self.pos
        if pos < len(self.rows):
            self.pos = pos + 1
            return self.rows[pos]
        return self._fetchone()

    def _fetchone(self) -> Any:
        return None

    def fetchmany(self, size: int) -> list[Any]:
        if self._lent is not None:
            self._reclaim()
        rows, pos = self.rows, self.pos
        if pos >= len(rows):
            return self._fetchmany(size)
        if pos == 0 and len(rows) == size and type(rows) is list:
            self.rows, self.pos = _EMPTY, 0
            return rows  # the whole chunk, no copy
        taken = list(rows[pos:pos + size])
        self.pos = pos + len(taken)
        if len(taken) < size:
            taken.extend(self._fetchmany(size - len(taken)))
        return taken

    def _fetchmany(self, size: int) -> list[Any]:
        return []

    def fetchall(self) -> list[Any]:
        if self._lent is not None:
            self._reclaim()
        rows, pos = self.rows, self.pos
        self.rows, self.pos = _EMPTY, 0
        if pos < len(rows):
            buffered = rows if pos == 0 and type(rows) is list else list(rows[pos:])
            rest = self._fetchall()
            if rest:
                buffered.extend(rest)
            return buffered
        return self._fetchall()

    def _fetchall(self) -> list[Any]:
        return []

    def fill(self, size: int) -> None:
        """Read up to ``size`` rows ahead into the buffer (kept after the ones already there)."""
        if self._lent is not None:
            self._reclaim()
        rows, pos = self.rows, self.pos
        ahead = self._fetchmany(size)
        if ahead:
            self.rows = list(rows[pos:]) + ahead if pos < len(rows) else ahead
            self.pos = 0

    def close(self) -> None:
        if self._lent is not None:
            self._reclaim()
        self.rows, self.pos = _EMPTY, 0


class ListSource(RowSource):
    """Rows from a list (frozen results, buffered rows)."""

    __slots__ = ()


class IteratorSource(RowSource):
    """Rows from a Python iterator, read as they are asked for (IteratorResult over a
    generator, ChunkedIteratorResult, MergedResult). ``replace(iterator)`` goes on from another
    iterator, keeping the rows already read ahead."""

    __slots__ = ("iterator",)

    def __init__(self, iterator: Iterator[Any]) -> None:
        super().__init__(_EMPTY)
        self.iterator = iterator

    def replace(self, iterator: Iterator[Any]) -> None:
        self.iterator = iterator

    def _read(self, size: int) -> bool:
        rows = self._fetchmany(size)
        if not rows:
            return False
        self.rows, self.pos = rows, 0
        return True

    def _fetchone(self) -> Any:
        return next(self.iterator, None)

    def _fetchmany(self, size: int) -> list[Any]:
        return list(islice(self.iterator, size))

    def _fetchall(self) -> list[Any]:
        return list(self.iterator)

    def close(self) -> None:
        super().close()
        self.iterator = iter(())


class CursorSource(RowSource):
    """Rows from a DB-API cursor; the cursor is closed as soon as it is exhausted.

    With ``keep_rowcount``, the cursor's ``rowcount`` is read just before it is closed and kept
    in ``rowcount`` (None until then): psycopg reports -1 once its cursor is closed."""

    __slots__ = ("cursor", "rowcount", "_keep_rowcount")

    def __init__(self, cursor: Any, keep_rowcount: bool = False) -> None:
        super().__init__(_EMPTY)
        self.cursor = cursor
        self.rowcount: int | None = None
        self._keep_rowcount = keep_rowcount

    def _read(self, size: int) -> bool:
        rows = self.cursor.fetchmany(size)
        if not rows:
            self._close_cursor()
            return False
        self.rows, self.pos = rows, 0
        return True

    def _fetchone(self) -> Any:
        row = self.cursor.fetchone()
        if row is None:
            self._close_cursor()
        return row

    def _fetchmany(self, size: int) -> list[Any]:
        rows = self.cursor.fetchmany(size)
        if not rows:
            self._close_cursor()
        return rows  # type: ignore[no-any-return]

    def _fetchall(self) -> list[Any]:
        rows = self.cursor.fetchall()
        self._close_cursor()
        return rows if type(rows) is list else list(rows)

    def close(self) -> None:
        super().close()
        self._close_cursor()

    def _close_cursor(self) -> None:
        cursor = self.cursor
        if cursor is _EXHAUSTED:
            return
        self.cursor = _EXHAUSTED
        if self._keep_rowcount:
            try:
                self.rowcount = int(cursor.rowcount)
            except Exception:
                self.rowcount = -1
        try:
            cursor.close()
        except Exception:
            pass


class _Exhausted:
    """Stands in for a closed cursor: no more rows."""

    arraysize = 1

    def fetchone(self) -> None:
        return None

    def fetchmany(self, size: int = 1) -> list[Any]:
        return []

    def fetchall(self) -> list[Any]:
        return []

    def close(self) -> None:
        pass


_EXHAUSTED = _Exhausted()


class _NoRows:
    """Source of a result that never had rows (INSERT/UPDATE/DELETE without RETURNING)."""

    def _fail(self, *a: Any) -> Any:
        raise ResourceClosedError(
            "This result object does not return rows. It has been closed automatically."
        )

    fetchone = fetchmany = fetchall = _fail

    def close(self) -> None:
        pass


class _Closed:
    """Source of a closed result: every fetch raises."""

    def _fail(self, *a: Any) -> Any:
        raise ResourceClosedError("This result object is closed.")

    fetchone = fetchmany = fetchall = _fail

    def close(self) -> None:
        pass


NO_ROWS = _NoRows()
CLOSED = _Closed()
