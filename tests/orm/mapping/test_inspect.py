"""inspect(MappedClass) -> Mapper; inspect(instance) -> InstanceState."""
from __future__ import annotations

import pytest

from orm import Column, ForeignKey, Integer, String, exc, inspect
from orm.mapping import InstanceState, Mapper, declarative_base, relationship


def test_inspect_class_and_instance():
    Base = declarative_base()

    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        name = Column(String)
        addresses = relationship("Address", back_populates="user")

    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        user = relationship("User", back_populates="addresses")

    m = inspect(User)
    assert isinstance(m, Mapper) and m is User.__mapper__
    assert m.class_ is User and m.local_table is User.__table__
    assert m.primary_key == (User.__table__.c.id,)
    assert list(m.columns.keys()) == ["id", "name"] and m.c.name is User.__table__.c.name
    assert [p.key for p in m.column_attrs] == ["id", "name"]
    assert [r.key for r in m.relationships] == ["addresses"]
    assert m.relationships.addresses.mapper is inspect(Address)
    assert inspect(User.name) is User.name
    u = User(name="ed")
    st = inspect(u)
    assert isinstance(st, InstanceState) and st is inspect(u)
    assert st.transient and not st.pending and not st.persistent and not st.detached
    assert st.object is u and st.mapper is m and st.identity is None
    assert u.__dict__["_sa_instance_state"] is st


def test_inspect_unmapped():
    Base = declarative_base()
    with pytest.raises(exc.NoInspectionAvailable):
        inspect(Base)
    with pytest.raises(exc.NoInspectionAvailable):
        inspect(object())
    assert inspect(5, raiseerr=False) is None
