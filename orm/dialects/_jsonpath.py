"""JSON index and path parameters as text paths (``$."key"[0]``), shared by SQLite and MySQL,
whose JSON functions take the path as a string; PostgreSQL binds keys and paths natively."""
from __future__ import annotations

from typing import Any, Callable, Optional

from orm import types as sqltypes
from orm.sql.sqltypes import _literals
from orm.sql.sqltypes.structured import format_json_path


def _bind_path(value: Any) -> Any:
    return None if value is None else format_json_path(value)


def _path_literal(dialect: Any) -> Callable[[Any], str]:
    quote = _literals.string_literal(dialect)
    return lambda value: quote(format_json_path(value))


class TextPathIntIndex(sqltypes.JSONIntIndexType):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_path

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return _path_literal(dialect)


class TextPathStrIndex(sqltypes.JSONStrIndexType):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_path

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return _path_literal(dialect)


class TextPath(sqltypes.JSONPathType):
    def bind_processor(self, dialect: Any) -> Optional[Callable[[Any], Any]]:
        return _bind_path

    def literal_processor(self, dialect: Any) -> Optional[Callable[[Any], str]]:
        return _path_literal(dialect)


TEXT_PATH_COLSPECS: dict[type, type] = {
    sqltypes.JSONIntIndexType: TextPathIntIndex,
    sqltypes.JSONStrIndexType: TextPathStrIndex,
    sqltypes.JSONPathType: TextPath,
}
