"""Session examples of the seeds (seed 003: relationships, session lifecycle, bulk operations,
testing patterns), re-indented, with only their imports changed to ``orm``."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import pytest


def test_one_to_many_and_many_to_many_examples() -> None:
    from orm import Column, ForeignKey, Integer, String, Table, create_engine
    from orm.ext.declarative import declarative_base
    from orm import relationship, sessionmaker

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
                           Column('course_id', Integer, ForeignKey('courses.id')))

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

    engine = create_engine('sqlite://')
    Base.metadata.create_all(engine)
    session = sessionmaker(bind=engine)()

    parent = Parent(name="Alice")
    child1 = Child(name="Bob")
    child2 = Child(name="Charlie")
    parent.children = [child1, child2]
    session.add(parent)
    session.commit()
    parent = session.query(Parent).filter_by(name="Alice").first()
    assert [child.name for child in parent.children] == ["Bob", "Charlie"]

    student1 = Student(name="Alice")
    student2 = Student(name="Bob")
    course1 = Course(name="Math")
    course2 = Course(name="Science")
    student1.courses = [course1, course2]
    student2.courses = [course1]
    session.add_all([student1, student2, course1, course2])
    session.commit()
    student = session.query(Student).filter_by(name="Alice").first()
    assert sorted(course.name for course in student.courses) == ["Math", "Science"]
    assert sorted(s.name for s in course1.students) == ["Alice", "Bob"]


def _user_model() -> Any:
    from datetime import datetime

    from orm import Column, DateTime, Integer, String, create_engine
    from orm import declarative_base, sessionmaker

    Base = declarative_base()

    class User(Base):
        __tablename__ = 'users'
        id = Column(Integer, primary_key=True)
        name = Column(String)
        email = Column(String, unique=True)
        updated_at = Column(DateTime, default=datetime.utcnow, onupdate=datetime.utcnow)

    engine = create_engine('sqlite:///:memory:')
    Base.metadata.create_all(engine)
    return User, engine, sessionmaker(bind=engine)


def test_session_scope_and_lifecycle() -> None:
    User, engine, Session = _user_model()

    @contextmanager
    def session_scope() -> Iterator[Any]:
        session = Session()
        try:
            yield session
            session.commit()
        except:  # noqa: E722 - the seed's pattern
            session.rollback()
            raise
        finally:
            session.close()

    with session_scope() as session:
        user = User(name='Charlie')
        session.add(user)
    with pytest.raises(RuntimeError):
        with session_scope() as session:
            session.add(User(name='Dave'))
            raise RuntimeError("rolled back")
    session = Session()
    try:
        new_user = User(name='Alice', email='alice@example.com')
        session.add(new_user)
        user = session.query(User).filter_by(name='Charlie').first()
        old_updated_at = user.updated_at
        user.email = 'bob_new@example.com'
        session.commit()
    except:  # noqa: E722
        session.rollback()
        raise
    finally:
        session.close()
    session = Session()
    names = sorted(u.name for u in session.query(User).all())
    assert names == ["Alice", "Charlie"]
    charlie = session.query(User).filter_by(name='Charlie').first()
    assert charlie.email == 'bob_new@example.com' and charlie.updated_at >= old_updated_at  # onupdate
    session.close()


def test_unique_constraint_and_crud_tests_of_the_seed() -> None:
    from orm.exc import IntegrityError

    User, engine, Session = _user_model()
    test_session = Session()
    user1 = User(name='Alice', email='alice@example.com')
    user2 = User(name='Bob', email='alice@example.com')
    test_session.add(user1)
    test_session.commit()
    test_session.add(user2)
    with pytest.raises(IntegrityError):
        test_session.commit()
    test_session.rollback()
    user = test_session.query(User).filter_by(email='alice@example.com').first()
    user.name = 'Alicia'
    test_session.commit()
    updated_user = test_session.query(User).filter_by(id=user.id).first()
    assert updated_user.name == 'Alicia'
    test_session.delete(user)
    test_session.commit()
    assert test_session.query(User).filter_by(id=user.id).first() is None


def test_testing_with_transactions_pattern() -> None:
    User, test_engine, _ = _user_model()
    from orm import sessionmaker

    connection = test_engine.connect()
    transaction = connection.begin()
    Session = sessionmaker(bind=connection)
    session = Session()
    user = User(name='Alice', email='alice@example.com')
    session.add(user)
    session.commit()
    assert session.query(User).filter_by(email='alice@example.com').first() is not None
    session.close()
    transaction.rollback()
    connection.close()
    with test_engine.connect() as conn:
        from orm import func, select

        assert conn.scalar(select(func.count()).select_from(User.__table__)) == 0


def test_bulk_operations_of_the_seed() -> None:
    User, engine, Session = _user_model()
    session = Session()
    session.bulk_save_objects([User(name='User1'), User(name='User2'), User(name='User3')])
    session.bulk_update_mappings(User, [{'id': 1, 'name': 'Updated User1'}, {'id': 2, 'name': 'Updated User2'}])
    session.commit()
    assert [u.name for u in session.query(User).order_by(User.id)] == ['Updated User1', 'Updated User2', 'User3']
