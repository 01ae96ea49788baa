"""PLACEHOLDER created by the engine work so driver dialects import; the sqlite dialect owner replaces it."""
from orm.engine.default import DefaultDialect


class SQLiteDialect(DefaultDialect):
    name = "sqlite"
