"""Relationship attributes in SQL: ``any()``, ``has()``, ``contains()``, ``==`` / ``!=`` against an
object or None, ``of_type()``, and the join condition between two entities.

Example::

    select(User).where(User.addresses.any(Address.email.like("%@example.com")))
    select(Address).where(Address.user.has(User.name == "ed"))
    select(Address).where(Address.user == some_user)       # :param_1 = addresses.user_id
    select(User).where(User.addresses.contains(some_address))

``User.addresses`` seen as SQL is its join condition (``users.id = addresses.user_id``) carrying a
:class:`RelationshipComparator`; comparison operators on the attribute reach the comparator.
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.sql import operators
from orm.sql.elements import BindParameter, Null, and_, literal_column, or_

from .adapt import ColumnAdapter, replace
from .base import MANYTOONE


class RelationshipComparator:
    """SQL of one relationship read from one entity (``User.addresses``, ``ua.addresses``,
    ``Company.employees.of_type(Manager)``)."""

    __slots__ = ("prop", "parent", "of_type_entity", "attr", "extra_criteria")

    def __init__(self, prop: Any, parent: Any, of_type: Any = None, attr: Any = None,
                 extra_criteria: tuple[Any, ...] = ()) -> None:
        self.prop = prop
        self.parent = parent  # Mapper or AliasedInsp the relationship is read from
        self.of_type_entity = of_type
        self.attr = attr
        self.extra_criteria = extra_criteria  # from and_(): written against the target class

    # -- entities ----------------------------------------------------------------------------------
    @property
    def target(self) -> Any:
        """The entity at the other end (the ``of_type()`` one when given)."""
        from .util import entity_of

        if self.of_type_entity is not None:
            return entity_of(self.of_type_entity)
        return self.prop.mapper

    def _where(self) -> str:
        return f"{self.prop.parent.class_.__name__}.{self.prop.key}"

    def _check_target(self, dest: Any) -> None:
        if not dest.mapper.isa(self.prop.mapper):
            raise exc.InvalidRequestError(
                f"Join target {dest.mapper} does not correspond to the right side of join condition "
                f"{self._where()}"
            )

    @property
    def _self_referential(self) -> bool:
        from .relationships import _same_table

        return _same_table(self.prop.parent.persist_selectable, self.prop.mapper.persist_selectable)

    # -- conditions ----------------------------------------------------------------------------------
    def conditions(self, dest: Any, secondary: Any = None) -> tuple[Any, Any]:
        """(primaryjoin, secondaryjoin) rewritten for this comparator's parent entity, ``dest`` as
        the target entity and ``secondary`` (an alias of the secondary table, or None)."""
        prop = self.prop
        left = _adapter_of(self.parent)
        right = _adapter_of(dest)
        sec = ColumnAdapter(secondary) if secondary is not None else None
        sec_table = prop.secondary
        if sec_table is not None:
            pj = _rewrite(prop.primaryjoin, lambda c: _side(sec, c) if c.table is sec_table else _side(left, c))
            sj = _rewrite(prop.secondaryjoin, lambda c: _side(sec, c) if c.table is sec_table else _side(right, c))
            return pj, sj
        if self._self_referential:
            remote = {id(c) for c in prop.remote_side}
            pj = _rewrite(prop.primaryjoin, lambda c: _side(right, c) if id(c) in remote else _side(left, c))
        else:
            target_tables = {id(t) for t in _tables(prop.mapper.persist_selectable)}
            target_tables.update(id(t) for t in _tables(dest.mapper.persist_selectable))
            pj = _rewrite(prop.primaryjoin,
                          lambda c: _side(right, c) if id(c.table) in target_tables else _side(left, c))
        return pj, None

    def parent_condition(self) -> Any:
        """The relationship's join condition as seen from the parent entity (its clause element)."""
        pj, sj = self.conditions(self.prop.mapper)
        return pj if sj is None else and_(pj, sj)

    def join_parts(self, dest: Optional[Any] = None) -> tuple[Any, Any, Any, Any, Any]:
        """``(left, right, onclause, secondary, secondary_onclause)`` of a JOIN along this
        relationship; the many-to-many secondary table is aliased anonymously, as in SQLAlchemy."""
        from orm.sql.selectable import Alias

        if dest is None:
            dest = self.target
        else:
            self._check_target(dest)
        if self._self_referential and not dest.is_aliased_class and not self.parent.is_aliased_class:
            raise exc.InvalidRequestError(
                f"Can't construct a join from {self.parent.mapper} to {dest.mapper}, they are the same "
                "entity"
            )
        secondary = Alias(self.prop.secondary) if self.prop.secondary is not None else None
        pj, sj = self.conditions(dest, secondary)
        if self.extra_criteria:
            # and_(): the criteria join the ON clause of the target (after the secondary table for
            # a many-to-many), rewritten for an aliased target
            extra = self.target_criteria(dest)
            if sj is not None:
                sj = and_(sj, *extra)
            else:
                pj = and_(pj, *extra)
        crit = dest._single_table_criterion
        left = _selectable_of(self.parent)
        right = _selectable_of(dest)
        if secondary is not None:
            on = sj if crit is None else and_(sj, crit)
            return left, right, on, secondary, pj
        on = pj if crit is None else and_(pj, crit)
        return left, right, on, None, None

    # -- EXISTS ----------------------------------------------------------------------------------------
    def _exists(self, criterion: Any, kwargs: dict[str, Any]) -> Any:
        from orm.sql.selectable import Exists, Select

        from .util import AliasedClass, entity_of

        dest = self.target
        adapt_criterion = None
        if self._self_referential and not dest.is_aliased_class:
            # the subquery reads the same table as the enclosing query: alias it
            dest = entity_of(AliasedClass(dest.entity))
            adapt_criterion = dest._adapt_element
        pj, sj = self.conditions(dest)
        crit: list[Any] = [pj]
        if sj is not None:
            crit.append(sj)
        single = dest._single_table_criterion
        if single is not None:
            crit.append(single)
        if criterion is not None:
            crit.append(adapt_criterion(criterion) if adapt_criterion else criterion)
        for key, value in kwargs.items():
            crit.append(getattr(dest.entity, key) == value)
        froms = [_selectable_of(dest)]
        if self.prop.secondary is not None:
            froms.append(self.prop.secondary)
        sel: Any = Select(literal_column("1")).select_from(*froms).where(and_(*crit)).correlate_except(*froms)
        return Exists(sel)

    def any(self, criterion: Any = None, **kwargs: Any) -> Any:
        if not self.prop.uselist:
            raise exc.InvalidRequestError("'any()' not implemented for scalar attributes. Use has().")
        return self._exists(criterion, kwargs)

    def has(self, criterion: Any = None, **kwargs: Any) -> Any:
        if self.prop.uselist:
            raise exc.InvalidRequestError("'has()' not implemented for collections. Use any().")
        return self._exists(criterion, kwargs)

    # -- comparisons with objects ----------------------------------------------------------------------
    def _check_object(self, other: Any) -> Any:
        from .base import _mapper_of

        mapper = None
        for klass in type(other).__mro__:
            mapper = _mapper_of(klass)
            if mapper is not None:
                break
        if mapper is None or not mapper.isa(self.prop.mapper):
            raise exc.ArgumentError(
                f"Can't compare {self._where()} to {other!r}: expected an instance of "
                f"{self.prop.mapper.class_.__name__} or None"
            )
        return mapper

    def _bind_for(self, other: Any, col: Any, named: Any = None) -> Any:
        """A parameter holding ``other``'s value for the mapped column ``col``, read when the
        statement executes (so a pending object's key assigned by a flush is used)."""
        mapper = self._check_object(other)
        prop = mapper._columntoproperty.get(col)
        if prop is None:
            raise exc.InvalidRequestError(
                f"Can't compare {self._where()} to {other!r}: column {col} is not mapped by {mapper}"
            )
        key = prop.key

        def value() -> Any:
            return getattr(other, key)

        return BindParameter(named.key if named is not None else None, None, type_=col.type, unique=True,
                             callable_=value)

    def _compare_to_object(self, other: Any) -> Any:
        """The join condition with the target's columns taken from ``other``."""
        prop = self.prop
        remote = {id(c) for c in prop.remote_side}
        left = _adapter_of(self.parent)
        target = prop.mapper

        def side(c: Any) -> Any:
            if id(c) in remote and c in target._columntoproperty:
                return self._bind_for(other, c)
            return _side(left, c)

        self._check_object(other)
        return _rewrite(prop.primaryjoin, side)

    def eq(self, other: Any) -> Any:
        prop = self.prop
        if other is None or isinstance(other, Null):
            if prop.direction is MANYTOONE:
                left = _adapter_of(self.parent)
                cols = _local_fk_columns(prop)
                return and_(*[_adapted(left, c).is_(None) for c in cols])
            return ~self.any()
        if prop.uselist:
            raise exc.InvalidRequestError(
                "Can't compare a collection to an object or collection; use contains() to test for "
                "membership."
            )
        return self._compare_to_object(other)

    def ne(self, other: Any) -> Any:
        prop = self.prop
        if other is None or isinstance(other, Null):
            if prop.direction is MANYTOONE:
                left = _adapter_of(self.parent)
                return and_(*[_adapted(left, c).is_not(None) for c in _local_fk_columns(prop)])
            return self.any()
        if prop.uselist:
            raise exc.InvalidRequestError(
                "Can't compare a collection to an object or collection; use contains() to test for "
                "membership."
            )
        if prop.direction is MANYTOONE:
            left = _adapter_of(self.parent)
            pairs = [(_adapted(left, local), remote) for remote, local in prop.synchronize_pairs]
            return or_(*[local != self._bind_for(other, remote, named=local) for local, remote in pairs],
                       *[local.is_(None) for local, _ in pairs])
        return ~self._compare_to_object(other)

    def contains(self, other: Any, **kw: Any) -> Any:
        prop = self.prop
        if not prop.uselist:
            raise exc.InvalidRequestError("'contains' not implemented for scalar attributes.  Use ==")
        if prop.secondary is None:
            return self._compare_to_object(other)
        from orm.sql.selectable import Alias

        secondary = Alias(prop.secondary)
        sec = ColumnAdapter(secondary)
        left = _adapter_of(self.parent)
        target = prop.mapper
        pj = _rewrite(prop.primaryjoin, lambda c: _side(sec, c) if c.table is prop.secondary else _side(left, c))
        sj = _rewrite(prop.secondaryjoin,
                      lambda c: _side(sec, c) if c.table is prop.secondary
                      else (self._bind_for(other, c) if c in target._columntoproperty else None))
        return and_(pj, sj)

    def of_type(self, entity: Any) -> Any:
        """This relationship narrowed to a subclass or aliased target: for joins, ``any()``/``has()``
        and loader options."""
        from .util import entity_of

        insp = entity_of(entity)
        if insp is None:
            raise exc.ArgumentError(f"of_type() expects a mapped class or aliased class, got {entity!r}")
        self._check_target(insp)
        return self._bound(entity, self.extra_criteria)

    def and_(self, *criteria: Any) -> Any:
        """This relationship with extra criteria (about the target class): ANDed into the ON
        clause of ``join()``/``outerjoin()`` along it and into the SQL of a loader option given
        it (``selectinload(User.addresses.and_(Address.email.like("%@x.org")))``)."""
        from orm.sql import coercions

        extra = tuple(coercions.expect_where(c) for c in criteria)
        return self._bound(self.of_type_entity, self.extra_criteria + extra)

    def _bound(self, of_type: Any, extra: tuple[Any, ...]) -> Any:
        from .util import _EntityBoundAttribute

        parent = self.parent if self.parent.is_aliased_class else None
        prop = self.prop
        return _EntityBoundAttribute(prop.parent.class_, prop.key, prop, prop.parent, parent, of_type=of_type,
                                     extra_criteria=extra)

    def target_criteria(self, dest: Any = None) -> list[Any]:
        """The ``and_()`` criteria against ``dest`` (default: the target entity), an alias of the
        target class having its columns rewritten."""
        return adapt_criteria(self.extra_criteria, self.target if dest is None else dest)

    def operate(self, op: Any, *other: Any, **kw: Any) -> Any:
        if op is operators.eq:
            return self.eq(other[0])
        if op is operators.ne:
            return self.ne(other[0])
        if op is operators.contains_op or op is operators.like_op and kw.get("_pattern") == "contains":
            # ColumnOperators.contains() arrives as the LIKE '%' || x || '%' operator
            return self.contains(other[0])
        raise exc.InvalidRequestError(
            f"Operator {getattr(op, '__name__', op)!r} is not supported on relationship {self._where()}; "
            "use ==, !=, contains(), any() or has()"
        )


class _RelationshipClause:
    """Mixin of a relationship's join condition seen as the attribute's SQL: operators and
    ``any/has/contains/of_type`` go to the comparator; rendering is the join condition's."""

    _rel_comparator: RelationshipComparator

    def operate(self, op: Any, *other: Any, **kw: Any) -> Any:
        return self._rel_comparator.operate(op, *other, **kw)

    def reverse_operate(self, op: Any, other: Any, **kw: Any) -> Any:
        return self._rel_comparator.operate(op, other, **kw)

    def any(self, criterion: Any = None, **kwargs: Any) -> Any:
        return self._rel_comparator.any(criterion, **kwargs)

    def has(self, criterion: Any = None, **kwargs: Any) -> Any:
        return self._rel_comparator.has(criterion, **kwargs)

    def contains(self, other: Any, **kw: Any) -> Any:
        return self._rel_comparator.contains(other, **kw)

    def of_type(self, entity: Any) -> Any:
        return self._rel_comparator.of_type(entity)

    def and_(self, *criteria: Any) -> Any:
        return self._rel_comparator.and_(*criteria)


_CLAUSE_CLASSES: dict[type, type] = {}


def relationship_clause(prop: Any, attr: Any) -> Any:
    """The SQL of a relationship attribute: its join condition, able to compare."""
    from .util import _EntityBoundAttribute, parent_entity

    bound = isinstance(attr, _EntityBoundAttribute)
    comp = RelationshipComparator(prop, parent_entity(attr), attr._of_type if bound else None, attr,
                                  attr._extra_criteria if bound else ())
    cond = comp.parent_condition()
    base = type(cond)
    cls = _CLAUSE_CLASSES.get(base)
    if cls is None:
        cls = _CLAUSE_CLASSES[base] = type(f"Relationship{base.__name__}", (_RelationshipClause, base),
                                           {"__visit_name__": base.__visit_name__})
    clause: Any = object.__new__(cls)
    clause.__dict__ = cond.__dict__.copy()
    clause.__dict__.pop("_comparator", None)
    clause._rel_comparator = comp
    return clause


# -- helpers ----------------------------------------------------------------------------------------
def adapt_criteria(criteria: tuple[Any, ...], dest: Any) -> list[Any]:
    """``and_()`` criteria (written against the target class) for the entity ``dest``: rewritten
    to its alias when it is an aliased class."""
    adapter = _adapter_of(dest)
    if adapter is None:
        return list(criteria)
    return [adapter.traverse(c) for c in criteria]


def _adapter_of(entity: Any) -> Any:
    if entity is None:
        return None
    if entity.is_aliased_class:
        return getattr(entity, "_adapter", None)
    # a class loaded through a with_polymorphic union (concrete inheritance) reads the union
    return entity._union_column_adapter if entity.with_polymorphic else None


def _selectable_of(entity: Any) -> Any:
    return entity.selectable if entity.is_aliased_class else entity._with_polymorphic_selectable


def _side(adapter: Any, col: Any) -> Any:
    if adapter is None:
        return None
    got = adapter.column(col)
    return None if got is col else got


def _adapted(adapter: Any, col: Any) -> Any:
    return col if adapter is None else adapter.column(col)


def _rewrite(expr: Any, fn: Any) -> Any:
    return replace(expr, lambda n: fn(n) if getattr(n, "__visit_name__", "") == "column" and
                   getattr(n, "table", None) is not None else None)


def _tables(selectable: Any) -> list[Any]:
    from .relationships import _tables_of

    return _tables_of(selectable)


def _local_fk_columns(prop: Any) -> list[Any]:
    return [local for _, local in prop.synchronize_pairs]
