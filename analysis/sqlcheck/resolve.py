"""Tables and columns of parsed SQL resolved against a :class:`~analysis.sqlcheck.schema.SqlSchema`.

Name resolution follows SQL's scoping: each SELECT/INSERT/UPDATE/DELETE has its FROM sources
(tables by alias, derived tables and CTEs with their output columns, table functions with
unknown columns); a qualified column ``u.name`` looks its qualifier up from the innermost scope
outwards (correlation), an unqualified one must belong to a source of its scope or an enclosing
one, or be an output alias.  Whatever cannot be known (a source with unknown columns, a
``SELECT *`` derived table, an unfamiliar construct) makes the check silent, never noisy.

Example::

    problems = check_statement(parse_one("SELECT nmae FROM users"), schema)
    problems[0].message        # "column `nmae` does not exist in `users` (did you mean `name`?)"
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlglot import exp

from analysis.sqlcheck.schema import SqlSchema

# column names every table has in some database, and words parsed as columns in places
_SYSTEM_COLUMNS = frozenset({"rowid", "oid", "_rowid_", "ctid", "xmin", "xmax", "cmin", "cmax",
                             "tableoid", "true", "false", "null", "on", "off", "yes", "no",
                             "default", "unknown", "excluded", "new", "old", "current_user",
                             "session_user", "user", "localtime", "localtimestamp", "sysdate",
                             "level", "rownum"})
_CATALOG_PREFIXES = ("sqlite_", "pg_", "information_schema", "mysql", "sys", "dual")
_SCOPED = (exp.Select, exp.Update, exp.Delete, exp.Insert)
_CHECKED_ROOTS = (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Update, exp.Delete,
                  exp.Insert, exp.Subquery)


@dataclass(frozen=True)
class SchemaProblem:
    kind: str            # "unknown-table" | "unknown-column"
    name: str
    message: str
    line: Optional[int] = None     # 1-based line in the SQL text, when known


@dataclass
class _Source:
    columns: Optional[frozenset[str]]    # lower-case; None: unknown
    table: Optional[str] = None          # the schema table it is, for messages


@dataclass
class _Scope:
    node: exp.Expression
    parent: Optional["_Scope"]
    sources: dict[str, _Source] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    hidden: dict[str, str] = field(default_factory=dict)   # table name -> the alias it has
    open: bool = False                   # an unfamiliar FROM item: columns cannot be checked


class _Checker:
    def __init__(self, schema: SqlSchema, report_tables: bool) -> None:
        self.schema = schema
        self.report_tables = report_tables and schema.authoritative
        self.problems: list[SchemaProblem] = []
        self.scopes: dict[int, _Scope] = {}
        self.ctes: dict[int, dict[str, _Source]] = {}   # id(with-owner) -> visible CTEs

    # ------------------------------------------------------------------ scopes
    def scope_of(self, node: exp.Expression) -> Optional[_Scope]:
        current = node.parent
        while current is not None:
            if isinstance(current, _SCOPED):
                return self.build(current)
            current = current.parent
        return None

    def visible_ctes(self, node: exp.Expression) -> dict[str, _Source]:
        out: dict[str, _Source] = {}
        chain = []
        current: Optional[Any] = node
        while current is not None:
            chain.append(current)
            current = current.parent
        for owner in reversed(chain):
            with_ = owner.args.get("with_") or owner.args.get("with")
            if isinstance(with_, exp.With):
                for cte in with_.expressions:
                    if isinstance(cte, exp.CTE) and cte.alias:
                        out[cte.alias.lower()] = _Source(_output_columns(cte.this, cte),
                                                         None)
        return out

    def build(self, node: exp.Expression) -> _Scope:
        cached = self.scopes.get(id(node))
        if cached is not None:
            return cached
        parent = self.scope_of(node)
        scope = _Scope(node, parent)
        self.scopes[id(node)] = scope
        ctes = self.visible_ctes(node)
        items: list[exp.Expression] = []
        if isinstance(node, exp.Select):
            from_ = node.args.get("from_") or node.args.get("from")
            if isinstance(from_, exp.From):
                items.append(from_.this)
                items.extend(from_.expressions or [])
            for join in node.args.get("joins") or []:
                items.append(join.this)
            for projection in node.expressions:
                if isinstance(projection, exp.Alias):
                    scope.aliases.add(projection.alias.lower())
        elif isinstance(node, (exp.Update, exp.Delete)):
            items.append(node.this)
            from_ = node.args.get("from_") or node.args.get("from")
            if isinstance(from_, exp.From):
                items.append(from_.this)
            using = node.args.get("using")
            if isinstance(using, list):
                items.extend(using)
            for join in node.args.get("joins") or []:
                items.append(join.this)
        elif isinstance(node, exp.Insert):
            target = node.this.this if isinstance(node.this, exp.Schema) else node.this
            items.append(target)
        for item in items:
            self.add_source(scope, item, ctes)
        if isinstance(node, exp.Insert):
            target = next(iter(scope.sources.values()), None)
            if target is not None:
                # ON CONFLICT ... excluded.col / MySQL's new-row alias refer to the target
                scope.sources.setdefault("excluded", target)
        return scope

    def add_source(self, scope: _Scope, item: exp.Expression, ctes: dict[str, _Source]) -> None:
        if isinstance(item, exp.Join):
            item = item.this
        if isinstance(item, exp.Table):
            alias = item.alias_or_name.lower()
            inner = item.this
            if not isinstance(inner, exp.Identifier):
                scope.sources[alias] = _Source(_alias_columns(item))      # table function
                return
            name = inner.name.lower()
            qualified = bool(item.args.get("db") or item.args.get("catalog"))
            if not qualified and name in ctes:
                scope.sources[alias] = ctes[name]
                if item.alias:
                    scope.sources[alias] = ctes[name]
                return
            known = self.schema.table(name)
            if known is None:
                self.unknown_table(item, name, qualified)
                scope.sources[alias] = _Source(None, name)
                return
            scope.sources[alias] = _Source(known.columns, name)
            if item.alias and alias != name:
                # `FROM users u`: the name `users` is hidden in this scope
                scope.hidden.setdefault(name, alias)
            return
        if isinstance(item, exp.Subquery):
            alias = item.alias.lower() if item.alias else ""
            columns = _alias_columns(item) or _output_columns(item.this, None)
            if alias:
                scope.sources[alias] = _Source(columns)
            else:
                scope.open = True
            return
        if isinstance(item, (exp.Values, exp.Lateral, exp.Unnest)):
            alias = item.alias.lower() if getattr(item, "alias", None) else ""
            if alias:
                scope.sources[alias] = _Source(_alias_columns(item))
            scope.open = True if not alias else scope.open
            return
        scope.open = True

    def unknown_table(self, item: exp.Table, name: str, qualified: bool) -> None:
        if not self.report_tables or qualified or self.schema.knows(name):
            return
        if name.startswith(_CATALOG_PREFIXES):
            return
        close = difflib.get_close_matches(name, sorted(self.schema.tables), n=1, cutoff=0.6)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        self.problems.append(SchemaProblem(
            "unknown-table", name, f"table `{item.name}` is not mapped by any model or "
                                   f"Table in the project{hint}", _line(item.this)))

    # ------------------------------------------------------------------ columns
    def check_column(self, column: exp.Column) -> None:
        if isinstance(column.this, exp.Star) or not isinstance(column.this, exp.Identifier):
            return
        if column.arg_key == "unit" or column.find_ancestor(exp.Lambda) is not None:
            return
        name = column.name.lower()
        if name in _SYSTEM_COLUMNS:
            return
        scope = self.scope_of(column)
        if scope is None:
            return
        qualifier = column.table.lower() if column.table else ""
        if column.args.get("db") or column.args.get("catalog"):
            return
        if qualifier:
            source = self._find_source(scope, qualifier)
            if source is None:
                self._hidden_table(scope, column, qualifier)
                return
            if source.columns is None or name in source.columns:
                return
            self._unknown(column, name, [source])
            return
        if isinstance(column.parent, exp.Insert) or _in_insert_columns(column):
            return
        self._ambiguity(scope, column, name)
        current: Optional[_Scope] = scope
        candidates: list[_Source] = []
        while current is not None:
            if current.open or name in current.aliases:
                return
            for source in current.sources.values():
                if source.columns is None or name in source.columns:
                    return
                candidates.append(source)
            current = current.parent
        if candidates and not column.this.args.get("quoted"):
            self._unknown(column, name, candidates)

    @staticmethod
    def _find_source(scope: _Scope, qualifier: str) -> Optional[_Source]:
        current: Optional[_Scope] = scope
        while current is not None:
            if qualifier in current.sources:
                return current.sources[qualifier]
            current = current.parent
        return None

    def _ambiguity(self, scope: _Scope, column: exp.Column, name: str) -> None:
        """An unqualified column two FROM items of the same SELECT have (in the SELECT list,
        WHERE or ON: ORDER BY/GROUP BY may name output columns, which dialects resolve apart)."""
        node = scope.node
        if not isinstance(node, exp.Select) or scope.open or name in scope.aliases:
            return
        if any(j.args.get("using") or j.args.get("method") for j in node.args.get("joins") or []):
            return          # USING / NATURAL joins merge the shared columns
        if _clause_of(column, node) not in ("expressions", "where", "joins"):
            return
        holders = []
        for key, source in scope.sources.items():
            if source.columns is None:
                return
            if name in source.columns:
                holders.append(key)
        if len(holders) >= 2:
            self.problems.append(SchemaProblem(
                "unknown-column", f"ambiguous:{name}",
                f"column `{column.name}` is ambiguous: "
                f"{' and '.join(f'`{h}`' for h in holders)} both have it; qualify it",
                _line(column.this)))

    def _hidden_table(self, scope: _Scope, column: exp.Column, qualifier: str) -> None:
        """``users.id`` where ``users`` is only in scope as ``u``: every database rejects it."""
        current: Optional[_Scope] = scope
        while current is not None:
            if current.open:
                return
            if qualifier in current.hidden:
                self.problems.append(SchemaProblem(
                    "unknown-column", f"{qualifier}.{column.name}",
                    f"`{qualifier}.{column.name}`: table `{qualifier}` is aliased as "
                    f"`{current.hidden[qualifier]}` here, write "
                    f"`{current.hidden[qualifier]}.{column.name}`", _line(column.this)))
                return
            current = current.parent

    def _unknown(self, column: exp.Column, name: str, sources: list[_Source]) -> None:
        tables = []
        known: set[str] = set()
        for source in sources:
            if source.table and source.table not in tables:
                tables.append(source.table)
            known |= set(source.columns or ())
        where = " or ".join(f"`{t}`" for t in tables) if tables else "the statement's sources"
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        self.problems.append(SchemaProblem("unknown-column", name,
                                           f"column `{column.name}` does not exist in "
                                           f"{where}{hint}", _line(column.this)))

    def insert_columns(self, insert: exp.Insert) -> None:
        if not isinstance(insert.this, exp.Schema):
            return
        self.insert_arity(insert)
        scope = self.build(insert)
        target = next(iter(scope.sources.values()), None)
        if target is None or target.columns is None:
            return
        for identifier in insert.this.expressions:
            if isinstance(identifier, exp.Identifier):
                name = identifier.name.lower()
                if name not in target.columns and not identifier.args.get("quoted"):
                    close = difflib.get_close_matches(name, sorted(target.columns), n=1,
                                                      cutoff=0.75)
                    hint = f" (did you mean `{close[0]}`?)" if close else ""
                    self.problems.append(SchemaProblem(
                        "unknown-column", name, f"column `{identifier.name}` does not exist in "
                                                f"`{target.table}`{hint}", _line(identifier)))


    def insert_arity(self, insert: exp.Insert) -> None:
        """``INSERT INTO t (a, b) VALUES (1)``: every database rejects the row."""
        names = len(insert.this.expressions)
        values = insert.expression
        if not isinstance(values, exp.Values) or not names:
            return
        for row in values.expressions:
            if isinstance(row, exp.Tuple) and len(row.expressions) != names:
                self.problems.append(SchemaProblem(
                    "syntax", "values", f"INSERT names {names} column(s) but a row gives "
                                        f"{len(row.expressions)} value(s)",
                    _line(insert.this.this.this if isinstance(insert.this.this, exp.Table)
                          else None)))
                return


def _clause_of(node: exp.Expression, owner: exp.Expression) -> Optional[str]:
    """The argument of ``owner`` (``"where"``, ``"expressions"``, ...) ``node`` sits in."""
    current = node
    while current.parent is not None and current.parent is not owner:
        current = current.parent
    return current.arg_key if current.parent is owner else None


def _in_insert_columns(column: exp.Column) -> bool:
    parent = column.parent
    return isinstance(parent, exp.Schema) and isinstance(parent.parent, exp.Insert)


def _alias_columns(item: exp.Expression) -> Optional[frozenset[str]]:
    alias = item.args.get("alias")
    if isinstance(alias, exp.TableAlias) and alias.columns:
        return frozenset(c.name.lower() for c in alias.columns)
    return None


def _output_columns(query: Optional[exp.Expression], cte: Optional[exp.CTE]
                    ) -> Optional[frozenset[str]]:
    """Output column names of a query (None when a ``*`` or an unnamed item hides them)."""
    if cte is not None:
        named = _alias_columns(cte)
        if named is not None:
            return named
    while isinstance(query, (exp.Union, exp.Intersect, exp.Except)):
        query = query.this
    if isinstance(query, exp.Subquery):
        return _output_columns(query.this, None)
    if not isinstance(query, exp.Select):
        return None
    names: set[str] = set()
    for projection in query.expressions:
        if isinstance(projection, exp.Star) or (isinstance(projection, exp.Column) and
                                                isinstance(projection.this, exp.Star)):
            return None
        name = projection.alias_or_name
        if not name:
            return None
        names.add(name.lower())
    return frozenset(names)


def _line(node: Optional[exp.Expression]) -> Optional[int]:
    meta = getattr(node, "meta", None) if node is not None else None
    if isinstance(meta, dict) and isinstance(meta.get("line"), int):
        return meta["line"]
    return None


def check_statement(statement: exp.Expression, schema: SqlSchema, report_tables: bool = True
                    ) -> list[SchemaProblem]:
    """Unknown tables (when the schema is authoritative) and unknown columns of one statement."""
    if not isinstance(statement, _CHECKED_ROOTS):
        return []
    checker = _Checker(schema, report_tables)
    for node in statement.walk():
        if isinstance(node, _SCOPED):
            checker.build(node)
        if isinstance(node, exp.Insert):
            checker.insert_columns(node)
    for column in statement.find_all(exp.Column):
        checker.check_column(column)
    seen: set[tuple[str, str]] = set()
    unique = []
    for problem in checker.problems:
        if (problem.kind, problem.name) not in seen:
            seen.add((problem.kind, problem.name))
            unique.append(problem)
    return unique


__all__ = ["SchemaProblem", "check_statement"]
