# Half-written code: undefined names, forward references that never arrive, odd annotations.
from typing import TYPE_CHECKING

from orm import Column, ForeignKey, Integer, Mapped, String, declarative_base, mapped_column, relationship

Base = declarative_base()

if TYPE_CHECKING:
    from nowhere import Elsewhere  # E: Cannot find implementation or library stub for module named "nowhere"  [import-not-found]  # N: See https://mypy.readthedocs.io/en/stable/running_mypy.html#missing-imports


class Draft(Base):
    __tablename__ = "drafts"
    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey(Undefined.id))  # E: Name "Undefined" is not defined  [name-defined]
    title = Column(Strin)  # E: Name "Strin" is not defined; did you mean "String"?  [name-defined]
    body = Column(String, nullable=undefined_flag)  # E: Name "undefined_flag" is not defined  [name-defined]
    owner = relationship(Undefined2, backref="drafts")  # E: Name "Undefined2" is not defined  [name-defined]
    later: Mapped["NeverDefined"] = relationship()  # E: Name "NeverDefined" is not defined  [name-defined]
    there: Mapped["Elsewhere"] = relationship()
    size: Mapped[int] = mapped_column(Undefined3)  # E: Name "Undefined3" is not defined  [name-defined]
    if TYPE_CHECKING:
        hidden = Column(String, nullable=False)


class Child(Draft, UndefinedMixin):  # E: Name "UndefinedMixin" is not defined  [name-defined]
    extra = Column(Integer)


d = Draft()
reveal_type(d.owner_id)  # N: Revealed type is "int | None"
reveal_type(d.title)  # N: Revealed type is "Any"
reveal_type(d.body)  # N: Revealed type is "str | None"
reveal_type(d.owner)  # N: Revealed type is "Any"
reveal_type(d.hidden)  # N: Revealed type is "str"
reveal_type(Child().extra)  # N: Revealed type is "int | None"
Draft(title=1, hidden="x")
