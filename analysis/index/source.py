"""Reading source files: bytes -> text (PEP 263 coding cookies, BOM), content hashes.

Example::

    text = decode_source(b"# -*- coding: latin-1 -*-\\nname = '\\xe9'\\n")   # "...name = 'é'..."
    key = content_hash(text)
"""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


class SourceError(Exception):
    """A file that cannot be read or decoded; the message says why."""


def _cookie_encoding(data: bytes) -> str | None:
    # PEP 263: the cookie may be on the first or second line only
    lines = data.split(b"\n", 2)[:2]
    for number, line in enumerate(lines):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii", "replace")
        stripped = line.strip()
        # a non-comment, non-blank first line ends the search (the cookie must come first)
        if number == 0 and stripped and not stripped.startswith(b"#"):
            break
    return None


def decode_source(data: bytes) -> str:
    """The text of a Python source file, decoded as Python itself would (UTF-8 by default).

    Undecodable bytes become U+FFFD rather than failing: a file with a broken encoding still gets
    analysed (its syntax, if valid, is all ASCII in practice).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    encoding = _cookie_encoding(data) or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    return data.decode(encoding, "replace")


def read_source(path: str | Path) -> str:
    """Read and decode ``path``; raises :class:`SourceError` with the reason when it cannot."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return decode_source(data)


def content_hash(text: str) -> str:
    """A short stable digest of ``text`` (the key of every per-file cache)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n`` (positions are then the same for every parser)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


__all__ = ["SourceError", "content_hash", "decode_source", "normalise_newlines", "read_source"]
