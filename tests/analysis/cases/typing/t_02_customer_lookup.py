# expect: ORM2 at 40
# why: Customer has email_address (mapped to the column "email"), not emial; filter_by after join() targets Address, which has city.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False)
    email_address = Column("email", String(120))
    addresses = relationship("Address", back_populates="customer")


class Address(Base):
    __tablename__ = "addresses"

    id = Column(Integer, primary_key=True)
    city = Column(String(60))
    customer_id = Column(Integer, ForeignKey("customers.id"))
    customer = relationship("Customer", back_populates="addresses")


def seed(session: Session) -> None:
    alice = Customer(name="alice", email_address="alice@example.com")
    alice.addresses.append(Address(city="Lyon"))
    session.add(alice)


def customers_in(session: Session, city: str = "Lyon"):
    return session.query(Customer).join(Customer.addresses).filter_by(city=city).all()


def by_email(session: Session, email: str = "alice@example.com"):
    query = session.query(Customer)
    return query.filter_by(emial=email).first()


def by_name(session: Session, name: str = "alice"):
    return session.query(Customer).filter_by(name=name).one_or_none()
