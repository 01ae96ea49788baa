"""``create_engine`` and ``engine_from_config``."""
from __future__ import annotations

import inspect
from typing import Any, Callable, Mapping

from orm.engine.base import Engine
from orm.engine.url import URL, make_url
from orm.exc import ArgumentError
from orm.pool import Pool

__all__ = ["create_engine", "engine_from_config"]

# create_engine() argument -> pool constructor argument
_POOL_ARGS = {
    "pool_size": "pool_size",
    "max_overflow": "max_overflow",
    "pool_timeout": "timeout",
    "pool_recycle": "recycle",
    "pool_pre_ping": "pre_ping",
    "pool_use_lifo": "use_lifo",
    "echo_pool": "echo",
    "pool_logging_name": "logging_name",
    "pool_reset_on_return": "reset_on_return",
}
_DIALECT_ARGS = ("paramstyle", "isolation_level", "query_cache_size", "label_length")
# accepted by every engine, and handed to the dialect when its __init__ takes them
_DIALECT_WHEN_ACCEPTED = ("insertmanyvalues_page_size",)
# JSON text functions of every dialect's JSON types (``dialect._json_serializer`` /
# ``_json_deserializer``, read by the JSON bind and result processors)
_JSON_ARGS = ("json_serializer", "json_deserializer")
_ENGINE_ARGS = ("echo", "logging_name", "execution_options", "hide_parameters")
_OTHER_ARGS = ("connect_args", "creator", "poolclass", "pool", "future", "module",
               "_initialize", "enable_from_linting", "plugins", "insertmanyvalues_page_size",
               "use_insertmanyvalues", "implicit_returning", "strategy")


def create_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Make an Engine from a URL and options::

        engine = create_engine("sqlite:///app.db", echo=True)
        engine = create_engine("postgresql+psycopg://scott:tiger@localhost/test",
                               pool_size=10, max_overflow=20, pool_pre_ping=True)

    Options: ``echo`` (True / "debug"), ``echo_pool``, ``pool_size``, ``max_overflow``,
    ``pool_timeout``, ``pool_recycle``, ``pool_pre_ping``, ``pool_use_lifo``, ``poolclass``,
    ``pool`` (a ready Pool), ``connect_args`` (extra ``dbapi.connect()`` keywords), ``creator``
    (a callable returning a DB-API connection), ``isolation_level``, ``execution_options``,
    ``query_cache_size``, ``logging_name``, ``hide_parameters``, ``future`` (accepted, always
    True), ``json_serializer`` / ``json_deserializer`` (what JSON columns use instead of
    ``json.dumps`` / ``json.loads``). Unknown options raise TypeError, as in SQLAlchemy.
    """
    u = make_url(url)
    dialect_cls: Any = u.get_dialect()

    # Dialect-specific options are the extra keyword parameters of the dialect's __init__.
    dialect_params = _init_params(dialect_cls)
    known = set(_POOL_ARGS) | set(_DIALECT_ARGS) | set(_ENGINE_ARGS) | set(_OTHER_ARGS) | set(_JSON_ARGS)
    unknown = [k for k in kwargs if k not in known and k not in dialect_params]
    if unknown:
        pool = kwargs.get("pool")
        poolclass = type(pool) if pool is not None else (
            kwargs.get("poolclass") or dialect_cls.get_pool_class(u))
        raise _invalid_arguments(unknown, dialect_cls, poolclass)
    if kwargs.get("future") is False:
        raise ArgumentError(
            "The 'future' parameter passed to create_engine() may only be set to True."
        )

    dbapi = kwargs.get("module") or dialect_cls.import_dbapi()
    dialect_args = {k: kwargs[k] for k in _DIALECT_ARGS if k in kwargs}
    dialect_args.update({k: v for k, v in kwargs.items() if k in dialect_params
                         and k not in dialect_args
                         and (k not in known or k in _DIALECT_WHEN_ACCEPTED)})
    dialect = dialect_cls(dbapi=dbapi, **dialect_args)
    for arg in _JSON_ARGS:
        fn = kwargs.get(arg)
        if fn is None:
            continue
        if not callable(fn):
            raise ArgumentError(f"{arg} must be a callable (like json.dumps / json.loads), got {fn!r}")
        # set before the pool's first connection: drivers that parse JSON themselves (psycopg,
        # psycopg2) take the deserializer in their connect hook
        setattr(dialect, "_" + arg, fn)

    pool = kwargs.get("pool")
    if pool is None:
        pool = _make_pool(u, dialect, dialect_cls, kwargs)
    elif not isinstance(pool, Pool):
        raise ArgumentError(f"pool= must be a Pool instance, got {pool!r}")
    else:
        pool._dialect = dialect

    engine = Engine(pool, dialect, u, logging_name=kwargs.get("logging_name"),
                    echo=kwargs.get("echo", False),
                    execution_options=kwargs.get("execution_options"),
                    hide_parameters=bool(kwargs.get("hide_parameters", False)))
    dialect.engine_created(engine)
    return engine


def _init_params(cls: type) -> set[str]:
    params: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        try:
            sig = inspect.signature(init)
        except (TypeError, ValueError):
            continue
        params.update(name for name, p in sig.parameters.items()
                      if name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    return params - {"dbapi"}


def _make_pool(u: URL, dialect: Any, dialect_cls: Any, kwargs: Mapping[str, Any]) -> Pool:
    creator: Callable[[], Any] | None = kwargs.get("creator")
    if creator is None:
        cargs, cparams = dialect.create_connect_args(u)
        cparams = {**cparams, **(kwargs.get("connect_args") or {})}

        def creator() -> Any:
            return dialect.connect(*cargs, **cparams)

    poolclass = kwargs.get("poolclass") or dialect.get_dialect_pool_class(u)
    pool_params = _init_params(poolclass) | _init_params(Pool)
    pool_args: dict[str, Any] = {}
    rejected = []
    for arg, pool_arg in _POOL_ARGS.items():
        if arg not in kwargs:
            continue
        if pool_arg in pool_params:
            pool_args[pool_arg] = kwargs[arg]
        else:
            rejected.append(arg)
    if rejected:
        raise _invalid_arguments(rejected, dialect_cls, poolclass)
    return poolclass(creator, dialect=dialect, **pool_args)  # type: ignore[no-any-return]


def _invalid_arguments(names: list[str], dialect_cls: Any, poolclass: Any) -> TypeError:
    # SQLAlchemy's error for a keyword no component takes: a TypeError, as for any function
    return TypeError(
        f"Invalid argument(s) {','.join(repr(n) for n in names)} sent to create_engine(), "
        f"using configuration {dialect_cls.__name__}/{poolclass.__name__}/Engine.  Please check "
        "that the keyword arguments are appropriate for this combination of components."
    )


def _as_bool(value: Any) -> Any:
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("true", "yes", "on", "y", "t", "1"):
            return True
        if low in ("false", "no", "off", "n", "f", "0"):
            return False
        raise ArgumentError(f"String is not true/false: {value!r}")
    return bool(value)


def _as_echo(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == "debug":
        return "debug"
    return _as_bool(value)


_CONFIG_COERCE: dict[str, Callable[[Any], Any]] = {
    "echo": _as_echo,
    "echo_pool": _as_echo,
    "pool_size": int,
    "max_overflow": int,
    "pool_timeout": float,
    "pool_recycle": int,
    "pool_pre_ping": _as_bool,
    "pool_use_lifo": _as_bool,
    "query_cache_size": int,
    "hide_parameters": _as_bool,
    "future": _as_bool,
}


def engine_from_config(configuration: Mapping[str, Any], prefix: str = "sqlalchemy.",
                       **kwargs: Any) -> Engine:
    """An Engine from a flat config dict (e.g. an .ini section)::

        engine_from_config({"sqlalchemy.url": "sqlite://", "sqlalchemy.echo": "true"})

    String values of known options are converted (``"true"``, ``"10"``); ``kwargs`` override.
    """
    options = {key[len(prefix):]: value for key, value in configuration.items()
               if key.startswith(prefix)}
    if "url" not in options:
        raise ArgumentError(f"engine_from_config() needs a {prefix}url entry")
    url = options.pop("url")
    for key, value in list(options.items()):
        conv = _CONFIG_COERCE.get(key)
        if conv is not None and isinstance(value, str):
            options[key] = conv(value)
    options.update(kwargs)
    return create_engine(url, **options)
