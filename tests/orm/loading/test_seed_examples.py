"""The loading and query examples of the seeds (seed 003 "Querying with ORM", "Eager Loading",
"Identifying and Resolving N+1"; seed 001's contains_eager and dynamic relationship examples),
re-indented, with only ``sqlalchemy`` -> ``orm`` in their imports, on the three databases."""
from __future__ import annotations

import os
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from tests.conftest import BACKENDS, backend_url
from loading_models import StatementLog


def _seed_models(prefix: str) -> SimpleNamespace:
    # seed 003, "Defining Models and Relationships" (table names prefixed for the shared servers)
    from orm import Column, ForeignKey, Integer, String
    from orm.ext.declarative import declarative_base
    from orm import relationship

    Base = declarative_base()

    class User(Base):
        __tablename__ = f"{prefix}users"

        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        fullname = Column(String(50))
        email = Column(String(50))

        def __repr__(self) -> str:
            return f"<User(name='{self.name}', fullname='{self.fullname}', email='{self.email}')>"

    class Address(Base):
        __tablename__ = f"{prefix}addresses"

        id = Column(Integer, primary_key=True)
        email_address = Column(String(50), nullable=False)
        user_id = Column(Integer, ForeignKey(f"{prefix}users.id"))

        user = relationship("User", back_populates="addresses")

    User.addresses = relationship("Address", order_by=Address.id, back_populates="user")
    User.mails = relationship("Address", lazy="dynamic", viewonly=True, order_by=Address.id)
    return SimpleNamespace(Base=Base, User=User, Address=Address)


@pytest.fixture(scope="module", params=BACKENDS)
def seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from orm import create_engine
    from orm import sessionmaker

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    m = _seed_models(f"ld_seed_{worker}_")
    engine = create_engine(backend_url(request.param, tmp_path_factory))
    m.Base.metadata.drop_all(engine)
    m.Base.metadata.create_all(engine)
    Session = sessionmaker(bind=engine)
    session = Session()
    for name, mails in [("ed", ["ed@example.com"]), ("wendy", ["wendy@gmail.com", "w2@example.com", "w3@gmail.com"]),
                        ("mary", ["mary@gmail.com", "m2@example.com"])]:
        u = m.User(name=name, fullname=name.title() + " Jones", email=mails[0])
        u.addresses = [m.Address(email_address=a) for a in mails]
        session.add(u)
    session.commit()
    session.close()
    yield SimpleNamespace(m=m, engine=engine, Session=Session, log=StatementLog(engine))
    m.Base.metadata.drop_all(engine)
    engine.dispose()


def test_querying_with_orm(seed: Any) -> None:
    from orm import func

    User, Address = seed.m.User, seed.m.Address
    session = seed.Session()
    # 1. Basic Queries
    users = session.query(User).all()
    assert len(users) == 3
    users = session.query(User).filter_by(name='ed').all()
    assert [u.fullname for u in users] == ["Ed Jones"]
    users = session.query(User).filter(User.name.like('ed%')).all()
    assert len(users) == 1
    # 2. Ordering Results
    users = session.query(User).order_by(User.name).all()
    assert [u.name for u in users] == ["ed", "mary", "wendy"]
    # 3. Limiting Results
    users = session.query(User).limit(5).all()
    assert len(users) == 3
    # 4. Joins
    results = session.query(User, Address).join(Address).all()
    assert len(results) == 6
    # 5. Aggregations
    user_count = session.query(func.count(User.id)).scalar()
    assert user_count == 3
    user_with_most_addresses = session.query(User, func.count(Address.id).label('address_count')).\
        join(Address).\
        group_by(User).\
        order_by(func.count(Address.id).desc()).\
        first()
    assert user_with_most_addresses[0].name == "wendy" and user_with_most_addresses.address_count == 3
    # 6. Subqueries (func.count() rather than the seed's count('*'): a bare string bind has no
    # type on PostgreSQL)
    address_count = session.query(Address.user_id, func.count().label('address_count')).\
        group_by(Address.user_id).\
        subquery()
    users = session.query(User).\
        join(address_count, User.id == address_count.c.user_id).\
        filter(address_count.c.address_count > 2).\
        all()
    assert [u.name for u in users] == ["wendy"]
    session.close()


def test_eager_loading_resolves_n_plus_one(seed: Any) -> None:
    from orm import joinedload, selectinload, subqueryload

    User, log = seed.m.User, seed.log
    counts = {}
    for name, opts in [("lazy", ()), ("joined", (joinedload(User.addresses),)),
                       ("subquery", (subqueryload(User.addresses),)),
                       ("selectin", (selectinload(User.addresses),))]:
        session = seed.Session()
        log.clear()
        users = session.query(User).options(*opts).all()
        for user in users:
            print(user.addresses)  # the seed's loop body
        counts[name] = log.count
        session.close()
    assert counts == {"lazy": 4, "joined": 1, "subquery": 2, "selectin": 2}


def test_contains_eager_and_dynamic_examples(seed: Any) -> None:
    from orm import contains_eager, joinedload

    User, Address = seed.m.User, seed.m.Address
    session = seed.Session()
    q = session.query(User, Address).join(User.addresses).filter(
        Address.email_address.endswith("@gmail.com")).options(contains_eager(User.addresses))
    rows = q.all()
    assert sorted(a.email_address for _, a in rows) == ["mary@gmail.com", "w3@gmail.com", "wendy@gmail.com"]
    wendy = next(u for u, _ in rows if u.name == "wendy")
    assert [a.email_address for a in wendy.addresses] == ["wendy@gmail.com", "w3@gmail.com"]  # only the joined ones
    session.close()
    session = seed.Session()
    user = session.query(User).options(joinedload(User.addresses)).filter_by(name="mary").one()
    assert len(user.addresses) == 2
    addresses = session.get(User, user.id).mails.filter(Address.email_address.endswith("@gmail.com")).all()
    assert [a.email_address for a in addresses] == ["mary@gmail.com"]
    session.close()
