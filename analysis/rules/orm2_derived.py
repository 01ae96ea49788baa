"""The columns of a subquery or CTE built from ``select(...)`` in the same function or module.

``totals = select(Sale.customer_id, func.sum(Sale.amount).label("spent")).subquery()`` has the
columns ``totals.c.customer_id`` (an int, like ``Sale.customer_id``) and ``totals.c.spent``
(the type of ``Sale.amount``: sum keeps it).  ORM202 reports ``totals.c.total`` (AttributeError
when the line runs) and ORM201 compares ``totals.c.spent`` like the column it selects.

Only shapes known for certain are read: every selected expression must have a known name (a
mapped column, a mapped class, or ``.label("name")``), the chain between ``select(...)`` and
``.subquery()``/``.cte()`` may only filter, join, group or order, and the variable must be
assigned once.  Anything else gives None ("unknown"), and nothing is reported.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from analysis.rules.orm2_scan import ModuleScan, Scope, comparable_column
from analysis.typesys import INT

# methods between select(...) and .subquery()/.cte() that keep the selected columns
_KEEPING = frozenset({"where", "filter", "filter_by", "group_by", "having", "order_by", "join",
                      "outerjoin", "join_from", "outerjoin_from", "select_from", "limit",
                      "offset", "distinct", "correlate", "correlate_except", "options",
                      "execution_options", "params", "prefix_with", "suffix_with"})
_MAKERS = frozenset({"subquery", "cte", "alias"})
# functions whose result has their first argument's type; count() is an integer
_SAME_TYPE = frozenset({"max", "min", "sum", "coalesce"})
# ColumnCollection methods and attributes (``totals.c.keys()``): not column names
_COLLECTION_API = frozenset({"keys", "values", "items", "get", "contains_column",
                             "corresponding_column", "as_readonly", "compare", "update",
                             "add", "remove", "clear"})


@dataclass(frozen=True)
class DerivedColumn:
    """A column of a subquery: its Python and SQL type when known."""

    python_type: Optional[str] = None
    sql_type: Optional[str] = None


def derived_columns(scan: ModuleScan, name: cst.Name, scope: Scope
                    ) -> Optional[dict[str, DerivedColumn]]:
    """The columns of the subquery/CTE a name holds, by ``.c`` key; None when not certain."""
    value = scan.single_value(name.value, scope)
    if not isinstance(value, cst.Call) or not isinstance(value.func, cst.Attribute) or \
            value.func.attr.value not in _MAKERS:
        return None
    if value.func.attr.value == "cte" and any(a.keyword is not None and
                                              a.keyword.value == "recursive" for a in value.args):
        return None     # a recursive CTE gets its union's columns
    node: cst.BaseExpression = value.func.value
    for _ in range(3):
        if isinstance(node, cst.Name):      # q = select(...); totals = q.subquery()
            node = scan.single_value(node.value, scope)
            continue
        break
    for _ in range(40):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in _KEEPING:
            node = node.func.value
            continue
        break
    if not isinstance(node, cst.Call) or scan.orm_name(node.func, scope) != "orm.select":
        return None
    columns: dict[str, DerivedColumn] = {}
    for arg in node.args:
        if arg.keyword is not None or arg.star:
            return None
        found = _selected(scan, arg.value, scope)
        if found is None or found.keys() & columns.keys():
            return None     # a repeated name becomes `id_1`: not followed
        columns.update(found)
    return columns or None


def derived_column(scan: ModuleScan, node: cst.BaseExpression, scope: Scope
                   ) -> Optional[tuple[str, DerivedColumn]]:
    """``totals.c.spent`` -> ("spent", its DerivedColumn) when ``totals`` is known."""
    owner = _collection_owner(node)
    if owner is None:
        return None
    columns = derived_columns(scan, owner, scope)
    if columns is None:
        return None
    assert isinstance(node, cst.Attribute)
    found = columns.get(node.attr.value)
    return (node.attr.value, found) if found is not None else None


def unknown_derived_column(scan: ModuleScan, node: cst.Attribute, scope: Scope
                           ) -> Optional[tuple[str, list[str]]]:
    """``totals.c.total`` where the subquery has no such column: (subquery name, its keys)."""
    owner = _collection_owner(node)
    key = node.attr.value
    if owner is None or key in _COLLECTION_API or key.startswith("_"):
        return None
    parent = scan.parent(node)
    if isinstance(parent, cst.Call) and parent.func is node:
        return None
    columns = derived_columns(scan, owner, scope)
    if columns is None or key in columns:
        return None
    return owner.value, sorted(columns)


def selected_type(scan: ModuleScan, node: cst.BaseExpression, scope: Scope,
                  scalar: bool) -> Optional[DerivedColumn]:
    """The type of the one column a nested ``select(X.col)...`` selects (``in_(select(...))``;
    with ``scalar`` only a ``.scalar_subquery()``, a value in a comparison), or None."""
    for _ in range(3):
        if not isinstance(node, cst.Name):
            break
        owner, _bindings = scan.lookup(node.value, scope)
        found = scan.single_value(node.value, scope)
        if found is None or owner is None:
            return None
        node, scope = found, owner
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "scalar_subquery" and not node.args:
        node = node.func.value
    elif scalar:
        return None
    for _ in range(40):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in _KEEPING:
            node = node.func.value
            continue
        break
    if not isinstance(node, cst.Call) or scan.orm_name(node.func, scope) != "orm.select" or \
            len(node.args) != 1 or node.args[0].keyword is not None or node.args[0].star:
        return None
    column = node.args[0].value
    if isinstance(column, cst.Call) and isinstance(column.func, cst.Attribute) and \
            column.func.attr.value == "label":
        column = column.func.value
    return expression_type(scan, column, scope)


def values_items(call: cst.Call, query_update: bool = False
                 ) -> list[tuple[cst.CSTNode, str, cst.BaseExpression]]:
    """The (node, column key, value) pairs of ``.values(a=1)``, ``.values({"a": 1})``, a
    multi-row ``.values([{"a": 1}, {"a": 2}])`` and (``query_update``) a legacy
    ``Query.update({"a": 1})`` / ``Query.update(values={"a": 1})``, whose keywords are its own
    parameters, not columns: keys written as keywords or string constants (others are skipped)."""
    pairs: list[tuple[cst.CSTNode, str, cst.BaseExpression]] = []

    def from_dict(node: cst.Dict) -> None:
        for element in node.elements:
            if isinstance(element, cst.DictElement) and \
                    isinstance(element.key, cst.SimpleString) and \
                    isinstance(element.key.evaluated_value, str):
                pairs.append((element, element.key.evaluated_value, element.value))

    for arg in call.args:
        if query_update:
            # update(values, synchronize_session=..., update_args=...)
            if isinstance(arg.value, cst.Dict) and not arg.star and \
                    (arg.keyword is None or arg.keyword.value == "values"):
                from_dict(arg.value)
        elif arg.keyword is not None:
            pairs.append((arg, arg.keyword.value, arg.value))
        elif isinstance(arg.value, cst.Dict) and not arg.star:
            from_dict(arg.value)
        elif isinstance(arg.value, (cst.List, cst.Tuple)) and not arg.star:
            for element in arg.value.elements:
                if isinstance(element.value, cst.Dict):
                    from_dict(element.value)
    return pairs


def query_update_entity(scan: ModuleScan, call: cst.Call, scope: Scope):
    """The entity of ``session.query(Entity)....update({...})`` (legacy bulk UPDATE), or None."""
    from analysis.rules.orm2_statements import flatten

    if not isinstance(call.func, cst.Attribute) or call.func.attr.value != "update" or \
            not call.args or not isinstance(call.args[0].value, cst.Dict):
        return None
    _, calls = flatten(call.func.value, scan, scope)
    if not calls or calls[0][0] != "query" or len(calls[0][1].args) != 1:
        return None
    if any(name not in ("filter", "filter_by", "where", "execution_options") for name, _ in
           calls[1:]):
        return None
    entity = scan.entity(calls[0][1].args[0].value, scope)
    return entity if entity is not None and entity.alias is None else None


def _collection_owner(node: cst.BaseExpression) -> Optional[cst.Name]:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Attribute) and \
            node.value.attr.value in ("c", "columns") and isinstance(node.value.value, cst.Name):
        return node.value.value
    return None


def _selected(scan: ModuleScan, node: cst.BaseExpression, scope: Scope
              ) -> Optional[dict[str, DerivedColumn]]:
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
            node.func.attr.value == "label":
        if len(node.args) != 1 or not isinstance(node.args[0].value, cst.SimpleString):
            return None
        label = node.args[0].value.evaluated_value
        if not isinstance(label, str):
            return None
        return {label: expression_type(scan, node.func.value, scope) or DerivedColumn()}
    ref = scan.attribute_ref(node, scope)
    if ref is not None:
        column = ref.column
        if column is None or column.kind not in ("column", "synonym"):
            return None
        typed = DerivedColumn(column.python_type, column.sql_type)
        return {ref.key: typed, column.name: typed}
    entity = scan.entity(node, scope)
    if entity is not None:
        out: dict[str, DerivedColumn] = {}
        for key, column in entity.model.all_columns().items():
            if column.kind == "column":
                out[key] = out[column.name] = DerivedColumn(column.python_type, column.sql_type)
        return out or None
    return None


def expression_type(scan: ModuleScan, node: cst.BaseExpression, scope: Scope
                    ) -> Optional[DerivedColumn]:
    """The type of a column expression: a mapped column, ``func.count(...)`` (int), or
    ``func.max/min/sum/coalesce(column, ...)`` (the column's type); None when not known."""
    column = comparable_column(scan.attribute_ref(node, scope))
    if column is not None:
        return DerivedColumn(column.python_type, column.sql_type)
    if not isinstance(node, cst.Call):
        return None
    name = scan.orm_name(node.func, scope) or ""
    if not name.startswith("orm.func.") or name.count(".") != 2:
        return None
    function = name.rpartition(".")[2].lower()
    if function == "count":
        return DerivedColumn(INT, "Integer")
    if function in _SAME_TYPE and node.args and node.args[0].keyword is None and \
            not node.args[0].star:
        inner = comparable_column(scan.attribute_ref(node.args[0].value, scope))
        if inner is not None:
            return DerivedColumn(inner.python_type, inner.sql_type)
    return None
