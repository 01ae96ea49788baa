# expect: none
# why: the relationship is lazy="raise" on the model, but the query overrides it with selectinload.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Sensor(Base):
    __tablename__ = "g45_sensors"
    id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(String(20))
    samples: Mapped[list["Sample"]] = relationship(lazy="raise")


class Sample(Base):
    __tablename__ = "g45_samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
    sensor_id: Mapped[int] = mapped_column(ForeignKey("g45_sensors.id"))


def peaks(session: Session) -> dict[str, float]:
    sensors = session.scalars(select(Sensor).options(selectinload(Sensor.samples))).all()
    return {s.tag: max((x.value for x in s.samples), default=0.0) for s in sensors}


run = peaks


def seed(session, n):
    for i in range(n):
        session.add(Sensor(tag=f"s{i}", samples=[Sample(value=1.0)]))
