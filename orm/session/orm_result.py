"""The Result of an ORM query: rows whose items are objects (``select(User, Address)``), plain
values (``select(User.id)``), or both.

Rows are made into objects before the Result is returned (eager loaders need every row of the
parent first, as in SQLAlchemy); with ``yield_per`` they are made a chunk at a time.  For a
single-entity query the items are the objects themselves, so ``scalars().all()`` builds no Row.

Example::

    result = session.execute(select(User).order_by(User.id))
    result.scalars().all()          # [User, User, ...]
"""
from __future__ import annotations

import gc
import itertools
import operator
from typing import Any, Callable, Iterator, Optional, Sequence

from orm import exc
from orm.engine.result import MappingResult, Result, ResultMetaData, ScalarResult, _ListSource
from orm.engine.row import row_class

from .orm_unique import item_filters, row_key

_UNIQUE_MSG = ("The unique() method must be invoked on this Result, as it contains results that "
               "include joined eager loads against collections")

_new = object.__new__


class _Maker:
    __slots__ = ("one", "many")

    def __init__(self, one: Callable[[Any], Any], many: Callable[[Any], list[Any]]) -> None:
        self.one = one
        self.many = many


class ORMResultMetaData(ResultMetaData):
    """Keys and row class of an ORM result; an item is an object (single entity) or a tuple."""

    __slots__ = ("single", "entity_flags")

    def __init__(self, keys: Sequence[str], single: bool, entity_flags: Sequence[bool]) -> None:
        self.keys = tuple(keys)
        self.width = len(self.keys)
        self.processors = [None] * self.width
        self.row_cls = row_cls = row_class(self.keys)
        self.single = single
        self.entity_flags = tuple(entity_flags)
        self._scalar_cache = {}
        if single:
            def one(item: Any) -> Any:
                row = _new(row_cls)
                row._data = (item,)
                return row

            def many(items: Any) -> list[Any]:
                out: list[Any] = []
                append = out.append
                for item in items:
                    row = _new(row_cls)
                    row._data = (item,)
                    append(row)
                return out
        else:
            def one(item: Any) -> Any:
                row = _new(row_cls)
                row._data = item
                return row

            def many(items: Any) -> list[Any]:
                out: list[Any] = []
                append = out.append
                for item in items:
                    row = _new(row_cls)
                    row._data = item
                    append(row)
                return out
        self.maker = _Maker(one, many)  # type: ignore[assignment]

    def scalar_getters(self, index: int) -> tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]:
        if self.single:
            if index not in (0, -1):
                raise IndexError(index)
            return _same, list
        getter = operator.itemgetter(index)
        return getter, lambda items: list(map(getter, items))

    def maker_positions(self) -> list[int]:
        return list(range(self.width))

    def subset(self, indexes: Sequence[int]) -> ResultMetaData:
        raise exc.InvalidRequestError("columns() is not available on ORM results; select the columns instead")


def _same(x: Any) -> Any:
    return x


class ORMResult(Result):
    """The Result of an ORM select (see the module docstring)."""

    _require_unique = False
    #: what unique() needs to know (set by the ORM execution): the selected entities, whether the
    #: legacy Query runs it, and yield_per (see orm.session.orm_unique)
    _entities: Sequence[Any] = ()
    _legacy = False
    _orm_yield_per: Any = None

    def __init__(self, metadata: ORMResultMetaData, source: Any, require_unique: bool = False) -> None:
        super().__init__(metadata, source)
        self._require_unique = require_unique

    def _item_filters(self) -> list[Any]:
        return item_filters(self._entities, self._legacy, self._orm_yield_per)

    def _check_unique(self) -> None:
        if self._require_unique and self._unique_key is None:
            raise exc.InvalidRequestError(_UNIQUE_MSG)

    def _fetchall_items(self) -> list[Any]:
        self._check_unique()
        return super()._fetchall_items()

    def _fetchone_item(self) -> Any:
        self._check_unique()
        return super()._fetchone_item()

    def _fetchmany_items(self, size: int) -> list[Any]:
        self._check_unique()
        return super()._fetchmany_items(size)

    def _iter_items(self) -> Iterator[Any]:
        src = self._src()
        if isinstance(src, StreamSource) and self._unique_key is None:
            self._check_unique()
            return src.iter_items(self._one)
        return super()._iter_items()

    def unique(self, strategy: Optional[Callable[[Any], Any]] = None) -> "ORMResult":
        """Drop repeated rows; entities compare by identity (orm.session.orm_unique)."""
        if strategy is None:
            strategy = row_key(self._item_filters())
        super().unique(strategy)
        return self

    def mappings(self) -> "ORMMappingResult":
        return ORMMappingResult(self)

    def scalars(self, index: int | str = 0) -> "ORMScalarResult":
        if not isinstance(index, int):
            index = self._metadata.index_for(index)  # type: ignore[assignment]
        return ORMScalarResult(self, index)  # type: ignore[arg-type]

    def scalar(self) -> Any:
        self._check_unique()
        return super().scalar()


class ORMScalarResult(ScalarResult):
    """``scalars()`` of an ORM result; uniqueness of objects is by identity."""

    def __init__(self, parent: ORMResult, index: int) -> None:
        self._entity = bool(parent._metadata.entity_flags[index])  # type: ignore[attr-defined]
        self._index = index
        super().__init__(parent, index)

    def unique(self, strategy: Optional[Callable[[Any], Any]] = None) -> "ORMScalarResult":
        if strategy is None:
            parent = self._parent
            if isinstance(parent, ORMResult) and parent._entities:
                strategy = parent._item_filters()[self._index]
            elif self._entity:
                strategy = id
        super().unique(strategy)
        return self

    def _check_unique(self) -> None:
        parent = self._parent
        if getattr(parent, "_require_unique", False) and self._unique_key is None:
            raise exc.InvalidRequestError(_UNIQUE_MSG)

    def _fetchall_items(self) -> list[Any]:
        self._check_unique()
        return super()._fetchall_items()

    def _fetchone_item(self) -> Any:
        self._check_unique()
        return super()._fetchone_item()

    def _fetchmany_items(self, size: int) -> list[Any]:
        self._check_unique()
        return super()._fetchmany_items(size)

    def _iter_items(self) -> Iterator[Any]:
        src = self._src()
        if isinstance(src, StreamSource) and self._unique_key is None:
            self._check_unique()
            return src.iter_items(self._one)
        return super()._iter_items()


class ORMMappingResult(MappingResult):
    """``mappings()`` of an ORM result: unique() compares rows as the ORM result does."""

    def unique(self, strategy: Optional[Callable[[Any], Any]] = None) -> "ORMMappingResult":
        if strategy is None:
            parent = self._parent
            key = row_key(parent._item_filters()) if isinstance(parent, ORMResult) else None
            if key is not None:
                strategy = lambda mapping: key(mapping._row)  # noqa: E731
        super().unique(strategy)
        return self


class StreamSource:
    """Driver rows made into items a chunk at a time (``yield_per``).

    Items not yet handed out are ``_buffer[_pos:]``: taking one moves ``_pos`` instead of
    shifting the list (``pop(0)`` is O(n) per row).  Iteration *lends* the rest of a chunk as a
    list iterator (handed out by ``itertools.chain`` in C, no Python frame per item); any fetch
    first reclaims what the lent iterator has not handed out yet (``_reclaim``), so mixing
    iteration with ``fetchone``/``fetchmany``/``all`` neither skips nor repeats items.
    """

    __slots__ = ("_raw", "_make", "_size", "_buffer", "_pos", "_closed", "_lent", "_lent_buf")

    def __init__(self, raw: Any, make: Callable[[list[Any]], list[Any]], size: int) -> None:
        self._raw = raw
        self._make = make
        self._size = size
        self._buffer: list[Any] = []
        self._pos = 0
        self._closed = False
        self._lent: Any = None      # the list iterator iteration is reading, if any
        self._lent_buf: Any = None  # the chunk it reads

    def _reclaim(self) -> None:
        it, buf = self._lent, self._lent_buf
        self._lent = self._lent_buf = None
        left = it.__length_hint__()
        it.__setstate__(len(buf))  # the lent iterator hands out nothing more
        if buf is self._buffer:
            self._pos = len(buf) - left

    def _fill(self, n: int) -> None:
        if len(self._buffer) - self._pos >= n or self._closed:
            return
        # the GC stays paused while a chunk is fetched AND made into objects, as for .all():
        # collections triggered midway would walk the whole, growing heap again and again
        if gc.isenabled():
            gc.disable()
            try:
                self._fill_chunks(n)
            finally:
                resume_gc()
        else:
            self._fill_chunks(n)

    def _fill_chunks(self, n: int) -> None:
        fetch, make, size = self._raw.fetchmany, self._make, self._size
        while len(self._buffer) - self._pos < n:
            # always yield_per rows a chunk: post loaders (selectin) run once per chunk, and
            # fetchall() must not hand the driver an unbounded size
            raws = fetch(size)
            if not raws:
                self._closed = True
                return
            items = make(raws)
            if self._pos >= len(self._buffer):
                self._buffer = items
            else:
                self._buffer = self._buffer[self._pos:] + items
            self._pos = 0

    def fetchone(self) -> Any:
        if self._lent is not None:
            self._reclaim()
        pos = self._pos
        if pos >= len(self._buffer):
            self._fill(1)
            pos = self._pos
            if pos >= len(self._buffer):
                return None
        self._pos = pos + 1
        return self._buffer[pos]

    def iter_items(self, one: Callable[[Any], Any]) -> Iterator[Any]:
        """The remaining items, each passed through ``one`` (see the class doc)."""
        return itertools.chain.from_iterable(self._lend_chunks(one))

    def _lend_chunks(self, one: Callable[[Any], Any]) -> Iterator[Iterator[Any]]:
        plain = one is _same
        while True:
            if self._lent is not None:
                self._reclaim()
            # the iterators are made with the GC still paused after the chunk was: the first
            # allocation once it is back on would start a collection over the new chunk, and
            # these collections add up to full ones over the whole growing heap
            enabled = gc.isenabled()
            if enabled:
                gc.disable()
            try:
                buf, pos = self._buffer, self._pos
                if pos >= len(buf):
                    self._fill(1)
                    buf, pos = self._buffer, self._pos
                    if pos >= len(buf):
                        return
                it = iter(buf)
                if pos:
                    it.__setstate__(pos)
                self._lent, self._lent_buf = it, buf
                self._pos = len(buf)
                lent = it if plain else map(one, it)
            finally:
                if enabled:
                    resume_gc()
            yield lent

    def fetchmany(self, size: int) -> list[Any]:
        if self._lent is not None:
            self._reclaim()
        self._fill(size)
        buf, pos = self._buffer, self._pos
        if pos == 0 and len(buf) <= size:
            # the common yield_per case: the whole chunk, handed over without a copy
            self._buffer = []
            return buf
        out = buf[pos:pos + size]
        self._pos = pos + len(out)
        return out

    def fetchall(self) -> list[Any]:
        if self._lent is not None:
            self._reclaim()
        self._fill(1 << 62)
        out = self._buffer[self._pos:] if self._pos else self._buffer
        self._buffer, self._pos = [], 0
        return out

    def close(self) -> None:
        if self._lent is not None:
            self._reclaim()
        self._closed = True
        self._buffer, self._pos = [], 0
        self._raw.close()


def buffered(items: list[Any]) -> _ListSource:
    return _ListSource(items)


def no_gc(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` with the cyclic GC paused: building many objects (none forming cycles of their
    own) otherwise triggers collections over an ever-growing heap."""
    if gc.isenabled():
        gc.disable()
        try:
            return fn()
        finally:
            resume_gc()
    return fn()


# young allocations since the last collection above which resume_gc promotes them
_PROMOTE_AFTER = 10_000


def resume_gc() -> None:
    """Turn the GC back on after objects were built with it paused.

    Those objects live as long as the Session holds them, yet the first collections would
    traverse them all, once as young and once as middle-aged objects (a quarter of the time of
    loading 200k objects, or of the Session.close() after a yield_per loop).  When many were
    made, they go straight to the oldest generation instead, as collections would eventually
    put them: ``gc.freeze()`` + ``gc.unfreeze()``, two list splices.  Other young objects of
    the process go along; a cycle among them waits for the next full collection.  Skipped when
    the application keeps objects frozen itself (``gc.freeze()`` before forking workers), which
    unfreeze would undo.
    """
    if gc.get_count()[0] > _PROMOTE_AFTER and not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
    gc.enable()
