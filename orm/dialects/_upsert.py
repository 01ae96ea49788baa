"""``ON CONFLICT`` rendering shared by the PostgreSQL and SQLite compilers."""
from __future__ import annotations

from typing import Any

from orm import exc


def _target(compiler: Any, clause: Any, **kw: Any) -> str:
    if clause.constraint is not None:
        name = clause.constraint if isinstance(clause.constraint, str) else clause.constraint.name
        if name is None:
            raise exc.CompileError("Can't use an unnamed constraint as an ON CONFLICT target")
        return "ON CONSTRAINT " + compiler.preparer.quote(name) + " "
    if clause.index_elements:
        cols = []
        for el in clause.index_elements:
            if isinstance(el, str):
                cols.append(compiler.preparer.quote(el))
            else:
                cols.append(compiler.process(el, include_table=False, **kw))
        text = "(" + ", ".join(cols) + ") "
        if clause.index_where is not None:
            text += "WHERE " + compiler.process(clause.index_where, include_table=False, **kw) + " "
        return text
    return ""


def render_on_conflict_do_nothing(compiler: Any, clause: Any, **kw: Any) -> str:
    return "ON CONFLICT " + _target(compiler, clause, **kw) + "DO NOTHING"


def render_on_conflict_do_update(compiler: Any, clause: Any, **kw: Any) -> str:
    target = _target(compiler, clause, **kw)
    if not target:
        raise exc.CompileError("ON CONFLICT DO UPDATE requires index_elements or constraint")
    table = compiler.statement.table
    sets = []
    compiler.stack.append({"selectable": None, "all_froms": [table, clause._excluded]})
    try:
        for key, value in clause.update_values:
            col = table.c[key] if isinstance(key, str) else key
            if isinstance(key, str) and key not in table.c:
                raise exc.CompileError(f"Unknown column {key!r} in ON CONFLICT DO UPDATE set_")
            from orm.sql.coercions import literal_or_bind
            from orm.sql.elements import BindParameter

            v = literal_or_bind(value, col.type)
            if isinstance(v, BindParameter) and v.unique:
                v.type = col.type
            sets.append(compiler.preparer.format_column(col) + " = " + compiler.process(v.self_group(), **kw))
        text = "ON CONFLICT " + target + "DO UPDATE SET " + ", ".join(sets)
        if clause.update_where is not None:
            text += " WHERE " + compiler.process(clause.update_where, **kw)
    finally:
        compiler.stack.pop()
    return text


# -- the constructs ---------------------------------------------------------------------------------
from orm.sql.base import ClauseElement, _generative  # noqa: E402
from orm.sql.dml import Insert as _Insert  # noqa: E402
from orm.sql.selectable import Alias  # noqa: E402


class OnConflictClause(ClauseElement):
    _attrs = ("_target_key",)

    def __init__(self, constraint: Any = None, index_elements: Any = None, index_where: Any = None) -> None:
        from orm.sql import coercions

        if constraint is not None and index_elements is not None:
            raise exc.ArgumentError("'constraint' and 'index_elements' are mutually exclusive")
        if constraint is not None and not isinstance(constraint, str):
            name = getattr(constraint, "name", None)
            if name is None:
                # an unnamed unique/primary key constraint: target its columns
                index_elements = list(constraint.columns)
                constraint = None
        self.constraint = constraint
        self.index_elements = [coercions._unwrap(e) for e in index_elements] if index_elements else None
        self.index_where = coercions.expect_where(index_where) if index_where is not None else None

    @property
    def _target_key(self) -> Any:
        cons = self.constraint if isinstance(self.constraint, (str, type(None))) else self.constraint.name
        els = tuple(e if isinstance(e, str) else getattr(e, "key", id(e)) for e in self.index_elements or ())
        return (cons, els)


class OnConflictDoNothing(OnConflictClause):
    __visit_name__ = "on_conflict_do_nothing"
    _children = ("index_where",)


class OnConflictDoUpdate(OnConflictClause):
    __visit_name__ = "on_conflict_do_update"
    _children = ("index_where", "_values_list", "update_where")

    def __init__(self, constraint: Any = None, index_elements: Any = None, index_where: Any = None,
                 set_: Any = None, where: Any = None, _excluded: Any = None) -> None:
        from orm.sql import coercions

        super().__init__(constraint, index_elements, index_where)
        if not set_:
            raise exc.ArgumentError("set_ parameter must be a non-empty dictionary or a ColumnCollection")
        items = set_.items() if hasattr(set_, "items") else set_
        self.update_values = [(coercions._unwrap(k), v) for k, v in items]
        self.update_where = coercions.expect_where(where) if where is not None else None
        self._excluded = _excluded

    @property
    def _values_list(self) -> tuple[Any, ...]:
        from orm.sql.coercions import literal_or_bind

        return tuple(literal_or_bind(v) for _, v in self.update_values)

    @property
    def _target_key(self) -> Any:  # type: ignore[override]
        keys = tuple(k if isinstance(k, str) else getattr(k, "key", id(k)) for k, _ in self.update_values)
        return (super()._target_key, keys)


class OnConflictInsert(_Insert):
    """INSERT with ``on_conflict_do_update`` / ``on_conflict_do_nothing`` (PostgreSQL, SQLite).

    Example::

        stmt = insert(users).values(id=1, name="ed")
        stmt = stmt.on_conflict_do_update(index_elements=[users.c.id], set_={"name": stmt.excluded.name})
    """

    supports_constraint_target = True

    @property
    def excluded(self) -> Any:
        """The row proposed for insertion (``excluded.<col>``)."""
        ex = self.__dict__.get("_excluded_alias")
        if ex is None:
            ex = self.__dict__["_excluded_alias"] = Alias(self.table, "excluded")
        return ex.c

    @_generative
    def on_conflict_do_update(self, constraint: Any = None, index_elements: Any = None, index_where: Any = None,
                              set_: Any = None, where: Any = None) -> None:
        if self._post_values_clause is not None:
            raise exc.InvalidRequestError("This Insert construct already has an ON CONFLICT clause established")
        if constraint is not None and not self.supports_constraint_target:
            raise exc.ArgumentError("SQLite's ON CONFLICT does not accept a named constraint; use index_elements")
        self.excluded  # noqa: B018 - create the alias
        self._post_values_clause = OnConflictDoUpdate(constraint, index_elements, index_where, set_, where,
                                                      _excluded=self.__dict__["_excluded_alias"])

    @_generative
    def on_conflict_do_nothing(self, constraint: Any = None, index_elements: Any = None,
                               index_where: Any = None) -> None:
        if self._post_values_clause is not None:
            raise exc.InvalidRequestError("This Insert construct already has an ON CONFLICT clause established")
        if constraint is not None and not self.supports_constraint_target:
            raise exc.ArgumentError("SQLite's ON CONFLICT does not accept a named constraint; use index_elements")
        self._post_values_clause = OnConflictDoNothing(constraint, index_elements, index_where)
