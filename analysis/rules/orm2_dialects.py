"""Which databases a project evidently runs on, for the comparisons whose verdict depends on it.

Most incompatible operands fail everywhere; a few fail on some databases only (verified with
SQLAlchemy 2.0 on SQLite, PostgreSQL and MariaDB):

- a ``str`` against the backend-agnostic ``Uuid`` fails on SQLite and MySQL (SQLAlchemy stores
  ``value.hex`` there) and works on PostgreSQL's native uuid;
- a Boolean against a number (``is_active == 1``) works on SQLite and MySQL (booleans are 0/1)
  and fails on PostgreSQL (``operator does not exist: boolean = integer``).

So a project that evidently runs on PostgreSQL alone gets the PostgreSQL verdicts, any other
project the portable ones.  Evidence: ``dialects = ["postgresql"]`` in the configuration, or a
model column of a PostgreSQL-only type (JSONB, ARRAY, INET, CITEXT, ranges...), which no other
database could create.

Example::

    postgresql_only(ctx)   # True for a project whose models use JSONB
"""
from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from analysis.config import DEFAULT_DIALECTS

if TYPE_CHECKING:
    from analysis.rules.base import RuleContext

PG_ONLY_TYPES = frozenset({"ARRAY", "JSONB", "HSTORE", "TSVECTOR", "INET", "CIDR", "MACADDR",
                           "CITEXT", "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE",
                           "TSTZRANGE", "INT4MULTIRANGE", "INT8MULTIRANGE", "BYTEA"})

# project index -> whether its models use a PostgreSQL-only type (computed once per index)
_MODELS_EVIDENCE: "weakref.WeakKeyDictionary[object, bool]" = weakref.WeakKeyDictionary()


def postgresql_only(ctx: "RuleContext") -> bool:
    """Whether the project runs on PostgreSQL alone, as far as its configuration and models show."""
    configured = tuple(d.lower() for d in ctx.config.dialects)
    if configured and configured != tuple(DEFAULT_DIALECTS):
        return set(configured) <= {"postgresql", "postgres"}
    try:
        return _MODELS_EVIDENCE[ctx.project]
    except (KeyError, TypeError):
        pass
    found = any(column.sql_type in PG_ONLY_TYPES
                for model in ctx.project.models.values() for column in model.columns.values())
    try:
        _MODELS_EVIDENCE[ctx.project] = found
    except TypeError:   # an index that cannot be weakly referenced: computed each time
        pass
    return found


__all__ = ["PG_ONLY_TYPES", "postgresql_only"]
