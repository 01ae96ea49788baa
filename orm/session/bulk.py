"""Bulk operations: ``bulk_insert_mappings``, ``bulk_update_mappings``, ``bulk_save_objects`` and
ORM-enabled ``insert()/update()/delete()`` of mapped classes through ``Session.execute``."""
from __future__ import annotations

from typing import Any


def execute_orm_dml(session: Any, statement: Any, params: Any, execution_options: dict[str, Any],
                    bind_arguments: dict[str, Any]) -> Any:
    mapper = getattr(statement._entity, "__mapper__", None) or statement._entity
    session._autoflush()
    conn = session._connection_for_bind(session.get_bind(mapper, **bind_arguments))
    return conn.execute(statement, params, execution_options=execution_options)
