# expect: none
# why: the parameters dict of a text() is built step by step (params = {} then params["id"] = ..., and .update()): every bind gets its value.

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "g2_t50_devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Device(id=1, label="old"))


def rename(session: Session, device_id: int = 1, label: str = "new") -> None:
    stmt = text("UPDATE g2_t50_devices SET label = :label WHERE id = :id")
    params = {}
    params["id"] = device_id
    params["label"] = label
    session.execute(stmt, params)


def relabel(session: Session, device_id: int = 1) -> None:
    stmt = text("UPDATE g2_t50_devices SET label = :label WHERE id = :id")
    params = {"id": device_id}
    params.update(label="newer")
    session.execute(stmt, params)
