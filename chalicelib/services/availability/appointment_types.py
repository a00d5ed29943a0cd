"""Appointment types: the visits a doctor offers (name, length, price, mode), which slots are published for.

Availability owns them because a type decides the length of the slots published for it; booking reads a slot's
type from the model to snapshot its name, mode and price onto the appointment. Deactivating keeps the item (slots
and appointments name it); it is then neither listed publicly nor published for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.appointment_types import (
    AppointmentTypeCreate,
    AppointmentTypeOut,
    AppointmentTypeRef,
    AppointmentTypeUpdate,
    PriceOut,
)
from chalicelib.errors import NotFound, RuleViolation
from chalicelib.models.appointment_types import DEFAULT_TYPE_ID, AppointmentType
from chalicelib.models.availability_rules import AvailabilityRule
from chalicelib.models.clinics import DoctorPlace
from chalicelib.models.doctors import Doctor
from chalicelib.observability import logger
from chalicelib.services.core import directory_version
from chalicelib.services.core.conditions import is_approved
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.plans import entitlements
from chalicelib.vocabulary import DoctorStatus, VisitMode

MAX_TYPES = 20  # a doctor's types, active or not: one Query reads them all
NOT_FOUND = "no such appointment type"


def price_out(amount: str, currency: str) -> PriceOut:
    return PriceOut(amount=amount, currency=currency)


def type_out(item: AppointmentType) -> AppointmentTypeOut:
    return AppointmentTypeOut(
        appointment_type_id=item.type_id,
        doctor_id=item.doctor_id,
        name=item.name,
        description=item.description or "",
        duration_minutes=int(item.duration_minutes),
        price=price_out(item.price_amount, item.price_currency),
        mode=VisitMode(item.mode),
        clinic_id=item.clinic_id,
        active=bool(item.active),
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def type_ref(item: AppointmentType) -> AppointmentTypeRef:
    return AppointmentTypeRef(
        id=item.type_id,
        name=item.name,
        mode=VisitMode(item.mode),
        price=price_out(item.price_amount, item.price_currency),
        clinic_id=item.clinic_id,
    )


def types_of(doctor_id: str) -> list[AppointmentType]:
    """Every type of the doctor's, active or not, in one Query."""
    return list(AppointmentType.query(doctor_id, limit=MAX_TYPES))


def one_type(doctor_id: str, type_id: str) -> AppointmentType:
    try:
        return AppointmentType.get(doctor_id, type_id)
    except DoesNotExist as exc:
        raise NotFound(NOT_FOUND, code="APPOINTMENT_TYPE_NOT_FOUND") from exc


def active_type(doctor_id: str, type_id: str) -> AppointmentType:
    """The type slots are being published for: 404 if unknown, 422 if deactivated."""
    item = one_type(doctor_id, type_id)
    if not item.active:
        raise RuleViolation("this appointment type is deactivated", code="APPOINTMENT_TYPE_INACTIVE")
    return item


def _works_at(doctor_id: str, clinic_id: str) -> None:
    """An in-person type names a clinic the doctor works at (``doctor_places``, the catalogue's): 422 otherwise."""
    try:
        DoctorPlace.get(doctor_id, clinic_id, consistent_read=True, attributes_to_get=["clinic_id"])
    except DoesNotExist as exc:
        raise RuleViolation("you do not work at this clinic", code="NOT_YOUR_CLINIC") from exc


def _keep_modes(doctor_id: str) -> None:
    """Writes the modes of the doctor's active types onto the doctor (what ``GET /doctors?mode=`` reads from the
    directory) and moves the directory's version. Read after the type's own write, so the last writer's read sees
    every type written before it."""
    modes = sorted({item.mode for item in AppointmentType.query(doctor_id, consistent_read=True) if item.active})
    try:
        Doctor(doctor_id=doctor_id).update(
            actions=[Doctor.modes.set(modes) if modes else Doctor.modes.remove()],
            condition=Doctor.doctor_id.exists(),
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        return
    directory_version.changed()


def create(doctor_id: str, request: AppointmentTypeCreate) -> AppointmentTypeOut:
    existing = types_of(doctor_id)
    if len(existing) >= MAX_TYPES:
        raise RuleViolation(f"a doctor offers at most {MAX_TYPES} appointment types", code="TOO_MANY_TYPES")
    if request.clinic_id is not None:
        _works_at(doctor_id, request.clinic_id)
    entitlements.require_count(doctor_id, "max_appointment_types", sum(1 for t in existing if t.active) + 1)
    if request.mode == VisitMode.VIDEO:
        entitlements.require(doctor_id, "video_visits")
    now = adapters().clock.now()
    item = AppointmentType(
        doctor_id=doctor_id,
        type_id=uuid.uuid4().hex[:12],
        name=request.name,
        description=request.description,
        duration_minutes=request.duration_minutes,
        price_amount=request.price.normalised(),
        price_currency=request.price.currency,
        mode=str(request.mode),
        clinic_id=request.clinic_id,
        active=True,
        created_at=now,
        updated_at=now,
    )
    item.save(condition=AppointmentType.type_id.does_not_exist())
    _keep_modes(doctor_id)
    logger.info("appointment type created", extra={"doctor_id": doctor_id, "appointment_type_id": item.type_id})
    return type_out(item)


def update(doctor_id: str, type_id: str, request: AppointmentTypeUpdate) -> AppointmentTypeOut:
    """Changes what is sent, on condition that the type exists: slots already published keep their length;
    appointments already booked keep the price they were booked at."""
    fields = request.model_dump(exclude_unset=True, exclude_none=True)
    actions: list[Action] = [AppointmentType.updated_at.set(adapters().clock.now())]
    if "name" in fields:
        actions.append(AppointmentType.name.set(request.name))
    if "description" in fields:
        actions.append(AppointmentType.description.set(request.description))
    if "duration_minutes" in fields:
        actions.append(AppointmentType.duration_minutes.set(request.duration_minutes))
    if "price" in fields:
        actions += [
            AppointmentType.price_amount.set(request.price.normalised()),
            AppointmentType.price_currency.set(request.price.currency),
        ]
    if "active" in fields:
        actions.append(AppointmentType.active.set(request.active))
        if request.active:
            _entitled_to_reactivate(doctor_id, type_id)
    item = AppointmentType(doctor_id=doctor_id, type_id=type_id)
    try:
        item.update(actions=actions, condition=AppointmentType.type_id.exists())
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        raise NotFound(NOT_FOUND, code="APPOINTMENT_TYPE_NOT_FOUND") from exc
    if "active" in fields:
        _keep_modes(doctor_id)
    logger.info("appointment type changed", extra={"doctor_id": doctor_id, "appointment_type_id": type_id})
    return type_out(item)


def _entitled_to_reactivate(doctor_id: str, type_id: str) -> None:
    """Reactivating a type counts against the plan like creating one (a type already active does not)."""
    existing = types_of(doctor_id)
    if any(t.type_id == type_id and not t.active for t in existing):
        entitlements.require_count(doctor_id, "max_appointment_types", sum(1 for t in existing if t.active) + 1)


def deactivate(doctor_id: str, type_id: str) -> AppointmentTypeOut:
    return update(doctor_id, type_id, AppointmentTypeUpdate(active=False))


def list_mine(doctor_id: str) -> list[AppointmentTypeOut]:
    return [type_out(item) for item in types_of(doctor_id)]


def list_offered(doctor_id: str) -> list[AppointmentTypeOut]:
    """An approved doctor's active types (public): 404 for anyone else."""
    try:
        doctor = Doctor.get(doctor_id, attributes_to_get=["doctor_id", "status"])
    except DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc
    if not is_approved(doctor):
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    return [type_out(item) for item in types_of(doctor_id) if item.active]


# The one-time migration (tools/default_appointment_types.py) ---------------------------------------------------

DEFAULT_NAME = "Consultation"
DEFAULT_MINUTES = 30  # for a doctor without weekly rules
DEFAULT_CURRENCY = "EUR"  # the currency the profile's ``consultation_fee`` was always meant in


@dataclass(frozen=True)
class DefaultTypes:
    doctors: int  # doctors read
    created: int  # default types written now (0 on a second run)


def _current_minutes(doctor_id: str) -> int:
    """The length of the doctor's latest weekly rule, the nearest thing to "their current duration"."""
    rules = sorted(AvailabilityRule.query(doctor_id), key=lambda rule: rule.created_at, reverse=True)
    return int(rules[0].duration_minutes) if rules else DEFAULT_MINUTES


def give_default_types() -> DefaultTypes:
    """Gives every doctor who offers no type yet an in-person ``Consultation`` from their current duration and
    ``consultation_fee``. Idempotent: the type's id is fixed (``default``) and it is put only if absent, so running
    again, or twice at once, writes nothing more. Doctors are read per status from ``status-index`` (no Scan)."""
    now = adapters().clock.now()
    seen = created = 0
    for status in DoctorStatus:
        for doctor in Doctor.by_status.query(str(status)):
            seen += 1
            if types_of(doctor.doctor_id):
                continue
            fee = Decimal(str(doctor.consultation_fee or 0)).quantize(Decimal("0.01"))
            item = AppointmentType(
                doctor_id=doctor.doctor_id,
                type_id=DEFAULT_TYPE_ID,
                name=DEFAULT_NAME,
                description="",
                duration_minutes=_current_minutes(doctor.doctor_id),
                price_amount=f"{max(fee, Decimal(0)):.2f}",
                price_currency=DEFAULT_CURRENCY,
                mode=str(VisitMode.IN_PERSON),
                clinic_id=None,
                active=True,
                created_at=now,
                updated_at=now,
            )
            try:
                item.save(condition=AppointmentType.type_id.does_not_exist())
            except PutError as exc:
                if not condition_failed(exc):
                    raise
                continue
            _keep_modes(doctor.doctor_id)
            created += 1
    logger.info("default appointment types given", extra={"doctors": seen, "created": created})
    return DefaultTypes(doctors=seen, created=created)
