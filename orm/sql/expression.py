"""The expression language under SQLAlchemy's module path ``sqlalchemy.sql.expression``:
``from orm.sql.expression import select, and_, ColumnElement, Select`` works as it does there.

Example::

    from orm.sql.expression import select, label, values, column
    stmt = select(label("n", column("name")))
"""
from __future__ import annotations

from . import *  # noqa: F401,F403 - the flat names of orm.sql
from . import __all__ as _sql_all
from .abstract import *  # noqa: F401,F403
from .abstract import __all__ as _abstract_all
from .casts import Extract, TypeClause, TypeCoerce
from .clauselist import ExpressionClauseList
from .constructs import *  # noqa: F401,F403
from .constructs import __all__ as _constructs_all
from .elements import Grouping
from .functions import Function, FunctionElement
from .lambdas import LambdaElement, StatementLambdaElement, lambda_stmt
from .literals import False_, True_
from .operators import custom_op
from .operators_mixin import ColumnOperators
from .selectable import AliasedReturnsRows, HasCTE, ReturnsRows, SelectBase
from .values import ScalarValues, Values, values
from .window import FunctionFilter, Over, WithinGroup

__all__ = sorted(set(_sql_all) | set(_abstract_all) | set(_constructs_all) | {
    "Extract", "TypeClause", "TypeCoerce", "ExpressionClauseList", "Grouping", "Function",
    "FunctionElement", "LambdaElement", "StatementLambdaElement", "lambda_stmt", "False_", "True_",
    "custom_op", "ColumnOperators", "AliasedReturnsRows", "HasCTE", "ReturnsRows", "SelectBase", "ScalarValues", "Values",
    "values", "FunctionFilter", "Over", "WithinGroup",
})
