"""The dialect ``str(statement)`` compiles with: generic SQL, ``:name`` parameters."""
from __future__ import annotations

from typing import Any

from orm.engine.default import DefaultDialect

from .base import SQLCompiler
from .preparer import IdentifierPreparer


class StrSQLCompiler(SQLCompiler):
    """Renders what no generic SQL has in a readable form instead of failing (str() must work)."""

    def visit_getitem_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)}[{self.process(binary.right, **kw)}]"

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.visit_getitem_binary(binary, operator, **kw)

    visit_json_path_getitem_op_binary = visit_json_getitem_op_binary

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} <regexp> {self.process(binary.right, **kw)}"

    def visit_not_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)} <not regexp> {self.process(binary.right, **kw)}"

    def delete_extra_from_clause(self, table: Any, extra_froms: list[Any], **kw: Any) -> str:
        # str() of a multi-table DELETE lists the tables as SQLAlchemy's string compiler does
        return " , " + ", ".join(self.process(f, asfrom=True, **kw) for f in extra_froms)

    def visit_try_cast(self, cast: Any, **kw: Any) -> str:
        # SQL Server's; the real dialects here have no visitor and refuse it, as SQLAlchemy's do
        kw.pop("within_columns_clause", None)
        return f"TRY_CAST({self.process(cast.clause, **kw)} AS {self.process(cast.typeclause, **kw)})"

    def visit_next_value(self, nv: Any, **kw: Any) -> str:
        return f"<next sequence value: {self.preparer.quote(nv.sequence.name)}>"


class StrCompileDialect(DefaultDialect):
    name = "default"
    paramstyle = "named"
    statement_compiler = StrSQLCompiler
    preparer = IdentifierPreparer
    supports_native_boolean = True
    supports_multivalues_insert = True
    supports_returning = insert_returning = update_returning = delete_returning = True

    def __init__(self, **kw: Any) -> None:
        from orm.sql.type_compiler import GenericTypeCompiler

        self.type_compiler_cls = GenericTypeCompiler
        super().__init__(**kw)
