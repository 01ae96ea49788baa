"""SQL compilers: ``SQLCompiler`` (queries and DML), ``DDLCompiler`` (schema), type compiler."""
from .base import Compiled, SQLCompiler, default_dialect
from .preparer import IdentifierPreparer

__all__ = ["Compiled", "SQLCompiler", "IdentifierPreparer", "default_dialect"]
