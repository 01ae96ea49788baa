"""analysis.typesys.python_type_from_arguments: what a SQL type's literal arguments decide about
the Python type of its values (the checker's rule, also used by the mypy plugin), checked against
the ``python_type`` of the same type built by ``orm`` and by SQLAlchemy."""
from __future__ import annotations

import pytest

from analysis.typesys import python_type_from_arguments

# (class name, its library bases, keyword arguments, decided Python type)
CASES = [
    ("Numeric", [], {"asdecimal": False}, "float"),
    ("Numeric", [], {"asdecimal": True}, "decimal.Decimal"),
    ("Float", ["Numeric"], {"asdecimal": True}, "decimal.Decimal"),
    ("Float", ["Numeric"], {"asdecimal": False}, "float"),
    ("Uuid", [], {"as_uuid": False}, "str"),
    ("Uuid", [], {"as_uuid": True}, "uuid.UUID"),
    ("Numeric", [], {}, None),                 # no argument: the type's own Python type holds
    ("Integer", [], {"asdecimal": True}, None),  # not an argument of Integer
    ("String", [], {"as_uuid": False}, None),
]


@pytest.mark.parametrize(("name", "bases", "kwargs", "expected"), CASES,
                         ids=[f"{n}-{k}" for n, _, k, _ in CASES])
def test_arguments_decide(name: str, bases: list, kwargs: dict, expected: str) -> None:
    assert python_type_from_arguments([name, *bases], **kwargs) == expected


def test_enum_values() -> None:
    assert python_type_from_arguments(["Enum"], enum_of_strings=True) == "str"
    assert python_type_from_arguments(["Enum"], enum_of_strings=False) is None  # the enum's members
    assert python_type_from_arguments(["String"], enum_of_strings=True) is None


@pytest.mark.parametrize("library", ["orm.types", "sqlalchemy"])
@pytest.mark.parametrize(("name", "bases", "kwargs", "expected"),
                         [c for c in CASES if c[3] is not None], ids=lambda v: str(v))
def test_the_runtimes_agree(library: str, name: str, bases: list, kwargs: dict, expected: str) -> None:
    module = pytest.importorskip(library)
    value_type = getattr(module, name)(**kwargs).python_type
    assert f"{value_type.__module__}.{value_type.__qualname__}".removeprefix("builtins.") == expected


@pytest.mark.parametrize("library", ["orm.types", "sqlalchemy"])
def test_the_runtimes_agree_on_string_enums(library: str) -> None:
    module = pytest.importorskip(library)
    assert module.Enum("a", "b").python_type is str
