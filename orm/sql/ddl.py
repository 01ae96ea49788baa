"""DDL statements (``CreateTable``, ``DropTable``, ``CreateIndex``, ...), foreign-key ordering of
tables, and ``create_all`` / ``drop_all``.

DDL nodes are data like every other statement: they hold the schema object and options, and the
dialect's ``DDLCompiler`` (``orm/sql/compiler/ddl.py``) renders them.

Example::

    from orm.schema import CreateTable
    print(CreateTable(users).compile(dialect=postgresql.dialect()))
    metadata.create_all(engine)          # CREATE TABLE ... for every table, parents first
"""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Sequence

from orm import exc

from .base import ClauseElement, Executable

if TYPE_CHECKING:
    from .compiler.base import Compiled
    from .schema import ForeignKeyConstraint, Index, MetaData, Table

__all__ = [
    "BaseDDLElement", "DDLElement", "ExecutableDDLElement", "DDL", "CreateColumn", "DropColumnComment", "CreateTable", "DropTable", "CreateIndex", "DropIndex",
    "CreateSequence", "DropSequence", "AddConstraint", "DropConstraint", "CreateSchema", "DropSchema",
    "SetTableComment", "DropTableComment", "SetColumnComment", "sort_tables",
    "sort_tables_and_constraints", "create_all", "drop_all",
]


class BaseDDLElement(ClauseElement):
    """Base of every DDL construct: compiled by the dialect's DDL compiler, never cached.  Parts
    of a statement (``CreateColumn``) are DDL elements too without being executable.
    """

    __visit_name__ = "ddl_element"
    element: Any = None

    def _compiler(self, dialect: Any, **kw: Any) -> "Compiled":
        kw.pop("column_keys", None)
        kw.pop("for_executemany", None)
        compiler_cls = getattr(dialect, "ddl_compiler", None)
        if compiler_cls is None:
            # a dialect without its own (``str(stmt)``'s generic one) renders standard DDL
            from .compiler.ddl import DDLCompiler as compiler_cls
        return compiler_cls(dialect, self, **kw)  # type: ignore[no-any-return,misc]

    def _generate_cache_key(self) -> None:  # type: ignore[override]
        # DDL is rare and depends on mutable schema objects: always compile it afresh.
        return None

    def __repr__(self) -> str:
        target = getattr(self.element, "name", self.element)
        return f"<{type(self).__name__} {target!r}>"


class ExecutableDDLElement(Executable, BaseDDLElement):
    """Base of DDL statements: ``conn.execute(CreateTable(t))``."""


DDLElement = ExecutableDDLElement


class DDL(ExecutableDDLElement):
    """A literal DDL statement.  ``%(table)s``, ``%(schema)s`` and ``%(fullname)s`` are replaced by
    the quoted names of ``target`` when one is given; write ``%%`` for a literal percent sign.

    Example::

        conn.execute(DDL("CREATE VIEW v AS SELECT 1"))
        DDL("ALTER TABLE %(table)s SET UNLOGGED", target=users)
    """

    __visit_name__ = "ddl"

    def __init__(self, statement: str, context: Optional[dict[str, Any]] = None, target: Any = None) -> None:
        if not isinstance(statement, str):
            raise exc.ArgumentError(f"Expected a string or unicode SQL statement, got '{statement!r}'")
        self.statement = statement
        self.context = context or {}
        self.target = target
        self.element = target

    def __repr__(self) -> str:
        return f"<DDL {self.statement!r}>"


class _CreateDropBase(ExecutableDDLElement):
    def __init__(self, element: Any) -> None:
        self.element = element


class CreateTable(_CreateDropBase):
    """``CREATE TABLE``.  ``include_foreign_key_constraints`` limits the inline FOREIGN KEYs to
    the given constraints (``create_all`` adds cyclic ones later with ALTER TABLE).

    Example::

        print(CreateTable(users).compile(dialect=sqlite.dialect()))
    """

    __visit_name__ = "create_table"

    def __init__(self, element: "Table", include_foreign_key_constraints: Optional[Iterable[Any]] = None,
                 if_not_exists: bool = False) -> None:
        super().__init__(element)
        self.include_foreign_key_constraints = (
            None if include_foreign_key_constraints is None else list(include_foreign_key_constraints)
        )
        self.if_not_exists = if_not_exists
        # one element per column: the compiler renders each through process(), so
        # ``@compiles(CreateColumn)`` can change (or, returning None, leave out) a column's DDL
        self.columns = [CreateColumn(c) for c in element.columns]


class CreateColumn(BaseDDLElement):
    """One column inside ``CREATE TABLE`` (not a statement of its own).  Customise how columns
    render with ``orm.ext.compiler``; the hook returns the column's text, or None to leave it out.

    Example::

        @compiles(CreateColumn, "postgresql")
        def no_default(element, compiler, **kw):
            text = compiler.visit_create_column(element, **kw)
            return text.replace(" DEFAULT 0", "") if text else text
    """

    __visit_name__ = "create_column"

    def __init__(self, element: Any) -> None:
        self.element = element


class DropTable(_CreateDropBase):
    """``DROP TABLE [IF EXISTS] name``."""

    __visit_name__ = "drop_table"

    def __init__(self, element: "Table", if_exists: bool = False) -> None:
        super().__init__(element)
        self.if_exists = if_exists


class CreateIndex(_CreateDropBase):
    """``CREATE [UNIQUE] INDEX name ON table (cols)``."""

    __visit_name__ = "create_index"

    def __init__(self, element: "Index", if_not_exists: bool = False) -> None:
        super().__init__(element)
        self.if_not_exists = if_not_exists


class DropIndex(_CreateDropBase):
    """``DROP INDEX name`` (MySQL: ``DROP INDEX name ON table``)."""

    __visit_name__ = "drop_index"

    def __init__(self, element: "Index", if_exists: bool = False) -> None:
        super().__init__(element)
        self.if_exists = if_exists


class CreateSequence(_CreateDropBase):
    """``CREATE SEQUENCE name [INCREMENT BY n] [START WITH n]``."""

    __visit_name__ = "create_sequence"

    def __init__(self, element: Any, if_not_exists: bool = False) -> None:
        super().__init__(element)
        self.if_not_exists = if_not_exists


class DropSequence(_CreateDropBase):
    """``DROP SEQUENCE name``."""

    __visit_name__ = "drop_sequence"

    def __init__(self, element: Any, if_exists: bool = False) -> None:
        super().__init__(element)
        self.if_exists = if_exists


class AddConstraint(_CreateDropBase):
    """``ALTER TABLE t ADD [CONSTRAINT name] ...``."""

    __visit_name__ = "add_constraint"


class DropConstraint(_CreateDropBase):
    """``ALTER TABLE t DROP CONSTRAINT name`` (the constraint must be named)."""

    __visit_name__ = "drop_constraint"

    def __init__(self, element: Any, cascade: bool = False, if_exists: bool = False) -> None:
        super().__init__(element)
        self.cascade = cascade
        self.if_exists = if_exists


class CreateSchema(_CreateDropBase):
    """``CREATE SCHEMA name``."""

    __visit_name__ = "create_schema"

    def __init__(self, name: str, if_not_exists: bool = False) -> None:
        super().__init__(name)
        self.if_not_exists = if_not_exists


class DropSchema(_CreateDropBase):
    """``DROP SCHEMA name [CASCADE]``."""

    __visit_name__ = "drop_schema"

    def __init__(self, name: str, cascade: bool = False, if_exists: bool = False) -> None:
        super().__init__(name)
        self.cascade = cascade
        self.if_exists = if_exists


class SetTableComment(_CreateDropBase):
    """``COMMENT ON TABLE t IS '...'`` (PostgreSQL) / ``ALTER TABLE t COMMENT '...'`` (MySQL)."""

    __visit_name__ = "set_table_comment"


class DropTableComment(_CreateDropBase):
    __visit_name__ = "drop_table_comment"


class SetColumnComment(_CreateDropBase):
    """``COMMENT ON COLUMN t.c IS '...'`` (PostgreSQL)."""

    __visit_name__ = "set_column_comment"


class DropColumnComment(_CreateDropBase):
    """``COMMENT ON COLUMN t.c IS NULL``: remove a column's comment (PostgreSQL).

    Example::

        conn.execute(DropColumnComment(users.c.name))
    """

    __visit_name__ = "drop_column_comment"


# -- foreign-key ordering -----------------------------------------------------------------------
def _referred_table(fkc: "ForeignKeyConstraint") -> Optional["Table"]:
    try:
        return fkc.referred_table
    except (exc.NoReferencedTableError, exc.NoReferencedColumnError, exc.InvalidRequestError, IndexError):
        # a key to a table outside the set (or not declared) orders nothing
        return None


def _strongly_connected(nodes: list[Any], edges: dict[Any, set[Any]]) -> list[list[Any]]:
    """Tarjan's algorithm, iteratively: the components of the graph (cycles have size > 1)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    on_stack: set[Any] = set()
    stack: list[Any] = []
    out: list[list[Any]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[Any, Iterator[Any]]] = [(root, iter(sorted(edges.get(root, ()), key=_key)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ()), key=_key))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    on_stack.discard(n)
                    comp.append(n)
                    if n is node:
                        break
                out.append(comp)
    return out


def _key(table: Any) -> str:
    return table.key  # type: ignore[no-any-return]


def sort_tables_and_constraints(tables: Iterable["Table"]) -> tuple[list["Table"], list["ForeignKeyConstraint"]]:
    """``(tables in dependency order, foreign keys left out of the order)``.

    The second list holds the foreign keys that form cycles between tables, plus those declared
    ``use_alter=True``: they must be created with ALTER TABLE after the tables (and dropped
    before them).
    """
    table_list = sorted(tables, key=_key)
    members = set(table_list)
    edges: dict[Any, set[Any]] = {t: set() for t in table_list}  # parent -> children
    fk_edges: list[tuple[Any, Any, Any]] = []
    deferred: list[Any] = []
    for t in table_list:
        for fkc in sorted(t.foreign_key_constraints, key=lambda c: c._creation_order):
            parent = _referred_table(fkc)
            if parent is None or parent is t or parent not in members:
                continue
            if fkc.use_alter:
                deferred.append(fkc)
                continue
            edges[parent].add(t)
            fk_edges.append((parent, t, fkc))
    cyclic: set[int] = set()
    for comp in _strongly_connected(table_list, edges):
        if len(comp) > 1:
            ids = {id(n) for n in comp}
            for parent, child, fkc in fk_edges:
                if id(parent) in ids and id(child) in ids:
                    cyclic.add(id(fkc))
    deps: dict[Any, set[Any]] = {t: set() for t in table_list}
    for parent, child, fkc in fk_edges:
        if id(fkc) in cyclic:
            deferred.append(fkc)
        else:
            deps[child].add(parent)
    # Level by level: every table whose parents are all placed, in name order (as SQLAlchemy's
    # sorted_tables orders them).
    ordered: list[Any] = []
    placed: set[Any] = set()
    remaining = list(table_list)
    while remaining:
        ready = [t for t in remaining if deps[t] <= placed]
        if not ready:  # pragma: no cover - cycles were removed above
            ready = remaining[:1]
        ordered.extend(ready)
        placed.update(ready)
        remaining = [t for t in remaining if t not in placed]
    deferred.sort(key=lambda c: (c.table.key, c._creation_order))
    return ordered, deferred


def sort_tables(tables: Iterable["Table"]) -> list["Table"]:
    """Tables in foreign-key dependency order: referenced tables first, ties by name.

    Self-references are ignored; a cycle is ordered as if its foreign keys were absent.

    Example::

        [t.name for t in sort_tables([addresses, users])]   # ['users', 'addresses']
    """
    return sort_tables_and_constraints(tables)[0]


# -- create_all / drop_all ----------------------------------------------------------------------
@contextlib.contextmanager
def _connection(bind: Any) -> Iterator[Any]:
    """A Connection in a transaction: ``engine.begin()`` for an Engine, else the Connection."""
    if hasattr(bind, "begin") and hasattr(bind, "dispose"):
        with bind.begin() as conn:
            yield conn
    elif hasattr(bind, "execute") and hasattr(bind, "dialect"):
        yield bind
    else:
        raise exc.ArgumentError(f"Expected an Engine or Connection to run DDL on, got {bind!r}")


def _tables_of(metadata: "MetaData", tables: Optional[Iterable["Table"]]) -> list["Table"]:
    return list(metadata.tables.values()) if tables is None else list(tables)


def _sequences_of(tables: Sequence["Table"], metadata: "MetaData") -> list[Any]:
    from .schema import Sequence_

    seen: dict[tuple[Any, str], Any] = {}
    for t in tables:
        for col in t.columns:
            seq = col.default
            if isinstance(seq, Sequence_) and not seq.optional:
                seen.setdefault((seq.schema, seq.name), seq)
    for seq in getattr(metadata, "_sequences", {}).values():
        seen.setdefault((seq.schema, seq.name), seq)
    return list(seen.values())


def create_all(metadata: "MetaData", bind: Any, tables: Optional[Iterable["Table"]] = None,
               checkfirst: bool = True) -> None:
    """CREATE the tables of ``metadata`` (or ``tables``), parents first, with their indexes,
    in one transaction on ``bind`` (an Engine or a Connection).

    With ``checkfirst`` tables that already exist are skipped.  PostgreSQL named ENUM types and
    sequences are created before the tables; foreign keys that form cycles are added afterwards
    with ALTER TABLE where the database has it.

    Example::

        metadata.create_all(engine)
        create_all(metadata, conn, tables=[users], checkfirst=False)
    """
    if getattr(bind, "_is_mock", False):
        checkfirst = False  # create_mock_engine: no database to ask what exists
    with _connection(bind) as conn:
        dialect = conn.dialect
        compiler_cls = dialect.ddl_compiler
        wanted = _tables_of(metadata, tables)
        if checkfirst:
            wanted = [t for t in wanted if not dialect.has_table(conn, t.name, schema=t.schema)]
        ordered, deferred = sort_tables_and_constraints(wanted)
        if not dialect.supports_alter:
            # SQLite cannot ALTER in a constraint; it does not check references at CREATE time
            # either, so cyclic keys are simply written inline.
            deferred = []
        deferred_ids = {id(c) for c in deferred}
        if dialect.supports_sequences:
            for seq in _sequences_of(ordered, metadata):
                if checkfirst and _has_sequence(dialect, conn, seq):
                    continue
                conn.execute(CreateSequence(seq))
        compiler_cls.before_create(conn, ordered, checkfirst)
        for table in ordered:
            inline = [c for c in table.foreign_key_constraints if id(c) not in deferred_ids]
            conn.execute(CreateTable(table, include_foreign_key_constraints=inline))
            for index in sorted(table.indexes, key=lambda ix: (ix.name or "", ix._creation_order)):
                conn.execute(CreateIndex(index))
            if dialect.supports_comments and not compiler_cls.inline_comments:
                if table.comment is not None:
                    conn.execute(SetTableComment(table))
                for col in table.columns:
                    if col.comment is not None:
                        conn.execute(SetColumnComment(col))
        for fkc in deferred:
            conn.execute(AddConstraint(fkc))


def drop_all(metadata: "MetaData", bind: Any, tables: Optional[Iterable["Table"]] = None,
             checkfirst: bool = True) -> None:
    """DROP the tables of ``metadata`` (or ``tables``), dependents first, in one transaction.

    With ``checkfirst`` tables that do not exist are skipped.  Foreign keys in cycles are dropped
    first (ALTER TABLE ... DROP CONSTRAINT; an unnamed one is looked up in the database); PostgreSQL
    ENUM types and sequences are dropped after the tables.

    Example::

        metadata.drop_all(engine)
    """
    if getattr(bind, "_is_mock", False):
        checkfirst = False  # create_mock_engine: no database to ask what exists
    with _connection(bind) as conn:
        dialect = conn.dialect
        compiler_cls = dialect.ddl_compiler
        wanted = _tables_of(metadata, tables)
        if checkfirst:
            wanted = [t for t in wanted if dialect.has_table(conn, t.name, schema=t.schema)]
        ordered, deferred = sort_tables_and_constraints(wanted)
        if dialect.supports_alter:
            for fkc in deferred:
                name = fkc.name or _reflected_fk_name(dialect, conn, fkc)
                if name is None:
                    continue
                conn.execute(DropConstraint(_renamed(fkc, name)))
        for table in reversed(ordered):
            conn.execute(DropTable(table))
        compiler_cls.after_drop(conn, ordered, checkfirst)
        if dialect.supports_sequences:
            for seq in _sequences_of(ordered, metadata):
                if checkfirst and not _has_sequence(dialect, conn, seq):
                    continue
                conn.execute(DropSequence(seq))


def _has_sequence(dialect: Any, conn: Any, seq: Any) -> bool:
    has = getattr(dialect, "has_sequence", None)
    return bool(has(conn, seq.name, schema=seq.schema)) if has is not None else False


def _reflected_fk_name(dialect: Any, conn: Any, fkc: Any) -> Optional[str]:
    """The database's name for an unnamed foreign key (so that a cycle can be broken to drop)."""
    cols = [c.name for c in fkc.columns]
    referred = _referred_table(fkc)
    for fk in dialect.get_foreign_keys(conn, fkc.table.name, schema=fkc.table.schema):
        if fk["constrained_columns"] == cols and referred is not None and fk["referred_table"] == referred.name:
            return fk.get("name")  # type: ignore[no-any-return]
    return None


def _renamed(constraint: Any, name: str) -> Any:
    """A shallow copy of a constraint under the name the database gave it."""
    import copy

    named = copy.copy(constraint)
    named.name = name
    return named
