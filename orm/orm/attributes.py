"""``sqlalchemy.orm.attributes``: instrumented attributes and the functions that read or change
an object's attribute state directly.

Example::

    from orm.orm.attributes import flag_modified, get_history

    user.data["k"] = 1            # a mutation the ORM cannot see
    flag_modified(user, "data")   # so the next flush writes the column
"""
from __future__ import annotations

from orm.mapping.attributes import InstrumentedAttribute, QueryableAttribute
from orm.mapping.base import Mapped
from orm.mapping.state import History
from orm.session.attributes_api import (
    del_attribute,
    flag_dirty,
    flag_modified,
    get_attribute,
    get_history,
    init_collection,
    instance_dict,
    instance_state,
    set_attribute,
    set_committed_value,
)

from .base import *  # noqa: F401,F403 - the PASSIVE_* flags, NO_VALUE, NEVER_SET, ... live here too
from .base import LoaderCallableStatus, PassiveFlag, instance_str, manager_of_class, opt_manager_of_class, state_str

HISTORY_BLANK = History((), (), ())


def get_state_history(state, key, passive=PassiveFlag.PASSIVE_OFF):  # type: ignore[no-untyped-def]
    """The :class:`History` of attribute ``key`` of an :class:`InstanceState`."""
    obj = state.obj()
    return get_history(obj, key)



__all__ = [
    "HISTORY_BLANK", "History", "InstrumentedAttribute", "LoaderCallableStatus", "Mapped", "PassiveFlag",
    "QueryableAttribute", "del_attribute", "flag_dirty", "flag_modified", "get_attribute", "get_history",
    "get_state_history", "init_collection", "instance_dict", "instance_state", "instance_str",
    "manager_of_class", "opt_manager_of_class", "set_attribute", "set_committed_value", "state_str",
]
