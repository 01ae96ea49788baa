"""The cursor context is read from tokens, so half-typed code still tells where the cursor is."""
from __future__ import annotations

from analysis.editor.context import cursor_context, enclosing_class


def ctx_at(source: str):
    """Context at the ``|`` marker (removed from the source)."""
    lines = source.split("\n")
    line = next(i for i, text in enumerate(lines) if "|" in text)
    column = lines[line].index("|")
    return cursor_context(source.replace("|", "", 1), line, column)


def test_unclosed_method_call_of_a_query_chain() -> None:
    ctx = ctx_at("rows = session.query(User).filter(User.id > 1).filter_by(na|")
    assert ctx.call is not None
    assert (ctx.call.callee, ctx.call.receiver) == ("filter_by", "session.query(User).filter(User.id > 1)")
    assert ctx.word_prefix == "na" and not ctx.in_string


def test_keywords_given_and_argument_index() -> None:
    ctx = ctx_at("u = User(name='x', email=f(1, 2), |)")
    assert ctx.call.callee == "User" and ctx.call.receiver == ""
    assert ctx.call.arg_index == 2 and ctx.call.kwargs == ("name", "email")


def test_inside_a_closed_string_argument() -> None:
    ctx = ctx_at('class User(Base):\n    posts = relationship("Po|st")\n')
    assert ctx.in_string and ctx.string_prefix == "Po"
    assert ctx.call.callee == "relationship" and ctx.call.arg_index == 0
    assert ctx.enclosing_class == "User"


def test_inside_a_string_being_typed() -> None:
    ctx = ctx_at('    author = relationship("User", back_populates="po|')
    assert ctx.in_string and ctx.string_prefix == "po"
    assert ctx.call.keyword == "back_populates" and ctx.call.args[0] == '"User"'


def test_nested_calls_innermost_first() -> None:
    ctx = ctx_at("stmt = select(User).options(selectinload(User.posts).joinedload(Post.|))")
    assert [c.callee for c in ctx.calls] == ["joinedload", "options"]
    assert ctx.calls[0].receiver == "selectinload(User.posts)"
    assert ctx.calls[1].receiver == "select(User)"
    assert ctx.dotted_before == "Post"


def test_no_call_and_comments() -> None:
    ctx = ctx_at("x = 1  # relationship(|")
    assert ctx.calls == [] and not ctx.in_string


def test_enclosing_class_by_indentation() -> None:
    source = "class A:\n    x = 1\n\n    def f(self):\n        y = 2\n\nz = 3\n"
    assert enclosing_class(source, 1) == "A"
    assert enclosing_class(source, 4) == "A"
    assert enclosing_class(source, 6) is None


def test_broken_code_after_the_cursor_does_not_matter() -> None:
    ctx = ctx_at('q = select(User).order_by("|")\nclass ((( broken\n    """unterminated')
    assert ctx.in_string and ctx.call.callee == "order_by" and ctx.call.receiver == "select(User)"
