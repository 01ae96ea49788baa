"""The ORM compile step of ``select(User, ...)``: which columns to select for each entity, where
joined eager loads join, what to load after the rows, and how rows become objects.

``session.execute(select(User).options(joinedload(User.addresses)))`` arrives here through
:func:`~orm.session.select_execution.execute_orm_select` (which runs what this module decides;
split off so this one stays about compiling).  :class:`ORMCompileState` reads the statement's
entities (mapped classes, aliased entities, mapped attributes, plain columns) and loader options
and produces

* ``statement`` -- the Core SELECT that runs (deferred columns left out, eager JOINs added, the
  query wrapped in a subquery when LIMIT meets a joined collection), compiled like any Core
  statement, so that its SQL is exactly what SQLAlchemy emits;
* ``entities`` -- per result column, a plan telling :mod:`orm.session.loading` where in the row an
  entity's columns are;
* post-load steps (``selectinload``, ``subqueryload``, ``immediateload``) run after the rows.

Example::

    state = ORMCompileState(select(User).options(joinedload(User.addresses)))
    print(state.statement)
    # SELECT users.id, users.name, addresses_1.id AS id_1, ... FROM users LEFT OUTER JOIN
    # addresses AS addresses_1 ON users.id = addresses_1.user_id
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.mapping.properties import ColumnProperty
from orm.sql import coercions
from orm.sql.elements import and_
from orm.sql.select import LABEL_STYLE_TABLENAME_PLUS_COL, Select, _contains_from
from orm.sql.selectable import Join

from .strategy_options import (  # noqa: F401 - OptionIndex & co. are used through this module too
    EMPTY_OPTIONS,
    WILDCARD,
    OptionIndex,
    _mapper_of,
    default_lazy,
    relationship_strategy,
)

# -- entities of a query -------------------------------------------------------------------------
class _ColumnEntity:
    """A plain column or SQL expression in the SELECT (``select(User.id, func.count())``)."""

    is_mapper = False

    def __init__(self, expr: Any, key: Optional[str], attr: Any = None) -> None:
        self.expr = expr
        self.key = key
        self.attr = attr
        self.position = -1


class EntityColumn:
    """One selected column of a mapped entity: the expression in the SELECT, the property it
    loads (None: the discriminator selected only to choose the class), the mapper of it."""

    __slots__ = ("expr", "prop", "mapper", "position")

    def __init__(self, expr: Any, prop: Any, mapper: Any) -> None:
        self.expr = expr
        self.prop = prop
        self.mapper = mapper
        self.position = -1


class MapperEntity:
    """A mapped entity to load from the row: the primary entity of ``select(User)``, or the
    target of a joined eager load / contains_eager (then ``parent_prop`` is the relationship)."""

    is_mapper = True

    def __init__(self, insp: Any, path: tuple[Any, ...], options: OptionIndex, *,
                 selectable: Any = None, adapter: Any = None, parent_prop: Any = None,
                 key: Optional[str] = None, entity: Any = None) -> None:
        self.insp = insp
        self.entity = entity
        self.mapper = mapper = _mapper_of(insp)
        self.path = path
        self.parent_prop = parent_prop
        self.key = key
        if getattr(insp, "is_aliased_class", False):
            self.mappers = list(getattr(insp, "with_polymorphic_mappers", None) or [mapper])
            self.selectable = insp.selectable if selectable is None else selectable
            self.adapter = adapter if adapter is not None else _aliased_adapter(insp)
            union = getattr(insp, "_union_adapter", None) if adapter is None else None
            if union is not None:
                self.adapter = _chain(union, self.adapter)  # aliased(Employee) of a concrete union
        else:
            self.mappers = list(mapper._with_polymorphic_mappers) if hasattr(mapper, "_with_polymorphic_mappers") else [mapper]
            self.selectable = mapper._with_polymorphic_selectable if selectable is None and \
                hasattr(mapper, "_with_polymorphic_selectable") else (selectable if selectable is not None else mapper.persist_selectable)
            self.adapter = adapter
            if adapter is None and selectable is None:
                # concrete inheritance: the classes load through the with_polymorphic union
                self.adapter = getattr(mapper, "_polymorphic_adapter", None)
        self.columns: list[EntityColumn] = []
        self.unloaded_keys: list[str] = []       # deferred column keys
        self.raise_keys: dict[str, str] = {}     # deferred with raiseload
        self.joined: list[MapperEntity] = []     # joined eager / contains_eager children
        self.post: list[tuple[Any, str, dict[str, Any], tuple[Any, ...]]] = []  # (prop, strategy, opts, path)
        self.poly_selectin: list[Any] = []
        self.uselist = bool(parent_prop is not None and parent_prop.uselist)
        self.innerjoin: Any = False   # True / False, or "contains" for contains_eager
        self.criteria: tuple[Any, ...] = ()  # joinedload(rel.and_(...)): extra ON criteria
        self.eager_alias: Any = None
        self.onclause: Any = None
        self.eager_order_by: list[Any] = []
        self.nested: list[MapperEntity] = []     # inner joins nested inside this outer join
        self.join_right: Any = None
        self._setup_columns(options)

    # -- columns ---------------------------------------------------------------------------------
    def _deferral(self, options: OptionIndex) -> dict[str, tuple[bool, bool]]:
        """key -> (deferred, raiseload) for every column property, options applied."""
        out: dict[str, tuple[bool, bool]] = {}
        elements = options.col_strategies(self.path) if options else ()
        for m in self.mappers:
            for key, prop in m._props.items():
                if isinstance(prop, ColumnProperty) and key not in out:
                    out[key] = (bool(prop.deferred), bool(prop.raiseload and prop.deferred))
        for el in elements:
            strat, opts = el.strategy, el.opts
            if el.path[-1] == WILDCARD:
                if strat == "deferred":
                    rl = bool(opts.get("raiseload"))
                    for key in out:
                        out[key] = (True, rl)
                elif strat == "undefer_group":
                    group = opts.get("group")
                    for m in self.mappers:
                        for key, prop in m._props.items():
                            if isinstance(prop, ColumnProperty) and prop.group == group:
                                out[key] = (False, False)
                elif strat == "undeferred":
                    for key in out:
                        out[key] = (False, False)
            elif el.path[-1] in out:
                if strat == "deferred":
                    out[el.path[-1]] = (True, bool(opts.get("raiseload")))
                elif strat == "undeferred":
                    out[el.path[-1]] = (False, False)
        # the primary key and the discriminator always load: they tell identity and class
        for m in self.mappers[:1]:
            for col in m.primary_key:
                prop = m._columntoproperty.get(col)
                if prop is not None:
                    out[prop.key] = (False, False)
            pol = m.polymorphic_on
            if pol is not None:
                prop = m._columntoproperty.get(pol)
                if prop is not None:
                    out[prop.key] = (False, False)
        return out

    def _setup_columns(self, options: OptionIndex) -> None:
        deferral = self._deferral(options)
        seen: set[int] = set()
        seen_keys: set[str] = set()
        adapt = self.adapter
        expressions = _with_expressions(options, self.path) if options else {}
        for m in self.mappers:
            for key, prop in m._props.items():
                if not isinstance(prop, ColumnProperty):
                    continue
                if m.concrete and key in seen_keys and len(self.mappers) > 1:
                    continue  # a concrete subclass's copy of an attribute a superclass loads already
                if getattr(prop, "is_query_expression", False):
                    # with_expression()'s expression, else the default one (if any): never
                    # deferred, never loaded on access
                    if key in seen_keys:
                        continue
                    expr = expressions.get(key)
                    if expr is None:
                        # the default expression is a column like others: load_only()/defer()
                        # leave it out (then it reads None)
                        has_default = prop.has_default  # type: ignore[attr-defined]
                        if not has_default or deferral.get(key, (False, False))[0]:
                            continue
                        expr = adapt(prop.columns[0]) if adapt is not None else prop.columns[0]
                    seen_keys.add(key)
                    self.columns.append(EntityColumn(expr, prop, m))
                    continue
                deferred, rl = deferral.get(key, (False, False))
                if deferred:
                    if key not in self.unloaded_keys:
                        self.unloaded_keys.append(key)
                        if rl:
                            self.raise_keys[key] = key
                    continue
                for col in prop.columns:
                    expr = adapt(col) if adapt is not None else col
                    if id(col) in seen or id(expr) in seen:
                        continue
                    seen.add(id(col))
                    seen.add(id(expr))
                    seen_keys.add(key)
                    self.columns.append(EntityColumn(expr, prop, m))
        base = self.mappers[0]
        pol = base.polymorphic_on
        if pol is not None and id(pol) not in seen and (len(self.mappers) > 1 or base._inheriting_mappers):
            self.columns.append(EntityColumn(adapt(pol) if adapt is not None else pol, None, base))

    def column_for(self, col: Any) -> Any:
        return self.adapter(col) if self.adapter is not None else col

    @property
    def row_key(self) -> str:
        if self.key is not None:
            return self.key
        name = getattr(self.insp, "name", None)
        if getattr(self.insp, "is_aliased_class", False) and isinstance(name, str):
            return name
        return self.mapper.class_.__name__


def _with_expressions(options: OptionIndex, path: tuple[Any, ...]) -> dict[str, Any]:
    """key -> the expression ``with_expression()`` gives a query_expression() at ``path``."""
    return {el.path[-1]: el.opts["expression"] for el in options.col_strategies(path)
            if el.strategy == "expression"}


def _aliased_adapter(insp: Any) -> Any:
    adapter = getattr(insp, "_adapter", None)
    if adapter is None:
        from orm.mapping.adapt import ColumnAdapter

        adapter = ColumnAdapter(insp.selectable)
    return getattr(adapter, "traverse", adapter)


def _inspect_entity(e: Any) -> Any:
    """The Mapper / aliased-entity inspection of a columns-clause element, or None."""
    if getattr(e, "is_mapper", False) and not getattr(e, "is_attribute", False):
        return e
    if isinstance(e, type):
        mapper = getattr(e, "__mapper__", None)
        if mapper is not None and mapper.class_ is e:
            mapper._check_configure()
            return mapper
        return None
    insp = getattr(e, "_aliased_insp", None)
    if insp is not None:
        return insp
    if getattr(e, "is_aliased_class", False) and hasattr(e, "mapper"):
        return e
    return None


# -- the compile state -----------------------------------------------------------------------------
class ORMCompileState:
    """What running an ORM select needs: the Core statement and the loading plan (see module doc).

    ``options``: the option elements (the statement's, or those a loaded object carries);
    ``base_path``: the path of the first entity when this query loads a relationship (lazy,
    selectin...) so that options keep applying below it; ``legacy``: ``Query`` labelling
    (``users.id AS users_id``) and automatic uniquing.
    """

    def __init__(self, statement: Any, *, options: Optional[OptionIndex] = None,
                 base_path: Optional[tuple[Any, ...]] = None, legacy: bool = False,
                 validate: bool = True, label_style: Optional[str] = None) -> None:
        self.source = statement
        self.legacy = legacy
        opts = options
        if opts is None:
            with_opts = getattr(statement, "_with_options", ())
            opts = OptionIndex(tuple(el for o in with_opts for el in _elements_of(o))) if with_opts else EMPTY_OPTIONS
        self.options = opts
        self.entities: list[Any] = []
        # where this query's own part of a path starts (loaders' queries continue a path)
        self._base_index = len(base_path) - 1 if base_path else 0
        self.require_unique = False
        self.has_post = False
        self.has_joined = False
        # select(User).from_statement(text(...)): the statement runs as written (from_statement.py)
        self.from_statement = bool(getattr(statement, "_is_from_statement", False))
        roots = []
        first = True
        for raw in getattr(statement, "_raw_entities", ()):
            insp = _inspect_entity(raw)
            if insp is not None:
                path = base_path if (base_path is not None and first) else (insp,)
                first = False
                ent = MapperEntity(insp, path, opts, entity=raw)
                self.entities.append(ent)
                roots.append(insp)
                continue
            if getattr(raw, "is_bundle", False):
                from .bundle import BundleEntity

                self.entities.append(BundleEntity(raw))
                continue
            prop = getattr(raw, "property", None)
            if getattr(raw, "is_attribute", False) and prop is not None:
                if getattr(prop, "is_relationship", False):
                    raise exc.InvalidRequestError(
                        f"Relationship attribute {raw} can't be selected as a column; select the "
                        f"entity {prop.mapper.class_.__name__} and join to it"
                    )
                for col in coercions.expect_columns_clause(raw):
                    self.entities.append(_ColumnEntity(col, raw.key, raw))
                continue
            for col in coercions.expect_columns_clause(raw):
                self.entities.append(_ColumnEntity(col, None))
        if validate and opts:
            opts.validate(roots)
        for ent in self.entities:
            if ent.is_mapper:
                self._setup_relationships(ent, opts)
        self._build_statement(statement, label_style)
        if opts and not self.from_statement:
            from orm.mapping.loader_criteria import apply_loader_criteria

            self.statement = apply_loader_criteria(self)  # with_loader_criteria(): extra WHERE / ON
        if self.statement is not statement:
            # what runs: compiling it must not apply the loader options again (Select._compiler)
            self.statement._orm_compiled = True

    # -- relationships ---------------------------------------------------------------------------
    def _setup_relationships(self, ent: MapperEntity, opts: OptionIndex, depth: int = 0) -> None:
        """Decide per relationship of ``ent``: joined eager (a child entity in this row), post
        load (selectin/subquery/immediate), or nothing now (lazy/raise/noload at access)."""
        seen: set[str] = set()
        for m in ent.mappers:
            for key, prop in m._props.items():
                if not getattr(prop, "is_relationship", False) or key in seen:
                    continue
                seen.add(key)
                got = opts.rel_strategy(ent.path, prop) if opts else None
                # a loader a query asks for explicitly is never cut short; configured ones stop
                # where they would loop
                configured = got is None
                strategy, sopts = (default_lazy(prop), {}) if got is None else got
                child_path = ent.path + (key, prop.mapper)
                if self.from_statement and strategy in ("joined", "subquery"):
                    # they would change the SQL: the relationship loads on access; a joined
                    # collection still asks for unique(), as in SQLAlchemy
                    if strategy == "joined" and prop.uselist:
                        self.require_unique = True
                    continue
                if strategy == "joined":
                    if configured and _joined_stop(ent.path[self._base_index:], prop):
                        continue
                    child = MapperEntity(prop.mapper, child_path, opts, parent_prop=prop,
                                         selectable=None)
                    child.innerjoin = sopts.get("innerjoin", prop.innerjoin)
                    child.criteria = sopts.get("criteria", ())
                    ent.joined.append(child)
                    self.has_joined = True
                    if prop.uselist:
                        self.require_unique = True
                    self._setup_relationships(child, opts, depth + 1)
                elif strategy == "contains_eager":
                    child = MapperEntity(prop.mapper, child_path, opts, parent_prop=prop)
                    child.eager_alias = sopts.get("alias") or sopts.get("of_type")
                    child.innerjoin = "contains"
                    ent.joined.append(child)
                    self.has_joined = True
                    if prop.uselist:
                        self.require_unique = True
                    self._setup_relationships(child, opts, depth + 1)
                elif strategy in ("selectin", "subquery", "immediate"):
                    if configured and _recursion_stop(ent.path, prop, depth):
                        continue
                    ent.post.append((prop, strategy, sopts, child_path))
                    self.has_post = True
        if opts:
            for el in opts.polymorphic(ent.path):
                ent.poly_selectin.append(el)
                self.has_post = True

    # -- the statement ---------------------------------------------------------------------------
    def _build_statement(self, stmt: Any, label_style: Optional[str]) -> None:
        if self.from_statement:
            self.statement = stmt.element  # positions are found in its result
            return
        new = stmt._generate()
        new.__dict__.pop("_cpn", None)
        if getattr(stmt, "_orm_union_entity", False):
            from orm.mapping.inheritance import adapt_statement_criteria

            adapt_statement_criteria(new, self.entities)
        if label_style is not None:
            new._label_style = label_style
        elif self.legacy:
            new._label_style = LABEL_STYLE_TABLENAME_PLUS_COL
        if not self.has_joined:
            cols = _ColumnList()
            for ent in self.entities:
                if ent.is_mapper:
                    for c in ent.columns:
                        c.position = cols.add(c.expr)
                else:
                    for leaf in _leaves(ent):
                        leaf.position = cols.add(leaf.expr, share=False)
            new._raw_columns = tuple(cols.exprs)
            self.statement = new
            return
        wrap = self.require_unique and _limits_rows(new) and any(
            c.innerjoin != "contains" for e in self.entities if e.is_mapper for c in e.joined)
        if wrap:
            new = self._wrap(new)
        lead: list[EntityColumn] = []
        secondary: list[EntityColumn] = []
        order_extra: list[Any] = []
        chains: list[tuple[MapperEntity, list[MapperEntity]]] = []
        for ent in self.entities:
            if ent.is_mapper and ent.joined:
                chain: list[MapperEntity] = []
                for child in ent.joined:
                    self._setup_eager(ent, child, chain, None, lead, secondary, order_extra)
                if chain:
                    chains.append((ent, chain))
        # contains_eager columns come first, eager JOIN columns last (SQLAlchemy's order); the
        # same column selected twice is selected once
        cols = _ColumnList()
        for c in lead:
            c.position = cols.add(c.expr)
        for ent in self.entities:
            if ent.is_mapper:
                for c in ent.columns:
                    c.position = cols.add(c.expr)
            else:
                for leaf in _leaves(ent):
                    leaf.position = cols.add(leaf.expr, share=False)
        for c in secondary:
            c.position = cols.add(c.expr)
        eager_ids = {id(c.expr) for c in secondary}
        froms = _final_froms(new, [c for c in cols.exprs if id(c) not in eager_ids])
        replaced: dict[int, Any] = {}
        for ent, chain in chains:
            idx = next((i for i, f in enumerate(froms) if _contains_from(f, ent.selectable)), None)
            if idx is None:
                froms.append(ent.selectable)
                idx = len(froms) - 1
            base = replaced.get(idx, froms[idx])
            for node in chain:
                base = Join(base, _nested_right(node), node.onclause, isouter=not node.innerjoin)
            replaced[idx] = base
        new._raw_columns = tuple(cols.exprs)
        if replaced:
            new._from_obj = tuple(f for i, f in enumerate(froms) if i not in replaced) + tuple(replaced.values())
        if order_extra:
            new._order_by_clauses = tuple(new._order_by_clauses) + tuple(order_extra)
        new.__dict__.pop("_cpn", None)
        self.statement = new

    def _wrap(self, new: Any) -> Any:
        """LIMIT/OFFSET/DISTINCT with a joined collection: the limited query becomes a subquery
        and the eager JOINs go outside it, so that the limit counts parents, not joined rows."""
        from orm.mapping.adapt import ColumnAdapter

        inner = new._generate()
        inner.__dict__.pop("_cpn", None)
        cols = _ColumnList()
        for ent in self.entities:
            if ent.is_mapper:
                for c in ent.columns:
                    cols.add(c.expr)
            else:
                for leaf in _leaves(ent):
                    cols.add(leaf.expr)
        inner._raw_columns = tuple(cols.exprs)
        sub = inner.subquery()
        adapter = ColumnAdapter(sub)
        outer: Any = Select()
        outer._raw_entities = new._raw_entities
        outer._propagate_attrs = new._propagate_attrs
        outer._label_style = new._label_style
        outer._for_update_arg = new._for_update_arg
        outer._execution_options = new._execution_options
        outer._order_by_clauses = tuple(adapter.traverse(o) for o in new._order_by_clauses)
        outer._from_obj = (sub,)
        for ent in self.entities:
            if ent.is_mapper:
                ent.adapter = _chain(ent.adapter, adapter.traverse)
                ent.selectable = sub
                for c in ent.columns:
                    c.expr = adapter.traverse(c.expr)
            else:
                for leaf in _leaves(ent):
                    leaf.expr = adapter.traverse(leaf.expr)
        return outer

    def _setup_eager(self, parent: MapperEntity, child: MapperEntity, place: list[MapperEntity],
                     outer_holder: Optional[MapperEntity], lead: list[EntityColumn],
                     secondary: list[EntityColumn], order_extra: list[Any]) -> None:
        """Alias, ON clause and columns of one joined eager load (then of the loads below it).

        Columns are listed after those of the loads nested below (SQLAlchemy's order, which also
        decides the numbering of anonymous aliases); an inner join below an outer one is nested
        inside it (``LEFT OUTER JOIN (b JOIN c ON ..) ON ..``) so that parents without children
        still come back."""
        from orm.mapping.adapt import ColumnAdapter

        prop = child.parent_prop
        if child.innerjoin == "contains":
            alias = child.eager_alias
            if alias is not None:
                sel = _selectable_of(alias)
                child.adapter = ColumnAdapter(sel).traverse
                child.selectable = sel
                for c in child.columns:
                    c.expr = child.adapter(c.expr)
            for sub in child.joined:
                self._setup_eager(child, sub, place, outer_holder, lead, secondary, order_extra)
            lead.extend(child.columns)
            return
        alias = _anonymous_alias(child.selectable)
        adapter = ColumnAdapter(alias)
        child.eager_alias = alias
        child.adapter = adapter.traverse
        child.selectable = alias
        for c in child.columns:
            c.expr = adapter.traverse(c.expr)
        child.innerjoin = child.innerjoin in (True, "unnested", "inner")
        # relationship.and_() criteria: on the target's ON clause, against the eager alias
        extra = [adapter.traverse(c) for c in child.criteria]
        if prop.secondary is not None:
            sec = prop.secondary.alias()
            sec_ad = ColumnAdapter(sec)
            on = sec_ad.traverse(prop.primaryjoin)
            child.onclause = parent.adapter(on) if parent.adapter is not None else on
            sj = adapter.traverse(sec_ad.traverse(prop.secondaryjoin))
            child.join_right = Join(sec, alias, and_(sj, *extra) if extra else sj)
        else:
            child.onclause = _eager_onclause(prop, parent, adapter)
            if extra:
                child.onclause = and_(child.onclause, *extra)
            child.join_right = alias
        if child.innerjoin and outer_holder is not None:
            lst = outer_holder.nested
        else:
            lst = place
        lst.append(child)
        if prop.order_by and prop.uselist:
            order_extra.extend(adapter.traverse(o) for o in prop.order_by)
        holder = outer_holder if child.innerjoin else child
        for sub in child.joined:
            self._setup_eager(child, sub, lst, holder, lead, secondary, order_extra)
        secondary.extend(child.columns)

    # -- introspection -----------------------------------------------------------------------------
    def compiled_for(self, dialect: Any) -> Any:
        """The statement compiled for ``dialect`` (kept: loaders re-run their statements)."""
        cache = self.__dict__.setdefault("_compiled", {})
        compiled = cache.get(id(dialect))
        if compiled is None or compiled[0] is not dialect:
            compiled = cache[id(dialect)] = (dialect, self.statement._compiler(dialect, column_keys=None))
        return compiled[1]

    @property
    def mapper_entities(self) -> list[MapperEntity]:
        return [e for e in self.entities if e.is_mapper]

    def row_keys(self) -> list[str]:
        keys = []
        cpn = None
        for ent in self.entities:
            if ent.is_mapper:
                keys.append(ent.row_key)
            elif ent.key is not None:
                keys.append(ent.key)
            else:
                k = getattr(ent.expr, "key", None)
                if not (isinstance(k, str) and type(k) is str and k):
                    if cpn is None:
                        cpn = self.statement._columns_plus_names()
                    k = cpn[ent.position][0]
                keys.append(k if type(k) is str else str(k))
        return keys


def _leaves(ent: Any) -> Any:
    """The selected columns of a non-mapper entity: itself, or a bundle's leaves."""
    return ent.leaves() if getattr(ent, "is_bundle", False) else (ent,)


def _chain(first: Any, second: Any) -> Any:
    if first is None:
        return second
    return lambda e: second(first(e))


def _elements_of(option: Any) -> tuple[Any, ...]:
    els = getattr(option, "_elements", None)
    if els is None:
        if getattr(option, "_is_execution_option", False):
            return ()
        raise exc.ArgumentError(f"ExecutionOption Core or ORM object expected, got {option!r}.")
    return els  # type: ignore[no-any-return]


def _joined_stop(path: tuple[Any, ...], prop: Any) -> bool:
    """A configured ``lazy="joined"`` goes no deeper than ``join_depth`` steps, and without one
    does not join a class already on this query's path (SQLAlchemy's rule)."""
    jd = prop.join_depth
    if jd is not None:
        return (len(path) - 1) // 2 + 1 > jd
    target = prop.mapper
    return any(_mapper_of(e).isa(target) for e in path[0::2] if e is not None)


def _recursion_stop(path: tuple[Any, ...], prop: Any, depth: int) -> bool:
    """Stop eager loading where a path would loop (self-referential, or back along a
    bidirectional pair) unless ``join_depth`` allows it, as SQLAlchemy does."""
    jd = prop.join_depth
    if jd is not None:
        return (len(path) - 1) // 2 >= jd
    keys = path[1::2]
    if prop.key in keys:
        return True
    # back along the reverse side of the relationship just traversed
    if len(path) >= 3:
        prev = _mapper_of(path[-3])._props.get(path[-2])
        if prev is not None and prop in getattr(prev, "_reverse_property", ()):
            return True
    return depth > 10


def _limits_rows(stmt: Any) -> bool:
    return (stmt._limit_clause is not None or stmt._offset_clause is not None
            or stmt._fetch_clause is not None or bool(stmt._distinct))


class _ColumnList:
    """The SELECT's columns.  An entity's column already selected takes its position; a column
    the statement names again is selected again (``select(User, User.id)`` renders
    ``users.id, users.name, users.id AS id__1``, as SQLAlchemy does)."""

    __slots__ = ("exprs", "_index")

    def __init__(self) -> None:
        self.exprs: list[Any] = []
        self._index: dict[int, int] = {}

    def add(self, expr: Any, share: bool = True) -> int:
        pos = self._index.get(id(expr)) if share else None
        if pos is None:
            pos = len(self.exprs)
            self._index.setdefault(id(expr), pos)
            self.exprs.append(expr)
        return pos


def _selectable_of(alias: Any) -> Any:
    from orm.inspection import inspect

    if getattr(alias, "is_aliased_class", False) and getattr(alias, "selectable", None) is not None:
        return alias.selectable
    insp = inspect(alias, raiseerr=False)
    sel = getattr(insp, "selectable", None)
    if sel is not None:
        return sel
    return coercions.expect_from(alias)


def _final_froms(stmt: Any, columns: list[Any]) -> list[Any]:
    probe = stmt._generate()
    probe.__dict__.pop("_cpn", None)
    probe._raw_columns = tuple(columns)
    return probe.get_final_froms()


def _anonymous_alias(selectable: Any) -> Any:
    """``addresses AS addresses_1``; a join (joined inheritance) is aliased table by table."""
    if isinstance(selectable, Join):
        from orm.mapping.adapt import ColumnAdapter

        left = _anonymous_alias(selectable.left)
        right = _anonymous_alias(selectable.right)
        on = ColumnAdapter(right).traverse(ColumnAdapter(left).traverse(selectable.onclause))
        return Join(left, right, on, isouter=selectable.isouter)
    return selectable.alias()

def _nested_right(node: MapperEntity) -> Any:
    right = node.join_right
    for n in node.nested:
        right = Join(right, _nested_right(n), n.onclause, isouter=not n.innerjoin)
    return right


def _eager_onclause(prop: Any, parent: MapperEntity, target_adapter: Any) -> Any:
    """The relationship's join condition with the target side on the eager alias and the parent
    side on wherever the parent entity is selected from."""
    from orm.mapping.adapt import replace

    parent_adapt = parent.adapter
    selfref = _self_referential(prop)
    remote = {id(c) for c in prop.remote_side} if selfref else None
    target_tables = {id(t) for t in _tables(prop.mapper.persist_selectable)}

    def fn(node: Any) -> Any:
        if getattr(node, "__visit_name__", "") != "column" or getattr(node, "table", None) is None:
            return None
        if remote is not None:
            if id(node) in remote:
                return target_adapter.column(node)
            return parent_adapt(node) if parent_adapt is not None else None
        if id(node.table) in target_tables:
            return target_adapter.column(node)
        return parent_adapt(node) if parent_adapt is not None else None

    return replace(prop.primaryjoin, fn)

def _self_referential(prop: Any) -> bool:
    parent_tables = {id(t) for t in _tables(prop.parent.persist_selectable)}
    return any(id(t) in parent_tables for t in _tables(prop.mapper.persist_selectable))


def _tables(sel: Any) -> list[Any]:
    from orm.mapping.relationships import _tables_of

    return _tables_of(sel)


# every relationship gets its loader (prop._strategy) once the read side is imported
from . import strategies as _strategies  # noqa: E402,F401
