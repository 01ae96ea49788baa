"""Loading the unloaded attributes of one persistent object: expired attributes (after
``commit()`` or ``expire()``), deferred columns, and ``Session.refresh()``.

Example::

    session.expire(user, ["name"])
    user.name          # SELECT users.name AS users_name FROM users WHERE users.id = ?

A detached object cannot load: ``DetachedInstanceError``, with SQLAlchemy's message.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from orm import exc
from orm.mapping.properties import ColumnProperty
from orm.sql.elements import BindParameter, and_
from orm.sql.select import LABEL_STYLE_TABLENAME_PLUS_COL, Select

_BG = " (Background on this error at: https://sqlalche.me/e/20/bhk3)"


def _state_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"


def load_attributes(state: Any, keys: Iterable[str], session: Any = None, *,
                    with_for_update: Any = None, refresh: bool = False) -> None:
    """Load ``keys`` of ``state``'s object from its row (columns in one SELECT; relationships
    through their loader).  ``ObjectDeletedError`` when the row is gone.

    Example::

        load_attributes(inspect(user), {"bio"}, session)
    """
    if session is None:
        session = state.session
    keys = set(keys)
    mapper = state.mapper
    props = mapper._props
    if session is None:
        deferred = [k for k in keys if k not in state.expired_attributes and
                    isinstance(props.get(k), ColumnProperty)]
        if deferred and len(deferred) == len(keys):
            raise exc.DetachedInstanceError(
                f"Parent instance {_state_str(state)} is not bound to a Session; deferred load "
                f"operation of attribute '{sorted(deferred)[0]}' cannot proceed" + _BG
            )
        raise exc.DetachedInstanceError(
            f"Instance {_state_str(state)} is not bound to a Session; attribute refresh operation "
            "cannot proceed" + _BG
        )
    if state.key is None:
        return
    obj = state.obj()
    if obj is None:
        return
    _check_raiseload(state, keys)
    keys = _with_groups(state, keys)
    extra = _query_expressions(state, keys)
    # a concrete hierarchy's union discriminator is no attribute of the object: nothing to load
    # (its table has no such column)
    col_props = [p for k, p in props.items() if k in keys and isinstance(p, ColumnProperty)
                 and not getattr(p, "_no_instrument", False)]
    rel_keys = [k for k in keys if getattr(props.get(k), "is_relationship", False)]
    if extra and col_props:
        _load_columns(session, state, obj, col_props, with_for_update, refresh, extra)
    elif col_props or not rel_keys:
        _load_columns(session, state, obj, col_props, with_for_update, refresh, extra)
    for key in rel_keys:
        loader = props[key]._strategy
        obj.__dict__.pop(key, None)
        loader.load(state, None)


def _query_expressions(state: Any, keys: set[str]) -> dict[str, Any]:
    """Takes the query_expression() keys out of ``keys`` and gives their expressions: the
    with_expression() of the options the object was loaded with, else the default expression,
    else none (the attribute stays None).  As in SQLAlchemy, the load of expired attributes and
    ``Session.refresh()`` load them with the other columns; alone they never load."""
    props = state.mapper._props
    qe = [k for k in keys if getattr(props.get(k), "is_query_expression", False)]
    if not qe:
        return {}
    keys.difference_update(qe)
    state.expired_attributes.difference_update(qe)
    given: dict[str, Any] = {}
    if state.load_options and state.load_path is not None:
        from .strategies import options_index

        for el in options_index(state.load_options).col_strategies(tuple(state.load_path)):
            if el.strategy == "expression":
                given[el.path[-1]] = el.opts["expression"]
    out = {}
    for k in qe:
        expr = given.get(k)
        if expr is None and props[k].has_default:
            expr = props[k].columns[0]
        if expr is not None:
            out[k] = expr
    return out


def _check_raiseload(state: Any, keys: set[str]) -> None:
    """``defer(..., raiseload=True)`` / ``load_only(..., raiseload=True)``: a deferred column
    that must not load on access."""
    props = state.mapper._props
    for key in keys:
        if key in state.expired_attributes:
            continue
        prop = props.get(key)
        if not isinstance(prop, ColumnProperty):
            continue
        if _raiseload(state, prop):
            raise exc.InvalidRequestError(f"'{prop}' is not available due to raiseload=True")


def _raiseload(state: Any, prop: Any) -> bool:
    opts = state.load_options
    path = state.load_path
    rl = bool(prop.raiseload and prop.deferred)
    if not opts or path is None:
        return rl
    from .context import WILDCARD
    from .strategies import options_index

    for el in options_index(opts).col_strategies(tuple(path)):
        if el.path[-1] == WILDCARD:
            if el.strategy == "deferred":
                rl = bool(el.opts.get("raiseload"))
            elif el.strategy == "undefer_group" and prop.group == el.opts.get("group"):
                rl = False
        elif el.path[-1] == prop.key:
            rl = el.strategy == "deferred" and bool(el.opts.get("raiseload"))
    return rl


def _with_groups(state: Any, keys: set[str]) -> set[str]:
    """A deferred column of a ``group`` loads with the other unloaded columns of its group."""
    props = state.mapper._props
    groups = {props[k].group for k in keys if isinstance(props.get(k), ColumnProperty) and props[k].group}
    if not groups:
        return keys
    d = state.obj().__dict__
    out = set(keys)
    for k, p in props.items():
        if isinstance(p, ColumnProperty) and p.group in groups and k not in d:
            out.add(k)
    return out


def _load_columns(session: Any, state: Any, obj: Any, col_props: list[Any], with_for_update: Any,
                  refresh: bool, extra: Optional[dict[str, Any]] = None) -> None:
    mapper = state.mapper
    stmt, names = _statement(mapper, tuple(p.key for p in col_props), refresh)
    if extra:
        # query_expression() values, in the mapper's order of properties (SQLAlchemy's column
        # order); their expressions come from the object's options: not cached
        keys = {p.key for p in col_props}
        order = [k for k in mapper._props if k in keys or k in extra]
        col_props = [mapper._props[k] for k in order if k in keys]
        stmt = stmt.with_only_columns(*(extra[k] if k in extra else mapper._props[k].columns[0]
                                        for k in order))
        stmt.__dict__.pop("_cpn", None)
    if with_for_update:
        stmt = stmt.with_for_update(**(with_for_update if isinstance(with_for_update, dict) else {}))
    params = dict(zip(names, state.key[1]))
    conn = session.connection(bind_arguments={"mapper": mapper})
    row = conn.execute(stmt, params).first()
    if row is None:
        raise exc.ObjectDeletedError(state)
    d = obj.__dict__
    loaded = []
    if extra:
        for key, value in zip(order, row._data):
            d[key] = value
            loaded.append(key)
    else:
        for prop, value in zip(_selected(col_props), row._data):
            d[prop.key] = value
            loaded.append(prop.key)
    state._commit(loaded)
    fire = _refresh_listeners(mapper)
    if fire:
        for fn in list(fire):
            fn(obj, None, loaded)


def _selected(col_props: list[Any]) -> list[Any]:
    return col_props


def _refresh_listeners(mapper: Any) -> Any:
    from .events import mapper_listeners

    return mapper_listeners(mapper, "refresh")


def _statement(mapper: Any, keys: tuple[str, ...], refresh: bool) -> tuple[Any, list[str]]:
    """``SELECT <columns of keys> FROM <table> WHERE <pk> = :pk_1`` (cached per mapper and keys)."""
    cache = mapper.__dict__.setdefault("_h1b_refresh_stmts", {})
    ck = (keys, refresh)
    got = cache.get(ck)
    if got is not None:
        return got  # type: ignore[no-any-return]
    props = mapper._props
    cols = [props[k].columns[0] for k in keys]
    tables = {id(getattr(c, "table", None)): getattr(c, "table", None) for c in cols}
    from_ = mapper.persist_selectable
    pk_cols = list(mapper.primary_key)
    if len(tables) == 1 and None not in tables.values():
        table = next(iter(tables.values()))
        mapped = []
        for pk in pk_cols:
            prop = mapper._columntoproperty.get(pk)
            col = next((c for c in (prop.columns if prop is not None else [pk]) if getattr(c, "table", None) is table), None)
            mapped.append(col)
        if all(c is not None for c in mapped):
            from_ = table
            pk_cols = mapped
    if pk_cols == list(mapper.primary_key):
        names = [f"pk_{i + 1}" for i in range(len(pk_cols))]
        crit = [c == BindParameter(n, None, type_=c.type, required=True) for c, n in zip(pk_cols, names)]
    else:
        # a joined-inheritance subclass table: its key is matched as the inherit condition is
        # written, the base table's side bound (``:param_1 = managers.id``), as SQLAlchemy does
        names = [f"param_{i + 1}" for i in range(len(pk_cols))]
        crit = [BindParameter(n, None, type_=c.type, required=True) == c for c, n in zip(pk_cols, names)]
    if not cols:
        cols = pk_cols
    stmt: Any = Select(*cols).select_from(from_).where(crit[0] if len(crit) == 1 else and_(*crit))
    if not refresh:
        stmt = stmt.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)
    got = (stmt, names)
    if len(cache) < 256:
        cache[ck] = got
    return got


def refresh_state(session: Any, state: Any, attribute_names: Optional[Iterable[str]] = None,
                  with_for_update: Any = None) -> None:
    """``Session.refresh()``'s load: the given (else all loaded-by-default) attributes."""
    mapper = state.mapper
    if attribute_names is None:
        keys = {k for k, p in mapper._props.items() if isinstance(p, ColumnProperty) and not p.deferred}
    else:
        keys = set(attribute_names)
    load_attributes(state, keys, session, with_for_update=with_for_update, refresh=True)
