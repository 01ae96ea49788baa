"""The MySQL/MariaDB dialect: ``mysql.dialect()``, ``mysql.insert`` (ON DUPLICATE KEY UPDATE), its types."""
from .base import MySQLCompiler, MySQLDialect
from .dml import Insert, insert
from .pymysql import MySQLDialect_pymysql

from .expression import match
from .types import *  # noqa: F401,F403

dialect = MySQLDialect_pymysql

__all__ = ["MySQLDialect", "MySQLCompiler", "Insert", "insert", "dialect", "match"]
