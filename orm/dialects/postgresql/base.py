"""PLACEHOLDER created by the engine work so driver dialects import; the postgresql dialect owner replaces it."""
from orm.engine.default import DefaultDialect


class PGDialect(DefaultDialect):
    name = "postgresql"
