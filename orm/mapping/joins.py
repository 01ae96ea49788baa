"""ORM entities inside ``select()``: what each one puts in the columns clause, FROM and WHERE, and
how ``join()`` resolves relationship attributes, entities and aliased entities.

Example::

    select(User).join(User.addresses)                # ON users.id = addresses.user_id
    select(User).join(Address, User.addresses)
    select(User).join(User.keywords)                 # through the secondary table, aliased
    select(User, a).join(User.addresses.of_type(a))  # a = aliased(Address)

The SQL layer (``orm/sql/select.py``) calls :func:`select_entity` for every ORM object handed to
``select()`` and :func:`join_target_and_onclause` for every join that involves one.
"""
from __future__ import annotations

from typing import Any, NamedTuple, Optional

from orm import exc

from .attributes import QueryableAttribute
from .util import entity_of, parent_entity


class JoinTarget(NamedTuple):
    """How to join one target.

    ``left``: the FROM the join must start from (a relationship's parent entity, or the explicit
    left of ``join_from``), or None to find it among the statement's FROMs.  ``right``: the FROM to
    join.  ``onclause``: the ON criterion, or None to infer it from foreign keys, in which case
    ``extra`` (a single-table discriminator, or None) is and-ed to the inferred one.
    ``secondary``/``secondary_onclause``: for a many-to-many relationship, the aliased secondary
    table joined first and its ON criterion.  ``entity``: the right side's entity (Mapper or
    AliasedInsp), None for a Core FROM.
    """

    left: Any
    right: Any
    onclause: Any
    extra: Any
    secondary: Any
    secondary_onclause: Any
    entity: Any


def relationship_comparator(obj: Any) -> Any:
    """The RelationshipComparator behind a relationship attribute (``User.addresses``,
    ``ua.addresses``, ``User.addresses.of_type(a)``), or None."""
    if isinstance(obj, QueryableAttribute) and getattr(obj.property, "is_relationship", False):
        return obj.__clause_element__()._rel_comparator
    return getattr(obj, "_rel_comparator", None)


def _selectable_of(entity: Any) -> Any:
    return entity.selectable if entity.is_aliased_class else entity._with_polymorphic_selectable


def _left_from(left: Any) -> Any:
    if left is None:
        return None
    ent = entity_of(left)
    if ent is not None:
        return _selectable_of(ent)
    from orm.sql import coercions

    return coercions.expect_from(left)


def _bad_target(target: Any) -> exc.ArgumentError:
    return exc.ArgumentError(
        f"Join target, typically a FROM expression, or ORM relationship attribute expected, got {target!r}."
    )


def join_target_and_onclause(left: Any, target: Any, onclause: Any) -> JoinTarget:
    """Resolve ``join(target, onclause)`` (``join_from(left, target, onclause)``) for ORM targets:
    a relationship attribute (``User.addresses``, ``.of_type(x)``), an entity with a relationship
    as ON clause, an entity or aliased entity (ON from foreign keys or given), or a Core FROM."""
    from orm.sql import coercions

    if isinstance(target, str) or isinstance(onclause, str):
        raise _bad_target(target if isinstance(target, str) else onclause)
    comp = relationship_comparator(target)
    if comp is not None:
        if onclause is not None:
            raise exc.InvalidRequestError(
                "No 'on clause' argument may be passed when joining to a relationship path as a target"
            )
        lf, right, on, sec, sec_on = comp.join_parts()
        return JoinTarget(lf if left is None else _left_from(left), right, on, None, sec, sec_on, comp.target)
    comp = relationship_comparator(onclause)
    if comp is not None:
        dest = entity_of(target)
        if dest is None:
            raise exc.InvalidRequestError(
                f"Join target {target!r} of the relationship {onclause} must be a mapped class or an "
                "aliased class"
            )
        lf, right, on, sec, sec_on = comp.join_parts(dest)
        return JoinTarget(lf if left is None else _left_from(left), right, on, None, sec, sec_on, dest)
    dest = entity_of(target)
    if dest is not None:
        right = _selectable_of(dest)
        crit = dest._single_table_criterion
        if onclause is not None:
            on = coercions.expect_where(onclause)
            if crit is not None:
                from orm.sql.elements import and_

                on = and_(on, crit)
            return JoinTarget(_left_from(left), right, on, None, None, None, dest)
        return JoinTarget(_left_from(left), right, None, crit, None, None, dest)
    try:
        right = coercions.expect_from(target)
    except exc.ArgumentError:
        raise _bad_target(target) from None
    on = coercions.expect_where(onclause) if onclause is not None else None
    return JoinTarget(_left_from(left), right, on, None, None, None, None)


class SelectEntity(NamedTuple):
    """What one ORM object handed to ``select()`` contributes.

    ``columns``: its columns-clause elements; ``from_``: a FROM standing for its tables (the join
    of a joined-inheritance entity) or None; ``criterion``: a WHERE criterion it implies (single-table
    discriminator) or None, ``entity``: its entity (Mapper/AliasedInsp) or None; ``namespace``: what
    ``filter_by()`` reads attributes from; ``whole_entity``: a class or alias (whose columns that
    are already in the columns clause are not repeated, as in SQLAlchemy: locate an entity's
    columns in ``Select._raw_columns`` by identity).
    """

    columns: list[Any]
    from_: Any
    criterion: Any
    entity: Any
    namespace: Any
    whole_entity: bool = False  # a class/alias: its columns already selected are not repeated


def select_entity(obj: Any) -> Optional[SelectEntity]:
    """The contribution of ``obj`` (a mapped class, aliased class, Mapper, column attribute or hybrid
    expression) to a SELECT; None for an object the ORM does not handle."""
    from orm.sql.selectable import Join

    ent = entity_of(obj)
    if ent is not None:
        sel = _selectable_of(ent)
        return SelectEntity([c.expr for c in ent._entity_columns()], sel if isinstance(sel, Join) else None,
                            ent._single_table_criterion, ent, ent.entity, True)
    if isinstance(obj, QueryableAttribute):
        if getattr(obj.property, "is_relationship", False):
            raise exc.ArgumentError(
                f"Relationship attribute {obj} can't be selected as a column; select its target "
                f"entity ({obj.property.mapper.class_.__name__}) and join along it"
            )
        parent = parent_entity(obj)
        sel = _selectable_of(parent)
        return SelectEntity([obj.__clause_element__()], sel if isinstance(sel, Join) else None,
                            parent._single_table_criterion, parent, parent.entity)
    select_column = getattr(obj, "_orm_select_column", None)
    if select_column is not None:
        return SelectEntity([select_column()], None, None, None, None)
    contribution = getattr(obj, "_orm_select_contribution", None)
    if contribution is not None:  # an object of several columns (orm.session.bundle.Bundle)
        return contribution()  # type: ignore[no-any-return]
    return None


def namespace_name(ns: Any, first: bool) -> str:
    """The name SQLAlchemy's ``filter_by()`` errors use for an entity namespace."""
    ent = entity_of(ns)
    if ent is None:
        return str(getattr(ns, "name", ns))
    if ent.is_aliased_class:
        return str(ent.name or "")
    if first:
        return str(getattr(ent.persist_selectable, "name", ent))
    return str(ent)


def namespace_attribute(ns: Any, key: str) -> Any:
    """``filter_by(key=...)``'s attribute of an entity namespace (mapped attributes, hybrids,
    column-like class attributes); None when there is none."""
    if entity_of(ns) is None:
        return ns.get(key) if hasattr(ns, "get") else getattr(ns, key, None)
    try:
        value = getattr(ns, key)
    except AttributeError:
        return None
    if isinstance(value, QueryableAttribute) or hasattr(value, "__clause_element__") or hasattr(value, "operate"):
        return value
    return None
