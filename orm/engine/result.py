"""Results: ``Result``, ``CursorResult`` and the filtered views ``ScalarResult``,
``MappingResult``, ``TupleResult``; ``FrozenResult`` for caching.

    result = conn.execute(select(users))
    for row in result: ...
    result.all(); result.first(); result.one(); result.scalar_one()
    result.scalars().all(); result.mappings().first()["name"]

A result reads driver rows from a *source* (the DB-API cursor, or a list) and turns them into
items with functions made once per shape (``orm.engine.row.RowMaker``): Rows for ``Result``,
single processed values for ``ScalarResult``, ``RowMapping`` for ``MappingResult``.
"""
from __future__ import annotations

import gc
import operator
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterable, Iterator, Literal, Optional, Self, Sequence, TypeVar, overload

from orm.engine.row import Row, RowMaker, RowMapping, make_row, mapping_makers, result_tuple, row_class
from orm.engine.row_source import CLOSED, NO_ROWS, CursorSource, IteratorSource, ListSource, RowSource
from orm.exc import (
    InvalidRequestError,
    MultipleResultsFound,
    NoResultFound,
    NoSuchColumnError,
    ResourceClosedError,
)

if TYPE_CHECKING:
    from orm.engine.default import DefaultExecutionContext
    from orm.engine.merged import MergedResult

__all__ = [
    "Result", "CursorResult", "ScalarResult", "MappingResult", "TupleResult", "FrozenResult",
    "IteratorResult", "ResultMetaData", "Row", "RowMapping", "RMKeyView", "result_tuple",
]

_CHUNK = 500  # default partitions() size
# rows read from the cursor at a time while iterating (without yield_per); with three tracked
# objects per item (driver tuple, Row, RowMapping) a chunk stays under the GC's young-generation
# threshold (700), so iterating triggers no collections over live rows (row_source.lend)
_ITER_CHUNK = 256

# typing: results are generic over their items (rows of a tuple type, scalars, mappings)
_R = TypeVar("_R")
_T = TypeVar("_T")
_TP = TypeVar("_TP", bound=tuple[Any, ...])


class RMKeyView:
    """``result.keys()``: the column keys, list-like (``in``, iteration, ``==`` a list)."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Sequence[str]) -> None:
        self._keys = tuple(keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, i: Any) -> Any:
        return self._keys[i]

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RMKeyView):
            return self._keys == other._keys
        if isinstance(other, (list, tuple)):
            return list(self._keys) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"RMKeyView({list(self._keys)!r})"


_EMPTY_META: list["ResultMetaData"] = []


def _empty_metadata() -> "ResultMetaData":
    """The metadata of results without rows (INSERT/UPDATE/DELETE): built once, since building
    metadata generates code for the row shape."""
    if not _EMPTY_META:
        _EMPTY_META.append(ResultMetaData(()))
    return _EMPTY_META[0]


class ResultMetaData:
    """Keys, value processors and the Row class of one result shape."""

    __slots__ = ("keys", "processors", "row_cls", "maker", "width", "_scalar_cache")

    def __init__(self, keys: Sequence[str], processors: Sequence[Callable[[Any], Any] | None] | None = None,
                 extra: Sequence[tuple[Any, int]] | None = None,
                 indexes: Sequence[int] | None = None) -> None:
        self.keys = tuple(keys)
        self.width = len(self.keys)
        procs = list(processors) if processors is not None else [None] * self.width
        self.processors = procs
        self.row_cls = row_class(self.keys, extra)
        self.maker = RowMaker(self.row_cls, indexes, procs, self.width)
        self._scalar_cache: dict[int, tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]] = {}

    @classmethod
    def from_description(cls, description: Sequence[Sequence[Any]]) -> ResultMetaData:
        return cls([d[0] for d in description])

    def index_for(self, key: Any, raiseerr: bool = True) -> int | None:
        index = self.row_cls._parent.index_for(key)
        if index is None and raiseerr:
            raise NoSuchColumnError(f"Could not locate column in row for column {key!r}")
        return index

    def scalar_getters(self, index: int) -> tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]:
        getters = self._scalar_cache.get(index)
        if getters is None:
            raw_pos = self.maker_positions()[index]
            getters = RowMaker.scalar_getters(raw_pos, self.processors[index])
            self._scalar_cache[index] = getters
        return getters

    def maker_positions(self) -> list[int]:
        return list(self._positions) if hasattr(self, "_positions") else list(range(self.width))

    def subset(self, indexes: Sequence[int]) -> ResultMetaData:
        """Metadata for ``columns(...)``: the given columns, in that order, from the same rows."""
        positions = self.maker_positions()
        new = _SubsetMetaData([self.keys[i] for i in indexes],
                              [self.processors[i] for i in indexes],
                              indexes=[positions[i] for i in indexes])
        return new


class _SubsetMetaData(ResultMetaData):
    __slots__ = ("_positions",)

    def __init__(self, keys: Sequence[str], processors: Sequence[Any], indexes: Sequence[int]) -> None:
        self._positions = list(indexes)
        super().__init__(keys, processors, indexes=indexes)


# the row sources live in orm.engine.row_source; these names are what other modules import
_ListSource = ListSource
_CursorSource = CursorSource
_NO_ROWS = NO_ROWS
_CLOSED = CLOSED


_NO_ITEM: Any = object()


def _identity(x: Any) -> Any:
    return x


class _ResultBase(Generic[_R]):
    """Fetching logic shared by Result and its filtered views (items of type ``_R``)."""

    _metadata: ResultMetaData
    _source: Any
    _one: Callable[[Any], Any]
    _many: Callable[[Any], list[Any]]
    _unique_key: Callable[[Any], Any] | None = None
    _yield_per: int | None = None
    _parent: _ResultBase | None = None
    #: what unique() compares when given no strategy: the item itself (``_identity``) or a
    #: cheaper equivalent (a Row's value tuple hashes and compares in C)
    _item_key: Callable[[Any], Any] = staticmethod(_identity)

    def _src(self) -> Any:
        return self._parent._src() if self._parent is not None else self._source

    # -- item fetching (unique-aware) ----------------------------------------------------------

    def _fetchall_items(self) -> list[Any]:
        # Building a large list of new objects makes the cyclic GC run full collections over
        # an ever-growing heap (about half the cost of a 500k-row fetch). Rows and driver tuples
        # cannot form cycles, so collection is paused while they are made.
        if gc.isenabled():
            gc.disable()
            try:
                items = self._many(self._src().fetchall())
            finally:
                gc.enable()
        else:
            items = self._many(self._src().fetchall())
        if self._unique_key is not None:
            items = self._uniq(items)
        return items

    def _uniq(self, items: list[Any]) -> list[Any]:
        key = self._unique_key
        seen = self._seen
        out: list[Any] = []
        append, add = out.append, seen.add
        if key is _identity:
            for item in items:
                if item not in seen:
                    add(item)
                    append(item)
        else:
            for item in items:
                k = key(item)  # type: ignore[misc]
                if k not in seen:
                    add(k)
                    append(item)
        return out

    def _check_unique(self) -> None:
        """Hook run before items are fetched (ORM results require ``unique()`` for joined eager
        collections)."""

    def _fetchone_item(self) -> Any:
        """The next item, or ``_NO_ITEM`` (a scalar item may itself be None)."""
        src = self._src()
        while True:
            raw = src.fetchone()
            if raw is None:
                return _NO_ITEM
            item = self._one(raw)
            if self._unique_key is None:
                return item
            if self._uniq([item]):
                return item

    def _fetchmany_items(self, size: int) -> list[Any]:
        src = self._src()
        if self._unique_key is None:
            return self._many(src.fetchmany(size))
        out: list[Any] = []
        while len(out) < size:
            raws = src.fetchmany(size - len(out))
            if not raws:
                break
            out.extend(self._uniq(self._many(raws)))
        return out

    def _iter_items(self) -> Iterator[Any]:
        # A chunk of driver rows at a time is made into items by one call of the shape's
        # ``many()`` and handed out from a list iterator the source lends (see
        # orm.engine.row_source): no Python call per row, and rows read ahead but not yet
        # handed out go back to the source if fetchone()/all() is called in between.
        self._check_unique()
        src = self._src()
        if not isinstance(src, RowSource):
            yield from self._iter_one_by_one()
            return
        size = self._yield_per or _ITER_CHUNK
        many = self._many
        lend = src.lend
        key = self._unique_key
        if key is None:
            while True:
                items = lend(many, size)
                if items is None:
                    break
                yield from items
        else:
            seen = self._seen
            add = seen.add
            while True:
                items = lend(many, size)
                if items is None:
                    break
                if key is _identity:
                    for item in items:
                        if item not in seen:
                            add(item)
                            yield item
                else:
                    for item in items:
                        k = key(item)
                        if k not in seen:
                            add(k)
                            yield item
        if self._src() is not src:
            # closed (or re-sourced) while iterating: the new source decides (closed raises)
            yield from self._iter_one_by_one()

    def _iter_one_by_one(self) -> Iterator[Any]:
        """Iteration over a source that is not a RowSource (closed, no rows, ORM streams)."""
        while True:
            item = self._fetchone_item()
            if item is _NO_ITEM:
                return
            yield item

    def _soft_close(self) -> None:
        src = self._src()
        if isinstance(src, _CursorSource):
            src.close()

    # -- the public fetch API -----------------------------------------------------------------

    def __iter__(self) -> Iterator[_R]:
        return self._iter_items()

    def __next__(self) -> _R:
        item = self._fetchone_item()
        if item is _NO_ITEM:
            raise StopIteration
        return item

    def all(self) -> Sequence[_R]:
        """Every remaining item, as a list."""
        return self._fetchall_items()

    def fetchall(self) -> Sequence[_R]:
        return self._fetchall_items()

    def fetchone(self) -> Optional[_R]:
        """The next item, or None when there are no more."""
        item = self._fetchone_item()
        return None if item is _NO_ITEM else item

    def fetchmany(self, size: int | None = None) -> Sequence[_R]:
        """Up to ``size`` more items (default: ``yield_per``, else the cursor's arraysize)."""
        if size is None:
            size = self._yield_per or getattr(getattr(self._src(), "cursor", None), "arraysize", 1)
        return self._fetchmany_items(size or 1)

    def partitions(self, size: int | None = None) -> Iterator[Sequence[_R]]:
        """Yield lists of up to ``size`` items (default ``yield_per``) until exhausted."""
        size = size or self._yield_per or _CHUNK
        while True:
            part = self._fetchmany_items(size)
            if not part:
                return
            yield part

    def first(self) -> Optional[_R]:
        """The first item or None; the rest is discarded and the result closed."""
        item = self._fetchone_item()
        self._soft_close()
        return None if item is _NO_ITEM else item

    def one_or_none(self) -> Optional[_R]:
        """The only item, None if there is none; MultipleResultsFound if more than one."""
        first = self._fetchone_item()
        if first is _NO_ITEM:
            self._soft_close()
            return None
        if self._fetchone_item() is not _NO_ITEM:
            self._soft_close()
            raise MultipleResultsFound()
        self._soft_close()
        return first

    def one(self) -> _R:
        """The only item; NoResultFound if none, MultipleResultsFound if more than one."""
        first = self._fetchone_item()
        if first is _NO_ITEM:
            self._soft_close()
            raise NoResultFound()
        if self._fetchone_item() is not _NO_ITEM:
            self._soft_close()
            raise MultipleResultsFound()
        self._soft_close()
        return first

    def unique(self, strategy: Callable[[Any], Any] | None = None) -> Self:
        """Drop repeated items (by value, or by ``strategy(item)``). Returns this result."""
        self._unique_key = strategy or self._item_key
        self._seen: set[Any] = set()
        return self

    def yield_per(self, num: int) -> Self:
        """Fetch ``num`` rows at a time while iterating / partitioning. Returns this result."""
        self._yield_per = num
        return self

    def close(self) -> None:
        if self._parent is not None:
            self._parent.close()
        else:
            self._close()

    def _close(self) -> None:
        raise NotImplementedError

    @property
    def closed(self) -> bool:
        return self._src() is _CLOSED

    def keys(self) -> RMKeyView:
        return RMKeyView(self._metadata.keys)


class Result(_ResultBase["Row[_TP]"], Generic[_TP]):
    """Rows of an executed statement (see the module docstring for the API); for type checkers
    generic over the row's tuple type (``Result[tuple[int, str]]``)."""

    _item_key = operator.attrgetter("_data")

    def __init__(self, metadata: ResultMetaData | None, source: Any) -> None:
        self._source = source
        self._metadata = metadata if metadata is not None else _empty_metadata()
        self._one = self._metadata.maker.one
        self._many = self._metadata.maker.many

    def _close(self) -> None:
        src = self._source
        self._source = _CLOSED
        if src is not _CLOSED:
            src.close()

    # -- single values ------------------------------------------------------------------------

    @overload
    def scalar(self: "Result[tuple[_T]]") -> Optional[_T]: ...

    @overload
    def scalar(self) -> Any: ...

    def scalar(self) -> Any:
        """The first column of the first row (None if no rows); closes the result."""
        src = self._src()
        raw = src.fetchone()
        self._soft_close()
        if raw is None:
            return None
        return self._metadata.scalar_getters(0)[0](raw)

    @overload
    def scalar_one(self: "Result[tuple[_T]]") -> _T: ...

    @overload
    def scalar_one(self) -> Any: ...

    def scalar_one(self) -> Any:
        """The first column of the only row (NoResultFound / MultipleResultsFound otherwise)."""
        return self.scalars().one()

    @overload
    def scalar_one_or_none(self: "Result[tuple[_T]]") -> Optional[_T]: ...

    @overload
    def scalar_one_or_none(self) -> Any: ...

    def scalar_one_or_none(self) -> Any:
        return self.scalars().one_or_none()

    # -- views --------------------------------------------------------------------------------

    @overload
    def scalars(self: "Result[tuple[_T]]", index: Literal[0] = ...) -> "ScalarResult[_T]": ...

    @overload
    def scalars(self: "Result[tuple[_T, Any]]", index: Literal[0] = ...) -> "ScalarResult[_T]": ...

    @overload
    def scalars(self, index: int | str = 0) -> "ScalarResult[Any]": ...

    def scalars(self, index: int | str = 0) -> "ScalarResult[Any]":
        """A ScalarResult of one column's values (the first by default)."""
        if not isinstance(index, int):
            index = self._metadata.index_for(index)  # type: ignore[assignment]
        return ScalarResult(self, index)  # type: ignore[arg-type]

    def mappings(self) -> MappingResult:
        """A MappingResult: each row as a RowMapping (dict-like)."""
        return MappingResult(self)

    def tuples(self) -> "TupleResult[_TP]":
        """This result, typed as tuples (rows are already tuple-like)."""
        return self  # type: ignore[return-value]

    @property
    def t(self) -> "TupleResult[_TP]":
        return self  # type: ignore[return-value]

    def columns(self, *keys: Any) -> "Result[Any]":
        """A result of the given columns (keys, names, positions or column objects), in order."""
        indexes = []
        for key in keys:
            index = self._metadata.index_for(key)
            assert index is not None
            indexes.append(index if index >= 0 else index + self._metadata.width)
        new = Result.__new__(type(self) if type(self) is Result else Result)
        new._metadata = self._metadata.subset(indexes)
        new._parent = self
        new._one = new._metadata.maker.one
        new._many = new._metadata.maker.many
        new._unique_key = self._unique_key
        if self._unique_key is not None:
            new._seen = set()
        new._yield_per = self._yield_per
        return new

    def with_new_columns(self, *keys: Any) -> Result:  # pragma: no cover - alias
        return self.columns(*keys)

    def merge(self, *others: "Result[Any]") -> "MergedResult[_TP]":
        """A MergedResult: this result's rows, then each of ``others``' in turn, made with this
        result's metadata (the others must have the same columns)::

            merged = conn.execute(stmt_a).merge(conn.execute(stmt_b))
            merged.all()   # rows of both
        """
        from orm.engine.merged import MergedResult

        return MergedResult(self._metadata, (self,) + others)

    def freeze(self) -> FrozenResult:
        """Fetch everything into a FrozenResult; call it to get fresh Results of the same rows."""
        return FrozenResult(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} keys={list(self._metadata.keys)}>"


class ScalarResult(_ResultBase[_R]):
    """One column's values: ``result.scalars().all()`` -> ``[1, 2, 3]``."""

    def __init__(self, parent: Result, index: int) -> None:
        self._parent = parent
        self._metadata = parent._metadata
        self._one, self._many = parent._metadata.scalar_getters(index)
        if parent._unique_key is not None:
            self.unique()
        self._yield_per = parent._yield_per


class MappingResult(_ResultBase[RowMapping]):
    """Rows as RowMapping objects: ``result.mappings().all()[0]["name"]``."""

    _item_key = operator.attrgetter("_row._data")

    def __init__(self, parent: Result) -> None:
        self._parent = parent
        self._metadata = parent._metadata
        self._one, self._many = mapping_makers(parent._one, parent._many)
        if parent._unique_key is not None:
            self.unique()
        self._yield_per = parent._yield_per

    def columns(self, *keys: Any) -> MappingResult:
        return MappingResult(self._parent.columns(*keys))  # type: ignore[union-attr]


if TYPE_CHECKING:

    class TupleResult(_ResultBase[_TP]):
        """``result.tuples()``: the same rows, typed as plain tuples (``tuple[int, str]``)."""

        def scalars(self, index: int | str = 0) -> "ScalarResult[Any]": ...

        def mappings(self) -> MappingResult: ...
else:
    TupleResult = Result


class IteratorResult(Result[_TP]):
    """A Result over any iterable of tuples, with the given metadata or keys; an iterator (a
    generator, say) is read only as rows are fetched::

        result = IteratorResult(["id", "name"], iter([(1, "a"), (2, "b")]))
        result.all()      # [(1, 'a'), (2, 'b')]

    ``raw``: a Result this one was made from, closed with it.
    """

    def __init__(self, metadata: ResultMetaData | Sequence[str], rows: Iterable[Any],
                 raw: Result[Any] | None = None) -> None:
        if not isinstance(metadata, ResultMetaData):
            metadata = ResultMetaData(list(metadata))
        if isinstance(rows, (list, tuple)):
            source: RowSource = _ListSource(list(rows))
        else:
            source = IteratorSource(iter(rows))
        self.raw = raw
        super().__init__(metadata, source)

    def _soft_close(self) -> None:
        # first()/one(): the rows left are dropped (later fetches find none), as a cursor's are
        src = self._src()
        if isinstance(src, RowSource):
            src.close()

    def _close(self) -> None:
        super()._close()
        if self.raw is not None:
            self.raw.close()


class FrozenResult:
    """All rows of a result kept in memory; calling it gives a new Result over them.

        frozen = conn.execute(stmt).freeze()
        result = frozen()          # as many times as needed
    """

    def __init__(self, result: Result) -> None:
        self.metadata = ResultMetaData(result._metadata.keys)
        self.data = [tuple(row) for row in result.all()]

    def rewrite_rows(self) -> list[list[Any]]:
        return [list(row) for row in self.data]

    def with_new_rows(self, tuple_data: Sequence[Sequence[Any]]) -> FrozenResult:
        new = FrozenResult.__new__(FrozenResult)
        new.metadata = self.metadata
        new.data = [tuple(r) for r in tuple_data]
        return new

    def __call__(self) -> Result:
        return IteratorResult(self.metadata, self.data)

    # cached across processes (dogpile.cache pickles it): the metadata holds a generated row
    # class, so only the keys travel and the metadata is made again
    def __getstate__(self) -> dict[str, Any]:
        return {"keys": list(self.metadata.keys), "data": self.data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.metadata = ResultMetaData(state["keys"])
        self.data = state["data"]


def _cursor_rowcount(cursor: Any) -> int:
    try:
        return int(cursor.rowcount)
    except Exception:
        return -1


class CursorResult(Result[_TP]):
    """The Result of ``Connection.execute``: rows plus what the cursor reports.

    ``rowcount`` (rows matched by UPDATE/DELETE), ``lastrowid``, ``inserted_primary_key``
    (INSERT of one row), ``returns_rows``.
    """

    def __init__(self, context: DefaultExecutionContext, metadata: ResultMetaData | None,
                 cursor: Any) -> None:
        self.context = context
        self.dialect = context.dialect
        self.cursor = cursor
        self._rowcount: int | None = None
        if metadata is None:
            self.returns_rows = False
            self._rowcount = _cursor_rowcount(cursor)
            self._lastrowid = getattr(cursor, "lastrowid", None)
            super().__init__(None, _NO_ROWS)
            try:
                cursor.close()
            except Exception:
                pass
        else:
            self.returns_rows = True
            self._lastrowid = getattr(cursor, "lastrowid", None)
            # Drivers report rowcount on the cursor, and some forget it once rows are fetched
            # or the cursor is closed (psycopg reads -1 after close). UPDATE/DELETE .. RETURNING
            # and ``preserve_rowcount`` keep the count reported right after execute, as
            # SQLAlchemy does; other statements with rows (INSERT .. RETURNING) keep the
            # count the cursor reports last, just before it is closed.
            if context.isupdate or context.isdelete or \
                    context.execution_options.get("preserve_rowcount"):
                self._rowcount = _cursor_rowcount(cursor)
            source = _CursorSource(cursor, keep_rowcount=bool(context.isinsert))
            # kept apart from _source, which becomes CLOSED on close()
            self._cursor_source = source
            super().__init__(metadata, source)

    @property
    def rowcount(self) -> int:
        """Rows matched by an UPDATE/DELETE (or affected, per driver); -1 when unknown.

        The count the driver reported for the statement, kept when its rows are fetched and
        its cursor closed::

            result = conn.execute(update(t).where(t.c.x == 1).values(x=2).returning(t.c.id))
            result.all(); result.rowcount   # rows matched, still
        """
        if self._rowcount is not None:
            return self._rowcount
        source = getattr(self, "_cursor_source", None)
        if source is not None and source.rowcount is not None:
            return source.rowcount  # type: ignore[no-any-return]
        return _cursor_rowcount(self.context.cursor)

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def is_insert(self) -> bool:
        return bool(self.context.isinsert)

    @property
    def inserted_primary_key(self) -> Row:
        """The primary key of the row an INSERT created, as a Row."""
        ctx = self.context
        if not ctx.isinsert:
            raise InvalidRequestError("Statement is not an insert() expression construct.")
        if ctx.executemany:
            raise InvalidRequestError(
                "This statement was an executemany call; use inserted_primary_key_rows"
            )
        pk = ctx._inserted_pk
        if pk is None:
            pk = ctx._compute_inserted_primary_key(None)
        keys = [getattr(c, "key", str(i)) for i, c in enumerate(ctx._pk_columns())]
        return make_row(keys, pk)

    @property
    def inserted_primary_key_rows(self) -> list[Row]:
        ctx = self.context
        keys = [getattr(c, "key", str(i)) for i, c in enumerate(ctx._pk_columns())]
        rows = []
        for params in ctx.compiled_parameters:
            rows.append(make_row(keys, [params.get(k) for k in keys]))
        return rows

    def merge(self, *others: "Result[Any]") -> "MergedResult[_TP]":
        """As ``Result.merge``; when this statement's rowcount was kept (UPDATE/DELETE,
        ``preserve_rowcount``), the merged result's ``rowcount`` is the sum of all of them."""
        merged = super().merge(*others)
        if self._rowcount is not None:
            merged.rowcount = sum(getattr(r, "rowcount", 0) for r in (self,) + others)
        return merged

    def supports_sane_rowcount(self) -> bool:
        return bool(self.dialect.supports_sane_rowcount)

    def supports_sane_multi_rowcount(self) -> bool:
        return bool(self.dialect.supports_sane_multi_rowcount)

    def _close(self) -> None:
        src = self._source
        self._source = _CLOSED
        if src is not _CLOSED and src is not _NO_ROWS:
            src.close()
