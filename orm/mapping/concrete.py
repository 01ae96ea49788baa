"""Declarative helpers of concrete table inheritance: ``ConcreteBase`` and ``AbstractConcreteBase``
(``from sqlalchemy.ext.declarative import ConcreteBase``).  Each class maps its own table with all
its columns; when mappers are configured, every class of the hierarchy gets a
``polymorphic_union()`` of its own and its subclasses' tables to load through (with a ``type``
discriminator, renamed by ``_concrete_discriminator_name``).

Example::

    class Employee(ConcreteBase, Base):
        __tablename__ = "employee"
        id = mapped_column(Integer, primary_key=True)
        name = mapped_column(String(50))
        __mapper_args__ = {"polymorphic_identity": "employee", "concrete": True}

    class Manager(Employee):
        __tablename__ = "manager"
        id = mapped_column(Integer, primary_key=True)
        name = mapped_column(String(50))
        manager_data = mapped_column(String(40))
        __mapper_args__ = {"polymorphic_identity": "manager", "concrete": True}

    select(Employee)   # ... FROM (SELECT ... FROM employee UNION ALL SELECT ... FROM manager) AS pjoin

``AbstractConcreteBase``: the base has no table; its columns are copied to each subclass (as a
mixin's are), and the base is mapped onto the union of its subclasses' tables when mappers are
configured (``configure_mappers()``, or the first query / object).  It cannot be instantiated.
"""
from __future__ import annotations

from typing import Any

from orm import exc

from . import inheritance as _inh
from .base import _mapper_of
from .polymorphic_union import polymorphic_union


def _union_of(mappers: list[Any], discriminator: str) -> Any:
    tables = {}
    for m in mappers:
        if m.local_table is not None and m.polymorphic_identity is not None:
            for c in m.local_table.c:
                if c.key == discriminator:
                    raise exc.InvalidRequestError(
                        f"Polymorphic union can't use {discriminator!r} as the discriminator column due "
                        f"to mapped column {c!r}; please apply the '_concrete_discriminator_name' class "
                        "attribute to the concrete base class to use a different discriminator name."
                    )
            tables[m.polymorphic_identity] = m.local_table
    return polymorphic_union(tables, discriminator, "pjoin")


class ConcreteBase:
    """Mixin of the base class of a concrete hierarchy whose base maps a table of its own."""

    _concrete_discriminator_name = "type"

    @classmethod
    def __declare_first__(cls) -> None:
        mapper = _mapper_of(cls)
        if mapper is None or mapper.with_polymorphic:
            return  # done already (each configure pass asks again)
        pjoin = _union_of(list(mapper.self_and_descendants), cls._concrete_discriminator_name)
        _inh.set_union(mapper, pjoin, cls._concrete_discriminator_name)


class AbstractConcreteBase(ConcreteBase):
    """Mixin of a concrete hierarchy's base class that has no table: mapped onto the union of
    its subclasses' tables once they are all declared (at mapper configuration)."""

    # its direct subclass is not mapped at declaration time (orm.mapping.decl_scan)
    __no_table__ = True
    strict_attrs = False

    @classmethod
    def __declare_first__(cls) -> None:
        for base in cls.__mro__:
            if AbstractConcreteBase in base.__bases__ and _mapper_of(base) is None:
                _map_abstract_base(base)
        mapper = _mapper_of(cls)
        if mapper is not None and not mapper.with_polymorphic and mapper._inheriting_mappers:
            # a concrete subclass with subclasses of its own loads them through its own union
            pjoin = _union_of(list(mapper.self_and_descendants), cls._concrete_discriminator_name)
            _inh.set_union(mapper, pjoin, cls._concrete_discriminator_name)


def _subclass_mappers(base: type) -> list[Any]:
    """The mapped subclasses of ``base`` (walked as a stack: SQLAlchemy's union order)."""
    out: list[Any] = []
    stack: list[type] = list(base.__subclasses__())
    while stack:
        klass = stack.pop()
        stack.extend(klass.__subclasses__())
        m = _mapper_of(klass)
        if m is not None and m not in out:
            out.append(m)
    return out


def _map_abstract_base(base: type) -> None:
    from .mapper import Mapper

    subs = _subclass_mappers(base)
    if not subs:
        return
    key = getattr(base, "_concrete_discriminator_name", "type")
    pjoin = _union_of(subs, key)
    registry = subs[0].registry
    # the base's own declared columns (and the discriminator); every union column with
    # strict_attrs=False, as SQLAlchemy maps them
    own = [k for k in base.__dict__ if not k.startswith("__") and k in pjoin.c]
    include = None if not getattr(base, "strict_attrs", False) else own + [key]
    for k in own:
        # the declarative column object gives way to the mapped attribute (the union's column
        # of that name; attributes follow the union's column order, as in SQLAlchemy)
        type.__delattr__(base, k)
    mapper = Mapper(base, pjoin, registry=registry, include_properties=include,
                    with_polymorphic=("*", pjoin), polymorphic_on=pjoin.c[key], polymorphic_abstract=True)
    order = {id(m): i for i, m in enumerate(registry._mappers)}
    tops = sorted((m for m in subs if m.inherits is None), key=lambda m: order.get(id(m), 0))
    for m in tops:
        _inh.reparent_concrete(m, mapper)
    mapper._polymorphic_cache.clear()
