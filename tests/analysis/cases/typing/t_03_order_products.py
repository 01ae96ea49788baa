# expect: ORM2 at 47
# why: orders and products are only linked through the order_items association table; join(Product) has no foreign key to follow.

from sqlalchemy import Column, ForeignKey, Integer, String, Table, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


order_items = Table(
    "order_items",
    Base.metadata,
    Column("order_id", ForeignKey("orders.id"), primary_key=True),
    Column("product_id", ForeignKey("products.id"), primary_key=True),
)


class Shopper(Base):
    __tablename__ = "shoppers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    shopper_id: Mapped[int] = mapped_column(ForeignKey("shoppers.id"))
    products: Mapped[list["Product"]] = relationship(secondary=order_items)


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(12))


def seed(session: Session) -> None:
    shopper = Shopper(name="sam")
    session.add(shopper)
    session.flush()
    session.add(Order(shopper_id=shopper.id, products=[Product(sku="A1"), Product(sku="B2")]))


def orders_with_sku(session: Session, sku: str = "A1") -> list[Order]:
    stmt = select(Order).join(Product).where(Product.sku == sku)
    return list(session.scalars(stmt))


def orders_with_sku_fixed(session: Session, sku: str = "A1") -> list[Order]:
    stmt = select(Order).join(Order.products).where(Product.sku == sku)
    return list(session.scalars(stmt))


def shopper_names(session: Session) -> list[str]:
    return list(session.scalars(select(Shopper.name).join(Order).distinct()))
