"""Urgent requests to on-duty doctors: doctors' duty (ends by itself at ``until``), a patient's request alerting
the on-duty doctors (of the specialty when given), the first claim wins (a conditional update) and opens a
conversation between the two (services/messaging), the patient's cancel, and escalation to the admins after
``DOCSPOT_URGENT_ESCALATION_MINUTES`` by a schedule, exactly once. Symptoms are health data: pushes carry ids and
status only, mails never contain them, nothing logs them. Storage: the ``urgent_requests`` and ``duty`` tables."""
