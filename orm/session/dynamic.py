"""``lazy="dynamic"`` and ``lazy="write_only"`` relationships: the attribute is a query object,
never a loaded collection.

* ``AppenderQuery`` (dynamic): a legacy :class:`Query` of the related objects (``filter``,
  ``order_by``, ``count``, ``all``, indexing, iteration; one SELECT per use) that also takes
  ``append``/``remove``/``extend``.
* ``WriteOnlyCollection`` (write_only): ``select()`` gives the statement to run yourself; ``add``,
  ``add_all``, ``remove`` record changes for the next flush; ``insert()``/``update()``/``delete()``
  give bulk statements bound to the parent.  It cannot be iterated.

Example::

    class User(Base):
        addresses = relationship("Address", lazy="dynamic")
        posts: Mapped[list["Post"]] = relationship(lazy="write_only")

    user.addresses.filter(Address.email.like("%@x.com")).count()
    user.posts.add(Post(title="new")); session.flush()
    session.scalars(user.posts.select().limit(10)).all()

Changes wait in the parent's ``__dict__`` as a collection of the added objects, with the removed
ones recorded as its original value (``state.committed_state``), which is exactly what the unit
of work reads as the relationship's history.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from orm import exc
from orm.mapping.attributes import RelationshipAttribute
from orm.mapping.base import STATE_KEY

from .query import Query


def _state(obj: Any) -> Any:
    from orm.mapping.mapper import _instance_state

    return _instance_state(obj)


class _Pending:
    """The unflushed changes of one dynamic/write-only relationship of one object."""

    def __init__(self, state: Any, prop: Any) -> None:
        self.state = state
        self.prop = prop
        self.key = prop.key

    def _added_list(self, create: bool) -> Any:
        st = self.state
        d = st.obj().__dict__
        key = self.key
        coll = d.get(key)
        if st.key is not None and key not in st.committed_state:
            # the last flush (or expiry) took the recorded changes: start over
            coll = None
        if coll is None and create:
            from orm.mapping.collections import new_collection

            coll = d[key] = new_collection(self.prop, st)
            if st.key is not None:
                st.committed_state[key] = ()
                if not st.modified:
                    st._modified_event()
        return coll

    def added(self) -> list[Any]:
        coll = self._added_list(False)
        return [] if coll is None else list(coll)

    def removed(self) -> list[Any]:
        st = self.state
        if st.key is None or self.key not in st.committed_state:
            return []
        original = st.committed_state[self.key]
        return list(original) if isinstance(original, tuple) else []

    def append(self, obj: Any) -> None:
        from orm.mapping import relationship_sync as sync

        coll = self._added_list(True)
        st = self.state
        removed = self.removed()
        if any(o is obj for o in removed):
            st.committed_state[self.key] = tuple(o for o in removed if o is not obj)
        elif not any(o is obj for o in coll):
            list.append(coll, coll._sa_incoming(obj))
        sync.collection_added(self.prop, st, obj, False)

    def remove(self, obj: Any) -> None:
        from orm.mapping import relationship_sync as sync

        coll = self._added_list(True)
        st = self.state
        if any(o is obj for o in coll):
            list.remove(coll, obj)
        elif st.key is not None:
            st.committed_state[self.key] = tuple(self.removed()) + (obj,)
        sync.collection_removed(self.prop, st, obj, False)


def _parent_session(state: Any, prop: Any) -> Any:
    session = state.session
    if session is None:
        raise exc.DetachedInstanceError(
            f"Parent instance <{state.class_.__name__} at 0x{id(state.obj()):x}> is not bound to a "
            f"Session, and no contextual session is established; lazy load operation of attribute "
            f"'{prop.key}' cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)"
        )
    return session


def _criterion_params(state: Any, prop: Any) -> tuple[Any, dict[str, Any]]:
    """The lazy-load statement of ``prop`` (``WHERE :param_1 = addresses.user_id``) and the
    parent's values for it."""
    lc = prop._strategy.lazy_clause
    params = lc.params(state) or {name: None for name, _ in lc.param_keys}
    return lc.statement, params


class AppenderQuery(Query[Any]):
    """The query of a ``lazy="dynamic"`` relationship, bound to one parent object.

    Example::

        user.addresses.filter_by(email="a@b.c").first()
        user.addresses.append(Address(email="x@y.z"))
    """

    def __init__(self, state: Any, prop: Any) -> None:
        self._pending = _Pending(state, prop)
        self.instance = state.obj()
        self.attr = prop.class_attribute
        stmt, params = _criterion_params(state, prop) if state.key is not None else (None, {})
        if stmt is None:
            super().__init__([prop.mapper.class_], None)
        else:
            super().__init__([prop.mapper.class_], state.session)
            self._statement = stmt.set_label_style("LABEL_STYLE_DISAMBIGUATE_ONLY")
            self._params = dict(params)

    def _persistent(self) -> bool:
        return self._pending.state.key is not None

    # reading: a persistent parent queries (after autoflush); a new one lists what was appended
    def _iter(self) -> Any:
        if not self._persistent():
            return _ListResult(self._pending.added())
        self.session = _parent_session(self._pending.state, self._pending.prop)
        return super()._iter()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._iter())

    def count(self) -> int:
        if not self._persistent():
            return len(self._pending.added())
        self.session = _parent_session(self._pending.state, self._pending.prop)
        return super().count()

    def __getitem__(self, item: Any) -> Any:
        if not self._persistent():
            return self._pending.added()[item]
        return super().__getitem__(item)

    # writing
    def append(self, obj: Any) -> None:
        """Add ``obj`` to the collection (flushed with the parent)."""
        self._pending.append(obj)

    def extend(self, objs: Iterable[Any]) -> None:
        for obj in objs:
            self._pending.append(obj)

    def remove(self, obj: Any) -> None:
        """Remove ``obj`` from the collection (its foreign key is cleared at flush, or it is
        deleted with ``delete-orphan``)."""
        self._pending.remove(obj)

    def __repr__(self) -> str:
        return f"<AppenderQuery {self._pending.prop}>"


class _ListResult:
    def __init__(self, items: list[Any]) -> None:
        self._items = items

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def all(self) -> list[Any]:
        return list(self._items)

    def first(self) -> Any:
        return self._items[0] if self._items else None

    def one(self) -> Any:
        if len(self._items) != 1:
            raise exc.NoResultFound() if not self._items else exc.MultipleResultsFound()
        return self._items[0]

    def one_or_none(self) -> Any:
        if len(self._items) > 1:
            raise exc.MultipleResultsFound()
        return self._items[0] if self._items else None


class WriteOnlyCollection:
    """The collection of a ``lazy="write_only"`` relationship, bound to one parent object.

    Example::

        user.posts.add(Post(title="p"))
        session.scalars(user.posts.select().where(Post.title.like("p%"))).all()
        session.execute(user.posts.update().values(title="x"))
    """

    __slots__ = ("_pending", "instance")

    def __init__(self, state: Any, prop: Any) -> None:
        self._pending = _Pending(state, prop)
        self.instance = state.obj()

    def _bound(self) -> tuple[Any, dict[str, Any]]:
        st = self._pending.state
        prop = self._pending.prop
        return _criterion_params(st, prop)

    def select(self) -> Any:
        """``SELECT <target> WHERE <parent key> ORDER BY <order_by>`` for this parent."""
        from orm.sql.select import Select

        stmt, params = self._bound()
        prop = self._pending.prop
        new: Any = Select(prop.mapper.class_)
        new._where_criteria = stmt._where_criteria
        new._from_obj = stmt._from_obj
        new._order_by_clauses = stmt._order_by_clauses
        return new.params(params)

    def insert(self) -> Any:
        """``INSERT INTO <target table> (<foreign key>) VALUES (:param_1)`` for this parent."""
        from orm.sql.dml import insert
        from orm.sql.elements import BindParameter

        prop = self._pending.prop
        if prop.secondary is not None:
            raise exc.InvalidRequestError(
                f"Write only bulk INSERT only supported for one-to-many collections; for many-to-many, "
                f"use a separate bulk INSERT along with add_all() ({prop})"
            )
        st = self._pending.state
        obj = st.obj()
        values: dict[str, Any] = {}
        for parent_col, child_col in prop.synchronize_pairs:
            key = prop.parent._columntoproperty[parent_col].key
            values[child_col.key] = BindParameter("param_1", getattr(obj, key), type_=child_col.type)
        return insert(prop.target).values(values)

    def update(self) -> Any:
        """``UPDATE <target table> ... WHERE <parent key>``."""
        from orm.sql.dml import update

        stmt, params = self._bound()
        return update(self._pending.prop.target).where(*stmt._where_criteria).params(params)

    def delete(self) -> Any:
        """``DELETE FROM <target table> WHERE <parent key>``."""
        from orm.sql.dml import delete

        stmt, params = self._bound()
        return delete(self._pending.prop.target).where(*stmt._where_criteria).params(params)

    def add(self, item: Any) -> None:
        """Add ``item`` (written at the next flush)."""
        self._pending.append(item)

    def add_all(self, items: Iterable[Any]) -> None:
        for item in items:
            self._pending.append(item)

    def remove(self, item: Any) -> None:
        """Remove ``item`` from the collection at the next flush."""
        self._pending.remove(item)

    def __iter__(self) -> Iterator[Any]:
        raise TypeError(
            "WriteOnly collections don't support iteration in-place; to query for collection items, "
            "use the select() method to produce a SQL statement and execute it with session.scalars()."
        )

    def __repr__(self) -> str:
        return f"<WriteOnlyCollection {self._pending.prop}>"


def query_for(state: Any, prop: Any, strategy: str) -> Any:
    """The query object a dynamic / write-only relationship attribute reads as."""
    if strategy == "write_only":
        return WriteOnlyCollection(state, prop)
    return AppenderQuery(state, prop)


class DynamicAttribute(RelationshipAttribute):
    """The class attribute of a ``dynamic`` / ``write_only`` relationship: reading gives the
    query object; assigning a list replaces the collection (old members removed at flush)."""

    __slots__ = ()

    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        prop = self.property
        d = instance.__dict__
        st = d.get(STATE_KEY)
        if st is None:
            st = _state(instance)
        return query_for(st, prop, "write_only" if prop.lazy == "write_only" else "dynamic")

    def __set__(self, instance: Any, value: Any) -> None:
        prop = self.property
        st = _state(instance)
        q = self.__get__(instance, None)
        pending = q._pending
        new = list(value or ())
        if st.key is not None:
            if prop.lazy == "write_only":
                raise exc.InvalidRequestError(
                    f"Collection \"{prop}\" does not support implicit iteration; collection replace "
                    "operations can't be used"
                )
            current = list(AppenderQuery(st, prop))
        else:
            current = pending.added()
        new_ids = {id(o) for o in new}
        cur_ids = {id(o) for o in current}
        for o in current:
            if id(o) not in new_ids:
                pending.remove(o)
        for o in new:
            if id(o) not in cur_ids:
                pending.append(o)

    def __delete__(self, instance: Any) -> None:
        self.__set__(instance, [])
