"""The audit trail: who did what to whom, written beside the change it records (status moves, approvals, sign-ins
and failed sign-ins, exports, every handing-out of a patient's file). Callers use ``record``, ``record_all`` and
``entry``; entries are put on condition that their key is new and never updated or deleted, and expire after the
retention (``DOCSPOT_AUDIT_RETENTION_DAYS``). ``viewer`` reads them back for the admins, from indexes."""

from chalicelib.services.audit._trail import entry, record, record_all

__all__ = ["entry", "record", "record_all"]
