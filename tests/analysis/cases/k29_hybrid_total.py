# expect: ORM1 at 21
# why: The Cart.total hybrid property sums self.items (lazy); the report evaluates it for every cart.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Cart(Base):
    __tablename__ = "carts"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(50))
    items: Mapped[list["CartItem"]] = relationship()

    @hybrid_property
    def total(self) -> int:
        return sum(item.cents for item in self.items)


class CartItem(Base):
    __tablename__ = "cart_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    cents: Mapped[int]
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id"))


def totals(session: Session) -> dict[str, int]:
    return {cart.owner: cart.total for cart in session.scalars(select(Cart))}


run = totals


def seed(session, n):
    for i in range(n):
        session.add(Cart(owner=f"o{i}", items=[CartItem(cents=5)]))
