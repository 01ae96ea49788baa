"""ORM301 raw-sql-invalid: ``text()`` SQL that the database will reject."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding, Position, Range, RelatedLocation
from analysis.index.names import dotted_name
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_models import table_names
from analysis.rules.orm2_scan import ModuleScan, module_scan
from analysis.rules.orm2_statements import final_graph
from analysis.rules.orm3_sources import (ExecutedText, RawSql, bound_names, constant_string,
                                         iter_executions, parameter_keys, raw_sql_calls,
                                         text_call_of)
from analysis.sqlcheck import SqlProblem, SqlSchema, check_fragment, check_sql, is_statement, \
    schema_for, text_binds

_EXECUTE_KEYWORDS = frozenset({"params", "parameters", "execution_options", "bind_arguments",
                               "_parent_execute_state", "_add_event"})
_FRAGMENT_STEPS = frozenset({"where", "filter", "having", "order_by", "group_by"})
_HEADER = '''from sqlalchemy import ForeignKey, String, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    age: Mapped[int]


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

'''


class RawSqlInvalid(Rule):
    """Raw SQL in `text()` or `exec_driver_sql()` that the database will reject.

    ## What it does
    Parses the SQL of `text("...")` and `conn.exec_driver_sql("...")` (constant strings,
    including names assigned a constant and `+` of constants) with sqlglot for the configured
    dialects and checks it against the schema of the model index:

    - a syntax error that every configured dialect reports (queries and DML only);
    - a table that no model or `Table` maps, when the index is the whole truth (no reflection,
      automap or raw DDL creating it in sight; catalogue tables and schema-qualified names
      are never reported);
    - a column its table does not have (aliases, CTEs, derived tables, correlated subqueries
      and `SELECT` output aliases are resolved; anything not resolvable is not reported);
    - a `text()` fragment in `where()`/`filter()`/`having()`/`order_by()`/`group_by()`
      naming a column the statement's tables lack;
    - bind parameters (`:name`) that the `execute()` call gives no value for, and
      `.bindparams(name=...)` naming a bind the SQL lacks;
    - an unqualified column that two tables of the statement have (ambiguous);
    - two statements or more in one `text()` when SQLite or MySQL is a target or the SQL has
      binds (sqlite3: "You can only execute one statement at a time");
    - a plain SQL string given to a Session's or Connection's `execute()` in code written for
      SQLAlchemy 2.x (`DeclarativeBase`, `Mapped[...]`, `mapped_column`), which needs `text()`.

    Migration modules (importing `alembic`, defining `revision`/`down_revision`, or under a
    `migrations`/`alembic` directory) are checked for syntax only: their SQL runs against older
    schemas.

    ## Why is this bad?
    Raw SQL is invisible to the ORM: a misspelt column, a table renamed in the models but
    not in the string, or a quote inside a literal fails only when the line runs
    (`OperationalError: no such column`, `ProgrammingError: relation "comment" does not
    exist`, `StatementError: A value is required for bind parameter 'id'`).

    ## Example
    ```python
    session.execute(text("UPDATE users SET nmae = :name WHERE id = :id"), {"name": n, "id": 1})
    ```

    ## Use instead
    ```python
    session.execute(text("UPDATE users SET name = :name WHERE id = :id"), {"name": n, "id": 1})
    ```

    ## Fix safety
    No fix is offered.
    """

    code = "ORM301"
    name = "raw-sql-invalid"
    severity = "error"

    VALID = [
        _HEADER + '''
RECENT = text(
    "WITH recent AS (SELECT user_id, COUNT(*) AS n FROM posts GROUP BY user_id) "
    "SELECT users.name, recent.n FROM recent JOIN users ON users.id = recent.user_id "
    "WHERE recent.n >= :min ORDER BY n DESC"
)


def fine(session: Session, min_posts: int = 2):
    session.execute(RECENT, {"min": min_posts})
    session.execute(text("UPDATE users SET age = age + 1 WHERE id = :id"), {"id": 1})
    session.execute(text('SELECT name AS "order" FROM users ORDER BY "order"'))
    session.execute(text("SELECT u.name FROM users u WHERE EXISTS "
                         "(SELECT 1 FROM posts p WHERE p.user_id = u.id)"))
    session.scalars(select(User).where(text("age > 65")))
    session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    session.execute(text("SELECT id FROM users WHERE name = :n").bindparams(n="x"))
    session.connection().exec_driver_sql("SELECT name FROM users WHERE id = %s", (1,))
    session.execute(text("CREATE TEMP TABLE scratch (v INTEGER)"))
    session.execute(text("INSERT INTO scratch (v) VALUES (:v)"), [{"v": 1}, {"v": 2}])


def dbapi(cursor):
    cursor.execute("SELECT name FROM users")
''',
    ]
    INVALID = [
        _HEADER + '''
def rotate(session: Session, uid: int):
    session.execute(text("DELETE FROM posts WHERE id = :id; DELETE FROM users WHERE id = :id"), {"id": uid})  # error
''',
        _HEADER + '''
def broken(session: Session, user_id: int = 1):
    session.execute(text("UPDATE users SET nmae = :name WHERE id = :id"), {"name": "a", "id": 1})  # error
    session.execute(text("SELECT id FROM users WHERE name = 'O'Brien'"))  # error
    session.execute(text("DELETE FROM comment WHERE post_id = :pid"), {"pid": 1})  # error
    session.scalars(select(User).where(text("agee > 65")))  # error
    session.execute(text("SELECT id FROM users WHERE id = :id"), {"user_id": user_id})  # error
    session.execute(text("SELEC id FROM users"))  # error
    session.execute("DELETE FROM users WHERE age > 99")  # error
    session.execute(text("SELECT id, order FROM users"))  # error
''',
        _HEADER + '''
NEWEST = text(  # error
    """
    SELECT id, name
    FROM users
    ORDER BY signup_date DESC
    """
)
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        raws = raw_sql_calls(scan)
        if raws:
            yield from self._raw_sql(ctx, scan, raws)
        yield from self._plain_strings(ctx, scan)

    def _raw_sql(self, ctx: RuleContext, scan: ModuleScan, raws: list[RawSql]
                 ) -> Iterable[Finding]:
        # every problem of one text() call becomes one finding (they share its position)
        collected: dict[int, tuple[RawSql, list[str], list[RelatedLocation]]] = {}

        def note(raw: RawSql, message: str, related: Iterable[RelatedLocation] = ()) -> None:
            entry = collected.setdefault(id(raw.call), (raw, [], []))
            if message not in entry[1]:
                entry[1].append(message)
                entry[2].extend(related)

        schema_checks = not _is_migration(ctx)
        schema: Optional[SqlSchema] = None
        dialects = tuple(ctx.config.dialects)
        uses_models = _uses_models(ctx)
        checked: dict[tuple[str, str], list[SqlProblem]] = {}    # the same SQL, once
        wrong_bindparams: set[int] = set()
        for raw in raws:
            sql = constant_string(scan, raw.sql_node, raw.scope)
            if sql is None:
                continue
            if schema is None:
                schema = schema_for(ctx.project, ctx.module.module_name, ctx.module.source)
            fragment_step = _fragment_step(scan, raw) if raw.kind == "text" else None
            if fragment_step is not None:
                problems = self._fragment(scan, raw, sql, fragment_step, schema, dialects)
            else:
                key = (sql, raw.kind)
                if key not in checked:
                    checked[key] = check_sql(sql, schema, dialects, driver=raw.kind == "driver",
                                             report_tables=uses_models,
                                             schema_checks=schema_checks)
                problems = checked[key]
            for problem in problems:
                note(raw, _message(problem))
            if raw.kind == "text":
                for message in self._bindparams(scan, raw, sql):
                    wrong_bindparams.add(id(raw.call))
                    note(raw, message)
        for raw, message, related in self._binds(ctx, scan):
            if id(raw.call) not in wrong_bindparams:
                note(raw, message, related)
        for raw, messages, related in collected.values():
            where = "text()" if raw.kind == "text" else "exec_driver_sql()"
            yield ctx.finding(_range(ctx, raw), f"{where}: " + "; ".join(messages),
                              related=tuple(related))

    # ------------------------------------------------------------------ .bindparams()
    def _bindparams(self, scan: ModuleScan, raw: RawSql, sql: str) -> list[str]:
        """``text(...).bindparams(name=...)`` naming a bind the SQL does not have raises
        ArgumentError as soon as the line runs."""
        binds = set(text_binds(sql))
        node: cst.CSTNode = raw.call
        for _ in range(4):
            attribute = scan.parent(node)
            call = scan.parent(attribute) if isinstance(attribute, cst.Attribute) else None
            if not isinstance(call, cst.Call) or call.func is not attribute:
                return []
            assert isinstance(attribute, cst.Attribute)
            if attribute.attr.value == "bindparams":
                executed = ExecutedText(raw)
                bound_names(scan, call, raw.scope, executed)
                listed = ", ".join(":" + b for b in sorted(binds)) or "none"
                return [f"bindparams({name}=...) names no bind parameter of the SQL ({listed}); "
                        f"SQLAlchemy raises ArgumentError"
                        for name in sorted(executed.bound - binds)]
            node = call
        return []

    # ------------------------------------------------------------------ execute("...")
    def _plain_strings(self, ctx: RuleContext, scan: ModuleScan) -> Iterable[Finding]:
        if not _sqlalchemy_2(ctx):
            return          # 1.x accepts plain strings (1.4 with a deprecation warning)
        for call, scope, method in iter_executions(scan):
            if not isinstance(call.func, cst.Attribute) or not call.args or \
                    call.args[0].keyword is not None:
                continue
            sql = constant_string(scan, call.args[0].value, scope)
            if sql is None or not is_statement(sql) or \
                    not _session_like(scan, call.func.value, scope):
                continue
            yield ctx.finding(_range(ctx, RawSql("driver", call, scope, None)), (
                f"{method}() of a plain SQL string: SQLAlchemy 2.0 raises "
                f"ObjectNotExecutableError (1.4 only warns); wrap it in text()"))

    # ------------------------------------------------------------------ fragments
    @staticmethod
    def _fragment(scan: ModuleScan, raw: RawSql, sql: str, step: tuple[str, cst.Call],
                  schema: SqlSchema, dialects: tuple[str, ...]) -> list[SqlProblem]:
        name, call = step
        graph = final_graph(scan, call, raw.scope)
        if graph is None or not graph.ok or not graph.nodes:
            return []
        tables: list[str] = []
        for entity in graph.nodes.values():
            if entity.alias is not None:
                return []       # aliased tables get generated names in the SQL
            for table in table_names(entity.model):
                if table not in tables:
                    tables.append(table)
        return check_fragment(sql, name, tables, sorted(graph.labels), schema, dialects)

    # ------------------------------------------------------------------ bind parameters
    def _binds(self, ctx: RuleContext, scan: ModuleScan
               ) -> Iterable[tuple[RawSql, str, tuple[RelatedLocation, ...]]]:
        for call, scope, method in iter_executions(scan):
            positional = [a for a in call.args if a.keyword is None]
            if not positional or any(a.star for a in call.args):
                continue
            executed = text_call_of(scan, positional[0].value, scope)
            if executed is None or executed.opaque_binds:
                continue
            sql = constant_string(scan, executed.raw.sql_node, executed.raw.scope)
            if sql is None:
                continue
            binds = [b for b in text_binds(sql) if b not in executed.bound]
            if not binds:
                continue
            params: Optional[cst.BaseExpression] = positional[1].value \
                if len(positional) > 1 else None
            # 1.x style: execute(stmt, id=5) passes the values as keywords
            given = {a.keyword.value for a in call.args if a.keyword is not None and
                     a.keyword.value not in _EXECUTE_KEYWORDS}
            for arg in call.args:
                if arg.keyword is not None and arg.keyword.value in ("params", "parameters"):
                    params = arg.value
            if params is None:
                missing = [b for b in binds if b not in given]
            else:
                rows = parameter_keys(scan, params, scope)
                if rows is None:
                    continue
                missing = [b for b in binds if b not in given and
                           any(b not in keys for keys in rows)]
            if not missing:
                continue
            names = ", ".join(f":{b}" for b in missing)
            where = ctx.range_of(call)
            related: tuple[RelatedLocation, ...] = ()
            if ctx.range_of(executed.raw.call).start.line != where.start.line:
                related = (RelatedLocation(ctx.path, where, f"executed here by {method}()"),)
            yield executed.raw, (
                f"bind parameter{'s' if len(missing) > 1 else ''} {names} "
                f"get{'' if len(missing) > 1 else 's'} no value in the {method}() call on "
                f"line {where.start.line + 1}: SQLAlchemy raises \"A value is required for "
                f"bind parameter\""), related


def _fragment_step(scan: ModuleScan, raw: RawSql) -> Optional[tuple[str, cst.Call]]:
    """``(step name, step call)`` when the text() is an argument of ``.where(...)`` etc."""
    arg = scan.parent(raw.call)
    call = scan.parent(arg) if isinstance(arg, cst.Arg) else None
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and \
            call.func.attr.value in _FRAGMENT_STEPS and arg in call.args:
        return call.func.attr.value, call
    return None


_SESSION_TYPES = frozenset({"orm.Session", "orm.AsyncSession", "orm.ext.asyncio.AsyncSession",
                            "orm.scoped_session", "orm.Connection", "orm.ext.asyncio.AsyncConnection",
                            "orm.engine.Connection"})


def _session_like(scan: ModuleScan, receiver: cst.BaseExpression, scope) -> bool:
    """An SQLAlchemy Session or Connection (``session``, ``db.session``, a name annotated so) --
    not a DB-API cursor or connection, whose execute() takes plain strings."""
    dotted = dotted_name(receiver)
    if dotted is None:
        return False
    last = dotted.rsplit(".", 1)[-1].lower()
    if last in ("session", "db_session", "dbsession", "async_session"):
        return True
    if "." in dotted:
        return False
    owner, bindings = scan.lookup(dotted, scope)
    for binding in bindings:
        if binding.annotation is not None and \
                scan.orm_name(binding.annotation, owner or scope) in _SESSION_TYPES:
            return True
    return False


_SA2_WORDS = ("DeclarativeBase", "mapped_column", "Mapped[", "DeclarativeBaseNoMeta",
               "MappedAsDataclass")


def _sqlalchemy_2(ctx: RuleContext) -> bool:
    """Whether the code is written for SQLAlchemy 2.x (2.0-only APIs in the module or its
    models): only there does a plain string given to execute() fail."""
    source = ctx.module.source
    if any(word in source for word in _SA2_WORDS):
        return True
    cached = ctx.shared.get("orm301.sa2")
    if cached is None:
        cached = any(c.annotation_text and "Mapped[" in c.annotation_text
                     for m in ctx.project.models.values() for c in m.columns.values())
        ctx.shared["orm301.sa2"] = cached
    return cached


def _uses_models(ctx: RuleContext) -> bool:
    """Whether the module defines or imports a mapped class (its SQL targets the models)."""
    project = ctx.project
    name = ctx.module.module_name
    modules = {m.module for m in project.models.values()}
    if name in modules:
        return True
    for target in ctx.module.imports.values():
        if target in project.models or target in modules or \
                project.resolve_symbol(target) in project.models:
            return True
    return False


def _is_migration(ctx: RuleContext) -> bool:
    """A schema migration (alembic or alike): its SQL runs against an older schema."""
    if any(t == "alembic" or t.startswith("alembic.") for t in ctx.module.imports.values()):
        return True
    if {"revision", "down_revision"} <= ctx.module.defs:
        return True
    parts = ctx.path.replace("\\", "/").split("/")
    return "migrations" in parts[:-1] or "alembic" in parts[:-1]


def _range(ctx: RuleContext, raw: RawSql) -> Range:
    whole = ctx.range_of(raw.call)
    if raw.kind == "driver" and isinstance(raw.call.func, cst.Attribute):
        start = ctx.range_of(raw.call.func.attr).start
        return Range(start, Position(whole.end.line, whole.end.column))
    return whole


def _message(problem: SqlProblem) -> str:
    line = f" (line {problem.line} of the SQL)" if problem.line and problem.line > 1 else ""
    return f"{problem.message}{line}"
