"""Every mapping mistake fails with a message naming the class and the attribute."""
from __future__ import annotations

import pytest

from orm import Column, ForeignKey, Integer, String, exc
from orm.mapping import declarative_base, relationship


@pytest.fixture
def Base():
    base = declarative_base()
    yield base
    base.registry.dispose()


def _users(Base):
    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)

    return User


def test_unknown_target_class(Base):
    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        addresses = relationship("Adress")

    with pytest.raises(exc.InvalidRequestError) as ei:
        User.__mapper__.attrs
    assert "'Adress'" in str(ei.value) and "User.addresses" in str(ei.value)


def test_ambiguous_foreign_keys(Base):
    User = _users(Base)

    class Message(Base):
        __tablename__ = "messages"
        id = Column(Integer, primary_key=True)
        sender_id = Column(Integer, ForeignKey("users.id"))
        recipient_id = Column(Integer, ForeignKey("users.id"))
        sender = relationship("User")

    with pytest.raises(exc.AmbiguousForeignKeysError) as ei:
        User.__mapper__.relationships
    assert "Message.sender" in str(ei.value) and "foreign_keys" in str(ei.value)


def test_ambiguity_resolved_with_foreign_keys(Base):
    User = _users(Base)

    class Message(Base):
        __tablename__ = "messages"
        id = Column(Integer, primary_key=True)
        sender_id = Column(Integer, ForeignKey("users.id"))
        recipient_id = Column(Integer, ForeignKey("users.id"))
        sender = relationship("User", foreign_keys=[sender_id])
        recipient = relationship("User", foreign_keys="Message.recipient_id")

    Message.__mapper__.relationships
    assert str(Message.sender.property.primaryjoin) == "users.id = messages.sender_id"
    assert str(Message.recipient.property.primaryjoin) == "users.id = messages.recipient_id"
    assert User.__mapper__ is Message.recipient.property.mapper


def test_no_foreign_keys(Base):
    User = _users(Base)

    class Note(Base):
        __tablename__ = "notes"
        id = Column(Integer, primary_key=True)
        user = relationship("User")

    with pytest.raises(exc.NoForeignKeysError) as ei:
        User.__mapper__.attrs
    assert "Note.user" in str(ei.value)


def test_back_populates_naming_nothing(Base):
    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        addresses = relationship("Address", back_populates="usr")

    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        user = relationship("User", back_populates="addresses")

    with pytest.raises(exc.InvalidRequestError) as ei:
        User.__mapper__.attrs
    msg = str(ei.value)
    assert "User.addresses" in msg and "'usr'" in msg and "Address" in msg


def test_no_primary_key(Base):
    with pytest.raises(exc.ArgumentError) as ei:
        class Log(Base):
            __tablename__ = "logs"
            message = Column(String)

    msg = str(ei.value)
    assert "could not assemble any primary key columns for mapped table 'logs'" in msg
    assert "Mapper[Log(logs)]" in msg


def test_invalid_cascade_and_lazy(Base):
    with pytest.raises(exc.ArgumentError, match="Invalid cascade option"):
        relationship("X", cascade="all, delete-orphan, explode")
    with pytest.raises(exc.ArgumentError) as ei:
        class Item(Base):
            __tablename__ = "items"
            id = Column(Integer, primary_key=True)
            parent_id = Column(Integer, ForeignKey("items.id"))
            children = relationship("Item", lazy="eventually")

    assert "Item.children" in str(ei.value) and "lazy" in str(ei.value)


def test_delete_orphan_on_many_to_one(Base):
    User = _users(Base)

    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        user = relationship("User", cascade="all, delete-orphan")

    with pytest.raises(exc.ArgumentError) as ei:
        User.__mapper__.attrs
    assert "Address.user" in str(ei.value) and "single_parent=True" in str(ei.value)


def test_backref_clash(Base):
    class User(Base):
        __tablename__ = "users"
        id = Column(Integer, primary_key=True)
        addresses = relationship("Address", backref="user")

    class Address(Base):
        __tablename__ = "addresses"
        id = Column(Integer, primary_key=True)
        user_id = Column(Integer, ForeignKey("users.id"))
        user = Column(String)

    with pytest.raises(exc.ArgumentError) as ei:
        User.__mapper__.attrs
    assert "backref 'user'" in str(ei.value) and "User.addresses" in str(ei.value)


def test_unknown_constructor_keyword(Base):
    User = _users(Base)
    with pytest.raises(TypeError, match="'foo' is an invalid keyword argument for User"):
        User(foo=1)


def test_missing_table(Base):
    with pytest.raises(exc.InvalidRequestError, match="does not have a __table__ or __tablename__"):
        class Orphan(Base):
            id = Column(Integer, primary_key=True)


def test_unmappable_annotation():
    from orm.mapping import DeclarativeBase, Mapped

    class B(DeclarativeBase):
        pass

    with pytest.raises(exc.ArgumentError) as ei:
        class Weird(B):
            __tablename__ = "weird"
            id: Mapped[int] = Column(Integer, primary_key=True)
            thing: Mapped[complex]

    assert "'thing'" in str(ei.value) and "Weird" in str(ei.value)
    B.registry.dispose()


def test_broken_registry_does_not_block_others(Base):
    class Bad(Base):
        __tablename__ = "bad"
        id = Column(Integer, primary_key=True)
        x = relationship("Nowhere")

    Good = declarative_base()

    class Fine(Good):
        __tablename__ = "fine"
        id = Column(Integer, primary_key=True)

    assert Fine(id=1).id == 1
    assert Fine.__mapper__.attrs.keys() == ["id"]
    with pytest.raises(exc.InvalidRequestError):
        Bad()
