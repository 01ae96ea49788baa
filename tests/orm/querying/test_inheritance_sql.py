"""Inheritance in select(): single-table discriminator criteria, joined-table joins and column lists, with_polymorphic (plain, aliased, flat, innerjoin), aliased subclasses, relationships to subclasses (of_type, any).

Every expected string was observed from SQLAlchemy 2.0 compiling the same statement on the same
models (tests/orm/querying/query_models.py)."""
from __future__ import annotations

import pytest
from assertsql import assert_sql

from orm import aliased, exists, func, select, with_polymorphic  # noqa: F401

import query_models


@pytest.fixture(scope="module")
def m():
    return query_models.build()


CASES = [
    ('single_base', lambda m: select(m.Employee),
     'SELECT employees.id, employees.name, employees.type, employees.company_id \nFROM employees',
     {}),
    ('single_sub', lambda m: select(m.Manager),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_sub_deep', lambda m: select(m.Engineer),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.programming_language \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['engineer', 'principal']}),
    ('single_leaf', lambda m: select(m.Principal),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.programming_language \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['principal']}),
    ('single_where', lambda m: select(m.Manager).where(m.Manager.name == "x"),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department \nFROM employees \nWHERE employees.name = :name_1 AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'name_1': 'x', 'type_1': ['manager']}),
    ('single_attr', lambda m: select(m.Manager.name),
     'SELECT employees.name \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_attrs', lambda m: select(m.Manager.name, m.Manager.department),
     'SELECT employees.name, employees.department \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_order', lambda m: select(m.Engineer).where(m.Engineer.programming_language == "py").order_by(m.Engineer.id),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.programming_language \nFROM employees \nWHERE employees.programming_language = :programming_language_1 AND employees.type IN (__[POSTCOMPILE_type_1]) ORDER BY employees.id',
     {'programming_language_1': 'py', 'type_1': ['engineer', 'principal']}),
    ('single_filter_by', lambda m: select(m.Manager).filter_by(department="x"),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department \nFROM employees \nWHERE employees.department = :department_1 AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'department_1': 'x', 'type_1': ['manager']}),
    ('single_join_m2o', lambda m: select(m.Manager).join(m.Manager.company).filter_by(name="x"),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department \nFROM employees JOIN companies ON companies.id = employees.company_id \nWHERE companies.name = :name_1 AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'name_1': 'x', 'type_1': ['manager']}),
    ('single_select_from', lambda m: select(m.Employee).select_from(m.Manager),
     'SELECT employees.id, employees.name, employees.type, employees.company_id \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_count_select_from', lambda m: select(func.count()).select_from(m.Manager),
     'SELECT count(*) AS count_1 \nFROM employees \nWHERE employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_has', lambda m: select(m.Manager).where(m.Manager.company.has(m.Company.name == "x")),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department \nFROM employees \nWHERE (EXISTS (SELECT 1 \nFROM companies \nWHERE companies.id = employees.company_id AND companies.name = :name_1)) AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'name_1': 'x', 'type_1': ['manager']}),
    ('single_join_of_type', lambda m: select(m.Company).join(m.Company.employees.of_type(m.Manager)),
     'SELECT companies.id, companies.name \nFROM companies JOIN employees ON companies.id = employees.company_id AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_join_entity', lambda m: select(m.Company).join(m.Manager),
     'SELECT companies.id, companies.name \nFROM companies JOIN employees ON companies.id = employees.company_id AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_join_entity_rel', lambda m: select(m.Company).join(m.Manager, m.Company.employees),
     'SELECT companies.id, companies.name \nFROM companies JOIN employees ON companies.id = employees.company_id AND employees.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_any_of_type', lambda m: select(m.Company).where(m.Company.employees.of_type(m.Manager).any(m.Manager.department == "x")),
     'SELECT companies.id, companies.name \nFROM companies \nWHERE EXISTS (SELECT 1 \nFROM employees \nWHERE companies.id = employees.company_id AND employees.type IN (__[POSTCOMPILE_type_1]) AND employees.department = :department_1)',
     {'type_1': ['manager'], 'department_1': 'x'}),
    ('single_any', lambda m: select(m.Company).where(m.Company.employees.any(m.Manager.department == "x")),
     'SELECT companies.id, companies.name \nFROM companies \nWHERE EXISTS (SELECT 1 \nFROM employees \nWHERE companies.id = employees.company_id AND employees.department = :department_1)',
     {'department_1': 'x'}),
    ('single_alias', lambda m: select(aliased(m.Manager)),
     'SELECT employees_1.id, employees_1.name, employees_1.type, employees_1.company_id, employees_1.department \nFROM employees AS employees_1 \nWHERE employees_1.type IN (__[POSTCOMPILE_type_1])',
     {'type_1': ['manager']}),
    ('single_alias_where', lambda m: (lambda ma: select(ma).where(ma.department == "x"))(aliased(m.Manager)),
     'SELECT employees_1.id, employees_1.name, employees_1.type, employees_1.company_id, employees_1.department \nFROM employees AS employees_1 \nWHERE employees_1.department = :department_1 AND employees_1.type IN (__[POSTCOMPILE_type_1])',
     {'department_1': 'x', 'type_1': ['manager']}),
    ('single_type_crit', lambda m: select(m.Employee).where(m.Employee.type == "x"),
     'SELECT employees.id, employees.name, employees.type, employees.company_id \nFROM employees \nWHERE employees.type = :type_1',
     {'type_1': 'x'}),
    ('single_wp', lambda m: select(with_polymorphic(m.Employee, [m.Manager, m.Engineer])),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department, employees.programming_language \nFROM employees',
     {}),
    ('single_wp_where', lambda m: (lambda wp: select(wp).where(wp.Manager.department == "x"))(with_polymorphic(m.Employee, [m.Manager, m.Engineer])),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department, employees.programming_language \nFROM employees \nWHERE employees.department = :department_1',
     {'department_1': 'x'}),
    ('single_wp_star', lambda m: select(with_polymorphic(m.Employee, "*")),
     'SELECT employees.id, employees.name, employees.type, employees.company_id, employees.department, employees.programming_language \nFROM employees',
     {}),
    ('joined_base', lambda m: select(m.JEmployee),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id \nFROM jemployees',
     {}),
    ('joined_sub', lambda m: select(m.JManager),
     'SELECT jmanagers.id, jemployees.id AS id_1, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id',
     {}),
    ('joined_sub_where', lambda m: select(m.JManager).where(m.JManager.department == "s"),
     'SELECT jmanagers.id, jemployees.id AS id_1, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id \nWHERE jmanagers.department = :department_1',
     {'department_1': 's'}),
    ('joined_attrs', lambda m: select(m.JManager.name, m.JManager.department),
     'SELECT jemployees.name, jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id',
     {}),
    ('joined_attr_id', lambda m: select(m.JManager.id),
     'SELECT jmanagers.id \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id',
     {}),
    ('joined_where_other', lambda m: select(m.JEmployee).where(m.JManager.department == "x"),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id \nFROM jemployees, jmanagers \nWHERE jmanagers.department = :department_1',
     {'department_1': 'x'}),
    ('joined_join_of_type', lambda m: select(m.Company).join(m.Company.jemployees.of_type(m.JManager)),
     'SELECT companies.id, companies.name \nFROM companies JOIN (jemployees JOIN jmanagers ON jemployees.id = jmanagers.id) ON companies.id = jemployees.company_id',
     {}),
    ('joined_join_entity', lambda m: select(m.Company).join(m.JManager),
     'SELECT companies.id, companies.name \nFROM companies JOIN (jemployees JOIN jmanagers ON jemployees.id = jmanagers.id) ON companies.id = jemployees.company_id',
     {}),
    ('joined_join_entity_rel', lambda m: select(m.Company).join(m.JManager, m.Company.jemployees),
     'SELECT companies.id, companies.name \nFROM companies JOIN (jemployees JOIN jmanagers ON jemployees.id = jmanagers.id) ON companies.id = jemployees.company_id',
     {}),
    ('joined_any_of_type', lambda m: select(m.Company).where(m.Company.jemployees.of_type(m.JManager).any(m.JManager.department == "x")),
     'SELECT companies.id, companies.name \nFROM companies \nWHERE EXISTS (SELECT 1 \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id \nWHERE companies.id = jemployees.company_id AND jmanagers.department = :department_1)',
     {'department_1': 'x'}),
    ('joined_sub_join_parent_rel', lambda m: select(m.JManager).join(m.JManager.company),
     'SELECT jmanagers.id, jemployees.id AS id_1, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id JOIN companies ON companies.id = jemployees.company_id',
     {}),
    ('joined_wp', lambda m: select(with_polymorphic(m.JEmployee, [m.JManager, m.JEngineer])),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.id AS id_1, jmanagers.department, jengineers.id AS id_2, jengineers.programming_language \nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers ON jemployees.id = jengineers.id',
     {}),
    ('joined_wp_where', lambda m: (lambda wp: select(wp).where(wp.JManager.department == "x"))(with_polymorphic(m.JEmployee, [m.JManager, m.JEngineer])),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.id AS id_1, jmanagers.department, jengineers.id AS id_2, jengineers.programming_language \nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers ON jemployees.id = jengineers.id \nWHERE jmanagers.department = :department_1',
     {'department_1': 'x'}),
    ('joined_wp_star', lambda m: select(with_polymorphic(m.JEmployee, "*")),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.id AS id_1, jmanagers.department, jengineers.id AS id_2, jengineers.programming_language \nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers ON jemployees.id = jengineers.id',
     {}),
    ('joined_wp_aliased', lambda m: select(with_polymorphic(m.JEmployee, "*", aliased=True)),
     'SELECT anon_1.jemployees_id, anon_1.jemployees_name, anon_1.jemployees_type, anon_1.jemployees_company_id, anon_1.jmanagers_id, anon_1.jmanagers_department, anon_1.jengineers_id, anon_1.jengineers_programming_language \nFROM (SELECT jemployees.id AS jemployees_id, jemployees.name AS jemployees_name, jemployees.type AS jemployees_type, jemployees.company_id AS jemployees_company_id, jmanagers.id AS jmanagers_id, jmanagers.department AS jmanagers_department, jengineers.id AS jengineers_id, jengineers.programming_language AS jengineers_programming_language \nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers ON jemployees.id = jengineers.id) AS anon_1',
     {}),
    ('joined_wp_flat', lambda m: select(with_polymorphic(m.JEmployee, "*", flat=True)),
     'SELECT jemployees_1.id, jemployees_1.name, jemployees_1.type, jemployees_1.company_id, jmanagers_1.id AS id_1, jmanagers_1.department, jengineers_1.id AS id_2, jengineers_1.programming_language \nFROM jemployees AS jemployees_1 LEFT OUTER JOIN jmanagers AS jmanagers_1 ON jemployees_1.id = jmanagers_1.id LEFT OUTER JOIN jengineers AS jengineers_1 ON jemployees_1.id = jengineers_1.id',
     {}),
    ('joined_wp_one', lambda m: select(with_polymorphic(m.JEmployee, [m.JManager])),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.id AS id_1, jmanagers.department \nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id',
     {}),
    ('joined_wp_innerjoin', lambda m: select(with_polymorphic(m.JEmployee, [m.JManager], innerjoin=True)),
     'SELECT jemployees.id, jemployees.name, jemployees.type, jemployees.company_id, jmanagers.id AS id_1, jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id',
     {}),
    ('joined_alias', lambda m: select(aliased(m.JManager)),
     'SELECT anon_1.jmanagers_id, anon_1.jemployees_id, anon_1.jemployees_name, anon_1.jemployees_type, anon_1.jemployees_company_id, anon_1.jmanagers_department \nFROM (SELECT jemployees.id AS jemployees_id, jemployees.name AS jemployees_name, jemployees.type AS jemployees_type, jemployees.company_id AS jemployees_company_id, jmanagers.id AS jmanagers_id, jmanagers.department AS jmanagers_department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id) AS anon_1',
     {}),
    ('joined_alias_flat', lambda m: select(aliased(m.JManager, flat=True)),
     'SELECT jmanagers_1.id, jemployees_1.id AS id_1, jemployees_1.name, jemployees_1.type, jemployees_1.company_id, jmanagers_1.department \nFROM jemployees AS jemployees_1 JOIN jmanagers AS jmanagers_1 ON jemployees_1.id = jmanagers_1.id',
     {}),
    ('joined_alias_where', lambda m: (lambda m: select(m).where(m.department == "x", m.name == "n"))(aliased(m.JManager, flat=True)),
     'SELECT jmanagers_1.id, jemployees_1.id AS id_1, jemployees_1.name, jemployees_1.type, jemployees_1.company_id, jmanagers_1.department \nFROM jemployees AS jemployees_1 JOIN jmanagers AS jmanagers_1 ON jemployees_1.id = jmanagers_1.id \nWHERE jmanagers_1.department = :department_1 AND jemployees_1.name = :name_1',
     {'department_1': 'x', 'name_1': 'n'}),
    ('joined_wp_company_join', lambda m: (lambda wp: select(m.Company.name, wp.name).join(m.Company.jemployees.of_type(wp)))(with_polymorphic(m.JEmployee, [m.JManager])),
     'SELECT companies.name, jemployees.name AS name_1 \nFROM companies JOIN (jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id) ON companies.id = jemployees.company_id',
     {}),
]


@pytest.mark.parametrize("name,build,expected,params", CASES, ids=[c[0] for c in CASES])
def test_compiles_as_sqlalchemy(m, name, build, expected, params):
    assert_sql(build(m), expected, params=params)


def test_mapper_level_with_polymorphic_and_inline_loading():
    """``__mapper_args__`` ``with_polymorphic="*"`` and ``polymorphic_load="inline"`` widen every
    SELECT of the base (and of aliases of it)."""
    from orm import Column, ForeignKey, Integer, String
    from orm.mapping import DeclarativeBase

    class Base(DeclarativeBase):
        pass

    class Emp(Base):
        __tablename__ = "jemployees"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))
        type = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": type, "with_polymorphic": "*"}

    class Mgr(Emp):
        __tablename__ = "jmanagers"
        id = Column(Integer, ForeignKey("jemployees.id"), primary_key=True)
        department = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "manager"}

    class Eng(Emp):
        __tablename__ = "jengineers"
        id = Column(Integer, ForeignKey("jemployees.id"), primary_key=True)
        programming_language = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "engineer", "polymorphic_load": "inline"}

    class E(Base):
        __tablename__ = "e"
        id = Column(Integer, primary_key=True)
        type = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": type}

    class M(E):
        __tablename__ = "m"
        id = Column(Integer, ForeignKey("e.id"), primary_key=True)
        dept = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "manager", "polymorphic_load": "inline"}

    class G(E):
        __tablename__ = "g"
        id = Column(Integer, ForeignKey("e.id"), primary_key=True)
        lang = Column(String(50))
        __mapper_args__ = {"polymorphic_identity": "eng", "polymorphic_load": "selectin"}

    wide = ("SELECT jemployees.id, jemployees.name, jemployees.type, jmanagers.id AS id_1, jmanagers.department, "
            "jengineers.id AS id_2, jengineers.programming_language \nFROM jemployees LEFT OUTER JOIN jmanagers "
            "ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers ON jemployees.id = jengineers.id")
    assert_sql(select(Emp), wide)
    assert_sql(select(Mgr), "SELECT jmanagers.id, jemployees.id AS id_1, jemployees.name, jemployees.type, "
                            "jmanagers.department \nFROM jemployees JOIN jmanagers ON jemployees.id = jmanagers.id")
    assert_sql(select(E), "SELECT e.id, e.type, m.id AS id_1, m.dept \nFROM e LEFT OUTER JOIN m ON e.id = m.id")
    assert_sql(select(E.id), "SELECT e.id \nFROM e LEFT OUTER JOIN m ON e.id = m.id")
    assert_sql(select(aliased(Emp)), (
        "SELECT anon_1.jemployees_id, anon_1.jemployees_name, anon_1.jemployees_type, anon_1.jmanagers_id, "
        "anon_1.jmanagers_department, anon_1.jengineers_id, anon_1.jengineers_programming_language \nFROM "
        "(SELECT jemployees.id AS jemployees_id, jemployees.name AS jemployees_name, jemployees.type AS "
        "jemployees_type, jmanagers.id AS jmanagers_id, jmanagers.department AS jmanagers_department, "
        "jengineers.id AS jengineers_id, jengineers.programming_language AS jengineers_programming_language "
        "\nFROM jemployees LEFT OUTER JOIN jmanagers ON jemployees.id = jmanagers.id LEFT OUTER JOIN jengineers "
        "ON jemployees.id = jengineers.id) AS anon_1"))


def test_alias_names(m):
    """A flat alias's name prefixes each table alias; with_polymorphic's name names only the entity."""
    assert_sql(select(aliased(m.JManager, flat=True, name="m")), (
        "SELECT m_jmanagers.id, m_jemployees.id AS id_1, m_jemployees.name, m_jemployees.type, "
        "m_jemployees.company_id, m_jmanagers.department \nFROM jemployees AS m_jemployees JOIN jmanagers AS "
        "m_jmanagers ON m_jemployees.id = m_jmanagers.id"))
    wp = with_polymorphic(m.JEmployee, [m.JManager], flat=True, name="w")
    assert_sql(select(wp), (
        "SELECT jemployees_1.id, jemployees_1.name, jemployees_1.type, jemployees_1.company_id, "
        "jmanagers_1.id AS id_1, jmanagers_1.department \nFROM jemployees AS jemployees_1 LEFT OUTER JOIN "
        "jmanagers AS jmanagers_1 ON jemployees_1.id = jmanagers_1.id"))
    from orm import inspect

    assert inspect(wp).name == "w"


def test_dml_on_a_single_table_subclass_is_limited_to_its_rows(m):
    """``update(Manager)`` / ``delete(Manager)`` touch manager rows only (the discriminator comes
    last, as SQLAlchemy renders it); the base class and Core tables get no criterion."""
    from orm import delete, update

    assert_sql(update(m.Manager).values(department="x"),
               "UPDATE employees SET department=:department WHERE employees.type IN (__[POSTCOMPILE_type_1])",
               params={"department": "x", "type_1": ["manager"]})
    assert_sql(delete(m.Engineer).where(m.Engineer.name == "x"),
               "DELETE FROM employees WHERE employees.name = :name_1 AND employees.type IN "
               "(__[POSTCOMPILE_type_1])", params={"name_1": "x", "type_1": ["engineer", "principal"]})
    assert_sql(update(m.Employee).values(name="x"), "UPDATE employees SET name=:name")
    assert_sql(delete(m.Employee.__table__), "DELETE FROM employees")
