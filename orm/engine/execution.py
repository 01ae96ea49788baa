"""How a Connection runs a statement: :class:`ConnectionExecution`, the execution half of
:class:`orm.engine.base.Connection` (which adds state, transactions, closing and error handling).

The statement path: parameters distilled to a list of dicts -> compiled through the dialect's
cache -> ``construct_params`` -> ``process_params`` (``expanded`` when IN lists change the SQL) ->
``before_cursor_execute`` -> ``dialect.do_execute`` on a cursor (a server-side one when the result
streams, see :mod:`orm.engine.cursor`) -> a CursorResult whose metadata (keys, value processors)
is built once per compiled statement.  ``echo`` logs each statement on its way.

Example::

    with engine.connect() as conn:
        conn.execute(text("SELECT * FROM users WHERE id = :id"), {"id": 5})
        conn.exec_driver_sql("SELECT * FROM users WHERE id = ?", (5,))   # the driver's paramstyle
"""
from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Any, Mapping, NoReturn, Optional, Sequence, TypeVar, overload

from orm.engine.cursor import StreamingCursor, wants_server_side_cursor
from orm.engine.default import CACHE_HIT, CACHE_MISS
from orm.engine.result import CursorResult, ResultMetaData
from orm.exc import ArgumentError, ObjectNotExecutableError, ResourceClosedError

if TYPE_CHECKING:
    from orm.engine.default import DefaultDialect
    from orm.engine.result import ScalarResult
    from orm.sql.select import Select

_T = TypeVar("_T")
_TP = TypeVar("_TP", bound=tuple[Any, ...])

__all__ = ["ConnectionExecution"]

_EMPTY: Mapping[str, Any] = {}


def _distill_params(parameters: Any) -> list[Mapping[str, Any]]:
    """``execute()`` parameters as a list of dicts: [] (none), [one] or many (executemany)."""
    if parameters is None:
        return []
    if isinstance(parameters, Mapping):
        return [parameters]
    if isinstance(parameters, (list, tuple)):
        if parameters and not isinstance(parameters[0], Mapping):
            raise ArgumentError(
                "List argument must consist only of dictionaries (got "
                f"{type(parameters[0]).__name__}); use exec_driver_sql() for positional values"
            )
        return list(parameters)
    raise ArgumentError(
        f"parameters must be a dictionary or a list of dictionaries, got {type(parameters).__name__}"
    )


def _distill_raw_params(parameters: Any) -> tuple[Any, bool]:
    """``exec_driver_sql()`` parameters: (driver params, executemany?)."""
    if parameters is None:
        return None, False
    if isinstance(parameters, list):
        if not parameters:
            return None, False
        if isinstance(parameters[0], (Mapping, tuple, list)):
            return parameters, True
        return tuple(parameters), False
    if isinstance(parameters, (Mapping, tuple)):
        return parameters, False
    raise ArgumentError(
        f"exec_driver_sql() parameters must be a dict, tuple or list of them, got {parameters!r}"
    )


def _repr_params(params: Any, executemany: bool) -> str:
    if executemany and isinstance(params, (list, tuple)) and len(params) > 10:
        shown = ", ".join(repr(p) for p in params[:10])
        return f"[{shown}  ... displaying 10 of {len(params)} total bound parameter sets ...]"
    return repr(params)


class ConnectionExecution:
    """``execute()``, ``scalar()``, ``scalars()``, ``exec_driver_sql()`` and what they share;
    mixed into Connection, whose state (engine, dialect, dispatch, DB-API connection,
    transaction, open streams) they use."""

    if TYPE_CHECKING:
        engine: Any
        dialect: DefaultDialect
        dispatch: Any
        _execution_options: Mapping[str, Any]
        _echo: int
        _dbapi_connection: Any
        _invalid: bool
        _transaction: Any
        _streams: Optional[weakref.WeakSet[StreamingCursor]]

        def _revalidate(self) -> Any: ...

        def _autobegin(self) -> None: ...

        def _handle_dbapi_exception(self, err: BaseException, statement: Optional[str],
                                    parameters: Any, cursor: Any, context: Any) -> Any: ...

    # -- execution ----------------------------------------------------------------------------

    @overload
    def execute(self, statement: "Select[_TP]", parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "CursorResult[_TP]": ...

    @overload
    def execute(self, statement: Any, parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "CursorResult[Any]": ...

    def execute(self, statement: Any, parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "CursorResult[Any]":
        """Execute a statement (``select()``, ``insert()``, ``text()``, DDL...).

        ``parameters``: a dict, or a list of dicts for executemany::

            conn.execute(insert(users), [{"name": "a"}, {"name": "b"}])
            conn.execute(text("SELECT * FROM users WHERE id = :id"), {"id": 5})
        """
        if self._dbapi_connection is None and not self._invalid:
            raise ResourceClosedError("This Connection is closed")
        try:
            meth = statement._execute_on_connection
        except AttributeError:
            raise ObjectNotExecutableError(statement) from None
        return meth(self, _distill_params(parameters), execution_options or _EMPTY)

    @overload
    def scalar(self, statement: "Select[tuple[_T]]", parameters: Any = None, *,
               execution_options: Mapping[str, Any] | None = None) -> Optional[_T]: ...

    @overload
    def scalar(self, statement: Any, parameters: Any = None, *,
               execution_options: Mapping[str, Any] | None = None) -> Any: ...

    def scalar(self, statement: Any, parameters: Any = None, *,
               execution_options: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row."""
        return self.execute(statement, parameters, execution_options=execution_options).scalar()

    @overload
    def scalars(self, statement: "Select[tuple[_T]]", parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "ScalarResult[_T]": ...

    @overload
    def scalars(self, statement: Any, parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "ScalarResult[Any]": ...

    def scalars(self, statement: Any, parameters: Any = None, *,
                execution_options: Mapping[str, Any] | None = None) -> "ScalarResult[Any]":
        """A ScalarResult of the first column."""
        return self.execute(statement, parameters,
                            execution_options=execution_options).scalars()

    def exec_driver_sql(self, statement: str, parameters: Any = None,
                        execution_options: Mapping[str, Any] | None = None) -> CursorResult:
        """Execute SQL text as the driver takes it (its paramstyle, no compilation)::

            conn.exec_driver_sql("SELECT * FROM t WHERE x = ?", (5,))      # sqlite
            conn.exec_driver_sql("SELECT * FROM t WHERE x = %(x)s", {"x": 5})  # psycopg
        """
        if not isinstance(statement, str):
            raise ArgumentError(f"exec_driver_sql() takes a SQL string, got {statement!r}")
        params, many = _distill_raw_params(parameters)
        options = self._merge_options(execution_options)
        if self.dispatch.before_execute:
            multi = params if many else ([params] if params is not None else [])
            for fn in self.dispatch.before_execute:
                ret = fn(self, statement, multi, _EMPTY, options)
                if ret is not None:
                    statement, multi, _ = ret
                    params, many = (multi, True) if len(multi) > 1 else (
                        (multi[0] if multi else None), False)
        result = self._execute_context(statement, params, many, None, None, options,
                                       "raw sql", 0.0)
        if self.dispatch.after_execute:
            for fn in self.dispatch.after_execute:
                fn(self, statement, params, _EMPTY, options, result)
        return result

    def _merge_options(self, options: Mapping[str, Any] | None,
                       statement_options: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        """The options of one execution: the statement's (``select(..).execution_options()``),
        overridden by the connection's, overridden by the call's -- SQLAlchemy's order (its
        ``_execute_clauseelement`` merges ``elem._execution_options`` with the connection's,
        then the call's)."""
        if statement_options:
            return {**statement_options, **self._execution_options, **(options or _EMPTY)}
        if not options:
            return self._execution_options
        if not self._execution_options:
            return options
        return {**self._execution_options, **options}

    def _execute_clauseelement(self, elem: Any, distilled: list[Mapping[str, Any]],
                               execution_options: Mapping[str, Any]) -> CursorResult:
        """Execute a compiled-able statement (called by ``Executable._execute_on_connection``)."""
        options = self._merge_options(execution_options, getattr(elem, "_execution_options", None))
        if self.dispatch.before_execute:
            for fn in self.dispatch.before_execute:
                ret = fn(self, elem, distilled, _EMPTY, options)
                if ret is not None:
                    elem, distilled, _ = ret
        dialect = self.dialect
        keys = sorted(distilled[0]) if distilled else None
        many = len(distilled) > 1
        compile_kw: dict[str, Any] = {"column_keys": keys}
        if many:
            compile_kw["for_executemany"] = True  # e.g. no implicit RETURNING
        compiled, extracted, cache_status, elapsed = dialect._compile_cached(elem, compile_kw)
        construct = getattr(compiled, "construct_params", None)
        statement = compiled.string
        if construct is None:
            # DDL and other parameterless constructs.
            result = self._execute_context(statement, None, False, compiled, [], options,
                                           cache_status, elapsed)
        else:
            # IN lists ("expanding" binds) change the SQL per execution: compiled.expanded()
            # renders it with the values; otherwise process_params() is enough.
            expand = compiled.expanded if getattr(compiled, "has_expanding", False) else None
            process = compiled.process_params
            if many:
                compiled_params = [construct(p, extracted, _group=i) for i, p in enumerate(distilled)]
                if compiled.isinsert and getattr(elem, "_returning", None) and dialect.insert_returning:
                    # DB-API executemany() returns no rows: run it as multi-row INSERTs
                    result = self._insert_many_returning(elem, compiled, compiled_params, options)
                    if self.dispatch.after_execute:
                        for fn in self.dispatch.after_execute:
                            fn(self, elem, distilled, _EMPTY, options, result)
                    return result
                try:
                    if expand is not None:
                        pairs = [expand(v) for v in compiled_params]
                        statement = pairs[0][0]
                        driver_params: Any = [p for _, p in pairs]
                    else:
                        driver_params = [process(v) for v in compiled_params]
                except Exception as err:
                    self._bind_processing_failed(err, compiled, distilled)
                result = self._execute_context(statement, driver_params, True, compiled,
                                               compiled_params, options, cache_status, elapsed)
            else:
                values = construct(distilled[0] if distilled else None, extracted)
                try:
                    if expand is not None:
                        statement, driver_params = expand(values)
                    else:
                        driver_params = process(values)
                except Exception as err:
                    self._bind_processing_failed(err, compiled, distilled)
                result = self._execute_context(statement, driver_params, False, compiled,
                                               [values], options, cache_status, elapsed,
                                               always_params=True)
        if self.dispatch.after_execute:
            for fn in self.dispatch.after_execute:
                fn(self, elem, distilled, _EMPTY, options, result)
        return result

    def _insert_many_returning(self, stmt: Any, compiled: Any, compiled_params: list[dict[str, Any]],
                               options: Mapping[str, Any]) -> CursorResult:
        """``conn.execute(insert(t).returning(..), [{..}, {..}])``: the rows of every parameter
        set, in parameter order ("insertmanyvalues", see :mod:`orm.engine.insertmany`)."""
        from orm.engine.insertmany import insert_pages
        from orm.engine.result import _ListSource

        rows: list[Any] = []
        last: Any = None
        pages = insert_pages(self.dialect, stmt, compiled, compiled_params, options)
        if pages is None:
            # not a one-row VALUES to repeat: the statement once per parameter set
            runs: Any = ((compiled, values) for values in compiled_params)
        else:
            runs = ((page, page.construct_params(params, None)) for page, params in pages)
        for compiled_p, values in runs:
            try:
                statement, driver_params = compiled_p.expanded(values)
            except Exception as err:
                self._bind_processing_failed(err, compiled_p, compiled_params)
            last = self._execute_context(statement, driver_params, False, compiled_p, [values],
                                         options, CACHE_HIT, 0.0, always_params=True)
            rows.extend(last.all())
        # one result over all pages: the rows are built already, replayed as they are
        last.context.executemany = True
        last.context.compiled_parameters = compiled_params
        last._source = _ListSource(rows)
        last._one = _same_row
        last._many = _same_rows
        last._rowcount = len(rows)
        return last  # type: ignore[no-any-return]

    def _execute_compiled(self, compiled: Any, distilled: list[Mapping[str, Any]],
                          execution_options: Mapping[str, Any] | None = None) -> CursorResult:
        """Execute an already compiled statement (``Compiled._execute_on_connection``); the
        options of the statement it was compiled from come first, as for a statement."""
        options = self._merge_options(execution_options,
                                      getattr(getattr(compiled, "statement", None), "_execution_options", None))
        values = compiled.construct_params(distilled[0] if distilled else None, None)
        try:
            if getattr(compiled, "has_expanding", False):
                statement, params = compiled.expanded(values)
            else:
                statement, params = compiled.string, compiled.process_params(values)
        except Exception as err:
            self._bind_processing_failed(err, compiled, distilled)
        return self._execute_context(statement, params, False,
                                     compiled, [values], options, "compiled", 0.0,
                                     always_params=True)

    def _bind_processing_failed(self, err: Exception, compiled: Any,
                                distilled: list[Mapping[str, Any]]) -> NoReturn:
        """A type's bind processor refused a value: raise it as SQLAlchemy does, wrapped in a
        ``StatementError`` (``.orig`` the processor's error) carrying the statement's SQL and the
        caller's parameters, through the handle_error events; no transaction has begun yet."""
        self._handle_dbapi_exception(err, compiled.string, list(distilled) or (), None, None)
        raise err  # not reached: _handle_dbapi_exception always raises

    def _execute_context(self, statement: str, parameters: Any, executemany: bool,
                         compiled: Any, compiled_parameters: list[dict[str, Any]] | None,
                         options: Mapping[str, Any], cache_status: str, elapsed: float,
                         always_params: bool = False) -> CursorResult:
        fairy = self._dbapi_connection
        if fairy is None:
            fairy = self._revalidate()
        if self._transaction is None:
            self._autobegin()
        dialect = self.dialect
        dbapi_conn = fairy.dbapi_connection
        if self._streams and dialect.server_side_cursors_block_connection:
            self._buffer_streams()
        # stream_results / yield_per: a SELECT on a server-side cursor (orm/engine/cursor.py)
        stream = bool(options) and not executemany and wants_server_side_cursor(
            options, dialect, statement, compiled)
        try:
            cursor = dialect.create_cursor(dbapi_conn, server_side=True) if stream else dbapi_conn.cursor()
        except BaseException as err:
            self._handle_dbapi_exception(err, statement, parameters, None, None)
        context = dialect.execution_ctx_cls(dialect, self, cursor, statement, parameters,  # type: ignore[arg-type]
                                            executemany, options, compiled, compiled_parameters)
        dispatch = self.dispatch
        if dispatch.before_cursor_execute:
            for fn in dispatch.before_cursor_execute:
                ret = fn(self, cursor, statement, parameters, context, executemany)
                if ret is not None:
                    statement, parameters = ret
            context.statement = statement
            context.parameters = parameters
        if self._echo:
            self._log_statement(statement, parameters, executemany, cache_status, elapsed)
        try:
            if executemany:
                dialect.do_executemany(cursor, statement, parameters, context)
            elif parameters or (always_params and parameters is not None):
                dialect.do_execute(cursor, statement, parameters, context)
            else:
                dialect.do_execute_no_params(cursor, statement, context)
        except BaseException as err:
            self._handle_dbapi_exception(err, statement, parameters, cursor, context)
        if dispatch.after_cursor_execute:
            for fn in dispatch.after_cursor_execute:
                fn(self, cursor, statement, parameters, context, executemany)
        if stream:
            cursor = context.cursor = self._open_stream(cursor, options)
        return self._make_result(context, cursor, compiled)

    def _open_stream(self, cursor: Any, options: Mapping[str, Any]) -> StreamingCursor:
        streams = self._streams
        if streams is None:
            streams = self._streams = weakref.WeakSet()
        sc = StreamingCursor(cursor, yield_per=options.get("yield_per"),
                             max_row_buffer=options.get("max_row_buffer"), on_close=streams.discard)
        streams.add(sc)
        return sc

    def _buffer_streams(self) -> None:
        """The connection is about to run a statement while results stream from it, which the
        driver cannot interleave: they read their remaining rows into memory first."""
        for sc in list(self._streams or ()):
            sc.buffer_rest()

    def _close_streams(self) -> None:
        """Close the server-side cursors still open before the transaction ends (a later read
        of their results raises ResourceClosedError instead of a driver error)."""
        streams = self._streams
        if streams:
            for sc in list(streams):
                try:
                    sc.close()
                except Exception:
                    pass

    def _make_result(self, context: Any, cursor: Any, compiled: Any) -> CursorResult:
        description = cursor.description
        if compiled is not None and context.isinsert and not context.executemany:
            returned = None
            if description is not None and getattr(compiled, "implicit_returning", None) \
                    and not getattr(compiled.statement, "_returning", None):
                # RETURNING added only to learn the new primary key: consume it here.
                returned = cursor.fetchone()
                description = None
            context._inserted_pk = context._compute_inserted_primary_key(returned)
        if description is None:
            return CursorResult(context, None, cursor)
        metadata = self._result_metadata(compiled, description)
        result = CursorResult(context, metadata, cursor)
        if self._echo == logging.DEBUG:
            self._log_info("Col %r", tuple(metadata.keys))
            rows = result.all()
            for row in rows:
                self._log_info("Row %r", row)
            from orm.engine.result import _ListSource

            # The rows are already built: replay them as they are.
            result._source = _ListSource(rows)
            result._one = _same_row  # type: ignore[assignment]
            result._many = _same_rows  # type: ignore[assignment]
        yp = context.execution_options.get("yield_per")
        if yp:
            result.yield_per(yp)
        return result

    def _result_metadata(self, compiled: Any, description: Sequence[Any]) -> ResultMetaData:
        if compiled is None:
            return _metadata_for_description(description)
        cached = getattr(compiled, "_orm_result_meta", None)
        if cached is not None and cached[0] == len(description):
            return cached[1]  # type: ignore[no-any-return]
        columns = getattr(compiled, "result_columns", None) or []
        if len(columns) != len(description):
            meta = _metadata_for_description(description)
        else:
            keys, procs, extra = [], [], []
            dialect = self.dialect
            for i, (entry, desc) in enumerate(zip(columns, description)):
                if len(entry) >= 4:
                    key, _name, objects, type_ = entry[0], entry[1], entry[2], entry[3]
                    extra.extend((obj, i) for obj in (objects or ()))
                else:
                    key, type_ = entry[0], entry[1]
                keys.append(key)
                proc = None
                if type_ is not None:
                    try:
                        proc = type_.dialect_impl(dialect).result_processor(dialect, desc[1])
                    except AttributeError:
                        proc = None
                procs.append(proc)
            meta = ResultMetaData(keys, procs, extra or None)
        try:
            compiled._orm_result_meta = (len(description), meta)
        except AttributeError:
            pass
        return meta

    # -- logging ------------------------------------------------------------------------------

    def _log_info(self, msg: str, *args: Any) -> None:
        self.engine._log(msg, *args)

    def _log_statement(self, statement: str, parameters: Any, executemany: bool,
                       cache_status: str, elapsed: float) -> None:
        self._log_info(statement)
        if cache_status == CACHE_MISS:
            stats = f"[generated in {elapsed:.5f}s]"
        elif cache_status == CACHE_HIT:
            stats = f"[cached since {elapsed:.4g}s ago]"
        elif cache_status == "raw sql":
            stats = "[raw sql]"
        elif cache_status == "compiled":
            stats = "[dialect compiled]"
        else:
            stats = f"[no key {elapsed:.5f}s]"
        if self.engine.hide_parameters:
            self._log_info("%s [SQL parameters hidden due to hide_parameters=True]", stats)
        else:
            shown = parameters if parameters is not None else ()
            self._log_info("%s %s", stats, _repr_params(shown, executemany))


def _same_rows(rows: Any) -> Any:
    return list(rows)


def _same_row(row: Any) -> Any:
    return row


_DESC_META: dict[tuple[str, ...], ResultMetaData] = {}


def _metadata_for_description(description: Sequence[Any]) -> ResultMetaData:
    keys = tuple(d[0] for d in description)
    meta = _DESC_META.get(keys)
    if meta is None:
        if len(_DESC_META) > 1000:
            _DESC_META.clear()
        meta = _DESC_META[keys] = ResultMetaData(keys)
    return meta
