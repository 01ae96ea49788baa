# expect: none
# why: await session.get(..., options=[selectinload(...)]) loads the member's roles with the member.

from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    roles: Mapped[list["Role"]] = relationship()


class Role(Base):
    __tablename__ = "roles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))


async def member_roles(session: AsyncSession, member_id: int = 1) -> list[str]:
    member = await session.get(Member, member_id, options=[selectinload(Member.roles)])
    return [role.name for role in member.roles]


run = member_roles


def seed(session, n):
    session.add(Member(name="m", roles=[Role(name=f"r{i}") for i in range(n)]))
