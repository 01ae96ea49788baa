# expect: ORM1 at 26
# why: Flask-SQLAlchemy: Order.customer (backref-created pair) is a lazy many-to-one read for every order.

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Customer(db.Model):
    __tablename__ = "k01_customers"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)


class Order(db.Model):
    __tablename__ = "k01_orders"
    id = db.Column(db.Integer, primary_key=True)
    number = db.Column(db.String(20), nullable=False)
    customer_id = db.Column(db.Integer, db.ForeignKey("k01_customers.id"), nullable=False)
    customer = db.relationship("Customer", backref="orders")


def order_labels():
    labels = []
    for order in Order.query.order_by(Order.number).all():
        labels.append(f"{order.number}: {order.customer.name}")
    return labels


def run(session):
    return order_labels()


def seed(session, n):
    for i in range(n):
        session.add(Order(number=f"N{i}", customer=Customer(name=f"c{i}")))
