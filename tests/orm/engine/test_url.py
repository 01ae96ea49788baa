"""URL parsing, rendering and derivation."""
from __future__ import annotations

import pickle

import pytest

from orm.engine.url import URL, make_url
from orm.exc import ArgumentError


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("sqlite://", ("sqlite", None, None, None, None, None)),
        ("sqlite:///relative.db", ("sqlite", None, None, None, None, "relative.db")),
        ("sqlite:////abs/path.db", ("sqlite", None, None, None, None, "/abs/path.db")),
        ("sqlite:///:memory:", ("sqlite", None, None, None, None, ":memory:")),
        ("postgresql://user:p%40ss@host:5432/db",
         ("postgresql", "user", "p@ss", "host", 5432, "db")),
        ("postgresql+psycopg://scott@localhost/test",
         ("postgresql+psycopg", "scott", None, "localhost", None, "test")),
        ("postgresql://u:pw@[::1]:5433/db", ("postgresql", "u", "pw", "::1", 5433, "db")),
        ("mysql+pymysql://root@127.0.0.1:3306/test",
         ("mysql+pymysql", "root", None, "127.0.0.1", 3306, "test")),
        ("postgresql://u:a%3Ab%2Fc@h/d", ("postgresql", "u", "a:b/c", "h", None, "d")),
        ("postgresql://h", ("postgresql", None, None, "h", None, None)),
    ],
)
def test_parse(text: str, parts: tuple) -> None:
    url = make_url(text)
    assert (url.drivername, url.username, url.password, url.host, url.port, url.database) == parts


def test_query_multi_values_become_tuples() -> None:
    url = make_url("postgresql://user:p%40ss@host:5432/db?sslmode=require&x=1&x=2")
    assert dict(url.query) == {"sslmode": "require", "x": ("1", "2")}
    assert make_url("mysql+pymysql://root@h/test?charset=utf8mb4").query == {"charset": "utf8mb4"}


def test_backend_and_driver_names() -> None:
    url = make_url("postgresql+psycopg://h/db")
    assert url.get_backend_name() == "postgresql"
    assert url.get_driver_name() == "psycopg"
    assert make_url("sqlite://").get_driver_name() == "pysqlite"
    assert make_url("mariadb://h/db").get_backend_name() == "mariadb"


def test_str_hides_password_and_render_round_trips() -> None:
    text = "postgresql://user:p%40ss@host:5432/db?sslmode=require&x=1&x=2"
    url = make_url(text)
    assert str(url) == "postgresql://user:***@host:5432/db?sslmode=require&x=1&x=2"
    assert repr(url) == str(url)
    assert url.render_as_string(hide_password=False) == text
    assert make_url(url.render_as_string(hide_password=False)) == url
    assert str(make_url("postgresql://u@[::1]:5432/db")) == "postgresql://u@[::1]:5432/db"


def test_immutable_and_derivation() -> None:
    url = make_url("postgresql://u:p@h/db?a=1")
    with pytest.raises(AttributeError):
        url.host = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        url.query["b"] = "2"  # type: ignore[index]
    assert url.set(port=5433, database="other").port == 5433
    assert url.set(database="other").database == "other"
    assert url.database == "db"
    assert url.update_query_dict({"b": "2"}).query == {"a": "1", "b": "2"}
    assert url.update_query_dict({"a": "2"}, append=True).query == {"a": ("1", "2")}
    assert url.difference_update_query(["a"]).query == {}
    assert url.update_query_string("c=3&c=4").query == {"a": "1", "c": ("3", "4")}
    with pytest.raises(TypeError):
        url.set(hostname="x")


def test_create_and_equality_hash_pickle() -> None:
    url = URL.create("postgresql+psycopg", username="scott", password="t@ger", host="h",
                     port=5432, database="db", query={"x": ["1", "2"]})
    assert url.query == {"x": ("1", "2")}
    assert url == make_url("postgresql+psycopg://scott:t%40ger@h:5432/db?x=1&x=2")
    assert len({url, make_url(url.render_as_string(False))}) == 1
    assert pickle.loads(pickle.dumps(url)) == url
    assert make_url(url) is url
    with pytest.raises(TypeError):
        URL.create("pg", port="5432")  # type: ignore[arg-type]


def test_translate_connect_args() -> None:
    url = make_url("postgresql://scott:tiger@h:5432/db")
    assert url.translate_connect_args(username="user", database="dbname") == {
        "host": "h", "dbname": "db", "user": "scott", "password": "tiger", "port": 5432}


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("not a url", "expected 'dialect[+driver]://...'"),
        ("postgresql://u:secret@host:abc/db", "port 'abc' is not an integer"),
        ("postgresql://host:99999/db", "port 99999 is out of range"),
        ("postgresql://[::1/db", "unterminated IPv6 host"),
        ("post gres://h/db", "invalid dialect/driver name 'post gres'"),
        ("a+b+c://h/db", "invalid dialect/driver name 'a+b+c'"),
        ("postgresql://h/db?a=1&&=", "malformed query string"),
    ],
)
def test_malformed_urls_name_the_bad_part(text: str, part: str) -> None:
    with pytest.raises(ArgumentError) as info:
        make_url(text)
    message = str(info.value)
    assert message.startswith("Could not parse SQLAlchemy URL from string")
    assert part in message
    assert "secret" not in message  # the password is masked in the error


def test_non_string_rejected() -> None:
    with pytest.raises(ArgumentError, match="Expected string or URL object"):
        make_url(42)  # type: ignore[arg-type]
