"""The Session layer: unit of work, identity map, transactions, loading.

Example::

    from orm import Session, sessionmaker

    Session = sessionmaker(bind=engine)
    with Session.begin() as session:
        session.add(User(name="ed"))
"""
from __future__ import annotations

from orm.mapping.attributes import InstrumentedAttribute, QueryableAttribute
from orm.mapping.collections import (
    InstrumentedList,
    InstrumentedSet,
    KeyFuncDict,
    MappedCollection,
    attribute_keyed_dict,
    attribute_mapped_collection,
    column_keyed_dict,
    column_mapped_collection,
    keyfunc_mapping,
    mapped_collection,
)
from orm.mapping.state import AttributeState, History, InstanceState

from . import events as _events  # noqa: F401 - registers the ORM event targets
from .attributes_api import (
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
from .identity import IdentityMap
from .orm_execute import ORMExecuteState, UserDefinedOption
from .session import (
    IdentitySet,
    Session,
    SessionTransaction,
    close_all_sessions,
    make_transient,
    make_transient_to_detached,
    object_session,
    sessionmaker,
)
from .scoping import scoped_session

# the read side (H1b): loader options, legacy Query, dynamic relationships
from . import strategies as _strategies  # noqa: F401 - installs each relationship's loader
from .bundle import Bundle
from .dynamic import AppenderQuery, WriteOnlyCollection
from .from_statement import FromStatement
from .query import Query
from .strategy_options import (
    Load,
    contains_eager,
    defaultload,
    defer,
    immediateload,
    joinedload,
    lazyload,
    load_only,
    noload,
    raiseload,
    selectin_polymorphic,
    selectinload,
    subqueryload,
    undefer,
    undefer_group,
    with_expression,
)

__all__ = [
    "AttributeState", "History", "IdentityMap", "IdentitySet", "InstanceState", "InstrumentedAttribute",
    "InstrumentedList", "InstrumentedSet", "KeyFuncDict", "MappedCollection", "QueryableAttribute",
    "Session", "SessionTransaction", "attribute_keyed_dict", "attribute_mapped_collection",
    "close_all_sessions", "column_keyed_dict", "column_mapped_collection", "del_attribute", "flag_dirty",
    "flag_modified", "get_attribute", "get_history", "init_collection", "instance_dict", "instance_state",
    "keyfunc_mapping", "make_transient", "make_transient_to_detached", "mapped_collection",
    "object_session", "scoped_session", "sessionmaker", "set_attribute", "set_committed_value",
    "ORMExecuteState", "UserDefinedOption",
]
__all__ += [
    "AppenderQuery", "Bundle", "FromStatement", "Load", "Query", "WriteOnlyCollection", "contains_eager",
    "defaultload", "defer", "immediateload", "joinedload", "lazyload", "load_only", "noload", "raiseload", "selectin_polymorphic",
    "selectinload", "subqueryload", "undefer", "undefer_group", "with_expression",
]
