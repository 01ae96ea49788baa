# expect: ORM1 at 28
# why: MappedAsDataclass models: kit.parts is a lazy collection read once per kit in the dict comprehension.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, Session, mapped_column, relationship


class Base(MappedAsDataclass, DeclarativeBase):
    pass


class Kit(Base):
    __tablename__ = "g21_kits"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    sku: Mapped[str] = mapped_column(String(20))
    parts: Mapped[list["Part"]] = relationship(default_factory=list)


class Part(Base):
    __tablename__ = "g21_parts"
    id: Mapped[int] = mapped_column(primary_key=True, init=False)
    name: Mapped[str] = mapped_column(String(40))
    kit_id: Mapped[int] = mapped_column(ForeignKey("g21_kits.id"), init=False)


def bill_of_materials(session: Session) -> dict[str, list[str]]:
    kits = session.execute(select(Kit)).scalars().all()
    return {kit.sku: [p.name for p in kit.parts] for kit in kits}


run = bill_of_materials


def seed(session, n):
    for i in range(n):
        session.add(Kit(sku=f"k{i}", parts=[Part(name="p")]))
