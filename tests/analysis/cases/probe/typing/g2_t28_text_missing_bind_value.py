# expect: ORM3 at 25
# why: connection.execute(text(...)) with binds :uid and :since but the parameters give only uid (StatementError: A value is required for bind parameter 'since').

from sqlalchemy import String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Login(Base):
    __tablename__ = "g2_t28_logins"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[int] = mapped_column()
    at: Mapped[str] = mapped_column(String(20))


def seed(session: Session) -> None:
    session.add(Login(uid=1, at="2024-01-01"))


def recent(session: Session, uid: int = 1) -> int:
    conn = session.connection()
    rows = conn.execute(text("SELECT id FROM g2_t28_logins WHERE uid = :uid AND at > :since"),
                        {"uid": uid})
    return len(rows.all())


def all_of(session: Session, uid: int = 1) -> int:
    conn = session.connection()
    return len(conn.execute(text("SELECT id FROM g2_t28_logins WHERE uid = :uid"), {"uid": uid}).all())
