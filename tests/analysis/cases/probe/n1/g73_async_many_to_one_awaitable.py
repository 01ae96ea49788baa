# expect: ORM1 at 30
# why: each comment awaits its author through awaitable_attrs: one SELECT per comment (authors are distinct).

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(AsyncAttrs, DeclarativeBase):
    pass


class Poster(Base):
    __tablename__ = "g73_posters"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(40))


class Remark(Base):
    __tablename__ = "g73_remarks"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    poster_id: Mapped[int] = mapped_column(ForeignKey("g73_posters.id"))
    poster: Mapped[Poster] = relationship()


async def thread(session: AsyncSession) -> list[str]:
    out = []
    for remark in (await session.scalars(select(Remark).order_by(Remark.id))).all():
        poster = await remark.awaitable_attrs.poster
        out.append(f"{poster.handle}: {remark.body}")
    return out


run = thread


def seed(session, n):
    for i in range(n):
        session.add(Remark(body="b", poster=Poster(handle=f"h{i}")))
