"""Safe rendering of Python values as SQL literals (``literal_binds=True``).

Every literal processor of ``orm`` goes through these helpers so the escaping rules live in one
place:

* strings: ``'`` is doubled everywhere; on MySQL ``\\`` is doubled too (its default ``sql_mode``
  treats backslash as an escape character) and NUL becomes ``\\0``; on PostgreSQL a string holding a
  backslash is rendered as an ``E'...'`` string with the backslashes doubled, which means the same
  whatever ``standard_conforming_strings`` is set to; a NUL character cannot be written in a
  PostgreSQL or SQLite statement at all, so it raises ``CompileError``;
* on drivers whose paramstyle is ``format``/``pyformat`` (psycopg, pymysql) ``%`` is doubled, because
  the driver runs ``%``-formatting over the whole statement (SQLAlchemy does the same); the engine
  therefore always passes a parameter container to ``cursor.execute`` for compiled statements;
* values that cannot be rendered safely raise ``CompileError`` with SQLAlchemy's message.
"""
from __future__ import annotations

from typing import Any, Callable

LiteralProcessor = Callable[[Any], str]


def dialect_name(dialect: Any) -> str:
    return getattr(dialect, "name", "default") or "default"


def doubles_percents(dialect: Any) -> bool:
    """Whether ``%`` must be written ``%%`` in statement text for this dialect's driver."""
    flag = getattr(dialect, "_double_percents", None)
    if flag is not None:
        return bool(flag)
    return getattr(dialect, "paramstyle", "named") in ("format", "pyformat")


def public_repr(type_: Any) -> str:
    """``repr`` of a type under its public class name (a dialect impl ``_SQLiteFloat()`` shows as
    ``Float()``)."""
    text = repr(type_)
    name = type(type_).__name__
    if name.startswith("_") and text.startswith(name):
        public = next((c.__name__ for c in type(type_).__mro__ if not c.__name__.startswith("_")),
                      name)
        text = public + text[len(name):]
    return text


def no_renderer(value: Any, type_: Any) -> Exception:
    """The error raised when ``value`` cannot be rendered inline for ``type_``."""
    from orm.exc import CompileError

    return CompileError(
        f"No literal value renderer is available for literal value {value!r} with datatype {public_repr(type_)}"
    )


def cannot_render(value: Any, type_: Any, why: str) -> Exception:
    from orm.exc import CompileError

    return CompileError(
        f"Could not render literal value {value!r} with datatype {public_repr(type_)}: {why}"
    )


def string_literal(dialect: Any) -> LiteralProcessor:
    """A function quoting a ``str`` as a string literal for ``dialect``.

    Example::

        string_literal(mysql_dialect)("it's a \\\\ test")   # "'it''s a \\\\\\\\ test'"
    """
    name = dialect_name(dialect)
    pct = doubles_percents(dialect)
    if name == "mysql" and getattr(dialect, "_backslash_escapes", True):

        def process(value: Any) -> str:
            if value is None:
                return "NULL"
            value = str(value).replace("\\", "\\\\").replace("'", "''").replace("\x00", "\\0")
            if pct:
                value = value.replace("%", "%%")
            return "'" + value + "'"

        return process

    prefix_backslash = name == "postgresql"

    def process_std(value: Any) -> str:
        if value is None:
            return "NULL"
        value = str(value)
        if "\x00" in value:
            from orm.exc import CompileError

            raise CompileError(
                f"String literal {value[:40]!r}... contains a NUL character, which dialect "
                f"{name} cannot represent in statement text; use a bound parameter"
            )
        value = value.replace("'", "''")
        if pct:
            value = value.replace("%", "%%")
        if prefix_backslash and "\\" in value:
            return "E'" + value.replace("\\", "\\\\") + "'"
        return "'" + value + "'"

    return process_std


def wrap_null(fn: Callable[[Any], str]) -> LiteralProcessor:
    """``fn`` with ``None`` rendered as ``NULL``."""

    def process(value: Any) -> str:
        if value is None:
            return "NULL"
        return fn(value)

    return process
