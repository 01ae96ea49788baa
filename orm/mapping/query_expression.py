"""``query_expression()``: a mapped attribute whose SQL expression each query chooses with the
``with_expression()`` loader option (orm.session.strategy_options).

Example::

    class A(Base):
        __tablename__ = "a"
        id: Mapped[int] = mapped_column(primary_key=True)
        x: Mapped[int]
        y: Mapped[int]
        total: Mapped[int] = query_expression()

    a = session.scalars(select(A).options(with_expression(A.total, A.x + A.y))).first()
    a.total      # x + y, computed by the database

As in SQLAlchemy: without the option the attribute reads None (or loads ``default_expr`` when one
is given); it is never loaded on its own (no SQL on access, none after expiry); an object already
in the identity map keeps the value it has unless the query runs with ``populate_existing``;
``Session.refresh()`` loads it again with the options the object was loaded with.
"""
from __future__ import annotations

from typing import Any, Optional

from .properties import ColumnProperty


class QueryExpressionProperty(ColumnProperty):
    """The property ``query_expression()`` makes: a ColumnProperty whose column is the default
    expression (``null()``: nothing to select unless ``with_expression()`` says what)."""

    is_query_expression = True

    @property
    def has_default(self) -> bool:
        from orm.sql.literals import Null

        return not isinstance(self.columns[0], Null)

    def _missing_value(self, instance: Any) -> Any:
        return None


def query_expression(default_expr: Any = None, *, repr: bool = True, compare: bool = False,
                     expire_on_flush: bool = True, info: Optional[dict[str, Any]] = None,
                     doc: Optional[str] = None) -> Any:
    """An attribute loaded from the SQL expression a query gives with ``with_expression()``.

    Example::

        total: Mapped[int] = query_expression()
        select(A).options(with_expression(A.total, A.x + A.y))
    """
    from orm.sql import coercions
    from orm.sql.literals import null

    expr = null() if default_expr is None else coercions._unwrap(default_expr)
    prop = QueryExpressionProperty(expr, expire_on_flush=expire_on_flush, info=info, doc=doc)
    # under MappedAsDataclass the attribute is a field outside __init__ (SQLAlchemy's choice)
    prop._dataclass_options = {"init": False, "repr": repr, "compare": compare, "default": None}
    return prop
