"""Rows to objects: the instance processors of an ORM query, the identity-map merge, and
``load_on_pk_identity`` (what ``Session.get`` runs on a miss).

Speed matters most here (a load of half a million objects runs this per row).  For each entity
of a query a small function is generated once per result shape, with the column positions,
attribute keys and value processors inlined::

    def load(r):
        v0 = r[0]
        if v0 is None: return None
        key = (User, (v0,), None)
        st = imap_get(key)
        obj = None if st is None else st.obj()
        if obj is None:
            obj = new(User)
            st = new_state(obj)
            obj.__dict__ = {"id": v0, "name": r[1], "_sa_instance_state": st}
            st.key = key; st.session_id = sid; imap[key] = st
        elif check_existing:
            existing(obj, r)
        return obj

Objects are made with ``cls.__new__`` (``__init__`` is not called, as in SQLAlchemy) and their
``__dict__`` filled directly; an object already in the identity map is returned as it is, unless
the query asks for ``populate_existing`` or the object has expired / unloaded attributes that the
row carries.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable, Optional

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.state import InstanceState

_new = object.__new__
_new_state_raw = InstanceState.__new__
_wr = weakref.ref

# generated instance-processor factories by shape (see _processor_source)
_FACTORIES: dict[Any, Callable[..., Any]] = {}


class QueryContext:
    """What one execution of an ORM query shares between its instance processors and loaders."""

    __slots__ = ("session", "imap", "populate_existing", "refresh_state", "options", "joined_slots",
                 "partial", "post_objects", "only_load_props", "identity_token", "for_update",
                 "yield_per", "statement", "params")

    def __init__(self, session: Any, *, populate_existing: bool = False, refresh_state: Any = None,
                 options: Any = None, only_load_props: Any = None, for_update: Any = None,
                 yield_per: Any = None) -> None:
        self.session = session
        self.imap = session._identity_map
        self.populate_existing = populate_existing
        self.refresh_state = refresh_state
        self.options = options
        # joined eager loads: (parent, key, gathered children) in the order parents came
        self.joined_slots: list[Any] = []
        self.partial: dict[int, Any] = {}
        # entities with post loaders: id(entity plan) -> (entity, {id(obj): obj})
        self.post_objects: dict[int, Any] = {}
        self.only_load_props = only_load_props
        self.identity_token = None
        self.for_update = for_update
        self.yield_per = yield_per
        self.statement: Any = None   # the statement the user executed (subqueryload re-uses it)
        self.params: Any = None


# -- per-entity processors ----------------------------------------------------------------------------
def entity_processor(ent: Any, procs: list[Any], ctx: QueryContext) -> Callable[[Any], Any]:
    """``fn(raw_row) -> object or None`` for one mapped entity of the query (and, through it,
    its joined eager children)."""
    mapper = ent.mapper
    if len(ent.mappers) > 1 or (mapper.polymorphic_on is not None and mapper.polymorphic_map
                                and _has_discriminator(ent)):
        base = _polymorphic_processor(ent, procs, ctx)
    else:
        base = _plain_processor(ent, mapper, ent.columns, procs, ctx)
    proc = base
    if ent.joined:
        proc = _with_joined(ent, base, procs, ctx)
    if ent.post or ent.poly_selectin:
        proc = _collecting(ent, proc, ctx)
    return proc


def _has_discriminator(ent: Any) -> bool:
    pol = ent.mappers[0].polymorphic_on
    return any(c.prop is None or (c.prop is not None and pol in c.prop.columns) for c in ent.columns)


def _plain_processor(ent: Any, mapper: Any, columns: list[Any], procs: list[Any], ctx: QueryContext,
                     cls_mapper: Any = None) -> Callable[[Any], Any]:
    """The generated processor for one concrete mapper: ``columns`` are the row's columns of it."""
    target = cls_mapper if cls_mapper is not None else mapper
    base_mapper = mapper.base_mapper
    with_opts = bool(ctx.options)
    # what depends only on the query's shape and the result's processors is worked out once
    cache = ent.__dict__.setdefault("_static", {})
    ck = (id(target), id(procs), with_opts)
    got = cache.get(ck)
    if got is None or got[0] is not procs:
        got = cache[ck] = (procs,) + _static_plan(ent, target, base_mapper, columns, procs, cls_mapper, with_opts)
    _, pk_positions, populate, unloaded_extra, factory = got
    imap = ctx.imap
    session = ctx.session
    existing = _existing_fn(target, populate, procs, ctx, ent, unloaded_extra)
    env = {
        "imap_get": imap._dict.get,
        "imap_dict": imap._dict,
        "CLS": target.class_,
        "BASE": target._identity_class,
        "MAPPER": target,
        "STATE_CLS": InstanceState,
        "existing": existing,
        "LO": ctx.options.elements if with_opts else (),
        "LP": ent.path,
        "on_load": _load_event(target),
        "SID": session.hash_key,
    }
    for p in {*pk_positions, *(p for _, p in populate)}:
        env[f"p{p}"] = procs[p]
    return factory(env)  # type: ignore[no-any-return]


def _static_plan(ent: Any, target: Any, base_mapper: Any, columns: list[Any], procs: list[Any],
                 cls_mapper: Any, with_opts: bool) -> tuple[Any, ...]:
    pk_positions = []
    # a concrete class's primary key is its own table's, not its base's
    own_pk = cls_mapper is not None or target.concrete
    for pkcol in target.primary_key if own_pk else base_mapper.primary_key:
        prop = target._columntoproperty.get(pkcol)
        pos = None
        for c in columns:
            # by key: a subclass mapper has its own copy of each inherited column property
            if c.prop is not None and prop is not None and c.prop.key == prop.key:
                pos = c.position
                break
        if pos is None:
            raise exc.InvalidRequestError(
                f"Query for {target} does not select its primary key column {pkcol}"
            )
        pk_positions.append(pos)
    populate: list[tuple[str, int]] = []
    seen_keys: set[str] = set()
    for c in columns:
        if c.prop is None or c.prop.key in seen_keys:
            continue
        if cls_mapper is not None and not _prop_applies(target, c):
            continue
        seen_keys.add(c.prop.key)
        populate.append((c.prop.key, c.position))
    unloaded_extra = tuple(k for k in ent.unloaded_keys if k in target._props)
    shape = (
        tuple(pk_positions), tuple(populate),
        tuple(procs[p] is not None for p in sorted({*pk_positions, *(p for _, p in populate)})),
        with_opts,
    )
    factory = _FACTORIES.get(shape)
    if factory is None:
        factory = _FACTORIES[shape] = _make_factory(pk_positions, populate, procs, with_opts)
        if len(_FACTORIES) > 5000:
            _FACTORIES.clear()
    return pk_positions, populate, unloaded_extra, factory


def _prop_applies(target: Any, col: Any) -> bool:
    # a concrete class maps none of its superclass's attributes but those it declares again
    return bool(target.isa(col.mapper)) and (not target.concrete or col.prop.key in target._props)


def _make_factory(pk_positions: list[int], populate: list[tuple[str, int]], procs: list[Any],
                  with_opts: bool) -> Callable[..., Any]:
    def val(p: int) -> str:
        return f"p{p}(r[{p}])" if procs[p] is not None else f"r[{p}]"

    lines = ["def factory(env):"]
    names = ["imap_get", "imap_dict", "CLS", "BASE", "MAPPER", "STATE_CLS", "existing", "LO",
             "LP", "on_load", "SID"]
    names += [f"p{p}" for p in sorted({*pk_positions, *(p for _, p in populate)}) if procs[p] is not None]
    for n in names:
        lines.append(f"    {n} = env[{n!r}]")
    lines.append("    new = object.__new__")
    lines.append("    def load(r):")
    pk_vars = []
    pos_var: dict[int, str] = {}
    for i, p in enumerate(pk_positions):
        v = f"k{i}"
        lines.append(f"        {v} = {val(p)}")
        pk_vars.append(v)
        pos_var[p] = v
    lines.append(f"        if {' is None or '.join(pk_vars)} is None:")
    lines.append("            return None")
    key = f"(BASE, ({', '.join(pk_vars)},), None)"
    lines.append(f"        key = {key}")
    lines.append("        st = imap_get(key)")  # the identity map holds states (weakly their objects)
    lines.append("        obj = None if st is None else st.obj()")
    lines.append("        if obj is None:")
    lines.append("            obj = new(CLS)")
    lines.append("            st = STATE_CLS(obj, MAPPER)")
    # fill the new object's (empty) __dict__ in place: assigning __dict__ would go through the
    # class's change-tracking __setattr__
    lines.append("            d = obj.__dict__")
    for k, p in populate:
        lines.append(f"            d[{k!r}] = {pos_var.get(p) or val(p)}")
    lines.append(f"            d[{STATE_KEY!r}] = st")
    lines.append("            st.key = key")
    # Session._register_loaded, inlined: the key is known to be absent from the map
    lines.append("            st.session_id = SID")
    lines.append("            imap_dict[key] = st")
    if with_opts:
        lines.append("            st.load_options = LO")
        lines.append("            st.load_path = LP")
    lines.append("            if on_load is not None:")
    lines.append("                on_load(obj)")
    lines.append("        elif existing is not None:")
    lines.append("            existing(obj, r)")
    lines.append("        return obj")
    lines.append("    return load")
    src = "\n".join(lines) + "\n"
    ns: dict[str, Any] = {}
    exec(compile(src, "<orm instance processor>", "exec"), ns)
    return ns["factory"]  # type: ignore[no-any-return]


def _existing_fn(mapper: Any, populate: list[tuple[str, int]], procs: list[Any], ctx: QueryContext,
                 ent: Any, unloaded_extra: tuple[str, ...]) -> Optional[Callable[[Any, Any], None]]:
    """What happens to an object already in the identity map that this row also describes:
    ``populate_existing`` overwrites its loaded columns; otherwise only attributes it does not
    have loaded (expired, deferred) are filled in from the row."""
    getters = [(k, p, procs[p]) for k, p in populate]
    keyset = frozenset(k for k, _ in populate)
    pe = ctx.populate_existing
    refresh_state = ctx.refresh_state
    only = ctx.only_load_props
    on_refresh = _refresh_event(mapper)

    def existing(obj: Any, r: Any) -> None:
        d = obj.__dict__
        st = d[STATE_KEY]
        if pe or st is refresh_state:
            keys = []
            for k, p, proc in getters:
                if only is not None and k not in only:
                    continue
                d[k] = proc(r[p]) if proc is not None else r[p]
                keys.append(k)
            st._commit(keys)
            if pe and ctx.options:
                st.load_options = ctx.options.elements
                st.load_path = ent.path
            if on_refresh is not None:
                on_refresh(obj, keys)
            return
        if not st.expired_attributes and d.keys() >= keyset:
            return
        keys = []
        for k, p, proc in getters:
            if k not in d:
                d[k] = proc(r[p]) if proc is not None else r[p]
                keys.append(k)
        if keys:
            st._commit(keys)

    return existing


def _listeners(mapper: Any, name: str) -> tuple[Any, ...]:
    from .events import mapper_listeners

    return mapper_listeners(mapper, name)


def _load_event(mapper: Any) -> Optional[Callable[[Any], None]]:
    """``load`` instance-event listeners of the mapper (None when there are none: no cost)."""
    fns = _listeners(mapper, "load")
    if not fns:
        return None

    def fire(obj: Any) -> None:
        for fn in fns:
            fn(obj, None)

    return fire


def _refresh_event(mapper: Any) -> Optional[Callable[[Any, Any], None]]:
    fns = _listeners(mapper, "refresh")
    if not fns:
        return None

    def fire(obj: Any, keys: Any) -> None:
        for fn in fns:
            fn(obj, None, keys)

    return fire


def _polymorphic_processor(ent: Any, procs: list[Any], ctx: QueryContext) -> Callable[[Any], Any]:
    """Picks the class of each row from its discriminator value (``polymorphic_map``)."""
    base = ent.mappers[0]
    pol = base.polymorphic_on
    disc_pos = None
    for c in ent.columns:
        if c.prop is None or pol in c.prop.columns:
            disc_pos = c.position
            break
    if disc_pos is None:
        return _plain_processor(ent, ent.mapper, ent.columns, procs, ctx)
    proc = procs[disc_pos]
    pmap = base.polymorphic_map
    subs: dict[Any, Callable[[Any], Any]] = {}
    default = _plain_processor(ent, ent.mapper, ent.columns, procs, ctx, cls_mapper=ent.mapper)

    def load(r: Any) -> Any:
        value = r[disc_pos]
        if proc is not None:
            value = proc(value)
        fn = subs.get(value)
        if fn is None:
            if value is None:
                fn = default
            else:
                target = pmap.get(value)
                if target is None:
                    raise AssertionError(f"No such polymorphic_identity {value!r} is defined")
                if not target.isa(ent.mapper):
                    # a row of a sibling class in a single-table hierarchy: not this entity
                    return None
                fn = _plain_processor(ent, ent.mapper, ent.columns, procs, ctx, cls_mapper=target)
            subs[value] = fn
        return fn(r)

    return load


_MISSING: Any = object()


def _with_joined(ent: Any, base: Callable[[Any], Any], procs: list[Any], ctx: QueryContext) -> Callable[[Any], Any]:
    """Adds the joined eager children of ``ent``: their objects come from the same row and are
    gathered per parent (a relationship already loaded is left alone unless
    ``populate_existing``), then stored when all rows are read (:func:`finish_joined`)."""
    children = [(child.parent_prop.key, child.parent_prop.uselist, entity_processor(child, procs, ctx))
                for child in ent.joined]
    seen: dict[int, Any] = {}          # id(parent) -> its slots (one per child relationship)
    seen_get = seen.get
    slots_append = ctx.joined_slots.append
    pe = ctx.populate_existing
    pk_pos = _single_pk_position(ent)
    if len(children) == 1 and pk_pos is not None:
        key, uselist, child_proc = children[0]
        # the rows of one parent usually come one after the other: the parent of the previous
        # row is reused without going through its processor again
        last: list[Any] = [_MISSING, None, None]

        def load_one(r: Any) -> Any:
            pkv = r[pk_pos]
            if pkv is not None and pkv == last[0]:
                obj = last[1]
                slot = last[2]
            else:
                obj = base(r)
                if obj is None:
                    return None
                oid = id(obj)
                slot = seen_get(oid, _MISSING)
                if slot is _MISSING:
                    if pe or key not in obj.__dict__:
                        slot = seen[oid] = ([], set()) if uselist else [None]
                        slots_append((obj, key, slot))
                    else:
                        slot = seen[oid] = None
                last[0] = pkv
                last[1] = obj
                last[2] = slot
            child = child_proc(r)
            if slot is not None and child is not None:
                if uselist:
                    cid = id(child)
                    if cid not in slot[1]:
                        slot[1].add(cid)
                        slot[0].append(child)
                else:
                    slot[0] = child
            return obj

        return load_one

    def load(r: Any) -> Any:
        obj = base(r)
        if obj is None:
            return None
        oid = id(obj)
        slots = seen_get(oid)
        if slots is None:
            d = obj.__dict__
            slots = []
            for key, uselist, _ in children:
                if pe or key not in d:
                    slot: Any = ([], set()) if uselist else [None]
                    slots_append((obj, key, slot))
                else:
                    slot = None
                slots.append(slot)
            seen[oid] = slots
        for (key, uselist, child_proc), slot in zip(children, slots):
            child = child_proc(r)
            if slot is None or child is None:
                continue
            if uselist:
                cid = id(child)
                if cid not in slot[1]:
                    slot[1].add(cid)
                    slot[0].append(child)
            else:
                slot[0] = child
        return obj

    return load


def _single_pk_position(ent: Any) -> Optional[int]:
    """The row position of a plain (not polymorphic) entity's single-column primary key."""
    if len(ent.mappers) > 1 or ent.mapper.polymorphic_on is not None:
        return None
    pk = ent.mapper.primary_key if ent.mapper.concrete else ent.mapper.base_mapper.primary_key
    if len(pk) != 1:
        return None
    prop = ent.mapper._columntoproperty.get(pk[0])
    for c in ent.columns:
        if c.prop is not None and prop is not None and c.prop.key == prop.key:
            return c.position  # type: ignore[no-any-return]
    return None


def finish_joined(ctx: QueryContext) -> None:
    """Store what the joined eager loads gathered (``state._set_loaded``)."""
    for obj, key, slot in ctx.joined_slots:
        obj.__dict__[STATE_KEY]._set_loaded(key, slot[0])
    ctx.joined_slots = []


def _collecting(ent: Any, proc: Callable[[Any], Any], ctx: QueryContext) -> Callable[[Any], Any]:
    """Remembers the distinct objects of an entity that has post loaders (selectin...)."""
    got: dict[int, Any] = {}
    ctx.post_objects[id(ent)] = (ent, got)

    def load(r: Any) -> Any:
        obj = proc(r)
        if obj is not None:
            got[id(obj)] = obj
        return obj

    return load


def run_post_loaders(ctx: QueryContext) -> None:
    """selectin / subquery / immediate loads of the objects this query produced."""
    from . import strategies

    # the collecting dicts stay registered: with yield_per each batch fills them again and is
    # loaded on its own (one selectin load per batch, as SQLAlchemy does)
    pending = []
    for ent, objs in list(ctx.post_objects.values()):
        if objs:
            pending.append((ent, list(objs.values())))
            objs.clear()
    for ent, objects in pending:
        for prop, strategy, sopts, path in ent.post:
            strategies.post_load(ctx, ent, prop, strategy, sopts, path, objects)
        for el in ent.poly_selectin:
            strategies.polymorphic_selectin(ctx, ent, el, objects)


# -- Session.get ----------------------------------------------------------------------------------
def load_on_pk_identity(session: Any, mapper: Any, primary_key_identity: Any, *, options: Any = None,
                        populate_existing: bool = False, with_for_update: Any = None,
                        refresh_state: Any = None, only_load_props: Any = None,
                        identity_token: Any = None, execution_options: Any = None,
                        bind_arguments: Any = None) -> Any:
    """Load one object by primary key: ``SELECT ... FROM users WHERE users.id = :pk_1`` (what
    ``Session.get`` runs when the identity map does not have it); None when no row matches.

    Example::

        load_on_pk_identity(session, inspect(User), (5,))
    """
    from .orm_execute import identity_select as execute_orm_select

    pk = tuple(primary_key_identity) if isinstance(primary_key_identity, (tuple, list)) else (primary_key_identity,)
    if len(pk) != len(mapper.primary_key):
        raise exc.InvalidRequestError(
            f"Incorrect number of values in identifier formed from argument to get(); primary key "
            f"columns are {', '.join(repr(str(c)) for c in mapper.primary_key)}"
        )
    stmt, params = _get_statement(mapper, pk, options, with_for_update, only_load_props)
    cs = None
    if not options and not with_for_update and not execution_options:
        # the plain primary-key load of a mapper: one compile state, reused
        cs = mapper.__dict__.get("_h1b_get_state")
        if cs is None:
            from .context import ORMCompileState

            cs = mapper.__dict__["_h1b_get_state"] = ORMCompileState(stmt)
    result = execute_orm_select(
        session, stmt, params, execution_options, bind_arguments=bind_arguments,
        _populate_existing=populate_existing, _refresh_state=refresh_state,
        _only_load_props=only_load_props, _compile_state=cs,
    )
    return result.unique().scalars().one_or_none()


def _get_statement(mapper: Any, pk: tuple[Any, ...], options: Any, with_for_update: Any,
                   only_load_props: Any) -> tuple[Any, dict[str, Any]]:
    """The statement of a primary-key load (built once per mapper) and its parameters."""
    from orm.sql.elements import BindParameter, and_
    from orm.sql.select import LABEL_STYLE_TABLENAME_PLUS_COL, Select

    cached = mapper.__dict__.get("_h1b_get_stmt")
    if cached is None:
        binds = []
        crit = []
        for i, col in enumerate(mapper.primary_key):
            b: Any = BindParameter(f"pk_{i + 1}", None, type_=col.type, required=True)
            binds.append(b.key)
            crit.append(col == b)
        stmt: Any = Select(mapper.class_).where(crit[0] if len(crit) == 1 else and_(*crit))
        stmt = stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
        cached = mapper.__dict__["_h1b_get_stmt"] = (stmt, binds)
    stmt, binds = cached
    if any(v is None for v in pk):
        raise exc.InvalidRequestError("get() of an identity with a None primary key value")
    if options:
        stmt = stmt.options(*options)
    if with_for_update:
        wfu = with_for_update if isinstance(with_for_update, dict) else {}
        stmt = stmt.with_for_update(**wfu)
    return stmt, dict(zip(binds, pk))
