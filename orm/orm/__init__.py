"""``orm.orm``: the mirror of ``sqlalchemy.orm``, so code written for SQLAlchemy runs with only
``sqlalchemy`` replaced by ``orm`` in its imports.

The same objects as the flat ``orm`` namespace (``orm.orm.Session is orm.Session``); the submodules
users import by path (``orm.orm.attributes``, ``orm.orm.collections``, ``orm.orm.exc``, ...) mirror
theirs in ``sqlalchemy.orm``.

Example::

    from orm.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session
    from orm.orm.attributes import flag_modified

    import orm as sa
    session = sa.orm.Session(engine)
"""
from __future__ import annotations

from orm.mapping import *  # noqa: F401,F403
from orm.mapping import __all__ as _mapping_all
from orm.session import *  # noqa: F401,F403
from orm.session import __all__ as _session_all

# submodules, bound as attributes like sqlalchemy.orm's (sa.orm.exc.NoResultFound)
from . import (  # noqa: E402
    attributes,
    base,
    collections,
    decl_api,
    events,
    exc,
    instrumentation,
    interfaces,
    properties,
    query,
    relationships,
    scoping,
    session,
    strategy_options,
    util,
)
from .base import (  # noqa: E402
    EXT_CONTINUE,
    EXT_SKIP,
    EXT_STOP,
    NO_KEY,
    NO_VALUE,
    InspectionAttr,
    InspectionAttrExtensionType,
    InspectionAttrInfo,
    LoaderCallableStatus,
    NotExtension,
    PassiveFlag,
    object_state,
)
from .events import (  # noqa: E402
    AttributeEvents,
    InstanceEvents,
    InstrumentationEvents,
    MapperEvents,
    QueryEvents,
    SessionEvents,
)
from .instrumentation import ClassManager  # noqa: E402
from .interfaces import MapperProperty  # noqa: E402
from .properties import MappedSQLExpression  # noqa: E402
from .relationships import Relationship  # noqa: E402
from .util import has_identity, identity_key, was_deleted  # noqa: E402

__all__ = sorted(set(_mapping_all) | set(_session_all) | {
    "AttributeEvents", "ClassManager", "EXT_CONTINUE", "EXT_SKIP", "EXT_STOP", "InspectionAttr",
    "InspectionAttrExtensionType", "InspectionAttrInfo", "InstanceEvents", "InstrumentationEvents",
    "LoaderCallableStatus", "MappedSQLExpression", "MapperEvents", "MapperProperty", "NO_KEY", "NO_VALUE",
    "NotExtension", "PassiveFlag", "QueryEvents", "Relationship", "SessionEvents", "has_identity",
    "identity_key", "object_state", "was_deleted",
})

# -- features of sqlalchemy.orm that orm adds here (each in its own module) --
from orm.mapping.loader_criteria import LoaderCriteriaOption, with_loader_criteria  # noqa: E402

__all__ += ["LoaderCriteriaOption", "with_loader_criteria"]
from orm.mapping.decl_helpers import (  # noqa: E402
    Synonym,
    add_mapped_attribute,
    create_session,
    declarative_mixin,
    dynamic_loader,
    has_inherited_table,
    reconstructor,
    synonym_for,
)

__all__ += ["Synonym", "add_mapped_attribute", "create_session", "declarative_mixin", "dynamic_loader",
            "has_inherited_table", "reconstructor", "synonym_for"]
from orm.mapping.composite import Composite, CompositeProperty, composite  # noqa: E402

__all__ += ["Composite", "CompositeProperty", "composite"]
from orm.mapping.loader_annotations import DynamicMapped, WriteOnlyMapped  # noqa: E402
from orm.mapping.with_parent import with_parent  # noqa: E402


def clear_mappers() -> None:
    """Remove every mapping of every registry: the classes become plain classes again (tests
    that map the same classes repeatedly).  Example: ``clear_mappers()``."""
    from orm.mapping import mapper as _mapper_mod

    for reg in list(_mapper_mod._registries):
        reg.dispose()


__all__ += ["DynamicMapped", "WriteOnlyMapped", "clear_mappers", "with_parent"]

# sqlalchemy.orm's join()/outerjoin() (relationship ON clauses); the flat ``orm`` namespace keeps
# the Core ones, as ``sqlalchemy`` does
from orm.mapping.orm_join import join, outerjoin  # noqa: E402

__all__ += ["join", "outerjoin"]

# cached results merged back into a Session (dogpile.cache); sqlalchemy.orm has them, sqlalchemy not
from orm.session.merge import merge_frozen_result, merge_result  # noqa: E402

__all__ += ["merge_frozen_result", "merge_result"]
