"""The cyclic GC around ORM loading: paused while objects are built, back on afterwards (also
when building fails), the built objects handed to the oldest generation rather than left for
young collections, and an application's own frozen objects (gc.freeze before fork) left
frozen."""
from __future__ import annotations

import gc
import weakref
from typing import Any, Iterator

import pytest

from orm import Session, String, create_engine, insert, select, text
from orm.exc import NoSuchColumnError
from orm.mapping import DeclarativeBase, Mapped, mapped_column

N = 20_000


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "gc_items"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    eng = create_engine("sqlite://")
    Base.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(insert(Item), [{"id": i, "name": f"n{i}"} for i in range(1, N + 1)])
    yield eng
    eng.dispose()


def _load_all(s: Session) -> list[Any]:
    return list(s.scalars(select(Item)).all())


def _load_yield_per(s: Session) -> list[Any]:
    return list(s.scalars(select(Item).execution_options(yield_per=500)))


@pytest.mark.parametrize("load", [_load_all, _load_yield_per])
def test_gc_back_on_and_objects_promoted(engine: Any, load: Any) -> None:
    assert gc.isenabled()
    with Session(engine) as s:
        items = load(s)
        assert len(items) == N and gc.isenabled()
        # the 3 x 20k objects (instances, their dicts, states) were not left young
        assert gc.get_count()[0] < 10_000
        assert gc.get_freeze_count() == 0  # nothing of ours stays frozen
        ref = weakref.ref(items[0])
    del items
    gc.collect()
    assert ref() is None  # freed once the session and the list let go


def test_gc_back_on_when_building_fails(engine: Any) -> None:
    with Session(engine) as s:
        with pytest.raises(NoSuchColumnError):
            s.scalars(select(Item).from_statement(text("SELECT name FROM gc_items"))).all()
        assert gc.isenabled()


def test_application_frozen_objects_stay_frozen(engine: Any) -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with Session(engine) as s:
            assert len(_load_all(s)) == N
            assert len(_load_yield_per(s)) == N
        assert gc.get_freeze_count() >= frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
