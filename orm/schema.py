"""Schema constructs and DDL, where SQLAlchemy users import them (``sqlalchemy.schema``).

Example::

    from orm.schema import CreateTable, MetaData, Table, Column
    print(CreateTable(users))
"""
from orm.sql.ddl import (
    DDL,
    AddConstraint,
    BaseDDLElement,
    CreateColumn,
    CreateIndex,
    CreateSchema,
    CreateSequence,
    CreateTable,
    DDLElement,
    DropColumnComment,
    DropConstraint,
    DropIndex,
    DropSchema,
    DropSequence,
    DropTable,
    DropTableComment,
    ExecutableDDLElement,
    SetColumnComment,
    SetTableComment,
    sort_tables,
    sort_tables_and_constraints,
)
from orm.sql.naming import conv
from orm.sql.schema import (
    BLANK_SCHEMA,
    CheckConstraint,
    Column,
    ColumnDefault,
    Computed,
    Constraint,
    DefaultClause,
    DefaultGenerator,
    FetchedValue,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    SchemaConst,
    SchemaItem,
    Sequence,
    Table,
    UniqueConstraint,
)

__all__ = [
    "DDL", "AddConstraint", "CreateIndex", "CreateSchema", "CreateSequence", "CreateTable", "DDLElement",
    "DropConstraint", "DropIndex", "DropSchema", "DropSequence", "DropTable", "DropTableComment",
    "ExecutableDDLElement", "SetColumnComment", "SetTableComment", "sort_tables", "sort_tables_and_constraints",
    "CheckConstraint", "Column", "ColumnDefault", "Computed", "Constraint", "DefaultClause", "FetchedValue",
    "ForeignKey", "ForeignKeyConstraint", "Identity", "Index", "MetaData", "PrimaryKeyConstraint", "SchemaItem",
    "Sequence", "Table", "UniqueConstraint", "conv", "BLANK_SCHEMA", "SchemaConst", "DefaultGenerator",
    "BaseDDLElement", "CreateColumn", "DropColumnComment",
]
