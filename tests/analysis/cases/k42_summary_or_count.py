# expect: ORM1 at 47
# why: shows() returns a count in one branch and a sliced query in the other; the loop iterates the query's shows and reads the lazy Show.aliases of each.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Show(Base):
    __tablename__ = "k42_shows"
    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False)
    aliases = relationship("Alias", backref="show")


class Alias(Base):
    __tablename__ = "k42_aliases"
    id = Column(Integer, primary_key=True)
    show_id = Column(Integer, ForeignKey("k42_shows.id"))
    text = Column(String(80))


def shows(session, count=False, name=None, start=None, stop=None):
    query = session.query(Show)
    if name:
        query = query.filter(Show.name == name)
    if count:
        return query.count()
    query = query.order_by(Show.name)
    return query.slice(start, stop)


def first_show(session, name):
    if not name:
        return None
    return session.query(Show).filter(Show.name == name).first()


def listing(session):
    total = shows(session, count=True)
    first = first_show(session, "s0")
    out = {"total": total, "first": first.name if first else None, "items": []}
    for show in shows(session, start=0, stop=50):
        out["items"].append({
            "name": show.name,
            "aliases": [a.text for a in show.aliases],
        })
    return out


run = listing


def seed(session, n):
    for i in range(n):
        session.add(Show(name=f"s{i}", aliases=[Alias(text=f"a{i}"), Alias(text=f"b{i}")]))
