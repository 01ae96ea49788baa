"""``sqlalchemy.orm.base``'s names: flags and markers the ORM's attribute system speaks in.

Example::

    from orm.orm.base import NO_VALUE, PassiveFlag, object_state
"""
from __future__ import annotations

import enum
from typing import Any

from orm.mapping.base import MANYTOMANY, MANYTOONE, ONETOMANY, Mapped, RelationshipDirection, class_mapper, object_mapper
from orm.mapping.state import NO_VALUE, instance_state


class LoaderCallableStatus(enum.Enum):
    """Results a loader callable may give instead of a value (SQLAlchemy's names)."""

    PASSIVE_NO_RESULT = 0
    PASSIVE_CLASS_MISMATCH = 1
    ATTR_WAS_SET = 2
    ATTR_EMPTY = 3
    NO_VALUE = 4
    NEVER_SET = NO_VALUE


class PassiveFlag(enum.IntFlag):
    """How far an attribute read may go to get a value (bit flags, combinable with ``|``).

    Our attribute system loads lazily or not at all, so these are accepted where user code
    passes them (``get_history(obj, "x", passive=PASSIVE_NO_INITIALIZE)``) and compared by value.
    """

    NO_CHANGE = 0
    CALLABLES_OK = 1
    SQL_OK = 2
    RELATED_OBJECT_OK = 4
    INIT_OK = 8
    NON_PERSISTENT_OK = 16
    LOAD_AGAINST_COMMITTED = 32
    NO_AUTOFLUSH = 64
    NO_RAISE = 128
    DEFERRED_HISTORY_LOAD = 256
    INCLUDE_PENDING_MUTATIONS = 512
    PASSIVE_OFF = CALLABLES_OK | SQL_OK | RELATED_OBJECT_OK | INIT_OK | NON_PERSISTENT_OK
    PASSIVE_RETURN_NO_VALUE = PASSIVE_OFF ^ INIT_OK
    PASSIVE_NO_INITIALIZE = PASSIVE_RETURN_NO_VALUE ^ CALLABLES_OK
    PASSIVE_NO_FETCH = PASSIVE_OFF ^ SQL_OK
    PASSIVE_NO_FETCH_RELATED = PASSIVE_OFF ^ RELATED_OBJECT_OK
    PASSIVE_ONLY_PERSISTENT = PASSIVE_OFF ^ NON_PERSISTENT_OK
    PASSIVE_MERGE = PASSIVE_OFF | NO_RAISE


globals().update(PassiveFlag.__members__)
PASSIVE_NO_RESULT = LoaderCallableStatus.PASSIVE_NO_RESULT
PASSIVE_CLASS_MISMATCH = LoaderCallableStatus.PASSIVE_CLASS_MISMATCH
ATTR_WAS_SET = LoaderCallableStatus.ATTR_WAS_SET
ATTR_EMPTY = LoaderCallableStatus.ATTR_EMPTY
NEVER_SET = NO_VALUE


class EventConstants(enum.Enum):
    """Return values of legacy mapper extensions (kept for code that still names them)."""

    EXT_CONTINUE = 1
    EXT_STOP = 2
    EXT_SKIP = 3
    NO_KEY = 4  # a collection event on a dict collection whose key is not known


EXT_CONTINUE, EXT_STOP, EXT_SKIP, NO_KEY = (EventConstants.EXT_CONTINUE, EventConstants.EXT_STOP,
                                            EventConstants.EXT_SKIP, EventConstants.NO_KEY)


class InspectionAttrExtensionType(enum.Enum):
    """Kind of an extension attribute (``hybrid_property``, ``association_proxy``)."""


class NotExtension(InspectionAttrExtensionType):
    NOT_EXTENSION = "not_extension"


class InspectionAttr:
    """Base of what ``inspect()`` returns for ORM things; the ``is_*`` flags say which kind.

    Example::

        insp = inspect(User)
        assert insp.is_mapper and not insp.is_aliased_class
    """

    __slots__: tuple[str, ...] = ()
    is_selectable = False
    is_aliased_class = False
    is_instance = False
    is_mapper = False
    is_bundle = False
    is_property = False
    is_attribute = False
    is_clause_element = False
    extension_type: Any = NotExtension.NOT_EXTENSION


class InspectionAttrInfo(InspectionAttr):
    """An :class:`InspectionAttr` with an ``info`` dictionary for user data."""

    __slots__ = ()

    @property
    def info(self) -> dict[str, Any]:
        try:
            return self.__dict__["_info"]  # type: ignore[no-any-return]
        except KeyError:
            return self.__dict__.setdefault("_info", {})  # type: ignore[no-any-return]


def object_state(instance: Any) -> Any:
    """The :class:`InstanceState` of a mapped object (raises ``UnmappedInstanceError``)."""
    from orm.exc import UnmappedInstanceError

    try:
        return instance_state(instance)
    except Exception as err:  # not instrumented
        raise UnmappedInstanceError(instance) from err


def state_str(state: Any) -> str:
    """``<User at 0x...>`` for messages."""
    obj = state.obj() if state is not None else None
    return "None" if obj is None else f"<{type(obj).__name__} at 0x{id(obj):x}>"


def instance_str(instance: Any) -> str:
    return f"<{type(instance).__name__} at 0x{id(instance):x}>"


def manager_of_class(cls: Any) -> Any:
    """The instrumentation manager of a mapped class (our :class:`ClassManager`)."""
    from .instrumentation import ClassManager

    return ClassManager.of(cls)


def opt_manager_of_class(cls: Any) -> Any:
    try:
        return manager_of_class(cls)
    except Exception:
        return None


__all__ = [
    "ATTR_EMPTY", "ATTR_WAS_SET", "EXT_CONTINUE", "EXT_SKIP", "EXT_STOP", "EventConstants", "InspectionAttr",
    "InspectionAttrExtensionType", "InspectionAttrInfo", "LoaderCallableStatus", "MANYTOMANY", "MANYTOONE",
    "Mapped", "NEVER_SET", "NO_KEY", "NO_VALUE", "NotExtension", "ONETOMANY", "PASSIVE_CLASS_MISMATCH",
    "PASSIVE_NO_RESULT", "PassiveFlag", "RelationshipDirection", "class_mapper", "instance_str",
    "manager_of_class", "object_mapper", "object_state", "opt_manager_of_class", "state_str",
    *PassiveFlag.__members__,
]
