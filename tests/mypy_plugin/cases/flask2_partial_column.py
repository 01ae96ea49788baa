# redash's base.py: Column = functools.partial(db.Column, nullable=False), imported by the models.
# Calls through the partial are mapped attributes typed Any (the bound keywords live elsewhere),
# never SQLAlchemy's Column[T] (which rejects self.name = "x"); other partial objects keep mypy's
# typing of their calls.
import functools

from shop.base import Column, db


class Item(db.Model):
    id = Column(db.Integer, primary_key=True)
    name = Column(db.String(20))
    note = db.Column(db.Text)

    def rename(self, name: str) -> None:
        self.name = name
        self.id = 3


def add(a: int, b: int) -> int:
    return a + b


plus_one = functools.partial(add, 1)

reveal_type(Item().name)  # N: Revealed type is "Any"
reveal_type(Item.name)  # N: Revealed type is "sqlalchemy.orm.attributes.InstrumentedAttribute[Any]"
reveal_type(Item().note)  # N: Revealed type is "str | None"
reveal_type(plus_one(2))  # N: Revealed type is "int"
plus_one("x")  # E: Argument 1 to "add" has incompatible type "str"; expected "int"  [arg-type]
Item(note=1)  # E: Argument "note" to "Item" has incompatible type "int"; expected "str | None"  [arg-type]

# ---- file: shop/__init__.py
# ---- file: shop/base.py
import functools

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
Column = functools.partial(db.Column, nullable=False)
