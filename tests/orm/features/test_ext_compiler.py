"""orm.ext.compiler: @compiles renders custom constructs, overrides built-in ones per dialect, and
reaches the DDL and type compilers; the same SQL as SQLAlchemy, and executed on the three
databases with the same rows."""
import importlib

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")


def build(pkg):
    """The custom constructs of SQLAlchemy's compiler documentation, written against ``pkg``."""
    sa = importlib.import_module(pkg)
    ext = importlib.import_module(pkg + ".ext.compiler")
    expr = importlib.import_module(pkg + ".sql.expression")
    ns = type("NS", (), {})()
    ns.sa, ns.ext, ns.expr = sa, ext, expr

    class MyColumn(expr.ColumnClause):
        inherit_cache = True

    @ext.compiles(MyColumn)
    def _mycol(element, compiler, **kw):
        return "[%s]" % element.name

    class coalesce(expr.FunctionElement):
        name = "coalesce"
        inherit_cache = True

    @ext.compiles(coalesce)
    def _coalesce(element, compiler, **kw):
        return "coalesce(%s)" % compiler.process(element.clauses, **kw)

    @ext.compiles(coalesce, "postgresql")
    def _pg_coalesce(element, compiler, **kw):
        return "COALESCE(%s)" % compiler.process(element.clauses, **kw)

    class InsertFromSelect(expr.Executable, expr.ClauseElement):
        inherit_cache = False

        def __init__(self, table, select):
            self.table, self.select = table, select

    @ext.compiles(InsertFromSelect)
    def _ifs(element, compiler, **kw):
        return "INSERT INTO %s %s" % (compiler.process(element.table, asfrom=True, **kw),
                                      compiler.process(element.select, **kw))

    class utcnow(expr.FunctionElement):
        type = sa.DateTime()
        inherit_cache = True

    @ext.compiles(utcnow, "postgresql")
    def _pg_utcnow(element, compiler, **kw):
        return "TIMEZONE('utc', CURRENT_TIMESTAMP)"

    class AlterColumn(sa.schema.DDLElement):
        inherit_cache = False

        def __init__(self, column, cmd):
            self.column, self.cmd = column, cmd

    @ext.compiles(AlterColumn)
    def _alter(element, compiler, **kw):
        return "ALTER TABLE %s ALTER COLUMN %s %s" % (
            compiler.preparer.format_table(element.column.table), element.column.name, element.cmd)

    ns.MyColumn, ns.coalesce, ns.InsertFromSelect = MyColumn, coalesce, InsertFromSelect
    ns.utcnow, ns.AlterColumn = utcnow, AlterColumn
    md = sa.MetaData()
    ns.md = md
    ns.src = sa.Table("xc_src", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.Integer))
    ns.dst = sa.Table("xc_dst", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("v", sa.Integer))
    ns.stamped = sa.Table("xc_stamped", md, sa.Column("id", sa.Integer, primary_key=True),
                          sa.Column("ts", sa.DateTime, server_default=utcnow()))
    return ns


def _dialects(pkg):
    return {name: importlib.import_module(f"{pkg}.dialects.{name}").dialect()
            for name in ("sqlite", "postgresql", "mysql")}


CASES = {
    "column": lambda n: n.sa.select(n.MyColumn("x"), n.src.c.v).where(n.src.c.id == 5),
    "function": lambda n: n.sa.select(n.coalesce(n.src.c.v, 3)),
    "statement": lambda n: n.InsertFromSelect(n.dst, n.sa.select(n.src).where(n.src.c.v > 5)),
    "ddl_default": lambda n: n.sa.schema.CreateTable(n.stamped),
    "custom_ddl": lambda n: n.AlterColumn(n.stamped.c.ts, "SET NOT NULL"),
}


# utcnow has a rendering for postgresql only (the other dialects raise: tested below)
@pytest.mark.parametrize("case,dialect", [(c, d) for c in sorted(CASES)
                                          for d in ("sqlite", "postgresql", "mysql", None)
                                          if c != "ddl_default" or d == "postgresql"])
def test_same_sql_as_sqlalchemy(case, dialect):
    got = []
    for pkg in ("sqlalchemy", "orm"):
        n = build(pkg)
        stmt = CASES[case](n)
        # named parameters: our mysql dialect's default paramstyle (pyformat) differs from
        # SQLAlchemy's (format), which is not this module's subject
        d = importlib.import_module(f"{pkg}.dialects.{dialect}").dialect(paramstyle="named") if dialect else None
        compiled = stmt.compile(dialect=d)
        got.append((str(compiled), dict(getattr(compiled, "params", None) or {})))
    assert got[0] == got[1]


def test_literal_binds_reach_the_custom_function():
    for pkg in ("sqlalchemy", "orm"):
        n = build(pkg)
        out = str(n.sa.select(n.coalesce(n.src.c.v, 3)).compile(
            dialect=_dialects(pkg)["postgresql"], compile_kwargs={"literal_binds": True}))
        assert out == "SELECT COALESCE(xc_src.v, 3) AS coalesce_1 \nFROM xc_src"


def test_override_builtin_insert_per_dialect_and_deregister():
    import orm
    from orm.ext.compiler import compiles, deregister
    from orm.sql.expression import Insert

    t = orm.table("t", orm.column("a"))
    ins = orm.insert(t).values(a=1)
    sqlite, pg = _dialects("orm")["sqlite"], _dialects("orm")["postgresql"]

    @compiles(Insert, "sqlite")
    def _or_ignore(insert, compiler, **kw):
        return compiler.visit_insert(insert.prefix_with("OR IGNORE"), **kw)

    try:
        assert str(ins.compile(dialect=sqlite)) == "INSERT OR IGNORE INTO t (a) VALUES (?)"
        assert str(ins.compile(dialect=pg)) == "INSERT INTO t (a) VALUES (%(a)s)"
    finally:
        deregister(Insert)
    assert str(ins.compile(dialect=sqlite)) == "INSERT INTO t (a) VALUES (?)"


def test_type_compiler_override():
    import orm
    from orm.ext.compiler import compiles, deregister
    from orm.schema import CreateTable

    class Fancy(orm.types.TypeDecorator):
        impl = orm.String
        cache_ok = True

    @compiles(Fancy, "postgresql")
    def _fancy(type_, compiler, **kw):
        return "CITEXT"

    t = orm.Table("xc_types", orm.MetaData(), orm.Column("s", Fancy(5)))
    try:
        assert "\ts CITEXT\n" in str(CreateTable(t).compile(dialect=_dialects("orm")["postgresql"]))
        assert "\ts VARCHAR(5)\n" in str(CreateTable(t).compile(dialect=_dialects("orm")["sqlite"]))
    finally:
        deregister(Fancy)


def test_dialect_only_registration_raises_elsewhere():
    n = build("orm")
    import orm

    with pytest.raises(orm.exc.UnsupportedCompilationError, match="no default compilation handler"):
        n.utcnow().compile(dialect=_dialects("orm")["sqlite"])


def test_unregistered_custom_construct_and_bad_arguments():
    import orm
    from orm.ext.compiler import compiles
    from orm.sql.expression import ColumnElement

    class Nothing(ColumnElement):
        pass

    with pytest.raises(orm.exc.CompileError):
        orm.select(Nothing()).compile()
    with pytest.raises(orm.exc.ArgumentError):
        compiles("not a class")
    with pytest.raises(orm.exc.ArgumentError):
        compiles(Nothing, "")
    with pytest.raises(orm.exc.ArgumentError):
        compiles(Nothing)(42)


def test_custom_instances_never_share_a_cached_compiled_form():
    """Two InsertFromSelect with different SELECTs must not reuse one compiled statement (their
    class declares no shape), while an inherit_cache column class stays cacheable."""
    n = build("orm")
    a = n.InsertFromSelect(n.dst, n.sa.select(n.src).where(n.src.c.v > 5))
    b = n.InsertFromSelect(n.src, n.sa.select(n.dst))
    assert a._generate_cache_key() is None and b._generate_cache_key() is None
    assert n.sa.select(n.MyColumn("x"))._generate_cache_key() is not None
    assert n.sa.select(n.MyColumn("x"))._generate_cache_key()[0] != n.sa.select(n.MyColumn("y"))._generate_cache_key()[0]


def test_executes_with_same_rows(both):
    rows = []
    for pkg, engine in (("sqlalchemy", both.sa_engine), ("orm", both.orm_engine)):
        n = build(pkg)
        n.md.drop_all(engine, tables=[n.src, n.dst])
        n.md.create_all(engine, tables=[n.src, n.dst])
        both.metadatas.append((n.md, engine))
        with engine.begin() as conn:
            conn.execute(n.src.insert(), [{"id": i, "v": i * 3} for i in range(1, 6)])
            conn.execute(n.InsertFromSelect(n.dst, n.sa.select(n.src).where(n.src.c.v > 5)))
            # a second, different statement of the same class on the same engine
            conn.execute(n.InsertFromSelect(n.dst, n.sa.select((n.src.c.id + 10).label("id"), n.src.c.v)
                                            .where(n.src.c.v < 5)))
            got = conn.execute(n.sa.select(n.dst.c.id, n.dst.c.v, n.coalesce(n.dst.c.v, 0))
                               .order_by(n.dst.c.id)).all()
        rows.append([tuple(r) for r in got])
        n.md.drop_all(engine, tables=[n.src, n.dst])
    assert rows[0] == rows[1] == [(2, 6, 6), (3, 9, 9), (4, 12, 12), (5, 15, 15), (11, 3, 3)]
