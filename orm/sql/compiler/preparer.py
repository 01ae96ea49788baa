"""Identifier quoting: which names need quotes, and how each dialect quotes them."""
from __future__ import annotations

import re
from typing import Any

# SQL reserved words common to the dialects (names that must be quoted as identifiers).
RESERVED_WORDS = frozenset(
    """all analyse analyze and any array as asc asymmetric authorization between binary both case cast
    check collate column constraint create cross current_date current_role current_time
    current_timestamp current_user default deferrable desc distinct do else end except false for
    foreign freeze from full grant group having ilike in initially inner intersect into is isnull
    join leading left like limit localtime localtimestamp natural new not notnull null off offset old
    on only or order outer overlaps placing primary references right select session_user similar
    some symmetric table then to trailing true union unique user using verbose when where""".split()
)

_LEGAL = re.compile(r"^[a-z_][a-z0-9_$]*$")


class IdentifierPreparer:
    """Quotes identifiers for one dialect: ``quote("user")`` -> ``"user"``; ``quote("name")`` -> ``name``."""

    reserved_words = RESERVED_WORDS
    initial_quote = '"'
    final_quote = '"'
    escape_quote = '"'
    legal_characters = _LEGAL

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect
        self._cache: dict[str, str] = {}

    def _requires_quotes(self, value: str) -> bool:
        lc = value.lower()
        return (
            lc in self.reserved_words
            or value[0] in "0123456789$"
            or not self.legal_characters.match(value)
            or lc != value
        )

    def _requires_quotes_func(self, value: str) -> bool:
        lc = value.lower()
        return not self.legal_characters.match(lc) if value else True

    def quote_identifier(self, value: str) -> str:
        if "\x00" in value:
            from orm import exc

            raise exc.ArgumentError(f"Identifier {value!r} contains a NUL character")
        return self.initial_quote + value.replace(self.escape_quote, self.escape_quote * 2) + self.final_quote

    def quote(self, ident: str, force: Any = None) -> str:
        forced = getattr(ident, "quote", None)  # a quoted_name decides for itself
        if forced is not None:
            q = self.quote_identifier(ident) if forced else str(ident)
            if "%" in q and self.dialect.paramstyle in ("format", "pyformat"):
                q = q.replace("%", "%%")
            return q
        q = self._cache.get(ident)
        if q is None:
            if not ident:
                from orm import exc

                raise exc.ArgumentError("Empty identifier")
            q = self.quote_identifier(ident) if self._requires_quotes(ident) else ident
            if "%" in q and self.dialect.paramstyle in ("format", "pyformat"):
                q = q.replace("%", "%%")
            self._cache[ident] = q
        return q

    def quote_schema(self, schema: str) -> str:
        return ".".join(self.quote(p) for p in schema.split("."))

    def format_table(self, table: Any, use_schema: bool = True) -> str:
        name = self.quote(table.name)
        if use_schema and getattr(table, "schema", None):
            return self.quote_schema(table.schema) + "." + name
        return name

    def format_column(self, column: Any) -> str:
        return self.quote(column.name)
