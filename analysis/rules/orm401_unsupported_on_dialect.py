"""ORM401 unsupported-on-dialect: a construct one of the target databases cannot run."""
from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

import libcst as cst
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Tokenizer, TokenType

from analysis.config import DEFAULT_DIALECTS
from analysis.findings import Finding, Position, Range
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_dialects import PG_ONLY_TYPES
from analysis.rules.orm2_scan import ModuleScan, Scope, module_scan
from analysis.rules.orm2_statements import flatten
from analysis.rules.orm3_sources import constant_string, raw_sql_calls

SQLITE, POSTGRESQL, MYSQL = "sqlite", "postgresql", "mysql"
_FAMILY = {"sqlite": SQLITE, "postgresql": POSTGRESQL, "postgres": POSTGRESQL,
           "mysql": MYSQL, "mariadb": MYSQL}
_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL", MYSQL: "MySQL/MariaDB"}
_URL = re.compile(r"""["'](sqlite|postgresql|postgres|mysql|mariadb)(?:\+\w+)?://""")

# functions that only some databases have (and that SQLAlchemy renders as written)
_FUNCTIONS: dict[str, frozenset[str]] = {}
for _names, _where in (
    ("array_agg string_agg date_trunc to_char to_date to_timestamp generate_series unnest "
     "json_agg jsonb_agg json_build_object jsonb_build_object to_json to_jsonb row_to_json "
     "jsonb_set jsonb_array_elements json_array_elements array_length array_to_string "
     "array_position cardinality gen_random_uuid uuid_generate_v4 age", {POSTGRESQL}),
    ("greatest least regexp_replace", {POSTGRESQL, MYSQL}),
    ("group_concat ifnull", {SQLITE, MYSQL}),
    ("date_format str_to_date from_unixtime unix_timestamp curdate datediff timestampdiff "
     "last_insert_id rand", {MYSQL}),
    ("strftime julianday unixepoch", {SQLITE}),
):
    for _name in _names.split():
        _FUNCTIONS[_name] = frozenset(_where)
# column types only PostgreSQL has
_PG_TYPES = PG_ONLY_TYPES
_HEADER = '''from sqlalchemy import ForeignKey, String, func, insert, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))

'''


class UnsupportedOnDialect(Rule):
    """A construct that a target database of the project cannot run.

    ## What it does
    Knows the target databases from `dialects` in `[tool.ormlens]` (when it is set to
    something else than the default), or else from the database URLs a module names
    (`create_engine("mysql+pymysql://...")`); without either it says nothing.  Then it reports:

    - `.returning(...)` when MySQL/MariaDB is a target (MySQL has no RETURNING; MariaDB
      only for INSERT/DELETE from 10.5);
    - a FULL OUTER JOIN (`join(..., full=True)`) on MySQL/MariaDB;
    - `.nulls_first()`/`.nulls_last()` on MySQL/MariaDB, `.distinct(column)` (DISTINCT ON)
      anywhere but PostgreSQL;
    - `on_conflict_do_update()`/`on_conflict_do_nothing()` on MySQL, `on_duplicate_key_update()`
      on PostgreSQL or SQLite;
    - `func.<name>()` of a function some targets lack (`array_agg`, `string_agg`,
      `date_trunc`, `group_concat`, `greatest`, `strftime`, ...);
    - PostgreSQL-only column types (`ARRAY`, `JSONB`, `HSTORE`, ...) in models of the module;
    - the same constructs (`RETURNING`, `FULL JOIN`, `ILIKE`, `DISTINCT ON`, `::` casts, those
      functions) in raw `text()` SQL.

    ## Why is this bad?
    SQLAlchemy renders these constructs as written; the database that lacks them rejects the
    statement (a syntax error, `FUNCTION array_agg does not exist`) or, for DISTINCT ON outside
    PostgreSQL, SQLAlchemy drops the ON part and the query returns other rows.  The code works
    against the development database and fails on the other target.

    ## Example
    ```python
    # [tool.ormlens] dialects = ["postgresql", "mysql"]
    stmt = select(User.team_id, func.array_agg(User.name)).group_by(User.team_id)
    ```

    ## Use instead
    ```python
    stmt = select(User.team_id, func.aggregate_strings(User.name, ",")).group_by(User.team_id)
    ```

    ## Fix safety
    No fix is offered: the portable form depends on what the code needs.
    """

    code = "ORM401"
    name = "unsupported-on-dialect"
    severity = "warning"

    VALID = [
        _HEADER + '''
engine_url = "postgresql+psycopg://localhost/app"


def fine(session: Session):
    session.execute(insert(User).values(name="x").returning(User.id))
    session.execute(select(func.array_agg(User.name)))
    session.execute(select(User).distinct(User.name))
    session.execute(text("SELECT id::text FROM users WHERE name ILIKE :p"), {"p": "a%"})
''',
        _HEADER + '''
def no_target_known(session: Session):
    session.execute(insert(User).values(name="x").returning(User.id))
    session.execute(select(func.group_concat(User.name)))
''',
    ]
    INVALID = [
        _HEADER + '''
engine_url = "mysql+pymysql://root@localhost/app"


def mysql_only(session: Session):
    session.execute(insert(User).values(name="x").returning(User.id))  # error
    session.execute(select(func.array_agg(User.name)))  # error
    session.execute(select(User).order_by(User.name.nulls_last()))  # error
    session.execute(select(User).distinct(User.name))  # error
    session.execute(text("SELECT id::text FROM users"))  # error
    session.execute(select(func.group_concat(User.name)))
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        targets = target_dialects(ctx)
        if not targets:
            return
        scan = module_scan(ctx)
        for call, scope in scan.calls:
            message = self._call(scan, call, scope, targets)
            if message:
                yield ctx.finding(_range(ctx, call), message)
        for raw in raw_sql_calls(scan):
            if raw.kind != "text":
                continue
            sql = constant_string(scan, raw.sql_node, raw.scope)
            if sql is None:
                continue
            for message in raw_sql_problems(sql, targets):
                yield ctx.finding(raw.call, f"text(): {message}")
        yield from self._column_types(ctx, targets)

    # ------------------------------------------------------------------ calls
    def _call(self, scan: ModuleScan, call: cst.Call, scope: Scope, targets: set[str]
              ) -> Optional[str]:
        name = scan.orm_name(call.func, scope) if isinstance(call.func, (cst.Name,
                                                                          cst.Attribute)) \
            else None
        if name is not None and name.startswith("orm.func.") and name.count(".") == 2:
            function = name.rsplit(".", 1)[-1].lower()
            lacking = targets - _FUNCTIONS.get(function, frozenset(targets))
            if lacking:
                return (f"`func.{function}()` does not exist on {_list(lacking)}: the statement "
                        f"fails there (targets: {_list(targets)})")
            return None
        if name in ("orm.join", "orm.outerjoin") or isinstance(call.func, cst.Attribute) and \
                call.func.attr.value in ("join", "outerjoin", "join_from", "outerjoin_from"):
            if MYSQL in targets and _true_keyword(call, "full"):
                return (f"FULL OUTER JOIN does not exist on MySQL/MariaDB (targets: "
                        f"{_list(targets)})")
            return None
        if not isinstance(call.func, cst.Attribute):
            return None
        method = call.func.attr.value
        if method == "returning" and MYSQL in targets and _dml_base(scan, call, scope):
            return (f"RETURNING is not supported by MySQL (MariaDB: INSERT/DELETE only, from "
                    f"10.5) (targets: {_list(targets)})")
        if method in ("nulls_first", "nulls_last", "nullsfirst", "nullslast") and \
                not call.args and MYSQL in targets:
            return (f"NULLS FIRST/LAST is a syntax error on MySQL/MariaDB (targets: "
                    f"{_list(targets)}); order by `col IS NULL` first instead")
        if method == "distinct" and call.args and targets - {POSTGRESQL} and \
                _select_base(scan, call, scope):
            return (f"`.distinct(column)` is DISTINCT ON, PostgreSQL only: on "
                    f"{_list(targets - {POSTGRESQL})} SQLAlchemy drops the ON part and the "
                    f"rows differ")
        if method in ("on_conflict_do_update", "on_conflict_do_nothing") and MYSQL in targets:
            return (f"`{method}()` (INSERT ... ON CONFLICT) does not exist on MySQL/MariaDB; "
                    f"use the mysql dialect's insert().on_duplicate_key_update()")
        if method == "on_duplicate_key_update" and targets & {POSTGRESQL, SQLITE}:
            return (f"`on_duplicate_key_update()` is MySQL-only; "
                    f"{_list(targets & {POSTGRESQL, SQLITE})} need on_conflict_do_update()")
        return None

    # ------------------------------------------------------------------ column types
    def _column_types(self, ctx: RuleContext, targets: set[str]) -> Iterable[Finding]:
        lacking = targets - {POSTGRESQL}
        if not lacking:
            return
        for model in ctx.project.models.values():
            if model.path != ctx.path:
                continue
            for column in model.columns.values():
                if column.owner == model.qualname and column.sql_type in _PG_TYPES and \
                        column.path == ctx.path:
                    yield ctx.finding(column.range, (
                        f"`{model.name}.{column.key}` has the PostgreSQL-only type "
                        f"{column.sql_type}: creating or using the table fails on "
                        f"{_list(lacking)}"))


def target_dialects(ctx: RuleContext) -> set[str]:
    """The database families the module must run on (empty: unknown, stay silent)."""
    configured = tuple(ctx.config.dialects)
    if configured and configured != tuple(DEFAULT_DIALECTS):
        return {_FAMILY[d.lower()] for d in configured if d.lower() in _FAMILY}
    return {_FAMILY[m.group(1)] for m in _URL.finditer(ctx.module.source)}


def raw_sql_problems(sql: str, targets: set[str]) -> list[str]:
    """Portability problems of raw SQL for the target families (token-level, quotes aware)."""
    return list(_raw_sql_problems(sql, frozenset(targets)))


@functools.lru_cache(maxsize=1024)
def _raw_sql_problems(sql: str, targets: frozenset[str]) -> tuple[str, ...]:
    try:
        tokens = Tokenizer().tokenize(sql)
    except (SqlglotError, ValueError, IndexError):
        return ()
    found: list[str] = []

    def add(message: str) -> None:
        if message not in found:
            found.append(message)

    for index, token in enumerate(tokens):
        kind = token.token_type
        following = tokens[index + 1].token_type if index + 1 < len(tokens) else None
        if kind == TokenType.RETURNING and MYSQL in targets:
            add("RETURNING is not supported by MySQL (MariaDB: INSERT/DELETE only, from 10.5)")
        elif kind == TokenType.FULL and MYSQL in targets and \
                following in (TokenType.OUTER, TokenType.JOIN):
            add("FULL OUTER JOIN does not exist on MySQL/MariaDB")
        elif kind == TokenType.ILIKE and targets - {POSTGRESQL}:
            add(f"ILIKE does not exist on {_list(targets - {POSTGRESQL})}")
        elif kind == TokenType.DCOLON and targets - {POSTGRESQL}:
            add(f"`::` casts are PostgreSQL syntax: a syntax error on "
                f"{_list(targets - {POSTGRESQL})}; use CAST(x AS type)")
        elif kind == TokenType.DISTINCT and following == TokenType.ON and \
                targets - {POSTGRESQL}:
            add(f"DISTINCT ON is PostgreSQL only (not on {_list(targets - {POSTGRESQL})})")
        elif kind == TokenType.VAR and following == TokenType.L_PAREN:
            where = _FUNCTIONS.get(token.text.lower())
            if where is not None and targets - where:
                add(f"function {token.text}() does not exist on {_list(targets - where)}")
    return tuple(found)


def _dml_base(scan: ModuleScan, call: cst.Call, scope: Scope) -> bool:
    base, _ = flatten(call, scan, scope)
    if not isinstance(base, cst.Call):
        return False
    name = scan.orm_name(base.func, scope) or ""
    return name in ("orm.insert", "orm.update", "orm.delete") or \
        name.startswith("orm.dialects.") and name.endswith(".insert")


def _select_base(scan: ModuleScan, call: cst.Call, scope: Scope) -> bool:
    base, calls = flatten(call, scan, scope)
    if isinstance(base, cst.Call) and scan.orm_name(base.func, scope) == "orm.select":
        return True
    return bool(calls) and calls[0][0] == "query" and isinstance(base, (cst.Name,
                                                                       cst.Attribute))


def _true_keyword(call: cst.Call, keyword: str) -> bool:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return isinstance(arg.value, cst.Name) and arg.value.value == "True"
    return False


def _list(families: Iterable[str]) -> str:
    return ", ".join(_NAMES[f] for f in sorted(families))


def _range(ctx: RuleContext, call: cst.Call) -> Range:
    whole = ctx.range_of(call)
    if isinstance(call.func, cst.Attribute):
        start = ctx.range_of(call.func.attr).start
        return Range(start, Position(whole.end.line, whole.end.column))
    return whole
