"""Patients as admins look after them: the search by name or e-mail prefix (one Query on a users index, never a
scan) and one patient's page (profile, appointments, disputes; support tickets once that capability exists).
Never the medical record, and no health data of the appointments (reasons, notes, summaries). Disabling and
enabling stay where they are (``accounts.user_admin``, ``governance``: ``POST /admin/users/{id}/disable``).
"""
