"""The DDL compiler: ``CREATE TABLE``, ``CREATE INDEX``, ``DROP ...`` and friends, as SQLAlchemy
renders them (same clause order, whitespace and quoting), so DDL previews look familiar.

Expressions inside DDL (server defaults, CHECK constraints, functional indexes) are rendered by the
dialect's ``SQLCompiler`` with literal values, since DDL takes no bound parameters.  Dialects
subclass ``DDLCompiler`` in ``orm/dialects/<name>/ddl.py`` and override single hooks
(``get_column_specification``, ``post_create_table``, ...).

Example::

    from orm.dialects import postgresql
    print(CreateTable(users).compile(dialect=postgresql.dialect()))
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc

from .. import naming
from .base import Compiled

# ON DELETE / ON UPDATE / MATCH take keywords only; anything else is refused rather than spliced.
_FK_ACTION = re.compile(r"^\w+(?:\s+\w+)*$")
_INITIALLY = re.compile(r"^\w+(?:\s+\w+)*$")


def fk_columns(constraint: Any) -> list[Any]:
    """The constrained columns of a foreign key (a column-level ForeignKey's constraint knows
    them through its elements)."""
    cols = list(constraint.columns)
    if cols:
        return cols
    return [fk.parent for fk in constraint.elements if fk.parent is not None]


def _sorted_constraints(table: Any) -> list[Any]:
    return sorted(table.constraints, key=lambda c: getattr(c, "_creation_order", 0))


class DDLCompiler(Compiled):
    """Renders DDL statement nodes (``orm.sql.ddl``) for one dialect."""

    isddl = True
    #: column/table comments go inside CREATE TABLE (MySQL) rather than in separate statements
    inline_comments = False

    def __init__(self, dialect: Any, statement: Any, compile_kwargs: Optional[dict[str, Any]] = None,
                 **kw: Any) -> None:
        super().__init__(dialect, statement, compile_kwargs)
        self.preparer = dialect.identifier_preparer
        self.type_compiler = dialect.type_compiler
        self.positional = bool(getattr(dialect, "positional", False))
        self.escape_percent = dialect.paramstyle in ("format", "pyformat")
        self.string = self.process(statement, **self.compile_kwargs)

    # -- hooks create_all / drop_all call (dialect schema types, e.g. PostgreSQL ENUM) ----------
    @classmethod
    def before_create(cls, connection: Any, tables: list[Any], checkfirst: bool) -> None:
        """Run before the CREATE TABLEs of ``create_all``."""

    @classmethod
    def after_drop(cls, connection: Any, tables: list[Any], checkfirst: bool) -> None:
        """Run after the DROP TABLEs of ``drop_all``."""

    # -- dispatch ----------------------------------------------------------------------------------
    def process(self, element: Any, **kw: Any) -> str:
        hook = getattr(element, "_compiler_hook", None)  # orm.ext.compiler's @compiles
        if hook is not None:
            return hook(element, self, **kw)  # type: ignore[no-any-return]
        meth = getattr(self, "visit_" + getattr(element, "__visit_name__", ""), None)
        if meth is None:
            raise exc.UnsupportedCompilationError(self, type(element))
        return meth(element, **kw)  # type: ignore[no-any-return]

    @property
    def sql_compiler(self) -> Any:
        """A SQL compiler of this dialect for expressions inside DDL (custom DDL elements call
        ``compiler.sql_compiler.process(expr, literal_binds=True)``)."""
        sub = self.__dict__.get("_sql_compiler")
        if sub is None:
            sub = self._sql_compiler = self.dialect.statement_compiler(
                self.dialect, None, compile_kwargs={"literal_binds": True})
        return sub

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for {self.dialect.name}>"

    # -- names ---------------------------------------------------------------------------------
    def check_identifier(self, name: Any, kind: str = "Identifier") -> str:
        """``name`` if the database can take it: a non-empty string without NUL, within the
        dialect's maximum identifier length."""
        if not isinstance(name, str) or not name:
            raise exc.ArgumentError(f"{kind} name must be a non-empty string, got {name!r}")
        if "\x00" in name:
            raise exc.ArgumentError(f"{kind} name {name!r} contains a NUL character, which no database accepts")
        limit = self.dialect.max_identifier_length
        if len(name) > limit:
            raise exc.IdentifierError(f"Identifier '{name}' exceeds maximum length of {limit} characters")
        return name

    def quote(self, name: str, kind: str = "Identifier") -> str:
        return self.preparer.quote(self.check_identifier(name, kind))  # type: ignore[no-any-return]

    def format_table(self, table: Any, use_schema: bool = True) -> str:
        name = self.quote(table.name, "Table")
        if use_schema and getattr(table, "schema", None):
            return self.preparer.quote_schema(table.schema) + "." + name  # type: ignore[no-any-return]
        return name

    def format_column(self, column: Any) -> str:
        return self.quote(column.name, "Column")

    def format_constraint_name(self, constraint: Any) -> str:
        return self.quote(self._fit_name(constraint.name), "Constraint")

    def _fit_name(self, name: Any) -> Any:
        # a name made by a naming convention (conv) is shortened to what the database takes,
        # keeping a hash of the full name; a name the user spelled out is checked, never changed
        if isinstance(name, naming.conv):
            return naming.truncate_name(name, self.dialect.max_identifier_length)
        return name

    def format_sequence(self, seq: Any) -> str:
        name = self.quote(seq.name, "Sequence")
        if getattr(seq, "schema", None):
            return self.preparer.quote_schema(seq.schema) + "." + name  # type: ignore[no-any-return]
        return name

    # -- expressions through the SQL compiler ----------------------------------------------------
    def sql(self, expr: Any, include_table: bool = False) -> str:
        """An expression as SQL text with literal values (DDL takes no parameters)."""
        compiled = self.dialect.statement_compiler(
            self.dialect, expr, compile_kwargs={"literal_binds": True, "include_table": include_table}
        )
        return compiled.string  # type: ignore[no-any-return]

    def render_literal(self, value: Any) -> str:
        """A Python value as a SQL literal of its type (``'it''s'``, ``5``)."""
        from orm.sql.elements import literal

        type_ = None
        if isinstance(value, str):
            from orm.types import String

            type_ = String()
        return self.sql(literal(value, type_))

    def post_process_text(self, text: str) -> str:
        return text.replace("%", "%%") if self.escape_percent else text

    # -- CREATE / DROP TABLE -----------------------------------------------------------------------
    def visit_create_table(self, create: Any, **kw: Any) -> str:
        table = create.element
        text = "\nCREATE "
        prefixes = getattr(table, "_prefixes", None)
        if prefixes:
            text += " ".join(prefixes) + " "
        text += "TABLE "
        if create.if_not_exists:
            text += "IF NOT EXISTS "
        text += self.format_table(table) + " ("
        parts = []
        first_pk = True
        for create_column in create.columns:
            column = create_column.element
            try:
                spec = self.process(create_column, first_pk=first_pk and column.primary_key)
            except exc.CompileError as err:
                raise type(err)(f"(in table '{table.name}', column '{column.name}'): {err}") from err
            if spec is not None:  # a @compiles(CreateColumn) hook may leave the column out
                parts.append(spec)
            if column.primary_key:
                first_pk = False
        constraints = self.create_table_constraints(table, create.include_foreign_key_constraints)
        if constraints:
            parts.append(constraints)
        text += "\n\t" + ", \n\t".join(parts)
        return text + "\n)" + self.post_create_table(table) + "\n\n"

    def visit_create_column(self, create: Any, first_pk: bool = False, **kw: Any) -> Optional[str]:
        """A column's text inside CREATE TABLE (None for system columns, which are never created)."""
        column = create.element
        if getattr(column, "system", False):
            return None
        spec = self.get_column_specification(column)
        checks = self.column_check_constraints(column)
        return spec + " " + " ".join(checks) if checks else spec

    def visit_drop_table(self, drop: Any, **kw: Any) -> str:
        return "\nDROP TABLE " + ("IF EXISTS " if drop.if_exists else "") + self.format_table(drop.element)

    def post_create_table(self, table: Any) -> str:
        return ""

    # -- columns -------------------------------------------------------------------------------
    def column_type(self, column: Any) -> Any:
        """The column's type; a column declared only by its ForeignKey takes the referenced
        column's type, as in SQLAlchemy."""
        from ..type_api import NullType

        type_ = column.type
        if isinstance(type_, NullType) and column.foreign_keys:
            for fk in column.foreign_keys:
                try:
                    return self.column_type(fk.column)
                except exc.InvalidRequestError:
                    continue
        return type_

    def type_string(self, column: Any) -> str:
        return self.type_compiler.process(self.column_type(column), type_expression=column)  # type: ignore[no-any-return]

    def get_column_specification(self, column: Any) -> str:
        colspec = self.format_column(column) + " " + self.type_string(column)
        default = self.get_column_default_string(column)
        if default is not None:
            colspec += " DEFAULT " + default
        if column.computed is not None:
            colspec += " " + self.visit_computed_column(column.computed)
        identity = column.identity if self.dialect.supports_identity_columns else None
        if identity is not None:
            colspec += " " + self.visit_identity_column(identity)
        if not column.nullable and identity is None:
            colspec += " NOT NULL"
        return colspec

    def get_column_default_string(self, column: Any) -> Optional[str]:
        from orm.sql.schema import DefaultClause

        default = column.server_default
        if not isinstance(default, DefaultClause):
            return None
        if isinstance(default.arg, str):
            return self.render_literal(default.arg)
        return self.sql(default.arg)

    def visit_computed_column(self, computed: Any, **kw: Any) -> str:
        text = f"GENERATED ALWAYS AS ({self.sql(computed.sqltext)})"
        if computed.persisted is True:
            text += " STORED"
        elif computed.persisted is False:
            text += " VIRTUAL"
        return text

    def visit_identity_column(self, identity: Any, **kw: Any) -> str:
        text = "GENERATED " + ("ALWAYS" if identity.always else "BY DEFAULT") + " AS IDENTITY"
        options = self.get_identity_options(identity)
        return text + (f" ({options})" if options else "")

    def get_identity_options(self, opts: Any) -> str:
        parts = []
        if getattr(opts, "increment", None) is not None:
            parts.append(f"INCREMENT BY {int(opts.increment)}")
        if getattr(opts, "start", None) is not None:
            parts.append(f"START WITH {int(opts.start)}")
        return " ".join(parts)

    def column_check_constraints(self, column: Any) -> list[str]:
        """CHECK constraints declared on the column (``Column("x", Integer, CheckConstraint(...))``)."""
        out = []
        table = column.table
        for con in _sorted_constraints(table):
            if self._is_column_check(con) and next(iter(con.columns)) is column:
                out.append(self.visit_check_constraint(con))
        return out

    @staticmethod
    def _is_column_check(con: Any) -> bool:
        from orm.sql.schema import CheckConstraint

        return isinstance(con, CheckConstraint) and len(con.columns) == 1

    # -- table constraints ---------------------------------------------------------------------
    def create_table_constraints(self, table: Any, include_foreign_key_constraints: Any = None) -> str:
        from orm.sql.schema import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

        pk = table.primary_key
        rendered: list[str] = []
        if pk is not None and len(pk.columns):
            text = self.visit_primary_key_constraint(pk)
            if text:
                rendered.append(text)
        include = None if include_foreign_key_constraints is None else {id(c) for c in include_foreign_key_constraints}
        for con in _sorted_constraints(table):
            if con is pk or isinstance(con, PrimaryKeyConstraint) or self._is_column_check(con):
                continue
            if isinstance(con, ForeignKeyConstraint):
                if include is not None and id(con) not in include:
                    continue
                if include is None and con.use_alter and self.dialect.supports_alter:
                    continue
                text = self.visit_foreign_key_constraint(con)
            elif isinstance(con, UniqueConstraint):
                if self._unique_as_index(con):
                    continue
                text = self.visit_unique_constraint(con)
            else:
                text = self.visit_check_constraint(con)
            if text:
                rendered.append(text)
        rendered.extend(self.schema_type_constraints(table))
        return ", \n\t".join(rendered)

    @staticmethod
    def _unique_as_index(con: Any) -> bool:
        # Column(unique=True, index=True) is one UNIQUE INDEX, not a constraint plus an index.
        if not getattr(con, "_column_flag", False) or len(con.columns) != 1:
            return False
        return bool(next(iter(con.columns)).index)

    def schema_type_constraints(self, table: Any) -> list[str]:
        """CHECKs that emulate Enum/Boolean with ``create_constraint=True`` where the database has
        no native type."""
        from orm import types as sqltypes

        out = []
        for column in table.columns:
            type_ = column.type
            if not getattr(type_, "create_constraint", False):
                continue
            name = self._schema_type_check_name(column, getattr(type_, "name", None))
            col = self.format_column(column)
            if isinstance(type_, sqltypes.Enum):
                if type_.native_enum and self._native_enum():
                    continue
                values = ", ".join(self.render_literal(v) for v in type_.enums)
                check = f"CHECK ({col} IN ({values}))"
            elif isinstance(type_, sqltypes.Boolean):
                if self.dialect.supports_native_boolean:
                    continue
                check = f"CHECK ({col} IN (0, 1))"
            else:
                continue
            out.append((f"CONSTRAINT {self.quote(self._fit_name(name), 'Constraint')} " if name else "") + check)
        return out

    @staticmethod
    def _schema_type_check_name(column: Any, type_name: Optional[str]) -> Optional[str]:
        """The CHECK of an Enum/Boolean is named after the type (``Enum(..., name="status")``),
        through the "ck" naming convention like any CHECK constraint on the column."""
        from orm.sql.constraints import SchemaTypeCheck

        check = SchemaTypeCheck(column, type_name)
        return naming.name_for(check, column.table) or type_name

    def _native_enum(self) -> bool:
        return bool(getattr(self.dialect, "supports_native_enum", False))

    def _constraint_prefix(self, constraint: Any) -> str:
        if constraint.name is None:
            return ""
        return "CONSTRAINT " + self.format_constraint_name(constraint) + " "

    def define_constraint_deferrability(self, constraint: Any) -> str:
        text = ""
        if constraint.deferrable is not None:
            text += " DEFERRABLE" if constraint.deferrable else " NOT DEFERRABLE"
        if constraint.initially is not None:
            text += " INITIALLY " + self._keyword(constraint.initially, _INITIALLY)
        return text

    @staticmethod
    def _keyword(phrase: str, pattern: "re.Pattern[str]") -> str:
        if not isinstance(phrase, str) or not pattern.match(phrase):
            raise exc.CompileError(f"Unexpected SQL phrase: {phrase!r} (matching against {pattern.pattern!r})")
        return phrase

    def pk_column_order(self, constraint: Any) -> list[Any]:
        cols = list(constraint.columns)
        if getattr(constraint, "_cols_spec", None):
            return cols  # an explicit PrimaryKeyConstraint keeps its order
        # from primary_key=True flags: the auto-incrementing column first (InnoDB needs it there)
        auto = [c for c in cols if c.autoincrement is True and c._autoincrement_column()]
        return auto + [c for c in cols if c not in auto]

    def visit_primary_key_constraint(self, constraint: Any, **kw: Any) -> str:
        cols = self.pk_column_order(constraint)
        if not cols:
            return ""
        return (self._constraint_prefix(constraint) + "PRIMARY KEY ("
                + ", ".join(self.format_column(c) for c in cols) + ")"
                + self.define_constraint_deferrability(constraint))

    def visit_unique_constraint(self, constraint: Any, **kw: Any) -> str:
        if not len(constraint.columns):
            return ""
        return (self._constraint_prefix(constraint) + "UNIQUE ("
                + ", ".join(self.format_column(c) for c in constraint.columns) + ")"
                + self.define_constraint_deferrability(constraint))

    def visit_check_constraint(self, constraint: Any, **kw: Any) -> str:
        return (self._constraint_prefix(constraint) + "CHECK (" + self.sql(constraint.sqltext) + ")"
                + self.define_constraint_deferrability(constraint))

    def _fk_target(self, constraint: Any) -> tuple[str, list[str]]:
        """The referenced table (formatted) and column names."""
        cols: list[str] = []
        table_text = None
        for fk in constraint.elements:
            try:
                target = fk.column
            except (exc.NoReferencedTableError, exc.NoReferencedColumnError, exc.InvalidRequestError):
                schema, tname, colname = fk._table_and_column_names()
                if table_text is None:
                    table_text = self.quote(tname, "Table")
                    if schema:
                        table_text = self.preparer.quote_schema(schema) + "." + table_text
                cols.append(self.quote(colname, "Column"))
                continue
            if table_text is None:
                table_text = self.format_table(target.table)
            cols.append(self.format_column(target))
        return table_text or "", cols

    def visit_foreign_key_constraint(self, constraint: Any, **kw: Any) -> str:
        reftable, refcols = self._fk_target(constraint)
        text = (self._constraint_prefix(constraint) + "FOREIGN KEY("
                + ", ".join(self.format_column(c) for c in fk_columns(constraint)) + ") REFERENCES "
                + reftable + " (" + ", ".join(refcols) + ")")
        text += self.define_constraint_match(constraint)
        text += self.define_constraint_cascades(constraint)
        return text + self.define_constraint_deferrability(constraint)

    def define_constraint_match(self, constraint: Any) -> str:
        if constraint.match is not None:
            return " MATCH " + self._keyword(constraint.match, _FK_ACTION)
        return ""

    def define_constraint_cascades(self, constraint: Any) -> str:
        text = ""
        if constraint.ondelete is not None:
            text += " ON DELETE " + self._keyword(constraint.ondelete, _FK_ACTION)
        if constraint.onupdate is not None:
            text += " ON UPDATE " + self._keyword(constraint.onupdate, _FK_ACTION)
        return text

    # -- indexes -------------------------------------------------------------------------------
    def index_is_unique(self, index: Any) -> bool:
        if index.unique:
            return True
        if getattr(index, "_column_flag", False) and len(index.expressions) == 1:
            return bool(getattr(index.expressions[0], "unique", False))
        return False

    def format_index_name(self, index: Any, include_schema: bool = False) -> str:
        name = self.quote(self._fit_name(index.name), "Index")
        schema = getattr(index.table, "schema", None)
        if include_schema and schema:
            return self.preparer.quote_schema(schema) + "." + name  # type: ignore[no-any-return]
        return name

    def index_expression(self, expr: Any) -> str:
        from orm.sql.schema import Column

        if isinstance(expr, Column):
            return self.format_column(expr)
        if isinstance(expr, str):
            return self.quote(expr, "Column")
        return self.sql(expr)

    def index_columns(self, index: Any) -> str:
        return ", ".join(self.index_expression(e) for e in index.expressions)

    def visit_create_index(self, create: Any, include_schema: bool = False, **kw: Any) -> str:
        index = create.element
        if index.name is None:
            raise exc.CompileError("CREATE INDEX requires that the index have a name")
        if index.table is None:
            raise exc.CompileError(f"Index {index.name!r} is not associated with any table.")
        text = "CREATE " + ("UNIQUE " if self.index_is_unique(index) else "") + "INDEX "
        if create.if_not_exists:
            text += "IF NOT EXISTS "
        text += self.format_index_name(index, include_schema) + " ON " + self.format_table_for_index(index)
        return text + self.index_using(index) + " (" + self.index_columns(index) + ")" + self.index_where(index)

    def format_table_for_index(self, index: Any) -> str:
        return self.format_table(index.table)

    def index_using(self, index: Any) -> str:
        return ""

    def index_where(self, index: Any) -> str:
        return ""

    def visit_drop_index(self, drop: Any, **kw: Any) -> str:
        index = drop.element
        if index.name is None:
            raise exc.CompileError("DROP INDEX requires that the index have a name")
        return "\nDROP INDEX " + ("IF EXISTS " if drop.if_exists else "") + self.format_index_name(index, True)

    # -- constraints by ALTER --------------------------------------------------------------------
    def visit_add_constraint(self, create: Any, **kw: Any) -> str:
        from orm.sql.schema import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

        con = create.element
        if isinstance(con, ForeignKeyConstraint):
            body = self.visit_foreign_key_constraint(con)
        elif isinstance(con, PrimaryKeyConstraint):
            body = self.visit_primary_key_constraint(con)
        elif isinstance(con, UniqueConstraint):
            body = self.visit_unique_constraint(con)
        else:
            body = self.visit_check_constraint(con)
        return "ALTER TABLE " + self.format_table(con.table) + " ADD " + body

    def visit_drop_constraint(self, drop: Any, **kw: Any) -> str:
        con = drop.element
        if con.name is None:
            raise exc.CompileError(f"Can't emit DROP CONSTRAINT for constraint {con!r}; it has no name")
        text = "ALTER TABLE " + self.format_table(con.table) + " DROP CONSTRAINT "
        if drop.if_exists:
            text += "IF EXISTS "
        text += self.format_constraint_name(con)
        return text + (" CASCADE" if drop.cascade else "")

    # -- sequences, schemas, comments, raw DDL -------------------------------------------------
    def visit_create_sequence(self, create: Any, **kw: Any) -> str:
        text = "CREATE SEQUENCE " + ("IF NOT EXISTS " if create.if_not_exists else "")
        text += self.format_sequence(create.element)
        options = self.get_identity_options(create.element)
        return text + (" " + options if options else "")

    def visit_drop_sequence(self, drop: Any, **kw: Any) -> str:
        return "DROP SEQUENCE " + ("IF EXISTS " if drop.if_exists else "") + self.format_sequence(drop.element)

    def visit_create_schema(self, create: Any, **kw: Any) -> str:
        return "CREATE SCHEMA " + ("IF NOT EXISTS " if create.if_not_exists else "") + self.quote(create.element, "Schema")

    def visit_drop_schema(self, drop: Any, **kw: Any) -> str:
        text = "DROP SCHEMA " + ("IF EXISTS " if drop.if_exists else "") + self.quote(drop.element, "Schema")
        return text + (" CASCADE" if drop.cascade else "")

    def _comment_literal(self, comment: Optional[str]) -> str:
        return "NULL" if comment is None else self.render_literal(comment)

    def visit_set_table_comment(self, create: Any, **kw: Any) -> str:
        table = create.element
        return f"COMMENT ON TABLE {self.format_table(table)} IS {self._comment_literal(table.comment)}"

    def visit_drop_table_comment(self, drop: Any, **kw: Any) -> str:
        return f"COMMENT ON TABLE {self.format_table(drop.element)} IS NULL"

    def visit_set_column_comment(self, create: Any, **kw: Any) -> str:
        col = create.element
        return (f"COMMENT ON COLUMN {self.format_table(col.table)}.{self.format_column(col)} "
                f"IS {self._comment_literal(col.comment)}")

    def visit_drop_column_comment(self, drop: Any, **kw: Any) -> str:
        col = drop.element
        # the table name without its schema, as SQLAlchemy renders it
        return f"COMMENT ON COLUMN {self.format_table(col.table, use_schema=False)}.{self.format_column(col)} IS NULL"

    def visit_ddl(self, ddl: Any, **kw: Any) -> str:
        context = dict(ddl.context)
        target = ddl.target
        if target is not None and getattr(target, "name", None) is not None:
            context.setdefault("table", self.format_table(target, use_schema=False))
            schema = getattr(target, "schema", None)
            context.setdefault("schema", self.preparer.quote_schema(schema) if schema else "")
            context.setdefault("fullname", self.format_table(target))
        if self.escape_percent:
            # the names come %-escaped from the preparer; the whole text is escaped once below
            context = {k: v.replace("%%", "%") if isinstance(v, str) else v for k, v in context.items()}
        try:
            text = ddl.statement % context
        except (KeyError, ValueError, TypeError) as err:
            raise exc.CompileError(f"Can't render DDL {ddl.statement!r}: {err}") from err
        return self.post_process_text(text)
