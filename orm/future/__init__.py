"""SQLAlchemy 1.4's forward-compatible names (``sqlalchemy.future``), which 2.0 style made the
only ones: ``from orm.future import select, create_engine, Engine, Connection``."""
from orm.engine import Connection, Engine, create_engine
from orm.sql import select

__all__ = ["select", "create_engine", "Engine", "Connection"]
