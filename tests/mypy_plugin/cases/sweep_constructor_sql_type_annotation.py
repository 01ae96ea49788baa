# A SQL type written as the annotation's Python type (flaskbb: ``description: Mapped[Text | None] =
# mapped_column(Text)``) is reported once, at the annotation; the constructor does not report
# every ``Forum(description="...")`` a second time (the values are str, not Text).
from typing import Optional

from sqlalchemy import Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Forum(Base):
    __tablename__ = "forums"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[Optional[Text]] = mapped_column(Text, nullable=True)  # E: "description" is annotated "Mapped[Text | None]" but its SQL type Text holds "str" values  [orm-query-type]


Forum(title="General", description="talk")
Forum(title=1)  # E: Argument "title" to "Forum" has incompatible type "int"; expected "str"  [arg-type]
