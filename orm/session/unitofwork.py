"""The unit of work: what a flush writes, in which order, and what it does to the Session after.

A flush

1. collects the pending objects, the persistent ones with recorded changes and the ones marked
   for deletion (plus orphans of ``delete-orphan`` relationships);
2. asks each relationship what it needs (:mod:`orm.session.dependency`): foreign key values to
   copy, children to update, secondary rows, post-update statements;
3. orders the work: mappers by the dependencies between them (parents first for INSERT/UPDATE,
   last for DELETE); rows of one mapper that depend on each other (self-referential adjacency
   lists, or mappers in a cycle) in levels, parents before children;
4. emits the statements batched per table and column set (:mod:`orm.session.persistence`);
5. on success gives new objects their identity and clears the recorded changes; on failure puts
   back every attribute value it had written and rolls the transaction back, so the database,
   the identity map and the objects are as they were before the flush.
"""
from __future__ import annotations

from itertools import groupby
from typing import Any, Iterable, Optional

from orm import exc
from orm.mapping.base import STATE_KEY
from orm.mapping.state import NO_VALUE

from orm.sql.dml import delete, insert
from orm.sql.elements import and_, bindparam

from . import dependency as dep
from . import persistence as pers
from .cascade import cascade_props, cascade_states
from .events import mapper_listeners
from .flush_order import levels, sort_key, sort_mappers, sort_states
from .versioning import current_version, fetch_server_versions, versioning
from .versioning import record as record_version


class UOWTransaction:
    """The state of one flush (``flush_context`` in session events)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.attributes: dict[Any, Any] = {}
        self.saves: dict[Any, Any] = {}       # state -> object: INSERT or UPDATE
        self.deletes: dict[Any, Any] = {}     # state -> object: DELETE
        self.syncs: dict[Any, list[tuple[Any, Any, str]]] = {}
        self.forced: dict[Any, set[str]] = {}  # synced keys to include in an UPDATE
        self.row_deps: dict[Any, set[Any]] = {}  # state -> states to write first
        self.delete_deps: dict[Any, set[Any]] = {}  # state -> states to delete first
        self.secondary: list[tuple[str, Any, Any, Any]] = []
        self.post_updates: list[tuple[str, Any, Any, Any]] = []
        self.pre_delete_updates: list[tuple[str, Any, Any, Any]] = []
        self._undo: list[tuple[dict[str, Any], str, Any]] = []
        self._expire: dict[Any, set[str]] = {}
        self._conns: dict[Any, Any] = {}
        self.inserted: list[Any] = []
        self.updated: list[Any] = []
        self.versions: dict[Any, Any] = {}     # state -> version its row has after this flush's writes
        self.version_fetch: list[Any] = []     # states whose server-made version must be read back

    # -- bookkeeping used by dependency/persistence --------------------------------------------------
    def register_save(self, st: Any) -> None:
        if st not in self.saves and st not in self.deletes:
            obj = st.obj()
            if obj is not None:
                self.saves[st] = obj

    def add_sync(self, child: Any, source: Any, prop: Any, mode: str) -> None:
        self.syncs.setdefault(child, []).append((source, prop, mode))
        if source is not None and mode == "set" and source.key is None:
            self.row_deps.setdefault(child, set()).add(source)

    def add_delete_dep(self, later: Any, first: Any) -> None:
        """``first`` must be deleted before ``later``."""
        if later is not first:
            self.delete_deps.setdefault(later, set()).add(first)

    def set_value(self, st: Any, d: dict[str, Any], key: str, value: Any) -> None:
        """Write an attribute during the flush, remembering the old value for a failure."""
        self._undo.append((d, key, d.get(key, NO_VALUE)))
        d[key] = value

    def sync_value(self, st: Any, d: dict[str, Any], key: str, value: Any) -> None:
        cur = d.get(key, NO_VALUE)
        if cur is not NO_VALUE and (cur is value or _eq(cur, value)):
            return
        self.set_value(st, d, key, value)
        if st.key is not None:
            self.forced.setdefault(st, set()).add(key)

    def expire_after(self, st: Any, keys: Iterable[str]) -> None:
        self._expire.setdefault(st, set()).update(keys)

    def committed_keys(self, st: Any, keys: Iterable[str]) -> None:
        pass  # every written value is committed when the flush succeeds

    def current_version(self, st: Any, d: dict[str, Any]) -> Any:
        """The version a versioned object's row has now (see :mod:`orm.session.versioning`)."""
        return current_version(self, st, d)

    def _version_params(self, st: Any, d: dict[str, Any], info: Any, params: dict[str, Any],
                        exprs: dict[str, Any]) -> None:
        """Add a versioned row's ``WHERE version = :old`` bind and its new version to an UPDATE."""
        vcol, vkey = info.version
        old = self.current_version(st, d)
        generator = st.mapper.version_id_generator
        if vcol.key in params or vcol.key in exprs:
            # the application set the version itself
            if vcol.key in params:
                self.versions[st] = params[vcol.key]
        elif generator is not False:
            new = generator(old)
            params[vcol.key] = new
            record_version(self, st, d, vkey, new)
        elif not params and not exprs:
            # the database makes versions: an UPDATE that sets the version to itself still
            # checks it and lets the database move it on
            params[vcol.key] = old
        params[info.version_bind] = old

    def connection_for(self, mapper: Any) -> Any:
        conn = self._conns.get(mapper)
        if conn is None:
            session = self.session
            conn = self._conns[mapper] = session._connection_for_bind(session.get_bind(mapper))
        return conn

    def undo(self) -> None:
        for d, key, old in reversed(self._undo):
            if old is NO_VALUE:
                d.pop(key, None)
            else:
                d[key] = old
        self._undo.clear()

    # -- planning ------------------------------------------------------------------------------------
    def collect(self, objects: Optional[Iterable[Any]]) -> None:
        session = self.session
        new = session._new
        deleted = session._deleted
        modified = session._identity_map._modified
        if objects is not None:
            wanted = {id(o) for o in objects}
            pick = lambda st: id(st.obj()) in wanted  # noqa: E731
        else:
            pick = None
        for st, obj in deleted.items():
            if pick is None or pick(st):
                self.deletes[st] = obj
        for st, obj in new.items():
            if pick is None or pick(st):
                self.saves[st] = obj
        for st in list(modified):
            if st in self.deletes or (pick is not None and not pick(st)):
                continue
            obj = st.obj()
            if obj is not None:
                self.saves[st] = obj
        self._find_orphans()

    def _find_orphans(self) -> None:
        session = self.session
        orphan_rels: dict[Any, list[Any]] = {}
        parent_rels: dict[Any, list[Any]] = {}
        for m in {st.mapper for st in self.saves}:
            orphan_rels[m] = cascade_props(m, "delete-orphan")
            parent_rels[m] = dep.orphan_parent_props(m)
        if not any(orphan_rels.values()) and not any(parent_rels.values()):
            return
        candidates = dict.fromkeys(self.saves)
        # children removed from delete-orphan collections (they may have no change of their own)
        for st in list(self.saves):
            if st.key is None:
                continue
            for prop in orphan_rels[st.mapper]:
                if prop.key in st.committed_state:
                    for child in st._history(prop.key).deleted or ():
                        cst = child.__dict__.get(STATE_KEY)
                        if cst is not None and cst.session_id == session.hash_key:
                            candidates[cst] = None
        for st in candidates:
            if st.key is None or st in self.deletes:
                continue
            props = parent_rels.get(st.mapper)
            if props is None:
                props = parent_rels[st.mapper] = dep.orphan_parent_props(st.mapper)
            if not props:
                continue
            parents = st._parents or {}
            if any(parents.get(id(p)) for p in props):
                continue
            if any(id(p) in parents for p in props):
                # de-associated from its parent: an orphan, deleted along with its cascades
                self.saves.pop(st, None)
                session._delete_impl(st, st.obj(), head=False)
                self.deletes[st] = st.obj()
                for cst in cascade_states(st, "delete", load=True):
                    if cst.key is not None and cst not in self.deletes:
                        session._delete_impl(cst, cst.obj(), head=False)
                        self.deletes[cst] = cst.obj()
                        self.saves.pop(cst, None)

    def process_dependencies(self) -> None:
        has_rels: dict[Any, bool] = {}

        def rels(st: Any) -> bool:
            m = st.mapper
            r = has_rels.get(m)
            if r is None:
                r = has_rels[m] = bool(dep.relationship_props(m))
            return r

        for st in list(self.deletes):
            if rels(st):
                dep.process_delete(self, st, st.obj().__dict__)
        for st in list(self.saves):
            if rels(st):
                dep.process_save(self, st, st.obj().__dict__)

    # -- ordering ------------------------------------------------------------------------------------
    def groups(self) -> list[list[Any]]:
        """Base mappers in write order; mappers in a cycle form one group."""
        bases: dict[int, Any] = {}
        for st in list(self.saves) + list(self.deletes):
            b = st.mapper.base_mapper
            bases[id(b)] = b
        return sort_mappers(list(bases.values()))

    # -- execution -----------------------------------------------------------------------------------
    def execute(self) -> None:
        groups = self.groups()
        by_base: dict[int, list[Any]] = {}
        for st in self.saves:
            by_base.setdefault(id(st.mapper.base_mapper), []).append(st)
        for group in groups:
            states = [s for m in group for s in by_base.get(id(m), ())]
            if states:
                self._save_group(group, states)
        if self.secondary:
            self._run_secondary()
        if self.post_updates:
            self._run_post_updates(self.post_updates)
        if self.pre_delete_updates:
            self._run_post_updates(self.pre_delete_updates)
        if self.deletes:
            del_by_base: dict[int, list[Any]] = {}
            for st in self.deletes:
                del_by_base.setdefault(id(st.mapper.base_mapper), []).append(st)
            for group in reversed(groups):
                states = [s for m in group for s in del_by_base.get(id(m), ())]
                if states:
                    self._delete_group(states)

    def _save_group(self, group: list[Any], states: list[Any]) -> None:
        states = sort_states(states)
        for level in levels(states, self.row_deps):
            self._save_level(level)

    def _save_level(self, states: list[Any]) -> None:
        syncs = self.syncs
        events_cache: dict[Any, Any] = {}
        inserts: list[Any] = []
        updates: list[Any] = []
        for st in states:
            d = self.saves[st].__dict__
            tasks = syncs.get(st)
            if tasks:
                dep.apply_syncs(self, st, d, tasks)
            if st.key is None:
                inserts.append(st)
            else:
                updates.append(st)
        # UPDATEs before INSERTs, as SQLAlchemy: a row giving up a unique value (a replaced
        # one-to-one child whose foreign key is nulled) frees it before the new row takes it
        if updates:
            self._update_states(updates, events_cache)
        if inserts:
            self._insert_states(inserts, events_cache)

    def _fire(self, mapper: Any, name: str, st: Any, conn: Any, cache: dict[Any, Any]) -> None:
        key = (mapper, name)
        fns = cache.get(key)
        if fns is None:
            fns = cache[key] = mapper_listeners(mapper, name)
        for fn in fns:
            fn(mapper, conn, st.obj())

    def _insert_states(self, states: list[Any], cache: dict[Any, Any]) -> None:
        by_mapper = _group_by_mapper(states)
        conns = {m: self.connection_for(m) for m in by_mapper}
        infos: dict[Any, dict[int, Any]] = {}
        tables: list[Any] = []
        info: Any
        session = self.session
        for m, sts in by_mapper.items():
            _fire_mapper_event(m, "before_insert", sts, conns[m])
            pk_keys = _pk_keys(m)
            imap = session._identity_map._dict
            if imap:
                for st in sts:
                    _check_identity_conflict(session, st, pk_keys)
            if m.polymorphic_on is not None and m.polymorphic_identity is not None:
                for st in sts:
                    _set_discriminator(self, st)
            ver = versioning(m)
            if ver is not None and ver[2] is not False:
                _vcol, vkey, generator = ver
                for st in sts:
                    # a new row starts at generator(None), whatever the object says (as SQLAlchemy)
                    record_version(self, st, self.saves[st].__dict__, vkey, generator(None))
            mi = infos[m] = {}
            for info in pers.table_infos(m):
                mi[id(info.table)] = info
                if all(info.table is not t for t in tables):
                    tables.append(info.table)
        # table by table (base tables first), consecutive rows with the same columns batched
        saves = self.saves
        insert_params = pers.insert_params
        for table in tables:
            tid = id(table)
            rows = []
            for st in states:
                info = infos[st.mapper].get(tid)
                if info is None:
                    continue
                d = saves[st].__dict__
                conn = conns[st.mapper]
                params, exprs = insert_params(self, info, st, d, conn)
                rows.append((st, d, params, exprs, info, conn))
            for _key, grouped in groupby(rows, key=_row_shape):
                batch = list(grouped)
                pers.emit_inserts(self, batch[0][4], batch, batch[0][5])
        fetch_server_versions(self)
        for m, sts in by_mapper.items():
            _fire_mapper_event(m, "after_insert", sts, conns[m])
        self.inserted.extend(states)

    def _update_states(self, states: list[Any], cache: dict[Any, Any]) -> None:
        by_mapper = _group_by_mapper(states)
        conns = {m: self.connection_for(m) for m in by_mapper}
        infos: dict[Any, dict[int, Any]] = {}
        tables: list[Any] = []
        info: Any
        for m, sts in by_mapper.items():
            _fire_mapper_event(m, "before_update", sts, conns[m])
            mi = infos[m] = {}
            for info in pers.table_infos(m):
                mi[id(info.table)] = info
                if all(info.table is not t for t in tables):
                    tables.append(info.table)
        saves = self.saves
        forced_all = self.forced
        changed: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
        for st in states:
            d = saves[st].__dict__
            changes = st._column_changes(d)
            forced = forced_all.get(st)
            if forced:
                for k in forced:
                    changes[k] = d.get(k)
            if changes:
                changed.append((st, d, changes))
        is_sql = pers._is_sql
        for table in tables:
            tid = id(table)
            rows: list[Any] = []
            for st, d, changes in changed:
                info = infos[st.mapper].get(tid)
                if info is None:
                    continue
                params: dict[str, Any] = {}
                exprs: dict[str, Any] = {}
                for col, key in info.mapped:
                    if key in changes:
                        v = changes[key]
                        if is_sql(v):
                            exprs[col.key] = v
                        else:
                            params[col.key] = v
                if info.version is not None:
                    # a versioned row's version moves on whatever table of the object changed
                    self._version_params(st, d, info, params, exprs)
                if not params and not exprs:
                    continue
                conn = conns[st.mapper]
                for col, key, default in info.onupdate:
                    if col.key not in params and col.key not in exprs:
                        value = default.arg if default.is_scalar else default.execute_with(
                            pers._DefaultContext(params, conn))
                        params[col.key] = value
                        self.set_value(st, d, key, value)
                if info.server_onupdate:
                    self.expire_after(st, [k for c, k in info.server_onupdate
                                           if c.key not in params and c.key not in exprs])
                params.update(pers.pk_params(info, st, d))
                rows.append((st, d, params, exprs, info, conn))
            for _key, grouped in groupby(rows, key=_row_shape):
                batch = list(grouped)
                pers.emit_updates(self, batch[0][4], batch, batch[0][5])
        fetch_server_versions(self)
        for m, sts in by_mapper.items():
            _fire_mapper_event(m, "after_update", sts, conns[m])
        self.updated.extend(states)

    def _delete_group(self, states: list[Any]) -> None:
        states = sorted(states, key=lambda s: sort_key(s.key[1]))
        delete_levels = levels(states, self.delete_deps)
        cache: dict[Any, Any] = {}
        for level in delete_levels:
            conns: dict[Any, Any] = {}
            for st in level:
                if st not in self.versions and versioning(st.mapper) is not None:
                    # read before any of the object's rows go (a subclass row is deleted first)
                    self.versions[st] = self.current_version(st, self.deletes[st].__dict__)
            for st in level:
                m = st.mapper
                conn = conns.get(m)
                if conn is None:
                    conn = conns[m] = self.connection_for(m)
                self._fire(m, "before_delete", st, conn, cache)
            for st in level:
                expired = st.expired_attributes
                if expired and any(k in expired for k in _pk_keys(st.mapper)):
                    # SQLAlchemy reads the row's key through the object, loading an expired one
                    # first: it leaves the flush (detached) with its last values readable
                    self.session._load_attributes(st, set(expired))
            tables: list[Any] = []
            for st in level:
                for info in pers.table_infos(st.mapper):
                    if all(info.table is not t for t in tables):
                        tables.append(info.table)
            for table in reversed(tables):
                rows = []
                for st in level:
                    info = _info_for(st.mapper, table)
                    if info is not None:
                        rows.append((info, conns[st.mapper], st, self.deletes[st].__dict__))
                for _key, grouped in groupby(rows, key=lambda r: (id(r[0]), id(r[1]))):
                    batch = list(grouped)
                    pers.emit_deletes(self, batch[0][0], [(r[2], r[3]) for r in batch], batch[0][1])
            for st in level:
                self._fire(st.mapper, "after_delete", st, conns[st.mapper], cache)

    def _run_secondary(self) -> None:
        inserts: dict[Any, dict[Any, dict[str, Any]]] = {}
        deletes: dict[Any, dict[Any, dict[str, Any]]] = {}
        for kind, prop, parent, child in self.secondary:
            if kind == "insert" and (parent in self.deletes or child in self.deletes):
                continue
            row = dep.secondary_row(self, prop, parent, child)
            key = tuple(sorted(row.items(), key=lambda kv: kv[0]))
            target = inserts if kind == "insert" else deletes
            bucket = target.setdefault((prop.secondary, tuple(sorted(row))), {})
            bucket[key] = row
        for (table, cols), rows in deletes.items():
            conn = self.connection_for_table(table)
            crit = [table.c[c] == bindparam("_orm_sec_" + c, type_=table.c[c].type) for c in cols]
            params = [{"_orm_sec_" + k: v for k, v in r.items()} for r in rows.values()]
            conn.execute(delete(table).where(and_(*crit)), params if len(params) > 1 else params[0])
        for (table, _cols), rows in inserts.items():
            conn = self.connection_for_table(table)
            values = list(rows.values())
            conn.execute(insert(table), values if len(values) > 1 else values[0])

    def connection_for_table(self, table: Any) -> Any:
        key = ("table", table)
        conn = self._conns.get(key)
        if conn is None:
            session = self.session
            bind = session.get_bind(clause=table) if session._binds else session.get_bind()
            conn = self._conns[key] = session._connection_for_bind(bind)
        return conn

    def _run_post_updates(self, items: list[tuple[str, Any, Any, Any]]) -> None:
        by_state: dict[Any, dict[str, Any]] = {}
        for mode, st, source, prop in items:
            if mode == "null" and st in self.deletes and items is self.post_updates:
                continue
            if st.obj() is None:
                continue
            values = dep.post_update_values(self, st, source, prop, mode)
            by_state.setdefault(st, {}).update(values)
        rows: list[Any] = []
        for st, values in by_state.items():
            d = st.obj().__dict__
            if st.key is None and st not in self.inserted:
                continue
            for k, v in values.items():
                self.set_value(st, d, k, v)
            conn = self.connection_for(st.mapper)
            for info in pers.table_infos(st.mapper):
                params = {col.key: values[key] for col, key in info.mapped if key in values}
                if params:
                    params.update(pers.pk_params(info, st, d))
                    if info.version is not None:
                        self._version_params(st, d, info, params, {})
                    rows.append((st, d, params, {}, info, conn))
        for _key, grouped in groupby(rows, key=_row_shape):
            batch = list(grouped)
            pers.emit_updates(self, batch[0][4], batch, batch[0][5])
        fetch_server_versions(self)

    # -- after a successful flush --------------------------------------------------------------------
    def finalize(self) -> None:
        session = self.session
        imap = session._identity_map
        tx = session._transaction
        new = session._new
        keys = []
        saves = self.saves
        pk_cache: dict[Any, tuple[Any, tuple[str, ...], bool]] = {}
        for st in self.inserted:
            mapper = st.mapper
            entry = pk_cache.get(mapper)
            if entry is None:
                entry = pk_cache[mapper] = (mapper._identity_class, _pk_keys(mapper), mapper.allow_partial_pks)
            base, pk_keys, partial = entry
            d = saves[st].__dict__
            pk = tuple([d.get(k) for k in pk_keys])
            if None in pk and (not partial or all(v is None for v in pk)):
                raise exc.FlushError(
                    f"Instance {_state_str(st)} has a NULL identity key.  If this is an auto-generated "
                    "value, check that the database table allows generation of new primary key values, "
                    "and that the mapped Column object is configured to expect these generated values.  "
                    "Ensure also that this flush() is not occurring at an inappropriate time, such as "
                    "within a load() event."
                )
            keys.append((base, pk, None))
        imap_dict = imap._dict
        tx_new = tx._new if tx is not None else {}
        for st, key in zip(self.inserted, keys):
            obj = saves[st]
            st.key = key
            new.pop(st, None)
            if st.committed_state or st.expired_attributes or st.modified:
                st._commit_all()
            existing = imap_dict.get(key)
            if existing is None:
                imap_dict[key] = st
            else:
                imap.add(st)
            # the transaction remembers states, not objects (those stay free to be collected)
            tx_new[st] = None
        for st in self.updated:
            old_key = st.key
            mapper = st.mapper
            obj = self.saves[st]
            cs = st.committed_state
            upd_keys = _pk_keys(mapper)
            if any(k in cs for k in upd_keys):
                d = obj.__dict__
                pk = tuple(d.get(k) if k in cs else v for k, v in zip(upd_keys, old_key[1]))
                new_key = mapper.identity_key_from_primary_key(pk)
                if new_key != old_key:
                    imap.discard(st)
                    st.key = new_key
                    imap.add(st)
                    if tx is not None:
                        prev = tx._key_switches.get(st)
                        tx._key_switches[st] = (prev[0] if prev else old_key, new_key)
            cs.clear()
            if st.expired_attributes:
                st.expired_attributes.clear()
            st.modified = False
            if tx is not None:
                tx._dirty[st] = None
        imap._modified.difference_update(self.updated)
        for st, obj in self.deletes.items():
            imap.discard(st)
            session._deleted.pop(st, None)
            st._deleted = True
            st._commit_all()
            if tx is not None:
                tx._deleted[st] = None
        for st in list(imap._modified):
            if st not in self.deletes:
                st._commit_all()
        for st, expire_keys in self._expire.items():
            if st.key is not None:
                st._expire(expire_keys)
        if session._has_listeners("pending_to_persistent"):
            for st in self.inserted:
                session._dispatch_event("pending_to_persistent", session, st.obj())
        if session._has_listeners("persistent_to_deleted"):
            for st in self.deletes:
                session._dispatch_event("persistent_to_deleted", session, st.obj())


def _eq(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


def _state_str(state: Any) -> str:
    return f"<{state.class_.__name__} at 0x{id(state.obj()):x}>"


def _info_for(mapper: Any, table: Any) -> Any:
    for info in pers.table_infos(mapper):
        if info.table is table:
            return info
    return None


def _row_shape(row: Any) -> Any:
    """Rows (state, dict, params, exprs, table info, connection) that can share a statement: the
    same table and columns, whichever mapper of an inheritance hierarchy each row comes from."""
    return (row[4].shape, id(row[5]), tuple(row[2]), tuple(row[3]) if row[3] else ())


def _pk_keys(mapper: Any) -> tuple[str, ...]:
    """Attribute keys of the mapper's primary key columns (cached)."""
    cached = mapper.__dict__.get("_orm_pk_keys")
    if cached is None:
        cached = mapper._orm_pk_keys = tuple(mapper._columntoproperty[c].key for c in mapper.primary_key)
    return cached  # type: ignore[no-any-return]


def _check_identity_conflict(session: Any, st: Any, pk_keys: tuple[str, ...]) -> None:
    d = st.obj().__dict__
    pk = []
    for k in pk_keys:
        v = d.get(k)
        if v is None:
            return
        pk.append(v)
    mapper = st.mapper
    key = mapper.identity_key_from_primary_key(pk)
    existing = session._identity_map.get(key)
    if existing is not None and existing is not st.obj():
        est = existing.__dict__[STATE_KEY]
        if est not in session._deleted and not est._deleted:
            raise exc.FlushError(
                f"New instance {_state_str(st)} with identity key {key!r} conflicts with persistent "
                f"instance {_state_str(est)}"
            )


def _set_discriminator(uow: UOWTransaction, st: Any) -> None:
    mapper = st.mapper
    col = mapper.polymorphic_on
    if col is None or mapper.polymorphic_identity is None:
        return
    prop = mapper._columntoproperty.get(col)
    if prop is None:
        return
    d = st.obj().__dict__
    if d.get(prop.key) is None:
        uow.set_value(st, d, prop.key, mapper.polymorphic_identity)


def flush(session: Any, objects: Optional[Iterable[Any]] = None) -> None:
    """Flush ``session`` (see the module docstring)."""
    uow = UOWTransaction(session)
    if session._has_listeners("before_flush"):
        session._dispatch_event("before_flush", session, uow, objects)
        if session._is_clean():
            return
    tx = session._autobegin_t()
    tx._assert_active()
    uow.collect(objects)
    if not uow.saves and not uow.deletes:
        for st in list(session._identity_map._modified):
            st._commit_all()
        return
    try:
        uow.process_dependencies()
        uow.execute()
        # after_flush sees the Session as before the flush (objects still new/dirty/deleted)
        session._dispatch_event("after_flush", session, uow)
        uow.finalize()
    except BaseException as err:
        uow.undo()
        tx = session._transaction
        if tx is not None:
            tx.rollback(_capture_exception=err)
        raise
    session._dispatch_event("after_flush_postexec", session, uow)


def _group_by_mapper(states: list[Any]) -> dict[Any, list[Any]]:
    """States grouped by mapper, in first-seen order (the order flush batches follow)."""
    by_mapper: dict[Any, list[Any]] = {}
    for st in states:
        lst = by_mapper.get(st.mapper)
        if lst is None:
            lst = by_mapper[st.mapper] = []
        lst.append(st)
    return by_mapper


def _fire_mapper_event(mapper: Any, name: str, states: list[Any], conn: Any) -> None:
    """Call the mapper's ``name`` listeners (before_insert, after_update...) for each state."""
    fns = mapper_listeners(mapper, name)
    if fns:
        for st in states:
            for fn in fns:
                fn(mapper, conn, st.obj())
