"""Schema/DDL parts of sqlalchemy.schema: BLANK_SCHEMA / SchemaConst, CreateColumn customised
through orm.ext.compiler, DropColumnComment, DefaultGenerator and BaseDDLElement.  DDL is compared
with SQLAlchemy 2.0 on three dialects and run on sqlite, postgresql and mysql."""
import importlib

import pytest

pytest.importorskip("sqlalchemy")

DIALECTS = ["sqlite", "postgresql", "mysql"]


def _dialect(pkg, name):
    return importlib.import_module(f"{pkg}.dialects.{name}").dialect()


def _blank_schema_tables(pkg):
    sa = importlib.import_module(pkg)
    schema = importlib.import_module(pkg + ".schema")
    md = sa.MetaData(schema="nosuchschema")
    inside = sa.Table("bs_inside", md, sa.Column("id", sa.Integer, primary_key=True))
    blank = sa.Table("bs_blank", md, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("other_id", sa.Integer), schema=schema.BLANK_SCHEMA)
    return sa, schema, md, inside, blank


@pytest.mark.parametrize("dialect", DIALECTS)
def test_blank_schema_same_ddl_and_keys(dialect):
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, schema, md, inside, blank = _blank_schema_tables(pkg)
        d = _dialect(pkg, dialect)
        copy = inside.to_metadata(sa.MetaData(schema="elsewhere"))
        copy_none = inside.to_metadata(sa.MetaData(schema="elsewhere"), schema=None)
        out.append((sorted(md.tables), blank.schema, inside.schema, copy.schema, copy_none.schema,
                    str(schema.CreateTable(blank).compile(dialect=d)),
                    str(sa.select(blank.c.id).compile(dialect=d)), repr(schema.BLANK_SCHEMA),
                    [m.name for m in schema.SchemaConst]))
    assert out[1] == out[0]
    assert out[1][:3] == (["bs_blank", "nosuchschema.bs_inside"], None, "nosuchschema")


def test_blank_schema_table_created_outside_the_metadata_schema(both):
    # the MetaData's schema does not exist: only a table that really has no schema can be created
    import orm
    sa, schema, md, inside, blank = _blank_schema_tables("orm")
    md.create_all(both.orm_engine, tables=[blank])
    try:
        with both.orm_engine.begin() as conn:
            conn.execute(blank.insert(), [{"id": 1, "other_id": 5}])
            assert conn.execute(orm.select(blank.c.other_id)).scalar_one() == 5
        assert orm.inspect(both.orm_engine).has_table("bs_blank")
    finally:
        blank.drop(both.orm_engine)


def test_bad_schema_value_is_a_clear_error():
    import orm

    for bad in (orm.schema.SchemaConst.NULL_UNSPECIFIED, 3):
        with pytest.raises(orm.exc.ArgumentError, match="Table schema must be a string"):
            orm.Table("x", orm.MetaData(), orm.Column("id", orm.Integer), schema=bad)


def _custom_columns(pkg):
    """A @compiles(CreateColumn) hook: columns with info["skip"] are left out of CREATE TABLE,
    columns with info["positive"] get an inline CHECK."""
    sa = importlib.import_module(pkg)
    schema = importlib.import_module(pkg + ".schema")
    compiler = importlib.import_module(pkg + ".ext.compiler")

    @compiler.compiles(schema.CreateColumn)
    def custom(element, ddlcompiler, **kw):
        column = element.element
        if column.info.get("skip"):
            return None
        text = ddlcompiler.visit_create_column(element, **kw)
        if column.info.get("positive"):
            text += f" CHECK ({ddlcompiler.preparer.quote(column.name)} > 0)"
        return text

    md = sa.MetaData()
    t = sa.Table("cc_items", md, sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("qty", sa.Integer, info={"positive": True}),
                 sa.Column("scratch", sa.String(10), info={"skip": True}),
                 sa.Column("name", sa.String(20), nullable=False, server_default="x"))
    return sa, schema, compiler, md, t


@pytest.mark.parametrize("dialect", DIALECTS)
def test_create_column_hook_same_ddl_as_sqlalchemy(dialect):
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa, schema, compiler, md, t = _custom_columns(pkg)
        try:
            out.append(str(schema.CreateTable(t).compile(dialect=_dialect(pkg, dialect))))
        finally:
            compiler.deregister(schema.CreateColumn)
    assert out[1] == out[0]
    assert "scratch" not in out[1] and "CHECK (qty > 0)" in out[1].replace("`", "")


def test_create_column_hook_on_the_database(both):
    import orm

    sa, schema, compiler, md, t = _custom_columns("orm")
    try:
        md.create_all(both.orm_engine)
    finally:
        compiler.deregister(schema.CreateColumn)
    both.metadatas.append((md, both.orm_engine))
    cols = [c["name"] for c in orm.inspect(both.orm_engine).get_columns("cc_items")]
    assert cols == ["id", "qty", "name"]
    with both.orm_engine.connect() as conn:
        conn.execute(orm.text("INSERT INTO cc_items (id, qty) VALUES (1, 3)"))
        with pytest.raises(orm.exc.IntegrityError if both.backend != "mysql" else orm.exc.DBAPIError):
            conn.execute(orm.text("INSERT INTO cc_items (id, qty) VALUES (2, -1)"))


def test_create_column_is_a_ddl_part_not_a_statement():
    import orm
    from orm.schema import BaseDDLElement, CreateColumn, CreateTable
    from orm.sql.base import Executable

    t = orm.Table("p", orm.MetaData(), orm.Column("id", orm.Integer, primary_key=True))
    ct = CreateTable(t)
    assert [type(c) for c in ct.columns] == [CreateColumn] and ct.columns[0].element is t.c.id
    assert isinstance(ct, BaseDDLElement) and isinstance(ct, Executable)
    assert isinstance(ct.columns[0], BaseDDLElement) and not isinstance(ct.columns[0], Executable)
    assert str(ct.columns[0]) == "id INTEGER NOT NULL"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_drop_column_comment_same_sql(dialect):
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa = importlib.import_module(pkg)
        schema = importlib.import_module(pkg + ".schema")
        t = sa.Table("dc_t", sa.MetaData(), sa.Column("x", sa.Integer, comment="old"), schema="s")
        out.append(str(schema.DropColumnComment(t.c.x).compile(dialect=_dialect(pkg, dialect))))
    assert out[1] == out[0] == "COMMENT ON COLUMN dc_t.x IS NULL"  # no schema, as SQLAlchemy


def test_drop_column_comment_on_postgresql(both):
    if both.backend != "postgresql":
        pytest.skip("COMMENT ON COLUMN is PostgreSQL's (SQLAlchemy renders the same on the others)")
    import orm
    from orm.schema import DropColumnComment

    md = orm.MetaData()
    t = orm.Table("dc_items", md, orm.Column("x", orm.Integer, comment="a comment"))
    both.metadatas.append((md, both.orm_engine))
    md.create_all(both.orm_engine)
    insp = lambda: orm.inspect(both.orm_engine).get_columns("dc_items")[0]["comment"]  # noqa: E731
    assert insp() == "a comment"
    with both.orm_engine.begin() as conn:
        conn.execute(DropColumnComment(t.c.x))
    assert insp() is None


def test_default_generator_is_the_base_of_column_defaults_and_sequences():
    out = []
    for pkg in ("sqlalchemy", "orm"):
        sa = importlib.import_module(pkg)
        schema = importlib.import_module(pkg + ".schema")
        t = sa.Table("dg", sa.MetaData(), sa.Column("id", sa.Integer, sa.Sequence("dg_seq"), primary_key=True),
                     sa.Column("n", sa.Integer, default=5), sa.Column("f", sa.Integer, default=lambda: 1),
                     sa.Column("s", sa.Integer, server_default="3"))
        out.append([(isinstance(c.default, schema.DefaultGenerator), getattr(c.default, "is_sequence", None),
                     getattr(c.default, "is_callable", None), getattr(c.default, "is_scalar", None))
                    for c in t.columns] + [isinstance(t.c.s.server_default, schema.DefaultGenerator)])
    assert out[1] == out[0]
    assert out[1][0] == (True, True, False, False)
