# Query typing for code written against SQLAlchemy 2.0: its own typing does the work for Mapped
# models and for session.query(); the plugin adds the types of classic Column attributes, so
# select() and query() rows of classic models are typed too; Flask-SQLAlchemy's db.session alike.
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, ForeignKey, Integer, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declarative_base, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


Classic = declarative_base()


class Post(Classic):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(100), nullable=False)
    user_id = Column(Integer, ForeignKey("users.id"))


db = SQLAlchemy()
session = Session(create_engine("sqlite://"))

reveal_type(select(User.id, User.name))  # N: Revealed type is "sqlalchemy.sql.selectable.Select[tuple[int, str]]"
reveal_type(select(Post.id, Post.title, Post.user_id))  # N: Revealed type is "sqlalchemy.sql.selectable.Select[tuple[int, str, int | None]]"
reveal_type(session.execute(select(Post.id, Post.title)).all())  # N: Revealed type is "typing.Sequence[sqlalchemy.engine.row.Row[tuple[int, str]]]"
reveal_type(session.execute(select(Post.title)).first())  # N: Revealed type is "sqlalchemy.engine.row.Row[tuple[str]] | None"
reveal_type(session.execute(select(Post)).scalars())  # N: Revealed type is "sqlalchemy.engine.result.ScalarResult[queries_sqlalchemy.Post]"
reveal_type(session.execute(select(Post.user_id)).scalar_one())  # N: Revealed type is "int | None"
reveal_type(session.scalars(select(User)).first())  # N: Revealed type is "queries_sqlalchemy.User | None"

reveal_type(session.query(User).all())  # N: Revealed type is "list[queries_sqlalchemy.User]"
reveal_type(session.query(Post).filter_by(title="x").first())  # N: Revealed type is "queries_sqlalchemy.Post | None"
reveal_type(session.query(Post.id, Post.title).all())  # N: Revealed type is "list[sqlalchemy.engine.row.Row[tuple[int, str]]]"
reveal_type(session.query(User.id, User.name).first())  # N: Revealed type is "sqlalchemy.engine.row.Row[tuple[int, str]] | None"

reveal_type(db.session.query(Post).all())  # N: Revealed type is "list[queries_sqlalchemy.Post]"
reveal_type(db.session.execute(select(Post.id, Post.title)).all())  # N: Revealed type is "typing.Sequence[sqlalchemy.engine.row.Row[tuple[int, str]]]"
missing: str = session.query(User).first()  # E: Incompatible types in assignment (expression has type "User | None", variable has type "str")  [assignment]
