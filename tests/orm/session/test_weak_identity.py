"""The weak identity map: objects nobody references leave the Session (garbage collected, without
waiting for the cycle collector when they are in no cycle), objects with unflushed changes --
new, dirty, deleted -- stay until the flush, and loading with ``yield_per`` keeps memory flat --
on sqlite, postgresql and mysql."""
from __future__ import annotations

import gc
import tracemalloc
import weakref
from types import SimpleNamespace
from typing import Any, Iterator

import pytest

from orm import Column, ForeignKey, Integer, Session, String, declarative_base, insert, inspect, relationship, select

from backend_tables import SQLLog, empty_tables, module_database


def _models(p: str) -> SimpleNamespace:
    Base: Any = declarative_base()

    class Person(Base):
        __tablename__ = p + "people"
        id = Column(Integer, primary_key=True)
        name = Column(String(40))
        pets = relationship("Pet", back_populates="owner")

    class Pet(Base):
        __tablename__ = p + "pets"
        id = Column(Integer, primary_key=True)
        owner_id = Column(ForeignKey(f"{p}people.id"))
        name = Column(String(40))
        owner = relationship(Person, back_populates="pets")

    return SimpleNamespace(Base=Base, Person=Person, Pet=Pet)


database = module_database(_models)


@pytest.fixture
def db(database: SimpleNamespace) -> Iterator[SimpleNamespace]:
    empty_tables(database.engine, database.m)
    with database.engine.begin() as conn:
        conn.execute(insert(database.m.Person.__table__), [{"id": i, "name": f"p{i}"} for i in range(1, 11)])
        conn.execute(insert(database.m.Pet.__table__), [{"id": i, "owner_id": 1, "name": f"pet{i}"}
                                                        for i in range(1, 4)])
    log = SQLLog(database.engine)
    try:
        yield SimpleNamespace(m=database.m, engine=database.engine, backend=database.backend, log=log)
    finally:
        log.close()


def test_unreferenced_clean_objects_leave_the_session(db: Any) -> None:
    Person = db.m.Person
    with Session(db.engine) as s:
        people = s.scalars(select(Person)).all()
        refs = [weakref.ref(p) for p in people]
        assert len(s.identity_map) == 10
        gc.disable()  # no cycle: freed by reference counting alone
        try:
            del people
            assert all(r() is None for r in refs)
            assert len(s.identity_map) == 0 and list(s) == []
        finally:
            gc.enable()
        # loading them again makes new objects (a SELECT), and the Session works as before
        db.log.clear()
        p3 = s.get(Person, 3)
        assert p3.name == "p3" and len(db.log.sql) == 1


def test_objects_in_cycles_go_with_the_cycle_collector(db: Any) -> None:
    Person = db.m.Person
    with Session(db.engine) as s:
        owner = s.get(Person, 1)
        pets = owner.pets  # owner <-> pets refer to each other
        refs = [weakref.ref(owner)] + [weakref.ref(p) for p in pets]
        del owner, pets
        gc.collect()
        assert all(r() is None for r in refs) and len(s.identity_map) == 0


def test_dirty_objects_are_held_until_the_flush(db: Any) -> None:
    Person = db.m.Person
    with Session(db.engine) as s:
        p = s.get(Person, 2)
        p.name = "changed"
        ref = weakref.ref(p)
        del p
        gc.collect()
        assert ref() is not None and ref() in s.dirty  # its change is not lost
        s.flush()
        gc.collect()
        assert ref() is None  # written and clean: free to go
        s.commit()
    with db.engine.connect() as conn:
        assert conn.execute(select(Person.name).where(Person.id == 2)).scalar() == "changed"


def test_new_and_deleted_objects_are_held_until_the_flush(db: Any) -> None:
    Person = db.m.Person
    with Session(db.engine) as s:
        s.delete(s.get(Person, 3))
        s.add(Person(id=50, name="fresh"))
        gc.collect()
        assert len(s.new) == 1 and len(s.deleted) == 1
        s.commit()
    with db.engine.connect() as conn:
        names = dict(conn.execute(select(Person.id, Person.name)).all())
    assert names[50] == "fresh" and 3 not in names


def test_rollback_after_objects_were_collected(db: Any) -> None:
    Person = db.m.Person
    with Session(db.engine) as s:
        p = s.get(Person, 4)
        p.name = "tmp"
        s.add(Person(id=60, name="tmp2"))
        s.flush()
        del p
        gc.collect()
        s.rollback()  # the flushed changes' objects are gone: the rollback has nothing to restore on them
        assert s.get(Person, 4).name == "p4" and s.get(Person, 60) is None


def test_identity_still_one_object_per_row_while_referenced(db: Any) -> None:
    Person, Pet = db.m.Person, db.m.Pet
    with Session(db.engine) as s:
        p1 = s.get(Person, 1)
        pet = s.get(Pet, 1)
        db.log.clear()
        assert pet.owner is p1 and db.log.sql == []  # many-to-one from the identity map, no SQL


def _peak_while_streaming(session: Session, Person: Any, n: int) -> int:
    """The largest memory in use while ``n`` rows are loaded with ``yield_per`` and each object
    dropped after use."""
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    count = 0
    for person in session.scalars(select(Person).order_by(Person.id).limit(n).execution_options(yield_per=500)):
        count += person.id > 0
    assert count == n
    return tracemalloc.get_traced_memory()[1] - base


def test_yield_per_loading_does_not_grow_memory(db: Any) -> None:
    Person = db.m.Person
    with db.engine.begin() as conn:
        conn.execute(insert(Person.__table__), [{"id": i, "name": f"person number {i}"} for i in range(100, 20100)])
    with Session(db.engine) as s:
        _peak_while_streaming(s, Person, 2000)  # warm up: compiled statements, generated loaders
        tracemalloc.start()
        try:
            small = _peak_while_streaming(s, Person, 2000)
            large = _peak_while_streaming(s, Person, 20000)
        finally:
            tracemalloc.stop()
        assert len(s.identity_map) < 1000  # what is left of the last batch at most
    # ten times the rows, not ten times the memory (a strong map would keep all 20000 objects)
    assert large < small * 2.5, (small, large)
