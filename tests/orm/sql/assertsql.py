"""The compiler tests' one assertion helper: exact SQL text per dialect, its parameters, and proof
(through sqlglot) that the text parses as SQL of that dialect."""
from __future__ import annotations

import re
from typing import Any, Optional

import sqlglot
from sqlglot.errors import ErrorLevel

_DIALECTS: dict[str, Any] = {}
_SQLGLOT_READ = {"default": None, "sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql",
                 "mysql_format": "mysql"}


def get_dialect(name: str) -> Any:
    """``orm``'s dialect for a name: "default" (``str(stmt)``), "sqlite", "postgresql", "mysql"
    (the pymysql driver dialect, pyformat) or "mysql_format" (the base MySQL dialect, format)."""
    if name not in _DIALECTS:
        if name == "default":
            _DIALECTS[name] = None
        elif name == "sqlite":
            from orm.dialects import sqlite

            _DIALECTS[name] = sqlite.dialect()
        elif name == "postgresql":
            from orm.dialects import postgresql

            _DIALECTS[name] = postgresql.dialect()
        elif name == "mysql":
            from orm.dialects import mysql

            _DIALECTS[name] = mysql.dialect()
        elif name == "mysql_format":
            from orm.dialects.mysql.base import MySQLDialect

            _DIALECTS[name] = MySQLDialect()
        else:
            raise ValueError(f"unknown dialect {name!r}")
    return _DIALECTS[name]


def compile_sql(stmt: Any, dialect: str = "default", literal_binds: bool = False) -> Any:
    kw = {"compile_kwargs": {"literal_binds": True}} if literal_binds else {}
    d = get_dialect(dialect)
    if d is None:
        return stmt.compile(**kw)
    return stmt.compile(dialect=d, **kw)


def assert_sql(stmt: Any, expected: str, dialect: str = "default", params: Optional[dict[str, Any]] = None,
               literal_binds: bool = False, parse: bool = True) -> Any:
    """Compile ``stmt`` for ``dialect`` and assert its exact text (and ``construct_params()`` when
    ``params`` is given); then check the text parses as SQL of that dialect.  ``parse=False`` only
    where sqlglot itself lacks the syntax (say why at the call)."""
    compiled = compile_sql(stmt, dialect, literal_binds)
    text = compiled.string
    if dialect == "default":
        assert str(stmt) == text or literal_binds
    assert text == expected, f"\n  got: {text!r}\n want: {expected!r}"
    if params is not None:
        assert compiled.construct_params() == params
    if parse:
        assert_parses(text, dialect)
    return compiled


# -- parsing -----------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'"""          # string literal
    r"""|E'(?:[^'\\]|\\.|'')*'"""   # PostgreSQL escape string
    r'''|"(?:[^"]|"")*"'''         # quoted identifier
    r"""|`(?:[^`]|``)*`"""         # MySQL quoted identifier
    r"""|__\[POSTCOMPILE_\w+\]"""  # expanding parameter
    r"""|%\(\w+\)s|%s|%%"""        # pyformat / format parameters, escaped percent
    r"""|(?<![:\w]):\w+"""         # named parameter
    r"""|\?"""                     # qmark parameter
)


def _literal_sql(text: str, dialect: str) -> str:
    """The statement with every parameter replaced by a literal, as the database would see it."""
    percent = dialect in ("postgresql", "mysql", "mysql_format")

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok[0] in "'E\"`":
            return tok.replace("%%", "%") if percent else tok
        if tok.startswith("__[POSTCOMPILE"):
            return "1, 2"
        if tok == "%%":
            return "%" if percent else tok
        if tok == "%s" and not percent:
            return tok
        return "1"

    return _TOKEN.sub(repl, text)


def assert_parses(text: str, dialect: str) -> None:
    sql = _literal_sql(text, dialect)
    try:
        trees = sqlglot.parse(sql, read=_SQLGLOT_READ[dialect], error_level=ErrorLevel.RAISE)
    except sqlglot.errors.ParseError as e:  # pragma: no cover - the failure message
        raise AssertionError(f"{dialect} SQL does not parse:\n{sql}\n{e}") from None
    assert trees and all(t is not None for t in trees), sql
