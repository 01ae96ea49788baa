# Flask-SQLAlchemy across modules: db made in one module, models in others (imported under
# another name too), SQLAlchemy 2.0 style through model_class=, and .Model bases that are not
# Flask-SQLAlchemy's.
from shop.models import Customer, Order
from shop.tags import Tag
from shop.typed import Invoice

c = Customer(name="c")
reveal_type(c.orders)  # N: Revealed type is "list[shop.models.Order]"
reveal_type(Order().customer)  # N: Revealed type is "shop.models.Customer | None"
reveal_type(Order().total)  # N: Revealed type is "decimal.Decimal"
reveal_type(Tag().label)  # N: Revealed type is "str | None"
Tag(label=3)  # E: Argument "label" to "Tag" has incompatible type "int"; expected "str | None"  [arg-type]
reveal_type(Invoice().number)  # N: Revealed type is "int"
reveal_type(Invoice.metadata)  # N: Revealed type is "sqlalchemy.sql.schema.MetaData"
Invoice(number="1")  # E: Argument "number" to "Invoice" has incompatible type "str"; expected "int"  [arg-type]
reveal_type(Customer.query.filter_by(name="c").all())  # N: Revealed type is "list[Any]"
# ---- file: shop/__init__.py
# ---- file: shop/extensions.py
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
# ---- file: shop/models.py
from shop.extensions import db


class Customer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    orders = db.relationship("Order", back_populates="customer")


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.ForeignKey("customer.id"))
    total = db.Column(db.Numeric(10, 2), nullable=False)
    customer = db.relationship("Customer", back_populates="orders")
# ---- file: shop/tags.py
from .extensions import db as database


class Tag(database.Model):
    id = database.Column(database.Integer, primary_key=True)
    label = database.Column(database.String)
# ---- file: shop/typed.py
from flask_sqlalchemy import SQLAlchemy
from shop.holders import holder
from shop.passing import passed_holder
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


typed_db = SQLAlchemy(model_class=Base)


class Invoice(typed_db.Model):
    number: Mapped[int] = mapped_column(primary_key=True)


class Settings:
    Model = int


settings = Settings()


class NotAModel(settings.Model):  # E: Name "settings.Model" is not defined  [name-defined]
    pass


class NotAnImportedModel(holder.Model):  # E: Name "holder.Model" is not defined  [name-defined]
    pass


class NotAReexportedModel(passed_holder.Model):  # E: Name "passed_holder.Model" is not defined  [name-defined]
    pass
# ---- file: shop/holders.py
class Holder:
    Model = int


holder = Holder()
# ---- file: shop/passing.py
from shop.holders import holder as passed_holder
