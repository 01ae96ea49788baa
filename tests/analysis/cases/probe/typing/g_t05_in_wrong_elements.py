# expect: ORM2 at 24
# why: in_() of the Integer primary key receives a list of slugs (str) built in the function (PostgreSQL: invalid input syntax for type integer).

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Recipe(Base):
    __tablename__ = "g_t05_recipes"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))


def seed(session: Session) -> None:
    session.add_all([Recipe(slug="soup"), Recipe(slug="stew")])


def pick(session: Session) -> list[str]:
    wanted = ["soup", "stew"]
    return list(session.scalars(select(Recipe.slug).where(Recipe.id.in_(wanted))))
