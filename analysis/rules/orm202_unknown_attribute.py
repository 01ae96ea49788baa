"""ORM202 unknown-attribute: a name a mapped class does not have."""
from __future__ import annotations

import difflib
from typing import Iterable, Optional

import libcst as cst

from analysis.findings import Finding, Position, Range
from analysis.index.model import ModelInfo
from analysis.rules.base import Rule, RuleContext
from analysis.rules.orm2_derived import (query_update_entity, unknown_derived_column,
                                        values_items)
from analysis.rules.orm2_models import model_is_complete, runtime_attributes
from analysis.rules.orm2_scan import EntityRef, ModuleScan, Scope, module_scan
from analysis.rules.orm2_statements import final_graph, statement_graph

_HEADER = '''from sqlalchemy import ForeignKey, String, func, insert, select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column("email_address", String(120))
    posts: Mapped[list["Post"]] = relationship(back_populates="author")

    @property
    def display(self) -> str:
        return self.name


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")

'''


class UnknownAttribute(Rule):
    """An attribute name that the mapped class does not define.

    ## What it does
    Checks the names that queries and constructors resolve against a mapped class: the keywords
    of `filter_by(...)` (against the entity the statement filters at that point: the last
    joined entity, else the first selected one), the keywords of a model constructor and of
    `update(Model).values(...)`/`insert(Model).values(...)` (attribute or column names), the
    strings of `order_by("...")`/`group_by("...")` (against the column names and labels of the
    statement), the keywords of `Model.rel.has(...)`/`Model.rel.any(...)` (against the
    relationship's target class), and `Model.name` on a mapped class.  A name counts as defined when the class,
    its mixins, its mapped parents or a `backref` define it in any way (column, relationship,
    synonym, hybrid, property, method).  A class's own `__init__` (or one it inherits) is
    checked against its signature: keywords it names are fine, others raise unless it takes
    `**kwargs`, which reach the declarative default constructor only through
    `super().__init__(**kwargs)`.  Positional arguments to the default constructor are reported
    too.  Classes the index cannot see whole (reflected, automapped, deriving from classes
    outside the project) and constructors it cannot read (dataclasses, class decorators,
    `declarative_base(constructor=...)`) are not checked.

    ## Why is this bad?
    Each of these fails when the line runs: `filter_by(nmae=...)` raises `InvalidRequestError:
    Entity namespace for "users" has no property "nmae"`, `User(nmae=...)` a `TypeError`,
    `order_by("nmae")` a `CompileError` ("Can't resolve label reference"), `User.nmae` an
    `AttributeError`, `update(User).values(nmae=...)` a `CompileError` ("Unconsumed column
    names") -- on the code path a test may never take.

    ## Example
    ```python
    session.scalars(select(User).filter_by(nmae=name))
    session.add(User(name="ada", emial="ada@example.com"))
    ```

    ## Use instead
    ```python
    session.scalars(select(User).filter_by(name=name))
    session.add(User(name="ada", email="ada@example.com"))
    ```

    ## Fix safety
    No fix is offered; the message names the closest existing attribute when there is one.
    """

    code = "ORM202"
    name = "unknown-attribute"
    severity = "error"

    VALID = [
        _HEADER + '''
def fine(session: Session, name: str):
    session.scalars(select(User).filter_by(name=name, email="a@b.c"))
    session.scalars(select(User.name).join(User.posts).filter_by(title="x"))
    session.scalars(select(Post).filter_by(author=None))
    session.scalars(select(Post).where(Post.author.has(name=name), User.posts.any(title="x")))
    session.add(User(name=name, email="x", posts=[]))
    session.scalars(select(User).order_by("name", "email_address"))
    session.scalars(select(User.name, func.count(Post.id).label("n")).join(Post).group_by("name")
                    .order_by("n"))
    session.query(User).order_by("name").all()
    session.execute(update(User).values(name=name, email_address="x"))
    session.execute(insert(User).values({"name": name, "email": "y"}))
    session.query(User).filter(User.id > 5).update(values={"name": name}, synchronize_session=False)
    return User.display, User.name.desc(), User.__table__, User.metadata, User.posts
''',
        _HEADER + '''
class Tagged:
    def __init__(self, **kw):
        self.extra = kw


class Note(Tagged, Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password_hash: Mapped[str]

    def __init__(self, password: str, **kw):
        super().__init__(**kw)
        self.password_hash = password[::-1]


def unchecked(session: Session, stmt, q):
    session.add(Note(anything=1))
    session.add(Account(password="s3cret", id=1))
    session.add(Account("s3cret"))
    session.scalars(stmt.filter_by(whatever=1))
    session.scalars(select(User).select_from(q).filter_by(whatever=1))
    session.scalars(select(User).where(q.c.n > 1).order_by("n"))
''',
    ]
    INVALID = [
        _HEADER + '''
def derived(session: Session):
    totals = select(Post.user_id, func.count(Post.id).label("n")).group_by(Post.user_id).subquery()
    stmt = select(User.name).join(totals, totals.c.user_id == User.id)
    return session.execute(stmt.where(totals.c.count > 1))  # error


def bulk(session: Session):
    session.query(User).filter(User.id > 5).update({"nmae": "x"})  # error
    session.execute(insert(User).values([{"name": "a"}, {"nme": "b"}]))  # error
''',
        _HEADER + '''
def broken(session: Session, name: str):
    session.scalars(select(User).filter_by(nmae=name))  # error
    session.scalars(select(User).join(Post).filter_by(name=name))  # error
    session.add(User(name=name, emial="x"))  # error
    session.scalars(select(User).order_by("name desc"))  # error
    session.query(User).order_by("title").all()  # error
    session.execute(update(User).where(User.id == 1).values(nmae=name))  # error
    session.scalars(select(Post).where(Post.author.has(nmae=name)))  # error
    session.scalars(select(User).where(User.posts.any(titel="x")))  # error
    return User.nmae  # error
''',
        _HEADER + '''
class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    password_hash: Mapped[str]

    def __init__(self, password: str):
        self.password_hash = password[::-1]


def constructors(session: Session):
    session.add(Account(password="s3cret", id=1))  # error
    session.add(Post("hello"))  # error


def legacy(session: Session):
    q = session.query(Post)
    q = q.filter_by(titel="x")  # error
    stmt = select(Post).group_by("user")  # error
    return q.all(), session.execute(stmt)
''',
    ]

    def check(self, ctx: RuleContext) -> Iterable[Finding]:
        scan = module_scan(ctx)
        for call, scope, _ in scan.calls_named("filter_by"):
            yield from self._filter_by(ctx, scan, call, scope)
        for call, scope in scan.calls:
            yield from self._constructor(ctx, scan, call, scope)
        for call, scope, method in scan.calls_named("order_by", "group_by"):
            yield from self._label_references(ctx, scan, call, scope, method)
        for call, scope, _ in scan.calls_named("values", "update"):
            yield from self._values(ctx, scan, call, scope)
        for call, scope, method in scan.calls_named("has", "any"):
            yield from self._related_criteria(ctx, scan, call, scope, method)
        yield from self._attributes(ctx, scan)
        for node, scope in scan.attributes:
            unknown = unknown_derived_column(scan, node, scope)
            if unknown is not None:
                name, keys = unknown
                close = difflib.get_close_matches(node.attr.value, keys, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                yield ctx.finding(node, (
                    f"`{name}.c` has no column `{node.attr.value}`{hint}: the statement selects "
                    f"{', '.join(f'`{k}`' for k in keys[:8])}; AttributeError when this runs"))

    # ------------------------------------------------------------------ filter_by
    def _filter_by(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope
                   ) -> Iterable[Finding]:
        _, graph = statement_graph(scan, call, scope)
        if graph is None:
            return
        entity = graph.filter_by_entity.get(id(call))
        if entity is None or not model_is_complete(entity.model, scan.project):
            return
        unknown = [arg for arg in call.args if arg.keyword is not None
                   and not _defines(ctx, entity.model, arg.keyword.value)]
        if unknown:
            keys = [a.keyword.value for a in unknown if a.keyword is not None]
            yield ctx.finding(_anchor(ctx, call, unknown[0]), (
                f"filter_by({', '.join(k + '=...' for k in keys)}): `{entity.label}` has no "
                f"attribute {_listed(entity.model, keys)}"))

    # ------------------------------------------------------------------ Rel.has(key=...)
    def _related_criteria(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call,
                          scope: Scope, method: str) -> Iterable[Finding]:
        """``Post.author.has(nmae=...)`` / ``User.posts.any(titel=...)``: the keywords are
        attributes of the relationship's target class (``getattr`` fails on a missing one)."""
        ref = scan.attribute_ref(call.func.value, scope) if \
            isinstance(call.func, cst.Attribute) else None
        rel = ref.attribute if ref is not None else None
        if rel is None or not rel.is_relationship:
            return
        target = scan.project.relationship_target(rel)
        if target is None or not model_is_complete(target, scan.project):
            return
        unknown = [arg for arg in call.args if arg.keyword is not None
                   and not _defines(ctx, target, arg.keyword.value)]
        if unknown:
            keys = [a.keyword.value for a in unknown if a.keyword is not None]
            yield ctx.finding(_anchor(ctx, call, unknown[0]), (
                f"{ref.text}.{method}({', '.join(k + '=...' for k in keys)}): `{target.name}` "
                f"has no attribute {_listed(target, keys)}"))

    # ------------------------------------------------------------------ constructors
    def _constructor(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope
                     ) -> Iterable[Finding]:
        if not call.args or not isinstance(call.func, (cst.Name, cst.Attribute)):
            return
        entity = scan.entity(call.func, scope)
        if entity is None or entity.alias is not None or entity.model.constructor is None:
            return
        model = entity.model
        if any(arg.star for arg in call.args):
            return          # *args / **kwargs: what they hold is not known
        positional = [arg for arg in call.args if arg.keyword is None]
        if positional:
            message = _positional_problem(model, len(positional))
            if message:
                yield ctx.finding(positional[0], message)
                return
        rejected: list[str] = []
        unknown: list[cst.Arg] = []
        for arg in call.args:
            if arg.keyword is None:
                continue
            verdict = model.constructor_verdict(arg.keyword.value)
            if verdict == "rejected":
                rejected.append(arg.keyword.value)
                unknown.append(arg)
            elif verdict == "default" and not _defines(ctx, model, arg.keyword.value):
                unknown.append(arg)
        if not unknown:
            return
        keys = [a.keyword.value for a in unknown if a.keyword is not None]
        listed = ', '.join(k + '=...' for k in keys)
        if rejected:
            owner = model.constructor[-1].owner.rpartition(".")[2] if model.constructor \
                else model.name
            yield ctx.finding(_anchor(ctx, call, unknown[0]), (
                f"`{model.name}({listed})`: `{owner}.__init__` takes no keyword "
                f"{', '.join(f'`{k}`' for k in keys)}; the constructor raises TypeError"))
            return
        if not model_is_complete(model, scan.project):
            return
        yield ctx.finding(_anchor(ctx, call, unknown[0]), (
            f"`{model.name}({listed})`: `{model.name}` has no "
            f"attribute {_listed(model, keys)}, the constructor raises TypeError"))

    # ------------------------------------------------------------------ order_by("...")
    def _label_references(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call,
                          scope: Scope, method: str) -> Iterable[Finding]:
        strings = [(arg, _string(arg.value)) for arg in call.args if arg.keyword is None]
        strings = [(arg, text) for arg, text in strings if text is not None]
        if not strings:
            return
        graph = final_graph(scan, call, scope)
        if graph is None or not graph.ok or not graph.nodes:
            return
        names = set(graph.labels)
        for entity in graph.nodes.values():
            if not model_is_complete(entity.model, scan.project):
                return
            names.update(c.name for c in entity.model.all_columns().values()
                         if c.kind == "column")
        wrong = [(arg, text) for arg, text in strings if text not in names]
        if wrong:
            listed = ", ".join(repr(text) for _, text in wrong)
            yield ctx.finding(wrong[0][0], (
                f"{method}({listed}) names no column or label of the statement "
                f"({', '.join(sorted(names)[:8])}{', ...' if len(names) > 8 else ''}): "
                f"SQLAlchemy raises CompileError; use a column attribute or text()"))

    # ------------------------------------------------------------------ values(...)
    def _values(self, ctx: RuleContext, scan: ModuleScan, call: cst.Call, scope: Scope
                ) -> Iterable[Finding]:
        entity = query_update_entity(scan, call, scope)
        kind = "query" if entity is not None else ""
        if entity is None:
            stmt, _ = statement_graph(scan, call, scope)
            if stmt is None or stmt.kind not in ("update", "insert") or len(stmt.columns) != 1:
                return
            kind = stmt.kind
            entity = scan.entity(stmt.columns[0], stmt.scope)
        if entity is None or entity.alias is not None or \
                not model_is_complete(entity.model, scan.project):
            return
        model = entity.model
        names = {c.name for c in model.all_columns().values() if c.kind == "column"}
        keys = [(node, key) for node, key, _ in values_items(call, kind == "query")]
        unknown = [(node, key) for node, key in keys
                   if key not in names and not _defines(ctx, model, key)]
        if unknown:
            node = unknown[0][0]
            where = _anchor(ctx, call, node) if isinstance(node, cst.Arg) else ctx.range_of(node)
            yield ctx.finding(where, (
                f"{_values_call(kind, model.name)}: `{model.name}` has no attribute or column "
                f"{_listed(model, list(dict.fromkeys(k for _, k in unknown)))}; SQLAlchemy "
                f"raises \"Unconsumed "
                f"column names\""))

    # ------------------------------------------------------------------ Model.name
    def _attributes(self, ctx: RuleContext, scan: ModuleScan) -> Iterable[Finding]:
        assigned: set[tuple[str, str]] = set()
        candidates: list[tuple[cst.Attribute, EntityRef]] = []
        for node, scope in scan.attributes:
            key = node.attr.value
            if key.startswith("_"):
                continue
            entity = scan.entity(node.value, scope)
            if entity is None:
                continue
            if id(node) in scan.stored:
                assigned.add((entity.model.qualname, key))
                continue
            if not _defines(ctx, entity.model, key):
                candidates.append((node, entity))
        for node, entity in candidates:
            key = node.attr.value
            model = entity.model
            if (model.qualname, key) in assigned or not model_is_complete(model, scan.project):
                continue
            yield ctx.finding(node, f"`{entity.label}` has no attribute `{key}`"
                                    f"{_suggest(model, key)}")


def _positional_problem(model: ModelInfo, count: int) -> Optional[str]:
    """Why ``Model(a, b)`` raises TypeError, or None when the constructor takes them."""
    chain = model.constructor or ()
    if not chain:
        return (f"`{model.name}(...)` with {count} positional argument"
                f"{'s' if count > 1 else ''}: the declarative constructor takes keyword "
                f"arguments only, the call raises TypeError")
    first = chain[0]
    if first.var_positional or count <= first.positional:
        return None
    owner = first.owner.rpartition(".")[2]
    return (f"`{model.name}(...)` with {count} positional arguments: `{owner}.__init__` takes "
            f"{first.positional}, the call raises TypeError")


def _defines(ctx: RuleContext, model: ModelInfo, key: str) -> bool:
    """Whether the class has ``key``: in the index, or set on the class by one of its methods
    (``cls.total = column_property(...)`` in ``__declare_last__``)."""
    if model.has_attribute(key):
        return True
    if key in _unresolved_backrefs(ctx).get(model.name, ()):
        return True
    added = runtime_attributes(ctx, model)
    return added is None or key in added


def _unresolved_backrefs(ctx: RuleContext) -> dict[str, set[str]]:
    """Class name -> backref names that relationships with a target the index could not
    resolve (two classes of that name) may create on it."""
    cached = ctx.shared.get("orm202.unresolved_backrefs")
    if cached is not None:
        return cached
    out: dict[str, set[str]] = {}
    for model in ctx.project.models.values():
        for rel in model.relationships.values():
            if rel.target_qualname is None and rel.target and rel.backref:
                short = rel.target.strip("'\"").rsplit(".", 1)[-1]
                out.setdefault(short, set()).add(rel.backref)
    ctx.shared["orm202.unresolved_backrefs"] = out
    return out


def _anchor(ctx: RuleContext, call: cst.Call, arg: cst.Arg) -> Range:
    """The keyword's range, starting at the callee when the keyword sits on a later line."""
    arg_range = ctx.range_of(arg)
    head = call.func.attr if isinstance(call.func, cst.Attribute) else call.func
    head_range = ctx.range_of(head)
    if arg_range.start.line == head_range.start.line:
        return arg_range
    return Range(head_range.start, Position(head_range.end.line, head_range.end.column))


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _listed(model: ModelInfo, keys: list[str]) -> str:
    """```nmae`` (did you mean ``name``?), ``x``` for the messages."""
    return ", ".join(f"`{key}`{_suggest(model, key)}" for key in keys)


def _suggest(model: ModelInfo, key: str) -> str:
    names = set(model.all_columns()) | set(model.all_relationships())
    for each in model.ancestors():
        names |= {n for n in each.other_attributes if not n.startswith("_")}
    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.75)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _values_call(kind: str, model: str) -> str:
    return f"query({model}).update()" if kind == "query" else f"{kind}({model}).values()"
