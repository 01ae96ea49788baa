# expect: none
# why: the loader options are collected in a list and spread into .options(*opts); books and their reviews arrive with the authors.

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from models_g_library import Author, Base, Book, seed_library

LOAD_OPTS = [selectinload(Author.books).selectinload(Book.reviews)]


async def star_totals(session: AsyncSession) -> dict[str, int]:
    result = await session.execute(select(Author).options(*LOAD_OPTS))
    totals = {}
    for author in result.scalars():
        totals[author.name] = sum(r.stars for b in author.books for r in b.reviews)
    return totals


run = star_totals
seed = seed_library
__all__ = ["Base"]
