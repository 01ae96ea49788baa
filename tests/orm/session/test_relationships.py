"""Relationships on sqlite, postgresql and mysql: foreign keys from parents, both sides in step in
Python, cascades, many-to-many rows, self-referential trees, post_update cycles, collections."""
from __future__ import annotations

from typing import Any

import pytest

from orm import Session, exc, inspect

from session_models import rows


def test_one_to_many_inserts_parent_first_and_sets_keys(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    # children added before the parent: the flush still writes the parent first
    a1, a2 = Address(email="a1"), Address(email="a2")
    session.add_all([a1, a2])
    ed = User(name="ed")
    ed.addresses.append(a1)
    ed.addresses.append(a2)
    assert a1.user is ed  # the other side, in Python
    session.add(ed)
    session.flush()
    dml = db.log.dml()
    assert dml.index(f"INSERT INTO {db.m.prefix}users") < dml.index(f"INSERT INTO {db.m.prefix}addresses")
    assert a1.user_id == ed.id == a2.user_id
    session.commit()
    assert [(r[1], r[2]) for r in rows(db.engine, Address.__table__)] == [(ed.id, "a1"), (ed.id, "a2")]


def test_many_to_one_set_updates_the_other_side(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed, jack = User(name="ed"), User(name="jack")
    a = Address(email="x", user=ed)
    assert ed.addresses == [a]
    a.user = jack
    assert ed.addresses == [] and jack.addresses == [a]
    session.add_all([ed, jack])  # a comes along through jack.addresses (save-update cascade)
    assert a in session
    session.commit()
    assert rows(db.engine, Address.__table__)[0][1] == jack.id
    # move it back through the collection: the old parent's loaded collection loses it
    assert jack.addresses == [a]
    ed.addresses.append(a)
    assert a.user is ed and jack.addresses == []
    session.commit()
    assert rows(db.engine, Address.__table__)[0][1] == ed.id


def test_append_cascades_into_the_session_but_backref_does_not(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed = User(name="ed")
    session.add(ed)
    a = Address(email="appended")
    ed.addresses.append(a)
    assert a in session
    b = Address(email="backref only")
    b.user = ed  # SQLAlchemy 2.0: no cascade along a backref
    assert b not in session and b in ed.addresses
    with pytest.warns(Warning, match="not in session, add operation along"):
        session.flush()
    assert inspect(b).transient


def test_delete_orphan_and_delete_cascade(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    ed = User(name="ed", addresses=[Address(email="a"), Address(email="b"), Address(email="c")])
    session.add(ed)
    session.commit()
    b = ed.addresses[1]
    ed.addresses.remove(b)
    assert b.user is None
    session.commit()
    assert inspect(b).detached and inspect(b).was_deleted
    assert [r[2] for r in rows(db.engine, Address.__table__)] == ["a", "c"]
    ed.addresses = [ed.addresses[0], Address(email="d")]  # replaces: "c" is an orphan now
    session.commit()
    assert sorted(r[2] for r in rows(db.engine, Address.__table__)) == ["a", "d"]
    db.log.clear()
    session.delete(ed)
    session.commit()
    dml = db.log.dml()
    assert dml == [f"DELETE FROM {db.m.prefix}addresses", f"DELETE FROM {db.m.prefix}users"]
    assert rows(db.engine, Address.__table__) == [] and rows(db.engine, User.__table__) == []


def test_removed_child_without_delete_orphan_gets_null_key(db: Any, session: Session) -> None:
    Widget, Entry = db.m.Widget, db.m.Entry
    w = Widget(name="w", entries=[Entry(name="e1"), Entry(name="e2")])
    session.add(w)
    session.commit()
    e1 = w.entries[0]
    w.entries.remove(e1)
    session.commit()
    assert [(r[1], r[2]) for r in rows(db.engine, Entry.__table__)] == [(None, "e1"), (w.id, "e2")]
    e2 = w.entries[0]
    session.delete(w)  # no delete cascade: the remaining child is set NULL before the DELETE
    session.commit()
    assert [r[1] for r in rows(db.engine, Entry.__table__)] == [None, None]
    assert e2.widget_id is None


def test_self_referential_tree_in_one_flush(db: Any, session: Session) -> None:
    Node = db.m.Node
    root = Node(name="root")
    # built bottom-up and added leaf first: rows must still go parent first
    leaf = Node(name="leaf")
    mid = Node(name="mid", children=[leaf])
    root.children.append(mid)
    root.children.append(Node(name="other"))
    session.add(leaf)
    session.add(root)
    session.commit()
    got = {r[2]: (r[0], r[1]) for r in rows(db.engine, Node.__table__)}
    assert got["root"][1] is None
    assert got["mid"][1] == got["root"][0] and got["other"][1] == got["root"][0]
    assert got["leaf"][1] == got["mid"][0]
    assert leaf.parent is mid and mid.parent is root
    # deleting the root cascades down; children are deleted before their parents
    session.delete(root)
    session.commit()
    assert rows(db.engine, Node.__table__) == []


def test_self_referential_reparent(db: Any, session: Session) -> None:
    Node = db.m.Node
    a, b = Node(name="a"), Node(name="b")
    c = Node(name="c", parent=a)
    session.add_all([a, b])
    session.commit()
    c.parent = b
    assert c in b.children and c not in a.children
    session.commit()
    got = {r[2]: r[1] for r in rows(db.engine, Node.__table__)}
    assert got["c"] == b.id


def test_many_to_many(db: Any, session: Session) -> None:
    Item, Keyword, ik = db.m.Item, db.m.Keyword, db.m.item_keywords
    red, blue = Keyword(word="red"), Keyword(word="blue")
    i1 = Item(name="i1", keywords=[red, blue])
    i2 = Item(name="i2")
    i2.keywords.append(red)
    assert red.items == {i1, i2}  # a set collection on this side
    session.add_all([i1, i2])
    session.commit()
    assert sorted((r[0], r[1]) for r in rows(db.engine, ik)) == sorted(
        [(i1.id, red.id), (i1.id, blue.id), (i2.id, red.id)])
    i1.keywords.remove(blue)
    assert i1 not in blue.items
    red.items.discard(i2)  # from the other side
    assert red not in i2.keywords
    session.commit()
    assert [(r[0], r[1]) for r in rows(db.engine, ik)] == [(i1.id, red.id)]
    session.delete(i1)
    session.commit()
    assert rows(db.engine, ik) == []
    assert sorted(r[1] for r in rows(db.engine, Keyword.__table__)) == ["blue", "red"]


def test_keyed_dict_collection(db: Any, session: Session) -> None:
    Item, Note = db.m.Item, db.m.Note
    item = Item(name="i")
    item.notes["color"] = Note(key="color", text="blue")
    item.notes.set(Note(key="size", text="L"))
    session.add(item)
    session.commit()
    assert sorted(item.notes) == ["color", "size"] and item.notes["size"].text == "L"
    del item.notes["color"]  # delete-orphan
    session.commit()
    assert [r[2] for r in rows(db.engine, Note.__table__)] == ["size"]


def test_post_update_cycle(db: Any, session: Session) -> None:
    Widget, Entry = db.m.Widget, db.m.Entry
    w = Widget(name="w")
    e1, e2 = Entry(name="e1", widget=w), Entry(name="e2", widget=w)
    w.favorite_entry = e2
    session.add(w)
    session.flush()
    dml = db.log.dml()
    p = db.m.prefix
    assert dml == [f"INSERT INTO {p}widgets", f"INSERT INTO {p}entries", f"UPDATE {p}widgets"]
    session.commit()
    assert rows(db.engine, Widget.__table__)[0][2] == e2.id
    db.log.clear()
    session.delete(w)
    session.delete(e1)
    session.delete(e2)
    session.commit()
    dml = db.log.dml()
    # the favorite link is cleared first, then rows go children first
    assert dml[0] == f"UPDATE {p}widgets" and dml[-1] == f"DELETE FROM {p}widgets"
    assert rows(db.engine, Entry.__table__) == [] and rows(db.engine, Widget.__table__) == []


def test_collection_type_errors(db: Any) -> None:
    User, Address = db.m.User, db.m.Address
    u = User(name="u")
    with pytest.raises(TypeError, match=r"relationship User.addresses: expected an instance of Address"):
        u.addresses.append("not an address")
    with pytest.raises(TypeError, match="Incompatible collection type for User.addresses: int is not list-like"):
        u.addresses = 5
    with pytest.raises(TypeError, match="Address.user: expected an instance of User"):
        Address(email="x", user=Address(email="y"))


def test_relationship_history(db: Any, session: Session) -> None:
    User, Address = db.m.User, db.m.Address
    a = Address(email="a")
    ed = User(name="ed", addresses=[a])
    assert inspect(ed).attrs.addresses.history == ([a], [], [])
    session.add(ed)
    session.commit()
    assert ed.addresses == [a]
    assert inspect(ed).attrs.addresses.history == ((), [a], ())
    b = Address(email="b")
    ed.addresses.append(b)
    assert inspect(ed).attrs.addresses.history == ([b], [a], [])
    assert inspect(a).attrs.user.history == ((), (), ())  # not loaded
    a.user = None
    assert inspect(a).attrs.user.history == ([None], (), [ed])
    assert inspect(ed).attrs.addresses.history == ([b], [], [a])
    assert session.is_modified(ed) and not session.is_modified(ed, include_collections=False)
    session.commit()
    assert [r[2] for r in rows(db.engine, Address.__table__)] == ["b"]  # "a" was an orphan


def test_rows_referencing_each_other_are_deleted_in_order(db: Any, session: Session) -> None:
    Link = db.m.Link
    c = Link(name="c")
    b = Link(name="b", next=c)
    a = Link(name="a", next=b)
    session.add_all([a, b, c])
    session.commit()  # expired: the order of the DELETEs comes from the foreign keys
    for obj in (c, a, b):
        session.delete(obj)
    session.commit()
    assert rows(db.engine, Link.__table__) == []
    x, y = Link(name="x"), Link(name="y")
    x.next, y.next = y, x
    session.add(x)
    with pytest.raises(exc.CircularDependencyError, match="post_update=True"):
        session.flush()
    session.rollback()
