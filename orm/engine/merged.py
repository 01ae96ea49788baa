"""Results made of other row streams: ``ChunkedIteratorResult`` (rows from a function that hands
out chunks of a requested size) and ``MergedResult`` (``Result.merge``: the rows of several
results of the same columns, one after the other).

    merged = conn.execute(select(t).where(t.c.x < 5)).merge(conn.execute(select(t).where(t.c.x > 9)))
    merged.all()

Both read lazily through an ``IteratorSource`` (orm.engine.row_source), so ``fetchone``,
``fetchmany``, ``partitions``, iteration and ``unique()`` behave as on any Result.
"""
from __future__ import annotations

from itertools import chain
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar

from orm.engine.result import IteratorResult, Result, ResultMetaData
from orm.engine.row_source import IteratorSource
from orm.exc import ArgumentError

__all__ = ["ChunkedIteratorResult", "MergedResult"]

_TP = TypeVar("_TP", bound=tuple[Any, ...])
_MERGE_CHUNK = 100  # rows taken from one merged result at a time


class ChunkedIteratorResult(IteratorResult[_TP]):
    """A Result whose rows come from ``chunks(size)``: a function returning an iterator of
    lists of rows, ``size`` rows each (``None``: any size). It is called again, to go on from
    where the rows are with a new size, by ``yield_per(n)``, and with ``dynamic_yield_per=True``
    by each ``fetchmany(n)``::

        def chunks(size):
            while rows := cursor.fetchmany(size or 100):
                yield rows

        result = ChunkedIteratorResult(ResultMetaData(["id"]), chunks).yield_per(10)
    """

    def __init__(self, cursor_metadata: ResultMetaData | Sequence[str],
                 chunks: Callable[[Optional[int]], Iterator[Sequence[Any]]],
                 source_supports_scalars: bool = False, raw: Result[Any] | None = None,
                 dynamic_yield_per: bool = False) -> None:
        if not callable(chunks):
            raise ArgumentError(f"ChunkedIteratorResult needs a callable chunks(size), got {chunks!r}")
        self.chunks = chunks
        self.dynamic_yield_per = dynamic_yield_per
        super().__init__(cursor_metadata, chain.from_iterable(chunks(None)), raw=raw)

    def _restart(self, size: Optional[int]) -> None:
        src = self._src()
        if isinstance(src, IteratorSource):
            # rows already read ahead stay in the source's buffer; the rest come in new chunks
            src.replace(chain.from_iterable(self.chunks(size)))

    def yield_per(self, num: int) -> "ChunkedIteratorResult[_TP]":
        """Read ``num`` rows at a time: ``chunks(num)`` is called to go on. Returns this result."""
        self._restart(num)
        return super().yield_per(num)

    def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        if self.dynamic_yield_per:
            self._restart(size)
        return super().fetchmany(size)

    def _close(self) -> None:
        super()._close()
        self.chunks = _no_chunks


def _no_chunks(size: Optional[int]) -> Iterator[Sequence[Any]]:
    return iter(())


class MergedResult(IteratorResult[_TP]):
    """The rows of several results with the same columns, one result after another; made by
    ``Result.merge(*others)`` with the first result's metadata, ``unique()`` strategy and
    ``yield_per``. Closing it closes them all. ``rowcount``: the sum of the results'
    rowcounts when merged from a CursorResult whose rowcount was kept, else None."""

    rowcount: Optional[int] = None

    def __init__(self, cursor_metadata: ResultMetaData, results: Sequence[Result[Any]]) -> None:
        results = tuple(results)
        if not results:
            raise ArgumentError("MergedResult needs at least one result")
        for r in results:
            if not isinstance(r, Result):
                raise ArgumentError(f"Result.merge() takes Result objects, got {r!r}")
            if len(r._metadata.keys) != len(cursor_metadata.keys):
                raise ArgumentError(
                    f"can't merge a result of columns {list(r._metadata.keys)} into one of "
                    f"{list(cursor_metadata.keys)}"
                )
        self._results = results
        first = results[0]
        super().__init__(cursor_metadata, chain.from_iterable(_raw_rows(r) for r in results))
        # rows are made by the first result's functions (the raw rows of all have its shape)
        self._one, self._many = first._one, first._many
        if first._unique_key is not None:
            self.unique(first._unique_key)
        self._yield_per = first._yield_per

    def _soft_close(self) -> None:
        super()._soft_close()
        for r in self._results:
            r._soft_close()

    def _close(self) -> None:
        super()._close()
        for r in self._results:
            r.close()


def _raw_rows(result: Result[Any]) -> Iterator[Any]:
    """The driver rows ``result`` has left, read a chunk at a time (its cursor closes when it
    is exhausted, as it would on its own)."""
    src = result._src()
    while True:
        rows = src.fetchmany(_MERGE_CHUNK)
        if not rows:
            return
        yield from rows
