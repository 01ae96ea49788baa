"""Helpers shared by the Session modules: object states, mappers of entities, primary key
tuples, the read side's entry points, and the Session's event names."""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.state import InstanceState

SESSION_EVENTS = {
    "before_flush": ("session", "flush_context", "instances"),
    "after_flush": ("session", "flush_context"),
    "after_flush_postexec": ("session", "flush_context"),
    "before_commit": ("session",),
    "after_commit": ("session",),
    "after_rollback": ("session",),
    "after_soft_rollback": ("session", "previous_transaction"),
    "after_begin": ("session", "transaction", "connection"),
    "after_transaction_create": ("session", "transaction"),
    "after_transaction_end": ("session", "transaction"),
    "before_attach": ("session", "instance"),
    "after_attach": ("session", "instance"),
    "transient_to_pending": ("session", "instance"),
    "pending_to_transient": ("session", "instance"),
    "pending_to_persistent": ("session", "instance"),
    "persistent_to_detached": ("session", "instance"),
    "persistent_to_deleted": ("session", "instance"),
    "deleted_to_detached": ("session", "instance"),
    "loaded_as_persistent": ("session", "instance"),
    "do_orm_execute": ("orm_execute_state",),
    "after_bulk_update": ("update_context",),
    "after_bulk_delete": ("delete_context",),
}


class UnboundExecutionError(exc.InvalidRequestError):
    """SQL was required but the Session has no bind for it."""


def _state_str(state: Any) -> str:
    obj = state.obj()
    return f"<{state.class_.__name__} at 0x{id(obj):x}>"


def _instance_state(obj: Any) -> InstanceState:
    try:
        st = obj.__dict__.get(STATE_KEY)
    except AttributeError:
        st = None
    if st is None:
        mapper = type(obj).__dict__.get("__mapper__")
        if mapper is not None:
            st = obj.__dict__[STATE_KEY] = InstanceState(obj, mapper)
            return st
        from orm.mapping.mapper import _instance_state as make

        return make(obj)  # type: ignore[no-any-return]
    return st  # type: ignore[no-any-return]


# -- helpers ----------------------------------------------------------------------------------------

_read_side_cache: dict[tuple[str, str], Any] = {}


def _read_side(module: str, name: str) -> Any:
    """A function of the read side's modules (orm.session.select_execution/loading/refresh), or None."""
    key = (module, name)
    fn = _read_side_cache.get(key)
    if fn is None:
        import importlib

        try:
            mod = importlib.import_module(f"orm.session.{module}")
        except ImportError:
            return None
        fn = getattr(mod, name, None)
        if fn is not None:
            _read_side_cache[key] = fn
    return fn


def _is_orm_select(statement: Any) -> bool:
    attrs = getattr(statement, "_propagate_attrs", None)
    return attrs is not None and attrs.get("compile_state_plugin") == "orm"


def _is_orm_dml(statement: Any) -> bool:
    if not getattr(statement, "is_dml", False):
        return False
    entity = getattr(statement, "_entity", None)
    return getattr(entity, "__mapper__", None) is not None or getattr(entity, "is_mapper", False)


def _mapper_for(entity: Any) -> Any:
    if getattr(entity, "is_mapper", False):
        return entity
    m = getattr(entity, "__mapper__", None)
    if m is not None:
        return m
    return getattr(entity, "mapper", None)


def _require_mapper(entity: Any) -> Any:
    from orm.inspection import inspect

    m = _mapper_for(entity) if not isinstance(entity, type) else getattr(entity, "__mapper__", None)
    if m is None:
        insp = inspect(entity, raiseerr=False)
        m = getattr(insp, "mapper", None)
    if m is None:
        if isinstance(entity, type):
            raise exc.UnmappedClassNotInspectable(entity)
        raise exc.ArgumentError(f"Expected mapped class or mapper, got: {entity!r}")
    m._check_configure()
    return m


def _pk_tuple(mapper: Any, ident: Any) -> tuple[Any, ...]:
    n = len(mapper.primary_key)
    if isinstance(ident, dict):
        keys = [mapper._columntoproperty[c].key for c in mapper.primary_key]
        try:
            return tuple(ident[k] for k in keys)
        except KeyError:
            raise exc.InvalidRequestError(
                f"Incorrect names of values in identifier to formulate primary key for session.get(); "
                f"primary key attribute names are {', '.join(repr(k) for k in keys)}"
            ) from None
    if isinstance(ident, (tuple, list)):
        pk = tuple(ident)
    elif hasattr(ident, "_fields") or hasattr(ident, "_mapping"):
        pk = tuple(ident)
    else:
        pk = (ident,)
    if len(pk) != n:
        raise exc.InvalidRequestError(
            f"Incorrect number of values in identifier to formulate primary key for session.get(); "
            f"primary key columns are {', '.join(repr(str(c)) for c in mapper.primary_key)}"
        )
    return pk


def _tables_in(clause: Any) -> list[Any]:
    out = []
    table = getattr(clause, "table", None)
    if table is not None:
        out.append(table)
    froms = getattr(clause, "get_final_froms", None)
    try:
        items = froms() if froms is not None else getattr(clause, "_from_objects", [])
    except Exception:
        items = []
    for f in items or ():
        out.append(f)
        for sub in getattr(f, "_from_objects", ()) or ():
            if sub is not f:
                out.append(sub)
    walk = getattr(clause, "_walk", None)
    if walk is not None:
        # tables deeper in the statement (a subquery in FROM, as Query.count() wraps the query;
        # a scalar subquery in WHERE), after the outer ones, as SQLAlchemy searches the whole tree
        from orm.sql.selectable import TableClause

        for node in walk():
            if isinstance(node, TableClause):
                out.append(node)
            elif isinstance(getattr(node, "table", None), TableClause):
                out.append(node.table)  # a column names its table; a SELECT's FROM is derived
    return out
