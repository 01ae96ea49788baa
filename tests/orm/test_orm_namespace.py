"""``orm.orm`` mirrors ``sqlalchemy.orm``: code written for SQLAlchemy runs with ``sqlalchemy``
replaced by ``orm`` in its imports (``from orm.orm import Session``, ``import orm as sa;
sa.orm.Session``, ``from orm.orm.attributes import flag_modified``).

SQLAlchemy is imported only to read its list of public names.  ``EXCLUDED`` holds names we do not
mean to provide (each with its reason); ``PENDING`` names we mean to provide but do not yet: they
run as strict xfails, so a name that arrives makes the run fail until its entry is removed.
"""
from __future__ import annotations

import importlib
import types
import typing

import pytest

import orm

sa_orm = pytest.importorskip("sqlalchemy.orm")

# sqlalchemy.orm's submodules that hold its implementation; users import by path only the ones
# mirrored in SUBMODULES below, the rest are SQLAlchemy's internal layout (ours differs: orm/mapping,
# orm/session), so mirroring them would only freeze their layout into ours.
INTERNAL_SUBMODULES = {
    "bulk_persistence", "clsregistry", "context", "decl_base", "dependency", "descriptor_props", "dynamic",
    "evaluator", "identity", "instrumentation", "loading", "mapperlib", "path_registry", "persistence",
    "state", "state_changes", "strategies", "sync", "unitofwork", "writeonly",
}

EXCLUDED: dict[str, str] = {
    # typing-only protocols and markers: they describe SQLAlchemy's internal typing, no runtime role
    "MappedClassProtocol": "typing protocol of SQLAlchemy's stubs",
    "SQLORMExpression": "typing protocol of SQLAlchemy's stubs",
    "ORMDescriptor": "typing alias of SQLAlchemy's stubs",
    # internals that leak through sqlalchemy.orm's namespace but are only ever built by SQLAlchemy
    "QueryContext": "internal state of a legacy Query's load",
    "UOWTransaction": "internal: SQLAlchemy's flush; ours is orm.session.unitofwork",
    "SessionTransactionOrigin": "internal enum of SessionTransaction._origin",
    "AttributeEventToken": "internal: the 'initiator' argument's class; ours is orm.session.events.Initiator",
    # removed in 2.0 (calling it raises in SQLAlchemy too)
    "mapper": "legacy classical mapper(): removed in SQLAlchemy 2.0, use registry.map_imperatively",
    "contains_alias": "deprecated since 1.4, no effect in 2.0 statements",
    "AliasOption": "the option class of the deprecated contains_alias()",
}

# names we mean to provide: strict xfails, removed from here as they are implemented
PENDING: dict[str, str] = {
    "QueryPropertyDescriptor": "not implemented yet",
    "orm_insert_sentinel": "not implemented yet",
}

_MISSING = object()


def _sa_public_names() -> list[str]:
    out = []
    for n in dir(sa_orm):
        if n.startswith("_"):
            continue
        obj = getattr(sa_orm, n)
        if isinstance(obj, types.ModuleType) or getattr(typing, n, _MISSING) is obj:
            continue
        out.append(n)
    return out


def _cases() -> list[object]:
    cases: list[object] = []
    for name in sorted(_sa_public_names()):
        if name in EXCLUDED:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=PENDING[name])] if name in PENDING else []
        cases.append(pytest.param(name, id=name, marks=marks))
    return cases


@pytest.mark.parametrize("name", _cases())
def test_sqlalchemy_orm_name_exists_on_orm_orm(name: str) -> None:
    import orm.orm

    assert hasattr(orm.orm, name), f"orm.orm lacks {name}"


def test_lists_name_real_sqlalchemy_names() -> None:
    names = set(dir(sa_orm))
    for name in list(EXCLUDED) + list(PENDING):
        assert name in names, name
    assert not set(EXCLUDED) & set(PENDING)


def test_orm_orm_is_an_attribute_of_orm() -> None:
    import orm as sa  # the idiom of SQLAlchemy code: import sqlalchemy as sa; sa.orm.Session

    assert sa.orm.Session is orm.Session
    assert sa.orm.relationship is orm.relationship
    assert sa.orm.exc.NoResultFound is orm.exc.NoResultFound
    assert sa.orm.attributes.flag_modified is orm.flag_modified


# submodules users import by path -> names that must be there, the same objects as orm's own
SUBMODULES: dict[str, list[str]] = {
    "exc": ["NoResultFound", "MultipleResultsFound", "DetachedInstanceError", "ObjectDeletedError",
            "StaleDataError", "FlushError", "UnmappedInstanceError", "UnmappedClassError",
            "ObjectDereferencedError", "NO_STATE"],
    "attributes": ["flag_modified", "flag_dirty", "set_committed_value", "get_history", "InstrumentedAttribute",
                   "QueryableAttribute", "instance_state", "instance_dict", "set_attribute", "get_attribute",
                   "del_attribute", "init_collection", "History", "NO_VALUE", "PASSIVE_OFF",
                   "PASSIVE_NO_INITIALIZE", "manager_of_class"],
    "collections": ["attribute_keyed_dict", "attribute_mapped_collection", "column_keyed_dict",
                    "column_mapped_collection", "mapped_collection", "keyfunc_mapping", "collection",
                    "InstrumentedList", "InstrumentedSet", "KeyFuncDict", "MappedCollection"],
    "session": ["Session", "sessionmaker", "object_session", "make_transient", "make_transient_to_detached",
                "close_all_sessions", "SessionTransaction", "ORMExecuteState"],
    "query": ["Query"],
    "decl_api": ["DeclarativeBase", "DeclarativeBaseNoMeta", "DeclarativeMeta", "declarative_base",
                 "declared_attr", "registry", "as_declarative", "mapped_column", "Mapped"],
    "relationships": ["RelationshipProperty", "Relationship", "foreign", "remote", "RelationshipDirection"],
    "strategy_options": ["Load", "selectinload", "joinedload", "load_only", "defer", "undefer"],
    "scoping": ["scoped_session"],
    "events": ["InstanceEvents", "MapperEvents", "SessionEvents", "AttributeEvents", "QueryEvents",
               "InstrumentationEvents"],
    "properties": ["ColumnProperty", "MapperProperty", "RelationshipProperty", "SynonymProperty"],
    "interfaces": ["MapperProperty", "InspectionAttr", "InspectionAttrInfo", "EXT_CONTINUE", "EXT_STOP",
                   "EXT_SKIP", "NO_KEY", "UserDefinedOption"],
    "util": ["object_mapper", "class_mapper", "identity_key", "was_deleted",
             "has_identity", "AliasedClass", "AliasedInsp", "Bundle"],
    "base": ["NO_VALUE", "PassiveFlag", "LoaderCallableStatus", "InspectionAttr", "object_state",
             "class_mapper", "object_mapper", "MANYTOONE", "ONETOMANY", "MANYTOMANY"],
}


@pytest.mark.parametrize("sub", sorted(SUBMODULES))
def test_submodule_names(sub: str) -> None:
    mod = importlib.import_module(f"orm.orm.{sub}")
    sa_mod = importlib.import_module(f"sqlalchemy.orm.{sub}")
    for name in SUBMODULES[sub]:
        assert hasattr(sa_mod, name), f"test list is wrong: sqlalchemy.orm.{sub} has no {name}"
        assert hasattr(mod, name), f"orm.orm.{sub} lacks {name}"
        # one object under every path: orm.orm.X.name is the flat orm.orm.name when both exist
        flat = getattr(orm.orm, name, None)
        if flat is not None and not isinstance(flat, types.ModuleType):
            assert getattr(mod, name) is flat, f"orm.orm.{sub}.{name} is not orm.orm.{name}"
    assert sub not in INTERNAL_SUBMODULES


def test_extension_modules_import() -> None:
    for path, names in {
        "orm.ext.declarative": ["declarative_base", "declared_attr"],
        "orm.ext.hybrid": ["hybrid_property", "hybrid_method"],
        "orm.ext.asyncio": ["AsyncSession", "create_async_engine", "async_sessionmaker"],
        "orm.ext.compiler": ["compiles", "deregister"],
        "orm.ext.mutable": ["Mutable", "MutableBase", "MutableDict", "MutableList", "MutableSet"],
    }.items():
        mod = importlib.import_module(path)
        for name in names:
            assert hasattr(mod, name), f"{path} lacks {name}"


def test_identity_key_and_passive_flags() -> None:
    from orm.orm.attributes import PASSIVE_NO_INITIALIZE, PASSIVE_OFF, PassiveFlag
    from orm.orm.util import identity_key

    class Base(orm.orm.DeclarativeBase):
        pass

    class Thing(Base):
        __tablename__ = "ns_thing"
        id: orm.orm.Mapped[int] = orm.orm.mapped_column(primary_key=True)

    assert identity_key(Thing, 5) == (Thing, (5,), None)
    assert PASSIVE_OFF & PassiveFlag.SQL_OK and not PASSIVE_NO_INITIALIZE & PassiveFlag.CALLABLES_OK
    manager = orm.orm.attributes.manager_of_class(Thing)
    assert manager["id"] is Thing.id and manager.mapper is orm.inspect(Thing)
    with pytest.raises(orm.exc.UnmappedClassError):
        orm.orm.attributes.manager_of_class(int)
