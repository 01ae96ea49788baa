"""Loader options: how a query loads each relationship and column of the objects it returns.

Example::

    select(User).options(
        selectinload(User.posts).joinedload(Post.comments),   # chained path
        defer(User.bio),
        raiseload("*"),                                        # every other relationship raises
    )

An option is a :class:`Load` holding one or more *elements*.  An element is a path from an entity
through relationship keys (``(User, "posts", Post, "comments")``) plus what to do there: a
relationship loader strategy (``"joined"``, ``"selectin"``, ...) or a column instruction (defer,
undefer).  The last key may be ``"*"``: every relationship (or column) at that point of the path.
The compile step of a query (``context.py``) looks elements up by path; loaded objects keep the
query's options (``state.load_options``) so that their own lazy loads follow the rest of the path.
"""
from __future__ import annotations

from typing import Any, Optional

from orm import exc

__all__ = [
    "Load", "contains_eager", "defaultload", "defer", "immediateload", "joinedload", "lazyload",
    "load_only", "noload", "raiseload", "selectin_polymorphic", "selectinload", "subqueryload",
    "undefer", "undefer_group", "with_expression",
]

WILDCARD = "*"

# Strategy name -> the name SQLAlchemy's error messages give its loader.
_LOADER_NAMES = {
    "joined": "joined loader", "contains_eager": "joined loader", "selectin": "select in loader",
    "subquery": "subquery loader", "select": "lazy loader", "raise": "lazy loader",
    "raise_on_sql": "lazy loader", "immediate": "immediate loader", "noload": "no loader",
    "dynamic": "dynamic loader", "write_only": "write only loader",
    "deferred": "deferred column loader", "undeferred": "column loader",
    "expression": "expression column loader",
}

_NO_STRINGS = ("Strings are not accepted for attribute names in loader options; please use "
               "class-bound attributes directly.")


class _Element:
    """One instruction of an option: at ``path`` (entity, key, entity, key, ...), do ``strategy``.

    ``kind`` is ``"rel"`` (relationship loader strategy, None = leave as configured) or ``"col"``
    (``"deferred"``/``"undeferred"``/``"undefer_group"``); ``opts`` holds ``innerjoin``,
    ``alias`` (contains_eager), ``raiseload``, ``group``, ``criteria`` (``relationship.and_()``).
    """

    __slots__ = ("path", "kind", "strategy", "opts")

    def __init__(self, path: tuple[Any, ...], kind: str, strategy: Any, opts: dict[str, Any]) -> None:
        self.path = path
        self.kind = kind
        self.strategy = strategy
        self.opts = opts

    @property
    def key(self) -> str:
        return self.path[-1]  # type: ignore[no-any-return]

    def _cache_key(self) -> Any:
        parts = []
        for i, p in enumerate(self.path):
            parts.append(p if i % 2 else id(p))
        return (tuple(parts), self.kind, self.strategy, tuple(sorted((k, id(v) if k in ("alias", "expression", "criteria") else v)
                                                                    for k, v in self.opts.items())))

    def __repr__(self) -> str:
        return f"<{self.kind} {self.strategy} at {_path_str(self.path)} {self.opts or ''}>"


def _path_str(path: tuple[Any, ...]) -> str:
    out = []
    for i, p in enumerate(path):
        if i % 2 == 0:
            out.append("*" if p is None else getattr(getattr(p, "class_", None), "__name__", str(p)))
        else:
            out.append(p)
    return ".".join(out)


def _attr_info(attr: Any, fn_name: str) -> tuple[Any, str, Any]:
    """(entity, key, property) of a class-bound attribute given to an option."""
    if isinstance(attr, str):
        raise exc.ArgumentError(_NO_STRINGS)
    prop = getattr(attr, "property", None)
    parent = getattr(attr, "_aliased_entity", None) or getattr(attr, "parent", None)
    key = getattr(attr, "key", None)
    if prop is None or parent is None or not isinstance(key, str) or isinstance(attr, type):
        raise exc.ArgumentError("expected ORM mapped attribute for loader strategy argument")
    return parent, key, prop


def _mapper_of(entity: Any) -> Any:
    return getattr(entity, "mapper", entity)


def _target_entity(attr: Any, prop: Any) -> Any:
    """The entity a relationship step leads to (its ``of_type()`` target when given)."""
    of_type = getattr(attr, "_of_type", None)
    if of_type is not None:
        from orm.mapping.util import entity_of

        return entity_of(of_type) or of_type
    return prop.mapper


class Load:
    """A loader option rooted at an entity; chain methods to extend the path.

    Example::

        select(User).options(Load(User).selectinload(User.posts).joinedload(Post.comments))
        select(User).options(Load(User).raiseload("*"))
    """

    _is_loader_option = True

    def __init__(self, entity: Any = None) -> None:
        from orm.inspection import inspect

        root = None
        if entity is not None:
            root = inspect(entity, raiseerr=False)
            if root is None or not hasattr(root, "mapper"):
                raise exc.ArgumentError(f"Load() expects a mapped class or aliased entity, got {entity!r}")
        self._root = root
        # the path the next chained call continues from: (entity,) or (entity, key, target_entity)
        self._path: tuple[Any, ...] = (root,)
        self._elements: tuple[_Element, ...] = ()

    # -- building ------------------------------------------------------------------------------
    def _clone(self) -> "Load":
        new = Load.__new__(Load)
        new._root = self._root
        new._path = self._path
        new._elements = self._elements
        return new

    def _step(self, attr: Any, fn_name: str) -> tuple[tuple[Any, ...], Any, str, Any]:
        """Extend the current path by ``attr``: (new path ending in the key, entity, key, prop)."""
        parent, key, prop = _attr_info(attr, fn_name)
        cur = self._path
        if len(cur) == 1 and cur[0] is None:
            base: tuple[Any, ...] = (parent,)
        elif len(cur) == 1:
            root = cur[0]
            if not _entity_applies(root, parent):
                raise exc.ArgumentError(
                    f'Attribute "{attr}" does not link from element "{_entity_name(root)}".'
                )
            base = (parent,) if _is_aliased(parent) else cur
        else:
            prev_entity = cur[-1]
            if not _entity_applies(prev_entity, parent):
                prev_prop = _mapper_of(cur[-3]).get_property(cur[-2]) if len(cur) >= 3 else None
                raise exc.ArgumentError(
                    f'ORM mapped entity or attribute "{attr}" does not link from relationship '
                    f'"{prev_prop}".'
                )
            base = cur
        return base + (key,), parent, key, prop

    def _add(self, attr: Any, kind: str, strategy: Any, opts: dict[str, Any], fn_name: str) -> "Load":
        new = self._clone()
        if isinstance(attr, str) and attr == WILDCARD:
            path = self._path + (WILDCARD,)
            new._elements = self._elements + (_Element(path, kind, strategy, opts),)
            # a wildcard ends the chain: nothing can follow "*"
            new._path = path + (None,)
            return new
        path, parent, key, prop = self._step(attr, fn_name)
        target = None
        if kind == "rel" and getattr(prop, "is_relationship", False):
            target = _target_entity(attr, prop)
            if getattr(attr, "_of_type", None) is not None:
                opts = {**opts, "of_type": target}
            criteria = getattr(attr, "_extra_criteria", ())
            if criteria and strategy is not None:
                # relationship.and_(...): the loader's SQL takes them (written against the target
                # class; a joined eager load rewrites them to its anonymous alias)
                opts = {**opts, "criteria": tuple(criteria)}
        new._elements = self._elements + (_Element(path, kind, strategy, opts),)
        if kind == "rel":
            new._path = path + (target,)
        else:
            new._path = path + (None,)
        return new

    def _rel(self, attrs: tuple[Any, ...], strategy: Any, opts: dict[str, Any], fn_name: str) -> "Load":
        if not attrs:
            raise exc.ArgumentError(f"{fn_name}() takes at least one mapped attribute")
        new = self
        # legacy multi-argument form: selectinload(User.posts, Post.comments) chains the path,
        # with intermediate steps left at their configured strategy
        for i, attr in enumerate(attrs):
            last = i == len(attrs) - 1
            new = new._add(attr, "rel", strategy if last else None, opts if last else {}, fn_name)
        return new

    # -- relationship strategies ---------------------------------------------------------------
    def joinedload(self, *attrs: Any, innerjoin: Optional[Any] = None) -> "Load":
        """Load the relationship in the same SELECT through a LEFT OUTER JOIN (``innerjoin=True``:
        an inner JOIN) against an anonymous alias of the target table."""
        opts = {} if innerjoin is None else {"innerjoin": innerjoin}
        return self._rel(attrs, "joined", opts, "joinedload")

    def selectinload(self, *attrs: Any, recursion_depth: Optional[int] = None) -> "Load":
        """Load the relationship for all parents with one ``SELECT ... WHERE key IN (...)``."""
        return self._rel(attrs, "selectin", {}, "selectinload")

    def subqueryload(self, *attrs: Any) -> "Load":
        """Load the relationship with a second SELECT joined to the first query as a subquery."""
        return self._rel(attrs, "subquery", {}, "subqueryload")

    def lazyload(self, *attrs: Any) -> "Load":
        """Load the relationship with its own SELECT on first access (the default)."""
        return self._rel(attrs, "select", {}, "lazyload")

    def immediateload(self, *attrs: Any, recursion_depth: Optional[int] = None) -> "Load":
        """Load the relationship with its own SELECT per object as soon as the object loads."""
        return self._rel(attrs, "immediate", {}, "immediateload")

    def noload(self, *attrs: Any) -> "Load":
        """Never load the relationship: it reads as empty / None."""
        return self._rel(attrs, "noload", {}, "noload")

    def raiseload(self, *attrs: Any, sql_only: bool = False) -> "Load":
        """Accessing the unloaded relationship raises ``InvalidRequestError`` (``sql_only=True``:
        only when it would emit SQL; an identity-map hit is allowed)."""
        return self._rel(attrs, "raise_on_sql" if sql_only else "raise", {}, "raiseload")

    def defaultload(self, *attrs: Any) -> "Load":
        """Keep the relationship's configured strategy; a step to chain further options from."""
        return self._rel(attrs, None, {}, "defaultload")

    def contains_eager(self, *attrs: Any, alias: Any = None) -> "Load":
        """The query already JOINs the relationship's target: populate the relationship from
        those columns instead of loading it separately."""
        opts = {} if alias is None else {"alias": alias}
        return self._rel(attrs, "contains_eager", opts, "contains_eager")

    def selectin_polymorphic(self, classes: Any) -> "Load":
        """Load the subclass-specific columns of the given subclasses with a SELECT IN each."""
        new = self._clone()
        path = self._path + ("__polymorphic__",)
        new._elements = self._elements + (_Element(path, "poly", "selectin", {"classes": tuple(classes)}),)
        return new

    # -- column strategies ---------------------------------------------------------------------
    def defer(self, key: Any, *addl_attrs: Any, raiseload: bool = False) -> "Load":
        """Leave the column out of the SELECT; it loads on first access (``raiseload=True``:
        accessing it raises instead)."""
        new = self
        for attr in (key, *addl_attrs):
            new = new._col(attr, "deferred", {"raiseload": raiseload} if raiseload else {}, "defer")
        return new

    def undefer(self, key: Any, *addl_attrs: Any) -> "Load":
        """Load a deferred column with the object."""
        new = self
        for attr in (key, *addl_attrs):
            new = new._col(attr, "undeferred", {}, "undefer")
        return new

    def undefer_group(self, name: str) -> "Load":
        """Load every deferred column of the named ``group`` with the object."""
        new = self._clone()
        path = self._path + (WILDCARD,)
        new._elements = self._elements + (_Element(path, "col", "undefer_group", {"group": name}),)
        return new

    def load_only(self, *attrs: Any, raiseload: bool = False) -> "Load":
        """Load only these columns (and the primary key); defer every other column."""
        new = self._clone()
        wild = self._path + (WILDCARD,)
        elements = [_Element(wild, "col", "deferred", {"raiseload": raiseload} if raiseload else {})]
        for attr in attrs:
            if isinstance(attr, str) or getattr(attr, "property", None) is None:
                raise exc.ArgumentError("expected ORM mapped attribute for loader strategy argument")
            path, parent, key, prop = self._step(attr, "load_only")
            elements.append(_Element(path, "col", "undeferred", {}))
        if len(self._path) == 1 and self._path[0] is None and attrs:
            # a root-less load_only: its wildcard applies to the attributes' entity only
            ent = _attr_info(attrs[0], "load_only")[0]
            elements[0] = _Element((ent, WILDCARD), "col", elements[0].strategy, elements[0].opts)
        new._elements = self._elements + tuple(elements)
        return new

    def with_expression(self, key: Any, expression: Any) -> "Load":
        """Load the ``query_expression()`` attribute ``key`` from ``expression`` (a SQL
        expression of the entity's columns) in this query."""
        from orm.sql import coercions

        expr = coercions.expect_columns_clause(expression)[0]
        return self._col(key, "expression", {"expression": expr}, "with_expression")

    def _col(self, attr: Any, strategy: str, opts: dict[str, Any], fn_name: str) -> "Load":
        if isinstance(attr, str) and attr == WILDCARD:
            new = self._clone()
            new._elements = self._elements + (_Element(self._path + (WILDCARD,), "col", strategy, opts),)
            return new
        path, parent, key, prop = self._step(attr, fn_name)
        new = self._clone()
        new._elements = self._elements + (_Element(path, "col", strategy, opts),)
        return new

    def options(self, *opts: Any) -> "Load":
        """Apply options relative to this one's path: ``defaultload(User.posts).options(
        joinedload(Post.comments), defer(Post.body))``."""
        new = self._clone()
        added: list[_Element] = []
        for opt in opts:
            if not isinstance(opt, Load):
                raise exc.ArgumentError(f"Loader option expected, got {opt!r}")
            for el in opt._elements:
                rel = el.path
                if rel[0] is None:
                    rel = rel[1:]
                else:
                    if not _entity_applies(self._path[-1], rel[0]):
                        raise exc.ArgumentError(
                            f'ORM mapped entity or attribute "{_path_str(rel)}" does not link from '
                            f'"{_path_str(self._path)}".'
                        )
                    rel = rel[1:]
                added.append(_Element(self._path + rel, el.kind, el.strategy, el.opts))
        new._elements = self._elements + tuple(added)
        return new

    # -- protocol ------------------------------------------------------------------------------
    def _cache_key(self) -> Any:
        return tuple(el._cache_key() for el in self._elements)

    def __repr__(self) -> str:
        return f"<Load {', '.join(map(repr, self._elements))}>"


def _is_aliased(entity: Any) -> bool:
    return bool(getattr(entity, "is_aliased_class", False))


def _entity_applies(expected: Any, given: Any) -> bool:
    """Whether an attribute of ``given`` (mapper or aliased entity) continues a path at
    ``expected``: the same entity, or a mapper in the same inheritance line."""
    if expected is None or given is expected:
        return True
    if _is_aliased(expected) or _is_aliased(given):
        if _is_aliased(expected) and not _is_aliased(given):
            return bool(_mapper_of(expected).isa(given))
        return False
    return bool(expected.isa(given) or given.isa(expected))


def _entity_name(entity: Any) -> str:
    return str(entity)


# -- the functions users call ---------------------------------------------------------------
def _root() -> Load:
    return Load()


def joinedload(*keys: Any, innerjoin: Optional[Any] = None) -> Load:
    """Eager-load a relationship with a JOIN in the same query.

    Example::

        select(User).options(joinedload(User.addresses))   # then .unique() on the result
    """
    return _root().joinedload(*keys, innerjoin=innerjoin)


def selectinload(*keys: Any, recursion_depth: Optional[int] = None) -> Load:
    """Eager-load a relationship with one extra ``SELECT ... WHERE ... IN (...)`` per query.

    Example::

        select(User).options(selectinload(User.posts).joinedload(Post.comments))
    """
    return _root().selectinload(*keys, recursion_depth=recursion_depth)


def subqueryload(*keys: Any) -> Load:
    """Eager-load a relationship with a second query that joins to the first as a subquery.

    Example::

        session.query(User).options(subqueryload(User.addresses)).all()
    """
    return _root().subqueryload(*keys)


def lazyload(*keys: Any) -> Load:
    """Load a relationship on first access (a SELECT per object).

    Example::

        select(User).options(lazyload(User.addresses))
    """
    return _root().lazyload(*keys)


def immediateload(*keys: Any, recursion_depth: Optional[int] = None) -> Load:
    """Load a relationship with a SELECT per object right after the query.

    Example::

        select(User).options(immediateload(User.addresses))
    """
    return _root().immediateload(*keys, recursion_depth=recursion_depth)


def noload(*keys: Any) -> Load:
    """Never load a relationship (it reads as empty / None).

    Example::

        select(User).options(noload(User.addresses))
    """
    return _root().noload(*keys)


def raiseload(*keys: Any, sql_only: bool = False) -> Load:
    """Raise ``InvalidRequestError`` when an unloaded relationship is accessed.

    Example::

        select(User).options(raiseload("*"))
        select(Address).options(raiseload(Address.user, sql_only=True))
    """
    return _root().raiseload(*keys, sql_only=sql_only)


def defaultload(*keys: Any) -> Load:
    """Keep a relationship's configured loading; a path step for further options.

    Example::

        select(User).options(defaultload(User.posts).defer(Post.body))
    """
    return _root().defaultload(*keys)


def contains_eager(*keys: Any, alias: Any = None) -> Load:
    """Populate a relationship from a JOIN the query already has.

    Example::

        select(User).join(User.addresses).options(contains_eager(User.addresses))
    """
    return _root().contains_eager(*keys, alias=alias)


def defer(key: Any, *addl_attrs: Any, raiseload: bool = False) -> Load:
    """Leave a column out of the query; it loads on first access.

    Example::

        select(User).options(defer(User.bio))
    """
    return _root().defer(key, *addl_attrs, raiseload=raiseload)


def undefer(key: Any, *addl_attrs: Any) -> Load:
    """Load a deferred column with its object.

    Example::

        select(User).options(undefer(User.bio))
    """
    return _root().undefer(key, *addl_attrs)


def undefer_group(name: str) -> Load:
    """Load the deferred columns of a group with their object.

    Example::

        select(Book).options(undefer_group("text"))
    """
    return _root().undefer_group(name)


def load_only(*attrs: Any, raiseload: bool = False) -> Load:
    """Load only the given columns (plus the primary key).

    Example::

        select(User).options(load_only(User.name))
    """
    if attrs and any(isinstance(a, str) for a in attrs):
        raise exc.ArgumentError("expected ORM mapped attribute for loader strategy argument")
    return _root().load_only(*attrs, raiseload=raiseload)


def with_expression(key: Any, expression: Any) -> Load:
    """Load a ``query_expression()`` attribute from a SQL expression in this query.

    Example::

        select(A).options(with_expression(A.total, A.x + A.y))
    """
    return _root().with_expression(key, expression)


def selectin_polymorphic(base: Any, classes: Any) -> Load:
    """Load subclass-specific columns of a polymorphic query with one SELECT IN per subclass.

    Example::

        select(Employee).options(selectin_polymorphic(Employee, [Manager, Engineer]))
    """
    return Load(base).selectin_polymorphic(classes)


# -- looking options up by path (the compile step of a query) -----------------------------------------
_LAZY_NAMES = {True: "select", False: "joined", None: "noload"}


def _strategy_error(strategy: str, prop: Any, is_rel: bool) -> exc.LoaderStrategyException:
    """SQLAlchemy's message for a strategy applied to the wrong kind of attribute."""
    loader = _LOADER_NAMES.get(strategy, f"{strategy} loader")
    if is_rel:
        return exc.LoaderStrategyException(
            f'Can\'t apply "{loader}" strategy to property "{prop}", which is a "column property"; '
            'this loader strategy is intended to be used with a "relationship property".'
        )
    return exc.LoaderStrategyException(
        f'Can\'t apply "{loader}" strategy to property "{prop}", which is a "relationship"; '
        'this loader strategy is intended to be used with a "column property".'
    )


def default_lazy(prop: Any) -> str:
    """The configured strategy name of a relationship (``lazy=True`` -> ``"select"`` ...)."""
    lazy = prop.lazy
    return _LAZY_NAMES.get(lazy, lazy) if not isinstance(lazy, str) else lazy


# -- options by path ---------------------------------------------------------------------------
def _entity_matches(actual: Any, wanted: Any) -> bool:
    """Whether an option written for ``wanted`` applies where ``actual`` is being loaded."""
    if wanted is None or actual is wanted:
        return True
    if getattr(wanted, "is_aliased_class", False) or getattr(actual, "is_aliased_class", False):
        return False
    return bool(actual.isa(wanted))


def _path_matches(opt_path: tuple[Any, ...], path: tuple[Any, ...]) -> bool:
    if len(opt_path) != len(path):
        return False
    for i in range(len(path)):
        a = opt_path[i]
        if i % 2:
            if a != path[i]:
                return False
        elif not _entity_matches(path[i], a):
            return False
    return True


class OptionIndex:
    """The loader options of one query, looked up by path.

    A path is ``(entity, key, entity, key, ..., entity)``: the root entity, then each relationship
    key followed by the entity it leads to.
    """

    __slots__ = ("elements", "_rel", "_col", "_poly", "_memo")

    def __init__(self, elements: tuple[Any, ...]) -> None:
        self.elements = elements
        self._rel = [el for el in elements if el.kind == "rel" and el.strategy is not None]
        self._col = [el for el in elements if el.kind == "col"]
        self._poly = [el for el in elements if el.kind == "poly"]
        self._memo: dict[Any, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.elements)

    def rel_strategy(self, path: tuple[Any, ...], prop: Any) -> Optional[tuple[str, dict[str, Any]]]:
        """(strategy, opts) an option sets for relationship ``prop`` at ``path``, or None."""
        memo_key = (tuple(map(id, path)), id(prop))
        if memo_key in self._memo:
            return self._memo[memo_key]  # type: ignore[no-any-return]
        best = wild = None
        for el in self._rel:
            key = el.path[-1]
            if key == prop.key:
                if _path_matches(el.path[:-1], path):
                    best = el
            elif key == WILDCARD and _path_matches(el.path[:-1], path):
                wild = el
        el = best or wild
        got = None if el is None else (el.strategy, el.opts)
        self._memo[memo_key] = got
        return got

    def col_strategies(self, path: tuple[Any, ...]) -> list[Any]:
        """The column elements that apply at ``path``, wildcards first, in option order."""
        memo_key = ("col", tuple(map(id, path)))
        got = self._memo.get(memo_key)
        if got is None:
            wild = [el for el in self._col if el.path[-1] == WILDCARD and _path_matches(el.path[:-1], path)]
            spec = [el for el in self._col if el.path[-1] != WILDCARD and _path_matches(el.path[:-1], path)]
            got = self._memo[memo_key] = wild + spec
        return got  # type: ignore[no-any-return]

    def polymorphic(self, path: tuple[Any, ...]) -> list[Any]:
        return [el for el in self._poly if _path_matches(el.path[:-1], path)]

    def validate(self, roots: list[Any]) -> None:
        """Errors SQLAlchemy raises when a query compiles: an option rooted at an entity the
        query does not select, a strategy applied to the wrong kind of attribute."""
        mappers = [r for r in roots]
        for el in self.elements:
            root = el.path[0]
            if root is not None and mappers and not any(_root_applies(r, root) for r in mappers):
                raise exc.ArgumentError(
                    f"Mapped class {_mapper_of(root)} does not apply to any of the root entities in "
                    f"this query, e.g. {_root_name(mappers[0])}. Please specify the full path from one "
                    "of the root entities to the target attribute. "
                )
            key = el.path[-1]
            if key in (WILDCARD, "__polymorphic__") or el.strategy is None and el.kind == "rel":
                continue
            owner = el.path[-2]
            if owner is None:
                continue
            prop = _mapper_of(owner)._props.get(key)
            if prop is None:
                continue
            is_rel = bool(getattr(prop, "is_relationship", False))
            if el.kind == "rel" and not is_rel:
                raise _strategy_error(el.strategy, prop, True)
            if el.kind == "col" and is_rel:
                raise _strategy_error(el.strategy, prop, False)


def _root_name(entity: Any) -> str:
    return str(entity) if getattr(entity, "is_aliased_class", False) else repr(_mapper_of(entity))


def _root_applies(entity: Any, opt_root: Any) -> bool:
    """An option rooted at a class applies to that class's entities (and subclasses'), not to
    an ``aliased()`` one, whose options must be written against the alias."""
    if entity is opt_root:
        return True
    if getattr(opt_root, "is_aliased_class", False) or getattr(entity, "is_aliased_class", False):
        return False
    return bool(_entity_applies(entity, opt_root))


EMPTY_OPTIONS = OptionIndex(())


def relationship_strategy(options: OptionIndex, path: tuple[Any, ...], prop: Any) -> tuple[str, dict[str, Any]]:
    """The strategy that loads ``prop`` at ``path``: an option's, else the configured one."""
    if options:
        got = options.rel_strategy(path, prop)
        if got is not None:
            return got
    return default_lazy(prop), {}
