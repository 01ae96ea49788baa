"""comparator_factory= / PropComparator on column_property(), deferred() and synonym(): the same
SQL as SQLAlchemy for redefined operators, custom methods, operators left to the default,
aliased entities; the same rows on the three databases."""

import importlib
import os

import pytest


def build(pkg: str):
    sa = importlib.import_module(pkg)
    so = importlib.import_module(pkg + ".orm")
    ColumnProperty = importlib.import_module(pkg + ".orm.properties").ColumnProperty
    sfx = os.environ.get("PYTEST_XDIST_WORKER", "m")

    class CaseInsensitive(ColumnProperty.Comparator):
        def __eq__(self, other):
            return sa.func.lower(self.__clause_element__()) == sa.func.lower(other)

    class Prefix(ColumnProperty.Comparator):
        def __lt__(self, other):
            return sa.func.substr(self.__clause_element__(), 1, 1) < other

        def starts(self, s):
            return self.__clause_element__().like(s + "%")

        def like(self, other, escape=None):
            return sa.func.upper(self.__clause_element__()).like(sa.func.upper(other))

    class OnlyEq(so.PropComparator):
        """The base class: no operator but those defined here."""

        def __clause_element__(self):
            return self.prop.columns[0]

        def __eq__(self, other):
            return self.__clause_element__() == sa.func.upper(other)

    class Base(so.DeclarativeBase):
        pass

    class Word(Base):
        __tablename__ = "cf_words_" + sfx
        id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
        word = sa.Column(sa.String(20))
        ci = so.column_property(sa.func.lower(word), comparator_factory=CaseInsensitive)
        code = so.column_property(sa.Column("code", sa.String(20)), comparator_factory=Prefix)
        note = so.deferred(sa.Column("note", sa.String(20)), comparator_factory=CaseInsensitive)
        syn = so.synonym("word", comparator_factory=CaseInsensitive)
        tag = so.column_property(sa.Column("tag", sa.String(20)), comparator_factory=OnlyEq)

    return sa, so, Base, Word


def _statements(sa, so, Word):
    wa = so.aliased(Word, name="wa")
    return {
        "eq": sa.select(Word.id).where(Word.ci == "Foo"),
        "reflected_eq": sa.select(Word.id).where("Foo" == Word.ci),
        "lt": sa.select(Word.id).where(Word.code < "m"),
        "ne_default": sa.select(Word.id).where(Word.code != "ab"),
        "in_default": sa.select(Word.id).where(Word.code.in_(["ab", "cd"])),
        "like_redefined": sa.select(Word.id).where(Word.code.like("a%")),
        "startswith_default": sa.select(Word.id).where(Word.code.startswith("a")),
        "method": sa.select(Word.id).where(Word.code.starts("q")),
        "order_default": sa.select(Word.id).order_by(Word.code.desc()),
        "deferred": sa.select(Word.id).where(Word.note == "Q"),
        "synonym": sa.select(Word.id).where(Word.syn == "BAR"),
        "aliased": sa.select(wa.id).where(wa.ci == "Foo"),
        "aliased_synonym": sa.select(wa.id).where(wa.syn == "Foo"),
        "select_attr": sa.select(Word.id, Word.code),
        "base_eq": sa.select(Word.id).where(Word.tag == "t"),
    }


def test_sql_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, Word = build(pkg)
        out.append({k: str(v) for k, v in _statements(sa, so, Word).items()})
        Base.registry.dispose()
    assert out[1] == out[0]
    assert out[1]["eq"].split("WHERE ")[1] == f"lower(lower({Word.__tablename__}.word)) = lower(:lower_1)"


def test_comparator_api_matches_sqlalchemy():
    pytest.importorskip("sqlalchemy")
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, so, Base, Word = build(pkg)
        ColumnProperty = importlib.import_module(pkg + ".orm.properties").ColumnProperty
        cmp = Word.ci.comparator
        wa = so.aliased(Word)
        with pytest.raises(NotImplementedError):
            Word.tag != "x"
        out.append((type(cmp).__name__, cmp.prop is sa.inspect(Word).attrs.ci, cmp.property is cmp.prop,
                    cmp.info, issubclass(ColumnProperty.Comparator, so.PropComparator),
                    so.PropComparator is importlib.import_module(pkg + ".orm.interfaces").PropComparator,
                    type(wa.ci.comparator).__name__, str(wa.ci.comparator.__clause_element__()) != str(
                        cmp.__clause_element__())))
        Base.registry.dispose()
    assert out[1] == out[0]


def _rows(pkg, both):
    sa, so, Base, Word = build(pkg)
    engine = both.orm_engine if pkg == "orm" else both.sa_engine
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    try:
        with so.Session(engine) as s:
            s.add_all([Word(id=1, word="Foo", code="ab", note="Q", tag="T"),
                       Word(id=2, word="bar", code="qx", note="q", tag="t"),
                       Word(id=3, word="FOO", code="zz", note="n")])
            s.commit()
            got = {}
            for name, stmt in _statements(sa, so, Word).items():
                if name in ("select_attr", "aliased", "aliased_synonym"):
                    continue
                got[name] = sorted(s.scalars(stmt).all()) if name != "order_default" else s.scalars(stmt).all()
            got["filter_by"] = sorted(w.id for w in s.query(Word).filter_by(ci="FOO"))
            got["values"] = [(w.ci, w.code, w.note) for w in s.scalars(sa.select(Word).order_by(Word.id))]
            return got
    finally:
        Base.metadata.drop_all(engine)


def test_rows_match_sqlalchemy(both):
    ours = _rows("orm", both)
    assert ours == _rows("sqlalchemy", both)
    assert ours["eq"] == [1, 3] and ours["lt"] == [1] and ours["method"] == [2]
