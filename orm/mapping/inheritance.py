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
