"""ORM201 incompatible-comparison: a column compared with a value of a type it cannot hold."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding
from analysis.index.model import ColumnInfo
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_dialects import postgresql_only
from analysis.rules.orm2_derived import (derived_column, expression_type,
                                        query_update_entity, selected_type, values_items)
from analysis.rules.orm2_scan import (AttrRef, ModuleScan, Scope, comparable_column,
                                      module_scan)
from analysis.rules.orm2_statements import statement_graph
from analysis.typesys import (BOOL, DATE, DATETIME, DECIMAL, FLOAT, INT, LIST, NONE, NUMBERS,
                              STR, TIME, UUID, ValueType, display, verdict)

_OPERATORS = (cst.Equal, cst.NotEqual, cst.LessThan, cst.LessThanEqual, cst.GreaterThan,
              cst.GreaterThanEqual)
_IN = frozenset({"in_", "not_in", "notin_"})
_PATTERN = frozenset({"like", "ilike", "not_like", "notlike", "not_ilike", "notilike",
                      "startswith", "endswith", "istartswith", "iendswith", "contains",
                      "icontains"})
_HEADER = '''from datetime import date
from typing import Optional

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, between, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    seats: Mapped[int]
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    starts_on: Mapped[date] = mapped_column(Date)
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("events.id"))

'''

_ENUM_HEADER = '''import enum

from sqlalchemy import Enum, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Status(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class Ticket(Base):
    __tablename__ = "tickets"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(Enum(Status))
    size: Mapped[str] = mapped_column(Enum("small", "large", name="size"))
    label: Mapped[str] = mapped_column(Enum("x", "y", native_enum=False))

'''


class IncompatibleComparison(Rule):
    """A column compared with a value of a type the column cannot hold.

    ## What it does
    Finds comparisons (`==`, `!=`, `<`, ...), `in_()`, `between()`, `like()` and `filter_by()`
    criteria where one side is a mapped column and the other a value whose type is known for
    certain -- a literal, a parameter or variable with an annotation, a variable assigned once,
    a call with a fixed result type (`date.today()`, `int(x)`) -- and the two cannot match: an
    Integer column and a string, a Date and an integer, a Boolean and `"yes"`, a String and a
    number.  Values of unknown type are never reported, and pairs drivers convert meaningfully
    (an int with a float or Decimal, a DateTime with a `date`, an ISO string with a DateTime,
    None with anything) are fine.  A column compared with a mapped object (`Post.user_id ==
    user`, the object where its key was meant), or with a subquery selecting a column of an
    incompatible type (`in_(select(Other.name))`, `== select(...).scalar_subquery()`), is
    reported, and a native `Enum` column compared with a string that is none of its labels is
    reported too (for `Enum(PyEnum)` the labels are the member NAMES).
    The same holds for the value a column is set to in `update(M).values(...)` /
    `insert(M).values(...)`, for `func.count()` (an integer) and `func.max/min/sum/coalesce(col)`
    (the column's type), for the columns of a subquery or CTE built from `select(...)` nearby
    (`totals.c.spent`), for a date/time column compared with a constant string holding no digit
    (`"soon"`), and for `like()`/`startswith()`/`contains()` on a number, date, boolean or UUID
    column (PostgreSQL has no LIKE for them).  Value types also come from dataclass fields
    (`flt.min_rating`) and enum members' `.value`.  Two pairs depend on the database: a Boolean
    against a number (`is_active == 1`) is reported only for a project that runs on PostgreSQL
    alone (configured `dialects`, or models using JSONB, ARRAY, INET, ...), which refuses it; a
    string against a backend-agnostic `Uuid` column only for other projects (SQLite and MySQL
    fail on it, PostgreSQL's native uuid takes it).

    ## Why is this bad?
    The query runs, but not as written: SQLite compares across storage classes and quietly
    returns no rows, PostgreSQL raises `operator does not exist: integer = character varying`
    or `invalid input syntax`.  The comparison is almost always a mix-up of two variables
    (`Post.user_id == username`) or a value in the wrong format (`starts_on == 20240101`).

    ## Example
    ```python
    stmt = select(User).where(User.is_active == "yes")
    stmt = select(Post).where(Post.user_id == username)   # username: str
    ```

    ## Use instead
    ```python
    stmt = select(User).where(User.is_active.is_(True))
    stmt = select(Post).join(Post.author).where(User.username == username)
    ```

    ## Fix safety
    No fix is offered: which side is wrong is for the author to decide.
    """

    code = "ORM201"
    name = "incompatible-comparison"
    severity = "warning"

    VALID = [
        _HEADER + '''
def fine(session: Session, title: str, day: date, n: int = 3):
    session.scalars(select(Event).where(Event.seats > 10, Event.title == title))
    session.scalars(select(Event).where(Event.starts_on >= day, Event.public.is_(True)))
    session.scalars(select(Event).where(Event.seats.in_([1, 2, 3]), Event.seats == 2.5))
    session.scalars(select(Event).where(Event.starts_on > "2024-01-01"))
    session.scalars(select(Event).where(Event.owner_id == None, Event.seats + 1 > n))
    session.scalars(select(Event).where(Event.title.like("%party%")))
    session.scalars(select(Event).filter_by(seats=n, title=title))
    session.scalars(select(Event).where(Event.public.is_(True), Event.public == True))
''',
        _HEADER + '''
def unknown_types(session: Session, value, request):
    session.scalars(select(Event).where(Event.seats == value))
    session.scalars(select(Event).where(Event.title == request.args["title"]))
    wanted = compute()
    session.scalars(select(Event).where(Event.seats == wanted))


def rebound(session: Session):
    x = "3"
    x = int(x)
    return session.scalars(select(Event).where(Event.seats == x))
''',
        _ENUM_HEADER + '''
def fine(session: Session, wanted: str):
    session.scalars(select(Ticket).where(Ticket.status == Status.OPEN, Ticket.size == "small"))
    session.scalars(select(Ticket).where(Ticket.status.in_(["OPEN", "CLOSED"])))
    session.scalars(select(Ticket).where(Ticket.status == wanted, Ticket.label == "z"))
''',
    ]
    INVALID = [
        _HEADER + '''
from dataclasses import dataclass

from sqlalchemy import func, update


@dataclass
class Criteria:
    seats: str = "many"


def derived(session: Session, crit: Criteria):
    session.scalars(select(Event).where(Event.seats.like("1%")))  # error
    session.execute(update(Event).values(seats="many"))  # error
    session.scalars(select(Event.title).group_by(Event.title).having(func.max(Event.seats) > "x"))  # error
    session.scalars(select(Event).where(Event.starts_on < "soon"))  # error
    session.scalars(select(Event).where(Event.seats == crit.seats))  # error
    counts = select(Event.owner_id, func.count(Event.id).label("n")).group_by(Event.owner_id).subquery()
    session.scalars(select(counts.c.owner_id).where(counts.c.n > "few"))  # error
    session.scalars(select(Event).where(Event.starts_on < "today", Event.title.like("a%")))
    session.execute(update(Event).values(public=1, seats="12"))
''',
        _HEADER + '''
def wrong(session: Session, name: str, flag: bool):
    session.scalars(select(Event).where(Event.public == "yes"))  # error
    session.scalars(select(Event).where(Event.seats == name))  # error
    session.scalars(select(Event).where(Event.starts_on == 20240101))  # error
    session.scalars(select(Event).where(Event.seats.between("a", "z")))  # error
    session.scalars(select(Event).where(Event.seats.in_(["1", "2"])))  # error
    session.scalars(select(Event).where(Event.title == 42))  # error
    session.scalars(select(Event).filter_by(seats="many"))  # error
    session.scalars(select(Event).where("x" == Event.seats))  # error
''',
        _HEADER + '''
LIMIT = "ten"


def typed(session: Session, ids: list[str], when: Optional[str] = None):
    session.scalars(select(Event).where(Event.seats < LIMIT))  # error
    session.scalars(select(Event).where(Event.id.in_(ids)))  # error
    session.scalars(select(Event).where(Event.starts_on == date.today()))
    session.scalars(select(Event).where(Event.title.like(5)))  # error
    session.query(Event).filter(Event.id == Event.title).all()  # error
    session.scalars(select(Event).where(between(Event.starts_on, 1, 2)))  # error
''',
        _ENUM_HEADER + '''
CLOSED = "closed"


def wrong(session: Session):
    ticket = session.scalars(select(Ticket).where(Ticket.id == 1)).first()
    session.scalars(select(Ticket).where(Ticket.id == ticket))  # error
    session.scalars(select(Ticket).where(Ticket.id == ticket.id))
    session.scalars(select(Ticket).where(Ticket.status == "open"))  # error
    session.scalars(select(Ticket).where(Ticket.status != CLOSED))  # error
    session.scalars(select(Ticket).where(Ticket.status.in_(["OPEN", "open"])))  # error
    session.scalars(select(Ticket).where(Ticket.size == "medium"))  # error
    session.scalars(select(Ticket).filter_by(status="closed"))  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        for comparison, scope in scan.comparisons:
            yield from self._comparison(ctx, scan, comparison, scope)
        for call, scope, method in scan.calls_named(*_IN, "between", *_PATTERN):
            yield from self._method(ctx, scan, call, scope, method)
        for call, scope, _ in scan.calls_named("filter_by"):
            yield from self._filter_by(ctx, scan, call, scope)
        for call, scope, _ in scan.calls_named("values", "update"):
            yield from self._values(ctx, scan, call, scope)
        for call, scope in scan.calls:
            # between(User.age, 18, 65), the function form
            if isinstance(call.func, (cst.Name, cst.Attribute)) and len(call.args) >= 3 and \
                    scan.orm_name(call.func, scope) == "orm.between":
                ref = scan.attribute_ref(call.args[0].value, scope)
                for bound in (call.args[1].value, call.args[2].value):
                    message = self._mismatch(scan, ref, bound, scope, "bounded by")
                    if message:
                        yield ctx.finding(call, message)
                        break

    # ------------------------------------------------------------------ comparisons
    def _comparison(self, ctx: RuleContext, scan: ModuleScan, node: cst.Comparison,
                    scope: Scope) -> Iterable[Finding]:
        left = node.left
        for target in node.comparisons:
            right = target.comparator
            if isinstance(target.operator, _OPERATORS):
                for column_side, value_side in ((left, right), (right, left)):
                    ref = scan.attribute_ref(column_side, scope)
                    message = self._mismatch(scan, ref, value_side, scope)
                    if message is None and ref is None:
                        message = _function_mismatch(scan, column_side, value_side, scope)
                    if message:
                        yield ctx.finding(node, message)
                        return
            left = right

    def _mismatch(self, scan: ModuleScan, ref: Optional[AttrRef], value: cst.BaseExpression,
                  scope: Scope, what: str = "compared with") -> Optional[str]:
        enum_message = _enum_mismatch(scan, ref, value, scope, what)
        if enum_message is not None:
            return enum_message
        column = comparable_column(ref)
        if column is None or ref is None:
            return None
        model = scan.instance_model(value, scope)
        if model is not None:
            # an object where its key was meant: not a SQL value at all (ArgumentError)
            return (f"`{ref.text}` holds {_holds(column)} but is {what} `{scan.code(value)}`, "
                    f"a `{model.name}` object (compare with its primary key, or use the "
                    f"relationship)")
        value_type = scan.operand_type(value, scope)
        if value_type is None:
            # a scalar subquery: the type of the column it selects
            selected = selected_type(scan, value, scope, scalar=True)
            if selected is not None and selected.python_type is not None:
                value_type = ValueType.of(selected.python_type)
        if verdict(column.python_type, value_type, column.sql_type,
                   postgresql_only(scan.ctx)) != "incompatible":
            if column.python_type in _TEMPORAL_LITERALS and _no_date(scan, value, scope):
                return (f"`{ref.text}` holds {_holds(column)} but is {what} "
                        f"`{scan.code(value)}`, a string no database reads as a "
                        f"{display(column.python_type)}")
            return None
        assert value_type is not None
        return (f"`{ref.text}` holds {_holds(column)} but is {what} `{scan.code(value)}` "
                f"of type {value_type.describe()}")

    # ------------------------------------------------------------------ methods
    def _method(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope,
                method: str) -> Iterable[Finding]:
        receiver = call.func.value      # type: ignore[attr-defined]
        ref = scan.attribute_ref(receiver, scope)
        column = comparable_column(ref)
        if column is None:
            if method in _IN and _enum_labels(scan, ref) is not None and len(call.args) == 1 \
                    and isinstance(call.args[0].value, (cst.List, cst.Tuple, cst.Set)):
                for element in call.args[0].value.elements:
                    message = _enum_mismatch(scan, ref, element.value, scope,
                                             f"tested by {method}() against")
                    if message and not isinstance(element, cst.StarredElement):
                        yield ctx.finding(call, message)
                        return
            return
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        if method in _PATTERN:
            if column.python_type in _NOT_TEXT and column.sql_type not in _TEXT_LIKE_SQL:
                assert ref is not None
                # PostgreSQL has no LIKE for these types (operator does not exist: integer
                # ~~ unknown); SQLite and MySQL compare the column's text form instead
                yield ctx.finding(call, (
                    f"`{ref.text}` holds {_holds(column)}: {method}() matches text, and "
                    f"PostgreSQL has no LIKE operator for it; cast the column to String "
                    f"first"))
                return
            if column.python_type != STR or not positional:
                return
            message = self._mismatch(scan, ref, positional[0], scope, f"matched by {method}() "
                                                                      f"with")
            if message:
                yield ctx.finding(call, message)
            return
        if method == "between":
            for bound in positional[:2]:
                message = self._mismatch(scan, ref, bound, scope, "bounded by")
                if message:
                    yield ctx.finding(call, message)
                    return
            return
        # in_(): each element of a literal collection, or the element type of a variable
        if len(positional) != 1:
            return
        values = positional[0]
        if isinstance(values, (cst.List, cst.Tuple, cst.Set)):
            for element in values.elements:
                if isinstance(element, cst.StarredElement):
                    continue
                message = self._mismatch(scan, ref, element.value, scope, f"tested by {method}() "
                                                                          f"against")
                if message:
                    yield ctx.finding(call, message)
                    return
            return
        collection = scan.value_type(values, scope)
        if collection is None:
            # in_(select(Other.col)): the subquery's column against this one
            selected = selected_type(scan, values, scope, scalar=False)
            if selected is not None and selected.python_type is not None:
                collection = ValueType.of(LIST, element=ValueType.of(selected.python_type))
        if collection is None or not collection.is_collection or collection.element is None:
            return
        if verdict(column.python_type, collection.element, column.sql_type,
                   postgresql_only(scan.ctx)) == "incompatible":
            assert ref is not None
            yield ctx.finding(call, (
                f"`{ref.text}` holds {_holds(column)} but {method}() receives "
                f"`{scan.code(values)}` of type {collection.describe()}"))

    # ------------------------------------------------------------------ filter_by
    def _filter_by(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope
                   ) -> Iterable[Finding]:
        _, graph = statement_graph(scan, call, scope)
        if graph is None:
            return
        entity = graph.filter_by_entity.get(id(call))
        if entity is None:
            return
        for arg in call.args:
            if arg.keyword is None:
                continue
            key = arg.keyword.value
            ref = AttrRef(entity, key, entity.model.attribute(key))
            message = self._mismatch(scan, ref, arg.value, scope, "given")
            if message:
                yield ctx.finding(arg, message)
                return      # one finding per filter_by() call

    # ------------------------------------------------------------------ values()
    def _values(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope
                ) -> Iterable[Finding]:
        """``update(Task).values(priority="high")``: the value a column is set to, checked as a
        comparison with it would be (PostgreSQL: invalid input syntax for type integer)."""
        entity = query_update_entity(scan, call, scope)
        query_update = entity is not None
        if entity is None:
            stmt, _ = statement_graph(scan, call, scope)
            if stmt is None or stmt.kind not in ("update", "insert") or len(stmt.columns) != 1:
                return
            entity = scan.entity(stmt.columns[0], stmt.scope)
        if entity is None or entity.alias is not None:
            return
        pairs = values_items(call, query_update)
        for node, key, value in pairs:
            ref = AttrRef(entity, key, entity.model.attribute(key))
            if _cast_on_assignment(scan, comparable_column(ref), value, scope):
                continue
            message = self._mismatch(scan, ref, value, scope, "set to")
            if message:
                yield ctx.finding(node, message)
                return      # one finding per values() call


def _enum_labels(scan: ModuleScan, ref: Optional[AttrRef]) -> Optional[tuple]:
    """The strings a native Enum column accepts: its labels (``Enum("a", "b")``) or the member
    NAMES of its Python enum (what SQLAlchemy stores), None when not known for certain."""
    column = ref.column if ref is not None else None
    if column is None or column.kind != "column":
        return None
    if column.enum_strings:
        return column.enum_strings
    if column.enum_class is not None:
        return scan.project.enum_members.get(column.enum_class)
    return None


def _enum_mismatch(scan: ModuleScan, ref: Optional[AttrRef], value: cst.BaseExpression,
                   scope: Scope, what: str) -> Optional[str]:
    """A native Enum column compared with a string literal that is none of its labels: the
    database rejects it (PostgreSQL: invalid input value for enum); a frequent slip is the
    member's value (``"shipped"``) where SQLAlchemy stores the member's name (``"SHIPPED"``)."""
    labels = _enum_labels(scan, ref)
    if labels is None:
        return None
    literal = value
    if isinstance(literal, cst.Name):
        literal = scan.single_value(literal.value, scope)
    if not isinstance(literal, cst.SimpleString) or literal.prefix.lower() not in ("", "u"):
        return None
    text = literal.evaluated_value
    if not isinstance(text, str) or text in labels:
        return None
    assert ref is not None
    shown = ", ".join(repr(label) for label in labels[:8])
    return (f"`{ref.text}` is an Enum column that accepts only {shown} but is {what} "
            f"`{scan.code(value)}`")


# column types LIKE is not defined for on PostgreSQL (a value of them is no text)
_NOT_TEXT = frozenset({INT, FLOAT, DECIMAL, BOOL, DATE, DATETIME, TIME, UUID})
# ...unless the SQL type stores text anyway (a String column typed as int by a TypeDecorator)
_TEXT_LIKE_SQL = frozenset({"String", "VARCHAR", "Text", "TEXT", "Unicode", "UnicodeText",
                            "CHAR", "NVARCHAR"})
_TEMPORAL_LITERALS = frozenset({DATE, DATETIME, TIME})
# words PostgreSQL reads as dates/times although they hold no digit
_DATE_WORDS = frozenset({"now", "today", "tomorrow", "yesterday", "infinity", "-infinity",
                         "epoch", "allballs"})


def _cast_on_assignment(scan: ModuleScan, column: Optional[ColumnInfo],
                        value: cst.BaseExpression, scope: Scope) -> bool:
    """A value SET/INSERTed that the statement casts to the column's type: SQLAlchemy renders
    the bind with a cast there (PostgreSQL: %(level)s::INTEGER), so a bool into a number, a
    number into a Boolean, and a string holding a number into a numeric column are stored
    (verified on PostgreSQL, SQLite and MySQL; a WHERE comparison has no such cast)."""
    if column is None or column.python_type not in NUMBERS | {BOOL}:
        return False
    value_type = scan.operand_type(value, scope)
    if value_type is None:
        return False
    scalars = value_type.names - {NONE}
    if scalars and scalars <= NUMBERS | {BOOL}:
        return True
    literal = value
    if isinstance(literal, cst.Name):
        literal = scan.single_value(literal.value, scope)
    return scalars == {STR} and isinstance(literal, cst.SimpleString) and \
        isinstance(literal.evaluated_value, str) and \
        literal.evaluated_value.strip().lstrip("+-").replace(".", "", 1).isdigit()


def _no_date(scan: ModuleScan, value: cst.BaseExpression, scope: Scope) -> bool:
    """A constant string that holds no digit and is no date word ("soon", ""): no database
    converts it to a date or time (PostgreSQL: invalid input syntax for type date).  Strings
    with digits are left alone: databases read many formats besides ISO."""
    literal = value
    if isinstance(literal, cst.Name):
        literal = scan.single_value(literal.value, scope)
    if not isinstance(literal, cst.SimpleString) or literal.prefix.lower() not in ("", "u"):
        return False
    text = literal.evaluated_value
    return isinstance(text, str) and not any(ch.isdigit() for ch in text) and \
        text.strip().lower() not in _DATE_WORDS


def _function_mismatch(scan: ModuleScan, node: cst.BaseExpression, value: cst.BaseExpression,
                       scope: Scope) -> Optional[str]:
    """``func.max(Bid.cents) >= "1k"``, ``func.count(X.id) > "two"``, ``totals.c.n > "x"``:
    an SQL function whose result type is the column's (max/min/sum/coalesce of a column) or an
    integer (count), or a subquery's column of such a type, compared with a value of a type it
    cannot hold."""
    typed = expression_type(scan, node, scope) if isinstance(node, cst.Call) else None
    if typed is None:
        found = derived_column(scan, node, scope)
        typed = found[1] if found is not None else None
    if typed is None or typed.python_type is None:
        return None
    if scan.instance_model(value, scope) is not None:
        return None
    value_type: Optional[ValueType] = scan.operand_type(value, scope)
    if verdict(typed.python_type, value_type, typed.sql_type,
              postgresql_only(scan.ctx)) != "incompatible":
        return None
    assert value_type is not None
    kind = f" ({typed.sql_type})" if typed.sql_type else ""
    return (f"`{scan.code(node)}` gives {display(typed.python_type)} values{kind} but is "
            f"compared with `{scan.code(value)}` of type {value_type.describe()}")


def _holds(column: ColumnInfo) -> str:
    kind = f" ({column.sql_type})" if column.sql_type else ""
    return f"{display(column.python_type or '')} values{kind}"
