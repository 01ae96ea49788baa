"""Result rows: ``Row`` (a named tuple-like value) and ``RowMapping`` (its dict-like view).

Speed matters here more than anywhere: a fetch of half a million rows builds half a million
``Row`` objects. So a Row is an object with one slot holding a plain tuple of values, and its
*class* (one per result shape, made once and cached) carries the key -> index map. Rows are built
by small functions generated per shape (see ``RowMaker``), with the value processors inlined.
"""
from __future__ import annotations

import collections.abc
import keyword
import operator
from typing import Any, Callable, Generic, Iterable, Iterator, Mapping, Sequence, TypeVar

from orm.exc import NoSuchColumnError

__all__ = ["Row", "RowMapping", "RowMaker", "row_class", "mapping_makers", "result_tuple"]

_new = object.__new__
_TP = TypeVar("_TP", bound=tuple[Any, ...])


class Row(Generic[_TP]):
    """One result row: indexable like a tuple, attributes by column key; for type checkers
    generic over its tuple type (``row._tuple()`` is ``tuple[int, str]``).

        row = conn.execute(select(users.c.id, users.c.name)).first()
        row[0], row.name, row._mapping["name"], row._asdict()
        id_, name = row
    """

    __slots__ = ("_data",)
    _data: tuple[Any, ...]
    #: the shape: keys and key -> index map (set on the per-shape subclass)
    _parent: _RowShape

    def __init__(self, parent: _RowShape, data: Sequence[Any]) -> None:
        # The public constructor (tests, FrozenResult); the fast path uses RowMaker instead.
        if type(self) is Row:
            raise TypeError("use row_class(keys) to make rows")
        self._data = tuple(data)

    # -- tuple behaviour ----------------------------------------------------------------------

    def __getitem__(self, index: Any) -> Any:
        return self._data[index]

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __contains__(self, value: Any) -> bool:
        return value in self._data

    def __hash__(self) -> int:
        return hash(self._data)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, Row):
            return self._data == other._data
        if isinstance(other, tuple):
            return self._data == other
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def _cmp(self, other: Any, op: Callable[[Any, Any], bool]) -> bool:
        if isinstance(other, Row):
            return op(self._data, other._data)
        if isinstance(other, tuple):
            return op(self._data, other)
        return NotImplemented

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other, operator.lt)

    def __le__(self, other: Any) -> bool:
        return self._cmp(other, operator.le)

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other, operator.gt)

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other, operator.ge)

    def __add__(self, other: Any) -> tuple[Any, ...]:
        return self._data + tuple(other)

    def __repr__(self) -> str:
        return repr(self._data)

    def count(self, value: Any) -> int:
        return self._data.count(value)

    def index(self, value: Any, *args: Any) -> int:
        return self._data.index(value, *args)

    # -- named access -------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # Reached only for keys that are not plain identifiers given a property on the class,
        # or unknown names.
        try:
            index = type(self)._parent.keymap[name]
        except (KeyError, AttributeError):
            raise AttributeError(
                f"Row has no attribute {name!r}; its keys are {list(self._fields)}"
            ) from None
        return self._data[index]

    @property
    def _fields(self) -> tuple[str, ...]:
        return type(self)._parent.keys

    @property
    def _mapping(self) -> RowMapping:
        return RowMapping(self)

    @property
    def _t(self) -> _TP:
        return self._data  # type: ignore[return-value]

    def _tuple(self) -> _TP:
        return self._data  # type: ignore[return-value]

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(type(self)._parent.keys, self._data))

    def __reduce__(self) -> Any:
        return _rebuild_row, (type(self)._parent.keys, self._data)

    def __getstate__(self) -> Any:
        return self._data


collections.abc.Sequence.register(Row)


def _rebuild_row(keys: tuple[str, ...], data: tuple[Any, ...]) -> Row:
    row = _new(row_class(keys))
    row._data = data
    return row


class _RowShape:
    """Keys of a result and the lookup maps rows use.

    ``keymap`` maps string keys to indexes. ``objmap`` maps ``id(obj)`` of extra lookup objects
    (the Column objects of a compiled SELECT) to indexes: SQL expression objects overload ``==``,
    so they are never used as dict keys themselves; ``_objs`` keeps them alive.
    """

    __slots__ = ("keys", "keymap", "objmap", "_objs")

    def __init__(self, keys: Sequence[str], extra: Sequence[tuple[Any, int]] | None = None) -> None:
        self.keys = tuple(keys)
        keymap: dict[Any, int] = {}
        # On duplicate names the first one wins for attribute/mapping access.
        for i, key in enumerate(self.keys):
            keymap.setdefault(key, i)
        self.keymap = keymap
        self.objmap: dict[int, int] = {}
        self._objs: list[Any] = []
        if extra:
            for obj, i in extra:  # type: ignore[misc]
                if isinstance(obj, str):
                    keymap.setdefault(obj, i)
                elif id(obj) not in self.objmap:
                    self.objmap[id(obj)] = i
                    self._objs.append(obj)

    def index_for(self, key: Any) -> int | None:
        if isinstance(key, str):
            return self.keymap.get(key)
        if isinstance(key, int):
            return key if -len(self.keys) <= key < len(self.keys) else None
        index = self.objmap.get(id(key))
        if index is not None:
            return index
        for alt in ("key", "name"):
            name = getattr(key, alt, None)
            if isinstance(name, str) and name in self.keymap:
                return self.keymap[name]
        return None


_ROW_CLASSES: dict[Any, type[Row]] = {}
_RESERVED = frozenset(dir(Row)) | {"_data", "_parent"}


def row_class(keys: Sequence[str], extra: Sequence[tuple[Any, int]] | None = None) -> type[Row]:
    """The Row subclass for a shape, made once and cached (by keys, when no extra lookups)."""
    cache_key = tuple(keys) if not extra else None
    if cache_key is not None:
        cls = _ROW_CLASSES.get(cache_key)
        if cls is not None:
            return cls
    shape = _RowShape(keys, extra)
    namespace: dict[str, Any] = {"__slots__": (), "_parent": shape}
    for i, key in enumerate(shape.keys):
        if (isinstance(key, str) and key.isidentifier() and not keyword.iskeyword(key)
                and key not in _RESERVED and key not in namespace and shape.keymap[key] == i):
            # A property per key makes row.name a single C-level lookup instead of __getattr__.
            namespace[key] = property(_data_getter(i))
    cls = type("Row", (Row,), namespace)
    if cache_key is not None:
        if len(_ROW_CLASSES) > 2000:
            _ROW_CLASSES.clear()
        _ROW_CLASSES[cache_key] = cls
    return cls


def _data_getter(i: int) -> Callable[[Row], Any]:
    getter = operator.itemgetter(i)
    data = Row._data  # the slot descriptor
    get_data = data.__get__

    def fget(self: Row) -> Any:
        return getter(get_data(self))

    return fget


class RowMaker:
    """Turns driver rows into Rows (or scalars) for one result shape.

    ``one(raw)`` and ``many(raws)`` are generated once per shape, e.g. for three columns with a
    processor on the second::

        def many(raws):
            out = []; append = out.append
            for r in raws:
                row = new(Row_); row._data = (r[0], p1(r[1]), r[2]); append(row)
            return out
    """

    __slots__ = ("row_cls", "one", "many", "scalar_one", "scalar_many")

    def __init__(self, row_cls: type[Row], indexes: Sequence[int] | None,
                 processors: Sequence[Callable[[Any], Any] | None], width: int) -> None:
        self.row_cls = row_cls
        positions = list(indexes) if indexes is not None else list(range(width))
        procs = list(processors)
        env: dict[str, Any] = {"new": _new, "Row_": row_cls}
        parts = []
        for out_pos, raw_pos in enumerate(positions):
            proc = procs[out_pos] if out_pos < len(procs) else None
            if proc is None:
                parts.append(f"r[{raw_pos}]")
            else:
                env[f"p{out_pos}"] = proc
                parts.append(f"p{out_pos}(r[{raw_pos}])")
        identity = indexes is None and all(p is None for p in procs)
        if identity:
            # Drivers return tuples: keep them as they are (no copy).
            expr = "r if type(r) is tuple else tuple(r)"
        elif len(parts) == 1:
            expr = f"({parts[0]},)"
        else:
            expr = "(" + ", ".join(parts) + ")"
        src = (
            "def one(r):\n"
            "    row = new(Row_)\n"
            f"    row._data = {expr}\n"
            "    return row\n"
            "def many(raws):\n"
            "    out = []\n"
            "    append = out.append\n"
            "    for r in raws:\n"
            "        row = new(Row_)\n"
            f"        row._data = {expr}\n"
            "        append(row)\n"
            "    return out\n"
        )
        exec(compile(src, f"<row maker {row_cls._parent.keys!r}>", "exec"), env)
        self.one = env["one"]
        self.many = env["many"]
        self.scalar_one: Callable[[Any], Any] | None = None
        self.scalar_many: Callable[[Any], list[Any]] | None = None

    @staticmethod
    def scalar_getters(raw_pos: int, proc: Callable[[Any], Any] | None
                       ) -> tuple[Callable[[Any], Any], Callable[[Any], list[Any]]]:
        """``(one, many)`` producing the (processed) value of one column, no Row built."""
        getter = operator.itemgetter(raw_pos)
        if proc is None:
            return getter, lambda raws: list(map(getter, raws))
        return (lambda r: proc(r[raw_pos]),
                lambda raws: [proc(r[raw_pos]) for r in raws])


class RowMapping(collections.abc.Mapping):  # type: ignore[type-arg]
    """A read-only mapping view of a Row: ``row._mapping["name"]``; ``result.mappings()`` rows.

    Keys are the column names; column objects (``users.c.name``) work too when the statement
    provided them.
    """

    __slots__ = ("_row",)

    def __init__(self, row: Row) -> None:
        self._row = row

    def __getitem__(self, key: Any) -> Any:
        row = self._row
        if type(key) is str:
            index = type(row)._parent.keymap.get(key)
        else:
            index = type(row)._parent.index_for(key)
        if index is None:
            raise NoSuchColumnError(f"Could not locate column in row for column {key!r}")
        return row._data[index]

    def __iter__(self) -> Iterator[str]:
        return iter(type(self._row)._parent.keys)

    def __len__(self) -> int:
        return len(self._row._data)

    def __contains__(self, key: object) -> bool:
        return type(self._row)._parent.index_for(key) is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowMapping):
            return dict(self.items()) == dict(other.items())
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._row._data)

    def keys(self) -> Any:
        return collections.abc.KeysView(self)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def mapping_makers(make_one: Callable[[Any], Row], make_many: Callable[[Any], list[Row]]
                   ) -> tuple[Callable[[Any], RowMapping], Callable[[Any], list[RowMapping]]]:
    """``(one, many)`` making RowMappings from driver rows: the Rows made by the given makers,
    each wrapped without a call of ``RowMapping.__init__`` (a Python frame per row)."""
    new = _new
    cls = RowMapping

    def one(raw: Any) -> RowMapping:
        mapping = new(cls)
        mapping._row = make_one(raw)
        return mapping

    def many(raws: Any) -> list[RowMapping]:
        out: list[RowMapping] = []
        append = out.append
        for row in make_many(raws):
            mapping = new(cls)
            mapping._row = row
            append(mapping)
        return out

    return one, many


def make_row(keys: Sequence[str], values: Sequence[Any]) -> Row:
    """Build one Row directly (for tests and frozen results)."""
    row = _new(row_class(keys))
    row._data = tuple(values)
    return row


def result_tuple(fields: Sequence[str],
                 extra: Sequence[Sequence[Any]] | None = None) -> Callable[[Iterable[Any]], Row]:
    """A factory of Rows with the given field names: call it with the values of one row.

    ``extra`` gives, per field, further objects the row answers to in ``row._mapping[...]``
    (a Column, say), as a result's rows do::

        Point = result_tuple(["x", "y"])
        p = Point((1, 2))
        p.x, p[1], p._mapping["x"], p._fields     # 1, 2, 1, ('x', 'y')
    """
    if isinstance(fields, str):
        raise TypeError(f"result_tuple() takes a sequence of field names, not the string {fields!r}")
    fields = list(fields)
    lookups: list[tuple[Any, int]] | None = None
    if extra is not None:
        if len(extra) != len(fields):
            raise ValueError(f"result_tuple(): {len(extra)} extra entries for {len(fields)} fields")
        lookups = [(obj, i) for i, objs in enumerate(extra) for obj in (objs or ())]
    cls = row_class(fields, lookups)
    width = len(fields)

    def make(values: Iterable[Any]) -> Row:
        row = _new(cls)
        data = tuple(values)
        if len(data) != width:
            raise ValueError(f"row of {width} fields {tuple(fields)!r} given {len(data)} values")
        row._data = data
        return row

    return make
