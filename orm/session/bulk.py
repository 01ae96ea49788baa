"""Bulk operations: ``bulk_insert_mappings``, ``bulk_update_mappings``, ``bulk_save_objects``, and
ORM-enabled ``insert()/update()/delete()`` of mapped classes through ``Session.execute``.

Example::

    session.execute(insert(User), [{"name": "a"}, {"name": "b"}])          # executemany
    users = session.scalars(insert(User).returning(User), [{"name": "c"}]).all()
    session.execute(update(User).where(User.name == "a").values(fullname="A"))  # objects in the
    # identity map follow (synchronize_session="auto": evaluated in Python, else fetched)
    session.execute(update(User), [{"id": 1, "fullname": "x"}, {"id": 2, "fullname": "y"}])  # by key

Bulk statements skip the unit of work: no cascades, no relationship handling, no mapper events.
"""
from __future__ import annotations

from itertools import groupby
from typing import Any, Iterable, Optional

from orm import exc
from orm.engine.result import IteratorResult
from orm.mapping.base import STATE_KEY
from orm.mapping.state import NO_VALUE, InstanceState
from orm.sql.dml import insert
from orm.sql.elements import and_

from . import persistence as pers
from .evaluator import UNKNOWN, Unevaluatable, evaluate
from .insertmany import returning_by_key, returning_pages, sentinel_ok
from .versioning import versioning

_SYNC = ("auto", "evaluate", "fetch", False, None)


def _mapper_of(entity: Any) -> Any:
    from .session import _require_mapper

    return _require_mapper(entity)


def _conn(session: Any, mapper: Any, bind_arguments: Optional[dict[str, Any]] = None) -> Any:
    return session._connection_for_bind(session.get_bind(mapper, **(bind_arguments or {})))


def _with_identity(mapper: Any, m: dict[str, Any]) -> dict[str, Any]:
    col = mapper.polymorphic_on
    if col is not None and mapper.polymorphic_identity is not None:
        prop = mapper._columntoproperty.get(col)
        if prop is not None and m.get(prop.key) is None:
            m[prop.key] = mapper.polymorphic_identity
    return m


# -- INSERT -----------------------------------------------------------------------------------------

def bulk_insert(session: Any, mapper: Any, mappings: list[dict[str, Any]], *, return_defaults: bool = False,
                render_nulls: bool = False, conn: Any = None) -> None:
    """INSERT rows given as attribute-keyed dicts, table by table; generated keys are written
    back into the dicts when ``return_defaults`` (always for joined inheritance)."""
    if not mappings:
        return
    conn = conn or _conn(session, mapper)
    infos = pers.table_infos(mapper)
    need_keys = return_defaults or len(infos) > 1
    ver = versioning(mapper)
    for m in mappings:
        _with_identity(mapper, m)
        if ver is not None and ver[2] is not False:
            m[ver[1]] = ver[2](None)  # a new row starts its version, as in a flush
    for n, info in enumerate(infos):
        table = info.table
        rows = []
        for m in mappings:
            params = {}
            for col, key in info.mapped:
                if key in m:
                    v = m[key]
                    if v is None and not render_nulls:
                        continue
                    params[col.key] = v
            rows.append(params)
        later = need_keys and n < len(infos) - 1 or return_defaults
        for _keys, grouped in groupby(range(len(rows)), key=lambda i: tuple(rows[i])):
            idx = list(grouped)
            batch = [rows[i] for i in idx]
            missing = [(c, k) for c, k in info.pk if c.key not in batch[0]]
            if missing and later and _batchable(conn, info, batch):
                # the generated keys of a batch come back through RETURNING, matched to the
                # rows by insertmany's sentinel (joined inheritance: the base table's keys)
                autoinc = info.autoinc
                pos = 0
                for start, end, returned in returning_pages(conn, info, batch, (autoinc,), 0):
                    if returned is None:
                        returned = [pers._run(conn, (table, "insert"), lambda t=table: insert(t).returning(autoinc),
                                              p).one() for p in batch[start:end]]
                    for i, row in zip(idx[start:end], returned):
                        mappings[i][info.pk[0][1]] = row[0]
                    pos = end
                assert pos == len(batch)
            elif missing and later:
                for i, p in zip(idx, batch):
                    result = pers._run(conn, (table, "insert"), lambda t=table: insert(t), p)
                    for (col, key), value in zip(info.pk, result.inserted_primary_key or ()):
                        if (col, key) in missing:
                            mappings[i][key] = value
            else:
                pers._run(conn, (table, "insert"), lambda t=table: insert(t), batch if len(batch) > 1 else batch[0])


def _batchable(conn: Any, info: Any, batch: list[dict[str, Any]]) -> bool:
    """Rows that can go in one ``INSERT .. RETURNING`` per page: several, the table's
    auto-incrementing key generated (insertmany's sentinel), no SQL defaults to render per row."""
    autoinc = info.autoinc
    return (len(batch) > 1 and bool(getattr(conn.dialect, "insert_returning", False))
            and autoinc is not None and autoinc.key not in batch[0]
            and sentinel_ok(info, [(autoinc, autoinc.key)])
            and not (info.sql_defaults - set(batch[0])))


def _insert_returning(conn: Any, mapper: Any, mappings: list[dict[str, Any]], ret_cols: list[Any]) -> list[Any]:
    """INSERT the attribute-keyed ``mappings`` (table by table: a joined-inheritance base table
    first, its generated keys then written into the mappings for the subclass tables) and return
    ``ret_cols`` for each, rows in the order of ``mappings``."""
    infos = pers.table_infos(mapper)
    tables = [info.table for info in infos]
    got: list[dict[int, Any]] = [{} for _ in mappings]  # per row: id(returned column) -> value
    for n, info in enumerate(infos):
        table = info.table
        # the columns of this table (expressions that are no table's column: the base table's)
        wanted = [c for c in ret_cols if getattr(c, "table", None) is table
                  or (n == 0 and all(getattr(c, "table", None) is not t for t in tables))]
        ret = tuple(wanted) + tuple(c for c, _k in info.pk if all(c is not w for w in wanted))
        params = [{col.key: m[key] for col, key in info.mapped if key in m and m[key] is not None}
                  for m in mappings]
        rows = _table_returning(conn, info, params, ret)
        for m, row, values in zip(mappings, rows, got):
            for c, v in zip(ret, row):
                values[id(c)] = v
            for c, key in info.pk:
                m[key] = values[id(c)]  # the key the later tables' rows refer to
    return [tuple(values[id(c)] for c in ret_cols) for values in got]


def _table_returning(conn: Any, info: Any, params: list[dict[str, Any]], ret: tuple[Any, ...]) -> list[Any]:
    """INSERT ``params`` into one table returning ``ret`` (which holds its primary key), rows in
    parameter order: batched where the rows can be matched to what comes back, else one by one."""
    table = info.table
    key = (table, "insert", tuple(id(c) for c in ret))
    out: list[Any] = []
    pk_cols = [c for c, _k in info.pk]
    pk_index = [next(i for i, c in enumerate(ret) if c is pk) for pk in pk_cols]
    for _keys, grouped in groupby(params, key=_shape_of):
        group = list(grouped)
        if _batchable(conn, info, group):
            # a generated auto-incrementing key: insertmany's sentinel orders what comes back
            for start, end, rows in returning_pages(conn, info, group, ret, pk_index[0]):
                if rows is None:
                    rows = [pers._run(conn, key, lambda: insert(table).returning(*ret), p).one()
                            for p in group[start:end]]
                out.extend(tuple(r) for r in rows)
        elif len(group) > 1 and getattr(conn.dialect, "insert_returning", False) and _keys_from_database(info, group):
            # keys the base table's RETURNING just gave: the returned rows are matched by key
            out.extend(returning_by_key(conn, info, group, ret, pk_index))
        else:
            out.extend(tuple(pers._run(conn, key, lambda: insert(table).returning(*ret), p).one()) for p in group)
    return out


def _keys_from_database(info: Any, group: list[dict[str, Any]]) -> bool:
    """Every row carries its whole primary key as ints (a joined subclass table's rows after the
    base table's RETURNING): values that come back from the database exactly as they were sent."""
    return all(type(p.get(c.key)) is int for p in group for c, _k in info.pk)


def _entity_columns(mapper: Any) -> list[tuple[str, Any]]:
    """(attribute key, column) of the mapper's loaded-by-default column attributes."""
    out = []
    for key, prop in mapper._props.items():
        if getattr(prop, "is_column", False) and not prop.deferred and prop._is_table_column:
            out.append((key, prop.columns[0]))
    return out


def _objects_from_rows(session: Any, mapper: Any, keys: list[str], rows: list[Any]) -> list[Any]:
    """Persistent objects for rows of ``keys`` values (new ones, or those in the identity map
    refreshed with the values)."""
    imap = session._identity_map
    tx = session._transaction
    cls = mapper.class_
    base = mapper._identity_class
    pk_idx = [keys.index(mapper._columntoproperty[c].key) for c in mapper.primary_key]
    out = []
    for row in rows:
        key = (base, tuple(row[i] for i in pk_idx), None)
        obj = imap.get(key)
        values = dict(zip(keys, row))
        if obj is None:
            obj = cls.__new__(cls)
            st = InstanceState(obj, mapper)
            values[STATE_KEY] = st
            obj.__dict__.update(values)
            st.key = key
            session._register_loaded(st)
            if tx is not None:
                tx._new[st] = None
        else:
            obj.__dict__.update(values)
            obj.__dict__[STATE_KEY]._commit(list(values))
        out.append(obj)
    return out


# -- UPDATE -----------------------------------------------------------------------------------------

def bulk_update(session: Any, mapper: Any, mappings: list[dict[str, Any]], conn: Any = None) -> int:
    """UPDATE rows by primary key from attribute-keyed dicts (each must hold the key values, and
    the version of a versioned mapper: ``WHERE version = :v``, the new version written back into
    the dict).  A row that does not match is a ``StaleDataError``, as in SQLAlchemy."""
    if not mappings:
        return 0
    conn = conn or _conn(session, mapper)
    pk_keys = [mapper._columntoproperty[c].key for c in mapper.primary_key]
    ver = versioning(mapper)
    for m in mappings:
        missing = [k for k in pk_keys if m.get(k) is None]
        if missing:
            raise exc.InvalidRequestError(
                f"No primary key value supplied for column(s) {', '.join(missing)}; per-row ORM Bulk UPDATE "
                "by Primary Key requires that records contain primary key values"
            )
        if ver is not None and ver[1] not in m:
            raise exc.InvalidRequestError(
                f"No value supplied for the version column '{ver[1]}' of {mapper.class_.__name__}; "
                "a bulk UPDATE of a versioned mapper matches each row's current version"
            )
    count = 0
    sane_multi = getattr(conn.dialect, "supports_sane_multi_rowcount", True)
    for info in pers.table_infos(mapper):
        table = info.table
        rows: list[dict[str, Any]] = []
        for m in mappings:
            params = {col.key: m[key] for col, key in info.mapped if key in m and key not in info.pk_keys}
            if info.version is not None:
                _bulk_version(mapper, info, m, params)
            if not params:
                continue
            for bind, key, _pos in info.pk_binds:
                params[bind] = m[key]
            rows.append(params)
        for _shape, grouped in groupby(rows, key=_shape_of):
            group = list(grouped)
            stmt_key = (table, "update")
            if len(group) == 1 or sane_multi:
                result = pers._run(conn, stmt_key, info.update_stmt, group if len(group) > 1 else group[0])
                matched = result.rowcount
            else:
                matched = sum(pers._run(conn, stmt_key, info.update_stmt, p).rowcount for p in group)
            pers._check_rowcount(matched, len(group), table, None, info.version is not None)
            if matched and matched > 0:
                count += matched
    _expire_updated(session, mapper, mappings, pk_keys)
    return count


def _bulk_version(mapper: Any, info: Any, m: dict[str, Any], params: dict[str, Any]) -> None:
    """The version binds of one bulk UPDATE row: match ``m``'s version, set the next one."""
    vcol, vkey = info.version
    old = m[vkey]
    params.pop(vcol.key, None)
    generator = mapper.version_id_generator
    if generator is not False:
        new = generator(old)
        params[vcol.key] = new
        m[vkey] = new
    elif not params:
        params[vcol.key] = old
    params[info.version_bind] = old


def _shape_of(params: dict[str, Any]) -> tuple[str, ...]:
    return tuple(params)


def _expire_updated(session: Any, mapper: Any, mappings: list[dict[str, Any]], pk_keys: list[str]) -> None:
    imap = session._identity_map
    base = mapper._identity_class
    for m in mappings:
        obj = imap.get((base, tuple(m[k] for k in pk_keys), None))
        if obj is not None:
            st = obj.__dict__[STATE_KEY]
            st._expire([k for k in m if k not in pk_keys and k in st.mapper._props])


def bulk_save_objects(session: Any, objects: Iterable[Any], return_defaults: bool = False,
                      update_changed_only: bool = True, preserve_order: bool = True) -> None:
    """INSERT new objects and UPDATE persistent ones with executemany, bypassing the unit of work
    (no cascades, no events; the objects are not attached to the Session)."""
    from .session import _instance_state

    objs = list(objects)
    if not preserve_order:
        objs.sort(key=lambda o: (id(_instance_state(o).mapper), _instance_state(o).key is not None))
    for (mapper, isupdate), grouped in groupby(objs, key=lambda o: (_instance_state(o).mapper,
                                                                    _instance_state(o).key is not None)):
        group = list(grouped)
        col_keys = [k for k, p in mapper._props.items() if getattr(p, "is_column", False)]
        ver = versioning(mapper)
        if isupdate:
            mappings = []
            for o in group:
                st = _instance_state(o)
                d = o.__dict__
                keys = list(st._column_changes(d)) if update_changed_only else [k for k in col_keys if k in d]
                m = {k: d.get(k) for k in keys}
                for col, value in zip(mapper.primary_key, st.key[1] if st.key else ()):
                    m.setdefault(mapper._columntoproperty[col].key, value)
                if ver is not None:
                    # the version the row has: the original one when the application changed it
                    vkey = ver[1]
                    m[vkey] = st.committed_state.get(vkey, d.get(vkey))
                mappings.append(m)
            bulk_update(session, mapper, mappings)
            for o, m in zip(group, mappings):
                if ver is not None and ver[2] is not False:
                    o.__dict__[ver[1]] = m[ver[1]]
                _instance_state(o)._commit_all()
        else:
            mappings = [{k: o.__dict__[k] for k in col_keys if k in o.__dict__} for o in group]
            bulk_insert(session, mapper, mappings, return_defaults=return_defaults)
            if return_defaults:
                pk_keys = [mapper._columntoproperty[c].key for c in mapper.primary_key]
                for o, m in zip(group, mappings):
                    d = o.__dict__
                    for k, v in m.items():
                        d.setdefault(k, v)
                    st = _instance_state(o)
                    st.key = mapper.identity_key_from_primary_key([d.get(k) for k in pk_keys])


# -- ORM-enabled DML through Session.execute -------------------------------------------------------

def _translate(mapper: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Attribute keys of a parameter dict, checked against the mapper."""
    props = mapper._props
    for k in values:
        if k not in props:
            raise exc.InvalidRequestError(
                f"Attribute name not found, can't be synchronized back to objects: '{k}' is not an "
                f"attribute of {mapper.class_.__name__}"
            )
    return values


def execute_orm_dml(session: Any, statement: Any, params: Any, execution_options: dict[str, Any],
                    bind_arguments: dict[str, Any]) -> Any:
    entity = statement._entity
    mapper = _mapper_of(entity)
    opts = {**statement._execution_options, **execution_options}
    sync = opts.get("synchronize_session", "auto")
    if sync not in _SYNC:
        raise exc.ArgumentError(
            "Valid strategies for session synchronization are 'auto', 'evaluate', 'fetch', False"
        )
    if opts.get("autoflush", True):
        session._autoflush()
    conn = _conn(session, mapper, bind_arguments)
    if statement.is_insert:
        return _orm_insert(session, mapper, statement, params, conn)
    if statement.is_update and isinstance(params, list) and not statement._where_criteria:
        bulk_update(session, mapper, [_translate(mapper, dict(p)) for p in params], conn)
        return IteratorResult([], [])
    return _orm_update_delete(session, mapper, statement, params, sync, conn)


def _orm_insert(session: Any, mapper: Any, statement: Any, params: Any, conn: Any) -> Any:
    raw = statement._returning_raw
    entity_return = any(getattr(r, "__mapper__", None) is not None or getattr(r, "is_mapper", False)
                        for r in raw)
    if params is None or (not isinstance(params, (list, dict))):
        if entity_return:
            # insert(User).values(...)[.on_conflict_...()].returning(User): the statement runs as
            # written, its RETURNING made of the entity's columns, the rows made into objects
            ent_cols, ret_cols, layout = _returning_layout(mapper, statement)
            stmt = statement._generate()
            stmt._returning = tuple(ret_cols)
            returned = [tuple(r) for r in conn.execute(stmt, params).all()]
            return _returned_result(session, mapper, ent_cols, ret_cols, layout, returned)
        return conn.execute(statement, params)
    rows: list[dict[str, Any]] = [_translate(mapper, dict(p))
                                  for p in (params if isinstance(params, list) else [params])]
    for k, v in statement._values or ():
        key = k if isinstance(k, str) else mapper._columntoproperty[k].key
        for r in rows:
            r.setdefault(key, getattr(v, "value", v))
    if statement._post_values_clause is not None:
        # an upsert (ON CONFLICT / ON DUPLICATE KEY UPDATE) with a list of rows: the statement's
        # own clause must run, so it is executed as written for each row, not re-built by the
        # batched bulk INSERT (which would drop it)
        return _orm_upsert_rows(session, mapper, statement, rows, conn)
    if not statement._returning:
        bulk_insert(session, mapper, rows, conn=conn)
        return IteratorResult([], [])
    ent_cols, ret_cols, layout = _returning_layout(mapper, statement)
    ver = versioning(mapper)
    for m in rows:
        _with_identity(mapper, m)
        if ver is not None and ver[2] is not False:
            m[ver[1]] = ver[2](None)
    returned = _insert_returning(conn, mapper, rows, ret_cols)
    return _returned_result(session, mapper, ent_cols, ret_cols, layout, returned)


def _returning_layout(mapper: Any, statement: Any) -> tuple[list[tuple[str, Any]], list[Any], list[Any]]:
    """The entity's (key, column) pairs, the columns to RETURN, and per returned item
    ("entity", start, n) or ("col", index)."""
    ent_cols = _entity_columns(mapper)
    ret_cols: list[Any] = []
    layout: list[Any] = []
    for r in statement._returning_raw or statement._returning:
        if getattr(r, "__mapper__", None) is not None or getattr(r, "is_mapper", False):
            layout.append(("entity", len(ret_cols), len(ent_cols)))
            ret_cols.extend(c for _k, c in ent_cols)
        else:
            from orm.sql import coercions

            for c in coercions.expect_columns_clause(r):
                layout.append(("col", len(ret_cols)))
                ret_cols.append(c)
    return ent_cols, ret_cols, layout


def _returned_result(session: Any, mapper: Any, ent_cols: list[tuple[str, Any]], ret_cols: list[Any],
                     layout: list[Any], returned: list[Any]) -> Any:
    keys = [k for k, _c in ent_cols]
    out_rows = []
    objects: Optional[list[Any]] = None
    for item in layout:
        if item[0] == "entity":
            start, n = item[1], item[2]
            objects = _objects_from_rows(session, mapper, keys, [tuple(r)[start:start + n] for r in returned])
    for i, r in enumerate(returned):
        values = []
        for item in layout:
            values.append(objects[i] if item[0] == "entity" and objects is not None else r[item[1]])
        out_rows.append(tuple(values))
    names = [mapper.class_.__name__ if it[0] == "entity" else getattr(ret_cols[it[1]], "key", f"col{n}")
             for n, it in enumerate(layout)]
    return IteratorResult(names, out_rows)


def _orm_upsert_rows(session: Any, mapper: Any, statement: Any, rows: list[dict[str, Any]], conn: Any) -> Any:
    col_of = {prop.key: prop.columns[0].key for prop in mapper._props.values() if getattr(prop, "is_column", False)}
    params = [{col_of.get(k, k): v for k, v in r.items()} for r in rows]
    if not statement._returning:
        conn.execute(statement, params if len(params) > 1 else params[0])
        return IteratorResult([], [])
    ent_cols, ret_cols, layout = _returning_layout(mapper, statement)
    stmt = statement._generate()
    stmt._returning = tuple(ret_cols)
    returned: list[Any] = []
    for p in params:  # a row per statement: each one's RETURNING row (none when DO NOTHING skipped it)
        returned.extend(tuple(r) for r in conn.execute(stmt, p).all())
    return _returned_result(session, mapper, ent_cols, ret_cols, layout, returned)


def _matches_in_identity_map(session: Any, mapper: Any) -> list[Any]:
    cls = mapper.class_
    out = []
    for obj in session._identity_map.values():
        if isinstance(obj, cls):
            st = obj.__dict__[STATE_KEY]
            if not st._deleted:
                out.append(obj)
    return out


def _set_clause(mapper: Any, statement: Any) -> list[tuple[str, Any]]:
    """(attribute key, value expression) of an UPDATE's SET clause."""
    out = []
    table_cols = mapper._columntoproperty
    for k, v in statement._values or ():
        if isinstance(k, str):
            prop = mapper._props.get(k)
            if prop is None:
                col = statement.table.c.get(k)
                prop = table_cols.get(col) if col is not None else None
            key = prop.key if prop is not None else k
        else:
            prop = table_cols.get(k)
            key = prop.key if prop is not None else getattr(k, "key", str(k))
        out.append((key, v))
    return out


def _orm_update_delete(session: Any, mapper: Any, statement: Any, params: Any, sync: Any, conn: Any) -> Any:
    where = and_(*statement._where_criteria) if statement._where_criteria else None
    is_update = statement.is_update
    sets = _set_clause(mapper, statement) if is_update else []
    matched: list[Any] = []
    unknown: list[Any] = []
    new_values: list[tuple[Any, dict[str, Any], list[str]]] = []
    if sync in ("auto", "evaluate"):
        try:
            crit = evaluate(where, mapper) if where is not None else (lambda obj: True)
            setters: list[tuple[str, Any]] = []
            for key, v in sets:
                try:
                    setters.append((key, evaluate(v, mapper)))
                except Unevaluatable:
                    setters.append((key, None))
        except Unevaluatable as err:
            if sync == "evaluate":
                raise exc.InvalidRequestError(
                    f'Could not evaluate current criteria in Python: "{err}". Specify \'fetch\' or False '
                    "for the synchronize_session execution option."
                ) from None
            sync = "fetch"
        else:
            for obj in _matches_in_identity_map(session, mapper):
                v = crit(obj)
                if v is UNKNOWN:
                    unknown.append(obj)
                elif v:
                    matched.append(obj)
            for obj in matched:
                values: dict[str, Any] = {}
                expire: list[str] = []
                for key, fn in setters:
                    value = fn(obj) if fn is not None else UNKNOWN
                    if value is UNKNOWN:
                        expire.append(key)
                    else:
                        values[key] = value
                new_values.append((obj, values, expire))
    result = None
    if sync == "fetch":
        from orm.sql.select import select

        pk_cols = list(mapper.primary_key)
        dialect = conn.dialect
        if not statement._returning and getattr(dialect, "update_returning" if is_update else "delete_returning",
                                                False):
            # the statement itself reports the rows it changed (UPDATE/DELETE .. RETURNING pk)
            result = conn.execute(statement.returning(*pk_cols), params)
            fetched = result.all()
            # one returned row per row changed; drivers differ in what rowcount says around the
            # fetch (SQLite counts as rows are read, psycopg forgets it once the cursor is closed)
            result._rowcount = len(fetched)
        else:
            sel = select(*pk_cols).select_from(statement.table)
            if where is not None:
                sel = sel.where(where)
            fetched = conn.execute(sel, params if isinstance(params, dict) else None).all()
        base = mapper._identity_class
        imap = session._identity_map
        fetch_setters: list[tuple[str, Any]] = []
        for key, v in sets:
            try:
                fetch_setters.append((key, evaluate(v, mapper)))
            except Unevaluatable:
                fetch_setters.append((key, None))
        for row in fetched:
            obj = imap.get((base, tuple(row), None))
            if obj is not None:
                matched.append(obj)
                values = {}
                expire = []
                for key, fn in fetch_setters:
                    value = fn(obj) if fn is not None else UNKNOWN
                    if value is UNKNOWN:
                        expire.append(key)
                    else:
                        values[key] = value
                new_values.append((obj, values, expire))
    if result is None:
        result = conn.execute(statement, params)
    if is_update:
        for obj, values, expire in new_values:
            st = obj.__dict__[STATE_KEY]
            d = obj.__dict__
            for key, value in values.items():
                d[key] = value
            st._commit(list(values))
            if expire:
                st._expire(expire)
        for obj in unknown:
            obj.__dict__[STATE_KEY]._expire([k for k, _v in sets])
    else:
        for obj in matched:
            _mark_deleted(session, obj.__dict__[STATE_KEY], obj)
        for obj in unknown:
            obj.__dict__[STATE_KEY]._expire()
    return result


def _mark_deleted(session: Any, st: Any, obj: Any) -> None:
    """An object whose row a bulk DELETE removed: in the deleted state, as after a flush."""
    session._identity_map.discard(st)
    session._deleted.pop(st, None)
    st._deleted = True
    tx = session._transaction
    if tx is not None:
        tx._deleted[st] = None


__all__ = ["bulk_insert", "bulk_update", "bulk_save_objects", "execute_orm_dml", "NO_VALUE"]
