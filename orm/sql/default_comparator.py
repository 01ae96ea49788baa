"""What each operator builds when applied to a column expression (the default ``Comparator``)."""
from __future__ import annotations

from typing import Any, Callable

from . import operators as ops
from .base import ClauseElement
from .coercions import _unwrap, literal_or_bind
from .elements import (
    BinaryExpression,
    BindParameter,
    BooleanClauseList,
    ClauseList,
    ColumnElement,
    False_,
    Grouping,
    Null,
    True_,
    UnaryExpression,
    and_,
    literal_column,
)
from .type_api import NULLTYPE


def _bool_type() -> Any:
    from orm.types import BOOLEANTYPE

    return BOOLEANTYPE


def _check_literal(expr: ColumnElement[Any], op: Any, other: Any) -> Any:
    other = _unwrap(other)
    if isinstance(other, ClauseElement):
        if getattr(other, "_is_select_statement", False):
            return other.scalar_subquery()
        if getattr(other, "_is_from_clause", False) and not isinstance(other, ColumnElement):
            from orm import exc

            raise exc.ArgumentError(
                f"SQL expression element expected, got {type(other).__name__} (use .scalar_subquery()?)"
            )
        if isinstance(other, BindParameter) and other.type is NULLTYPE:
            new = other._generate()
            new.type = expr.type
            return new
        return other
    if other is None:
        return Null()
    from .elements import Tuple

    if isinstance(expr, Tuple) and isinstance(other, (tuple, list)):
        # (a, b) = (1, 2): one parameter per element, typed after its column
        return Tuple(*[
            _check_literal(c, op, v) if isinstance(_unwrap(v), ClauseElement) or v is None
            else BindParameter(None, v, _compared_to_operator=op, _compared_to_type=c.type, unique=True)
            for c, v in zip(expr.clauses, other)
        ])
    return BindParameter(
        expr.key if type(expr.key) is str else None,  # an anonymous label's name is no bind name
        other,
        _compared_to_operator=op,
        _compared_to_type=expr.type,
        unique=True,
    )


def _boolean_compare(expr: ColumnElement[Any], op: Any, obj: Any, *, negate: Any = None,
                     reverse: bool = False, result_type: Any = None, **kw: Any) -> ColumnElement[Any]:
    if isinstance(obj, bool) and op in (ops.eq, ops.ne, ops.is_, ops.is_not):
        # col == True compares with the constant: "= true" (SQLite and MySQL: "= 1")
        obj = True_() if obj else False_()
    obj = _check_literal(expr, op, obj)
    if result_type is None:
        result_type = _bool_type()
    if isinstance(obj, (Null, True_, False_)) and op in (ops.eq, ops.ne, ops.is_distinct_from,
                                                         ops.is_not_distinct_from):
        # ``col == None`` is ``col IS NULL``
        if op is ops.eq or op is ops.is_not_distinct_from:
            if isinstance(obj, Null):
                return BinaryExpression(expr, obj, ops.is_, type_=result_type, negate=ops.is_not)
        elif op is ops.ne or op is ops.is_distinct_from:
            if isinstance(obj, Null):
                return BinaryExpression(expr, obj, ops.is_not, type_=result_type, negate=ops.is_)
    if op in (ops.is_, ops.is_not) and not isinstance(obj, (Null, True_, False_)):
        if not isinstance(obj, ColumnElement):
            from orm import exc

            raise exc.ArgumentError("Only '=', '!=', 'is_()', 'is_not()' operators can be used with None/True/False")
    if reverse:
        return BinaryExpression(obj, expr, op, type_=result_type, negate=negate or ops.NEGATIONS.get(op),
                                modifiers=kw or None)
    return BinaryExpression(expr, obj, op, type_=result_type, negate=negate or ops.NEGATIONS.get(op),
                            modifiers=kw or None)


def _binary_operate(expr: ColumnElement[Any], op: Any, obj: Any, *, reverse: bool = False,
                    result_type: Any = None, **kw: Any) -> ColumnElement[Any]:
    obj = _check_literal(expr, op, obj)
    if reverse:
        left, right = obj, expr
    else:
        left, right = expr, obj
    if result_type is None:
        op, result_type = left.comparator._adapt_expression(op, right.comparator)
    return BinaryExpression(left, right, op, type_=result_type, modifiers=kw or None)


def _conjunction_operate(expr: ColumnElement[Any], op: Any, other: Any, reverse: bool = False,
                         **kw: Any) -> ColumnElement[Any]:
    if op is ops.and_:
        return and_(other, expr) if reverse else and_(expr, other)
    from .elements import or_

    return or_(other, expr) if reverse else or_(expr, other)


def _inv_impl(expr: ColumnElement[Any], op: Any, **kw: Any) -> ColumnElement[Any]:
    negate = getattr(expr, "_negate", None)
    if negate is not None:
        return negate()
    return UnaryExpression(expr.self_group(against=ops.not_), operator=ops.not_, type_=expr.type)


def _neg_impl(expr: ColumnElement[Any], op: Any, **kw: Any) -> ColumnElement[Any]:
    return UnaryExpression(expr, operator=ops.neg, type_=expr.type)


def _in_impl(expr: ColumnElement[Any], op: Any, seq_or_selectable: Any, **kw: Any) -> ColumnElement[Any]:
    result = _in_impl_inner(expr, op, seq_or_selectable, **kw)
    if op is ops.not_in_op:
        # NOT IN is rendered parenthesised, as SQLAlchemy does
        return Grouping(result)
    return result


def _in_impl_inner(expr: ColumnElement[Any], op: Any, seq_or_selectable: Any, **kw: Any) -> ColumnElement[Any]:
    seq = _unwrap(seq_or_selectable)
    negate = ops.not_in_op if op is ops.in_op else ops.in_op
    if isinstance(seq, ClauseElement):
        if getattr(seq, "_is_select_statement", False):
            seq = seq.scalar_subquery() if not hasattr(seq, "_in_subquery") else seq
            return BinaryExpression(expr, seq, op, type_=_bool_type(), negate=negate)
        if isinstance(seq, BindParameter):
            if not seq.expanding:
                seq = seq._generate()
                seq.expanding = True
            return BinaryExpression(expr, seq, op, type_=_bool_type(), negate=negate)
        if getattr(seq, "_is_text", False) or isinstance(seq, (Grouping, ClauseList)):
            return BinaryExpression(expr, seq.self_group(against=op), op, type_=_bool_type(), negate=negate)
        if getattr(seq, "_is_from_clause", False):
            from orm import exc

            raise exc.ArgumentError("IN expression list, SELECT construct, or bound parameter object expected")
        return BinaryExpression(expr, seq, op, type_=_bool_type(), negate=negate)
    if isinstance(seq, (str, bytes)) or not hasattr(seq, "__iter__"):
        from orm import exc

        raise exc.ArgumentError(
            f"IN expression list, SELECT construct, or bound parameter object expected, got {seq!r}."
        )
    values = list(seq)
    if any(isinstance(_unwrap(v), ClauseElement) for v in values):
        # a list containing expressions: render each element, no expansion
        elements = [_check_literal(expr, ops.eq, v) for v in values]
        return BinaryExpression(expr, Grouping(ClauseList(*elements)), op, type_=_bool_type(), negate=negate)
    typ = expr.type
    if values:
        from .elements import Tuple

        if isinstance(expr, Tuple):
            param = BindParameter(expr.key or "param", values, type_=typ, expanding=True, unique=True)
        else:
            param = BindParameter(expr.key or "param", values, expanding=True, unique=True,
                                  _compared_to_operator=op, _compared_to_type=typ)
    else:
        param = BindParameter(expr.key or "param", [], type_=typ, expanding=True, unique=True)
    return BinaryExpression(expr, param, op, type_=_bool_type(), negate=negate)


def _between_impl(expr: ColumnElement[Any], op: Any, cleft: Any, cright: Any, symmetric: bool = False,
                  **kw: Any) -> ColumnElement[Any]:
    lo = _check_literal(expr, ops.and_, cleft)
    hi = _check_literal(expr, ops.and_, cright)
    pair = ClauseList(lo, hi, operator=ops.and_, group=False, group_contents=False)
    return BinaryExpression(expr, pair, op, type_=_bool_type(),
                            negate=ops.not_between_op if op is ops.between_op else ops.between_op,
                            modifiers={"symmetric": True} if symmetric else None)


def _escape_like(value: str, escape: str) -> str:
    return value.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_")


def _like_impl(expr: ColumnElement[Any], op: Any, other: Any, escape: Any = None, autoescape: bool = False,
               _pattern: Any = None, **kw: Any) -> ColumnElement[Any]:
    if _pattern is None:
        obj = _check_literal(expr, op, other)
        mods = {"escape": escape} if escape else None
        return BinaryExpression(expr, obj, op, type_=_bool_type(), negate=ops.NEGATIONS[op], modifiers=mods)
    if autoescape:
        if escape is None:
            escape = "/"
        if not isinstance(other, str):
            from orm import exc

            raise exc.ArgumentError("String value expected when autoescape=True")
        other = _escape_like(other, escape)
    obj = _check_literal(expr, op, other)
    from orm.types import String

    if not isinstance(obj.type, String) and obj.type is not NULLTYPE:
        obj = obj
    pct = literal_column("'%'", String())
    if _pattern == "startswith":
        pattern = _concat(obj, pct)
    elif _pattern == "endswith":
        pattern = _concat(pct, obj)
    else:
        pattern = _concat(_concat(pct, obj), pct)
    mods = {"escape": escape} if escape else None
    # contains()/startswith()/endswith() come out parenthesised, as SQLAlchemy renders them
    binary = BinaryExpression(expr, pattern, op, type_=_bool_type(), negate=ops.NEGATIONS[op], modifiers=mods)
    binary.right = pattern  # the built pattern stays bare: LIKE '%' || :x || '%'
    return Grouping(binary)


def _concat(a: Any, b: Any) -> ColumnElement[Any]:
    from orm.types import String

    return BinaryExpression(a, b, ops.concat_op, type_=String())


def _collate_impl(expr: ColumnElement[Any], op: Any, collation: str, **kw: Any) -> ColumnElement[Any]:
    from .elements import CollationClause

    return BinaryExpression(expr, CollationClause(collation), ops.collate, type_=expr.type)


def _unary_modifier(expr: ColumnElement[Any], op: Any, **kw: Any) -> ColumnElement[Any]:
    return UnaryExpression(expr, modifier=op, type_=expr.type)


def _distinct_impl(expr: ColumnElement[Any], op: Any, **kw: Any) -> ColumnElement[Any]:
    return UnaryExpression(expr, operator=ops.distinct_op, type_=expr.type)


def _any_all_impl(expr: ColumnElement[Any], op: Any, **kw: Any) -> ColumnElement[Any]:
    from orm.types import NULLTYPE as _N  # noqa: F401

    return UnaryExpression(expr, operator=op, type_=getattr(expr.type, "item_type", expr.type))


def _getitem_impl(expr: ColumnElement[Any], op: Any, index: Any, **kw: Any) -> ColumnElement[Any]:
    return expr.comparator.__getitem__(index)


def _match_impl(expr: ColumnElement[Any], op: Any, other: Any, **kw: Any) -> ColumnElement[Any]:
    from orm.types import String

    obj = _check_literal(expr, op, other)
    if isinstance(obj, BindParameter) and obj.type is NULLTYPE:
        obj.type = String()
    return BinaryExpression(expr, obj, op, type_=_bool_type(), modifiers=kw or None)


def _regexp_impl(expr: ColumnElement[Any], op: Any, pattern: Any, flags: Any = None, **kw: Any) -> ColumnElement[Any]:
    obj = _check_literal(expr, op, pattern)
    return BinaryExpression(expr, obj, op, type_=_bool_type(), negate=ops.NEGATIONS[op],
                            modifiers={"flags": flags} if flags else None)


def _custom_op_operate(expr: ColumnElement[Any], op: Any, *other: Any, **kw: Any) -> ColumnElement[Any]:
    if not other:
        return UnaryExpression(expr, operator=op, type_=expr.type)
    if isinstance(op, ops.custom_op):
        obj = _check_literal(expr, op, other[0])
        if op.return_type is not None:
            rt = op.return_type
        elif op.is_comparison:
            rt = _bool_type()
        else:
            rt = expr.type
        from .type_api import to_instance

        return BinaryExpression(expr, obj, op, type_=to_instance(rt))
    return _binary_operate(expr, op, other[0], **kw)


OPERATOR_LOOKUP: dict[str, Callable[..., ColumnElement[Any]]] = {
    "eq": _boolean_compare,
    "ne": _boolean_compare,
    "lt": _boolean_compare,
    "le": _boolean_compare,
    "gt": _boolean_compare,
    "ge": _boolean_compare,
    "is_": _boolean_compare,
    "is_not": _boolean_compare,
    "is_distinct_from": _boolean_compare,
    "is_not_distinct_from": _boolean_compare,
    "add": _binary_operate,
    "sub": _binary_operate,
    "mul": _binary_operate,
    "truediv": _binary_operate,
    "floordiv": _binary_operate,
    "mod": _binary_operate,
    "concat_op": _binary_operate,
    "bitwise_and_op": _binary_operate,
    "bitwise_or_op": _binary_operate,
    "bitwise_xor_op": _binary_operate,
    "and_": _conjunction_operate,
    "or_": _conjunction_operate,
    "inv": _inv_impl,
    "neg": _neg_impl,
    "in_op": _in_impl,
    "not_in_op": _in_impl,
    "between_op": _between_impl,
    "not_between_op": _between_impl,
    "like_op": _like_impl,
    "not_like_op": _like_impl,
    "ilike_op": _like_impl,
    "not_ilike_op": _like_impl,
    "collate": _collate_impl,
    "asc_op": _unary_modifier,
    "desc_op": _unary_modifier,
    "nulls_first_op": _unary_modifier,
    "nulls_last_op": _unary_modifier,
    "distinct_op": _distinct_impl,
    "any_op": _any_all_impl,
    "all_op": _any_all_impl,
    "getitem": _getitem_impl,
    "match_op": _match_impl,
    "regexp_match_op": _regexp_impl,
    "not_regexp_match_op": _regexp_impl,
}
