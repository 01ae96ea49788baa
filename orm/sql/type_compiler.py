"""The type compiler: a type -> its DDL name (``VARCHAR(50)``, ``NUMERIC(10, 2)``, ``TIMESTAMP``).

``process(type_)`` dispatches on ``type_.__visit_name__`` to ``visit_<name>``.  Generic (lowercase
visit names) types choose an UPPERCASE rendering; dialect compilers override single methods
(``orm.dialects.<name>.types``).  The names follow what SQLAlchemy renders, so DDL previews match.

Example::

    GenericTypeCompiler(dialect).process(Numeric(10, 2))     # 'NUMERIC(10, 2)'
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc

_PLAIN_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_$]*$")


class GenericTypeCompiler:
    """Renders types as the SQL standard names them; the base of every dialect's type compiler."""

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect

    # -- dispatch ---------------------------------------------------------------------------------
    def process(self, type_: Any, **kw: Any) -> str:
        mapping = type_.__dict__.get("_variant_mapping")
        if mapping:
            chosen = mapping.get(getattr(self.dialect, "name", None))
            if chosen is not None:
                type_ = chosen
        hook = getattr(type_, "_compiler_hook", None)  # orm.ext.compiler's @compiles
        if hook is not None:
            return hook(type_, self, **kw)  # type: ignore[no-any-return]
        meth = getattr(self, "visit_" + type_.__visit_name__, None)
        if meth is None:
            raise exc.UnsupportedCompilationError(self, type(type_))
        return meth(type_, **kw)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} for {getattr(self.dialect, 'name', '?')}>"

    # -- helpers ----------------------------------------------------------------------------------
    def quote_identifier(self, name: str) -> str:
        """``name`` quoted when it needs to be (the dialect's identifier preparer when it has one)."""
        prep = getattr(self.dialect, "identifier_preparer", None)
        quote = getattr(prep, "quote", None)
        if quote is not None:
            return quote(name)  # type: ignore[no-any-return]
        if _PLAIN_IDENTIFIER.match(name):
            return name
        return '"' + name.replace('"', '""') + '"'

    def _collate(self, collation: str) -> str:
        return f'COLLATE "{collation}"'

    def _render_string_type(self, type_: Any, name: str, length_override: Optional[int] = None) -> str:
        length = length_override if length_override is not None else getattr(type_, "length", None)
        text = name
        if length:
            text += f"({length})"
        collation = getattr(type_, "collation", None)
        if collation:
            text += " " + self._collate(collation)
        return text

    # -- the SQL-standard names ---------------------------------------------------------------
    def visit_INTEGER(self, type_: Any, **kw: Any) -> str:
        return "INTEGER"

    def visit_SMALLINT(self, type_: Any, **kw: Any) -> str:
        return "SMALLINT"

    def visit_BIGINT(self, type_: Any, **kw: Any) -> str:
        return "BIGINT"

    def visit_FLOAT(self, type_: Any, **kw: Any) -> str:
        return "FLOAT"

    def visit_REAL(self, type_: Any, **kw: Any) -> str:
        return "REAL"

    def visit_DOUBLE(self, type_: Any, **kw: Any) -> str:
        return "DOUBLE"

    def visit_DOUBLE_PRECISION(self, type_: Any, **kw: Any) -> str:
        return "DOUBLE PRECISION"

    def _numeric(self, name: str, type_: Any) -> str:
        if type_.precision is None:
            return name
        if getattr(type_, "scale", None) is None:
            return f"{name}({type_.precision})"
        return f"{name}({type_.precision}, {type_.scale})"

    def visit_NUMERIC(self, type_: Any, **kw: Any) -> str:
        return self._numeric("NUMERIC", type_)

    def visit_DECIMAL(self, type_: Any, **kw: Any) -> str:
        return self._numeric("DECIMAL", type_)

    def visit_VARCHAR(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "VARCHAR")

    def visit_NVARCHAR(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "NVARCHAR")

    def visit_CHAR(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "CHAR")

    def visit_NCHAR(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "NCHAR")

    def visit_TEXT(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "TEXT")

    def visit_CLOB(self, type_: Any, **kw: Any) -> str:
        return self._render_string_type(type_, "CLOB")

    def visit_BOOLEAN(self, type_: Any, **kw: Any) -> str:
        return "BOOLEAN"

    def visit_DATE(self, type_: Any, **kw: Any) -> str:
        return "DATE"

    def visit_DATETIME(self, type_: Any, **kw: Any) -> str:
        return "DATETIME"

    def visit_TIMESTAMP(self, type_: Any, **kw: Any) -> str:
        return "TIMESTAMP"

    def visit_TIME(self, type_: Any, **kw: Any) -> str:
        return "TIME"

    def visit_BLOB(self, type_: Any, **kw: Any) -> str:
        return "BLOB"

    def visit_BINARY(self, type_: Any, **kw: Any) -> str:
        return "BINARY" + (f"({type_.length})" if type_.length else "")

    def visit_VARBINARY(self, type_: Any, **kw: Any) -> str:
        return "VARBINARY" + (f"({type_.length})" if type_.length else "")

    def visit_JSON(self, type_: Any, **kw: Any) -> str:
        return "JSON"

    def visit_UUID(self, type_: Any, **kw: Any) -> str:
        return "UUID"

    # -- generic types: the dialect decides -----------------------------------------------------
    def visit_integer(self, type_: Any, **kw: Any) -> str:
        return self.visit_INTEGER(type_, **kw)

    def visit_small_integer(self, type_: Any, **kw: Any) -> str:
        return self.visit_SMALLINT(type_, **kw)

    def visit_big_integer(self, type_: Any, **kw: Any) -> str:
        return self.visit_BIGINT(type_, **kw)

    def visit_numeric(self, type_: Any, **kw: Any) -> str:
        return self.visit_NUMERIC(type_, **kw)

    def visit_float(self, type_: Any, **kw: Any) -> str:
        return self.visit_FLOAT(type_, **kw)

    def visit_double(self, type_: Any, **kw: Any) -> str:
        return self.visit_DOUBLE(type_, **kw)

    def visit_string(self, type_: Any, **kw: Any) -> str:
        return self.visit_VARCHAR(type_, **kw)

    def visit_unicode(self, type_: Any, **kw: Any) -> str:
        return self.visit_VARCHAR(type_, **kw)

    def visit_text(self, type_: Any, **kw: Any) -> str:
        return self.visit_TEXT(type_, **kw)

    def visit_unicode_text(self, type_: Any, **kw: Any) -> str:
        return self.visit_TEXT(type_, **kw)

    def visit_enum(self, type_: Any, **kw: Any) -> str:
        return self.visit_VARCHAR(type_, **kw)

    def visit_boolean(self, type_: Any, **kw: Any) -> str:
        return self.visit_BOOLEAN(type_, **kw)

    def visit_date(self, type_: Any, **kw: Any) -> str:
        return self.visit_DATE(type_, **kw)

    def visit_datetime(self, type_: Any, **kw: Any) -> str:
        return self.visit_DATETIME(type_, **kw)

    def visit_time(self, type_: Any, **kw: Any) -> str:
        return self.visit_TIME(type_, **kw)

    def visit_interval(self, type_: Any, **kw: Any) -> str:
        # without a native INTERVAL the value is stored as a DATETIME after the epoch
        return self.visit_DATETIME(type_, **kw)

    def visit_large_binary(self, type_: Any, **kw: Any) -> str:
        return self.visit_BLOB(type_, **kw)

    def visit_uuid(self, type_: Any, **kw: Any) -> str:
        if type_.native_uuid and getattr(self.dialect, "supports_native_uuid", False):
            return self.visit_UUID(type_, **kw)
        return self._render_string_type(type_, "CHAR", length_override=32)

    def visit_json_int_index(self, type_: Any, **kw: Any) -> str:
        return self.visit_INTEGER(type_, **kw)

    def visit_json_str_index(self, type_: Any, **kw: Any) -> str:
        return self.visit_VARCHAR(type_, **kw)

    def visit_type_decorator(self, type_: Any, **kw: Any) -> str:
        return self.process(type_.type_engine(self.dialect), **kw)

    def visit_user_defined(self, type_: Any, **kw: Any) -> str:
        return type_.get_col_spec(**kw)  # type: ignore[no-any-return]

    def visit_null(self, type_: Any, **kw: Any) -> str:
        raise exc.CompileError(
            f"Can't generate DDL for {type_!r}; did you forget to specify a type on this Column?"
        )

    def visit_ARRAY(self, type_: Any, **kw: Any) -> str:
        raise exc.UnsupportedCompilationError(self, type(type_), "ARRAY needs PostgreSQL")

    def visit_tuple(self, type_: Any, **kw: Any) -> str:
        raise exc.CompileError("A tuple type has no DDL")

    def visit_json_path(self, type_: Any, **kw: Any) -> str:
        raise exc.CompileError("A JSON path type has no DDL")


class StrSQLTypeCompiler(GenericTypeCompiler):
    """For ``str(stmt)`` without a dialect: renders unknown types by class name instead of failing."""

    def process(self, type_: Any, **kw: Any) -> str:
        try:
            return super().process(type_, **kw)
        except exc.CompileError:
            return type(type_).__name__.upper()
