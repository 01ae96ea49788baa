# expect: ORM1 at 28
# why: raiseload(Property.agent) forbids the lazy load; reading property.agent in the loop raises.

from sqlalchemy import Column, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import declarative_base, raiseload, relationship

Base = declarative_base()


class Agent(Base):
    __tablename__ = "agents"
    id = Column(Integer, primary_key=True)
    name = Column(String(80))


class Property(Base):
    __tablename__ = "properties"
    id = Column(Integer, primary_key=True)
    address = Column(String(200))
    price = Column(Numeric(12, 2))
    agent_id = Column(Integer, ForeignKey("agents.id"))
    agent = relationship(Agent)


def listings(session):
    rows = []
    for prop in session.query(Property).options(raiseload(Property.agent)).order_by(Property.id):
        rows.append((prop.address, prop.agent.name))
    return rows


run = listings


def seed(session, n):
    for i in range(n):
        session.add(Property(address=f"a{i}", price=1, agent=Agent(name=f"g{i}")))
