"""MySQL/MariaDB full-text search: ``match(col, ..., against=...)`` renders
``MATCH (col, ...) AGAINST (:param [mode])``.

Example::

    from orm.dialects.mysql import match
    stmt = select(posts).where(match(posts.c.title, posts.c.body, against="orm").in_boolean_mode())
    # ... WHERE MATCH (posts.title, posts.body) AGAINST (%(param_1)s IN BOOLEAN MODE)

The columns need a ``FULLTEXT`` index (``Index(..., mysql_prefix="FULLTEXT")``); the search string is
always a bound parameter.
"""
from __future__ import annotations

from typing import Any

from orm import exc
from orm.sql import operators
from orm.sql.elements import ColumnElement, Grouping
from orm.types import Float

__all__ = ["match"]

# the search modifiers, in the order MySQL's grammar allows them after AGAINST (...)
_FLAGS = ("in_boolean_mode", "in_natural_language_mode", "with_query_expansion")


class match(ColumnElement[Any]):
    """``MATCH (cols) AGAINST (text)``; chain ``in_boolean_mode()``,
    ``in_natural_language_mode()`` or ``with_query_expansion()`` to pick the search mode.

    In WHERE it filters rows; in the columns clause it is the relevance score (a float).

    Example::

        select(match(t.c.title, against="orm").label("score"))
    """

    __visit_name__ = "mysql_match"
    inherit_cache = True
    _children = ("columns", "against")
    _attrs = ("flags",)

    def __init__(self, *cols: Any, against: Any = None, **kw: Any) -> None:
        from orm.sql import coercions

        if kw:
            raise exc.ArgumentError(f"match() got unexpected keyword arguments: {sorted(kw)}")
        if not cols:
            raise exc.ArgumentError("columns are required")
        if against is None:
            raise exc.ArgumentError("against is required")
        self.columns = tuple(coercions.expect_column_or_literal(c) for c in cols)
        self.against = coercions.literal_or_bind(against, self.columns[0].type)
        self.flags: tuple[str, ...] = ()
        # MySQL returns the relevance as a DOUBLE; as a WHERE criterion it is true when non-zero
        self.type = Float()

    def _with_flag(self, flag: str) -> "match":
        new = self._generate()
        if flag not in new.flags:
            new.flags = tuple(f for f in _FLAGS if f in new.flags or f == flag)
        return new

    def in_boolean_mode(self) -> "match":
        """``IN BOOLEAN MODE``: the search string uses the ``+word -word "phrase" word*`` syntax."""
        return self._with_flag("in_boolean_mode")

    def in_natural_language_mode(self) -> "match":
        """``IN NATURAL LANGUAGE MODE`` (MySQL's default mode, spelled out)."""
        return self._with_flag("in_natural_language_mode")

    def with_query_expansion(self) -> "match":
        """``WITH QUERY EXPANSION``: a second search with words from the best first matches."""
        return self._with_flag("with_query_expansion")

    def self_group(self, against: Any = None) -> ColumnElement[Any]:
        # NOT MATCH (...) AGAINST (...) would parse as (NOT MATCH(...)) in some contexts: group it
        if against in (operators.not_, operators.inv):
            return Grouping(self)
        return self


def render_match(compiler: Any, element: match, **kw: Any) -> str:
    """The SQL of :class:`match` (called by the MySQL compiler)."""
    flags = set(element.flags)
    if "in_boolean_mode" in flags and flags & {"in_natural_language_mode", "with_query_expansion"}:
        raise exc.CompileError(
            "Invalid MySQL match flags: in_boolean_mode cannot be combined with "
            f"{', '.join(sorted(flags - {'in_boolean_mode'}))}"
        )
    cols = ", ".join(compiler.process(c, **kw) for c in element.columns)
    against = compiler.process(element.against, **kw)
    modes = []
    if "in_boolean_mode" in flags:
        modes.append("IN BOOLEAN MODE")
    if "in_natural_language_mode" in flags:
        modes.append("IN NATURAL LANGUAGE MODE")
    if "with_query_expansion" in flags:
        modes.append("WITH QUERY EXPANSION")
    return f"MATCH ({cols}) AGAINST ({' '.join([against] + modes)})"
