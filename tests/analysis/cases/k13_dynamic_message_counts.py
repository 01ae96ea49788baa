# expect: ORM1 at 25
# why: Channel.messages is lazy='dynamic': messages.count() runs a COUNT query for every channel.

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Channel(Base):
    __tablename__ = "channels"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
    messages = relationship("Message", lazy="dynamic")


class Message(Base):
    __tablename__ = "messages"
    id = Column(Integer, primary_key=True)
    text = Column(Text)
    channel_id = Column(Integer, ForeignKey("channels.id"))


def channel_sizes(session):
    return {c.name: c.messages.count() for c in session.query(Channel)}


run = channel_sizes


def seed(session, n):
    for i in range(n):
        channel = Channel(name=f"c{i}")
        session.add(channel)
        channel.messages.append(Message(text="hi"))
