"""PynamoDB models: one per table, the single definition used by the app, the tests, the local stack and infra."""

from __future__ import annotations

from pynamodb.models import Model

from chalicelib.models.analytics import DailyAggregate
from chalicelib.models.appointment_types import AppointmentType
from chalicelib.models.appointments import Appointment
from chalicelib.models.audit import AuditEntry
from chalicelib.models.availability_rules import AvailabilityRule
from chalicelib.models.clinics import Clinic, DoctorPlace
from chalicelib.models.connections import Connection
from chalicelib.models.conversations import ConversationItem
from chalicelib.models.day_summaries import DaySummary
from chalicelib.models.disputes import Dispute
from chalicelib.models.doctors import Doctor
from chalicelib.models.files import FileRecord
from chalicelib.models.idempotency import IdempotencyRecord
from chalicelib.models.notifications import Notification
from chalicelib.models.outbox import OutboxMessage
from chalicelib.models.plans import DoctorSubscription, Invoice, Plan
from chalicelib.models.platform_settings import PlatformSettingsItem
from chalicelib.models.records import RecordAccess, RecordItem
from chalicelib.models.reviews import Review
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.models.specialties import Specialty
from chalicelib.models.subscriptions import Subscription
from chalicelib.models.support import SupportMessage, SupportTicket
from chalicelib.models.tokens import Token
from chalicelib.models.unique_keys import UniqueKey
from chalicelib.models.urgent import Duty, UrgentRequest
from chalicelib.models.users import User
from chalicelib.models.waitlist import WaitlistEntry

ALL_MODELS: tuple[type[Model], ...] = (
    User,
    UniqueKey,
    Specialty,
    Doctor,
    Token,
    AuditEntry,
    Slot,
    SlotHold,
    Appointment,
    Notification,
    WaitlistEntry,
    IdempotencyRecord,
    AvailabilityRule,
    Connection,
    Subscription,
    FileRecord,
    OutboxMessage,
    RecordItem,
    RecordAccess,
    SupportTicket,
    SupportMessage,
    Review,
    ConversationItem,
    UrgentRequest,
    Duty,
    AppointmentType,
    Clinic,
    DoctorPlace,
    DailyAggregate,
    Plan,
    DoctorSubscription,
    Invoice,
    PlatformSettingsItem,
    Dispute,
    DaySummary,
)

__all__ = [
    "ALL_MODELS",
    "Appointment",
    "AppointmentType",
    "AuditEntry",
    "AvailabilityRule",
    "Clinic",
    "Connection",
    "ConversationItem",
    "DailyAggregate",
    "DaySummary",
    "Dispute",
    "Doctor",
    "DoctorPlace",
    "DoctorSubscription",
    "Duty",
    "FileRecord",
    "IdempotencyRecord",
    "Invoice",
    "Notification",
    "OutboxMessage",
    "Plan",
    "PlatformSettingsItem",
    "RecordAccess",
    "RecordItem",
    "Review",
    "Slot",
    "SlotHold",
    "Specialty",
    "Subscription",
    "SupportMessage",
    "SupportTicket",
    "Token",
    "UniqueKey",
    "UrgentRequest",
    "User",
    "WaitlistEntry",
]
