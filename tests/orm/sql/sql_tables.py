"""Tables shared by the compiler tests."""
from __future__ import annotations

from types import SimpleNamespace

from orm import Column, DateTime, ForeignKey, Integer, MetaData, Numeric, String, Table


def make_tables() -> SimpleNamespace:
    md = MetaData()
    users = Table("users", md, Column("id", Integer, primary_key=True), Column("name", String(50)),
                  Column("fullname", String), Column("age", Integer))
    addresses = Table("addresses", md, Column("id", Integer, primary_key=True),
                      Column("user_id", Integer, ForeignKey("users.id")), Column("email", String(100)))
    orders = Table("orders", md, Column("id", Integer, primary_key=True),
                   Column("user_id", Integer, ForeignKey("users.id")),
                   Column("amount", Numeric(10, 2)), Column("created", DateTime))
    items = Table("items", md, Column("id", Integer, primary_key=True), Column("name", String(30)),
                  Column("price", Integer))
    nodes = Table("nodes", md, Column("id", Integer, primary_key=True),
                  Column("parent_id", Integer, ForeignKey("nodes.id")), Column("data", String))
    return SimpleNamespace(users=users, addresses=addresses, orders=orders, items=items, nodes=nodes,
                           metadata=md)


def tables() -> tuple:
    """(users, addresses, orders, items, nodes), fresh per test."""
    t = make_tables()
    return t.users, t.addresses, t.orders, t.items, t.nodes


def flags_table() -> Table:
    """A table with a Boolean column (boolean conditions render ``= 1`` where there is no boolean type)."""
    from orm import Boolean

    return Table("flags", MetaData(), Column("id", Integer, primary_key=True), Column("active", Boolean))
