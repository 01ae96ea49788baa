"""Parsing raw SQL with sqlglot for the configured dialects, bind parameters, statement kinds.

``text()`` SQL names its bind parameters ``:name`` (SQLAlchemy's rule: a colon, not after another
colon, a word character or a backslash, followed by a word and not by a colon -- so ``::int``
casts and ``12:30`` are not binds).  ``exec_driver_sql()`` SQL uses the driver's own
placeholders (``%s``, ``%(name)s``, ``?``, ``$1``), which :func:`normalise_driver_sql` rewrites
into forms sqlglot parses in every dialect.

Example::

    text_binds("SELECT * FROM t WHERE a = :a AND b::int = :b")   # ["a", "b"]
    result = parse_sql("SELECT id FROM users", ("sqlite", "postgresql"))
    result.statements, result.error                            # [Select(...)], None
"""
from __future__ import annotations

import difflib
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError

_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")
_STATEMENT_START = re.compile(r"^\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*|\(\s*)*"
                              r"(SELECT|WITH|INSERT|UPDATE|DELETE|REPLACE|MERGE|VALUES)\b",
                              re.IGNORECASE | re.DOTALL)
_FIRST_WORD = re.compile(r"^\s*([A-Za-z]+)\s+\S")
_MISSPELT_TARGETS = ("SELECT", "INSERT", "UPDATE", "DELETE")
_SQL_WORDS = re.compile(r"\b(FROM|SET|INTO|WHERE|VALUES)\b", re.IGNORECASE)
# config dialect names -> sqlglot dialect names
DIALECTS = {"sqlite": "sqlite", "postgresql": "postgres", "postgres": "postgres",
            "mysql": "mysql", "mariadb": "mysql", "oracle": "oracle", "mssql": "tsql",
            "tsql": "tsql", "duckdb": "duckdb", "snowflake": "snowflake", "bigquery": "bigquery",
            "redshift": "redshift", "trino": "trino", "presto": "presto", "clickhouse":
            "clickhouse", "spark": "spark", "databricks": "databricks", "hive": "hive"}
DEFAULT_DIALECTS = ("sqlite", "postgres", "mysql")
_CACHE: OrderedDict[tuple, "ParseResult"] = OrderedDict()
_CACHE_SIZE = 2048
_LOCK = threading.Lock()


class _QuietFallback(logging.Filter):
    """sqlglot logs a warning for statements it keeps as an opaque Command: not our output."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Falling back to parsing as a 'Command'" not in record.getMessage()


logging.getLogger("sqlglot").addFilter(_QuietFallback())


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    line: Optional[int] = None      # 1-based line in the SQL text, when sqlglot says
    column: Optional[int] = None


@dataclass(frozen=True)
class ParseResult:
    """The statements of a successful parse (with the sqlglot dialect that read them), or the
    syntax error every dialect found."""

    statements: tuple[exp.Expression, ...] = ()
    dialect: Optional[str] = None
    error: Optional[SyntaxProblem] = None


def sqlglot_dialects(configured: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The sqlglot names of the configured dialects (unknown names ignored; default: three)."""
    out: list[str] = []
    for name in configured:
        mapped = DIALECTS.get(name.lower().split("+")[0])
        if mapped and mapped not in out:
            out.append(mapped)
    return tuple(out) or DEFAULT_DIALECTS


def text_binds(sql: str) -> list[str]:
    """The bind parameter names of ``text()`` SQL, in order, without repeats."""
    seen: list[str] = []
    for match in _BIND.finditer(sql):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen


def normalise_text_sql(sql: str) -> str:
    """``text()`` SQL as the database receives it, modulo placeholders: ``\\:`` is a colon."""
    return sql.replace("\\:", ":")


def normalise_driver_sql(sql: str) -> str:
    """Driver placeholders (``%(name)s``, ``%s``, ``$1``) made parseable; ``%%`` is ``%``."""
    marker = "\x00"
    out = sql.replace("%%", marker)
    out = re.sub(r"%\((\w+)\)s", r":\1", out)
    out = re.sub(r"%s\b|%s(?=\W|$)", "?", out)
    out = re.sub(r"\$(\d+)\b", "?", out)
    return out.replace(marker, "%")


def is_statement(sql: str) -> bool:
    """True when ``sql`` is a query or DML statement (not DDL, not an expression fragment).

    A first word one typo away from SELECT/INSERT/UPDATE/DELETE counts (``SELEC id ...``).
    """
    if _STATEMENT_START.match(sql) is not None:
        return True
    first = _FIRST_WORD.match(sql)
    if first is None:
        return False
    word = first.group(1).upper()
    return len(word) >= 5 and _SQL_WORDS.search(sql) is not None and \
        bool(difflib.get_close_matches(word, _MISSPELT_TARGETS, n=1, cutoff=0.8))


def parse_sql(sql: str, dialects: tuple[str, ...]) -> ParseResult:
    """Parse ``sql`` with the first of ``dialects`` (sqlglot names) that accepts it.

    A syntax error is returned only when every dialect rejects the text.  Results are cached.
    """
    key = (sql, dialects)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    result = _parse(sql, dialects)
    with _LOCK:
        _CACHE[key] = result
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _parse(sql: str, dialects: tuple[str, ...]) -> ParseResult:
    problems: list[SyntaxProblem] = []
    crashed = False
    for dialect in dialects:
        try:
            statements = tuple(s for s in sqlglot.parse(sql, read=dialect)  # type: ignore
                               if s is not None)
        except TokenError as exc:
            problems.append(SyntaxProblem(_token_message(exc)))
        except ParseError as exc:
            problems.append(_parse_problem(exc))
        except (SqlglotError, RecursionError, ValueError, KeyError, AttributeError,
                IndexError, TypeError):
            # sqlglot failing on odd input is not the user's syntax error
            crashed = True
        else:
            return ParseResult(statements=statements, dialect=dialect)  # type: ignore[arg-type]
    if crashed or not problems:
        return ParseResult()
    return ParseResult(error=problems[0])


def _token_message(exc: TokenError) -> str:
    text = str(exc)
    if "'" in text and text.count("'") % 2 == 1 or "tokenizing" in text:
        return "unterminated string or quoted identifier"
    return text.splitlines()[0] if text else "cannot tokenize the SQL"


def _parse_problem(exc: ParseError) -> SyntaxProblem:
    errors = getattr(exc, "errors", None) or []
    if errors:
        first = errors[0]
        description = str(first.get("description") or "syntax error")
        highlight = first.get("highlight")
        if description.startswith("Required keyword"):
            description = "incomplete clause"
        elif description.startswith("Invalid expression / Unexpected token"):
            description = "unexpected token"
        if highlight:
            description += f" near {str(highlight)!r}"
        return SyntaxProblem(description, first.get("line"), first.get("col"))
    return SyntaxProblem(str(exc).splitlines()[0] if str(exc) else "syntax error")


__all__ = ["DEFAULT_DIALECTS", "DIALECTS", "ParseResult", "SyntaxProblem", "is_statement",
           "normalise_driver_sql", "normalise_text_sql", "parse_sql", "sqlglot_dialects",
           "text_binds"]
