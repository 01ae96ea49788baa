"""PLACEHOLDER created by the engine work so driver dialects import; the mysql dialect owner replaces it."""
from orm.engine.default import DefaultDialect


class MySQLDialect(DefaultDialect):
    name = "mysql"
