"""Mapper inheritance: what a SELECT of an entity in a class hierarchy contains.

Single-table inheritance: every class maps the same table; selecting a subclass adds the
discriminator criterion ``employees.type IN ('manager', ...)``.  Joined-table inheritance: a
subclass maps the join of its superclass's tables and its own (``persist_selectable``); its SELECT
lists, per mapped attribute, every column the attribute maps (``jmanagers.id, jemployees.id``).
``with_polymorphic`` widens an entity to its subclasses' columns (outer joins for joined tables).

Example::

    class Employee(Base):
        __tablename__ = "employees"
        id = Column(Integer, primary_key=True)
        type = Column(String(20))
        __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}

    class Manager(Employee):
        __mapper_args__ = {"polymorphic_identity": "manager"}

    str(select(Manager))   # ... FROM employees WHERE employees.type IN (__[POSTCOMPILE_type_1])
"""
from __future__ import annotations

from typing import Any, NamedTuple, Optional

from orm import exc

from .properties import ColumnProperty


class EntityColumn(NamedTuple):
    """One column of an entity's SELECT.

    ``expr`` is what the SELECT renders (an aliased entity's column of its alias), ``column`` the
    mapped column or expression as the mapper knows it (``mapper._columntoproperty[column]`` is
    ``prop``), ``prop`` the ColumnProperty it loads (None for a discriminator selected only to tell
    the row's class) and ``mapper`` the mapper that maps ``prop``.
    """

    expr: Any
    column: Any
    prop: Optional[ColumnProperty]
    mapper: Any


def identities(mapper: Any) -> list[Any]:
    """The discriminator values of ``mapper`` and its descendants (abstract classes have none)."""
    return [m.polymorphic_identity for m in mapper.self_and_descendants if m.polymorphic_identity is not None]


def single_table_criterion(mapper: Any) -> Any:
    """``type IN (...)`` for a single-table subclass (or None): rows of other classes share its table."""
    if not mapper.single or mapper.polymorphic_on is None:
        return None
    return mapper.polymorphic_on.in_(identities(mapper))


def polymorphic_mappers(mapper: Any, classes: Any) -> list[Any]:
    """The mappers ``with_polymorphic(mapper, classes)`` loads: ``mapper`` first, then the requested
    subclasses (``"*"``: all) with their intermediate classes, in hierarchy order."""
    from .base import _mapper_of

    if classes == "*" or classes is None and mapper.with_polymorphic in ("*", ["*"]):
        return list(mapper.self_and_descendants)
    if classes is None:
        spec = mapper.with_polymorphic
        classes = spec[0] if isinstance(spec, tuple) else spec
        if not classes:
            return [mapper]
        if classes == "*":
            return list(mapper.self_and_descendants)
    wanted: set[Any] = {mapper}
    for c in classes if isinstance(classes, (list, tuple)) else [classes]:
        m = c if getattr(c, "is_mapper", False) else _mapper_of(c)
        if m is None:
            raise exc.ArgumentError(f"with_polymorphic() of {mapper.class_.__name__}: {c!r} is not a mapped class")
        if not m.isa(mapper):
            raise exc.InvalidRequestError(
                f"{m} does not inherit from {mapper}; with_polymorphic() of {mapper.class_.__name__} "
                "takes subclasses of it"
            )
        wanted.update(x for x in m.iterate_to_root() if x.isa(mapper))
    return [m for m in mapper.self_and_descendants if m in wanted]


def select_columns(mappers: list[Any]) -> list[EntityColumn]:
    """The columns selecting ``mappers[0]`` (with the subclasses that follow it) loads: each mapped
    column of each non-deferred attribute once, the first mapper's attributes first."""
    out: list[EntityColumn] = []
    seen: set[int] = set()
    for m in mappers:
        for prop in m._props.values():
            if not isinstance(prop, ColumnProperty) or prop.deferred:
                continue
            if getattr(prop, "is_query_expression", False) and not prop.has_default:
                continue  # selected only when a query's with_expression() names it
            for col in prop.columns:
                if id(col) in seen:
                    continue
                seen.add(id(col))
                out.append(EntityColumn(col, col, prop, m))
    base = mappers[0]
    pol = base.polymorphic_on
    if pol is not None and id(pol) not in seen and (len(mappers) > 1 or base._inheriting_mappers):
        # the discriminator tells the loader which class each row is, even if no attribute maps it
        out.append(EntityColumn(pol, pol, None, base))
    return out


def polymorphic_selectable(mapper: Any, mappers: list[Any], innerjoin: bool = False) -> Any:
    """``mapper``'s FROM widened to ``mappers``: the tables of joined subclasses outer-joined to it."""
    from orm.sql.selectable import Join

    from .relationships import _tables_of

    sel = mapper.persist_selectable
    present = {id(t) for t in _tables_of(sel)}
    for m in mappers:
        t = m.local_table
        if id(t) in present or m.inherit_condition is None:
            continue
        sel = Join(sel, t, m.inherit_condition, isouter=not innerjoin)
        present.add(id(t))
    return sel


def set_polymorphic_identity(mapper: Any, obj: Any) -> None:
    """Write ``mapper``'s discriminator value into a new object (as SQLAlchemy does on ``__init__``)."""
    key = mapper._polymorphic_attr_key
    if key is not None:
        obj.__dict__[key] = mapper.polymorphic_identity


def check_abstract(mapper: Any) -> None:
    if mapper.polymorphic_abstract:
        raise exc.InvalidRequestError(
            f"Can't instantiate class for {mapper}; mapper is marked polymorphic_abstract=True"
        )


# -- concrete table inheritance ---------------------------------------------------------------------
# Each concrete class maps its own table holding all its columns; the base loads every class
# through one FROM, usually a polymorphic_union(), given as with_polymorphic=("*", pjoin).

def union_selectable(mapper: Any) -> Any:
    """The FROM of ``with_polymorphic=(classes, selectable)`` (None when no selectable is given)."""
    spec = mapper.with_polymorphic
    if isinstance(spec, (tuple, list)) and len(spec) == 2 and spec[1] is not None:
        sel = spec[1]
        if getattr(sel, "__visit_name__", "") == "select":
            # made a subquery once: every reader must see the same FROM object
            sel = sel.subquery()
            mapper.with_polymorphic = (spec[0], sel)
        if getattr(sel, "__visit_name__", "") == "join":
            return None  # joined tables: the outer joins of joined inheritance (polymorphic_selectable)
        return sel
    return None


def _hierarchy_tables(mapper: Any) -> set[int]:
    from .relationships import _tables_of

    out: set[int] = set()
    for m in mapper.self_and_descendants:
        if m.local_table is not None:
            out.update(id(t) for t in _tables_of(m.local_table))
    return out


def union_adapter(mapper: Any) -> Any:
    """``fn(node)``: a column of one of the hierarchy's tables -> the union's column of the same
    key (what SQLAlchemy's polymorphic adapter does for ``Employee.name`` in ``select(Employee)``);
    None for any other node."""
    sel = union_selectable(mapper)
    if sel is None:
        return None
    from .adapt import replace

    tables = _hierarchy_tables(mapper)
    cols = sel.c

    def column(node: Any) -> Any:
        t = getattr(node, "table", None)
        if t is not None and id(t) in tables and getattr(node, "__visit_name__", "") == "column":
            key = node.key
            if key in cols:
                return cols[key]
        return None

    def adapt(expr: Any) -> Any:
        return replace(expr, column)

    adapt.column = column  # type: ignore[attr-defined]
    return adapt


class UnionColumnAdapter:
    """``column(col)``: a column of the hierarchy's tables as the union's column (others as
    they are); ``traverse(expr)``: an expression rewritten so."""

    def __init__(self, adapt: Any, column: Any) -> None:
        self.traverse = adapt
        self._column = column

    def column(self, col: Any) -> Any:
        got = self._column(col)
        return col if got is None else got


def union_column_adapter(mapper: Any) -> Optional[UnionColumnAdapter]:
    adapt = mapper._polymorphic_adapter
    return None if adapt is None else UnionColumnAdapter(adapt, adapt.column)


def adapt_entity_columns(columns: list[EntityColumn], adapt: Any) -> list[EntityColumn]:
    """``columns`` read from the union: each union column once (a concrete subclass maps its own
    ``id`` and the base's ``id`` is the same union column)."""
    out: list[EntityColumn] = []
    seen: set[int] = set()
    keys: set[str] = set()
    for c in columns:
        expr = adapt(c.expr)
        if id(expr) in seen or (c.prop is not None and c.mapper.concrete and c.prop.key in keys):
            continue  # a concrete subclass's own copy of an attribute the union already gives
        seen.add(id(expr))
        if c.prop is not None:
            keys.add(c.prop.key)
        out.append(EntityColumn(expr, c.column, c.prop, c.mapper))
    return out


def adapt_statement_criteria(stmt: Any, entities: list[Any]) -> None:
    """Rewrite, in place on a fresh copy ``stmt``, WHERE / ORDER BY / GROUP BY / HAVING written
    against the tables of a hierarchy that an entity of the query loads through a union, so they
    read the union (the primary key criterion of ``session.get(Employee, 5)`` -> ``pjoin.id``)
    instead of adding the base table to the FROM list."""
    for ent in entities:
        if not ent.is_mapper or ent.parent_prop is not None or getattr(ent.insp, "is_aliased_class", False):
            continue
        adapt = ent.mapper._polymorphic_adapter
        if adapt is None:
            continue
        for attr in ("_where_criteria", "_order_by_clauses", "_group_by_clauses", "_having_criteria"):
            value = getattr(stmt, attr, None)
            if value:
                setattr(stmt, attr, tuple(adapt(v) for v in value))


def map_union_discriminator(mapper: Any) -> None:
    """A discriminator that is a column of the union (``pjoin.c.type``) and maps no attribute gets
    one under its key, as in SQLAlchemy: new objects carry their identity there and loads fill it."""
    from .properties import ColumnProperty

    pol = mapper.polymorphic_on
    sel = union_selectable(mapper)
    if pol is None or sel is None or pol in mapper._columntoproperty or getattr(pol, "table", None) is not sel:
        return
    key = pol.key
    if key in mapper._props:
        return
    prop = ColumnProperty(pol)
    # loaded with the row, but no attribute on the class: the union's column is not the class's
    # table's (SQLAlchemy leaves it uninstrumented too)
    prop._no_instrument = True  # type: ignore[attr-defined]
    mapper._add_prop(key, prop)


class ConcreteInheritedAttribute:
    """A superclass attribute that a concrete class does not map: on the class it is the
    superclass's (it compares through the superclass's FROM); on an instance it raises, as
    SQLAlchemy's ConcreteInheritedProperty does."""

    def __init__(self, mapper: Any, key: str, parent_attr: Any) -> None:
        self.mapper = mapper
        self.key = key
        self.parent_attr = parent_attr

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self.parent_attr
        raise AttributeError(
            f"Concrete {self.mapper} does not implement attribute {self.key!r} at the instance level.  "
            f"Add this property explicitly to {self.mapper}."
        )

    def __set__(self, instance: Any, value: Any) -> None:
        self.__get__(instance, None)


def hide_concrete_inherited(mapper: Any) -> None:
    """Shadow the superclasses' mapped attributes that ``mapper`` (concrete) does not map."""
    cls = mapper.class_
    for parent in list(mapper.iterate_to_root())[1:]:
        for key in parent._props:
            if key in mapper._props or key in cls.__dict__:
                continue
            parent_attr = _class_level(parent, key)
            if parent_attr is None:
                continue
            type.__setattr__(cls, key, ConcreteInheritedAttribute(mapper, key, parent_attr))


def _clear_caches(mapper: Any) -> None:
    for m in list(mapper.iterate_to_root()) + mapper.self_and_descendants:
        m._polymorphic_cache.clear()
        m.__dict__.pop("_orm_table_infos", None)
        for key in m._props:
            attr = m.class_.__dict__.get(key)
            if getattr(attr, "_expr", None) is not None:
                attr._expr = None  # its SQL expression now reads the union


def set_union(mapper: Any, pjoin: Any, key: str) -> None:
    """Load ``mapper`` and its subclasses through ``pjoin`` with discriminator ``pjoin.c[key]``
    (what ConcreteBase does at configuration, as if given as mapper arguments)."""
    mapper.with_polymorphic = ("*", pjoin)
    mapper.polymorphic_on = pjoin.c[key]
    map_union_discriminator(mapper)
    prop = mapper._columntoproperty.get(mapper.polymorphic_on)
    if prop is not None and mapper.polymorphic_identity is not None and not getattr(prop, "_no_instrument", False):
        mapper._polymorphic_attr_key = prop.key
    for sub in mapper.self_and_descendants[1:]:
        if sub.concrete and key not in sub.class_.__dict__:
            type.__setattr__(sub.class_, key, ConcreteInheritedAttribute(sub, key, _class_level(mapper, key)))
    _clear_caches(mapper)


def _class_level(mapper: Any, key: str) -> Any:
    """What ``Sub.key`` gives for an attribute of ``mapper`` a concrete subclass does not map: the
    class attribute, else (an uninstrumented discriminator) its column."""
    attr = mapper.class_.__dict__.get(key)
    if attr is None:
        prop = mapper._props.get(key)
        attr = prop.columns[0] if isinstance(prop, ColumnProperty) else None
    return attr


def reparent_concrete(mapper: Any, base: Any) -> None:
    """Make ``mapper`` (mapped first, as a root) a concrete subclass mapper of ``base``: what an
    AbstractConcreteBase's subclasses become once the base is mapped."""
    mapper.inherits = base
    base._inheriting_mappers.append(mapper)
    base.polymorphic_map.update(mapper.polymorphic_map)
    for m in mapper.self_and_descendants:
        m.base_mapper = base.base_mapper
        m.polymorphic_map = base.polymorphic_map
    mapper.concrete = True
    hide_concrete_inherited(mapper)
    _clear_caches(mapper)
