"""Operators of the expression language.

Each operator is a plain function (so ``BinaryExpression.operator`` is hashable and comparable and can
be part of a statement's cache key); the compiler maps it to SQL text through a table in
``orm.sql.compiler`` that dialects may override.  ``PRECEDENCE`` drives parenthesisation: a child whose
operator binds less tightly than its parent's is wrapped in parentheses.
"""
from __future__ import annotations

import operator as _op
from typing import Any, Callable

OperatorType = Callable[..., Any]

# Python's own operators, used directly so ``User.id == 5`` maps to ``eq``.
eq = _op.eq
ne = _op.ne
lt = _op.lt
le = _op.le
gt = _op.gt
ge = _op.ge
add = _op.add
sub = _op.sub
mul = _op.mul
truediv = _op.truediv
floordiv = _op.floordiv
mod = _op.mod
neg = _op.neg
inv = _op.inv
getitem = _op.getitem


def _named(name: str) -> OperatorType:
    """A unique operator function identified by its name (for repr and dispatch)."""

    def op(a: Any, b: Any = None, **kw: Any) -> Any:  # pragma: no cover - never called
        raise NotImplementedError(name)

    op.__name__ = name
    op.__qualname__ = name
    return op


and_ = _named("and_")
# the context of a whole WHERE/HAVING/ON criterion (boolean-typed values become ``x = 1`` there)
_asbool = _named("_asbool")
or_ = _named("or_")
not_ = _named("not_")
is_ = _named("is_")
is_not = _named("is_not")
is_distinct_from = _named("is_distinct_from")
is_not_distinct_from = _named("is_not_distinct_from")
like_op = _named("like_op")
not_like_op = _named("not_like_op")
ilike_op = _named("ilike_op")
not_ilike_op = _named("not_ilike_op")
in_op = _named("in_op")
not_in_op = _named("not_in_op")
between_op = _named("between_op")
not_between_op = _named("not_between_op")
concat_op = _named("concat_op")
match_op = _named("match_op")
regexp_match_op = _named("regexp_match_op")
not_regexp_match_op = _named("not_regexp_match_op")
distinct_op = _named("distinct_op")
collate = _named("collate")
exists = _named("exists")
asc_op = _named("asc_op")
desc_op = _named("desc_op")
nulls_first_op = _named("nulls_first_op")
nulls_last_op = _named("nulls_last_op")
bitwise_and_op = _named("bitwise_and_op")
bitwise_or_op = _named("bitwise_or_op")
bitwise_xor_op = _named("bitwise_xor_op")
json_getitem_op = _named("json_getitem_op")
json_path_getitem_op = _named("json_path_getitem_op")
contains_op = _named("contains_op")  # PG ARRAY/JSONB @>
contained_by_op = _named("contained_by_op")  # PG <@
has_key_op = _named("has_key_op")  # PG JSONB ?
overlap_op = _named("overlap_op")  # PG ARRAY &&
any_op = _named("any_op")
all_op = _named("all_op")
comma_op = _named("comma_op")
custom_op_marker = _named("custom_op")


class custom_op:
    """An operator given by its SQL text: ``column.op("@@")(other)``.

    Example::

        stmt = select(t).where(t.c.doc.op("@@")(func.to_tsquery("cat")))
    """

    __name__ = "custom_op"

    def __init__(
        self,
        opstring: str,
        precedence: int = 0,
        is_comparison: bool = False,
        return_type: Any = None,
    ) -> None:
        self.opstring = opstring
        self.precedence = precedence
        self.is_comparison = is_comparison
        self.return_type = return_type

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, custom_op)
            and other.opstring == self.opstring
            and other.precedence == self.precedence
            and other.is_comparison == self.is_comparison
        )

    def __hash__(self) -> int:
        return hash((custom_op, self.opstring, self.precedence, self.is_comparison))

    def __repr__(self) -> str:
        return f"custom_op({self.opstring!r})"

    def __call__(self, left: Any, *other: Any, **kw: Any) -> Any:
        # a standalone operator applied like a function: custom_op("<->")(a, b) is a.op("<->")(b)
        return left.operate(self, *other, **kw)


# Higher binds tighter.  Values follow the usual SQL precedence ladder.
_PREC: dict[Any, int] = {
    getitem: 15,
    json_getitem_op: 15,
    json_path_getitem_op: 15,
    # COLLATE binds loosest of all operands: (a COLLATE x) = b, -(a COLLATE x)
    collate: 4,
    neg: 13,
    inv: 13,
    mul: 12,
    truediv: 12,
    floordiv: 12,
    mod: 12,
    add: 11,
    sub: 11,
    concat_op: 5,  # as SQLAlchemy: (a || b) = c is parenthesised
    bitwise_and_op: 10,
    bitwise_or_op: 10,
    bitwise_xor_op: 10,
    match_op: 6,
    regexp_match_op: 6,
    not_regexp_match_op: 6,
    contains_op: 6,
    contained_by_op: 6,
    has_key_op: 6,
    overlap_op: 6,
    like_op: 5,
    not_like_op: 5,
    ilike_op: 5,
    not_ilike_op: 5,
    in_op: 5,
    not_in_op: 5,
    between_op: 5,
    not_between_op: 5,
    is_: 5,
    is_not: 5,
    is_distinct_from: 5,
    is_not_distinct_from: 5,
    eq: 5,
    ne: 5,
    lt: 5,
    le: 5,
    gt: 5,
    ge: 5,
    distinct_op: 5,
    any_op: 15,  # ANY (arr) is an operand, never parenthesised against = < ...
    all_op: 15,
    not_: 4,
    and_: 3,
    or_: 2,
    comma_op: -1,
    asc_op: 1,
    desc_op: 1,
    nulls_first_op: 1,
    nulls_last_op: 1,
    exists: 0,
}

_COMPARISON = frozenset(
    {
        eq, ne, lt, le, gt, ge, like_op, not_like_op, ilike_op, not_ilike_op, in_op, not_in_op,
        between_op, not_between_op, is_, is_not, is_distinct_from, is_not_distinct_from,
        match_op, regexp_match_op, not_regexp_match_op, contains_op, contained_by_op,
        has_key_op, overlap_op,
    }
)

_COMMUTATIVE = frozenset({eq, ne, add, mul})
# Operators that need no parentheses when nested in themselves: a + b + c, a || b || c, a AND b AND c.
_SELF_PRECEDENT = frozenset({add, mul, concat_op, and_, or_, getitem, json_getitem_op, json_path_getitem_op})

# The negation of each comparison: ``~(a == b)`` renders ``a != b``.
NEGATIONS: dict[Any, Any] = {
    eq: ne, ne: eq, lt: ge, ge: lt, gt: le, le: gt,
    like_op: not_like_op, not_like_op: like_op,
    ilike_op: not_ilike_op, not_ilike_op: ilike_op,
    in_op: not_in_op, not_in_op: in_op,
    between_op: not_between_op, not_between_op: between_op,
    is_: is_not, is_not: is_,
    is_distinct_from: is_not_distinct_from, is_not_distinct_from: is_distinct_from,
    regexp_match_op: not_regexp_match_op, not_regexp_match_op: regexp_match_op,
}


def precedence(op: Any) -> int:
    if isinstance(op, custom_op):
        return op.precedence
    return _PREC.get(op, 0)


def is_comparison(op: Any) -> bool:
    if isinstance(op, custom_op):
        return op.is_comparison
    return op in _COMPARISON


def is_commutative(op: Any) -> bool:
    return op in _COMMUTATIVE


def is_precedent(op: Any, against: Any) -> bool:
    """True when ``op`` inside ``against`` needs parentheses."""
    if op is against and op in _SELF_PRECEDENT:
        return False
    if against is _asbool:
        return False  # a whole WHERE criterion is never parenthesised
    if against is None:
        # standing alone where any expression may appear (a SET value, an upsert value): grouped
        return True
    return precedence(op) <= precedence(against)
