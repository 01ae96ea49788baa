"""The event names Engine and Connection fire, and the ``handle_error`` context object."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ENGINE_EVENTS", "ENGINE_RETVAL_EVENTS", "ExceptionContext"]

# name -> argument names (the argument names enable ``event.listen(..., named=True)``)
ENGINE_EVENTS: dict[str, tuple[str, ...]] = {
    "before_execute": ("conn", "clauseelement", "multiparams", "params", "execution_options"),
    "after_execute": ("conn", "clauseelement", "multiparams", "params", "execution_options",
                      "result"),
    "before_cursor_execute": ("conn", "cursor", "statement", "parameters", "context",
                              "executemany"),
    "after_cursor_execute": ("conn", "cursor", "statement", "parameters", "context",
                             "executemany"),
    "handle_error": ("exception_context",),
    "engine_connect": ("conn",),
    "engine_disposed": ("engine",),
    "set_connection_execution_options": ("conn", "opts"),
    "set_engine_execution_options": ("engine", "opts"),
    "begin": ("conn",),
    "commit": ("conn",),
    "rollback": ("conn",),
    "savepoint": ("conn", "name"),
    "rollback_savepoint": ("conn", "name", "context"),
    "release_savepoint": ("conn", "name", "context"),
}

# Events whose listeners, registered with retval=True, may return replacement values.
ENGINE_RETVAL_EVENTS = frozenset({"before_execute", "before_cursor_execute"})


@dataclass
class ExceptionContext:
    """What ``handle_error`` listeners receive about a failed execution.

    A listener may return (or raise) another exception to raise instead, and may set
    ``is_disconnect`` / ``invalidate_pool_on_disconnect`` to change how the pool reacts.
    """

    connection: Any
    engine: Any
    dialect: Any
    cursor: Any
    statement: str | None
    parameters: Any
    original_exception: BaseException
    sqlalchemy_exception: BaseException | None
    execution_context: Any
    is_disconnect: bool
    invalidate_pool_on_disconnect: bool = True
    chained_exception: BaseException | None = None
    is_pre_ping: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
