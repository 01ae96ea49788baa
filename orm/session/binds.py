"""Which database a Session's statements go to: ``Session(bind=...)``, ``binds={Class or Table:
engine}``, ``bind_mapper``, ``bind_table`` and ``get_bind``.

Example::

    session = Session(binds={User: users_engine, Order.__table__: orders_engine})
    session.get_bind(User)          # users_engine
"""
from __future__ import annotations

from typing import Any

from .base import UnboundExecutionError, _mapper_for, _tables_in


class SessionBinds:
    """The bind lookups of :class:`~orm.session.session.Session` (a base class of it)."""

    bind: Any
    _binds: dict[Any, Any]

    def _add_bind(self, key: Any, bind: Any) -> None:
        from orm.mapping.base import _mapper_of

        mapper = _mapper_of(key) if isinstance(key, type) else None
        if mapper is not None:
            self._binds[mapper] = bind
            self._binds[key] = bind
        else:
            self._binds[key] = bind

    def bind_mapper(self, mapper: Any, bind: Any) -> None:
        self._add_bind(mapper, bind)

    def bind_table(self, table: Any, bind: Any) -> None:
        self._add_bind(table, bind)

    def get_bind(self, mapper: Any = None, *, clause: Any = None, bind: Any = None, **kw: Any) -> Any:
        """The Engine or Connection that statements for ``mapper``/``clause`` run on."""
        if bind is not None:
            return bind
        if self._binds:
            found = self._bind_lookup(mapper, clause)
            if found is not None:
                return found
        if self.bind is not None:
            return self.bind
        what = []
        if mapper is not None:
            what.append(f"mapper {_mapper_for(mapper)}")
        if clause is not None:
            what.append("SQL expression")
        raise UnboundExecutionError(
            "Could not locate a bind configured on " + (", ".join(what) + " or " if what else "")
            + "this Session."
        )

    def _bind_lookup(self, mapper: Any, clause: Any) -> Any:
        binds = self._binds
        if mapper is not None:
            m = _mapper_for(mapper)
            if m is not None:
                for klass in m.class_.__mro__:
                    if klass in binds:
                        return binds[klass]
                for t in getattr(m, "tables", ()) or (m.local_table,):
                    if t in binds:
                        return binds[t]
        if clause is not None:
            for t in _tables_in(clause):
                if t in binds:
                    return binds[t]
                for klass, b in binds.items():
                    m = getattr(klass, "__mapper__", None)
                    if m is not None and t in getattr(m, "tables", ()):
                        return b
        return None
