"""Regressions found by running seed 003's query examples ("Mastering SQLAlchemy", sections 5, 7,
16 "Security Considerations", 19 "Troubleshooting") with ``sqlalchemy`` replaced by ``orm``."""
from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
import sqlalchemy.orm as sa_orm

from orm import Session, and_, exc, or_, text


# -- "Implementing Row-Level Security": Document.id.in_(session.query(SharedDocument.document_id)...) --

def _documents(lib: Any, prefix: str) -> Any:
    Base = (lib.declarative_base if hasattr(lib, "declarative_base") else sa_orm.declarative_base)()

    class Document(Base):
        __tablename__ = f"{prefix}documents"
        id = lib.Column(lib.Integer, primary_key=True)
        owner_id = lib.Column(lib.Integer)
        is_public = lib.Column(lib.Boolean, default=False)

    class SharedDocument(Base):
        __tablename__ = f"{prefix}shared_documents"
        id = lib.Column(lib.Integer, primary_key=True)
        document_id = lib.Column(lib.Integer, lib.ForeignKey(f"{prefix}documents.id"))
        user_id = lib.Column(lib.Integer)

    return Base, Document, SharedDocument


def test_a_query_inside_in_is_a_subquery_not_a_list(seed_db: Any) -> None:
    import orm

    Base, Document, SharedDocument = _documents(orm, seed_db.prefix)
    seed_db.create(Base)
    with Session(seed_db.engine) as session:
        session.add_all([Document(owner_id=1), Document(owner_id=1, is_public=True),
                         Document(owner_id=1, is_public=True)])
        session.flush()
        session.add(SharedDocument(document_id=2, user_id=2))
        session.commit()
        shared = session.query(SharedDocument.document_id).filter(SharedDocument.user_id == 2)
        crit = or_(Document.owner_id == 2, and_(Document.is_public == True,  # noqa: E712 - the seed's
                                                Document.id.in_(shared)))
        # was: the query ran while building the expression and its Rows were bound as values
        assert "IN (SELECT" in str(crit)
        assert [d.id for d in session.query(Document).filter(crit)] == [2]
        assert session.query(Document).filter(Document.id.not_in(shared)).count() == 2


def test_in_of_a_query_renders_as_sqlalchemy() -> None:
    import orm

    p = "t_"
    B1, D1, S1 = _documents(orm, p)
    B2, D2, S2 = _documents(sa, p)
    ours = D1.id.in_(Session().query(S1.document_id).filter(S1.user_id == 5))
    theirs = D2.id.in_(sa_orm.Session().query(S2.document_id).filter(S2.user_id == 5))
    assert str(ours) == str(theirs)


# -- "Use Parameterized Queries": session.execute() of a plain string ----------------------------------

def test_session_execute_of_a_string_asks_for_text() -> None:
    s = Session()
    for call in (s.execute, s.scalar, s.scalars):
        with pytest.raises(exc.ArgumentError) as err:
            call("SELECT * FROM users WHERE username = 'x'")
        assert str(err.value) == ("Textual SQL expression 'SELECT * FROM users WHERE...' should be "
                                  "explicitly declared as text('SELECT * FROM users WHERE...')")
    with pytest.raises(exc.ArgumentError):
        s.execute("SELECT 1", {"x": 1})
    assert text("SELECT 1") is not None  # the way the error points to
