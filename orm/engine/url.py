"""Database URLs: ``dialect[+driver]://user:password@host:port/database?key=value``.

``make_url()`` parses a string into an immutable :class:`URL`; ``create_engine`` accepts either::

    >>> url = make_url("postgresql+psycopg://scott:p%40ss@localhost:5432/test?sslmode=require")
    >>> url.password, url.get_backend_name(), url.get_driver_name()
    ('p@ss', 'postgresql', 'psycopg')
    >>> str(url)
    'postgresql+psycopg://scott:***@localhost:5432/test?sslmode=require'
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, NamedTuple, Sequence, Union
from urllib.parse import parse_qsl, quote, unquote

from orm.exc import ArgumentError

__all__ = ["URL", "make_url"]

QueryValue = Union[str, tuple[str, ...]]


class _FrozenQuery(dict[str, QueryValue]):
    """A dict that refuses mutation and hashes by content, so URL stays immutable and hashable."""

    def _immutable(self, *a: Any, **kw: Any) -> Any:
        raise TypeError("URL.query is immutable; use URL.update_query_dict() to derive a new URL")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _immutable  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def __repr__(self) -> str:
        return f"immutabledict({dict.__repr__(self)})"

    def __reduce__(self) -> Any:
        return _FrozenQuery, (dict(self),)


def _freeze_query(query: Mapping[str, Any] | None) -> _FrozenQuery:
    if not query:
        return _EMPTY_QUERY
    frozen: dict[str, QueryValue] = {}
    for key, value in query.items():
        if not isinstance(key, str):
            raise TypeError(f"URL query keys must be strings, got {key!r}")
        if isinstance(value, (list, tuple)):
            frozen[key] = tuple(_as_str(v, key) for v in value)
        else:
            frozen[key] = _as_str(value, key)
    return _FrozenQuery(frozen)


def _as_str(value: Any, key: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"URL query value for {key!r} must be a string, got {value!r}")
    return value


_EMPTY_QUERY = _FrozenQuery()


def _quote_userinfo(text: str) -> str:
    # Everything that has a meaning in the URL syntax (":@/?#%" and friends) is escaped, so
    # render_as_string(False) round-trips through make_url.
    return quote(text, safe=" +!$&'()*,;=-._~")


class URL(NamedTuple):
    """An immutable database URL.

    Build one with :meth:`URL.create` or :func:`make_url`; derive changed copies with
    :meth:`set`, :meth:`update_query_dict` and friends::

        url = URL.create("postgresql+psycopg", username="scott", host="db", database="app")
        url = url.set(port=5433).update_query_dict({"sslmode": "require"})
    """

    drivername: str
    username: str | None
    password: str | None
    host: str | None
    port: int | None
    database: str | None
    query: Mapping[str, QueryValue]

    @classmethod
    def create(
        cls,
        drivername: str,
        username: str | None = None,
        password: str | None = None,
        host: str | None = None,
        port: int | None = None,
        database: str | None = None,
        query: Mapping[str, Sequence[str] | str] | None = None,
    ) -> URL:
        """Make a URL from its parts (nothing is percent-decoded here: pass plain values)."""
        if not isinstance(drivername, str) or not drivername:
            raise ArgumentError("drivername must be a non-empty string")
        for label, value in (("username", username), ("password", password),
                             ("host", host), ("database", database)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{label} must be a string or None, got {value!r}")
        if port is not None and (not isinstance(port, int) or isinstance(port, bool)):
            raise TypeError(f"port must be an integer or None, got {port!r}")
        return cls(drivername, username, password, host, port, database, _freeze_query(query))

    # -- derivation ---------------------------------------------------------------------------

    def set(self, **kw: Any) -> URL:  # type: ignore[override]
        """A copy with the given parts replaced: ``url.set(database="other", port=5433)``."""
        unknown = set(kw) - set(self._fields)
        if unknown:
            raise TypeError(f"URL.set() got unexpected arguments: {', '.join(sorted(unknown))}")
        parts = self._asdict()
        parts.update(kw)
        return URL.create(**parts)

    def update_query_dict(self, query_parameters: Mapping[str, str | Sequence[str]],
                          append: bool = False) -> URL:
        """A copy with query keys replaced (or, with ``append=True``, values appended)."""
        merged: dict[str, Any] = dict(self.query)
        for key, value in query_parameters.items():
            if append and key in merged:
                old = merged[key]
                old_t = old if isinstance(old, tuple) else (old,)
                new_t = tuple(value) if isinstance(value, (list, tuple)) else (value,)
                merged[key] = old_t + new_t
            else:
                merged[key] = tuple(value) if isinstance(value, (list, tuple)) else value
        return self._replace(query=_freeze_query(merged))

    def update_query_pairs(self, key_value_pairs: Iterable[tuple[str, str]],
                           append: bool = False) -> URL:
        """Like :meth:`update_query_dict` with ``(key, value)`` pairs; repeated keys collect."""
        collected: dict[str, Any] = {}
        for key, value in key_value_pairs:
            if key in collected:
                old = collected[key]
                collected[key] = (old if isinstance(old, tuple) else (old,)) + (value,)
            else:
                collected[key] = value
        return self.update_query_dict(collected, append=append)

    def update_query_string(self, query_string: str, append: bool = False) -> URL:
        """Like :meth:`update_query_dict` with a ``"a=1&b=2"`` string."""
        return self.update_query_pairs(parse_qsl(query_string, keep_blank_values=True), append)

    def difference_update_query(self, names: Iterable[str]) -> URL:
        """A copy without the given query keys."""
        drop = set(names)
        if not drop & set(self.query):
            return self
        return self._replace(query=_freeze_query({k: v for k, v in self.query.items()
                                                  if k not in drop}))

    @property
    def normalized_query(self) -> Mapping[str, tuple[str, ...]]:
        """The query with every value as a tuple."""
        return {k: (v if isinstance(v, tuple) else (v,)) for k, v in self.query.items()}

    # -- names --------------------------------------------------------------------------------

    def get_backend_name(self) -> str:
        """``"postgresql"`` for ``postgresql+psycopg://``."""
        return self.drivername.partition("+")[0]

    def get_driver_name(self) -> str:
        """The driver part (``"psycopg"``), or the backend's default driver when none is given."""
        backend, _, driver = self.drivername.partition("+")
        if driver:
            return driver
        return str(getattr(self.get_dialect(), "driver", "") or backend)

    def get_dialect(self, _is_async: bool = False) -> type:
        """The dialect class this URL names (see ``orm.dialects``)."""
        from orm.dialects import load_dialect_class

        return load_dialect_class(self.drivername)

    def translate_connect_args(self, names: Sequence[str] | None = None,
                               **kw: str) -> dict[str, Any]:
        """The URL's parts as connect() keyword arguments, renaming via ``kw`` (e.g. ``username="user"``).

        Parts that are None are left out, as DB-API ``connect()`` calls expect.
        """
        if names:
            raise TypeError("translate_connect_args(names=...) is not supported; use keywords")
        out: dict[str, Any] = {}
        for part in ("host", "database", "username", "password", "port"):
            value = getattr(self, part)
            if value is not None and value != "":
                out[kw.get(part, part)] = value
        return out

    # -- rendering ----------------------------------------------------------------------------

    def render_as_string(self, hide_password: bool = True) -> str:
        """The URL as a string; the password is ``***`` unless ``hide_password=False``."""
        text = self.drivername + "://"
        if self.username is not None:
            text += _quote_userinfo(self.username)
            if self.password is not None:
                text += ":" + ("***" if hide_password else _quote_userinfo(self.password))
            text += "@"
        if self.host is not None:
            text += f"[{self.host}]" if ":" in self.host else self.host
        if self.port is not None:
            text += f":{self.port}"
        if self.database is not None:
            text += "/" + self.database
        if self.query:
            pairs = []
            for key in sorted(self.query):
                value = self.query[key]
                for item in (value if isinstance(value, tuple) else (value,)):
                    pairs.append(f"{quote(key, safe='')}={quote(item, safe='')}")
            text += "?" + "&".join(pairs)
        return text

    def __str__(self) -> str:
        return self.render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return self.render_as_string(hide_password=True)

    def __copy__(self) -> URL:
        return self

    def __deepcopy__(self, memo: Any) -> URL:
        return self


# drivername "://" rest ; the drivername uses letters, digits, "_", "+", "-" and ".".
_SCHEME = re.compile(r"(?P<name>[A-Za-z0-9_][A-Za-z0-9_+.\-]*)://(?P<rest>.*)", re.DOTALL)
# userinfo: the username stops at ":", "/" or "@"; the password runs to the "@".
_USERINFO = re.compile(r"(?P<username>[^:/@]*)(?::(?P<password>[^@]*))?@")


def make_url(name_or_url: str | URL) -> URL:
    """Parse a URL string (or return a URL unchanged).

    Username and password are percent-decoded (``p%40ss`` -> ``p@ss``); a query key given several
    times becomes a tuple of values. A string that is not a URL raises ``ArgumentError`` saying
    which part is wrong.
    """
    if isinstance(name_or_url, URL):
        return name_or_url
    if not isinstance(name_or_url, str):
        raise ArgumentError(
            f"Expected string or URL object, got {name_or_url!r}"
        )
    return _parse_url(name_or_url)


def _parse_error(text: str, detail: str | None = None) -> ArgumentError:
    msg = f"Could not parse SQLAlchemy URL from string '{_mask_password(text)}'"
    if detail:
        msg += f": {detail}"
    return ArgumentError(msg)


def _mask_password(text: str) -> str:
    m = _SCHEME.match(text)
    if not m:
        return text
    u = _USERINFO.match(m.group("rest"))
    if not u or u.group("password") is None:
        return text
    start = m.start("rest") + u.start("password")
    return text[:start] + "***" + text[m.start("rest") + u.end("password"):]


def _parse_url(text: str) -> URL:
    m = _SCHEME.fullmatch(text.strip())
    if m is None:
        if "://" not in text:
            raise _parse_error(text, "expected 'dialect[+driver]://...'")
        raise _parse_error(
            text, f"invalid dialect/driver name {text.partition('://')[0]!r}"
        )
    drivername, rest = m.group("name"), m.group("rest")
    if drivername.count("+") > 1 or drivername.startswith("+") or drivername.endswith("+"):
        raise _parse_error(text, f"invalid dialect/driver name {drivername!r}")

    username = password = None
    u = _USERINFO.match(rest)
    if u:
        username = unquote(u.group("username"))
        if u.group("password") is not None:
            password = unquote(u.group("password"))
        rest = rest[u.end():]

    host: str | None = None
    if rest.startswith("["):
        end = rest.find("]")
        if end < 0:
            raise _parse_error(text, "unterminated IPv6 host (missing ']')")
        host = rest[1:end]
        if not host or any(c in host for c in "/?[]"):
            raise _parse_error(text, f"invalid IPv6 host {host!r}")
        rest = rest[end + 1:]
    else:
        hm = re.match(r"[^/:?]*", rest)
        assert hm is not None
        host = hm.group(0) or None
        rest = rest[hm.end():]

    port: int | None = None
    if rest.startswith(":"):
        pm = re.match(r":([^/?]*)", rest)
        assert pm is not None
        raw_port = pm.group(1)
        rest = rest[pm.end():]
        if raw_port != "":
            if not raw_port.isdigit() or not raw_port.isascii():
                raise _parse_error(text, f"port {raw_port!r} is not an integer")
            port = int(raw_port)
            if port > 65535:
                raise _parse_error(text, f"port {port} is out of range (0-65535)")

    database: str | None = None
    if rest.startswith("/"):
        db, sep, query_text = rest[1:].partition("?")
        database = db
        rest = sep + query_text
        # ``sqlite://`` style with nothing after the slash means "no database".
        if database == "" and host is None and drivername.startswith("sqlite"):
            database = None
    query: dict[str, Any] = {}
    if rest.startswith("?"):
        try:
            pairs = parse_qsl(rest[1:], keep_blank_values=True, strict_parsing=bool(rest[1:]))
        except ValueError as err:
            raise _parse_error(text, f"malformed query string {rest[1:]!r} ({err})") from None
        for key, value in pairs:
            if key in query:
                old = query[key]
                query[key] = (old if isinstance(old, tuple) else (old,)) + (value,)
            else:
                query[key] = value
        rest = ""
    if rest:
        raise _parse_error(text, f"unexpected text {rest!r}")
    if host is not None and any(c in host for c in "@ "):
        raise _parse_error(text, f"invalid host {host!r}")
    return URL.create(drivername, username, password, host, port, database, query)
