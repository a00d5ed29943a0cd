"""The audit trail: who did what to whom, written beside the change it records (status moves, approvals, every
handing-out of a patient's file). Callers use ``record``, ``record_all`` and ``entry``; nothing here reads it back
on a request path."""

from chalicelib.services.audit._trail import entry, record, record_all

__all__ = ["entry", "record", "record_all"]
