"""The model definitions of the seeds (003 and the FAQ of 001), with only their imports changed,
map, configure and create the tables they describe."""
from __future__ import annotations

from datetime import datetime
from typing import List

import pytest

from orm import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    configure_mappers,
    exc,
)
from orm.ext.declarative import declarative_base
from orm.mapping import MANYTOMANY, MANYTOONE, ONETOMANY
from orm.mapping import DeclarativeBase, Mapped, mapped_column, relationship
from orm.types import VARCHAR, TypeDecorator

from mapping_helpers import sqlite_columns, sqlite_fks, sqlite_tables


def test_basic_model_and_late_relationship(engine):
    Base = declarative_base()

    class User(Base):
        __tablename__ = 'users'

        id = Column(Integer, primary_key=True)
        name = Column(String)
        fullname = Column(String)
        email = Column(String)

        def __repr__(self):
            return f"<User(name='{self.name}', fullname='{self.fullname}', email='{self.email}')>"

    class Address(Base):
        __tablename__ = 'addresses'

        id = Column(Integer, primary_key=True)
        email_address = Column(String, nullable=False)
        user_id = Column(Integer, ForeignKey('users.id'))

        user = relationship("User", back_populates="addresses")

    User.addresses = relationship("Address", order_by=Address.id, back_populates="user")

    configure_mappers()
    assert User.addresses.property.direction is ONETOMANY
    assert Address.user.property.direction is MANYTOONE
    assert User.addresses.property.uselist is True and Address.user.property.uselist is False
    assert User.addresses.property.order_by == [Address.__table__.c.id]
    Base.metadata.create_all(engine)
    assert sqlite_columns(engine, "users") == [
        ("id", "INTEGER", False, True), ("name", "VARCHAR", True, False),
        ("fullname", "VARCHAR", True, False), ("email", "VARCHAR", True, False),
    ]
    assert sqlite_columns(engine, "addresses") == [
        ("id", "INTEGER", False, True), ("email_address", "VARCHAR", False, False),
        ("user_id", "INTEGER", True, False),
    ]
    assert sqlite_fks(engine, "addresses") == {("user_id", "users", "id")}
    u = User(name="ed", fullname="Ed Jones", email="ed@example.com")
    assert repr(u) == "<User(name='ed', fullname='Ed Jones', email='ed@example.com')>"
    assert u.addresses == []


def test_parent_child_and_many_to_many(engine):
    Base = declarative_base()

    class Parent(Base):
        __tablename__ = 'parents'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        children = relationship("Child", back_populates="parent")

    class Child(Base):
        __tablename__ = 'children'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        parent_id = Column(Integer, ForeignKey('parents.id'))
        parent = relationship("Parent", back_populates="children")

    student_course = Table('student_course', Base.metadata,
                           Column('student_id', Integer, ForeignKey('students.id')),
                           Column('course_id', Integer, ForeignKey('courses.id'))
                           )

    class Student(Base):
        __tablename__ = 'students'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        courses = relationship("Course", secondary=student_course, back_populates="students")

    class Course(Base):
        __tablename__ = 'courses'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        students = relationship("Student", secondary=student_course, back_populates="courses")

    configure_mappers()
    assert Parent.children.property.direction is ONETOMANY
    assert Parent.children.property.mapper is Child.__mapper__
    assert Student.courses.property.direction is MANYTOMANY
    assert Student.courses.property.secondary is student_course
    assert Course.students.property._reverse_property == {Student.courses.property}
    assert str(Student.courses.property.primaryjoin) == "students.id = student_course.student_id"
    assert str(Student.courses.property.secondaryjoin) == "courses.id = student_course.course_id"

    parent = Parent(name="Alice")
    child1 = Child(name="Bob")
    child2 = Child(name="Charlie")
    parent.children = [child1, child2]
    assert parent.children == [child1, child2]

    Base.metadata.create_all(engine)
    assert {"parents", "children", "student_course", "students", "courses"} <= sqlite_tables(engine)
    assert sqlite_fks(engine, "student_course") == {("student_id", "students", "id"), ("course_id", "courses", "id")}


def test_single_table_inheritance(engine):
    Base = declarative_base()

    class Employee(Base):
        __tablename__ = 'employees'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'employee',
            'polymorphic_on': type
        }

    class Manager(Employee):
        department = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'manager'
        }

    class Engineer(Employee):
        programming_language = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'engineer'
        }

    configure_mappers()
    assert Manager.__table__ is Employee.__table__
    assert Manager.__mapper__.inherits is Employee.__mapper__
    assert Employee.__mapper__.polymorphic_on is Employee.__table__.c.type
    assert Employee.__mapper__.polymorphic_map == {
        "employee": Employee.__mapper__, "manager": Manager.__mapper__, "engineer": Engineer.__mapper__}
    assert Manager.__mapper__.attrs.keys() == ["id", "name", "type", "department"]
    assert "department" not in Engineer.__mapper__.attrs
    manager = Manager(name="Alice", department="Sales")
    assert (manager.name, manager.department) == ("Alice", "Sales")
    with pytest.raises(TypeError, match="'department' is an invalid keyword argument for Engineer"):
        Engineer(name="Bob", department="x")
    Base.metadata.create_all(engine)
    assert [c[0] for c in sqlite_columns(engine, "employees")] == [
        "id", "name", "type", "department", "programming_language"]


def test_joined_table_inheritance(engine):
    Base = declarative_base()

    class Employee(Base):
        __tablename__ = 'employees'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'employee',
            'polymorphic_on': type
        }

    class Manager(Employee):
        __tablename__ = 'managers'
        id = Column(Integer, ForeignKey('employees.id'), primary_key=True)
        department = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'manager'
        }

    class Engineer(Employee):
        __tablename__ = 'engineers'
        id = Column(Integer, ForeignKey('employees.id'), primary_key=True)
        programming_language = Column(String(50))

        __mapper_args__ = {
            'polymorphic_identity': 'engineer'
        }

    configure_mappers()
    m = Manager.__mapper__
    assert m.local_table.name == "managers"
    assert m.primary_key == (Employee.__table__.c.id,)
    assert m.attrs.id.columns == [Manager.__table__.c.id, Employee.__table__.c.id]
    assert str(m.inherit_condition) == "employees.id = managers.id"
    Base.metadata.create_all(engine)
    assert {"employees", "managers", "engineers"} <= sqlite_tables(engine)
    assert sqlite_fks(engine, "managers") == {("id", "employees", "id")}


def test_custom_type_and_table_args_index(engine):
    import json

    Base = declarative_base()

    class JSONEncodedDict(TypeDecorator):
        impl = VARCHAR

        def process_bind_param(self, value, dialect):
            if value is not None:
                value = json.dumps(value)
            return value

        def process_result_value(self, value, dialect):
            if value is not None:
                value = json.loads(value)
            return value

    class User(Base):
        __tablename__ = 'users'
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        email = Column(String(50))
        extra_data = Column(JSONEncodedDict)

        # Create an index on the email column
        __table_args__ = (Index('ix_user_email', 'email'),)

    user = User(name="Alice", extra_data={"interests": ["reading", "cycling"]})
    assert user.extra_data == {"interests": ["reading", "cycling"]}
    Base.metadata.create_all(engine)
    assert [c[:2] for c in sqlite_columns(engine, "users")] == [
        ("id", "INTEGER"), ("name", "VARCHAR(50)"), ("email", "VARCHAR(50)"), ("extra_data", "VARCHAR")]
    from orm import text

    with engine.connect() as conn:
        idx = conn.execute(text("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='users'")).scalars().all()
    assert "ix_user_email" in idx


def test_blog_models(engine):
    Base = declarative_base()

    class User(Base):
        __tablename__ = 'users'
        id = Column(Integer, primary_key=True)
        username = Column(String(50), unique=True, nullable=False)
        password = Column(String(255), nullable=False)
        posts = relationship('Post', back_populates='author')

    class Post(Base):
        __tablename__ = 'posts'
        id = Column(Integer, primary_key=True)
        title = Column(String(100), nullable=False)
        content = Column(Text, nullable=False)
        created_at = Column(DateTime, default=datetime.utcnow)
        author_id = Column(Integer, ForeignKey('users.id'))
        author = relationship('User', back_populates='posts')
        comments = relationship('Comment', back_populates='post')

    class Comment(Base):
        __tablename__ = 'comments'
        id = Column(Integer, primary_key=True)
        content = Column(Text, nullable=False)
        created_at = Column(DateTime, default=datetime.utcnow)
        post_id = Column(Integer, ForeignKey('posts.id'))
        post = relationship('Post', back_populates='comments')
        author_id = Column(Integer, ForeignKey('users.id'))
        author = relationship('User')

    configure_mappers()
    assert Comment.author.property.direction is MANYTOONE
    assert Comment.author.property.back_populates is None
    assert {r.key for r in User.__mapper__.relationships} == {"posts"}
    Base.metadata.create_all(engine)
    assert sqlite_fks(engine, "comments") == {("post_id", "posts", "id"), ("author_id", "users", "id")}
    assert sqlite_columns(engine, "posts")[2] == ("content", "TEXT", False, False)


def test_rbac_seed_model_names_missing_back_populates():
    """Seed 003's RBAC model says back_populates='users' but Role has no 'users': SQLAlchemy
    refuses it at configuration, and so do we, naming both sides."""
    Base = declarative_base()
    user_roles = Table('user_roles', Base.metadata,
                       Column('user_id', Integer, ForeignKey('users.id')),
                       Column('role_id', Integer, ForeignKey('roles.id'))
                       )

    class Role(Base):
        __tablename__ = 'roles'
        id = Column(Integer, primary_key=True)
        name = Column(String, unique=True)

    class User(Base):
        __tablename__ = 'users'
        id = Column(Integer, primary_key=True)
        username = Column(String, unique=True)
        roles = relationship('Role', secondary=user_roles, back_populates='users')

    with pytest.raises(exc.InvalidRequestError) as ei:
        User.__mapper__.relationships
    msg = str(ei.value)
    assert "User.roles" in msg and "'users'" in msg and "Role" in msg
    Base.registry.dispose()


def test_seed001_models(engine):
    from orm.mapping import declarative_base as orm_declarative_base

    Base = orm_declarative_base()

    class User(Base):
        __tablename__ = 'users'
        id = Column(Integer, primary_key=True)
        name = Column(String(50), nullable=False)
        email = Column(String(100), unique=True)
        # Relationship to Address (one user to many addresses)
        addresses = relationship("Address", back_populates="user", cascade="all, delete-orphan")

        def __repr__(self):
            return f"User(id={self.id}, name='{self.name}', email='{self.email}')"

    class Address(Base):
        __tablename__ = 'addresses'
        id = Column(Integer, primary_key=True)
        email_address = Column(String(100), nullable=False)
        user_id = Column(Integer, ForeignKey('users.id'))
        # Relationship back to User
        user = relationship("User", back_populates="addresses")

    class Employee(Base):
        __tablename__ = 'employees'
        id = Column(Integer, primary_key=True)
        name = Column(String)
        # one-to-one with Address
        address = relationship("EmployeeAddress", back_populates="employee", uselist=False)

    class EmployeeAddress(Base):
        __tablename__ = 'employee_addresses'
        id = Column(Integer, primary_key=True)
        employee_id = Column(Integer, ForeignKey('employees.id'), unique=True)
        employee = relationship("Employee", back_populates="address")

    post_tags = Table('post_tags', Base.metadata,
                      Column('post_id', ForeignKey('posts.id'), primary_key=True),
                      Column('tag_id', ForeignKey('tags.id'), primary_key=True)
                      )

    class Post(Base):
        __tablename__ = 'posts'
        id = Column(Integer, primary_key=True)
        title = Column(String)
        tags = relationship("Tag", secondary=post_tags, back_populates="posts")

    class Tag(Base):
        __tablename__ = 'tags'
        id = Column(Integer, primary_key=True)
        name = Column(String)
        posts = relationship("Post", secondary=post_tags, back_populates="tags")

    class Parent(Base):
        __tablename__ = 'parents'
        id = Column(Integer, primary_key=True)
        children = relationship("Child", backref="parent")

    class Child(Base):
        __tablename__ = 'children'
        id = Column(Integer, primary_key=True)
        parent_id = Column(Integer, ForeignKey('parents.id'))
        # parent relationship auto-added by backref on Parent

    configure_mappers()
    cascade = User.addresses.property.cascade
    assert cascade.delete and cascade.delete_orphan and cascade.save_update and cascade.merge
    assert Employee.address.property.uselist is False
    assert Employee.address.property.direction is ONETOMANY
    assert Child.parent.property.direction is MANYTOONE
    assert Child.parent.property.back_populates == "children"
    assert Parent.children.property.back_populates == "parent"
    assert repr(User(id=1, name="ed", email="e")) == "User(id=1, name='ed', email='e')"
    c = Child()
    assert c.parent is None
    Base.metadata.create_all(engine)
    assert sqlite_columns(engine, "post_tags") == [
        ("post_id", "INTEGER", False, True), ("tag_id", "INTEGER", False, True)]


def test_2_0_style_models(engine):
    class Base(DeclarativeBase):
        pass

    class User(Base):
        __tablename__ = 'users'

        id: Mapped[int] = mapped_column(primary_key=True)
        name: Mapped[str] = mapped_column(String(50))
        email: Mapped[str] = mapped_column(String(120))
        addresses: Mapped[List["Address"]] = relationship("Address", back_populates="user")

    class Address(Base):
        __tablename__ = 'addresses'

        id: Mapped[int] = mapped_column(primary_key=True)
        email: Mapped[str] = mapped_column(String(120))
        user_id: Mapped[int] = mapped_column(ForeignKey('users.id'))
        user: Mapped["User"] = relationship("User", back_populates="addresses")

    configure_mappers()
    assert User.addresses.property.direction is ONETOMANY
    Base.metadata.create_all(engine)
    assert sqlite_columns(engine, "users") == [
        ("id", "INTEGER", False, True), ("name", "VARCHAR(50)", False, False), ("email", "VARCHAR(120)", False, False)]
    assert sqlite_columns(engine, "addresses") == [
        ("id", "INTEGER", False, True), ("email", "VARCHAR(120)", False, False), ("user_id", "INTEGER", False, False)]
