"""Serialisers used by the views (support module, no labels)."""


def render_patient(patient):
    return {"name": patient.name, "visits": [v.reason for v in patient.visits]}


def render_visit(visit):
    return {"reason": visit.reason, "day": visit.day.isoformat()}
