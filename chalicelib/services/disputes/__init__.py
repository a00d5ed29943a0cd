"""Disputes over finished appointments: a patient or the doctor raises one (at most one open per appointment);
admins work the queue and resolve it with an outcome and, if the decision says so, a corrected status. This is the
only way to change a finished appointment's status: ``resolution.resolution_parts`` is the one place that builds
that change (dispute, guard, appointment, both parties' notices, the audit entry) as one transaction.
"""
