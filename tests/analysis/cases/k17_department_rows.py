# expect: ORM1 at 39
# why: Rows of select(Department, Employee): employee.department is in the same row, employee.badges is lazy.

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    employees: Mapped[list["Employee"]] = relationship(back_populates="department")


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    department: Mapped[Department] = relationship(back_populates="employees")
    badges: Mapped[list["Badge"]] = relationship()


class Badge(Base):
    __tablename__ = "badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))


def badge_list(session: Session) -> list[str]:
    stmt = select(Department, Employee).join(Department.employees).order_by(Employee.id)
    lines = []
    for department, employee in session.execute(stmt):
        codes = ",".join(b.code for b in employee.badges)
        lines.append(f"{employee.department.name}/{department.name}: {employee.name} {codes}")
    return lines


run = badge_list


def seed(session, n):
    for i in range(n):
        session.add(Department(name=f"d{i}",
                               employees=[Employee(name="e", badges=[Badge(code="b")])]))
