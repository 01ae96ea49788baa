"""ormlens demo: a schema on embedded SQLite, a few queries, and the SQL each dialect would receive.

Run with ``make demo``.
"""
from __future__ import annotations

import datetime as dt

from orm import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
    update,
)
from orm.dialects import mysql, postgresql, sqlite

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50), nullable=False),
    Column("email", String(120), unique=True),
    Column("created_at", DateTime, default=dt.datetime(2026, 11, 21, 12, 0)),
)
orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("total", Numeric(10, 2), nullable=False),
)

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect(), "mysql": mysql.base.MySQLDialect()}


def show(title: str, stmt: object, only: tuple[str, ...] = tuple(DIALECTS)) -> None:
    print(f"\n--- {title}")
    for name in only:
        dialect = DIALECTS[name]
        compiled = stmt.compile(dialect=dialect)  # type: ignore[attr-defined]
        print(f"[{name}]\n{compiled}")
        params = compiled.construct_params(_check=False)
        if params:
            print(f"  params: {params}")


def main() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(users),
            [{"name": "ada", "email": "ada@example.com"}, {"name": "grace", "email": "grace@example.com"},
             {"name": "linus", "email": None}],
        )
        conn.execute(
            insert(orders),
            [{"user_id": 1, "total": "19.99"}, {"user_id": 1, "total": "5.00"}, {"user_id": 2, "total": "42.50"}],
        )

    per_user = (
        select(users.c.name, func.count(orders.c.id).label("orders"), func.coalesce(func.sum(orders.c.total), 0).label("spent"))
        .select_from(users.outerjoin(orders))
        .group_by(users.c.name)
        .order_by(users.c.name)
    )
    with engine.connect() as conn:
        print("Orders per user (run on SQLite):")
        for row in conn.execute(per_user):
            print(f"  {row.name:<6} orders={row.orders} spent={row.spent}")
        big = conn.execute(select(users.c.name).join(orders).where(orders.c.total > 10).distinct()).scalars().all()
        print("Users with an order over 10:", big)

    show("orders per user", per_user)
    show("users by name prefix", select(users).where(users.c.name.startswith("a")).limit(10).offset(5))
    show("raise totals", update(orders).where(orders.c.user_id.in_([1, 2])).values(total=orders.c.total * 2))
    show("upsert (PostgreSQL ON CONFLICT)", postgresql.insert(users).values(id=1, name="ada").on_conflict_do_update(
        index_elements=[users.c.id], set_={"name": "ada lovelace"}), only=("postgresql",))


if __name__ == "__main__":
    main()
    from orm_demo import run_orm_demo  # the ORM and the checker (examples/orm_demo.py)

    print("\nThe ORM on SQLite: one loop over authors reading author.books")
    run_orm_demo()
