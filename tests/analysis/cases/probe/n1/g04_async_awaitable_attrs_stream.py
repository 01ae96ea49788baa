# expect: ORM1 at 31
# why: awaitable_attrs makes the lazy load legal under asyncio, but it is still one SELECT per streamed author.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Composer(Base):
    __tablename__ = "g04_composers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    works: Mapped[list["Work"]] = relationship()


class Work(Base):
    __tablename__ = "g04_works"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    composer_id: Mapped[int] = mapped_column(ForeignKey("g04_composers.id"))


async def catalogue(session: AsyncSession) -> dict[str, int]:
    out = {}
    stream = await session.stream_scalars(select(Composer))
    async for composer in stream:
        works = await composer.awaitable_attrs.works
        out[composer.name] = len(works)
    return out


run = catalogue


def seed(session, n):
    for i in range(n):
        session.add(Composer(name=f"c{i}", works=[Work(title="w")]))
