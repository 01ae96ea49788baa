"""Aliased entities: ``aliased()``, ``with_polymorphic()``, and the entity helpers the query layer
shares (what an entity selects, which FROM it stands for, which criteria it adds).

Example::

    from orm import aliased, select

    a1 = aliased(Address)
    a2 = aliased(Address, name="a2")
    stmt = (
        select(User.name, a1.email, a2.email)
        .join(User.addresses.of_type(a1))
        .join(User.addresses.of_type(a2))
        .where(a1.email != a2.email)
    )

An *entity* is what the query layer reads mapped classes through: the class's ``Mapper`` or, for
an aliased class, its ``AliasedInsp`` (``inspect(alias)``).  Both offer ``mapper``, ``entity``,
``selectable`` (its FROM), ``is_aliased_class``, ``_entity_columns()`` (a list of
:class:`~orm.mapping.inheritance.EntityColumn`), ``_single_table_criterion`` and
``_adapt_element(expr)``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, Union, overload

from orm import exc
from orm.inspection import _inspects

from . import inheritance as _inh
from .adapt import ColumnAdapter
from .attributes import QueryableAttribute
from .base import _mapper_of

_O = TypeVar("_O")


def entity_of(obj: Any) -> Any:
    """The entity (Mapper or AliasedInsp) of a mapped class, aliased class, Mapper or AliasedInsp;
    None for anything else."""
    if isinstance(obj, type):
        m = _mapper_of(obj)
        if m is not None:
            m._check_configure()
        return m
    if isinstance(obj, AliasedClass):
        return obj._aliased_insp
    if getattr(obj, "is_mapper", False) is True or isinstance(obj, AliasedInsp):
        return obj
    return None


def parent_entity(attr: Any) -> Any:
    """The entity an attribute is read from: ``User.name`` -> User's Mapper, ``ua.name`` -> ``ua``'s
    AliasedInsp."""
    ent = getattr(attr, "_aliased_entity", None) if isinstance(attr, _EntityBoundAttribute) else None
    return ent if ent is not None else attr.parent


class AliasedInsp:
    """What ``inspect(aliased_class)`` returns: the mapper, the aliased FROM, and how to rewrite the
    mapper's expressions against it."""

    is_aliased_class = True
    is_mapper = False
    _orm_select_plugin = True

    def __init__(self, entity: "AliasedClass[Any]", mapper: Any, selectable: Any, name: Optional[str],
                 with_polymorphic_mappers: Optional[list[Any]], polymorphic_on: Any, adapt: bool,
                 adapt_on_names: bool, represents_outer_join: bool, use_mapper_path: bool) -> None:
        self.entity = entity
        self.mapper = mapper
        self.selectable = selectable
        self.name = name
        self.class_ = mapper.class_
        self.with_polymorphic_mappers = list(with_polymorphic_mappers or mapper._with_polymorphic_mappers)
        self.represents_outer_join = represents_outer_join
        self._use_mapper_path = use_mapper_path
        self._adapter: Any = None  # ColumnAdapter (or a chain of two), None: the real tables
        if adapt:
            self._adapter = ColumnAdapter(selectable, adapt_on_names=adapt_on_names)
        self.polymorphic_on = self._adapt_element(polymorphic_on) if polymorphic_on is not None else None
        self._columns: Optional[list[_inh.EntityColumn]] = None
        self._sub_entities: dict[Any, AliasedClass[Any]] = {}

    @property
    def _with_polymorphic_selectable(self) -> Any:
        return self.selectable

    @property
    def persist_selectable(self) -> Any:
        return self.selectable

    @property
    def _target(self) -> Any:
        return self.entity

    def _adapt_element(self, expr: Any) -> Any:
        """``expr`` (written against the mapper's tables) rewritten against this alias."""
        return expr if self._adapter is None else self._adapter.traverse(expr)

    def _entity_columns(self) -> list[_inh.EntityColumn]:
        """The columns ``select(alias)`` renders, paired with the mapped columns they load."""
        if self._columns is None:
            cols = _inh.select_columns(self.with_polymorphic_mappers)
            union = self._union_adapter
            if union is not None:
                cols = _inh.adapt_entity_columns(cols, union)
            self._columns = [
                _inh.EntityColumn(self._adapt_element(c.expr), c.column, c.prop, c.mapper) for c in cols
            ]
        return self._columns

    @property
    def _union_adapter(self) -> Any:
        """The mapper's polymorphic-union adapter when this alias is one of that union (concrete
        inheritance: ``aliased(Employee)``), else None: the hierarchy's columns are first read as
        the union's, then as this alias's."""
        union = self.mapper._polymorphic_adapter if self.mapper.with_polymorphic else None
        if union is None or not self.selectable.is_derived_from(self.mapper._with_polymorphic_selectable):
            return None
        return union

    _polymorphic_select_columns = _entity_columns

    @property
    def _single_table_criterion(self) -> Any:
        if len(self.with_polymorphic_mappers) > 1:
            return None  # a with_polymorphic() entity loads every class it names
        crit = self.mapper._single_table_criterion
        return None if crit is None else self._adapt_element(crit)

    def _sub_entity(self, mapper: Any) -> "AliasedClass[Any]":
        """``wp.Manager`` of a with_polymorphic entity: the subclass read through the same FROM."""
        got = self._sub_entities.get(mapper)
        if got is None:
            got = AliasedClass(mapper.class_, self.selectable, _adapter=self._adapter,
                               use_mapper_path=self._use_mapper_path,
                               represents_outer_join=self.represents_outer_join)
            self._sub_entities[mapper] = got
        return got

    def __repr__(self) -> str:
        extra = f"({self.name})" if self.name and isinstance(self.name, str) and "%(" not in self.name else ""
        return f"<AliasedInsp at 0x{id(self):x}; {self.class_.__name__}{extra}>"

    def __str__(self) -> str:
        return f"aliased({self.class_.__name__})"


class AliasedClass(Generic[_O]):
    """A mapped class read through an alias of its table: a second, independent occurrence of the
    entity in one statement.  Build it with :func:`aliased`.

    Its attributes are SQL expressions against the alias (``ua.name`` is ``users_1.name``);
    relationship attributes join and compare from the alias.
    """

    _orm_select_plugin = True

    def __init__(self, mapped_class_or_ac: Any, alias: Any = None, name: Optional[str] = None,
                 flat: bool = False, adapt_on_names: bool = False,
                 with_polymorphic_mappers: Optional[list[Any]] = None,
                 with_polymorphic_discriminator: Any = None, base_alias: Any = None,
                 use_mapper_path: bool = False, represents_outer_join: bool = False,
                 _adapter: Optional[ColumnAdapter] = None) -> None:
        insp = entity_of(mapped_class_or_ac)
        if insp is None:
            raise exc.ArgumentError(f"aliased() expects a mapped class or aliased class, got {mapped_class_or_ac!r}")
        mapper = insp.mapper
        chain = False
        if alias is None:
            source = insp.selectable if insp.is_aliased_class else mapper._with_polymorphic_selectable
            if insp.is_aliased_class and getattr(source, "__visit_name__", "") == "alias":
                source = source.element  # aliased(alias of users): another alias of users itself
            else:
                chain = insp.is_aliased_class
            alias = _alias_selectable(source, name, flat)
        else:
            alias = _as_from(alias)
        adapt = True
        pol = with_polymorphic_discriminator if with_polymorphic_discriminator is not None else mapper.polymorphic_on
        inner = AliasedInsp(self, mapper, alias, name or getattr(alias, "name", None),
                            with_polymorphic_mappers, pol, adapt and _adapter is None, adapt_on_names,
                            represents_outer_join, use_mapper_path)
        if _adapter is not None:
            inner._adapter = _adapter
            inner.polymorphic_on = inner._adapt_element(pol) if pol is not None else None
        elif chain and insp._adapter is not None and inner._adapter is not None:
            # aliasing an alias: rewrite the base mapper's columns through both
            inner._adapter = _ChainedAdapter(insp._adapter, inner._adapter)
        self._aliased_insp = inner
        self.__name__ = f"aliased({mapper.class_.__name__})"
        self.__module__ = mapper.class_.__module__

    def __clause_element__(self) -> Any:
        return self._aliased_insp.selectable

    def __getattr__(self, key: str) -> Any:
        insp = self.__dict__.get("_aliased_insp")
        if insp is None or key.startswith("__"):
            raise AttributeError(key)
        mapper = insp.mapper
        for m in insp.with_polymorphic_mappers[1:]:
            if m.class_.__name__ == key:
                return insp._sub_entity(m)
        prop = mapper._props.get(key)
        if prop is not None:
            attr = _EntityBoundAttribute(mapper.class_, key, prop, mapper, insp)
            self.__dict__[key] = attr
            return attr
        for klass in mapper.class_.__mro__:
            if key in klass.__dict__:
                value = klass.__dict__[key]
                get = getattr(type(value), "__get__", None)
                # hybrids and classmethods see the alias as their class; functions stay plain
                return value.__get__(None, self) if get is not None else value  # type: ignore[attr-defined]
        raise AttributeError(f"Entity {self.__name__!r} has no attribute {key!r}")

    def __repr__(self) -> str:
        return f"<AliasedClass at 0x{id(self):x}; {self._aliased_insp.class_.__name__}>"

    def __str__(self) -> str:
        return self.__name__


class _ChainedAdapter:
    def __init__(self, first: ColumnAdapter, second: ColumnAdapter) -> None:
        self.first = first
        self.second = second
        self.selectable = second.selectable

    def column(self, col: Any) -> Any:
        return self.second.column(self.first.column(col))

    def traverse(self, element: Any) -> Any:
        return self.second.traverse(self.first.traverse(element))


class _EntityBoundAttribute(QueryableAttribute):
    """An attribute read from an aliased entity (``ua.name``), narrowed with ``of_type()`` or given
    extra criteria with ``and_()``: the mapper's property, with its SQL rewritten against the alias."""

    __slots__ = ("_aliased_entity", "_of_type", "_extra_criteria")

    def __init__(self, class_: type, key: str, prop: Any, mapper: Any, entity: Any, of_type: Any = None,
                 extra_criteria: tuple[Any, ...] = ()) -> None:
        super().__init__(class_, key, prop, mapper)
        self._aliased_entity = entity
        self._of_type = of_type
        # relationship.and_(criteria): added to the ON clause of joins along it and to its loaders
        self._extra_criteria = extra_criteria

    def __clause_element__(self) -> Any:
        expr = self._expr
        if expr is None:
            expr = self.property._expression_for(self)
            if not getattr(self.property, "is_relationship", False) and self._aliased_entity is not None:
                expr = self._aliased_entity._adapt_element(expr)
            self._expr = expr
        return expr

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self

    def __str__(self) -> str:
        return f"{self._aliased_entity or self.class_.__name__}.{self.key}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"


def _as_from(alias: Any) -> Any:
    from orm.sql import coercions

    return coercions.expect_from(alias)


def _alias_selectable(source: Any, name: Optional[str], flat: bool) -> Any:
    """An alias of an entity's FROM: ``users AS users_1``; for a join (joined inheritance) a
    subquery of the join with ``table_column`` labels, or with ``flat`` a join of table aliases."""
    from orm.sql.select import LABEL_STYLE_TABLENAME_PLUS_COL
    from orm.sql.selectable import Join

    if isinstance(source, Join):
        if flat:
            return _flat_alias(source, name)
        return source.select().set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).subquery(name)
    return source.alias(name)


def _flat_alias(j: Any, name: Optional[str]) -> Any:
    from orm.sql.selectable import Join

    def alias_of(side: Any) -> Any:
        if isinstance(side, Join):
            return _flat_alias(side, name)
        return side.alias(f"{name}_{side.name}" if name else None)

    left, right = alias_of(j.left), alias_of(j.right)
    on = ColumnAdapter(Join(left, right, j.onclause)).traverse(j.onclause)
    return Join(left, right, on, isouter=j.isouter, full=j.full)


@overload
def aliased(element: type[_O], alias: Any = None, name: Optional[str] = None, flat: bool = False,
            adapt_on_names: bool = False) -> "AliasedClass[_O]": ...


@overload
def aliased(element: "AliasedClass[_O]", alias: Any = None, name: Optional[str] = None, flat: bool = False,
            adapt_on_names: bool = False) -> "AliasedClass[_O]": ...


@overload
def aliased(element: Any, alias: Any = None, name: Optional[str] = None, flat: bool = False,
            adapt_on_names: bool = False) -> Any: ...


def aliased(element: Any, alias: Any = None, name: Optional[str] = None, flat: bool = False,
            adapt_on_names: bool = False) -> Any:
    """An alias of a mapped class (or of a table/subquery, which gives its ``.alias()``).

    Example::

        ua = aliased(User, name="u")
        select(ua).where(ua.name == "ed")     # SELECT u.id, u.name FROM users AS u WHERE u.name = :name_1

    ``alias`` maps the class onto another selectable (a subquery of its table); ``flat=True``
    aliases each table of a joined-inheritance mapping instead of wrapping the join in a subquery.
    """
    if entity_of(element) is not None:
        return AliasedClass(element, alias, name=name, flat=flat, adapt_on_names=adapt_on_names)
    from orm.sql.base import ClauseElement

    if isinstance(element, ClauseElement) or hasattr(element, "__clause_element__"):
        from_ = _as_from(element)
        return from_.alias(name=name, flat=flat)
    raise exc.ArgumentError(
        f"aliased() expects a mapped class, an aliased class or a FROM clause (Table, subquery), "
        f"got {element!r}"
    )


def with_polymorphic(base: Any, classes: Any, selectable: Any = False, flat: bool = False,
                     polymorphic_on: Any = None, aliased: bool = False, innerjoin: bool = False,
                     adapt_on_names: bool = False, name: Optional[str] = None,
                     _use_mapper_path: bool = False) -> "AliasedClass[Any]":
    """An entity that loads ``base`` together with the columns of the given subclasses (``"*"``:
    all), so that rows of each subclass come back complete in one SELECT.

    Example::

        emp = with_polymorphic(Employee, [Manager, Engineer])
        select(emp).where(emp.Manager.department == "sales")

    For joined-table inheritance the subclasses' tables are LEFT OUTER JOINed (``innerjoin=True``:
    JOIN); ``aliased=True`` wraps that in a subquery, ``flat=True`` aliases each table.
    """
    insp = entity_of(base)
    if insp is None:
        raise exc.ArgumentError(f"with_polymorphic() expects a mapped class, got {base!r}")
    mapper = insp.mapper
    mappers = _inh.polymorphic_mappers(mapper, classes)
    if selectable is not False and selectable is not None:
        from_ = _as_from(selectable)
        return AliasedClass(base, from_, name=name, adapt_on_names=adapt_on_names,
                            with_polymorphic_mappers=mappers, with_polymorphic_discriminator=polymorphic_on,
                            use_mapper_path=_use_mapper_path, represents_outer_join=not innerjoin)
    sel = _inh.polymorphic_selectable(mapper, mappers, innerjoin=innerjoin)
    if aliased or flat:
        # as SQLAlchemy: ``name`` names the entity (row key), the aliases stay anonymous
        alias = _alias_selectable(sel, None, flat)
        return AliasedClass(base, alias, name=name, adapt_on_names=adapt_on_names,
                            with_polymorphic_mappers=mappers, with_polymorphic_discriminator=polymorphic_on,
                            use_mapper_path=_use_mapper_path, represents_outer_join=not innerjoin)
    # not aliased: the entity reads the real tables; no rewriting needed
    return AliasedClass(base, sel, name=name, with_polymorphic_mappers=mappers,
                        with_polymorphic_discriminator=polymorphic_on, use_mapper_path=True,
                        represents_outer_join=not innerjoin, _adapter=_IDENTITY)


class _IdentityAdapter(ColumnAdapter):
    def __init__(self) -> None:
        self.selectable = None
        self._cols = {}
        self._froms = {}
        self._names = None

    def traverse(self, element: Any) -> Any:
        return element

    __call__ = traverse


_IDENTITY = _IdentityAdapter()


def _inspect_aliased(obj: Any) -> Any:
    return obj._aliased_insp


_inspects(AliasedClass)(_inspect_aliased)
_inspects(AliasedInsp)(lambda obj: obj)

from .joins import join_target_and_onclause  # noqa: E402,F401 - part of this module's API

if TYPE_CHECKING:
    _Entity = Union[type, AliasedClass[Any]]
