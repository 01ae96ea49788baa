# expect: none
# why: a self-referential join through aliased(): manager columns compared with the right types, filter_by on the aliased entity, order by an aliased column.

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column


class Base(DeclarativeBase):
    pass


class Staff(Base):
    __tablename__ = "g2_t07_staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    grade: Mapped[int] = mapped_column(default=1)
    boss_id: Mapped[Optional[int]] = mapped_column(ForeignKey("g2_t07_staff.id"))


def seed(session: Session) -> None:
    boss = Staff(id=1, name="ada", grade=5)
    session.add_all([boss, Staff(id=2, name="bob", grade=2, boss_id=1)])


def reports_of_seniors(session: Session, grade: int = 4) -> list[str]:
    Boss = aliased(Staff, name="boss")
    stmt = (select(Staff.name).join(Boss, Staff.boss_id == Boss.id)
            .where(Boss.grade >= grade).order_by(Boss.name))
    return list(session.scalars(stmt))


def reports_of(session: Session, boss_name: str = "ada") -> list[str]:
    Boss = aliased(Staff)
    stmt = select(Staff.name).join(Boss, Staff.boss_id == Boss.id).where(Boss.name == boss_name)
    return list(session.scalars(stmt))
