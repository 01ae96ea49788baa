# expect: ORM1 at 12
# why: render_patient() (another module) reads patient.visits, lazy for every patient of the query; reported at the call.

from sqlalchemy import select

from models_clinic import Base, Patient, seed_clinic
from render_helpers import render_patient


def patient_directory(session):
    patients = session.scalars(select(Patient).order_by(Patient.name)).all()
    return [render_patient(p) for p in patients]


run = patient_directory
seed = seed_clinic
