"""``with_loader_criteria()``: extra WHERE criteria for every load of an entity in a statement.

The option rides along with the statement's loader options; when the ORM compiles a SELECT
(``orm.session.context``) it adds the criteria for each FROM that is the entity's table: to the
WHERE clause for a FROM of its own, to the ON clause when the table is the right side of a JOIN
(explicit joins and joined eager loads), so an outer join keeps its parent rows.  Objects loaded by
the statement carry the option, so their lazy and selectin loads get the same criteria
(``propagate_to_loaders=True``, the default).

Example::

    stmt = select(User).options(
        with_loader_criteria(Address, Address.email_address != "foo@bar.com")
    )
    # soft delete for every class with the mixin, through an event:
    @event.listens_for(Session, "do_orm_execute")
    def _add_filter(state):
        if state.is_select:
            state.statement = state.statement.options(
                with_loader_criteria(HasDeleted, lambda cls: cls.deleted == False, include_aliases=True))
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm import exc
from orm.sql import coercions
from orm.sql.selectable import Alias, Join, TableClause

from .adapt import ColumnAdapter


class LoaderCriteriaOption:
    """The option :func:`with_loader_criteria` returns (a loader option element of its own kind)."""

    kind = "criteria"
    strategy = None
    # no root entity and a wildcard key: the loader-option index (orm.session.strategy_options)
    # neither looks it up by path nor validates it against the query's entities
    path: tuple[Any, ...] = (None, "*")
    propagate_to_loaders = True

    def __init__(self, entity: Any, where_criteria: Any, *, loader_only: bool = False,
                 include_aliases: bool = False, propagate_to_loaders: bool = True,
                 track_closure_variables: bool = True) -> None:
        from orm.inspection import inspect

        insp = inspect(entity, raiseerr=False)
        mapper = getattr(insp, "mapper", None) if insp is not None else None
        if mapper is not None and getattr(insp, "is_aliased_class", False):
            raise exc.ArgumentError("with_loader_criteria() takes a mapped class, not an aliased entity")
        if mapper is None and not isinstance(entity, type):
            raise exc.ArgumentError(f"with_loader_criteria() expects a class or a mapped class, got {entity!r}")
        self.entity = entity
        self.mapper = mapper
        self.root_class = mapper.class_ if mapper is not None else entity
        self.deferred = callable(where_criteria) and not hasattr(where_criteria, "__clause_element__") \
            and not hasattr(where_criteria, "_children")
        if not self.deferred:
            if mapper is None:
                raise exc.ArgumentError(
                    "with_loader_criteria() for an unmapped class needs a lambda taking the mapped class")
            where_criteria = coercions.expect_where(where_criteria)
        self.where_criteria = where_criteria
        self.include_aliases = include_aliases
        self.loader_only = loader_only
        self.propagate_to_loaders = propagate_to_loaders
        self._elements = (self,)

    def criteria_for(self, mapper: Any) -> Any:
        """The criteria against ``mapper``'s own table."""
        if self.deferred:
            return coercions.expect_where(self.where_criteria(mapper.class_))
        return self.where_criteria

    def matches(self, mapper: Any) -> bool:
        # SQLAlchemy's rule: without include_aliases the criteria apply to the mapped class given
        # and nothing else (so a mixin or base class needs include_aliases=True to apply at all);
        # with it, to every mapped class deriving from it and to their aliases
        if self.include_aliases:
            return isinstance(mapper.class_, type) and issubclass(mapper.class_, self.root_class)
        return mapper is self.mapper

    def __repr__(self) -> str:
        return f"with_loader_criteria({getattr(self.entity, '__name__', self.entity)!r})"


def with_loader_criteria(entity_or_base: Any, where_criteria: Any, loader_only: bool = False,
                         include_aliases: bool = False, propagate_to_loaders: bool = True,
                         track_closure_variables: bool = True) -> LoaderCriteriaOption:
    """Add ``where_criteria`` to every SELECT of ``entity_or_base`` (and its subclasses) that the
    statement runs, including its relationship loads.

    ``where_criteria`` is an expression, or a callable taking the mapped class (required for a
    mixin or base class shared by several mapped classes).  ``include_aliases=True`` also applies
    it to aliases of the table (``aliased(User)``).

    Example::

        session.scalars(select(User).options(
            with_loader_criteria(Address, lambda cls: cls.email.like("%@work.com")),
            selectinload(User.addresses)))
    """
    return LoaderCriteriaOption(entity_or_base, where_criteria, loader_only=loader_only,
                                include_aliases=include_aliases, propagate_to_loaders=propagate_to_loaders,
                                track_closure_variables=track_closure_variables)


def criteria_options(elements: tuple[Any, ...]) -> list[LoaderCriteriaOption]:
    return [el for el in elements if getattr(el, "kind", None) == "criteria"]


def _mapper_of_table(table: Any, option: LoaderCriteriaOption) -> Optional[Any]:
    """The mapper the option applies to whose local table is ``table`` (the most derived one)."""
    from .mapper import _registries

    found = None
    for reg in list(_registries):
        for m in reg._mappers:
            if m.local_table is table and option.matches(m):
                if found is None or issubclass(m.class_, found.class_):
                    found = m
    return found


def _criteria_for_from(frm: Any, options: list[LoaderCriteriaOption], eager: set[int]) -> list[Any]:
    """The criteria that apply to one FROM element (a table or an alias of one)."""
    out = []
    if isinstance(frm, Alias):
        table = frm.element
        if not isinstance(table, TableClause):
            return out
        for opt in options:
            # the aliases the ORM makes itself for joined eager loads stand for the entity itself
            # (SQLAlchemy applies the criteria there whatever include_aliases says)
            if not opt.include_aliases and id(frm) not in eager:
                continue
            m = _mapper_of_table(table, opt)
            if m is not None:
                out.append(ColumnAdapter(frm).traverse(opt.criteria_for(m)))
    elif isinstance(frm, TableClause):
        for opt in options:
            m = _mapper_of_table(frm, opt)
            if m is not None:
                out.append(opt.criteria_for(m))
    return out


def _with_on(join: Any, options: list[LoaderCriteriaOption], eager: set[int]) -> Any:
    left = _with_on(join.left, options, eager) if isinstance(join.left, Join) else join.left
    right = _with_on(join.right, options, eager) if isinstance(join.right, Join) else join.right
    extra = [] if isinstance(join.right, Join) else _criteria_for_from(join.right, options, eager)
    if left is join.left and right is join.right and not extra:
        return join
    from orm.sql import and_

    on = and_(join.onclause, *extra) if extra else join.onclause
    return Join(left, right, on, isouter=join.isouter, full=getattr(join, "full", False))


def _eager_aliases(entities: list[Any]) -> set[int]:
    out: set[int] = set()
    todo = [e for e in entities if getattr(e, "is_mapper", False)]
    while todo:
        ent = todo.pop()
        for child in ent.joined + ent.nested:
            if child.innerjoin != "contains" and child.eager_alias is not None:
                out.add(id(child.eager_alias))
            todo.append(child)
    return out


def apply_loader_criteria(compile_state: Any) -> Any:
    """The Core SELECT of an ORM compile state (``orm.session.context.ORMCompileState``) with the
    criteria of its ``with_loader_criteria`` options added."""
    stmt = compile_state.statement
    options = criteria_options(compile_state.options.elements)
    if not options:
        return stmt
    eager = _eager_aliases(compile_state.entities)
    froms = stmt.get_final_froms()
    where: list[Any] = []
    new_from: list[Any] = []
    changed = False
    for frm in froms:
        if isinstance(frm, Join):
            j = _with_on(frm, options, eager)
            changed = changed or j is not frm
            new_from.append(j)
            left = frm
            while isinstance(left, Join):
                left = left.left
            where.extend(_criteria_for_from(left, options, eager))
        else:
            new_from.append(frm)
            where.extend(_criteria_for_from(frm, options, eager))
    if not where and not changed:
        return stmt
    new = stmt._generate()
    new.__dict__.pop("_cpn", None)
    if changed:
        new._from_obj = tuple(new_from)
    if where:
        new._where_criteria = tuple(new._where_criteria) + tuple(where)
    return new


__all__ = ["LoaderCriteriaOption", "apply_loader_criteria", "with_loader_criteria"]
