"""analysis.typesys: value types of literals, calls and annotations, and compatibility verdicts."""
from __future__ import annotations

import libcst as cst
import pytest

from analysis.typesys import TypeReader, ValueType, element_verdict, union, verdict

IMPORTS = {"date": "datetime.date", "datetime": "datetime.datetime", "Decimal": "decimal.Decimal",
           "Optional": "typing.Optional", "Union": "typing.Union", "Literal": "typing.Literal",
           "Annotated": "typing.Annotated", "Sequence": "typing.Sequence", "dt": "datetime",
           "uuid4": "uuid.uuid4", "timedelta": "datetime.timedelta"}


def qualify(dotted: str) -> str:
    head, _, rest = dotted.partition(".")
    if head in IMPORTS:
        return IMPORTS[head] + ("." + rest if rest else "")
    return dotted


READER = TypeReader(qualify)


def expr_type(source: str) -> set[str] | None:
    found = READER.expression(cst.parse_expression(source))
    return set(found.names) if found is not None else None


def ann_type(source: str) -> ValueType | None:
    return READER.annotation(cst.parse_expression(source))


@pytest.mark.parametrize(("source", "expected"), [
    ("5", {"int"}), ("-5", {"int"}), ("2.5", {"float"}), ('"x"', {"str"}), ("b'x'", {"bytes"}),
    ('f"{a}b"', {"str"}), ('"a" "b"', {"str"}), ("True", {"bool"}), ("None", {"None"}),
    ("not a", {"bool"}), ("date(2024, 1, 1)", {"datetime.date"}),
    ("date.today()", {"datetime.date"}), ("datetime.now()", {"datetime.datetime"}),
    ("datetime.now().date()", {"datetime.date"}), ("dt.date(2024, 1, 1)", {"datetime.date"}),
    ("Decimal('1.5')", {"decimal.Decimal"}), ("uuid4()", {"uuid.UUID"}),
    ("time.time()", {"float"}), ("datetime.now().timestamp()", {"float"}),
    ("int(x)", {"int"}), ("str(x)", {"str"}), ("len(x)", {"int"}),
    ('"%s" % x', {"str"}), ('"{}".format(x)', {"str"}), ("1 + 2.0", {"float"}),
    ("date.today() - timedelta(days=1)", {"datetime.date"}),
    ("datetime.now() - datetime.now()", {"datetime.timedelta"}),
    ("1 if a else 2", {"int"}), ("1 if a else 'x'", {"int", "str"}),
])
def test_expression_types(source: str, expected: set[str]) -> None:
    assert expr_type(source) == expected


@pytest.mark.parametrize("source", ["x", "f(x)", "a.b", "x + 1", "json.dumps(x)", "1j",
                                    "a < b", "lambda: 1", "x[0]", "'a' + x"])
def test_unknown_expressions_have_no_type(source: str) -> None:
    assert expr_type(source) is None


def test_collections_carry_their_element_type() -> None:
    found = READER.expression(cst.parse_expression("[1, 2, 3]"))
    assert found is not None and found.names == {"list"} and found.element == ValueType.of("int")
    mixed = READER.expression(cst.parse_expression("(1, 'a')"))
    assert mixed is not None and mixed.element is not None
    assert mixed.element.names == {"int", "str"}
    unknown = READER.expression(cst.parse_expression("[1, x]"))
    assert unknown is not None and unknown.element is None


@pytest.mark.parametrize(("source", "names", "element"), [
    ("int", {"int"}, None), ("Optional[str]", {"str", "None"}, None),
    ("str | None", {"str", "None"}, None), ("Union[int, str]", {"int", "str"}, None),
    ("list[str]", {"list"}, {"str"}), ("Sequence[int]", {"list"}, {"int"}),
    ("tuple[int, ...]", {"tuple"}, {"int"}), ('Literal["a", "b"]', {"str"}, None),
    ("Annotated[int, 'meta']", {"int"}, None), ('"date"', {"datetime.date"}, None),
    ("dt.datetime", {"datetime.datetime"}, None),
])
def test_annotation_types(source: str, names: set[str], element: set[str] | None) -> None:
    found = ann_type(source)
    assert found is not None and set(found.names) == names
    if element is not None:
        assert found.element is not None and set(found.element.names) == element


@pytest.mark.parametrize("source", ["Any", "MyClass", "dict[str, int]", "Optional[Thing]",
                                    '"not valid ("', "Callable[[int], str]"])
def test_unknown_annotations(source: str) -> None:
    found = ann_type(source)
    assert found is None or found.names == {"dict"}


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("int", {"str"}, "incompatible"), ("int", {"float"}, "ok"), ("int", {"decimal.Decimal"}, "ok"),
    # SQLite and MySQL store booleans as 0/1 (PostgreSQL refuses it: see the test below)
    ("int", {"bool"}, "ok"), ("bool", {"int"}, "ok"),
    ("bool", {"str"}, "incompatible"),
    ("str", {"int"}, "incompatible"), ("str", {"datetime.date"}, "ok"),
    ("datetime.datetime", {"datetime.date"}, "ok"), ("datetime.datetime", {"str"}, "ok"),
    ("datetime.date", {"int"}, "incompatible"), ("uuid.UUID", {"str"}, "ok"),
    ("decimal.Decimal", {"str"}, "incompatible"), ("int", {"None"}, "ok"),
    ("int", {"str", "None"}, "incompatible"), ("int", {"str", "int"}, "unknown"),
    ("list", {"str"}, "unknown"), ("dict", {"int"}, "unknown"),
])
def test_verdicts(column: str, value: set[str], expected: str) -> None:
    assert verdict(column, ValueType(frozenset(value))) == expected


@pytest.mark.parametrize(("column", "sql_type", "value", "portable", "on_postgresql"), [
    # boolean = integer: PostgreSQL refuses it, SQLite and MySQL compare 0/1
    ("bool", "Boolean", "int", "ok", "incompatible"),
    ("int", "Integer", "bool", "ok", "incompatible"),
    # a str for the backend-agnostic Uuid: SQLite and MySQL fail (value.hex), PostgreSQL's uuid
    # takes it; a PostgreSQL UUID type is not the backend-agnostic one
    ("uuid.UUID", "Uuid", "str", "incompatible", "ok"),
    ("uuid.UUID", "UUID", "str", "ok", "ok"),
    # pairs whose verdict is the same everywhere
    ("int", "Integer", "str", "incompatible", "incompatible"),
    ("bool", "Boolean", "str", "incompatible", "incompatible"),
])
def test_verdicts_that_depend_on_the_database(column: str, sql_type: str, value: str,
                                              portable: str, on_postgresql: str) -> None:
    assert verdict(column, ValueType.of(value), sql_type) == portable
    assert verdict(column, ValueType.of(value), sql_type, postgresql_only=True) == on_postgresql


def test_opaque_sql_types_and_unknowns_are_never_judged() -> None:
    assert verdict("str", ValueType.of("int"), "JSON") == "unknown"
    assert verdict(None, ValueType.of("int")) == "unknown"
    assert verdict("int", None) == "unknown"
    assert verdict("int", ValueType(frozenset())) == "unknown"


def test_element_verdicts_and_unions() -> None:
    strings = ValueType.of("list", element=ValueType.of("str"))
    assert element_verdict("int", strings) == "incompatible"
    assert element_verdict("str", strings) == "ok"
    assert element_verdict("int", ValueType.of("list")) == "unknown"
    assert element_verdict("int", ValueType.of("str")) == "unknown"
    assert union([ValueType.of("int"), None]) is None
    assert union([ValueType.of("int"), ValueType.of("None")]) == ValueType.of("int", "None")
    assert ValueType.of("datetime.date", "None").describe() == "date | None"
    assert strings.describe() == "list[str]"
