# Query typing for code written against orm: select() rows (2.0 Mapped and classic Column
# models), Result methods, and the legacy session.query(...) API, which orm's annotations leave
# untyped and the plugin types.
from orm import Column, ForeignKey, Integer, String, create_engine, select
from orm import DeclarativeBase, Mapped, Session, aliased, declarative_base, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    nickname: Mapped[str | None]


Classic = declarative_base()


class Post(Classic):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(100), nullable=False)
    user_id = Column(Integer, ForeignKey("users.id"))


session = Session(create_engine("sqlite://"))

# -- select(): rows follow the columns, for Mapped and classic Column models
reveal_type(select(User.id, User.name))  # N: Revealed type is "orm.sql.select.Select[tuple[int, str]]"
reveal_type(select(Post.id, Post.title, Post.user_id))  # N: Revealed type is "orm.sql.select.Select[tuple[int, str, int | None]]"
reveal_type(session.execute(select(User.id, User.name)).all())  # N: Revealed type is "typing.Sequence[orm.engine.row.Row[tuple[int, str]]]"
reveal_type(session.execute(select(Post.title)).first())  # N: Revealed type is "orm.engine.row.Row[tuple[str]] | None"
reveal_type(session.execute(select(User)).scalars())  # N: Revealed type is "orm.engine.result.ScalarResult[queries_orm.User]"
reveal_type(session.execute(select(User.nickname)).scalar_one())  # N: Revealed type is "str | None"
reveal_type(session.scalars(select(Post)).first())  # N: Revealed type is "queries_orm.Post | None"
reveal_type(session.scalars(select(Post.title)).all())  # N: Revealed type is "typing.Sequence[str]"

# -- session.query(): one entity -> its objects; columns or several entities -> rows
reveal_type(session.query(User))  # N: Revealed type is "orm.session.query.Query[queries_orm.User]"
reveal_type(session.query(User).filter_by(name="ed").order_by(User.id).all())  # N: Revealed type is "list[queries_orm.User]"
reveal_type(session.query(Post).first())  # N: Revealed type is "queries_orm.Post | None"
reveal_type(session.query(User).one())  # N: Revealed type is "queries_orm.User"
reveal_type(session.query(User).one_or_none())  # N: Revealed type is "queries_orm.User | None"
reveal_type(session.query(Post).get(5))  # N: Revealed type is "queries_orm.Post | None"
reveal_type(session.query(User.id, User.name).all())  # N: Revealed type is "list[orm.engine.row.Row[tuple[int, str]]]"
reveal_type(session.query(Post.id, Post.title).first())  # N: Revealed type is "orm.engine.row.Row[tuple[int, str]] | None"
reveal_type(session.query(User.id).all())  # N: Revealed type is "list[orm.engine.row.Row[tuple[int]]]"
reveal_type(session.query(User, User.nickname).all())  # N: Revealed type is "list[orm.engine.row.Row[tuple[queries_orm.User, str | None]]]"
reveal_type(session.query(User.name).scalar())  # N: Revealed type is "str | None"
reveal_type(session.query(User).scalar())  # N: Revealed type is "queries_orm.User | None"
reveal_type(session.query(aliased(User)).all())  # N: Revealed type is "list[queries_orm.User]"
for user in session.query(User).filter(User.id > 3):
    reveal_type(user)  # N: Revealed type is "queries_orm.User"

# the types are used: mistakes are mypy errors
name: str = session.query(User).first()  # E: Incompatible types in assignment (expression has type "User | None", variable has type "str")  [assignment]
posts: list[User] = session.query(Post).all()  # E: Incompatible types in assignment (expression has type "list[Post]", variable has type "list[User]")  [assignment]
count: int = session.query(User).count()
