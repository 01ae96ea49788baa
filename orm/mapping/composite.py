"""``composite()``: one attribute made of several columns, read and written as a value object.

The columns stay mapped attributes of their own (``Vertex.x1``); the composite attribute builds its
value object from them on read and writes them back on assignment, so change tracking and the
flush see plain column changes (``UPDATE vertices SET x2=?, y2=?``).  On the class it is a bundle
of those columns: ``select(Vertex.start)`` yields ``Point`` values, ``Vertex.start == Point(1, 2)``
compares column by column (``x1 = :x1_1 AND y1 = :y1_1``), ``order_by(Vertex.start)`` orders by
each column.

Example::

    @dataclasses.dataclass
    class Point:
        x: int
        y: int

    class Vertex(Base):
        __tablename__ = "vertices"
        id: Mapped[int] = mapped_column(primary_key=True)
        start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
        end = composite(Point, Column("x2", Integer), Column("y2", Integer))   # classic form
"""
from __future__ import annotations

import dataclasses
import typing
from typing import Any, Callable, Optional, Sequence

from orm import exc
from orm.session.bundle import Bundle, _BundleColumns
from orm.sql.schema import Column

from .properties import ColumnProperty, MappedColumn, MapperProperty

__all__ = ["CompositeProperty", "Composite", "composite"]


def _values_getter(cls: Any) -> Callable[[Any], Sequence[Any]]:
    """How to read a composite object's column values: ``__composite_values__()`` when the class
    has one, else a dataclass's fields in order."""
    if hasattr(cls, "__composite_values__"):
        return lambda obj: tuple(obj.__composite_values__())
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls) if f.init]
        return lambda obj: tuple(getattr(obj, n) for n in names)
    name = getattr(cls, "__name__", repr(cls))

    def refuse(obj: Any) -> Sequence[Any]:
        raise exc.ArgumentError(
            f"Composite class {name} is not a dataclass and does not define a __composite_values__() "
            "method returning its column values in order; add one"
        )

    return refuse


class CompositeProperty(MapperProperty):
    """The mapper property behind ``composite()``: ``mapper.attrs.start.props`` are its column
    properties, ``.columns`` their columns, ``composite_class`` the value class."""

    is_composite = True

    def __init__(self, class_: Any = None, *attrs: Any, group: Optional[str] = None, deferred: bool = False,
                 raiseload: bool = False, comparator_factory: Any = None, active_history: bool = False,
                 info: Optional[dict[str, Any]] = None, doc: Optional[str] = None, **dataclass_kw: Any) -> None:
        if class_ is not None and _is_column_arg(class_):
            attrs = (class_, *attrs)
            class_ = None
        unknown = set(dataclass_kw) - {"init", "repr", "default", "default_factory", "compare", "kw_only", "hash",
                                       "dataclass_metadata"}
        if unknown:
            raise exc.ArgumentError(f"composite() got unexpected keyword argument(s): {sorted(unknown)}")
        self._dataclass_options = dict(dataclass_kw)  # MappedAsDataclass field options
        self.composite_class = class_
        self.attrs: tuple[Any, ...] = tuple(attrs)
        self.group = group
        self.deferred = deferred
        self.raiseload = raiseload
        self.comparator_factory = comparator_factory
        self.active_history = active_history
        self.info = info or {}
        self.doc = doc
        self._props: Optional[list[ColumnProperty]] = None
        self._getter: Optional[Callable[[Any], Sequence[Any]]] = None

    # -- declarative ------------------------------------------------------------------------------
    def _declarative_columns(self, scan: Any, key: str, annotation: Any) -> list[tuple[str, Column]]:
        """The columns this composite adds to its class's table (those not mapped on their own),
        as ``(attribute key, Column)``; takes the value class from ``Mapped[Point]`` when none was
        given, and names and types a dataclass's unnamed columns after its fields."""
        from .annotations import mapped_inner

        cls = scan.cls
        if self.composite_class is None:
            inner = None
            if annotation is not None:
                is_mapped, inner = mapped_inner(annotation)
                if not is_mapped:
                    inner = annotation
            if inner is None or isinstance(inner, str) or not callable(inner):
                raise exc.ArgumentError(
                    f"composite() of {cls.__name__}.{key} names no composite class: pass it first "
                    f"(composite(Point, ...)) or annotate the attribute as Mapped[Point]"
                )
            self.composite_class = inner
        klass = self.composite_class
        fields: list[tuple[str, Any]] = []
        if isinstance(klass, type) and dataclasses.is_dataclass(klass):
            try:
                hints = typing.get_type_hints(klass)
            except Exception:  # unresolvable annotation: the columns then need explicit types
                hints = {}
            fields = [(f.name, hints.get(f.name)) for f in dataclasses.fields(klass) if f.init]
            if len(self.attrs) > len(fields):
                raise exc.ArgumentError(
                    f"composite() of {cls.__name__}.{key} has {len(self.attrs)} columns but its class "
                    f"{klass.__name__} has {len(fields)} fields"
                )
            # missing trailing columns: one per remaining field, named after it
            self.attrs = self.attrs + tuple(MappedColumn() for _ in fields[len(self.attrs):])
        own = set(map(id, cls.__dict__.values()))
        out: list[tuple[str, Column]] = []
        for i, attr in enumerate(self.attrs):
            if id(attr) in own or not isinstance(attr, (Column, MappedColumn)):
                continue  # mapped by its own class attribute, or named by key / attribute
            field_name, field_type = fields[i] if i < len(fields) else (None, None)
            if isinstance(attr, MappedColumn):
                name = _mapped_column_name(attr) or field_name
                if name is None:
                    raise exc.ArgumentError(
                        f"composite() of {cls.__name__}.{key}: column {i + 1} needs a name "
                        "(mapped_column(\"x1\")) unless the composite class is a dataclass"
                    )
                col = scan.column_from_mapped(name, attr, field_type)
            else:
                col = attr
                if not col.name:
                    if field_name is None:
                        raise exc.ArgumentError(
                            f"composite() of {cls.__name__}.{key}: column {i + 1} needs a name "
                            "unless the composite class is a dataclass"
                        )
                    col.name = field_name
                if col.key is None:
                    col.key = col.name
            if col.table is None:
                out.append((col.key, col))
        return out

    # -- the column properties ------------------------------------------------------------------
    @property
    def props(self) -> list[ColumnProperty]:
        """The column properties of the composite's columns, in order."""
        got = self._props
        if got is None:
            got = self._props = [self._resolve(a) for a in self.attrs]
        return got

    def _resolve(self, attr: Any) -> ColumnProperty:
        mapper = self.parent
        prop: Any = None
        if isinstance(attr, str):
            prop = mapper._props.get(attr)
        elif isinstance(attr, MappedColumn):
            col = attr.__dict__.get("column")
            prop = mapper._columntoproperty.get(col) if col is not None else None
        elif isinstance(attr, Column):
            prop = mapper._columntoproperty.get(attr)
        elif getattr(attr, "is_attribute", False):
            prop = attr.property
        if not isinstance(prop, ColumnProperty):
            raise exc.ArgumentError(
                f"composite() {self}: expects Column objects, mapped_column()s or names of mapped "
                f"column attributes, got {attr!r}"
            )
        return prop

    @property
    def _attribute_keys(self) -> list[str]:
        return [p.key for p in self.props]

    @property
    def columns(self) -> list[Any]:
        return [p.columns[0] for p in self.props]

    def _values_of(self, value: Any) -> Sequence[Any]:
        getter = self._getter
        if getter is None:
            getter = self._getter = _values_getter(self.composite_class)
        values = getter(value)
        if len(values) != len(self.attrs):
            raise exc.ArgumentError(
                f"composite {self}: {type(value).__name__} gave {len(values)} values for "
                f"{len(self.attrs)} columns"
            )
        return values

    # -- mapper hooks -----------------------------------------------------------------------------
    def _attach(self, mapper: Any, key: str) -> None:
        super()._attach(mapper, key)
        self._props = None

    def _instrument(self, mapper: Any, validator: Any = None) -> Any:
        from .instrumentation import instrument_class

        if self.composite_class is None:
            raise exc.ArgumentError(f"composite() {mapper.class_.__name__}.{self.key} names no composite class")
        instrument_class(mapper.class_)
        return CompositeAttribute(self, mapper)

    def _post_configure(self) -> None:
        props = self.props  # an unknown column/name fails here, naming the class and attribute
        for p in props:
            if self.deferred:
                p.deferred = True
                p.group = self.group or p.group
            if self.active_history:
                p.active_history = True

    def _expression_for(self, attr: Any) -> Any:
        return getattr(self.parent.class_, self.key).__clause_element__()

    def get_history(self, state: Any, dict_: Any = None, passive: Any = None) -> Any:
        """Added/unchanged/deleted composite values, from the history of its columns."""
        from .state import History

        obj = state.obj()
        if obj is not None and state.key is not None:
            for k in self._attribute_keys:
                getattr(obj, k)  # unloaded columns load first, as SQLAlchemy's composite history
        added: list[Any] = []
        deleted: list[Any] = []
        changed = False
        for k in self._attribute_keys:
            h = state._history(k)
            changed = changed or h.has_changes()
            now = h.non_deleted()
            added.append(now[0] if now else None)
            deleted.append(h.deleted[0] if h.deleted else None)
        klass = self.composite_class
        if changed:
            return History([klass(*added)], (), [klass(*deleted)])
        return History((), [klass(*added)], ())


class Composite(CompositeProperty):
    """The declarative spelling of :class:`CompositeProperty` (what ``composite()`` returns)."""


def _is_column_arg(arg: Any) -> bool:
    return isinstance(arg, (Column, MappedColumn, str)) or getattr(arg, "is_attribute", False)


def _mapped_column_name(mc: MappedColumn) -> Optional[str]:
    if mc.args and isinstance(mc.args[0], str):
        return mc.args[0]
    name = mc.kw.get("name")
    return name if isinstance(name, str) else None


def composite(_class_or_attr: Any = None, *attrs: Any, **kw: Any) -> Any:
    """Map several columns as one attribute holding an object of ``class_``.

    The class is a dataclass, or any class taking the column values as constructor arguments and
    giving them back from ``__composite_values__()``.

    Example::

        start: Mapped[Point] = composite(mapped_column("x1"), mapped_column("y1"))
        end = composite(Point, "x2", "y2")        # names of mapped column attributes
        session.scalars(select(Vertex).where(Vertex.start == Point(3, 4)))
    """
    return Composite(_class_or_attr, *attrs, **kw)


class CompositeAttribute(Bundle):
    """``Vertex.start``: on the class a bundle of the composite's columns (selectable, comparable,
    orderable), on instances the composite value (read from and written to the columns)."""

    is_attribute = True
    _orm_select_plugin = True
    single_entity = False
    __hash__ = object.__hash__

    def __init__(self, prop: CompositeProperty, mapper: Any) -> None:
        # the column attributes may not be on the class yet: exprs are looked up on first use
        self.property = self.prop = prop
        self.parent = mapper
        self.class_ = mapper.class_
        self.key = self.name = prop.key
        self.info = prop.info
        self.__doc__ = prop.doc

    @property
    def exprs(self) -> tuple[Any, ...]:  # type: ignore[override]
        got = self.__dict__.get("_exprs")
        if got is None:
            got = self.__dict__["_exprs"] = tuple(getattr(self.class_, k) for k in self.property._attribute_keys)
        return got  # type: ignore[no-any-return]

    @property
    def c(self) -> _BundleColumns:  # type: ignore[override]
        return _BundleColumns([(e.key, e) for e in self.exprs])

    columns = c  # type: ignore[assignment]

    def __clause_element__(self) -> Any:
        """The columns as one comma list: ``order_by(Vertex.start)``, ``group_by(...)``."""
        from orm.sql.clauselist import ClauseList

        return ClauseList(*[e.__clause_element__() for e in self.exprs], group=False)

    @property
    def expression(self) -> Any:
        return self.__clause_element__()

    def create_row_processor(self, query: Any, procs: Sequence[Callable[[Any], Any]],
                             labels: Sequence[Any]) -> Callable[[Any], Any]:
        klass = self.property.composite_class
        getters = tuple(procs)
        return lambda row: klass(*[g(row) for g in getters])

    # -- SQL comparisons: column by column, joined by AND (as SQLAlchemy, also for != and <) -------
    def _compare(self, op: Any, other: Any) -> Any:
        from orm.sql import and_

        exprs = self.exprs
        values: Sequence[Any] = [None] * len(exprs) if other is None else self.property._values_of(other)
        return and_(*[op(e, v) for e, v in zip(exprs, values)])

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        import operator

        return self._compare(operator.eq, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        import operator

        return self._compare(operator.ne, other)

    def __lt__(self, other: Any) -> Any:
        import operator

        return self._compare(operator.lt, other)

    def __le__(self, other: Any) -> Any:
        import operator

        return self._compare(operator.le, other)

    def __gt__(self, other: Any) -> Any:
        import operator

        return self._compare(operator.gt, other)

    def __ge__(self, other: Any) -> Any:
        import operator

        return self._compare(operator.ge, other)

    def _bulk_update_tuples(self, value: Any) -> list[tuple[Any, Any]]:
        """``update(Vertex).values({Vertex.start: Point(5, 6)})``: one SET per column."""
        klass = self.property.composite_class
        if value is None:
            values: Sequence[Any] = [None] * len(self.exprs)
        elif isinstance(klass, type) and isinstance(value, klass):
            values = self.property._values_of(value)
        else:
            raise exc.ArgumentError(f"Can't UPDATE composite attribute {self} to {value!r}")
        return list(zip(self.exprs, values))

    # -- instances --------------------------------------------------------------------------------
    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        prop = self.property
        values = [getattr(instance, k) for k in prop._attribute_keys]  # loads expired columns
        d = instance.__dict__
        cached = d.get(self.key)
        # the value object is kept while its columns are unchanged (``v.start is v.start``); a
        # column written since (``v.x1 = 5``, a refresh) makes a new one
        if cached is not None and list(prop._values_of(cached)) == values:
            return cached
        from .base import STATE_KEY

        st = d.get(STATE_KEY)
        if (st is None or st.key is None) and all(v is None for v in values):
            return None  # a new object whose columns are unset has no composite yet (as SQLAlchemy)
        value = d[self.key] = prop.composite_class(*values)
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        prop = self.property
        keys = prop._attribute_keys
        values: Sequence[Any] = [None] * len(keys) if value is None else prop._values_of(value)
        for k, v in zip(keys, values):
            setattr(instance, k, v)  # tracked as column changes: the flush UPDATEs those columns
        if value is None:
            instance.__dict__.pop(self.key, None)
        else:
            instance.__dict__[self.key] = value

    def __delete__(self, instance: Any) -> None:
        for k in self.property._attribute_keys:
            setattr(instance, k, None)
        instance.__dict__.pop(self.key, None)

    def __str__(self) -> str:
        return f"{self.class_.__name__}.{self.key}"

    def __repr__(self) -> str:
        return f"<CompositeAttribute {self.class_.__name__}.{self.key}>"
