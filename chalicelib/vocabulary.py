"""The words DocSpot speaks, once each: roles, statuses, slot states, notification types, locales and the time units
of slots.

Every layer uses these (models, contracts, services, handlers, tests), so they sit at the bottom with the errors
and the settings. Values are the wire format: a ``StrEnum`` member compares and serialises as its string, so the
API, the stored items and the WebSocket messages read exactly as before. See docs/architecture.md, "Vocabulary".
"""

from __future__ import annotations

from enum import StrEnum

# Slots and appointments are aligned to this quantum; two spans overlap exactly when they share one.
QUANTUM_MINUTES = 5
MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 240


class Role(StrEnum):
    PATIENT = "patient"
    DOCTOR = "doctor"
    ADMIN = "admin"


class Locale(StrEnum):
    """The language a user reads DocSpot in (the web app, e-mail, notification texts); ``en`` unless chosen."""

    EN = "en"
    DE = "de"


DEFAULT_LOCALE = Locale.EN


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"


class DoctorStatus(StrEnum):
    """A doctor acts as a doctor, and is listed, only while APPROVED (``services.core.authz``). SUSPENDED: while
    their account is disabled (``accounts.user_admin.set_status``); an admin may approve them again."""

    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


class AppointmentStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    CONFIRMED = "CONFIRMED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    NO_SHOW = "NO_SHOW"


# An appointment that still holds its slot and the patient's time.
ACTIVE_APPOINTMENT_STATUSES = (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.IN_PROGRESS)


class SlotState(StrEnum):
    """A slot as a viewer of the doctor's week sees it. ``HELD`` is a patient's hold (the wire keeps "locked");
    ``REMOVED`` only travels in change events, never in a listing."""

    AVAILABLE = "available"
    HELD = "locked"
    BOOKED = "booked"
    UNAVAILABLE = "unavailable"
    REMOVED = "removed"


class NotificationType(StrEnum):
    """The ``type`` of a feed record (and of the ``notification`` push that carries it)."""

    NEW_APPOINTMENT = "new-appointment"
    APPOINTMENT_CONFIRMED = "appointment-confirmed"
    APPOINTMENT_STATUS_CHANGED = "appointment-status-changed"
    APPOINTMENT_CANCELLED = "appointment-cancelled"
    APPOINTMENT_RESCHEDULED = "appointment-rescheduled"
    ATTENDANCE_CONFIRMED = "attendance-confirmed"
    WAITLIST_SLOT_OPEN = "waitlist-slot-open"
    URGENT_REQUEST = "urgent-request"
    URGENT_REQUEST_CLAIMED = "urgent-request-claimed"
    URGENT_REQUEST_ESCALATED = "urgent-request-escalated"
    DISPUTE_RESOLVED = "dispute-resolved"


class RecordKind(StrEnum):
    """The three kinds of entries of a patient's medical record; the value is the path segment of its routes."""

    ALLERGIES = "allergies"
    CONDITIONS = "conditions"
    MEDICATIONS = "medications"


class AllergySeverity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class ConditionStatus(StrEnum):
    ACTIVE = "active"
    RESOLVED = "resolved"


class RecordAction(StrEnum):
    """What an access to a record did (``record_access.action``): every read, write and export leaves one."""

    READ = "read"
    EXPORT = "export"
    ADD = "add"
    CHANGE = "change"
    REMOVE = "remove"


class TicketStatus(StrEnum):
    """A support ticket's state: OPEN waits for an admin, PENDING for the requester; RESOLVED may be reopened by
    the requester for 14 days; CLOSED is done."""

    OPEN = "OPEN"
    PENDING = "PENDING"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


class TicketCategory(StrEnum):
    ACCOUNT = "account"
    BOOKING = "booking"
    BILLING = "billing"
    TECHNICAL = "technical"
    OTHER = "other"


class VisitMode(StrEnum):
    """Where an appointment type's visit happens: at one of the doctor's clinics, or by video."""

    IN_PERSON = "in_person"
    VIDEO = "video"


# ISO 4217 codes the platform prices in, with their minor digits (how many decimals an amount may have).
CURRENCY_MINOR_DIGITS = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "PLN": 2,
    "CZK": 2,
    "HUF": 2,
    "RON": 2,
    "CAD": 2,
    "AUD": 2,
    "JPY": 0,
    "KWD": 3,
}


class DisputeKind(StrEnum):
    NO_SHOW_CONTESTED = "no_show_contested"
    FEE = "fee"
    CONDUCT = "conduct"
    OTHER = "other"


class DisputeStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
