"""Raw SQL checked with sqlglot against the schema the model index describes.

:func:`check_sql` takes the SQL of a ``text()`` (or of ``exec_driver_sql()``, ``driver=True``)
and reports what would fail in the database: a syntax error in every configured dialect, a
table no model or ``Table`` maps (when the index is authoritative), a column its table does not
have.  :func:`check_fragment` does the same for a ``text()`` fragment used inside an ORM
statement (``select(User).where(text("age > 65"))``), given the tables the statement selects
from.  :func:`text_binds` lists a ``text()``'s bind parameter names.

Example::

    schema = schema_for(project, "app.reports", source)
    for problem in check_sql("UPDATE users SET nmae = :n", schema, ("sqlite",)):
        problem.kind, problem.message      # "unknown-column", "column `nmae` does not exist ..."
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from sqlglot import exp
from sqlglot.tokens import Tokenizer, TokenType


from analysis.sqlcheck.parse import (DIALECTS, ParseResult, SyntaxProblem, is_statement,
                                     normalise_driver_sql, normalise_text_sql, parse_sql,
                                     sqlglot_dialects, text_binds)
from analysis.sqlcheck.resolve import SchemaProblem, check_statement
from analysis.sqlcheck.schema import SqlSchema, TableSchema, ddl_tables, schema_for

_AFTER_COMMA = frozenset({TokenType.FROM, TokenType.WHERE, TokenType.GROUP_BY,
                          TokenType.ORDER_BY, TokenType.R_PAREN, TokenType.HAVING,
                          TokenType.LIMIT, TokenType.SEMICOLON})
# dialects whose SELECT lists may end with a comma
_TRAILING_COMMA_OK = frozenset({"duckdb", "bigquery", "clickhouse"})
_FRAGMENT_CLAUSES = {"where": "WHERE", "filter": "WHERE", "having": "HAVING",
                     "order_by": "ORDER BY", "group_by": "GROUP BY"}


@dataclass(frozen=True)
class SqlProblem:
    """``kind``: ``syntax`` | ``unknown-table`` | ``unknown-column``; ``line`` is 1-based in
    the SQL text (None when not known)."""

    kind: str
    message: str
    line: Optional[int] = None


def check_sql(sql: str, schema: SqlSchema, dialects: Sequence[str], driver: bool = False,
              report_tables: bool = True, schema_checks: bool = True) -> list[SqlProblem]:
    """Problems of one raw SQL string (several statements allowed).

    ``dialects`` are config names (``"postgresql"``); a syntax error is reported only when
    none of them parses the text, and only for queries and DML (sqlglot does not know every
    DDL or administration command).
    """
    text = normalise_driver_sql(sql) if driver else normalise_text_sql(sql)
    if not is_statement(text):
        return []
    result = parse_sql(text, sqlglot_dialects(tuple(dialects)))
    if result.error is not None:
        return [_syntax(result.error)]
    for statement in result.statements:
        missing = _incomplete(statement) or _reserved_identifier(statement)
        if missing:
            return [SqlProblem("syntax", f"SQL syntax error: {missing}")]
    dangling = None if set(sqlglot_dialects(tuple(dialects))) & _TRAILING_COMMA_OK else \
        _dangling_comma(text)
    if dangling:
        return [SqlProblem("syntax", f"SQL syntax error: {dangling}")]
    if not schema_checks:
        return []
    problems: list[SqlProblem] = []
    several = _several_statements(text, result.statements, dialects)
    if several:
        problems.append(SqlProblem("syntax", several))
    for statement in result.statements:
        for problem in check_statement(statement, schema, report_tables):
            problems.append(SqlProblem(problem.kind, problem.message, problem.line))
    return problems


# drivers that refuse a second statement in one execute(): sqlite3 always ("You can only execute
# one statement at a time"), pymysql without CLIENT.MULTI_STATEMENTS
_ONE_STATEMENT_DIALECTS = frozenset({"sqlite", "mysql", "mariadb"})


def _several_statements(sql: str, statements: Sequence[exp.Expression],
                        dialects: Sequence[str]) -> Optional[str]:
    """Two statements or more in one execute(): refused by the sqlite3 and pymysql drivers, and
    by psycopg as soon as the SQL has parameters (server-side binding prepares one statement).
    Only psycopg2-style drivers without parameters run them; migrations are not checked here."""
    if len(statements) < 2:
        return None
    if not (set(dialects) & _ONE_STATEMENT_DIALECTS or text_binds(sql)):
        return None
    return (f"{len(statements)} statements in one execute(): the driver runs one statement at a "
            f"time (sqlite3: \"You can only execute one statement at a time\"; psycopg refuses "
            f"them with parameters); execute them one by one")


def check_fragment(fragment: str, clause: str, tables: Sequence[str], labels: Sequence[str],
                   schema: SqlSchema, dialects: Sequence[str]) -> list[SqlProblem]:
    """Problems of a ``text()`` fragment in clause ``clause`` (``where``, ``order_by``, ...)
    of a statement selecting from ``tables`` (names) and defining ``labels``."""
    keyword = _FRAGMENT_CLAUSES.get(clause)
    if keyword is None or not tables:
        return []
    body = normalise_text_sql(fragment)
    columns = ", ".join([f"1 AS {_quote(label)}" for label in labels] or ["1"])
    sources = ", ".join(_quote(t) for t in tables)
    prefix = f"SELECT {columns} FROM {sources} {keyword} "
    result = parse_sql(prefix + body, sqlglot_dialects(tuple(dialects)))
    if result.error is not None:
        return [SqlProblem("syntax", _syntax(result.error).message.replace(prefix, ""))]
    problems: list[SqlProblem] = []
    for statement in result.statements:
        for problem in check_statement(statement, schema, report_tables=False):
            problems.append(SqlProblem(problem.kind, problem.message, problem.line))
    return problems


def _dangling_comma(sql: str) -> Optional[str]:
    """A comma right before FROM/WHERE/... or a closing parenthesis (sqlglot accepts it)."""
    try:
        tokens = Tokenizer().tokenize(sql)
    except Exception:   # noqa: BLE001 - the parse succeeded; tokens are a second opinion
        return None
    for index, token in enumerate(tokens[:-1]):
        if token.token_type == TokenType.COMMA and tokens[index + 1].token_type in _AFTER_COMMA:
            return f"a comma before {tokens[index + 1].text!r}"
    if tokens and tokens[-1].token_type == TokenType.COMMA:
        return "a comma at the end"
    return None


def _incomplete(statement: exp.Expression) -> Optional[str]:
    """What a statement sqlglot accepted leniently lacks (``UPDATE t SET`` parses)."""
    if isinstance(statement, exp.Update) and not statement.expressions:
        return "UPDATE without SET assignments"
    if isinstance(statement, exp.Insert) and statement.expression is None and \
            not statement.args.get("default"):
        return "INSERT without VALUES or SELECT"
    return None


# words SQLite, PostgreSQL and MySQL all reserve: none of them accepts one unquoted as a table,
# column or alias name, though sqlglot parses `SELECT name, order FROM t` leniently
_RESERVED = frozenset({"all", "and", "as", "case", "check", "collate", "constraint", "create",
                       "default", "distinct", "else", "except", "foreign", "from", "group",
                       "having", "in", "into", "limit", "not", "null", "on", "or", "order",
                       "primary", "references", "select", "table", "then", "to", "union",
                       "unique", "using", "when", "where"})


def _reserved_identifier(statement: exp.Expression) -> Optional[str]:
    """An unquoted reserved word used as a name (a column called ``order``)."""
    for identifier in statement.find_all(exp.Identifier):
        name = identifier.this
        if not identifier.quoted and isinstance(name, str) and name.lower() in _RESERVED:
            return f"{name!r} is a reserved word; quote it (\"{name}\") to use it as a name"
    return None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"' if not name.isidentifier() else name


def _syntax(error: SyntaxProblem) -> SqlProblem:
    return SqlProblem("syntax", f"SQL syntax error: {error.message}", error.line)


__all__ = ["DIALECTS", "ParseResult", "SchemaProblem", "SqlProblem", "SqlSchema", "TableSchema",
           "check_fragment", "check_sql", "check_statement", "ddl_tables", "is_statement",
           "normalise_driver_sql", "parse_sql", "schema_for", "sqlglot_dialects", "text_binds"]
