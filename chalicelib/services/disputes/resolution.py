"""Raising, listing and resolving disputes."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.common import Page
from chalicelib.contracts.disputes import DisputeCreate, DisputeOut, DisputeResolve
from chalicelib.errors import Conflict, NotFound, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.models.disputes import Dispute
from chalicelib.models.notifications import Notification
from chalicelib.models.unique_keys import UniqueKey, open_dispute_key
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.analytics import aggregates
from chalicelib.services.booking.views import get_appointment, require_part
from chalicelib.services.core import announce
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    NamedTransaction,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.notifications import feed
from chalicelib.vocabulary import AppointmentStatus, DisputeKind, DisputeStatus, NotificationType, Role

FINISHED = (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED)
NOT_FOUND = "no such dispute"


def dispute_out(item: Dispute) -> DisputeOut:
    return DisputeOut(
        dispute_id=item.dispute_id,
        appointment_id=item.appointment_id,
        patient_id=item.patient_id,
        doctor_id=item.doctor_id,
        raised_by=item.raised_by,
        raised_by_role=item.raised_by_role,  # type: ignore[arg-type]
        kind=DisputeKind(item.kind),
        reason=item.reason,
        status=DisputeStatus(item.status),
        appointment_status=item.appointment_status,
        created_at=datetime.fromisoformat(item.created_at.split("#", 1)[0]),
        outcome=item.outcome,
        status_correction=item.status_correction,
        resolved_at=item.resolved_at,
    )


def raise_dispute(principal: Principal, appointment_id: str, request: DisputeCreate) -> DisputeOut:
    """A party to a finished appointment disputes it: 404 to anyone else, 422 before it is over, 409 while another
    dispute of it is open (the guard key decides two raised at once)."""
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR)
    if appointment.status not in FINISHED:
        raise RuleViolation("only a finished appointment can be disputed", code="APPOINTMENT_NOT_FINISHED")
    now = adapters().clock.now()
    item = Dispute(
        dispute_id=uuid.uuid4().hex,
        appointment_id=appointment_id,
        patient_id=appointment.patient_id,
        doctor_id=appointment.doctor_id,
        raised_by=principal.user_id,
        raised_by_role=str(part),
        kind=str(request.kind),
        reason=request.reason,
        status=DisputeStatus.OPEN.value,
        appointment_status=str(appointment.status),
        created_at=f"{now.isoformat()}#{secrets.token_hex(4)}",
    )
    guard = UniqueKey(key=open_dispute_key(appointment_id), owner_id=item.dispute_id)
    tx = transaction()
    try:
        with tx:
            tx.save(guard, condition=UniqueKey.key.does_not_exist(), part="guard")
            tx.save(item, condition=Dispute.dispute_id.does_not_exist(), part="dispute")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("guard"):
            raise Conflict("this appointment already has an open dispute", code="DISPUTE_OPEN") from exc
        raise unexplained(exc) from exc
    logger.info("dispute raised", extra={"appointment_id": appointment_id, "dispute_id": item.dispute_id})
    return dispute_out(item)


QUEUE_KEY = {"dispute_id": "S", "status": "S", "created_at": "S"}


def queue(status: DisputeStatus, *, limit: int | None, cursor: str | None) -> Page[DisputeOut]:
    """Disputes of one status, oldest first: one Query on the status-index."""
    rows = Dispute.by_status.query(
        status.value, limit=page_size(limit), last_evaluated_key=decode_cursor(cursor, QUEUE_KEY)
    )
    items = read_page(rows, cursor=cursor)
    return Page[DisputeOut](items=[dispute_out(i) for i in items], next_cursor=encode_cursor(rows.last_evaluated_key))


def of_patient(patient_id: str, *, limit: int = 50) -> list[DisputeOut]:
    """A patient's disputes, newest first (the admin's patient page): one Query on the patient-index."""
    rows = Dispute.by_patient.query(patient_id, scan_index_forward=False, limit=limit)
    return [dispute_out(i) for i in rows]


def _dispute(dispute_id: str) -> Dispute:
    try:
        return Dispute.get(dispute_id, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound(NOT_FOUND, code="DISPUTE_NOT_FOUND") from exc


def resolution_parts(
    tx: NamedTransaction,
    dispute: Dispute,
    before: Appointment,
    after_status: str,
    *,
    admin_id: str,
    outcome: str,
    notices: Sequence[Notification],
    now: datetime,
) -> None:
    """The parts of the one transaction that resolves a dispute: the only change of a finished appointment's status.
    Parts: ``dispute`` (open -> resolved), ``guard`` (released), ``appointment`` (the status, on condition
    it is still the one the admin saw; only when corrected), ``notice:{user}`` (both parties' feed records),
    ``audit``, and the analytics counters' moves of a corrected status (``aggregate:…``, the same
    ``aggregates.add_parts`` every status change adds), so they commit with it or not at all."""
    tx.update(
        dispute,
        actions=[
            Dispute.status.set(DisputeStatus.RESOLVED.value),
            Dispute.outcome.set(outcome),
            Dispute.resolved_by.set(admin_id),
            Dispute.resolved_at.set(now),
            *([Dispute.status_correction.set(after_status)] if after_status != before.status else []),
        ],
        condition=Dispute.status == DisputeStatus.OPEN.value,
        part="dispute",
    )
    tx.delete(
        UniqueKey(key=open_dispute_key(dispute.appointment_id)),
        condition=UniqueKey.owner_id == dispute.dispute_id,
        part="guard",
    )
    if after_status != before.status:
        tx.update(
            before,
            actions=[Appointment.status.set(after_status), Appointment.updated_at.set(now)],
            condition=Appointment.status == before.status,
            part="appointment",
        )
        specialty = aggregates.specialty_of(before.doctor_id)
        aggregates.add_parts(
            tx,
            aggregates.visit(before, specialty_id=specialty),
            aggregates.visit(before, specialty_id=specialty, status=after_status, changed_at=now),
        )
    for notice in notices:
        tx.save(notice, part=f"notice:{notice.user_id}")
    detail = {"dispute": dispute.dispute_id, "kind": dispute.kind}
    if after_status != before.status:
        detail["status"] = f"{before.status} -> {after_status}"
    tx.save(
        audit.entry(
            entity=f"appointment#{before.appointment_id}", actor=admin_id, action="dispute-resolved", detail=detail
        ),
        part="audit",
    )


def resolve(admin_id: str, dispute_id: str, request: DisputeResolve) -> DisputeOut:
    dispute = _dispute(dispute_id)
    if dispute.status != DisputeStatus.OPEN:
        raise Conflict("this dispute is resolved already", code="DISPUTE_RESOLVED")
    before = get_appointment(dispute.appointment_id)
    after_status = str(request.status_correction) if request.status_correction else str(before.status)
    if after_status != before.status and before.status not in (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW):
        raise RuleViolation(
            f"an appointment that is {before.status} cannot be corrected to {after_status}", code="INVALID_CORRECTION"
        )
    now = adapters().clock.now()
    data = feed.about(before, status=after_status, by=Role.ADMIN)
    data["dispute_id"] = dispute_id
    title = "Your dispute was resolved" if after_status == before.status else f"Appointment corrected to {after_status}"
    notices = [
        feed.entry(
            party, NotificationType.DISPUTE_RESOLVED, title, "An admin resolved the dispute; open it in the app.", data
        )
        for party in dict.fromkeys((before.patient_id, before.doctor_id))
    ]
    tx = transaction()
    try:
        with tx:
            resolution_parts(
                tx, dispute, before, after_status, admin_id=admin_id, outcome=request.outcome, notices=notices, now=now
            )
    except TransactWriteError as exc:
        cancellation = tx.cancellation(exc)
        if cancellation.failed("dispute"):
            raise Conflict("this dispute is resolved already", code="DISPUTE_RESOLVED") from exc
        if after_status != before.status and cancellation.failed("appointment"):
            raise Conflict("the appointment changed meanwhile: reload it", code="STALE_APPOINTMENT") from exc
        raise unexplained(exc) from exc
    logger.info("dispute resolved", extra={"appointment_id": before.appointment_id, "dispute_id": dispute_id})
    after = get_appointment(before.appointment_id)
    announce.announce(
        announce.DisputeResolved(after, previous_status=str(before.status), by=Role.ADMIN.value, notices=tuple(notices))
    )
    return dispute_out(_dispute(dispute_id))
