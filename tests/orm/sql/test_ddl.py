"""DDL rendering: the exact text SQLAlchemy 2.0 renders for each dialect (observed with the installed
sqlalchemy and written down here), foreign-key ordering, create_all's statement sequence, and the
inputs DDL refuses."""
from __future__ import annotations

from typing import Any

import pytest
import sqlglot

import orm as s
from orm import event, exc
from orm import schema as ddl
from orm.dialects import mysql, postgresql, sqlite
from orm.dialects.postgresql import ENUM
from orm.dialects.postgresql.ddl import CreateEnumType, DropEnumType
from orm.sql.ddl import sort_tables, sort_tables_and_constraints

DIALECTS = {"sqlite": sqlite.dialect(), "postgresql": postgresql.dialect(), "mysql": mysql.dialect()}
SQLGLOT = {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql"}


def _schema() -> tuple[s.MetaData, dict[str, s.Table], dict[str, s.Index]]:
    """One table per DDL feature (the same definitions produced the expected text in SQLAlchemy)."""
    m = s.MetaData()
    T, C = s.Table, s.Column
    t: dict[str, s.Table] = {}
    t["types"] = T("types", m, C("id", s.Integer, primary_key=True), C("a", s.String(10)), C("b", s.Text),
                   C("c", s.Unicode(20)), C("d", s.UnicodeText), C("e", s.Numeric(10, 2)), C("f", s.Float), C("g", s.Date),
                   C("h", s.DateTime), C("i", s.Time), C("j", s.Interval), C("k", s.LargeBinary), C("l", s.JSON),
                   C("m", s.Uuid), C("n", s.BigInteger), C("o", s.SmallInteger), C("p", s.Boolean),
                   C("q", s.DateTime(timezone=True)), C("r", s.Numeric), C("s", s.Double), C("t", s.Enum("x", "y", name="xy")))
    t["users"] = T("users", m, C("id", s.Integer, primary_key=True),
                   C("name", s.String(50), unique=True, nullable=False, comment="the name"),
                   C("created", s.DateTime, server_default=s.func.now()), C("n", s.Integer, server_default="0"),
                   C("pct", s.String(10), server_default="50%"), C("flag", s.Boolean, server_default=s.text("1")),
                   s.CheckConstraint("n >= 0", name="ck_n"), s.CheckConstraint(s.column("n") < 100),
                   comment="users table", mysql_engine="InnoDB", mysql_charset="utf8mb4")
    t["addresses"] = T("addresses", m, C("id", s.Integer, primary_key=True),
                       C("user_id", s.Integer, s.ForeignKey("users.id", ondelete="CASCADE", onupdate="SET NULL")),
                       C("email", s.String(100), index=True), s.UniqueConstraint("user_id", "email", name="uq_ue"),
                       s.Index("ix_ue", "user_id", "email", unique=True))
    t["composite"] = T("composite", m, C("a", s.Integer, primary_key=True), C("b", s.String(5), primary_key=True),
                       C("order", s.Integer), C("User Name", s.String(3)),
                       s.ForeignKeyConstraint(["a"], ["users.id"], name="fk_a"))
    t["ident"] = T("ident", m, C("id", s.Integer, s.Identity(start=5), primary_key=True),
                   C("c", s.Integer, s.Computed("id * 2")), C("d", s.Integer, s.Computed("id*3", persisted=True)))
    t["sq"] = T("sq", m, C("id", s.Integer, primary_key=True), sqlite_autoincrement=True)
    t["big"] = T("big", m, C("id", s.BigInteger, primary_key=True))
    t["sm"] = T("sm", m, C("id", s.SmallInteger, primary_key=True))
    t["noauto"] = T("noauto", m, C("id", s.Integer, primary_key=True, autoincrement=False), C("s", s.String(5)))
    t["checks"] = T("checks", m, C("id", s.Integer, primary_key=True), C("a", s.Integer, s.ForeignKey("users.id")),
                    C("b", s.Integer, unique=True), C("c", s.Integer, s.CheckConstraint("c>0")),
                    C("x", s.Integer, s.CheckConstraint("x>0", name="ck_x")))
    t["defaults"] = T("defaults", m, C("id", s.Integer, primary_key=True),
                      C("d", s.Date, server_default=s.text("CURRENT_DATE")), C("e", s.Float, server_default="1.5"),
                      C("f", s.Boolean, server_default=s.true()), C("g", s.Integer, nullable=False, server_default=s.text("0")),
                      C("h", s.String(20), server_default=s.func.lower("X")),
                      C("w", s.Integer, server_default=s.literal_column("3") + 4),
                      C("z", s.String(20), server_default=s.literal("a'b")), C("ts", s.TIMESTAMP))
    t["schematypes"] = T("schematypes", m, C("id", s.Integer, primary_key=True), C("s", s.String(3)),
                         C("e3", s.Enum("x", "y", name="e3t", create_constraint=True)),
                         C("b", s.Boolean(create_constraint=True)))
    t["deferred"] = T("deferred", m, C("id", s.Integer, primary_key=True), C("p1", s.Integer), C("p2", s.Integer),
                      s.ForeignKeyConstraint(["p1", "p2"], ["pair.a", "pair.b"], name="fk"),
                      C("q", s.Integer, s.ForeignKey("users.id", deferrable=True, initially="DEFERRED")))
    t["pair"] = T("pair", m, C("a", s.Integer, primary_key=True), C("b", s.Integer, primary_key=True),
                  C("c", s.Integer, autoincrement=True))
    t["autofirst"] = T("autofirst", m, C("id", s.Integer, primary_key=True),
                       C("o", s.Integer, primary_key=True, autoincrement=True))
    t["opts"] = T("opts", m, C("id", s.Integer, primary_key=True), mysql_charset="utf8mb4", mysql_engine="InnoDB",
                  mysql_collate="utf8mb4_bin", mysql_row_format="DYNAMIC")
    users = t["users"]
    ix_expr = s.Index("ix_lower", s.func.lower(users.c.name), users.c.n.desc())
    users.append_constraint(ix_expr)
    ix_w = s.Index("ix_w", "name", postgresql_where=users.c.n > 5, postgresql_using="gin",
                   sqlite_where=users.c.n > 5, mysql_length=10)
    users.append_constraint(ix_w)
    by_name = {i.name: i for i in t["addresses"].indexes}
    indexes = {"ix_addresses_email": by_name["ix_addresses_email"], "ix_ue": by_name["ix_ue"],
               "ix_lower": ix_expr, "ix_w": ix_w}
    return m, t, indexes


def _statement(kind: str, name: str) -> Any:
    m, t, ix = _schema()
    fk_a = next(c for c in t["composite"].constraints if isinstance(c, s.ForeignKeyConstraint))
    return {
        "create": lambda: ddl.CreateTable(t[name]),
        "create_if_not_exists": lambda: ddl.CreateTable(t[name], if_not_exists=True),
        "drop": lambda: ddl.DropTable(t[name]),
        "drop_if_exists": lambda: ddl.DropTable(t[name], if_exists=True),
        "create_index": lambda: ddl.CreateIndex(ix[name]),
        "drop_index": lambda: ddl.DropIndex(ix[name]),
        "add_constraint": lambda: ddl.AddConstraint(fk_a),
        "drop_constraint": lambda: ddl.DropConstraint(fk_a),
        "sequence": lambda: ddl.CreateSequence(s.Sequence(name, start=3, increment=2)),
        "drop_sequence": lambda: ddl.DropSequence(s.Sequence(name)),
        "schema": lambda: ddl.CreateSchema(name),
        "drop_schema": lambda: ddl.DropSchema(name, cascade=True),
        "column_comment": lambda: ddl.SetColumnComment(t["users"].c.name),
        "table_comment": lambda: ddl.SetTableComment(t[name]),
        "create_enum": lambda: CreateEnumType(ENUM("a", "b'c", name=name)),
        "drop_enum": lambda: DropEnumType(ENUM("a", "b'c", name=name)),
    }[kind]()


EXPECTED = {
    ('mysql', 'add_constraint', 'fk_a'):
        'ALTER TABLE composite ADD CONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)',
    ('mysql', 'column_comment', 'users.name'):
        "ALTER TABLE users CHANGE name name VARCHAR(50) NOT NULL COMMENT 'the name'",
    ('mysql', 'create', 'addresses'):
        '\nCREATE TABLE addresses (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tuser_id INTEGER, \n\temail VARCHAR(100), \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_ue UNIQUE (user_id, email), \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL\n)\n\n',
    ('mysql', 'create', 'autofirst'):
        '\nCREATE TABLE autofirst (\n\tid INTEGER NOT NULL, \n\to INTEGER NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (o, id)\n)\n\n',
    ('mysql', 'create', 'big'):
        '\nCREATE TABLE big (\n\tid BIGINT NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create', 'checks'):
        '\nCREATE TABLE checks (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\ta INTEGER, \n\tb INTEGER, \n\tc INTEGER CHECK (c>0), \n\tx INTEGER CONSTRAINT ck_x CHECK (x>0), \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(a) REFERENCES users (id), \n\tUNIQUE (b)\n)\n\n',
    ('mysql', 'create', 'composite'):
        '\nCREATE TABLE composite (\n\ta INTEGER NOT NULL, \n\tb VARCHAR(5) NOT NULL, \n\t`order` INTEGER, \n\t`User Name` VARCHAR(3), \n\tPRIMARY KEY (a, b), \n\tCONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)\n)\n\n',
    ('mysql', 'create', 'defaults'):
        "\nCREATE TABLE defaults (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\td DATE DEFAULT CURRENT_DATE, \n\te FLOAT DEFAULT '1.5', \n\tf BOOL DEFAULT true, \n\tg INTEGER NOT NULL DEFAULT 0, \n\th VARCHAR(20) DEFAULT lower('X'), \n\tw INTEGER DEFAULT 3 + 4, \n\tz VARCHAR(20) DEFAULT 'a''b', \n\tts TIMESTAMP NULL, \n\tPRIMARY KEY (id)\n)\n\n",
    ('mysql', 'create', 'deferred'):
        '\nCREATE TABLE deferred (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tp1 INTEGER, \n\tp2 INTEGER, \n\tq INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT fk FOREIGN KEY(p1, p2) REFERENCES pair (a, b), \n\tFOREIGN KEY(q) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED\n)\n\n',
    ('mysql', 'create', 'ident'):
        '\nCREATE TABLE ident (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tc INTEGER GENERATED ALWAYS AS (id * 2), \n\td INTEGER GENERATED ALWAYS AS (id*3) STORED, \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create', 'noauto'):
        '\nCREATE TABLE noauto (\n\tid INTEGER NOT NULL, \n\ts VARCHAR(5), \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create', 'opts'):
        '\nCREATE TABLE opts (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (id)\n)CHARSET=utf8mb4 ENGINE=InnoDB ROW_FORMAT=DYNAMIC COLLATE utf8mb4_bin\n\n',
    ('mysql', 'create', 'pair'):
        '\nCREATE TABLE pair (\n\ta INTEGER NOT NULL, \n\tb INTEGER NOT NULL, \n\tc INTEGER, \n\tPRIMARY KEY (a, b)\n)\n\n',
    ('mysql', 'create', 'schematypes'):
        "\nCREATE TABLE schematypes (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\ts VARCHAR(3), \n\te3 ENUM('x','y'), \n\tb BOOL, \n\tPRIMARY KEY (id), \n\tCHECK (b IN (0, 1))\n)\n\n",
    ('mysql', 'create', 'sm'):
        '\nCREATE TABLE sm (\n\tid SMALLINT NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create', 'sq'):
        '\nCREATE TABLE sq (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create', 'types'):
        "\nCREATE TABLE types (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\ta VARCHAR(10), \n\tb TEXT, \n\tc VARCHAR(20), \n\td TEXT, \n\te NUMERIC(10, 2), \n\tf FLOAT, \n\tg DATE, \n\th DATETIME, \n\ti TIME, \n\tj DATETIME, \n\tk BLOB, \n\tl JSON, \n\tm CHAR(32), \n\tn BIGINT, \n\to SMALLINT, \n\tp BOOL, \n\tq DATETIME, \n\tr NUMERIC, \n\ts DOUBLE, \n\tt ENUM('x','y'), \n\tPRIMARY KEY (id)\n)\n\n",
    ('mysql', 'create', 'users'):
        "\nCREATE TABLE users (\n\tid INTEGER NOT NULL AUTO_INCREMENT, \n\tname VARCHAR(50) NOT NULL COMMENT 'the name', \n\tcreated DATETIME DEFAULT now(), \n\tn INTEGER DEFAULT '0', \n\tpct VARCHAR(10) DEFAULT '50%%', \n\tflag BOOL DEFAULT 1, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_n CHECK (n >= 0), \n\tCHECK (n < 100), \n\tUNIQUE (name)\n)ENGINE=InnoDB CHARSET=utf8mb4 COMMENT='users table'\n\n",
    ('mysql', 'create_if_not_exists', 'big'):
        '\nCREATE TABLE IF NOT EXISTS big (\n\tid BIGINT NOT NULL AUTO_INCREMENT, \n\tPRIMARY KEY (id)\n)\n\n',
    ('mysql', 'create_index', 'ix_addresses_email'):
        'CREATE INDEX ix_addresses_email ON addresses (email)',
    ('mysql', 'create_index', 'ix_lower'):
        'CREATE INDEX ix_lower ON users ((lower(name)), n DESC)',
    ('mysql', 'create_index', 'ix_ue'):
        'CREATE UNIQUE INDEX ix_ue ON addresses (user_id, email)',
    ('mysql', 'create_index', 'ix_w'):
        'CREATE INDEX ix_w ON users (name(10))',
    ('mysql', 'drop', 'users'):
        '\nDROP TABLE users',
    ('mysql', 'drop_constraint', 'fk_a'):
        'ALTER TABLE composite DROP FOREIGN KEY fk_a',
    ('mysql', 'drop_if_exists', 'users'):
        '\nDROP TABLE IF EXISTS users',
    ('mysql', 'drop_index', 'ix_addresses_email'):
        '\nDROP INDEX ix_addresses_email ON addresses',
    ('mysql', 'drop_index', 'ix_lower'):
        '\nDROP INDEX ix_lower ON users',
    ('mysql', 'drop_index', 'ix_ue'):
        '\nDROP INDEX ix_ue ON addresses',
    ('mysql', 'drop_index', 'ix_w'):
        '\nDROP INDEX ix_w ON users',
    ('mysql', 'drop_schema', 'sch'):
        'DROP SCHEMA sch CASCADE',
    ('mysql', 'drop_sequence', 's1'):
        'DROP SEQUENCE s1',
    ('mysql', 'schema', 'sch'):
        'CREATE SCHEMA sch',
    ('mysql', 'sequence', 's1'):
        'CREATE SEQUENCE s1 INCREMENT BY 2 START WITH 3',
    ('mysql', 'table_comment', 'users'):
        "ALTER TABLE users COMMENT 'users table'",
    ('postgresql', 'add_constraint', 'fk_a'):
        'ALTER TABLE composite ADD CONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)',
    ('postgresql', 'column_comment', 'users.name'):
        "COMMENT ON COLUMN users.name IS 'the name'",
    ('postgresql', 'create', 'addresses'):
        '\nCREATE TABLE addresses (\n\tid SERIAL NOT NULL, \n\tuser_id INTEGER, \n\temail VARCHAR(100), \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_ue UNIQUE (user_id, email), \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL\n)\n\n',
    ('postgresql', 'create', 'autofirst'):
        '\nCREATE TABLE autofirst (\n\tid INTEGER NOT NULL, \n\to SERIAL NOT NULL, \n\tPRIMARY KEY (o, id)\n)\n\n',
    ('postgresql', 'create', 'big'):
        '\nCREATE TABLE big (\n\tid BIGSERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'checks'):
        '\nCREATE TABLE checks (\n\tid SERIAL NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tc INTEGER CHECK (c>0), \n\tx INTEGER CONSTRAINT ck_x CHECK (x>0), \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(a) REFERENCES users (id), \n\tUNIQUE (b)\n)\n\n',
    ('postgresql', 'create', 'composite'):
        '\nCREATE TABLE composite (\n\ta INTEGER NOT NULL, \n\tb VARCHAR(5) NOT NULL, \n\t"order" INTEGER, \n\t"User Name" VARCHAR(3), \n\tPRIMARY KEY (a, b), \n\tCONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)\n)\n\n',
    ('postgresql', 'create', 'defaults'):
        "\nCREATE TABLE defaults (\n\tid SERIAL NOT NULL, \n\td DATE DEFAULT CURRENT_DATE, \n\te FLOAT DEFAULT '1.5', \n\tf BOOLEAN DEFAULT true, \n\tg INTEGER DEFAULT 0 NOT NULL, \n\th VARCHAR(20) DEFAULT lower('X'), \n\tw INTEGER DEFAULT 3 + 4, \n\tz VARCHAR(20) DEFAULT 'a''b', \n\tts TIMESTAMP WITHOUT TIME ZONE, \n\tPRIMARY KEY (id)\n)\n\n",
    ('postgresql', 'create', 'deferred'):
        '\nCREATE TABLE deferred (\n\tid SERIAL NOT NULL, \n\tp1 INTEGER, \n\tp2 INTEGER, \n\tq INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT fk FOREIGN KEY(p1, p2) REFERENCES pair (a, b), \n\tFOREIGN KEY(q) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED\n)\n\n',
    ('postgresql', 'create', 'ident'):
        '\nCREATE TABLE ident (\n\tid INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 5), \n\tc INTEGER GENERATED ALWAYS AS (id * 2) STORED, \n\td INTEGER GENERATED ALWAYS AS (id*3) STORED, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'noauto'):
        '\nCREATE TABLE noauto (\n\tid INTEGER NOT NULL, \n\ts VARCHAR(5), \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'opts'):
        '\nCREATE TABLE opts (\n\tid SERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'pair'):
        '\nCREATE TABLE pair (\n\ta INTEGER NOT NULL, \n\tb INTEGER NOT NULL, \n\tc INTEGER, \n\tPRIMARY KEY (a, b)\n)\n\n',
    ('postgresql', 'create', 'schematypes'):
        '\nCREATE TABLE schematypes (\n\tid SERIAL NOT NULL, \n\ts VARCHAR(3), \n\te3 e3t, \n\tb BOOLEAN, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'sm'):
        '\nCREATE TABLE sm (\n\tid SMALLSERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'sq'):
        '\nCREATE TABLE sq (\n\tid SERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'types'):
        '\nCREATE TABLE types (\n\tid SERIAL NOT NULL, \n\ta VARCHAR(10), \n\tb TEXT, \n\tc VARCHAR(20), \n\td TEXT, \n\te NUMERIC(10, 2), \n\tf FLOAT, \n\tg DATE, \n\th TIMESTAMP WITHOUT TIME ZONE, \n\ti TIME WITHOUT TIME ZONE, \n\tj INTERVAL, \n\tk BYTEA, \n\tl JSON, \n\tm UUID, \n\tn BIGINT, \n\to SMALLINT, \n\tp BOOLEAN, \n\tq TIMESTAMP WITH TIME ZONE, \n\tr NUMERIC, \n\ts DOUBLE PRECISION, \n\tt xy, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create', 'users'):
        "\nCREATE TABLE users (\n\tid SERIAL NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tcreated TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), \n\tn INTEGER DEFAULT '0', \n\tpct VARCHAR(10) DEFAULT '50%%', \n\tflag BOOLEAN DEFAULT 1, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_n CHECK (n >= 0), \n\tCHECK (n < 100), \n\tUNIQUE (name)\n)\n\n",
    ('postgresql', 'create_enum', 'status'):
        "CREATE TYPE status AS ENUM ('a', 'b''c')",
    ('postgresql', 'create_if_not_exists', 'big'):
        '\nCREATE TABLE IF NOT EXISTS big (\n\tid BIGSERIAL NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('postgresql', 'create_index', 'ix_addresses_email'):
        'CREATE INDEX ix_addresses_email ON addresses (email)',
    ('postgresql', 'create_index', 'ix_lower'):
        'CREATE INDEX ix_lower ON users (lower(name), n DESC)',
    ('postgresql', 'create_index', 'ix_ue'):
        'CREATE UNIQUE INDEX ix_ue ON addresses (user_id, email)',
    ('postgresql', 'create_index', 'ix_w'):
        'CREATE INDEX ix_w ON users USING gin (name) WHERE n > 5',
    ('postgresql', 'drop', 'users'):
        '\nDROP TABLE users',
    ('postgresql', 'drop_constraint', 'fk_a'):
        'ALTER TABLE composite DROP CONSTRAINT fk_a',
    ('postgresql', 'drop_enum', 'status'):
        'DROP TYPE status',
    ('postgresql', 'drop_if_exists', 'users'):
        '\nDROP TABLE IF EXISTS users',
    ('postgresql', 'drop_index', 'ix_addresses_email'):
        '\nDROP INDEX ix_addresses_email',
    ('postgresql', 'drop_index', 'ix_lower'):
        '\nDROP INDEX ix_lower',
    ('postgresql', 'drop_index', 'ix_ue'):
        '\nDROP INDEX ix_ue',
    ('postgresql', 'drop_index', 'ix_w'):
        '\nDROP INDEX ix_w',
    ('postgresql', 'drop_schema', 'sch'):
        'DROP SCHEMA sch CASCADE',
    ('postgresql', 'drop_sequence', 's1'):
        'DROP SEQUENCE s1',
    ('postgresql', 'schema', 'sch'):
        'CREATE SCHEMA sch',
    ('postgresql', 'sequence', 's1'):
        'CREATE SEQUENCE s1 INCREMENT BY 2 START WITH 3',
    ('postgresql', 'table_comment', 'users'):
        "COMMENT ON TABLE users IS 'users table'",
    ('sqlite', 'add_constraint', 'fk_a'):
        'ALTER TABLE composite ADD CONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)',
    ('sqlite', 'create', 'addresses'):
        '\nCREATE TABLE addresses (\n\tid INTEGER NOT NULL, \n\tuser_id INTEGER, \n\temail VARCHAR(100), \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_ue UNIQUE (user_id, email), \n\tFOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL\n)\n\n',
    ('sqlite', 'create', 'big'):
        '\nCREATE TABLE big (\n\tid BIGINT NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'checks'):
        '\nCREATE TABLE checks (\n\tid INTEGER NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tc INTEGER CHECK (c>0), \n\tx INTEGER CONSTRAINT ck_x CHECK (x>0), \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(a) REFERENCES users (id), \n\tUNIQUE (b)\n)\n\n',
    ('sqlite', 'create', 'composite'):
        '\nCREATE TABLE composite (\n\ta INTEGER NOT NULL, \n\tb VARCHAR(5) NOT NULL, \n\t"order" INTEGER, \n\t"User Name" VARCHAR(3), \n\tPRIMARY KEY (a, b), \n\tCONSTRAINT fk_a FOREIGN KEY(a) REFERENCES users (id)\n)\n\n',
    ('sqlite', 'create', 'defaults'):
        "\nCREATE TABLE defaults (\n\tid INTEGER NOT NULL, \n\td DATE DEFAULT CURRENT_DATE, \n\te FLOAT DEFAULT '1.5', \n\tf BOOLEAN DEFAULT 1, \n\tg INTEGER DEFAULT 0 NOT NULL, \n\th VARCHAR(20) DEFAULT (lower('X')), \n\tw INTEGER DEFAULT (3 + 4), \n\tz VARCHAR(20) DEFAULT 'a''b', \n\tts TIMESTAMP, \n\tPRIMARY KEY (id)\n)\n\n",
    ('sqlite', 'create', 'deferred'):
        '\nCREATE TABLE "deferred" (\n\tid INTEGER NOT NULL, \n\tp1 INTEGER, \n\tp2 INTEGER, \n\tq INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT fk FOREIGN KEY(p1, p2) REFERENCES pair (a, b), \n\tFOREIGN KEY(q) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED\n)\n\n',
    ('sqlite', 'create', 'ident'):
        '\nCREATE TABLE ident (\n\tid INTEGER NOT NULL, \n\tc INTEGER GENERATED ALWAYS AS (id * 2), \n\td INTEGER GENERATED ALWAYS AS (id*3) STORED, \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'noauto'):
        '\nCREATE TABLE noauto (\n\tid INTEGER NOT NULL, \n\ts VARCHAR(5), \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'opts'):
        '\nCREATE TABLE opts (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'pair'):
        '\nCREATE TABLE pair (\n\ta INTEGER NOT NULL, \n\tb INTEGER NOT NULL, \n\tc INTEGER, \n\tPRIMARY KEY (a, b)\n)\n\n',
    ('sqlite', 'create', 'schematypes'):
        "\nCREATE TABLE schematypes (\n\tid INTEGER NOT NULL, \n\ts VARCHAR(3), \n\te3 VARCHAR(1), \n\tb BOOLEAN, \n\tPRIMARY KEY (id), \n\tCONSTRAINT e3t CHECK (e3 IN ('x', 'y')), \n\tCHECK (b IN (0, 1))\n)\n\n",
    ('sqlite', 'create', 'sm'):
        '\nCREATE TABLE sm (\n\tid SMALLINT NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'sq'):
        '\nCREATE TABLE sq (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\n)\n\n',
    ('sqlite', 'create', 'types'):
        '\nCREATE TABLE types (\n\tid INTEGER NOT NULL, \n\ta VARCHAR(10), \n\tb TEXT, \n\tc VARCHAR(20), \n\td TEXT, \n\te NUMERIC(10, 2), \n\tf FLOAT, \n\tg DATE, \n\th DATETIME, \n\ti TIME, \n\tj DATETIME, \n\tk BLOB, \n\tl JSON, \n\tm CHAR(32), \n\tn BIGINT, \n\to SMALLINT, \n\tp BOOLEAN, \n\tq DATETIME, \n\tr NUMERIC, \n\ts DOUBLE, \n\tt VARCHAR(1), \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create', 'users'):
        "\nCREATE TABLE users (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(50) NOT NULL, \n\tcreated DATETIME DEFAULT CURRENT_TIMESTAMP, \n\tn INTEGER DEFAULT '0', \n\tpct VARCHAR(10) DEFAULT '50%', \n\tflag BOOLEAN DEFAULT 1, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_n CHECK (n >= 0), \n\tCHECK (n < 100), \n\tUNIQUE (name)\n)\n\n",
    ('sqlite', 'create_if_not_exists', 'big'):
        '\nCREATE TABLE IF NOT EXISTS big (\n\tid BIGINT NOT NULL, \n\tPRIMARY KEY (id)\n)\n\n',
    ('sqlite', 'create_index', 'ix_addresses_email'):
        'CREATE INDEX ix_addresses_email ON addresses (email)',
    ('sqlite', 'create_index', 'ix_lower'):
        'CREATE INDEX ix_lower ON users (lower(name), n DESC)',
    ('sqlite', 'create_index', 'ix_ue'):
        'CREATE UNIQUE INDEX ix_ue ON addresses (user_id, email)',
    ('sqlite', 'create_index', 'ix_w'):
        'CREATE INDEX ix_w ON users (name) WHERE n > 5',
    ('sqlite', 'drop', 'users'):
        '\nDROP TABLE users',
    ('sqlite', 'drop_constraint', 'fk_a'):
        'ALTER TABLE composite DROP CONSTRAINT fk_a',
    ('sqlite', 'drop_if_exists', 'users'):
        '\nDROP TABLE IF EXISTS users',
    ('sqlite', 'drop_index', 'ix_addresses_email'):
        '\nDROP INDEX ix_addresses_email',
    ('sqlite', 'drop_index', 'ix_lower'):
        '\nDROP INDEX ix_lower',
    ('sqlite', 'drop_index', 'ix_ue'):
        '\nDROP INDEX ix_ue',
    ('sqlite', 'drop_index', 'ix_w'):
        '\nDROP INDEX ix_w',
    ('sqlite', 'drop_schema', 'sch'):
        'DROP SCHEMA sch CASCADE',
    ('sqlite', 'drop_sequence', 's1'):
        'DROP SEQUENCE s1',
    ('sqlite', 'schema', 'sch'):
        'CREATE SCHEMA sch',
    ('sqlite', 'sequence', 's1'):
        'CREATE SEQUENCE s1 INCREMENT BY 2 START WITH 3',
}


def assert_ddl(stmt: Any, expected: str, dialect: str) -> None:
    assert str(stmt.compile(dialect=DIALECTS[dialect])) == expected


@pytest.mark.parametrize("key", sorted(EXPECTED, key=str), ids=lambda k: "-".join(k))
def test_ddl_text_matches_sqlalchemy(key: tuple[str, str, str]) -> None:
    dialect, kind, name = key
    assert_ddl(_statement(kind, name), EXPECTED[key], dialect)


@pytest.mark.parametrize("key", sorted((k for k in EXPECTED if k[1].startswith("create") and k[1] != "create_index"
                                        and k[1] != "create_enum"), key=str), ids=lambda k: "-".join(k))
def test_create_table_parses_with_sqlglot(key: tuple[str, str, str]) -> None:
    dialect = key[0]
    sql = EXPECTED[key].replace("%%", "%")  # the driver-level escape of format/pyformat paramstyles
    tree = sqlglot.parse_one(sql, read=SQLGLOT[dialect])
    assert tree.key == "create"
    assert tree.this.this.name == key[2]


def test_sqlite_composite_autoincrement_is_refused() -> None:
    _, t, _ = _schema()
    with pytest.raises(exc.CompileError, match=r"\(in table 'autofirst', column 'o'\): SQLite does not support "
                                               r"autoincrement for composite primary keys"):
        ddl.CreateTable(t["autofirst"]).compile(dialect=DIALECTS["sqlite"])


def test_str_without_dialect_uses_generic_ddl() -> None:
    m = s.MetaData()
    t = s.Table("t", m, s.Column("id", s.Integer, primary_key=True), s.Column("x", s.String(5), server_default="a%"))
    assert str(ddl.CreateTable(t)) == "\nCREATE TABLE t (\n\tid INTEGER NOT NULL, \n\tx VARCHAR(5) DEFAULT 'a%', \n\tPRIMARY KEY (id)\n)\n\n"


def test_fk_column_without_type_takes_referenced_type() -> None:
    m = s.MetaData()
    s.Table("p", m, s.Column("id", s.BigInteger, primary_key=True))
    c = s.Table("c", m, s.Column("id", s.Integer, primary_key=True), s.Column("p_id", s.ForeignKey("p.id")))
    assert_ddl(ddl.CreateTable(c), "\nCREATE TABLE c (\n\tid SERIAL NOT NULL, \n\tp_id BIGINT, \n\tPRIMARY KEY (id), "
                                   "\n\tFOREIGN KEY(p_id) REFERENCES p (id)\n)\n\n", "postgresql")


def test_unique_and_index_on_one_column_is_a_unique_index() -> None:
    m = s.MetaData()
    t = s.Table("t", m, s.Column("id", s.Integer, primary_key=True), s.Column("e", s.String(9), unique=True, index=True))
    assert_ddl(ddl.CreateTable(t), "\nCREATE TABLE t (\n\tid INTEGER NOT NULL, \n\te VARCHAR(9), \n\tPRIMARY KEY (id)\n)\n\n",
               "sqlite")
    (ix,) = t.indexes
    assert_ddl(ddl.CreateIndex(ix), "CREATE UNIQUE INDEX ix_t_e ON t (e)", "sqlite")


def test_raw_ddl_substitutes_target_names() -> None:
    m = s.MetaData()
    t = s.Table("order", m, s.Column("id", s.Integer, primary_key=True), schema="sales")
    stmt = ddl.DDL("ALTER TABLE %(fullname)s ADD x INT -- %(table)s in %(schema)s, 50%%", target=t)
    assert_ddl(stmt, 'ALTER TABLE sales."order" ADD x INT -- "order" in sales, 50%', "sqlite")
    assert_ddl(stmt, 'ALTER TABLE sales."order" ADD x INT -- "order" in sales, 50%%', "postgresql")


def test_raw_ddl_with_unknown_placeholder_is_a_compile_error() -> None:
    with pytest.raises(exc.CompileError, match="Can't render DDL 'DROP %\\(nope\\)s'"):
        ddl.DDL("DROP %(nope)s").compile(dialect=DIALECTS["sqlite"])


def test_raw_ddl_requires_a_string() -> None:
    with pytest.raises(exc.ArgumentError, match="Expected a string"):
        ddl.DDL(5)  # type: ignore[arg-type]


def test_ddl_is_never_cached() -> None:
    _, t, _ = _schema()
    for stmt in (ddl.CreateTable(t["users"]), ddl.DropTable(t["users"]), ddl.DDL("SELECT 1")):
        assert stmt._generate_cache_key() is None


def test_compiled_ddl_execution_contract() -> None:
    _, t, _ = _schema()
    compiled = ddl.CreateTable(t["big"]).compile(dialect=DIALECTS["postgresql"])
    assert compiled.isddl is True
    assert compiled.construct_params() == {}
    assert compiled.process_params({}) == {}
    assert compiled.expanded({}) == (compiled.string, {})
    assert compiled.result_columns == []
    positional = ddl.CreateTable(t["big"]).compile(dialect=DIALECTS["sqlite"])
    assert positional.process_params({}) == ()


# -- refused inputs ------------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_nul_in_table_name_is_refused(dialect: str) -> None:
    t = s.Table("bad\x00name", s.MetaData(), s.Column("id", s.Integer, primary_key=True))
    with pytest.raises(exc.ArgumentError, match="Table name 'bad\\\\x00name' contains a NUL character"):
        ddl.CreateTable(t).compile(dialect=DIALECTS[dialect])


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_nul_in_column_name_is_refused(dialect: str) -> None:
    t = s.Table("t", s.MetaData(), s.Column("id", s.Integer, primary_key=True), s.Column("a\x00", s.Integer))
    with pytest.raises(exc.ArgumentError, match="Column name 'a\\\\x00' contains a NUL character"):
        ddl.CreateTable(t).compile(dialect=DIALECTS[dialect])


@pytest.mark.parametrize(("dialect", "limit"), [("postgresql", 63), ("mysql", 64)])
def test_too_long_identifiers_are_refused(dialect: str, limit: int) -> None:
    ok = "t" * limit
    long = "t" * (limit + 1)
    m = s.MetaData()
    fine = s.Table(ok, m, s.Column("c" * limit, s.Integer, primary_key=True))
    assert ok in str(ddl.CreateTable(fine).compile(dialect=DIALECTS[dialect]))
    cases = [
        ddl.CreateTable(s.Table(long, m, s.Column("id", s.Integer, primary_key=True))),
        ddl.CreateTable(s.Table("t2", m, s.Column(long, s.Integer, primary_key=True))),
        ddl.CreateIndex(s.Index(long, fine.c["c" * limit])),
        ddl.CreateTable(s.Table("t3", m, s.Column("id", s.Integer, primary_key=True),
                                s.CheckConstraint("id > 0", name=long))),
    ]
    for stmt in cases:
        with pytest.raises(exc.IdentifierError, match=f"Identifier '{long}' exceeds maximum length of {limit} characters"):
            stmt.compile(dialect=DIALECTS[dialect])


@pytest.mark.parametrize("phrase", ["CASCADE; DROP TABLE users", "SET NULL)", "'x'"])
def test_fk_action_must_be_keywords(phrase: str) -> None:
    m = s.MetaData()
    s.Table("p", m, s.Column("id", s.Integer, primary_key=True))
    c = s.Table("c", m, s.Column("id", s.Integer, primary_key=True),
                s.Column("p_id", s.Integer, s.ForeignKey("p.id", ondelete=phrase)))
    with pytest.raises(exc.CompileError, match="Unexpected SQL phrase"):
        ddl.CreateTable(c).compile(dialect=DIALECTS["postgresql"])


def test_index_without_name_is_refused() -> None:
    # no "ix" naming convention (the default one would name it ix_t_id, as SQLAlchemy does)
    md = s.MetaData(naming_convention={"uq": "uq_%(table_name)s"})
    t = s.Table("t", md, s.Column("id", s.Integer, primary_key=True))
    ix = s.Index(None, t.c.id)
    with pytest.raises(exc.CompileError, match="CREATE INDEX requires that the index have a name"):
        ddl.CreateIndex(ix).compile(dialect=DIALECTS["sqlite"])


def test_drop_unnamed_constraint_is_refused() -> None:
    _, t, _ = _schema()
    fk = next(iter(t["addresses"].foreign_key_constraints))
    with pytest.raises(exc.CompileError, match="Can't emit DROP CONSTRAINT for constraint .*; it has no name"):
        ddl.DropConstraint(fk).compile(dialect=DIALECTS["postgresql"])


def test_postgresql_enum_needs_a_name() -> None:
    t = s.Table("t", s.MetaData(), s.Column("id", s.Integer, primary_key=True), s.Column("e", s.Enum("a", "b")))
    with pytest.raises(exc.CompileError, match=r"\(in table 't', column 'e'\): PostgreSQL ENUM type requires a name"):
        ddl.CreateTable(t).compile(dialect=DIALECTS["postgresql"])


def test_postgresql_virtual_computed_column_is_refused() -> None:
    t = s.Table("t", s.MetaData(), s.Column("id", s.Integer, primary_key=True),
                s.Column("c", s.Integer, s.Computed("id + 1", persisted=False)))
    with pytest.raises(exc.CompileError, match="do not support 'virtual' persistence"):
        ddl.CreateTable(t).compile(dialect=DIALECTS["postgresql"])


def test_mysql_table_option_value_must_be_plain() -> None:
    t = s.Table("t", s.MetaData(), s.Column("id", s.Integer, primary_key=True), mysql_engine="InnoDB; DROP TABLE x")
    with pytest.raises(exc.CompileError, match="Unexpected value for MySQL table option ENGINE"):
        ddl.CreateTable(t).compile(dialect=DIALECTS["mysql"])


def test_create_all_needs_an_engine_or_connection() -> None:
    with pytest.raises(exc.ArgumentError, match="Expected an Engine or Connection to run DDL on, got 'sqlite://'"):
        s.MetaData().create_all("sqlite://")


# -- foreign-key order ---------------------------------------------------------------------------
def _names(tables: list[s.Table]) -> list[str]:
    return [t.name for t in tables]


def test_sort_tables_parents_first_then_by_name() -> None:
    m, _, _ = _schema()
    assert _names(m.sorted_tables) == [
        "autofirst", "big", "defaults", "ident", "noauto", "opts", "pair", "schematypes", "sm", "sq", "types",
        "users", "addresses", "checks", "composite", "deferred",
    ]


def test_sort_tables_levels_and_self_reference() -> None:
    m = s.MetaData()
    for name, parent in [("c", "a"), ("b", None), ("a", None), ("d", "c"), ("e", "e")]:
        cols = [s.Column("id", s.Integer, primary_key=True)]
        if parent:
            cols.append(s.Column("p", s.Integer, s.ForeignKey(f"{parent}.id")))
        s.Table(name, m, *cols)
    # a level at a time (a, b, e have no parents; e's self-reference does not count), each by name
    assert _names(sort_tables(m.tables.values())) == ["a", "b", "e", "c", "d"]


def test_sort_tables_breaks_cycles_and_reports_their_keys() -> None:
    m = s.MetaData()
    a = s.Table("a", m, s.Column("id", s.Integer, primary_key=True),
                s.Column("b_id", s.Integer, s.ForeignKey("b.id", name="fk_a_b")))
    b = s.Table("b", m, s.Column("id", s.Integer, primary_key=True),
                s.Column("a_id", s.Integer, s.ForeignKey("a.id", name="fk_b_a")))
    c = s.Table("c", m, s.Column("id", s.Integer, primary_key=True), s.Column("a_id", s.Integer, s.ForeignKey("a.id")))
    ordered, cyclic = sort_tables_and_constraints([c, b, a])
    assert _names(ordered) == ["a", "b", "c"]
    assert sorted(fk.name for fk in cyclic) == ["fk_a_b", "fk_b_a"]


def _capture(engine: Any) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: seen.append(" ".join(statement.split())))
    return seen


def test_create_all_order_indexes_and_checkfirst_on_sqlite() -> None:
    engine = s.create_engine("sqlite://")
    m = s.MetaData()
    s.Table("child", m, s.Column("id", s.Integer, primary_key=True),
            s.Column("p_id", s.Integer, s.ForeignKey("parent.id"), index=True))
    s.Table("parent", m, s.Column("id", s.Integer, primary_key=True))
    seen = _capture(engine)
    m.create_all(engine)
    ddl_seen = [x for x in seen if not x.startswith("SELECT")]
    assert ddl_seen == [
        "CREATE TABLE parent ( id INTEGER NOT NULL, PRIMARY KEY (id) )",
        "CREATE TABLE child ( id INTEGER NOT NULL, p_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(p_id) REFERENCES parent (id) )",
        "CREATE INDEX ix_child_p_id ON child (p_id)",
    ]
    seen.clear()
    m.create_all(engine)  # everything exists: only the existence checks run
    assert [x for x in seen if not x.startswith("SELECT")] == []
    m.drop_all(engine)
    assert [x for x in seen if x.startswith("DROP")] == ["DROP TABLE child", "DROP TABLE parent"]


def test_sqlite_writes_cyclic_keys_inline() -> None:
    engine = s.create_engine("sqlite://")
    m = s.MetaData()
    s.Table("a", m, s.Column("id", s.Integer, primary_key=True), s.Column("b_id", s.Integer, s.ForeignKey("b.id")))
    s.Table("b", m, s.Column("id", s.Integer, primary_key=True), s.Column("a_id", s.Integer, s.ForeignKey("a.id")))
    seen = _capture(engine)
    m.create_all(engine, checkfirst=False)
    assert seen == [
        "CREATE TABLE a ( id INTEGER NOT NULL, b_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(b_id) REFERENCES b (id) )",
        "CREATE TABLE b ( id INTEGER NOT NULL, a_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(a_id) REFERENCES a (id) )",
    ]


# -- where users import things -------------------------------------------------------------------
def test_public_imports() -> None:
    import orm
    import orm.sql

    assert orm.schema.CreateTable is ddl.CreateTable is orm.sql.CreateTable is orm.CreateTable
    for name in ("DropTable", "CreateIndex", "DropIndex", "DDL"):
        assert getattr(orm.sql, name) is getattr(ddl, name)
    assert orm.schema.Table is s.Table
