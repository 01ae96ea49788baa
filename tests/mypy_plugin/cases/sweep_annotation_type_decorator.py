# "x is annotated Mapped[T] but its SQL type holds ..." is reported only when the loaded values are
# certain. SQLAlchemy's GUID recipe (impl = CHAR, an unannotated process_result_value returning
# uuid.UUID) loads UUIDs, not its impl's strings: no error for Mapped[uuid.UUID]. A TypeDecorator
# whose process_result_value declares its return type is still checked, as are library types.
import uuid
from typing import Any, Optional

from sqlalchemy import CHAR, Integer, types
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class GUID(types.TypeDecorator):
    impl = CHAR
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else uuid.UUID(value)


class TypedGUID(types.TypeDecorator[uuid.UUID]):
    impl = CHAR
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> Optional[uuid.UUID]:
        return None if value is None else uuid.UUID(value)


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "things"
    id: Mapped[uuid.UUID] = mapped_column(GUID(), primary_key=True)
    other: Mapped[Optional[uuid.UUID]] = mapped_column(GUID)
    typed: Mapped[uuid.UUID] = mapped_column(TypedGUID())
    wrong: Mapped[int] = mapped_column(TypedGUID())  # E: "wrong" is annotated "Mapped[int]" but its SQL type TypedGUID holds "UUID" values  [orm-query-type]
    count: Mapped[str] = mapped_column(Integer)  # E: "count" is annotated "Mapped[str]" but its SQL type Integer holds "int" values  [orm-query-type]
