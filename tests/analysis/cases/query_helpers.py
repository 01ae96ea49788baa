"""Statement helpers (support module, no labels)."""
from sqlalchemy.orm import selectinload

from models_clinic import Patient


def with_visits(stmt):
    return stmt.options(selectinload(Patient.visits))
