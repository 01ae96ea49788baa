# expect: ORM2 at 28
# why: aliased(Staff) has the attributes of Staff only: Boss.level does not exist (AttributeError when the query is built).

from typing import Optional

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column


class Base(DeclarativeBase):
    pass


class Staff(Base):
    __tablename__ = "g2_t08_staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    grade: Mapped[int] = mapped_column(default=1)
    boss_id: Mapped[Optional[int]] = mapped_column(ForeignKey("g2_t08_staff.id"))


def seed(session: Session) -> None:
    session.add_all([Staff(id=1, name="ada", grade=5), Staff(id=2, name="bob", boss_id=1)])


def reports_of_seniors(session: Session, grade: int = 4) -> list[str]:
    Boss = aliased(Staff)
    stmt = select(Staff.name).join(Boss, Staff.boss_id == Boss.id).where(Boss.level >= grade)
    return list(session.scalars(stmt))
