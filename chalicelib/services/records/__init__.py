"""Patients' medical records: entries of three kinds (``entries``), who may open whose record (``care``: the
patient their own, a doctor through a care relationship, never an admin), every access written down and shown to
the patient (``access_log``), the doctor's patients (``patients``) and the FHIR export (``export``). Internal: the
pure rules (``_rules``) and the FHIR shapes (``_fhir``). Above booking: a doctor's follow-up is booked through it."""
