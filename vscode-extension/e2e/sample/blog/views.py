from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post, User


def bylines(session: Session) -> list[str]:
    users = session.scalars(select(User).where(User.name != "")).all()
    out = []
    for user in users:
        for post in user.posts:
            out.append(post.title)
    return out


def titles(session: Session, name: str) -> list[str]:
    stmt = select(Post.title).join(Post.author).where(User.name == name).order_by(Post.id)
    return list(session.scalars(stmt))
