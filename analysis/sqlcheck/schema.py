"""The database schema raw SQL is checked against, built from the model index.

Every mapped class contributes its table and column names (``Column("email_address")`` counts
by its name, not its attribute key); every ``Table(...)`` its columns.  A table whose columns
the index cannot know for certain (reflected, automapped, a base outside the project) is known
by name only.  When several definitions of one table name exist in a project, those of the
module being checked win (a module's SQL runs against the models it sits with); otherwise the
columns of all of them count.

Example::

    schema = schema_for(project, "app.reports", source_text)
    schema.table("users").columns          # frozenset({"id", "name", "email_address"})
    schema.authoritative                   # False when the project reflects tables
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from analysis.index.model import ModelInfo, ProjectIndex

# words in a module that mean tables come from the database itself, not from the models
_REFLECTION = re.compile(r"autoload|\.reflect\(|automap|DeferredReflection")
_DDL = re.compile(
    r"""\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP(?:ORARY)?\s+)?"""
    r"""(?:UNLOGGED\s+)?(?:MATERIALIZED\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"""
    r"""([\w."`\[\]]+)""", re.IGNORECASE)
_CREATE_TABLE_CALL = re.compile(r"""create_table\(\s*["'](\w+)["']""")


@dataclass(frozen=True)
class TableSchema:
    """A table by lower-case name; ``columns`` None when they are not known for certain."""

    name: str
    columns: Optional[frozenset[str]]


@dataclass
class SqlSchema:
    """Tables by lower-case name.  ``authoritative``: a table missing here does not exist (no
    reflection, automap or DDL in sight), so an unknown table name is an error."""

    tables: dict[str, TableSchema] = field(default_factory=dict)
    authoritative: bool = False
    extra_tables: set[str] = field(default_factory=set)   # created by DDL in the module

    def table(self, name: str) -> Optional[TableSchema]:
        return self.tables.get(name.lower())

    def knows(self, name: str) -> bool:
        lower = name.lower()
        return lower in self.tables or lower in self.extra_tables


def _model_columns(model: ModelInfo) -> list[str]:
    return [c.name.lower() for c in model.columns.values() if c.kind == "column" and c.name]


_REFLECTION_BASES = ("DeferredReflection", "automap", "AutomapBase")


def is_reflected(model: ModelInfo, project: ProjectIndex) -> bool:
    """True when ``model``'s table comes from the database (reflection, automap)."""
    for each in model.ancestors():
        if any(word in base for base in each.bases for word in _REFLECTION_BASES):
            return True
        if each.table_args_text and "autoload" in each.table_args_text:
            return True
    if model.tablename:
        table = project.tables.get(model.tablename)
        if table is not None and not table.columns and not model.all_columns():
            return True
    return False


def model_is_complete(model: ModelInfo, project: ProjectIndex) -> bool:
    """True when the index sees every column and attribute of ``model`` (and its parents):
    not reflected, not automapped, no base class outside the project."""
    for each in model.ancestors():
        if each.unknown_bases:
            return False
        if any(word in base for base in each.bases for word in _REFLECTION_BASES):
            return False
        if each.table_args_text and "autoload" in each.table_args_text:
            return False
        if each.tablename and each is model:
            table = project.tables.get(each.tablename)
            if table is not None and not table.columns:
                return False
    return bool(model.all_columns())


_DEFINITIONS: dict[int, tuple] = {}


def _definitions(project: ProjectIndex) -> tuple[dict, bool]:
    """The tables of the whole project and whether one is reflected, once per model index
    (every module with raw SQL asks; 0.5 s of 6 on a 50k-line project before)."""
    found = _DEFINITIONS.get(id(project))
    if found is not None and found[0] is project:
        return found[1], found[2]
    definitions: dict[str, list[tuple[str, Optional[list[str]]]]] = {}
    reflected = False
    for model in project.models.values():
        if not model.tablename:
            # a mapped class whose table name the index cannot read (a computed
            # __tablename__, a declared_attr on a declarative_base(cls=...)) maps a table of
            # unknown name: a table missing from the schema may be that one
            if model.columns and not any(a.tablename for a in model.ancestors()):
                reflected = True
            continue
        columns = _model_columns(model) if model_is_complete(model, project) else None
        reflected = reflected or is_reflected(model, project)
        definitions.setdefault(model.tablename.lower(), []).append((model.module, columns))
    for table in project.tables.values():
        if table.model is not None:
            continue
        names = [c.name.lower() for c in table.columns.values() if c.name]
        module = (table.qualname_of_variable or "").rpartition(".")[0]
        reflected = reflected or not names      # Table("x", metadata, autoload_with=...)
        definitions.setdefault(table.name.lower(), []).append((module, names or None))
    if len(_DEFINITIONS) > 4:
        _DEFINITIONS.clear()
    tables = {name: _table(name, defs) for name, defs in definitions.items()}
    _DEFINITIONS[id(project)] = (project, definitions, reflected, tables)
    return definitions, reflected


def _table(name: str, chosen: list[tuple[str, Optional[list[str]]]]) -> "TableSchema":
    if any(columns is None for _, columns in chosen):
        return TableSchema(name, None)
    union: set[str] = set()
    for _, columns in chosen:
        union.update(columns or ())
    return TableSchema(name, frozenset(union))


def schema_for(project: ProjectIndex, module_name: str, source: str = "") -> SqlSchema:
    """The schema SQL in module ``module_name`` (whose text is ``source``) runs against."""
    definitions, reflected = _definitions(project)
    reflected = reflected or bool(_REFLECTION.search(source))
    schema = SqlSchema()
    # a table defined in this module too: its local definitions win
    schema.tables = dict(_DEFINITIONS[id(project)][3])
    for name, defs in definitions.items():
        local = [d for d in defs if d[0] == module_name]
        if local and len(local) < len(defs):
            schema.tables[name] = _table(name, local)
    # a class with a base outside the project hides columns, not tables: only reflection
    # (tables that exist in the database but not in the source) makes unknown tables unknowable
    schema.authoritative = bool(schema.tables) and not reflected
    schema.extra_tables = ddl_tables(source)
    return schema


def ddl_tables(source: str) -> set[str]:
    """Lower-case names of tables/views a module creates with raw DDL or alembic's create_table."""
    out: set[str] = set()
    for match in _DDL.finditer(source):
        raw = match.group(1).strip('"`[]')
        out.add(raw.split(".")[-1].strip('"`[]').lower())
    for match in _CREATE_TABLE_CALL.finditer(source):
        out.add(match.group(1).lower())
    return out


__all__ = ["SqlSchema", "TableSchema", "ddl_tables", "is_reflected", "model_is_complete",
           "schema_for"]
