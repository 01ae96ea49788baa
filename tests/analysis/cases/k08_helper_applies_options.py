# expect: none
# why: The statement goes through with_visits(), a helper of another module that adds selectinload(Patient.visits).

from sqlalchemy import select

from models_clinic import Base, Patient, seed_clinic
from query_helpers import with_visits
from render_helpers import render_patient, render_visit


def patient_directory(session):
    stmt = with_visits(select(Patient).order_by(Patient.name))
    directory = []
    for patient in session.scalars(stmt):
        entry = render_patient(patient)
        entry["first"] = [render_visit(v) for v in patient.visits[:1]]
        directory.append(entry)
    return directory


run = patient_directory
seed = seed_clinic
