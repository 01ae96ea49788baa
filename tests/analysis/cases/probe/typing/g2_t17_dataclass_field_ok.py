# expect: none
# why: dataclass fields of the right types (int, Optional[str], a tuple of ints) compared with the matching columns.

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Review(Base):
    __tablename__ = "g2_t17_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int] = mapped_column(default=3)


@dataclass
class ReviewFilter:
    min_rating: int = 2
    body: Optional[str] = None
    ids: tuple[int, ...] = field(default_factory=lambda: (1, 2))


def seed(session: Session) -> None:
    session.add(Review(id=1, body="fine", rating=4))


def matching(session: Session, flt: ReviewFilter = ReviewFilter()) -> list[str]:
    stmt = select(Review.body).where(Review.rating >= flt.min_rating, Review.id.in_(flt.ids))
    if flt.body is not None:
        stmt = stmt.where(Review.body == flt.body)
    return list(session.scalars(stmt))
