# expect: ORM1 at 34
# expect: ORM1 at 35
# why: legacy Query API: query.get() per order line (products are distinct) and the lazy backref line.order per line.

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session, declarative_base, relationship

Base = declarative_base()


class Product(Base):
    __tablename__ = "g80_products"
    id = Column(Integer, primary_key=True)
    sku = Column(String(20), nullable=False)


class PurchaseOrder(Base):
    __tablename__ = "g80_orders"
    id = Column(Integer, primary_key=True)
    ref = Column(String(20), nullable=False)
    lines = relationship("OrderLine", backref="order")


class OrderLine(Base):
    __tablename__ = "g80_lines"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("g80_orders.id"), nullable=False)
    product_id = Column(Integer, ForeignKey("g80_products.id"), nullable=False)


def picking_list(session: Session) -> list[str]:
    out = []
    for line in session.query(OrderLine).order_by(OrderLine.id):
        product = session.query(Product).get(line.product_id)
        out.append(f"{line.order.ref}: {product.sku}")
    return out


run = picking_list


def seed(session, n):
    for i in range(n):
        p = Product(sku=f"s{i}")
        session.add(p)
        session.flush()
        session.add(PurchaseOrder(ref=f"r{i}", lines=[OrderLine(product_id=p.id)]))
