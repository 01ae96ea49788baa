# relationship(): list / scalar by the side the foreign key is on; string targets; backref.
from typing import Any

from orm import Column, ForeignKey, Integer, String, Table, backref, declarative_base, relationship
from orm.mapping.collections import attribute_keyed_dict

Base = declarative_base()

user_groups = Table(
    "user_groups", Base.metadata,
    Column("user_id", ForeignKey("users.id")), Column("group_id", ForeignKey("groups.id")),
)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts = relationship("Post")
    post_set = relationship("Post", collection_class=set)
    post_by_id = relationship("Post", collection_class=attribute_keyed_dict("id"))
    profile = relationship("Profile", uselist=False)
    groups = relationship("Group", secondary=user_groups)
    addresses = relationship("Address", backref="user")
    tags = relationship("models_relationships.Tag")
    ghosts = relationship("Ghost")
    feed = relationship("Post", lazy="dynamic")


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    author = relationship("User")
    author_ref = relationship(User)
    author_lambda = relationship(lambda: User)
    listed_author = relationship("User", uselist=True)


class Profile(Base):
    __tablename__ = "profiles"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"), nullable=False)


class Group(Base):
    __tablename__ = "groups"
    id = Column(Integer, primary_key=True)
    members = relationship("User", secondary="user_groups", backref="group_list")


class Address(Base):
    __tablename__ = "addresses"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    email = Column(String, nullable=False)


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))


class Comment(Base):
    __tablename__ = "comments"
    id = Column(Integer, primary_key=True)
    post_id = Column(ForeignKey("posts.id"))
    post = relationship("Post", backref=backref("comments", collection_class=set))


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    children = relationship("Node")
    parent = relationship("Node", remote_side=[id])
    family = relationship("Node", backref=backref("elder", remote_side=[id]))


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    billing_id = Column(ForeignKey("addresses.id"))
    shipping_id = Column(ForeignKey("addresses.id"))
    billing = relationship("Address", foreign_keys=[billing_id])
    shipping = relationship("Address", foreign_keys="[Order.shipping_id]")


u = User()
reveal_type(u.posts)  # N: Revealed type is "list[models_relationships.Post]"
reveal_type(u.post_set)  # N: Revealed type is "set[models_relationships.Post]"
reveal_type(u.post_by_id)  # N: Revealed type is "dict[Any, models_relationships.Post]"
reveal_type(u.profile)  # N: Revealed type is "models_relationships.Profile | None"
reveal_type(u.groups)  # N: Revealed type is "list[models_relationships.Group]"
reveal_type(u.addresses)  # N: Revealed type is "list[models_relationships.Address]"
reveal_type(u.tags)  # N: Revealed type is "list[models_relationships.Tag]"
reveal_type(u.ghosts)  # N: Revealed type is "Any"
reveal_type(u.feed)  # N: Revealed type is "Any"
reveal_type(u.group_list)  # N: Revealed type is "list[models_relationships.Group]"

p = Post()
reveal_type(p.author)  # N: Revealed type is "models_relationships.User | None"
reveal_type(p.author_ref)  # N: Revealed type is "models_relationships.User | None"
reveal_type(p.author_lambda)  # N: Revealed type is "models_relationships.User | None"
reveal_type(p.listed_author)  # N: Revealed type is "list[models_relationships.User]"
reveal_type(p.comments)  # N: Revealed type is "set[models_relationships.Comment]"
reveal_type(Comment().post)  # N: Revealed type is "models_relationships.Post | None"
reveal_type(Address().user)  # N: Revealed type is "models_relationships.User | None"

n = Node()
reveal_type(n.children)  # N: Revealed type is "list[models_relationships.Node]"
reveal_type(n.parent)  # N: Revealed type is "models_relationships.Node | None"
reveal_type(n.family)  # N: Revealed type is "list[models_relationships.Node]"
reveal_type(n.elder)  # N: Revealed type is "models_relationships.Node | None"

o = Order()
reveal_type(o.billing)  # N: Revealed type is "models_relationships.Address | None"
reveal_type(o.shipping)  # N: Revealed type is "models_relationships.Address | None"

reveal_type(User.posts)  # N: Revealed type is "orm.mapping.base.Mapped[list[models_relationships.Post]]"
reveal_type(Address.user)  # N: Revealed type is "orm.mapping.base.Mapped[models_relationships.User | None]"

for post in u.posts:
    reveal_type(post.user_id)  # N: Revealed type is "int | None"
u.profile.id  # E: Item "None" of "Profile | None" has no attribute "id"  [union-attr]
u.posts = [Post()]
u.posts = Post()  # E: Incompatible types in assignment (expression has type "Post", variable has type "list[Post]")  [assignment]
p.author = User()
p.author = None
p.author = Post()  # E: Incompatible types in assignment (expression has type "Post", variable has type "User | None")  [assignment]
