"""ORM205 get-wrong-pk-type: ``session.get()`` with an identity the primary key cannot take."""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding
from analysis.index.model import ColumnInfo, ModelInfo
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_dialects import postgresql_only
from analysis.rules.orm2_models import model_is_complete
from analysis.rules.orm2_scan import ModuleScan, Scope, module_scan
from analysis.rules.orm2_statements import StatementReader
from analysis.typesys import NONE, NUMBERS, STR, display, verdict

_QUERY_STEPS_BEFORE_GET = frozenset({"options", "execution_options", "populate_existing",
                                     "with_for_update", "enable_eagerloads"})
_HEADER = '''from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Country(Base):
    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)


class Membership(Base):
    __tablename__ = "memberships"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(primary_key=True)

'''


class GetWrongPrimaryKeyType(Rule):
    """`session.get()` (or `Query.get()`) with an identity that cannot match the primary key.

    ## What it does
    Compares the identity passed to `session.get(Model, ident)`, `db.get_or_404(Model, ident)`,
    `session.query(Model).get(ident)` and `Model.query.get(ident)` with `Model`'s primary key:
    a literal or typed value of a type the key column cannot hold (`"abc"` for an Integer key),
    a tuple with the wrong number of values, a single value for a composite key, or a
    dictionary naming something other than the key attributes.  A string known to hold a number
    (`"7"`, a constant or default `"1"`) is fine for a numeric key: get() binds it with a cast
    and finds the row on SQLite and PostgreSQL.

    ## Why is this bad?
    A wrong number of values or wrong names raise `InvalidRequestError: Incorrect number of
    values in identifier to formulate primary key for session.get()`; a value of the wrong
    type misses the identity map and then either finds nothing (SQLite) or fails in the
    database (`invalid input syntax for type integer`).  Usually a slug or a name was passed
    where the id belongs.

    ## Example
    ```python
    user = session.get(User, "ada")
    membership = session.get(Membership, 5)          # composite key (user_id, group_id)
    ```

    ## Use instead
    ```python
    user = session.scalars(select(User).filter_by(name="ada")).one()
    membership = session.get(Membership, (5, 2))
    ```

    ## Fix safety
    No fix is offered.
    """

    code = "ORM205"
    name = "get-wrong-pk-type"
    severity = "error"

    VALID = [
        _HEADER + '''
def fine(session: Session, user_id: int, code: str, raw, path_id: str = "3"):
    session.get(User, user_id)
    session.get(User, path_id)
    session.get(User, 5)
    session.get(User, (5,))
    session.get(User, {"id": 5})
    session.get(Country, "FR")
    session.get(Country, code)
    session.get(Membership, (1, 2))
    session.get(Membership, {"user_id": 1, "group_id": 2})
    session.get(User, raw)
    session.query(User).get(7)
    mapping = {}
    mapping.get(User, None)
''',
    ]
    INVALID = [
        _HEADER + '''
def broken(session: Session, slug: str):
    session.get(User, "ada")  # error
    session.get(User, slug)  # error
    session.get(Country, 33)  # error
    session.get(User, (1, 2))  # error
    session.get(Membership, 5)  # error
    session.get(Membership, (1, 2, 3))  # error
    session.get(User, {"name": "ada"})  # error
    session.query(User).get("ada")  # error
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        for call, scope, method in scan.calls_named("get", "get_or_404"):
            found = self._target(scan, call, scope)
            if found is None:
                continue
            model, ident = found
            if not model_is_complete(model, scan.project):
                continue
            keys = model.primary_key
            if not keys:
                continue
            message = _problem(scan, model, keys, ident, scope)
            if message:
                yield ctx.finding(call, f"{method}({model.name}, {scan.code(ident, 30)}): "
                                        f"{message}")

    @staticmethod
    def _target(scan: ModuleScan, call: cst.Call, scope: Scope
                ) -> Optional[tuple[ModelInfo, cst.BaseExpression]]:
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        if any(a.star for a in call.args):
            return None
        # session.get(Model, ident)
        if positional:
            entity = scan.entity(positional[0], scope)
            if entity is not None:
                if entity.alias is not None:
                    return None
                ident = positional[1] if len(positional) > 1 else keywords.get("ident")
                return (entity.model, ident) if ident is not None else None
        # session.query(Model).get(ident), Model.query.get(ident)
        if len(positional) != 1:
            return None
        receiver = call.func.value          # type: ignore[attr-defined]
        stmt = StatementReader(scan).statement(receiver, scope)
        if stmt is None or stmt.kind != "query" or stmt.extra or len(stmt.columns) != 1:
            return None
        if any(step.name not in _QUERY_STEPS_BEFORE_GET for step in stmt.steps):
            return None
        entity = stmt.origin_entity or scan.entity(stmt.columns[0], stmt.scope)
        if entity is None or entity.alias is not None:
            return None
        return entity.model, positional[0]


def _problem(scan: ModuleScan, model: ModelInfo, keys: list[ColumnInfo],
             ident: cst.BaseExpression, scope: Scope) -> Optional[str]:
    names = ", ".join(f"`{k.key}`" for k in keys)
    if isinstance(ident, (cst.Tuple, cst.List)):
        values = [e.value for e in ident.elements if not isinstance(e, cst.StarredElement)]
        if len(values) != len(ident.elements):
            return None
        if len(values) != len(keys):
            return (f"{len(values)} value(s) for the primary key ({names}) of "
                    f"{len(keys)} column(s); SQLAlchemy raises InvalidRequestError")
        if len(keys) == 1:
            return _type_problem(scan, keys[0], values[0], scope)
        for value in values:
            if all(_type_problem(scan, key, value, scope) for key in keys):
                return _type_problem(scan, keys[0], value, scope)
        return None
    if isinstance(ident, cst.Dict):
        given = []
        for element in ident.elements:
            if not isinstance(element, cst.DictElement):
                return None
            key = element.key
            if not isinstance(key, cst.SimpleString) or not isinstance(key.evaluated_value, str):
                return None
            given.append(key.evaluated_value)
        allowed = {k.key for k in keys}
        for column in model.all_columns().values():
            if column.kind == "synonym" and column.synonym_for in allowed:
                allowed.add(column.key)
        wrong = [g for g in given if g not in allowed]
        if wrong:
            return (f"`{wrong[0]}` is not a primary key attribute ({names}); SQLAlchemy raises "
                    f"InvalidRequestError")
        return None
    if len(keys) == 1:
        return _type_problem(scan, keys[0], ident, scope)
    value_type = scan.value_type(ident, scope)
    if value_type is not None and value_type.names and not value_type.is_collection and \
            "dict" not in value_type.names and "None" not in value_type.names:
        return (f"one value for the composite primary key ({names}); pass a tuple of "
                f"{len(keys)} values")
    return None


def _type_problem(scan: ModuleScan, key: ColumnInfo, value: cst.BaseExpression, scope: Scope
                  ) -> Optional[str]:
    value_type = scan.value_type(value, scope)
    if verdict(key.python_type, value_type, key.sql_type, postgresql_only(scan.ctx)) != "incompatible":
        return None
    assert value_type is not None
    if key.python_type in NUMBERS and value_type.names <= {STR, NONE} and \
            _numeric_text(scan, value, scope):
        # get() binds the key with a cast (PostgreSQL: %(pk)s::INTEGER) and SQLite's integer
        # affinity converts "7": the row is found (a WHERE comparison is another matter)
        return None
    return (f"the primary key `{key.key}` holds {display(key.python_type or '')} values, not "
            f"{value_type.describe()}")


def _numeric_text(scan: ModuleScan, value: cst.BaseExpression, scope: Scope) -> bool:
    """The string ``value`` holds, as far as the source tells (a literal, a name assigned one
    once, a parameter's default), is a number: ``"7"``, ``FIRST_ID = "1"``, ``raw: str = "1"``."""
    for _ in range(4):
        if not isinstance(value, cst.Name):
            break
        owner, bindings = scan.lookup(value.value, scope)
        if owner is None or len(bindings) != 1 or bindings[0].value is None or \
                bindings[0].kind not in ("assign", "annassign", "param"):
            return False
        value, scope = bindings[0].value, owner
    if not isinstance(value, cst.SimpleString):
        return False
    text = value.evaluated_value
    return isinstance(text, str) and text.strip().lstrip("+-").isdigit()
