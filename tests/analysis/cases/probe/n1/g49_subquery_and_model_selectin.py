# expect: none
# why: subqueryload(Author.books) loads the books; Book.reviews is lazy="selectin" on its own model.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, subqueryload


class Base(DeclarativeBase):
    pass


class Brand(Base):
    __tablename__ = "g49_brands"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    models: Mapped[list["CarModel"]] = relationship()


class CarModel(Base):
    __tablename__ = "g49_models"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    brand_id: Mapped[int] = mapped_column(ForeignKey("g49_brands.id"))
    trims: Mapped[list["Trim"]] = relationship(lazy="selectin")


class Trim(Base):
    __tablename__ = "g49_trims"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    model_id: Mapped[int] = mapped_column(ForeignKey("g49_models.id"))


def catalogue(session: Session) -> list[str]:
    brands = session.scalars(select(Brand).options(subqueryload(Brand.models))).all()
    return [f"{b.name} {m.name} {t.code}" for b in brands for m in b.models for t in m.trims]


run = catalogue


def seed(session, n):
    for i in range(n):
        session.add(Brand(name=f"b{i}", models=[CarModel(name="m", trims=[Trim(code="t")])]))
