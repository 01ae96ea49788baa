"""The SQL expression language (Core)."""
from .base import ClauseElement, ColumnCollection, Executable
from .dml import Delete, Insert, Update, delete, insert, update
from .elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    Case,
    Cast,
    ClauseList,
    ColumnClause,
    ColumnElement,
    Label,
    Null,
    TextClause,
    Tuple,
    UnaryExpression,
    all_,
    and_,
    any_,
    asc,
    between,
    bindparam,
    case,
    cast,
    collate,
    column,
    desc,
    distinct,
    extract,
    false,
    funcfilter,
    literal,
    literal_column,
    not_,
    null,
    nulls_first,
    nulls_last,
    or_,
    over,
    text,
    true,
    tuple_,
    type_coerce,
    within_group,
)
from .functions import func
from .ddl import DDL, CreateIndex, CreateTable, DropIndex, DropTable
from .schema import (
    CheckConstraint,
    Column,
    ColumnDefault,
    Computed,
    Constraint,
    DefaultClause,
    FetchedValue,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Sequence,
    Table,
    UniqueConstraint,
)
from .select import (
    LABEL_STYLE_DEFAULT,
    LABEL_STYLE_DISAMBIGUATE_ONLY,
    LABEL_STYLE_NONE,
    LABEL_STYLE_TABLENAME_PLUS_COL,
    CompoundSelect,
    Select,
    TextualSelect,
    except_,
    except_all,
    intersect,
    intersect_all,
    select,
    union,
    union_all,
)
from .selectable import (
    CTE,
    Alias,
    Exists,
    FromClause,
    Join,
    ScalarSelect,
    Subquery,
    TableClause,
    alias,
    exists,
    table,
)
from .selectable import Lateral
from .abstract import (
    CacheKey,
    ColumnExpressionArgument,
    Selectable,
    SQLColumnExpression,
)
from .constructs import (
    NotNullable,
    Nullable,
    SelectLabelStyle,
    TableSample,
    TryCast,
    bitwise_not,
    cte,
    label,
    modifier,
    nullsfirst,
    nullslast,
    outparam,
    quoted_name,
    tablesample,
    try_cast,
)
from .ddl import BaseDDLElement, ExecutableDDLElement, DDLElement
from .lambdas import LambdaElement, StatementLambdaElement, lambda_stmt
from .literals import False_, True_
from .values import Values, values


def lateral(selectable: object, name: object = None) -> Lateral:
    return Lateral(selectable, name)  # type: ignore[arg-type]


def join(left: object, right: object, onclause: object = None, isouter: bool = False, full: bool = False) -> Join:
    """``left JOIN right ON ...``: ``join(users, addresses)``."""
    return Join(left, right, onclause, isouter=isouter, full=full)


def outerjoin(left: object, right: object, onclause: object = None, full: bool = False) -> Join:
    return Join(left, right, onclause, isouter=True, full=full)


# the public names (star-importing modules and type checkers read this list)
__all__ = [
    "ClauseElement", "ColumnCollection", "Executable", "select", "Delete", "Insert", "Update",
    "delete", "insert", "update", "BinaryExpression", "BindParameter", "BooleanClauseList", "Case",
    "Cast", "ClauseList", "ColumnClause", "ColumnElement", "Label", "Null", "TextClause", "Tuple",
    "UnaryExpression", "all_", "and_", "any_", "asc", "between", "bindparam", "case", "cast",
    "collate", "column", "desc", "distinct", "extract", "false", "funcfilter", "literal",
    "literal_column", "not_", "null", "nulls_first", "nulls_last", "or_", "over", "text", "true",
    "tuple_", "type_coerce", "within_group", "func", "DDL", "CreateIndex", "CreateTable", "DropIndex",
    "DropTable", "CheckConstraint", "Column", "ColumnDefault", "Computed", "Constraint",
    "DefaultClause", "FetchedValue", "ForeignKey", "ForeignKeyConstraint", "Identity", "Index",
    "MetaData", "PrimaryKeyConstraint", "Sequence", "Table", "UniqueConstraint", "LABEL_STYLE_DEFAULT",
    "LABEL_STYLE_DISAMBIGUATE_ONLY", "LABEL_STYLE_NONE", "LABEL_STYLE_TABLENAME_PLUS_COL",
    "CompoundSelect", "Select", "TextualSelect", "except_", "except_all", "intersect", "intersect_all",
    "union", "union_all", "CTE", "Alias", "Exists", "FromClause", "Join", "ScalarSelect", "Subquery",
    "TableClause", "alias", "exists", "table", "Lateral", "lateral", "join", "outerjoin",
    "CacheKey", "ColumnExpressionArgument", "Selectable", "SQLColumnExpression", "NotNullable",
    "Nullable", "SelectLabelStyle", "TableSample", "TryCast", "bitwise_not", "cte", "label", "modifier",
    "nullsfirst", "nullslast", "outparam", "quoted_name", "tablesample", "try_cast",
    "ExecutableDDLElement", "DDLElement", "BaseDDLElement", "LambdaElement", "StatementLambdaElement",
    "lambda_stmt", "False_", "True_", "Values", "values",
]
