"""Expression visitors of the compiler: columns, text, constants, lists, labels, CAST/CASE,
window functions, function calls, binary/unary operators; and the operator tables dialects
override (``OPERATORS``, ``UNARY_OPERATORS``, ``MODIFIERS``, ``NILADIC_FUNCTIONS``).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from orm import exc

from .. import operators as ops
from ..base import AnonLabel
from ..elements import BindParameter

OPERATORS: dict[Any, str] = {
    ops.eq: " = ", ops.ne: " != ", ops.lt: " < ", ops.le: " <= ", ops.gt: " > ", ops.ge: " >= ",
    ops.add: " + ", ops.sub: " - ", ops.mul: " * ", ops.truediv: " / ", ops.floordiv: " / ",
    ops.mod: " % ", ops.concat_op: " || ", ops.and_: " AND ", ops.or_: " OR ",
    ops.like_op: " LIKE ", ops.not_like_op: " NOT LIKE ", ops.ilike_op: " ILIKE ",
    ops.not_ilike_op: " NOT ILIKE ", ops.in_op: " IN ", ops.not_in_op: " NOT IN ",
    ops.is_: " IS ", ops.is_not: " IS NOT ", ops.collate: " COLLATE ",
    ops.between_op: " BETWEEN ", ops.not_between_op: " NOT BETWEEN ",
    ops.is_distinct_from: " IS DISTINCT FROM ", ops.is_not_distinct_from: " IS NOT DISTINCT FROM ",
    ops.bitwise_and_op: " & ", ops.bitwise_or_op: " | ", ops.bitwise_xor_op: " ^ ",
    ops.match_op: " MATCH ", ops.comma_op: ", ", ops.getitem: "[]",
    ops.contains_op: " @> ", ops.contained_by_op: " <@ ", ops.overlap_op: " && ", ops.has_key_op: " ? ",
}

UNARY_OPERATORS: dict[Any, str] = {
    ops.neg: "-", ops.not_: "NOT ", ops.inv: "NOT ", ops.distinct_op: "DISTINCT ",
    ops.exists: "EXISTS ", ops.any_op: "ANY ", ops.all_op: "ALL ",
}

MODIFIERS: dict[Any, str] = {
    ops.desc_op: " DESC", ops.asc_op: " ASC", ops.nulls_first_op: " NULLS FIRST",
    ops.nulls_last_op: " NULLS LAST",
}

# Functions rendered without parentheses (ANSI "niladic" functions).
NILADIC_FUNCTIONS: dict[str, str] = {
    "current_timestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE",
    "current_time": "CURRENT_TIME", "localtime": "LOCALTIME", "localtimestamp": "LOCALTIMESTAMP",
    "current_user": "CURRENT_USER", "session_user": "SESSION_USER", "user": "USER",
}


class ExpressionCompilerMixin:
    """Expression-level visit methods of ``SQLCompiler``."""

    # -- simple elements -------------------------------------------------------------------------
    def visit_column(self, column: Any, include_table: bool = True, add_to_result_map: Any = None,
                     **kw: Any) -> str:
        name = column.name
        if name is None:
            raise exc.CompileError("Cannot compile Column object until its 'name' is assigned.")
        if column.is_literal:
            text = self._truncated(name)
            if self.escape_percent:
                text = text.replace("%", "%%")
        else:
            text = self.preparer.quote(self._truncated(name))
        table = column.table
        if table is None or not include_table or not getattr(table, "named_with_column", False):
            return text
        effective = self._effective_table_name(table)
        if effective is None:
            return text
        return f"{effective}.{text}"

    def _effective_table_name(self, table: Any) -> Optional[str]:
        name = table.name
        if type(name) is AnonLabel:
            return self._truncated(name)
        schema = getattr(table, "schema", None)
        quoted = self.preparer.quote(name)
        if schema and not getattr(table, "_is_derived", False):
            return self.preparer.quote_schema(schema) + "." + quoted
        return quoted

    def visit_textclause(self, clause: Any, **kw: Any) -> str:
        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            bp = clause._bindparams.get(name)
            if bp is None:
                bp = BindParameter(name, None, required=True)
            return self.process(bp, **kw)

        text = clause.text
        if self.escape_percent:
            text = text.replace("%", "%%")
        text = clause._bind_pattern.sub(repl, text)
        # ``\:`` escapes a colon that is not a parameter
        return text.replace("\\:", ":")

    def visit_textual_label_reference(self, element: Any, within_columns_clause: bool = False,
                                      **kw: Any) -> str:
        select = self.stack[-1]["selectable"] if self.stack else None
        name = element.element
        if select is not None and getattr(select, "__visit_name__", "") == "compound_select":
            return self.preparer.quote(name)
        if select is not None:
            for key, cname, col, needs_label in select._columns_plus_names() if hasattr(select, "_columns_plus_names") else [
                (k, n, c, False) for k, n, c in select._exported_columns()
            ]:
                if cname == name or key == name:
                    if needs_label or getattr(col, "__visit_name__", "") == "label":
                        return self.preparer.quote(name)
                    return self.process(col, **kw)
            if not hasattr(select, "_columns_plus_names"):
                return self.preparer.quote(name)
        raise exc.CompileError(
            f"Can't resolve label reference for ORDER BY / GROUP BY / DISTINCT etc. Textual SQL "
            f"expression {name!r} should be explicitly declared as text({name!r})"
        )

    def visit_null(self, expr: Any, **kw: Any) -> str:
        return "NULL"

    def visit_true(self, expr: Any, **kw: Any) -> str:
        if self.dialect.supports_native_boolean:
            return "true"
        return "1"

    def visit_false(self, expr: Any, **kw: Any) -> str:
        if self.dialect.supports_native_boolean:
            return "false"
        return "0"

    def visit_grouping(self, grouping: Any, **kw: Any) -> str:
        return "(" + self.process(grouping.element, **kw) + ")"

    def visit_select_statement_grouping(self, grouping: Any, **kw: Any) -> str:
        return "(" + self.process(grouping.element, **kw) + ")"

    def visit_clauselist(self, clauselist: Any, **kw: Any) -> str:
        sep = self.operators.get(clauselist.operator, ", ") if clauselist.operator is not ops.comma_op else ", "
        parts = [self.process(c, **kw) for c in clauselist.clauses]
        return sep.join(p for p in parts if p)

    def visit_expression_clauselist(self, clauselist: Any, **kw: Any) -> str:
        sep = self.operators.get(clauselist.operator, ", ")
        return sep.join(self.process(c, **kw) for c in clauselist.clauses)

    def visit_boolean_clauselist(self, clauselist: Any, **kw: Any) -> str:
        if not clauselist.clauses:
            return ""
        sep = self.operators[clauselist.operator]
        parts = [self.process(c, **kw) for c in clauselist.clauses]
        return sep.join(p for p in parts if p)

    def visit_tuple(self, clauselist: Any, **kw: Any) -> str:
        return "(" + ", ".join(self.process(c, **kw) for c in clauselist.clauses) + ")"

    def visit_label(self, label: Any, within_columns_clause: bool = False, render_label_as_label: Any = None,
                    result_map_targets: Any = (), **kw: Any) -> str:
        name = self._truncated(label.name)
        if within_columns_clause or render_label_as_label is label:
            inner = self.process(label.element, within_columns_clause=False, **kw)
            return inner + " AS " + self.preparer.quote(name)
        if kw.get("within_order_by") or kw.get("within_group_by"):
            # ORDER BY a label of the enclosing SELECT refers to it by name
            select = self.stack[-1]["selectable"] if self.stack else None
            if select is not None and any(c is label for c in getattr(select, "_raw_columns", ())):
                return self.preparer.quote(name)
        return self.process(label.element, **kw)

    def visit_collation(self, element: Any, **kw: Any) -> str:
        # a collation name is an identifier: quoted when it has capitals or odd characters
        return self.preparer.quote(element.collation)

    def visit_typeclause(self, typeclause: Any, **kw: Any) -> str:
        return self.dialect.type_compiler.process(typeclause.type)

    def visit_cast(self, cast: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        return f"CAST({self.process(cast.clause, **kw)} AS {self.process(cast.typeclause, **kw)})"

    def visit_type_coerce(self, tc: Any, **kw: Any) -> str:
        return self.process(tc.clause, **kw)

    def visit_extract(self, extract: Any, **kw: Any) -> str:
        field = self.extract_map.get(extract.field, extract.field)
        return f"EXTRACT({field} FROM {self.process(extract.expr, **kw)})"

    extract_map: dict[str, str] = {}

    def visit_case(self, clause: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        x = "CASE "
        if clause.value is not None:
            x += self.process(clause.value, **kw) + " "
        for cond, result in clause.whens:
            x += "WHEN " + self.process(cond, **kw) + " THEN " + self.process(result, **kw) + " "
        if clause.else_ is not None:
            x += "ELSE " + self.process(clause.else_, **kw) + " "
        return x + "END"

    def visit_over(self, over: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        text = self.process(over.element, **kw)
        parts = []
        if over.partition_by is not None:
            parts.append("PARTITION BY " + self.process(over.partition_by, **kw))
        if over.order_by is not None:
            parts.append("ORDER BY " + self.process(over.order_by, **kw))
        if over.range_ is not None:
            parts.append("RANGE BETWEEN " + self._frame(over.range_, over._frame_binds, **kw))
        elif over.rows is not None:
            parts.append("ROWS BETWEEN " + self._frame(over.rows, over._frame_binds, **kw))
        return f"{text} OVER ({' '.join(parts)})"

    def _frame(self, rng: tuple[Any, Any], binds: tuple[Any, ...], **kw: Any) -> str:
        # offsets other than 0 are bound parameters (their values are not part of the shape)
        values = iter(binds)

        def bound(v: Any, side: str) -> str:
            if v is None:
                return f"UNBOUNDED {side}"
            if v == 0:
                return "CURRENT ROW"
            text = self.process(next(values), **kw)
            return f"{text} PRECEDING" if v < 0 else f"{text} FOLLOWING"

        return f"{bound(rng[0], 'PRECEDING')} AND {bound(rng[1], 'FOLLOWING')}"

    def visit_withingroup(self, wg: Any, **kw: Any) -> str:
        return f"{self.process(wg.element, **kw)} WITHIN GROUP (ORDER BY {self.process(wg.order_by, **kw)})"

    def visit_funcfilter(self, ff: Any, **kw: Any) -> str:
        return f"{self.process(ff.func, **kw)} FILTER (WHERE {self.process(ff.criterion, **kw)})"

    def visit_function(self, func: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        name = func.name
        lname = name.lower()
        disp = getattr(self, f"visit_{lname}_func", None)
        if disp is not None:
            return disp(func, **kw)  # type: ignore[no-any-return]
        template = self.function_templates.get(lname)
        args = self.process(func.clause_expr, **kw)
        if template is not None:
            return template.format(args=args)
        if lname in self.niladic_functions and not func.clause_expr.clauses:
            return self.niladic_functions[lname]
        if self.preparer._requires_quotes_func(name):
            name = self.preparer.quote(name)
        packages = [self.preparer.quote(p) if self.preparer._requires_quotes_func(p) else p for p in func.packagenames]
        return ".".join(packages + [name]) + "(" + args + ")"

    def visit_next_value(self, nv: Any, **kw: Any) -> str:
        raise exc.CompileError(f"Dialect '{self.dialect.name}' does not support sequence increments.")

    # -- operators -------------------------------------------------------------------------------
    def visit_binary(self, binary: Any, **kw: Any) -> str:
        operator = binary.operator
        kw.pop("within_columns_clause", None)
        name = getattr(operator, "__name__", None)
        disp = getattr(self, f"visit_{name}_binary", None) if name else None
        if disp is not None:
            return disp(binary, operator, **kw)  # type: ignore[no-any-return]
        if isinstance(operator, ops.custom_op):
            opstring = f" {operator.opstring} "
            if self.escape_percent:
                opstring = opstring.replace("%", "%%")
        else:
            opstring = self.operators.get(operator)
            if opstring is None:
                raise exc.UnsupportedCompilationError(self, operator)
            if operator is ops.mod and self.escape_percent:
                opstring = " %% "
        return self.process(binary.left, **kw) + opstring + self.process(binary.right, **kw)

    def _like(self, binary: Any, keyword: str, **kw: Any) -> str:
        text = self.process(binary.left, **kw) + keyword + self.process(binary.right, **kw)
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_like_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " LIKE ", **kw)

    def visit_not_like_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self._like(binary, " NOT LIKE ", **kw)

    def visit_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        # generic ILIKE: lower() on both sides (PostgreSQL overrides with native ILIKE)
        text = f"lower({self.process(binary.left, **kw)}) LIKE lower({self.process(binary.right, **kw)})"
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_not_ilike_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        text = f"lower({self.process(binary.left, **kw)}) NOT LIKE lower({self.process(binary.right, **kw)})"
        escape = binary.modifiers.get("escape")
        if escape:
            text += " ESCAPE " + self.render_literal_value(escape, _string_type())
        return text

    def visit_between_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        sym = " BETWEEN SYMMETRIC " if binary.modifiers.get("symmetric") else " BETWEEN "
        return self.process(binary.left, **kw) + sym + self.process(binary.right, **kw)

    def visit_not_between_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        sym = " NOT BETWEEN SYMMETRIC " if binary.modifiers.get("symmetric") else " NOT BETWEEN "
        return self.process(binary.left, **kw) + sym + self.process(binary.right, **kw)

    def visit_in_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        kw["_expand_op"] = operator
        return self.process(binary.left, **kw) + " IN " + self.process(binary.right, **kw)

    def visit_not_in_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        kw["_expand_op"] = operator
        return self.process(binary.left, **kw) + " NOT IN " + self.process(binary.right, **kw)

    def visit_is_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " IS DISTINCT FROM " + self.process(binary.right, **kw)

    def visit_is_not_distinct_from_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return self.process(binary.left, **kw) + " IS NOT DISTINCT FROM " + self.process(binary.right, **kw)

    def visit_regexp_match_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        raise exc.CompileError(f"{self.dialect.name} dialect does not support regular expressions")

    visit_not_regexp_match_op_binary = visit_regexp_match_op_binary

    def visit_json_getitem_op_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        raise exc.CompileError(f"{self.dialect.name} dialect does not support JSON indexing")

    visit_json_path_getitem_op_binary = visit_json_getitem_op_binary

    def visit_getitem_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        return f"{self.process(binary.left, **kw)}[{self.process(binary.right, **kw)}]"

    def visit_unary(self, unary: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        if unary.operator is not None:
            name = getattr(unary.operator, "__name__", None)
            disp = getattr(self, f"visit_{name}_unary_operator", None) if name else None
            if disp is not None:
                return disp(unary, unary.operator, **kw)  # type: ignore[no-any-return]
            if isinstance(unary.operator, ops.custom_op):
                return unary.operator.opstring + " " + self.process(unary.element, **kw)
            return self.unary_operators[unary.operator] + self.process(unary.element, **kw)
        if unary.modifier is not None:
            name = getattr(unary.modifier, "__name__", None)
            disp = getattr(self, f"visit_{name}_unary_modifier", None) if name else None
            if disp is not None:
                return disp(unary, unary.modifier, **kw)  # type: ignore[no-any-return]
            return self.process(unary.element, **kw) + self.modifiers[unary.modifier]
        return self.process(unary.element, **kw)

    def _parenthesised(self, element: Any, **kw: Any) -> str:
        text = self.process(element, **kw)
        if getattr(element, "__visit_name__", "") in ("scalar_select", "grouping"):
            return text  # already in parentheses
        return "(" + text + ")"

    def visit_any_op_unary_operator(self, unary: Any, operator: Any, **kw: Any) -> str:
        return "ANY " + self._parenthesised(unary.element, **kw)

    def visit_all_op_unary_operator(self, unary: Any, operator: Any, **kw: Any) -> str:
        return "ALL " + self._parenthesised(unary.element, **kw)

    def visit_as_boolean(self, element: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        inner = element.element
        if self.dialect.supports_native_boolean:
            if element.negated:
                return "NOT " + self.process(inner.self_group(against=ops.not_), **kw)
            return self.process(inner, **kw)
        return self.process(inner, **kw) + (" = 0" if element.negated else " = 1")

    # -- division: Python 3 semantics, as SQLAlchemy 2.0 renders them ----------------------------
    # Where "/" between integers truncates (most databases), true division casts the divisor to
    # NUMERIC (FLOAT for a float divisor); floor division of integers is the plain "/".
    div_is_floordiv = True

    def visit_truediv_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        right = binary.right
        if self.div_is_floordiv:
            right = self._true_divisor(right)
        return self.process(binary.left, **kw) + " / " + self.process(right, **kw)

    def _true_divisor(self, right: Any) -> Any:
        from orm.types import Numeric

        from ..elements import Cast

        type_ = right.type if isinstance(right.type, Numeric) else Numeric()
        return Cast(right, type_)

    def visit_floordiv_binary(self, binary: Any, operator: Any, **kw: Any) -> str:
        from orm.types import Integer

        text = self.process(binary.left, **kw) + " / " + self.process(binary.right, **kw)
        if self.div_is_floordiv and isinstance(binary.right.type, Integer) \
                and isinstance(binary.left.type, Integer):
            return text
        return "FLOOR(" + text + ")"

    def visit_exists(self, exists: Any, **kw: Any) -> str:
        kw.pop("within_columns_clause", None)
        return "EXISTS (" + self.process(exists.element, asfrom=False, subquery=True, **kw) + ")"


def _string_type() -> Any:
    from orm.types import String

    return String()
