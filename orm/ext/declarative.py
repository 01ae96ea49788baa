"""Legacy import location of the declarative API (``from sqlalchemy.ext.declarative import
declarative_base``)."""
from __future__ import annotations

from orm.mapping import DeclarativeMeta, as_declarative, declarative_base, declared_attr
from orm.mapping.concrete import AbstractConcreteBase, ConcreteBase

__all__ = ["AbstractConcreteBase", "ConcreteBase", "DeclarativeMeta", "as_declarative", "declarative_base",
           "declared_attr"]
