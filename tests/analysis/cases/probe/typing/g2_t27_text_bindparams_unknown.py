# expect: ORM3 at 24
# why: .bindparams(user=...) names a bind the SQL lacks (its bind is :uid): ArgumentError "This text() construct doesn't define a bound parameter named 'user'".

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Login(Base):
    __tablename__ = "g2_t27_logins"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[int] = mapped_column()
    ip: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add(Login(uid=1, ip="10.0.0.1"))


def ips(session: Session, uid: int = 1) -> list[str]:
    stmt = text("SELECT ip FROM g2_t27_logins WHERE uid = :uid").bindparams(user=uid)
    return list(session.scalars(stmt))


def ips_ok(session: Session, uid: int = 1) -> list[str]:
    stmt = text("SELECT ip FROM g2_t27_logins WHERE uid = :uid").bindparams(uid=uid)
    return list(session.scalars(stmt))
