"""An ORM ``yield_per`` result read by iteration and by fetch calls in any order hands out every
object once, in order (iteration lends a chunk; fetches reclaim what it has not handed out)."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from orm import Session, String, create_engine, insert, select
from orm.mapping import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(20))


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    eng = create_engine("sqlite://")
    Base.metadata.create_all(eng)
    with eng.begin() as conn:
        conn.execute(insert(Thing), [{"id": i, "name": f"t{i}"} for i in range(1, 23)])
    yield eng
    eng.dispose()


@pytest.mark.parametrize("scalars", [True, False])
def test_iteration_and_fetches_interleaved(engine: Any, scalars: bool) -> None:
    with Session(engine) as s:
        result = s.execute(select(Thing).order_by(Thing.id).execution_options(yield_per=4))
        src = result.scalars() if scalars else result

        def ids(items: Any) -> list[int]:
            return [(x if scalars else x[0]).id for x in items]

        it = iter(src)
        got = ids([next(it), next(it)])                 # 1, 2 (chunk 1..4 lent)
        got += ids([src.fetchone()])                    # 3: reclaimed from the lent chunk
        got += ids(src.fetchmany(3))                    # 4, 5, 6: across a chunk boundary
        got += ids([next(it)])                          # 7: the iterator resumes after them
        again = iter(src)                               # a second iterator shares the position
        got += ids([next(again), next(it)])             # 8, 9
        got += ids(src.fetchmany(2))                    # 10, 11
        rest = ids(list(it))                            # 12..22 to the end
        assert got + rest == list(range(1, 23))
        assert src.fetchone() is None and list(again) == [] and src.all() == []


def test_break_then_all(engine: Any) -> None:
    with Session(engine) as s:
        result = s.scalars(select(Thing).order_by(Thing.id).execution_options(yield_per=5))
        first = []
        for t in result:
            first.append(t.id)
            if len(first) == 7:
                break
        assert first == list(range(1, 8))
        assert [t.id for t in result.all()] == list(range(8, 23))


def test_close_while_iterating(engine: Any) -> None:
    with Session(engine) as s:
        result = s.scalars(select(Thing).order_by(Thing.id).execution_options(yield_per=5))
        it = iter(result)
        assert next(it).id == 1
        result.close()
        assert list(it) == []  # the lent chunk hands out nothing after close
