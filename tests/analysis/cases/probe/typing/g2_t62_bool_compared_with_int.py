# expect: none
# why: look-alikes of a Boolean compared with a number: == True, is_(False), != True, a String column against str(n) and an f-string, an Integer against int(text), and SET on=1 (cast on assignment) are fine everywhere. (Flag.on == 1 itself depends on the database - SQLite and MySQL compare 0/1, PostgreSQL refuses it - so it is reported only for projects that run on PostgreSQL alone; tests/analysis/rules/test_orm2_typesys.py covers that.)

from sqlalchemy import Boolean, String, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Flag(Base):
    __tablename__ = "g2_t62_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    on: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[int] = mapped_column(default=0)


def seed(session: Session) -> None:
    session.add_all([Flag(code="7", on=True, level=2), Flag(code="x-7", on=False)])


def active(session: Session, n: int = 7, raw_level: str = "1") -> list[int]:
    stmt = select(Flag.id).where(Flag.on == True, Flag.code.in_([str(n), f"x-{n}"]),
                                 Flag.level >= int(raw_level))  # noqa: E712
    return list(session.scalars(stmt))


def inactive(session: Session) -> list[int]:
    return list(session.scalars(select(Flag.id).where(Flag.on.is_(False), Flag.on != True)))  # noqa: E712


def switch_on(session: Session) -> None:
    session.execute(update(Flag).where(Flag.level >= int("1")).values(on=1, level=True))
