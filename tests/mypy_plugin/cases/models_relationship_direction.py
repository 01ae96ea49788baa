# relationship() directions where the plugin once decided differently from SQLAlchemy; the
# direction is analysis.relationship_direction's (tests/analysis/test_relationship_direction.py
# checks the same cases against real SQLAlchemy mappings).
from orm import Column, ForeignKey, Integer, declarative_base, relationship

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    posts = relationship("Post", remote_side="Post.user_id")  # remote_side: no effect here


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(ForeignKey("users.id"))
    user = relationship("User", remote_side="User.id")
    writer = relationship("User", foreign_keys=lambda: [Post.user_id])  # unread: the keys decide


class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(ForeignKey("nodes.id"))
    by_fk = relationship("Node", foreign_keys=[parent_id])  # self-reference: still the children
    up_by_fk = relationship("Node", foreign_keys=[parent_id], remote_side=[id])


class Employee(Base):
    __tablename__ = "employees"
    id = Column(Integer, primary_key=True)
    boss_id = Column(ForeignKey("employees.id"))


class Manager(Employee):
    __tablename__ = "managers"
    id = Column(ForeignKey("employees.id"), primary_key=True)
    # shares the employees table: self-referential (without foreign_keys SQLAlchemy would join on
    # the inheritance key managers.id -> employees.id instead)
    reports = relationship(Employee, foreign_keys=[Employee.boss_id])


reveal_type(User().posts)  # N: Revealed type is "list[models_relationship_direction.Post]"
reveal_type(Post().user)  # N: Revealed type is "models_relationship_direction.User | None"
reveal_type(Post().writer)  # N: Revealed type is "models_relationship_direction.User | None"
reveal_type(Node().by_fk)  # N: Revealed type is "list[models_relationship_direction.Node]"
reveal_type(Node().up_by_fk)  # N: Revealed type is "models_relationship_direction.Node | None"
reveal_type(Manager().reports)  # N: Revealed type is "list[models_relationship_direction.Employee]"
