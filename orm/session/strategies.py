"""Relationship loader strategies: what happens when ``user.addresses`` is read, and the queries
eager loaders run after the main one.

* ``lazy="select"`` (default): the first read runs ``SELECT ... WHERE :param_1 = addresses.user_id``;
  a many-to-one whose target is in the identity map is answered without SQL.
* ``"selectin"``: after the query, one ``SELECT ... WHERE addresses.user_id IN (...)`` per 500
  parents.  ``"subquery"``: one SELECT joined to the original query as a subquery.
  ``"immediate"``: the lazy SELECT per parent, right after the query.  ``"joined"`` is part of the
  main query (``context.py``).
* ``"raise"`` / ``"raise_on_sql"``: reading the unloaded attribute raises.  ``"noload"``: reads as
  empty.  ``"dynamic"`` / ``"write_only"``: the attribute is a query object (``dynamic.py``).

Options travel with the objects a query loads (``state.load_options``/``load_path``), so the lazy
load of ``user.posts`` still applies ``lazyload(User.posts).joinedload(Post.comments)``.

Every relationship gets its loader as ``prop._strategy`` (installed on first use).
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc
from orm.mapping.base import MANYTOMANY, MANYTOONE, STATE_KEY
from orm.mapping.relationships import RelationshipProperty
from orm.sql import operators
from orm.sql.elements import BindParameter, BooleanClauseList, and_, tuple_
from orm.sql.select import LABEL_STYLE_TABLENAME_PLUS_COL, Select

from .context import OptionIndex, ORMCompileState, default_lazy, relationship_strategy

SELECTIN_BATCH = 500
_EMPTY: tuple[Any, ...] = ()


def _state_str(state: Any) -> str:
    obj = state.obj()
    return f"<{state.class_.__name__} at 0x{id(obj):x}>"


def _detached(state: Any, key: str, what: str = "lazy load") -> exc.DetachedInstanceError:
    return exc.DetachedInstanceError(
        f"Parent instance {_state_str(state)} is not bound to a Session; {what} operation of "
        f"attribute '{key}' cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)"
    )


# -- options carried by loaded objects --------------------------------------------------------------
_INDEX_CACHE: dict[int, tuple[Any, OptionIndex]] = {}


def options_index(elements: tuple[Any, ...]) -> OptionIndex:
    """The OptionIndex of a tuple of option elements (shared by all objects one query loaded)."""
    if not elements:
        from .context import EMPTY_OPTIONS

        return EMPTY_OPTIONS
    got = _INDEX_CACHE.get(id(elements))
    if got is not None and got[0] is elements:
        return got[1]
    if len(_INDEX_CACHE) > 512:
        _INDEX_CACHE.clear()
    index = OptionIndex(elements)
    _INDEX_CACHE[id(elements)] = (elements, index)
    return index


def effective_strategy(state: Any, prop: Any) -> tuple[str, dict[str, Any]]:
    """The strategy for ``prop`` of this object: its query's options at its path, else the
    configured ``lazy=``."""
    opts = state.load_options
    if opts and state.load_path is not None:
        return relationship_strategy(options_index(opts), state.load_path, prop)
    return default_lazy(prop), {}


def _session_of(state: Any) -> Any:
    return state.session


def _autoflush(session: Any) -> None:
    fn = getattr(session, "_autoflush", None)
    if fn is not None:
        fn()


# -- the per-relationship loader (prop._strategy) -----------------------------------------------------
class RelationshipLoader:
    """Loads one relationship for one object on access (``prop._strategy.load(state, passive)``)."""

    def __init__(self, prop: Any) -> None:
        self.prop = prop
        self.key = prop.key
        self._lazy: Optional[_LazyClause] = None

    @property
    def lazy_clause(self) -> "_LazyClause":
        lc = self._lazy
        if lc is None:
            lc = self._lazy = _LazyClause(self.prop)
        return lc

    def load(self, state: Any, passive: Any = None) -> Any:
        """The value of the relationship for ``state`` (loading it, storing it with
        ``state._set_loaded``), or raising for ``raise``/``raise_on_sql``/detached objects."""
        prop = self.prop
        strategy, sopts = effective_strategy(state, prop)
        if strategy in ("dynamic", "write_only"):
            from .dynamic import query_for

            return query_for(state, prop, strategy)
        if strategy == "noload":
            return state._set_loaded(self.key, [] if prop.uselist else None)
        if strategy == "raise":
            raise exc.InvalidRequestError(f"'{prop}' is not available due to lazy='raise'")
        session = _session_of(state)
        lc = self.lazy_clause
        if strategy == "raise_on_sql":
            if lc.use_get and session is not None:
                key = lc.identity_key(state)
                if key is None:
                    return state._set_loaded(self.key, None)
                obj = session._identity_map.get(key)
                if obj is not None:
                    return state._set_loaded(self.key, obj)
            raise exc.InvalidRequestError(f"'{prop}' is not available due to lazy='raise_on_sql'")
        if session is None:
            raise _detached(state, self.key)
        return state._set_loaded(self.key, lc.emit(session, state, sopts.get("criteria", ())))


class _LazyClause:
    """The SELECT a lazy load of one relationship runs (built once), and the "use get" shortcut
    of many-to-ones that reference the target's primary key."""

    def __init__(self, prop: Any) -> None:
        self.prop = prop
        target = prop.mapper
        self.target = target
        self.use_get = False
        parent = prop.parent
        # many-to-one on the target's full primary key: an identity-map lookup, else Session.get
        if prop.direction is MANYTOONE and prop.secondary is None:
            by_remote = {id(r): l for r, l in prop.synchronize_pairs}
            pk = target.primary_key
            if len(by_remote) == len(pk) and all(id(c) in by_remote for c in pk) and _only_equalities(prop.primaryjoin):
                self.use_get = True
                self.get_keys = [parent._columntoproperty[by_remote[id(c)]].key for c in pk]
        # the parent's columns in the join condition become :param_N bound parameters
        local_cols: list[Any] = []
        for a, b in _equality_pairs(prop.primaryjoin):
            for c in (a, b):
                if _is_local(prop, c) and c not in local_cols:
                    local_cols.append(c)
        if not local_cols:
            local_cols = [c for c in prop.local_columns]
        binds: dict[int, Any] = {}
        self.param_keys: list[tuple[str, str]] = []
        for i, col in enumerate(_ordered(prop.primaryjoin, local_cols)):
            name = f"param_{i + 1}"
            binds[id(col)] = BindParameter(name, None, type_=col.type, required=True)
            self.param_keys.append((name, parent._columntoproperty[col].key))
        from orm.mapping.adapt import replace

        crit = replace(prop.primaryjoin, lambda n: binds.get(id(n)))
        if prop.secondaryjoin is not None:
            crit = and_(crit, prop.secondaryjoin)
        stmt: Any = Select(target.class_)
        if prop.secondary is not None:
            stmt = stmt.select_from(target.persist_selectable).select_from(prop.secondary)
        stmt = stmt.where(crit).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
        if prop.order_by:
            stmt = stmt.order_by(*prop.order_by)
        self.statement = stmt
        self._states: dict[Any, Any] = {}

    def identity_key(self, state: Any) -> Optional[tuple[Any, ...]]:
        d = state.obj().__dict__
        values = []
        for k in self.get_keys:
            v = d.get(k)
            if v is None:
                if k not in d and state.key is not None and k in state.expired_attributes:
                    # an expired foreign key: load it first
                    v = getattr(state.obj(), k)
                if v is None:
                    return None
            values.append(v)
        return (self.target._identity_class, tuple(values), None)

    def params(self, state: Any) -> Optional[dict[str, Any]]:
        obj = state.obj()
        d = obj.__dict__
        out = {}
        for name, key in self.param_keys:
            v = d.get(key) if key in d else getattr(obj, key)
            if v is None:
                return None
            out[name] = v
        return out

    def compile_state(self, state: Any, statement: Any = None) -> ORMCompileState:
        """The ORM compile state of the lazy SELECT for this object's options and path
        (``statement``: the SELECT with an option's extra criteria, compiled each time)."""
        opts = state.load_options
        path = state.load_path
        if statement is not None:
            child_path = None if not opts or path is None else tuple(path) + (self.prop.key, self.target)
            return ORMCompileState(statement, options=options_index(opts) if child_path else None,
                                   base_path=child_path, validate=False)
        if not opts or path is None:
            cs = self._states.get(None)
            if cs is None:
                cs = self._states[None] = ORMCompileState(self.statement, validate=False)
            return cs
        child_path = tuple(path) + (self.prop.key, self.target)
        key = (id(opts), tuple(map(id, child_path)))
        got = self._states.get(key)
        if got is not None and got[0] is opts:
            return got[1]  # type: ignore[no-any-return]
        if len(self._states) > 256:
            self._states.clear()
        cs = ORMCompileState(self.statement, options=options_index(opts), base_path=child_path, validate=False)
        self._states[key] = (opts, cs)
        return cs

    def emit(self, session: Any, state: Any, criteria: tuple[Any, ...] = ()) -> Any:
        """Load the related object(s) of ``state`` (``criteria``: a ``lazyload(rel.and_(...))``
        option's, added to the WHERE clause; then a many-to-one is not looked up by identity)."""
        from .orm_execute import loader_select as execute_orm_select

        prop = self.prop
        if self.use_get and not criteria:
            key = self.identity_key(state)
            if key is None:
                return None
            obj = session._identity_map.get(key)
            if obj is not None:
                return obj
        params = self.params(state)
        if params is None:
            return [] if prop.uselist else None
        _autoflush(session)
        if criteria:
            stmt = self.statement.where(*criteria)
            cs = self.compile_state(state, stmt)
        else:
            stmt = self.statement
            cs = self.compile_state(state)
        result = execute_orm_select(session, stmt, params, _compile_state=cs, lazy_loaded_from=state)
        objs = (result.unique() if cs.require_unique else result).scalars().all()
        if prop.uselist:
            return objs
        return objs[0] if objs else None


def _is_local(prop: Any, col: Any) -> bool:
    """A column of the parent side of the join condition."""
    if prop.direction is MANYTOMANY:
        return col in prop.local_columns
    if col in prop.remote_side:
        return False
    return col in prop.local_columns or col.table in _parent_tables(prop)


def _parent_tables(prop: Any) -> list[Any]:
    from orm.mapping.relationships import _tables_of

    return _tables_of(prop.parent.persist_selectable)


def _equality_pairs(expr: Any) -> list[tuple[Any, Any]]:
    out = []
    for c in _conjuncts(expr):
        if getattr(c, "operator", None) is operators.eq and getattr(c.left, "table", None) is not None \
                and getattr(c.right, "table", None) is not None:
            out.append((c.left, c.right))
    return out


def _conjuncts(expr: Any) -> list[Any]:
    if isinstance(expr, BooleanClauseList) and expr.operator is operators.and_:
        out = []
        for c in expr.clauses:
            out.extend(_conjuncts(c))
        return out
    inner = getattr(expr, "element", None)
    if type(expr).__name__ == "Grouping" and inner is not None:
        return _conjuncts(inner)
    return [expr]


def _only_equalities(expr: Any) -> bool:
    return all(getattr(c, "operator", None) is operators.eq for c in _conjuncts(expr))


def _ordered(expr: Any, cols: list[Any]) -> list[Any]:
    """``cols`` in the order they appear in ``expr``."""
    order: list[Any] = []
    for node in expr._walk_ordered() if hasattr(expr, "_walk_ordered") else _walk_ordered(expr):
        if any(node is c for c in cols) and not any(node is o for o in order):
            order.append(node)
    return order + [c for c in cols if not any(c is o for o in order)]


def _walk_ordered(expr: Any) -> list[Any]:
    out = [expr]
    for child in expr.get_children():
        out.extend(_walk_ordered(child))
    return out


# -- eager loaders run after the rows -------------------------------------------------------------
def post_load(ctx: Any, ent: Any, prop: Any, strategy: str, sopts: dict[str, Any], path: tuple[Any, ...],
              objects: list[Any]) -> None:
    """Load ``prop`` of ``objects`` (the distinct objects of ``ent`` a query produced)."""
    pe = ctx.populate_existing
    key = prop.key
    todo = [o for o in objects if pe or key not in o.__dict__]
    if not todo:
        return
    criteria = sopts.get("criteria", ())
    if strategy == "selectin":
        _selectin(ctx, prop, path, todo, criteria)
    elif strategy == "subquery":
        _subquery(ctx, ent, prop, path, todo, criteria)
    elif strategy == "immediate":
        loader = prop._strategy
        lc = loader.lazy_clause
        for obj in todo:
            st = obj.__dict__[STATE_KEY]
            st._set_loaded(key, lc.emit(ctx.session, st))


def _rows(session: Any, stmt: Any, params: Any, cs: ORMCompileState) -> list[Any]:
    """All rows of an eager loader's query (made unique when it joins collections)."""
    from .orm_execute import loader_select as execute_orm_select

    result = execute_orm_select(session, stmt, params, _compile_state=cs)
    return (result.unique() if cs.require_unique else result).all()  # type: ignore[no-any-return]


def _child_compile(stmt: Any, ctx: Any, path: tuple[Any, ...], cache: Any, cache_key: Any) -> ORMCompileState:
    opts = ctx.options
    full_key = (cache_key, id(opts.elements) if opts else None, tuple(map(id, path)))
    got = cache.get(full_key)
    if got is not None and got[0] is (opts.elements if opts else None):
        return got[1]  # type: ignore[no-any-return]
    cs = ORMCompileState(stmt, options=opts if opts else None, base_path=path, validate=False)
    if len(cache) > 256:
        cache.clear()
    cache[full_key] = (opts.elements if opts else None, cs)
    return cs


def _selectin(ctx: Any, prop: Any, path: tuple[Any, ...], objects: list[Any],
              criteria: tuple[Any, ...] = ()) -> None:
    session = ctx.session
    sl = _selectin_plan(prop)
    statement = sl.statement
    if criteria:
        # selectinload(rel.and_(...)): WHERE for one-to-many / many-to-one, the target's ON clause
        # of a many-to-many (as SQLAlchemy renders it)
        statement = sl.with_criteria(criteria)
    key = prop.key
    if sl.m2o:
        # many-to-one: the distinct foreign keys; targets already in the identity map need no SQL
        imap = session._identity_map
        by_obj: list[tuple[Any, Any]] = []
        wanted: dict[Any, None] = {}
        for obj in objects:
            d = obj.__dict__
            vals = tuple(d.get(k) for k in sl.parent_keys)
            if any(v is None for v in vals):
                by_obj.append((obj, None))
                continue
            by_obj.append((obj, vals))
            ident = (sl.target._identity_class, vals, None)
            hit = None if criteria else imap.get(ident)  # with criteria, only the SELECT can tell
            if hit is None or hit.__dict__[STATE_KEY].expired_attributes:
                wanted[vals] = None
        loaded: dict[Any, Any] = {}
        keys = list(wanted)
        cs = _child_compile(statement, ctx, path, sl.states, ("m2o", bool(criteria)))
        for i in range(0, len(keys), SELECTIN_BATCH):
            batch = keys[i:i + SELECTIN_BATCH]
            param = [k[0] for k in batch] if len(sl.parent_keys) == 1 else batch
            rows = _rows(session, statement, {"primary_keys": param}, cs)
            for obj in (r[0] for r in rows):
                loaded[tuple(obj.__dict__[k] for k in sl.target_keys)] = obj
        for obj, vals in by_obj:
            target: Any = None
            if vals is not None:
                target = loaded.get(vals)
                if target is None and not criteria:
                    target = imap.get((sl.target._identity_class, vals, None))
            obj.__dict__[STATE_KEY]._set_loaded(key, target)
        return
    groups: dict[Any, list[Any]] = {}
    order: list[Any] = []
    for obj in objects:
        d = obj.__dict__
        vals = tuple(d.get(k) if k in d else getattr(obj, k) for k in sl.parent_keys)
        if any(v is None for v in vals):
            obj.__dict__[STATE_KEY]._set_loaded(key, [] if prop.uselist else None)
            continue
        if vals not in groups:
            groups[vals] = []
            order.append(vals)
        groups[vals].append(obj)
    cs = _child_compile(statement, ctx, path, sl.states, ("rel", bool(criteria)))
    nkeys = len(sl.parent_keys)
    for i in range(0, len(order), SELECTIN_BATCH):
        batch = order[i:i + SELECTIN_BATCH]
        param = [k[0] for k in batch] if nkeys == 1 else batch
        rows = _rows(session, statement, {"primary_keys": param}, cs)
        collected: dict[Any, list[Any]] = {k: [] for k in batch}
        for row in rows:
            data = row._data
            k = tuple(data[:nkeys])
            lst = collected.get(k)
            if lst is not None:
                lst.append(data[nkeys])
        for k in batch:
            children = collected[k]
            for obj in groups[k]:
                st = obj.__dict__[STATE_KEY]
                if prop.uselist:
                    st._set_loaded(key, list(children))
                else:
                    st._set_loaded(key, children[0] if children else None)


class _SelectInPlan:
    """The statement of a selectin load of one relationship, built once."""

    def __init__(self, prop: Any) -> None:
        from orm.mapping.adapt import ColumnAdapter

        self.prop = prop
        self.target = target = prop.mapper
        parent = prop.parent
        self.states: dict[Any, Any] = {}
        keys_bind: Any = BindParameter("primary_keys", None, expanding=True, required=True)
        lc = prop._strategy.lazy_clause
        self.m2o = lc.use_get
        if self.m2o:
            # SELECT users.* FROM users WHERE users.id IN (...)
            self.parent_keys = lc.get_keys
            self.target_keys = [target._columntoproperty[c].key for c in target.primary_key]
            pk = list(target.primary_key)
            expr = pk[0] if len(pk) == 1 else tuple_(*pk)
            stmt: Any = Select(target.class_).where(expr.in_(_typed(keys_bind, pk)))
        elif prop.secondary is None:
            # one-to-many: SELECT addresses.user_id, addresses.* FROM addresses WHERE addresses.user_id IN (...)
            pairs = [(p, c) for p, c in prop.synchronize_pairs]
            self.parent_keys = [parent._columntoproperty[p].key for p, _ in pairs]
            child_cols = [c for _, c in pairs]
            union = target._union_column_adapter if target.with_polymorphic else None
            if union is not None:
                # concrete inheritance: the keys are read from the union the target loads from
                child_cols = [union.column(c) for c in child_cols]
            expr = child_cols[0] if len(child_cols) == 1 else tuple_(*child_cols)
            extra = [c for c in _conjuncts(prop.primaryjoin)
                     if not (getattr(c, "operator", None) is operators.eq
                             and any((c.left is a and c.right is b) or (c.left is b and c.right is a) for a, b in pairs))]
            stmt = Select(*child_cols, target.class_).where(expr.in_(_typed(keys_bind, child_cols)), *extra)
        else:
            # many-to-many: from an alias of the parent through the secondary table
            pa = parent.persist_selectable.alias()
            sec = prop.secondary.alias()
            pad, sad = ColumnAdapter(pa), ColumnAdapter(sec)
            pairs = list(prop.synchronize_pairs)
            self.parent_keys = [parent._columntoproperty[p].key for p, _ in pairs]
            key_cols = [pad.column(p) for p, _ in pairs]
            self._m2m = (pa, sec, pad, sad, key_cols, keys_bind)
            stmt = self._m2m_statement(())
        self.statement = self._finish(stmt)

    def _m2m_statement(self, criteria: tuple[Any, ...]) -> Any:
        prop = self.prop
        pa, sec, pad, sad, key_cols, keys_bind = self._m2m
        j = pa.join(sec, pad.traverse(sad.traverse(prop.primaryjoin)))
        on = sad.traverse(prop.secondaryjoin)
        j = j.join(self.target.persist_selectable, and_(on, *criteria) if criteria else on)
        expr = key_cols[0] if len(key_cols) == 1 else tuple_(*key_cols)
        return Select(*key_cols, self.target.class_).select_from(j).where(expr.in_(_typed(keys_bind, key_cols)))

    def _finish(self, stmt: Any) -> Any:
        stmt = stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
        if self.prop.order_by and not self.m2o:
            stmt = stmt.order_by(*self.prop.order_by)
        return stmt

    def with_criteria(self, criteria: tuple[Any, ...]) -> Any:
        """The statement with ``selectinload(rel.and_(...))`` criteria (built per query)."""
        if self.prop.secondary is not None and not self.m2o:
            return self._finish(self._m2m_statement(criteria))
        return self.statement.where(*criteria)


def _typed(keys_bind: Any, cols: list[Any]) -> Any:
    """The IN list's parameter typed as its single key column (PostgreSQL + psycopg then renders
    ``IN (%(primary_keys_1)s::INTEGER, ...)``, as SQLAlchemy does); a composite key's stays untyped."""
    if len(cols) != 1:
        return keys_bind
    return BindParameter(keys_bind.key, None, type_=cols[0].type, expanding=True, required=True)


def _selectin_plan(prop: Any) -> _SelectInPlan:
    plan = prop.__dict__.get("_h1b_selectin")
    if plan is None:
        plan = prop.__dict__["_h1b_selectin"] = _SelectInPlan(prop)
    return plan  # type: ignore[no-any-return]


def _subquery(ctx: Any, ent: Any, prop: Any, path: tuple[Any, ...], objects: list[Any],
              criteria: tuple[Any, ...] = ()) -> None:
    """``SELECT target.*, anon_1.key FROM (original query's keys) AS anon_1 JOIN target ON ..``
    (``criteria``: a ``subqueryload(rel.and_(...))`` option's, on the target's ON clause)."""
    from orm.mapping.adapt import ColumnAdapter

    src = ctx.statement
    if src is None or ent.parent_prop is not None:
        return _selectin(ctx, prop, path, objects, criteria)
    session = ctx.session
    parent = prop.parent
    target = prop.mapper
    lc = prop._strategy.lazy_clause
    if lc.use_get:
        local = [c for _, c in prop.synchronize_pairs]          # parent's foreign key columns
        parent_keys = lc.get_keys
    else:
        local = [p for p, _ in prop.synchronize_pairs]          # parent's referenced columns
        parent_keys = [parent._columntoproperty[c].key for c in local]
    ent_adapt = _source_adapter(ent)
    inner_cols = [ent_adapt(c) if ent_adapt is not None else c for c in local]
    inner = src._generate()
    inner.__dict__.pop("_cpn", None)
    inner._raw_columns = tuple(inner_cols)
    inner._raw_entities = tuple(inner_cols)
    inner._label_style = LABEL_STYLE_TABLENAME_PLUS_COL
    if inner._limit_clause is None and inner._offset_clause is None and inner._fetch_clause is None:
        inner._order_by_clauses = ()
    inner._with_options = ()
    if lc.use_get:
        inner._distinct = True
    sub = inner.subquery()
    sad = ColumnAdapter(sub)
    sub_cols = [sad.column(c) for c in inner_cols]
    if prop.secondary is not None:
        sec = prop.secondary.alias()
        secad = ColumnAdapter(sec)
        on1 = secad.traverse(prop.primaryjoin)
        on1 = _replace_cols(on1, dict(zip(local, sub_cols)))
        on2 = secad.traverse(prop.secondaryjoin)
        j = sub.join(sec, on1).join(target.persist_selectable, and_(on2, *criteria) if criteria else on2)
    else:
        on = _replace_cols(prop.primaryjoin, dict(zip(local, sub_cols)))
        j = sub.join(target.persist_selectable, and_(on, *criteria) if criteria else on)
    stmt: Any = Select(target.class_, *sub_cols).select_from(j).set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    if prop.order_by:
        stmt = stmt.order_by(*prop.order_by)
    cs = ORMCompileState(stmt, options=ctx.options if ctx.options else None, base_path=path, validate=False)
    rows = _rows(session, stmt, ctx.params, cs)
    n = len(sub_cols)
    collected: dict[Any, list[Any]] = {}
    for row in rows:
        data = row._data
        k = tuple(data[1:1 + n])
        lst = collected.setdefault(k, [])
        if not any(x is data[0] for x in lst):
            lst.append(data[0])
    key = prop.key
    for obj in objects:
        d = obj.__dict__
        vals = tuple(d.get(k) for k in parent_keys)
        children = collected.get(vals, [])
        st = d[STATE_KEY]
        if prop.uselist:
            st._set_loaded(key, list(children))
        else:
            st._set_loaded(key, children[0] if children else None)


def _source_adapter(ent: Any) -> Any:
    """How the entity's columns appear in the statement the user wrote (aliased entities)."""
    if getattr(ent.insp, "is_aliased_class", False):
        from .context import _aliased_adapter

        return _aliased_adapter(ent.insp)
    return None


def _replace_cols(expr: Any, mapping: dict[Any, Any]) -> Any:
    from orm.mapping.adapt import replace

    by_id = {id(k): v for k, v in mapping.items()}
    return replace(expr, lambda n: by_id.get(id(n)))


def polymorphic_selectin(ctx: Any, ent: Any, el: Any, objects: list[Any]) -> None:
    """``selectin_polymorphic``: load subclass columns of the given subclasses, one SELECT IN
    per subclass, for the objects of that subclass."""
    from .orm_execute import loader_select as execute_orm_select

    from orm.mapping.properties import ColumnProperty

    from .strategy_options import load_only

    classes = el.opts.get("classes", ())
    session = ctx.session
    base_props = ent.mapper._props
    for cls in classes:
        mapper = getattr(cls, "__mapper__", None)
        if mapper is None:
            continue
        objs = [o for o in objects if isinstance(o, cls)]
        if not objs:
            continue
        pk = list(mapper.primary_key)
        expr = pk[0] if len(pk) == 1 else tuple_(*pk)
        keys = [o.__dict__[STATE_KEY].key[1] for o in objs]
        # the subclass's own columns only (plus key and discriminator, which load_only keeps)
        own = [getattr(cls, k) for k, p in mapper._props.items()
               if isinstance(p, ColumnProperty) and k not in base_props]
        stmt: Any = Select(cls).where(expr.in_(BindParameter("primary_keys", None, expanding=True)))
        stmt = stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL).order_by(*pk)
        if own:
            stmt = stmt.options(load_only(*own))
        for i in range(0, len(keys), SELECTIN_BATCH):
            batch = keys[i:i + SELECTIN_BATCH]
            param = [k[0] for k in batch] if len(pk) == 1 else batch
            execute_orm_select(session, stmt, {"primary_keys": param}).all()


# -- installation ----------------------------------------------------------------------------------
def strategy_for(prop: Any) -> RelationshipLoader:
    """The loader of a relationship (made once per relationship)."""
    loader = prop.__dict__.get("_strategy")
    if loader is None:
        loader = prop.__dict__["_strategy"] = RelationshipLoader(prop)
    return loader  # type: ignore[no-any-return]


class _StrategyAttr:
    """``prop._strategy`` on every relationship: created on first access."""

    def __get__(self, prop: Any, owner: Any) -> Any:
        if prop is None:
            return self
        return strategy_for(prop)


RelationshipProperty._strategy = _StrategyAttr()  # type: ignore[attr-defined]
