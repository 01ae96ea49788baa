"""Clinic models shared by several cases (support module, no labels)."""
from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patients"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    visits: Mapped[list["Visit"]] = relationship(back_populates="patient")


class Visit(Base):
    __tablename__ = "visits"
    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    day: Mapped[date]
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    patient: Mapped[Patient] = relationship(back_populates="visits")


def seed_clinic(session, n):
    for i in range(n):
        session.add(Patient(name=f"p{i}", visits=[Visit(reason="check", day=date(2024, 1, 1))]))
