# expect: ORM2 at 32
# why: the filter's field min_rating is declared str on the dataclass and compared with the Integer column Review.rating (PostgreSQL: invalid input syntax for type integer).

from dataclasses import dataclass

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    pass


class Review(Base):
    __tablename__ = "g2_t16_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int] = mapped_column(default=3)


@dataclass
class ReviewFilter:
    min_rating: str = "good"
    author: str = ""


def seed(session: Session) -> None:
    session.add(Review(body="fine", rating=4))


def matching(session: Session, flt: ReviewFilter = ReviewFilter()) -> list[str]:
    return list(session.scalars(select(Review.body).where(Review.rating >= flt.min_rating)))
