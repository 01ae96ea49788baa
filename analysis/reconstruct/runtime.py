"""What the runtime does with a rebuilt statement before it reaches the database.

An ORM ``select()`` is not sent as written: the session's compile step (``ORMCompileState``)
expands entities into their columns, adds joined eager loads, applies ``Query`` labelling; the
eager loads that run later (``selectinload``) send statements of their own.  These functions
ask ``orm``'s own session layer for exactly those statements, so that the preview is the
runtime's SQL, and describe the result's shape (``User``, ``rows: (int, str)``).

Example::

    core, state = executed_statement(stmt, legacy=False, shadow=shadow)
    for description, statement in eager_statements(state): ...
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from analysis.reconstruct.api import load

log = logging.getLogger("ormlens")
_MAX_EAGER_DEPTH = 6


def is_orm_statement(statement: Any) -> bool:
    attrs = getattr(statement, "_propagate_attrs", None)
    return bool(attrs) and attrs.get("compile_state_plugin") == "orm"


def executed_statement(statement: Any, legacy: bool, shadow: Any
                       ) -> Optional[tuple[Any, Any]]:
    """``(core statement, ORM compile state or None)``; None when the runtime would refuse the
    statement or an entity it loads could not be rebuilt exactly (see ShadowModel.incomplete)."""
    if not is_orm_statement(statement) or getattr(statement, "is_dml", False):
        if getattr(statement, "is_dml", False) and _dml_incomplete(statement, shadow):
            return None
        return statement, None
    compile_state = load("orm.session.context:ORMCompileState")
    if compile_state is None:
        return statement, None
    try:
        state = compile_state(statement, legacy=legacy)
    except Exception:   # the runtime raises the same for this statement: no preview
        log.debug("ORM compile of the rebuilt statement failed", exc_info=True)
        return None
    if any(shadow.is_incomplete(m.class_) for m in _mappers(state)):
        return None
    return state.statement, state


def caveats(state: Any, statement: Any, shadow: Any) -> list[str]:
    """What to know about the models a statement loads (bases outside the project, ...)."""
    classes = [m.class_ for m in _mappers(state)] if state is not None else []
    entity = getattr(statement, "entity_description", None)
    if isinstance(entity, dict) and entity.get("type") is not None:
        classes.append(entity["type"])
    out = []
    for cls in classes:
        model = shadow.model_of(cls)
        note = shadow.caveats.get(model.qualname) if model is not None else None
        if note and note not in out:
            out.append(note)
    return out


def _dml_incomplete(statement: Any, shadow: Any) -> bool:
    table = getattr(statement, "table", None)
    entity = getattr(statement, "entity_description", None)
    cls = entity.get("type") if isinstance(entity, dict) else None
    if cls is None:
        return False
    return cls in shadow.models and shadow.is_incomplete(cls) and table is not None


def _mappers(state: Any) -> list[Any]:
    out = []
    pending = [e for e in getattr(state, "entities", ()) if getattr(e, "is_mapper", False)]
    while pending:
        ent = pending.pop()
        out.append(ent.mapper)
        pending.extend(getattr(ent, "joined", ()))
    return out


def eager_statements(state: Any, depth: int = 0, notes: Optional[list[str]] = None
                     ) -> list[tuple[str, Any]]:
    """The statements eager loads run after the main query: (description, core statement).

    ``selectin`` loads are rebuilt exactly (the runtime's own plan); the statements of
    ``subquery`` and ``immediate`` loads are built by the runtime from the rows it got, so they
    are not previewed: ``notes`` (when given) says so."""
    if state is None or depth >= _MAX_EAGER_DEPTH:
        return []
    compile_state = load("orm.session.context:ORMCompileState")
    plan = load("orm.session.strategies:_selectin_plan")
    if compile_state is None or plan is None:
        return []
    out: list[tuple[str, Any]] = []
    pending = [e for e in getattr(state, "entities", ()) if getattr(e, "is_mapper", False)]
    seen = 0
    while pending and seen < 100:
        seen += 1
        ent = pending.pop(0)
        pending.extend(getattr(ent, "joined", ()))
        for prop, strategy, _options, path in getattr(ent, "post", ()):
            if strategy != "selectin":
                if notes is not None:
                    note = (f"the {strategy}load of {prop.parent.class_.__name__}.{prop.key} runs "
                            "another statement, built from the rows (not shown)")
                    if note not in notes:
                        notes.append(note)
                continue
            try:
                statement = plan(prop).statement
                options = state.options if state.options else None
                child = compile_state(statement, options=options, base_path=path, validate=False)
            except Exception:   # a load the preview cannot rebuild: left out
                log.debug("selectin statement failed", exc_info=True)
                continue
            description = f"selectinload of {prop.parent.class_.__name__}.{prop.key}"
            out.append((description, child.statement))
            out.extend(eager_statements(child, depth + 1, notes))
    return out


def dml_bind_names(statement: Any) -> set[str]:
    """Bind names the compiler gives an INSERT/UPDATE's own values: each column set by a value
    that is not a run-time parameter of that name, and each column a Python-side default or
    onupdate adds (``:name``).  A run-time parameter must not take one of these names."""
    if getattr(statement, "is_dml", False) is not True or getattr(statement, "is_delete", False):
        return set()
    taken: set[str] = set()
    present: set[str] = set()
    for column, value in tuple(getattr(statement, "_values", None) or ()):
        key = getattr(column, "key", None)
        if not isinstance(key, str):
            continue
        present.add(key)
        if not _runtime_parameter(value, key):
            taken.add(key)
    table = getattr(statement, "table", None)
    update = bool(getattr(statement, "is_update", False))
    for column in getattr(table, "c", ()):
        default = getattr(column, "onupdate" if update else "default", None)
        if default is not None and column.key not in present:
            taken.add(column.key)
    return taken


def _runtime_parameter(value: Any, key: str) -> bool:
    return type(value).__name__ == "BindParameter" and getattr(value, "key", None) == key and \
        getattr(value, "value", None) is None and getattr(value, "callable", None) is None and \
        bool(getattr(value, "required", False))


# ------------------------------------------------------------------------------ result shape
def result_shape(found: Any, state: Any) -> str:
    """``User``, ``rows: (int, str)``, ``User | None`` (``first()``), ``int`` (``count()``),
    ``rowcount`` (DML without RETURNING)."""
    terminal = getattr(found, "terminal", None)
    if terminal == "count":
        return "int"
    if found.kind != "select":
        returning = tuple(getattr(found.statement, "_returning", ()) or ())
        if not returning:
            return "rowcount"
        return "rows: " + _tuple([_entity_or_type(r) for r in returning])
    if terminal in ("update", "delete"):
        return "rowcount"
    if state is not None:
        parts = [ent.mapper.class_.__name__ if ent.is_mapper else _type_name(ent.expr)
                 for ent in state.entities]
        single_entity = len(state.entities) == 1 and state.entities[0].is_mapper
    else:
        columns = list(getattr(found.statement, "selected_columns", ()) or ())
        parts = [_type_name(c) for c in columns]
        single_entity = False
    base = parts[0] if single_entity else "rows: " + _tuple(parts)
    if terminal in ("first", "get", "session.get", "one_or_none"):
        return f"{base} | None"
    if terminal == "scalar":
        first = parts[0] if parts else "Any"
        return f"{first} | None"
    return base


def _tuple(parts: list[str]) -> str:
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def _entity_or_type(element: Any) -> str:
    if isinstance(element, type):
        return element.__name__
    insp = None
    try:
        import orm

        insp = orm.inspect(element, raiseerr=False)
    except Exception:   # not inspectable: a column
        insp = None
    mapper = getattr(insp, "mapper", None)
    if mapper is not None and (getattr(insp, "is_mapper", False) or
                               getattr(insp, "is_aliased_class", False)):
        return mapper.class_.__name__
    return _type_name(element)


def _type_name(expr: Any) -> str:
    try:
        python_type = expr.type.python_type
    except Exception:   # NullType and user types have none
        return "Any"
    return getattr(python_type, "__name__", "Any")


__all__ = ["caveats", "dml_bind_names", "eager_statements", "executed_statement",
           "is_orm_statement", "result_shape"]
