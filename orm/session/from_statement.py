"""``select(User).from_statement(stmt)``: load ORM entities from the rows of a statement written
elsewhere -- raw ``text()``, ``text(...).columns(...)``, or another Core/ORM select.

The statement runs exactly as written; the ORM only finds, in its result, the columns each
entity needs and makes objects as for any ORM query (identity map, ``populate_existing``,
loader options):

* ``text("SELECT * FROM users")`` has no column objects: an entity's column is found by name in
  the cursor description -- its table-qualified label (``users_id``, what ``Query`` labelling
  and hand-written ``AS users_id`` give), else its name (``id``), else its attribute key -- and
  its type's result processing applies;
* a select or ``text().columns(...)`` knows its columns: the same column object is looked for
  first, then the name.

A missing primary-key column raises ``NoSuchColumnError``; other missing columns are expired on
the new objects (reading one loads them all, as SQLAlchemy does).  Loaders that would change the SQL -- ``joinedload`` and
``subqueryload`` -- do not apply (the relationship loads lazily on access); ``selectinload``,
``immediateload``, ``raiseload``, ``contains_eager`` (when the text selects those columns) and
``defer`` do, as in SQLAlchemy.

Example::

    stmt = select(User).from_statement(text("SELECT * FROM users WHERE name = :n"))
    users = session.scalars(stmt, {"n": "ed"}).all()
    session.query(User).from_statement(text("SELECT * FROM users")).all()   # legacy Query
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from orm import exc
from orm.mapping.base import STATE_KEY

__all__ = ["FromStatement"]


class FromStatement:
    """An ORM statement: the entities of a select, the rows of another statement (module doc).

    Made by ``Select.from_statement()`` and ``Query.from_statement()``; executed by a Session.
    """

    _is_from_statement = True
    # routes Session.execute to the ORM (orm.session.base._is_orm_select)
    _propagate_attrs = {"compile_state_plugin": "orm"}
    is_select = True
    is_dml = False

    def __init__(self, entities: Sequence[Any], element: Any, *, options: Sequence[Any] = (),
                 execution_options: Optional[dict[str, Any]] = None) -> None:
        self._raw_entities = tuple(entities)
        if not self._raw_entities:
            raise exc.ArgumentError("from_statement() needs a select() of at least one entity or column")
        self.element = _coerce_element(element)
        self._with_options = tuple(options)
        self._execution_options = dict(execution_options or {})

    def _generate(self) -> "FromStatement":
        new = object.__new__(type(self))
        new.__dict__ = dict(self.__dict__)
        return new

    def options(self, *options: Any) -> "FromStatement":
        """Loader options (``selectinload(User.addresses)``, ``defer(User.bio)``...)."""
        new = self._generate()
        new._with_options = self._with_options + options
        return new

    def execution_options(self, **kw: Any) -> "FromStatement":
        """Execution options (``populate_existing=True``, ``yield_per=N``...)."""
        new = self._generate()
        new._execution_options = {**self._execution_options, **kw}
        return new

    def get_execution_options(self) -> dict[str, Any]:
        return dict(self._execution_options)

    @property
    def column_descriptions(self) -> list[dict[str, Any]]:
        from orm.sql.select import Select

        return Select(*self._raw_entities).column_descriptions

    def compile(self, bind: Any = None, dialect: Any = None, **kw: Any) -> Any:
        """The statement's own compiled form (the ORM adds nothing to its SQL)."""
        return self.element.compile(bind=bind, dialect=dialect, **kw)

    def __str__(self) -> str:
        return str(self.element)

    def __repr__(self) -> str:
        return f"<FromStatement {self.element!r}>"

    def _execute_on_connection(self, connection: Any, distilled: Any, execution_options: Any) -> Any:
        # Core execution (no Session): the statement's rows as they are
        opts = {**self._execution_options, **(execution_options or {})}
        return self.element._execute_on_connection(connection, distilled, opts)


def _coerce_element(element: Any) -> Any:
    from orm.sql.elements import TextClause
    from orm.sql.selectable import SelectBase

    if isinstance(element, str):
        raise exc.ArgumentError(
            "from_statement() takes a statement object; wrap raw SQL in text(): "
            f"from_statement(text({element!r}))"
        )
    inner = getattr(element, "_is_from_statement", False) and element.element
    if inner is not False:
        return inner
    if isinstance(element, (TextClause, SelectBase)):
        return element
    raise exc.ArgumentError(
        f"from_statement() takes text(), text().columns() or a select(); got {type(element).__name__}"
    )


# -- finding the entities' columns in the result ------------------------------------------------------
def locate_columns(state: Any, cursor: Any, dialect: Any) -> list[Any]:
    """Set the row position of every column the ORM reads (entities' columns, plain columns,
    bundle leaves) from the executed ``cursor`` (a CursorResult); returns the value processors
    by position.  Columns an entity can do without are dropped from its plan."""
    from orm.sql.elements import TextClause

    meta = cursor._metadata
    names = [k if isinstance(k, str) else str(k) for k in meta.keys]
    by_name: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        by_name.setdefault(n, []).append(i)
    textual = isinstance(state.statement, TextClause)
    if textual:
        objects: list[tuple[Any, ...]] = [()] * len(names)
        procs: list[Any] = [None] * len(names)
    else:
        compiled = getattr(cursor.context, "compiled", None)
        objects = list(getattr(compiled, "_result_objects", None) or ())
        if len(objects) != len(names):
            objects = [()] * len(names)
        procs = list(meta.processors)
    description = getattr(cursor.cursor, "description", None) or ()

    def find(col: Any, extra_names: Sequence[str] = ()) -> Optional[int]:
        for i, objs in enumerate(objects):
            if any(o is col for o in objs):
                return i
        candidates = []
        # most specific first: "users_id" (Query labelling, hand-written AS users_id) cannot be
        # another table's column, "id" can
        for n in (_table_label(col), getattr(col, "name", None), *extra_names):
            if isinstance(n, str) and n not in candidates:
                candidates.append(n)
        for n in candidates:
            hits = by_name.get(n)
            if hits:
                if len(hits) > 1:
                    raise exc.InvalidRequestError(
                        f"Ambiguous column name {n!r} in result set column descriptions"
                    )
                return hits[0]
        return None

    def typed(pos: int, col: Any) -> None:
        if textual and procs[pos] is None:
            type_ = getattr(col, "type", None)
            if type_ is not None:
                coltype = description[pos][1] if pos < len(description) else None
                try:
                    procs[pos] = type_.dialect_impl(dialect).result_processor(dialect, coltype)
                except AttributeError:
                    procs[pos] = None

    def place_mapper(ent: Any) -> None:
        found = []
        ent.missing_keys = []
        for c in ent.columns:
            key = c.prop.key if c.prop is not None else None
            pos = find(c.expr, (key,) if key else ())
            if pos is None:
                if _required(ent, c):
                    raise exc.NoSuchColumnError(
                        f"Could not locate column in row for column '{_qualified(c.expr)}'"
                    )
                if key is not None and key not in ent.missing_keys:
                    ent.missing_keys.append(key)
                continue
            c.position = pos
            typed(pos, c.expr)
            found.append(c)
        ent.columns[:] = found
        for child in ent.joined:  # contains_eager: the text selects the related columns too
            place_mapper(child)

    for ent in state.entities:
        if ent.is_mapper:
            place_mapper(ent)
            continue
        leaves = ent.leaves() if getattr(ent, "is_bundle", False) else (ent,)
        for leaf in leaves:
            pos = find(leaf.expr, (leaf.key,) if isinstance(leaf.key, str) else ())
            if pos is None:
                raise exc.NoSuchColumnError(
                    f"Could not locate column in row for column '{_qualified(leaf.expr)}'"
                )
            leaf.position = pos
            typed(pos, leaf.expr)
            if leaf.key is None and not getattr(ent, "is_bundle", False):
                leaf.key = names[pos]
    return procs


def expire_missing(ent: Any, proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The instance processor of ``ent``, marking the columns the statement did not select as
    expired on the objects it makes: reading one loads them all, as after ``expire()``."""
    keys = tuple(getattr(ent, "missing_keys", ()))
    if not keys:
        return proc

    def load(r: Any) -> Any:
        obj = proc(r)
        if obj is not None:
            d = obj.__dict__
            missing = [k for k in keys if k not in d]
            if missing:
                d[STATE_KEY].expired_attributes.update(missing)
        return obj

    return load


def _table_label(col: Any) -> Optional[str]:
    table = getattr(col, "table", None)
    tname = getattr(table, "name", None)
    name = getattr(col, "name", None)
    if isinstance(tname, str) and isinstance(name, str):
        return f"{tname}_{name}"
    return None


def _qualified(col: Any) -> str:
    table = getattr(col, "table", None)
    tname = getattr(table, "name", None)
    name = getattr(col, "name", None) or str(col)
    return f"{tname}.{name}" if isinstance(tname, str) else str(name)


def _required(ent: Any, c: Any) -> bool:
    """The columns an entity cannot be made without: primary key and discriminator."""
    if c.prop is None:
        return True
    m = ent.mappers[0]
    cols = set(map(id, c.prop.columns))
    if any(id(pk) in cols for pk in m.primary_key):
        return True
    pol = m.polymorphic_on
    return pol is not None and id(pol) in cols
