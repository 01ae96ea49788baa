# expect: ORM1 at 30
# why: lazy="raise" on the relationship: reading device.readings without an eager option raises InvalidRequestError.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "g15_devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20))
    readings: Mapped[list["Reading"]] = relationship(lazy="raise")


class Reading(Base):
    __tablename__ = "g15_readings"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
    device_id: Mapped[int] = mapped_column(ForeignKey("g15_devices.id"))


def latest(session: Session) -> dict[str, float]:
    out = {}
    devices = session.scalars(select(Device)).all()
    for device in devices:
        values = [r.value for r in device.readings]
        out[device.serial] = max(values, default=0.0)
    return out


run = latest


def seed(session, n):
    for i in range(n):
        session.add(Device(serial=f"d{i}", readings=[Reading(value=1.0)]))
