"""Where the cursor is, read from the tokens around it (works on half-typed, unparsable code).

Editor features are asked about code being typed: ``session.query(User).filter_by(na`` has no
closing parenthesis and does not parse.  Python's tokenizer still splits it, so the features work on
tokens of a window of lines around the cursor: the token under the cursor, the call whose
parentheses enclose it (callee, argument index, keyword), the receiver chain before the callee, and
the class whose body holds the line.

Example::

    ctx = cursor_context(source, line=3, column=30)
    ctx.call.callee == "filter_by"; ctx.call.receiver == "session.query(User)"
"""
from __future__ import annotations

import io
import re
import token as tok
import tokenize
from dataclasses import dataclass, field
from typing import Optional

WINDOW = 60            # lines looked at before the cursor
TAIL = 256             # characters before the cursor that can name what is being completed
_CLASS = re.compile(r"^(\s*)class\s+([A-Za-z_]\w*)")
_STATEMENT_START = re.compile(r"^[A-Za-z_@]")


@dataclass(frozen=True)
class Token:
    type: int
    text: str
    line: int          # 0-based
    column: int        # characters
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@dataclass(frozen=True)
class Call:
    """A call whose parentheses enclose the cursor.

    ``callee`` is the dotted callee (``"sa.orm.relationship"``, or ``"filter_by"`` for a method of
    a chain), ``receiver`` the expression text it is called on (``"select(User).where(x)"``),
    ``arg_index`` the 0-based positional slot, ``keyword`` the name in ``name=`` when the cursor is
    in a keyword argument, ``args`` the text of each argument before the cursor.
    """

    callee: str
    receiver: str
    arg_index: int
    keyword: Optional[str]
    args: tuple[str, ...]
    open_token: Token
    kwargs: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.callee.rsplit(".", 1)[-1]


@dataclass
class Context:
    """What surrounds a position: token, string state, enclosing calls, enclosing class."""

    token: Optional[Token]
    in_string: bool
    string_prefix: str           # text of the string before the cursor (inside the quotes)
    string_token: Optional[Token]
    calls: list[Call] = field(default_factory=list)   # innermost first
    enclosing_class: Optional[str] = None
    word_prefix: str = ""        # identifier characters right before the cursor
    dotted_before: str = ""      # "User." -> "User" when completing an attribute

    @property
    def call(self) -> Optional[Call]:
        return self.calls[0] if self.calls else None


def _window_start(lines: list[str], line: int) -> int:
    start = max(0, line - WINDOW)
    for candidate in range(line, start - 1, -1):
        text = lines[candidate] if candidate < len(lines) else ""
        if _STATEMENT_START.match(text) and candidate <= line:
            return candidate
    return start


def tokenize_window(source: str, line: int, after: int = 5) -> list[Token]:
    """Tokens of the lines from a statement start before ``line`` to ``after`` lines past it."""
    lines = source.split("\n")
    start = _window_start(lines, min(line, max(len(lines) - 1, 0)))
    chunk = "\n".join(lines[start:line + after + 1]) + "\n"
    out: list[Token] = []
    try:
        for t in tokenize.generate_tokens(io.StringIO(chunk).readline):
            if t.type in (tok.NL, tok.NEWLINE, tok.INDENT, tok.DEDENT, tok.ENDMARKER, tok.COMMENT):
                continue
            out.append(Token(t.type, t.string, t.start[0] - 1 + start, t.start[1],
                             t.end[0] - 1 + start, t.end[1]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass   # unclosed brackets or strings at the end of the window: keep what we have
    return out


def enclosing_class(source: str, line: int) -> Optional[str]:
    """The name of the class whose body holds ``line`` (by indentation), or None."""
    lines = source.split("\n")
    if line >= len(lines):
        return None
    current = lines[line]
    indent = len(current) - len(current.lstrip()) if current.strip() else None
    for number in range(line, -1, -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        level = len(text) - len(text.lstrip())
        match = _CLASS.match(text)
        if match and (indent is None or level < indent or number == line):
            return match.group(2)
        if indent is None:
            indent = level + 1
        if level < indent:
            indent = level
            if level == 0 and not match:
                return None
    return None


def cursor_context(source: str, line: int, column: int) -> Context:
    """Everything the editor features need to know about the position ``(line, column)``."""
    tokens = tokenize_window(source, line)
    # tokens strictly before the cursor, and the one the cursor touches
    before = [t for t in tokens if (t.end_line, t.end_column) <= (line, column)
              or (t.line, t.column) < (line, column)]
    at = _token_at(tokens, line, column)
    in_string, prefix, string_token = _string_state(source, tokens, line, column, at)
    calls = _calls(before if not (string_token and string_token in before) else
                   [t for t in before if t is not string_token], line, column, string_token)
    lines = source.split("\n")
    # only the end of the line matters; a bounded tail keeps these `$`-anchored searches linear
    text = (lines[line][:column] if line < len(lines) else "")[-TAIL:]
    word = re.search(r"[A-Za-z_]\w*$", text)
    dotted = re.search(r"([A-Za-z_][\w.]*)\.\s*([A-Za-z_]\w*)?$", text)
    return Context(
        token=at, in_string=in_string, string_prefix=prefix, string_token=string_token,
        calls=calls, enclosing_class=enclosing_class(source, line),
        word_prefix=word.group(0) if word else "",
        dotted_before=dotted.group(1) if dotted and not in_string else "",
    )


def _token_at(tokens: list[Token], line: int, column: int) -> Optional[Token]:
    best = None
    for t in tokens:
        if t.contains(line, column):
            # prefer names and strings over the operator that ends where they start
            if best is None or t.type in (tok.NAME, tok.STRING):
                best = t
    return best


def _string_state(source: str, tokens: list[Token], line: int, column: int,
                  at: Optional[Token]) -> tuple[bool, str, Optional[Token]]:
    if at is not None and at.type == tok.STRING and (at.line, at.column) < (line, column):
        body_start = _string_body_start(at.text)
        inside = at.line == line and at.column + body_start <= column
        closing = at.end_line == line and column >= at.end_column
        if inside and not closing or (at.line != line):
            if at.line == line:
                return True, at.text[body_start:column - at.column], at
            return True, "", at
    # an unterminated quote on this line (the user is typing the string)
    lines = source.split("\n")
    text = lines[line][:column] if line < len(lines) else ""
    quote = _open_quote(text)
    if quote is not None:
        token = Token(tok.STRING, text[quote:], line, quote, line, column)
        return True, text[quote + 1:], token
    return False, "", None


def _string_body_start(text: str) -> int:
    i = 0
    while i < len(text) and text[i] not in "'\"":
        i += 1            # prefixes: r, b, f, u
    if text[i:i + 3] in ('"""', "'''"):
        return i + 3
    return i + 1


def _open_quote(text: str) -> Optional[int]:
    """Index of the quote that opens a string still open at the end of ``text`` (one line)."""
    quote: Optional[str] = None
    start = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote is None:
            if ch == "#":
                return None
            if ch in "'\"":
                quote, start = ch, i
        elif ch == "\\":
            i += 1
        elif ch == quote:
            quote, start = None, None
        i += 1
    return start


def _calls(before: list[Token], line: int, column: int, string_token: Optional[Token]) -> list[Call]:
    """Calls whose open parenthesis is before the cursor and not closed before it."""
    stack: list[int] = []
    for i, t in enumerate(before):
        if t.type != tok.OP:
            continue
        if t.text in "([{":
            stack.append(i)
        elif t.text in ")]}" and stack:
            stack.pop()
    calls = []
    for index in reversed(stack):
        opener = before[index]
        if opener.text != "(":
            continue
        callee, receiver = _callee(before, index)
        if not callee:
            continue
        args, keyword, kwargs = _arguments(before[index + 1:], string_token)
        calls.append(Call(callee=callee, receiver=receiver, arg_index=len(args) - 1,
                          keyword=keyword, args=tuple(args), open_token=opener,
                          kwargs=tuple(kwargs)))
    return calls


def _callee(tokens: list[Token], paren: int) -> tuple[str, str]:
    """``("filter_by", "select(User)")`` for ``select(User).filter_by(``."""
    i = paren - 1
    if i < 0 or tokens[i].type != tok.NAME:
        return "", ""
    names = [tokens[i].text]
    i -= 1
    # dotted names: a.b.c(
    while i >= 1 and tokens[i].text == "." and tokens[i - 1].type == tok.NAME:
        names.append(tokens[i - 1].text)
        i -= 2
    callee = ".".join(reversed(names))
    if i >= 0 and tokens[i].text == ".":
        # a method of an expression: take the receiver text (balanced brackets, dotted names)
        end = i
        j = i - 1
        depth = 0
        while j >= 0:
            t = tokens[j]
            if t.text in ")]}":
                depth += 1
            elif t.text in "([{":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and not (t.type in (tok.NAME, tok.STRING, tok.NUMBER) or t.text == "."):
                break
            elif depth == 0 and t.type == tok.NAME and j + 1 < end and tokens[j + 1].type == tok.NAME:
                break
            j -= 1
        receiver = _join(tokens[j + 1:end])
        return callee, receiver
    return callee, ""


def _arguments(tokens: list[Token], string_token: Optional[Token]
               ) -> tuple[list[str], Optional[str], list[str]]:
    """Texts of the arguments so far, the keyword of the last one (if any), keywords given."""
    args: list[list[Token]] = [[]]
    depth = 0
    for t in tokens:
        if t.text in "([{":
            depth += 1
        elif t.text in ")]}":
            depth -= 1
        if depth == 0 and t.text == ",":
            args.append([])
            continue
        args[-1].append(t)
    keyword = None
    kwargs = []
    for arg in args:
        if len(arg) >= 2 and arg[0].type == tok.NAME and arg[1].text == "=":
            kwargs.append(arg[0].text)
    last = args[-1]
    if len(last) >= 2 and last[0].type == tok.NAME and last[1].text == "=":
        keyword = last[0].text
    elif len(last) == 1 and string_token is None and last[0].type == tok.NAME:
        keyword = None
    return [_join(a) for a in args], keyword, kwargs


def _join(tokens: list[Token]) -> str:
    out = []
    previous: Optional[Token] = None
    for t in tokens:
        if previous is not None and (previous.end_line, previous.end_column) != (t.line, t.column):
            out.append(" ")
        out.append(t.text)
        previous = t
    return "".join(out)


__all__ = ["Call", "Context", "Token", "cursor_context", "enclosing_class", "tokenize_window"]
