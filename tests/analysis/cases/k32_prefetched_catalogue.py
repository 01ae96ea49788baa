# expect: none
# why: Every category was loaded with selectinload(Category.products) and is still held: the identity map returns them loaded.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.orm import selectinload


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))
    products: Mapped[list["Product"]] = relationship()


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))


def catalogue(session: Session) -> dict[str, list[str]]:
    prefetched = session.scalars(select(Category).options(selectinload(Category.products))).all()
    listing = {}
    for category in session.scalars(select(Category).order_by(Category.label)):
        listing[category.label] = [p.sku for p in category.products]
    return listing


run = catalogue


def seed(session, n):
    for i in range(n):
        session.add(Category(label=f"c{i}", products=[Product(sku="p")]))
