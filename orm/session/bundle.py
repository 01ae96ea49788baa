"""``Bundle``: several columns of a SELECT returned together as one value of the row.

``select(Bundle("user", User.id, User.name), Address.email)`` selects ``users.id, users.name,
addresses.email`` (the bundle's columns are spelled out in the columns clause exactly as if they
had been selected one by one), and each result row has two items: a keyed tuple ``row.user``
(``row.user.id``, ``row.user.name``) and the e-mail.  Bundles nest; a subclass changes what one
bundle value is by overriding :meth:`Bundle.create_row_processor`.

Example::

    b = Bundle("user", User.id, User.name)
    for row in session.execute(select(b).where(b.c.name == "ed")):
        print(row.user.id, row.user.name)

    class AsDict(Bundle):
        def create_row_processor(self, query, procs, labels):
            def proc(row):
                return dict(zip(labels, (p(row) for p in procs)))
            return proc
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional, Sequence

from orm import exc
from orm.engine.row import row_class

__all__ = ["Bundle"]

_new = object.__new__


class _BundleColumns:
    """``bundle.c``: the bundle's expressions by label (``b.c.name == "ed"``)."""

    __slots__ = ("_items",)

    def __init__(self, items: Sequence[tuple[Any, Any]]) -> None:
        self._items = tuple(items)

    def __getattr__(self, name: str) -> Any:
        for key, expr in self._items:
            if key == name:
                return expr
        raise AttributeError(f"Bundle has no column {name!r}; its columns are {self.keys()}")

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return self._items[key][1]
        for k, expr in self._items:
            if k == key:
                return expr
        raise KeyError(key)

    def __contains__(self, key: Any) -> bool:
        return any(k == key for k, _ in self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter([expr for _, expr in self._items])

    def __len__(self) -> int:
        return len(self._items)

    def keys(self) -> list[Any]:
        return [k for k, _ in self._items]


def _label_of(expr: Any) -> Optional[str]:
    """The key a bundle gives one of its expressions: a nested bundle's name, a mapped
    attribute's or column's key, a label's name, a function's name; None for an anonymous
    expression (``User.name + "x"``), as SQLAlchemy does."""
    if isinstance(expr, Bundle):
        return expr.name
    key = getattr(expr, "key", None)
    return key if isinstance(key, str) else None


class Bundle:
    """A group of column expressions selected as one item of each row (see the module doc).

    ``single_entity=True``: a legacy ``session.query(bundle)`` of only this bundle returns the
    bundle values themselves rather than one-item rows (as for a single mapped class).
    """

    is_bundle = True
    # select() hands ORM objects to orm.mapping.joins.select_entity
    _orm_select_plugin = True
    single_entity = False

    def __init__(self, name: str, *exprs: Any, **kw: Any) -> None:
        if not isinstance(name, str):
            raise exc.ArgumentError(f"Bundle() takes its name first, got {name!r}")
        unknown = set(kw) - {"single_entity"}
        if unknown:
            raise exc.ArgumentError(f"Bundle() got unexpected keyword arguments: {', '.join(sorted(unknown))}")
        if not exprs:
            raise exc.ArgumentError(f"Bundle {name!r} needs at least one column expression")
        for e in exprs:
            if not isinstance(e, Bundle) and _is_entity(e):
                raise exc.ArgumentError(
                    f"Bundle {name!r} takes column expressions, not the entity {e!r}; bundle its "
                    "columns (Bundle(name, User.id, User.name)) or select the entity beside it"
                )
        self.name = name
        self.exprs = tuple(exprs)
        self.single_entity = bool(kw.get("single_entity", type(self).single_entity))
        self.c = self.columns = _BundleColumns([(_label_of(e), e) for e in self.exprs])

    def label(self, name: str) -> "Bundle":
        """A copy of this bundle under another name."""
        new = _new(type(self))
        new.__dict__ = dict(self.__dict__)
        new.name = name
        return new

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, {', '.join(map(str, self.exprs))})"

    def create_row_processor(self, query: Any, procs: Sequence[Callable[[Any], Any]],
                             labels: Sequence[Any]) -> Callable[[Any], Any]:
        """``fn(row) -> value`` of this bundle for one row.

        ``procs`` return the values of the bundle's expressions from a row (nested bundles
        included), ``labels`` are their keys, ``query`` is the statement being run.  The default
        makes a keyed tuple (``value.id``, ``value[0]``); override to return something else.
        """
        row_cls = row_class(list(labels))
        getters = tuple(procs)

        def proc(row: Any) -> Any:
            value = _new(row_cls)
            value._data = tuple([g(row) for g in getters])
            return value

        return proc

    # -- select() ----------------------------------------------------------------------------------
    def _leaves(self) -> list[Any]:
        """The bundle's column expressions, nested bundles spelled out, in order."""
        out: list[Any] = []
        for e in self.exprs:
            if isinstance(e, Bundle):
                out.extend(e._leaves())
            else:
                out.append(e)
        return out

    def _orm_select_contribution(self) -> Any:
        """What ``select(bundle)`` adds to the statement: every leaf column, and the FROM / WHERE
        criterion an entity behind them implies (a joined-inheritance join, a single-table
        discriminator: those of the first leaf that has one)."""
        from orm.mapping.joins import SelectEntity, select_entity
        from orm.sql import coercions

        columns: list[Any] = []
        from_ = criterion = entity = namespace = None
        for leaf in self._leaves():
            info = select_entity(leaf) if getattr(leaf, "_orm_select_plugin", None) is not None else None
            if info is None:
                columns.extend(coercions.expect_columns_clause(leaf))
                continue
            columns.extend(info.columns)
            if entity is None and info.entity is not None:
                from_, criterion, entity, namespace = info.from_, info.criterion, info.entity, info.namespace
        return SelectEntity(columns, from_, criterion, entity, namespace)


def _is_entity(e: Any) -> bool:
    from orm.mapping.util import entity_of

    return entity_of(e) is not None


# -- the ORM compile side -------------------------------------------------------------------------
class BundleEntity:
    """A bundle in an ORM query's entity list (``orm.session.context``): one column entity per
    leaf expression (placed in the SELECT like any selected column), nested bundles kept as
    such so that their values nest in the row."""

    is_mapper = False
    is_bundle = True

    def __init__(self, bundle: Bundle) -> None:
        from orm.sql import coercions

        from .context import _ColumnEntity

        self.bundle = bundle
        self.key = bundle.name
        self.parts: list[Any] = []
        self.labels: list[Any] = []
        for e in bundle.exprs:
            self.labels.append(_label_of(e))
            if isinstance(e, Bundle):
                self.parts.append(BundleEntity(e))
                continue
            cols = coercions.expect_columns_clause(e)
            if len(cols) != 1:
                raise exc.ArgumentError(f"Bundle {bundle.name!r}: {e!r} is not a single column expression")
            self.parts.append(_ColumnEntity(cols[0], _label_of(e), e))

    def leaves(self) -> list[Any]:
        """The column entities of every leaf, in SELECT order."""
        out: list[Any] = []
        for p in self.parts:
            if isinstance(p, BundleEntity):
                out.extend(p.leaves())
            else:
                out.append(p)
        return out

    def row_processor(self, query: Any, procs: Sequence[Any]) -> Callable[[Any], Any]:
        """``fn(driver_row)`` -> this bundle's value (``create_row_processor`` of the bundle);
        ``procs``: the result's value processors by position."""
        getters = []
        for p in self.parts:
            if isinstance(p, BundleEntity):
                getters.append(p.row_processor(query, procs))
            else:
                getters.append(_getter(p.position, procs[p.position]))
        return self.bundle.create_row_processor(query, getters, list(self.labels))


def _getter(pos: int, proc: Any) -> Callable[[Any], Any]:
    if proc is None:
        return lambda r: r[pos]
    return lambda r: proc(r[pos])
