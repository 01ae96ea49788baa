"""The dialect registry: URL drivernames -> dialect classes, imported only when first used.

    >>> from orm.dialects import load_dialect_class
    >>> load_dialect_class("sqlite").__name__
    'SQLiteDialect_pysqlite'

Third-party dialects register the same way SQLAlchemy's do::

    from orm.dialects import registry
    registry.register("mydb.mydriver", "mypackage.dialect", "MyDialect")
"""
from __future__ import annotations

import importlib
import importlib.util
import threading
from typing import Any

from orm.exc import DriverNotInstalledError, NoSuchModuleError

__all__ = ["registry", "load_dialect_class", "import_driver", "known_dialects"]

_BUILTIN: dict[str, str] = {
    "sqlite": "orm.dialects.sqlite.pysqlite:SQLiteDialect_pysqlite",
    "sqlite+pysqlite": "orm.dialects.sqlite.pysqlite:SQLiteDialect_pysqlite",
    "sqlite+aiosqlite": "orm.dialects.sqlite.aiosqlite:SQLiteDialect_aiosqlite",
    "postgresql+psycopg": "orm.dialects.postgresql.psycopg:PGDialect_psycopg",
    "postgresql+psycopg2": "orm.dialects.postgresql.psycopg2:PGDialect_psycopg2",
    "postgresql+psycopg_async": "orm.dialects.postgresql.psycopg_async:PGDialect_psycopg_async",
    "postgresql+asyncpg": "orm.dialects.postgresql.asyncpg:PGDialect_asyncpg",
    "mysql+pymysql": "orm.dialects.mysql.pymysql:MySQLDialect_pymysql",
    "mysql+mysqldb": "orm.dialects.mysql.mysqldb:MySQLDialect_mysqldb",
    "mariadb+mysqldb": "orm.dialects.mysql.mysqldb:MySQLDialect_mysqldb",
    "mariadb+pymysql": "orm.dialects.mysql.pymysql:MySQLDialect_pymysql",
    "mysql+aiomysql": "orm.dialects.mysql.aiomysql:MySQLDialect_aiomysql",
    "mariadb+aiomysql": "orm.dialects.mysql.aiomysql:MySQLDialect_aiomysql",
}
# A URL without a driver ("postgresql://") gets the first driver of its list that is installed:
# first the one SQLAlchemy uses for it, so that the same URL talks to the database through the
# same driver under both, then the one our extra installs (_DEFAULT_EXTRA names that extra).
_DEFAULT_DRIVERS: dict[str, tuple[tuple[str, str], ...]] = {
    "postgresql": (("psycopg2", "postgresql+psycopg2"), ("psycopg", "postgresql+psycopg")),
    "mysql": (("MySQLdb", "mysql+mysqldb"), ("pymysql", "mysql+pymysql")),
    "mariadb": (("MySQLdb", "mariadb+mysqldb"), ("pymysql", "mariadb+pymysql")),
}
_DEFAULT_EXTRA = {"postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql"}
# SQLAlchemy spells "postgres://" as an error since 1.4; so do we, but helpfully.
_ALIASES_REFUSED = {"postgres": "postgresql"}


class _Registry:
    """Name -> "module:Class" strings, loaded lazily and memoised."""

    def __init__(self) -> None:
        self._impls: dict[str, str] = dict(_BUILTIN)
        self._loaded: dict[str, type] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _normalize(name: str) -> str:
        return name.replace(".", "+").lower()

    def register(self, name: str, modulepath: str, objname: str) -> None:
        """Make ``name`` (``"db"`` or ``"db.driver"`` / ``"db+driver"``) load ``modulepath.objname``."""
        key = self._normalize(name)
        with self._lock:
            self._impls[key] = f"{modulepath}:{objname}"
            self._loaded.pop(key, None)

    def known(self) -> list[str]:
        return sorted(set(self._impls) | set(_DEFAULT_DRIVERS))

    def load(self, name: str) -> type:
        key = self._normalize(name)
        cls = self._loaded.get(key)
        if cls is not None:
            return cls
        target = self._impls.get(key)
        if target is None and key in _DEFAULT_DRIVERS:
            cls = self.load(_default_driver(key))
            self._loaded[key] = cls
            return cls
        if target is None:
            hint = ""
            backend = key.partition("+")[0]
            if backend in _ALIASES_REFUSED:
                hint = f" (did you mean {_ALIASES_REFUSED[backend]!r}?)"
            raise NoSuchModuleError(
                f"Can't load dialect {name!r}{hint}; known dialects: {', '.join(self.known())}"
            )
        modname, _, clsname = target.partition(":")
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as err:
            if err.name and (err.name == modname or modname.startswith(err.name + ".")):
                raise NoSuchModuleError(
                    f"Can't load dialect {name!r}: module {modname!r} is not available yet"
                ) from err
            raise
        try:
            cls = getattr(module, clsname)
        except AttributeError:
            raise NoSuchModuleError(
                f"Can't load dialect {name!r}: {modname} has no {clsname}"
            ) from None
        self._loaded[key] = cls
        return cls


def _default_driver(backend: str) -> str:
    """The drivername a driverless ``backend://`` URL means here (see ``_DEFAULT_DRIVERS``)."""
    choices = _DEFAULT_DRIVERS[backend]
    for module, drivername in choices:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            return drivername
    tried = ", ".join(module for module, _ in choices)
    raise DriverNotInstalledError(
        f"No driver for {backend}:// is installed (looked for {tried}); install one with: "
        f"pip install 'ormlens[{_DEFAULT_EXTRA[backend]}]'"
    )


registry = _Registry()


def load_dialect_class(drivername: str) -> type:
    """The dialect class for a URL drivername (``"postgresql+psycopg"``)."""
    return registry.load(drivername)


def known_dialects() -> list[str]:
    return registry.known()


def import_driver(module: str, extra: str | None) -> Any:
    """Import a DB-API module, or raise DriverNotInstalledError naming the pip extra."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        top = module.partition(".")[0]
        msg = f"{top} is not installed"
        if extra:
            msg += f"; install it with: pip install 'ormlens[{extra}]'"
        raise DriverNotInstalledError(msg) from err
