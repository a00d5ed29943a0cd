"""Urgent requests (docs/architecture.md, "Urgent requests").

A request is WAITING until one of three conditional updates on ``status = WAITING`` wins: a doctor's claim
(CLAIMED), the patient's cancel (CANCELLED) or the escalation schedule (ESCALATED). Each removes ``waiting``, so
the request leaves the queue (``waiting-index``) in the same write. Whoever loses is told why: 409
``ALREADY_CLAIMED`` to a later claim, 409 ``REQUEST_CLOSED`` when it was cancelled or escalated.

Who sees a request: the patient who made it, the doctor who claimed it, admins, and (while it waits) the doctors on
duty in the queue. Anyone else gets 404 ``URGENT_REQUEST_NOT_FOUND``. Pushes (``urgent-request``) carry the id,
the status, the specialty and the claiming doctor, never the symptoms or the phone number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.urgent import ClaimedByOut, EmergencyOut, UrgentRequestIn, UrgentRequestOut
from chalicelib.errors import Conflict, NotFound
from chalicelib.models.urgent import WAITING, UrgentRequest
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import settings as platform
from chalicelib.services.catalogue.specialties import get_specialty
from chalicelib.services.core import announce
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import condition_failed, decode_cursor, encode_cursor, page_size, read_page
from chalicelib.services.core.people import users
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.mail import notices
from chalicelib.services.messaging.conversations import open_between
from chalicelib.services.notifications import feed
from chalicelib.services.urgent import duty
from chalicelib.vocabulary import NotificationType, Role

URGENT_REQUEST = "urgent-request"
CLAIMED, ESCALATED, CANCELLED = "CLAIMED", "ESCALATED", "CANCELLED"
QUEUE_KEY_SCHEMA = {"request_id": "S", "waiting": "S", "created_at": "S"}


class UrgentRequestNotFound(NotFound):
    code = "URGENT_REQUEST_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such urgent request")


class AlreadyClaimed(Conflict):
    code = "ALREADY_CLAIMED"

    def __init__(self) -> None:
        super().__init__("another doctor has already claimed this request")


class RequestClosed(Conflict):
    code = "REQUEST_CLOSED"

    def __init__(self, status: str) -> None:
        super().__init__(f"the request is {status.lower()} and can no longer change")


@dataclass
class EscalationReport:
    due: int = 0
    escalated: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"due": self.due, "escalated": self.escalated}


def emergency() -> EmergencyOut:
    settings = platform.current()
    return EmergencyOut(
        emergency_number=settings.emergency_number, escalation_minutes=settings.urgent_escalation_minutes
    )


def _escalates_at(request: UrgentRequest) -> datetime:
    return parse_iso(request.created_at) + timedelta(minutes=platform.current().urgent_escalation_minutes)


def request_out(request: UrgentRequest) -> UrgentRequestOut:
    return UrgentRequestOut(
        request_id=request.request_id,
        status=request.status,  # type: ignore[arg-type]
        patient_id=request.patient_id,
        symptoms=request.symptoms,
        callback_phone=request.callback_phone,
        specialty_id=request.specialty_id,
        created_at=parse_iso(request.created_at),
        escalates_at=_escalates_at(request) if request.status == WAITING else None,
        claimed_by=ClaimedByOut(id=request.claimed_by, name=request.claimed_by_name or "")
        if request.claimed_by
        else None,
        claimed_at=parse_iso(request.claimed_at) if request.claimed_at else None,
        conversation_id=request.conversation_id,
        emergency_number=platform.current().emergency_number,
    )


def _pushed(request: UrgentRequest) -> dict[str, object]:
    """What a push says: ids and status, never the symptoms or the phone number."""
    return {
        "request_id": request.request_id,
        "status": request.status,
        "specialty_id": request.specialty_id,
        "claimed_by": {"id": request.claimed_by, "name": request.claimed_by_name or ""} if request.claimed_by else None,
        "conversation_id": request.conversation_id,
    }


def _on_duty_ids(now: datetime, specialty_id: str | None) -> tuple[str, ...]:
    return tuple(d.doctor_id for d in duty.on_duty(now, specialty_id))


def _notify(user_ids: tuple[str, ...], kind: NotificationType, title: str, request: UrgentRequest) -> None:
    """A feed record for each of ``user_ids``: ids and status, never the symptoms (PutItem each)."""
    data = {"request_id": request.request_id, "status": request.status}
    if request.claimed_by_name:
        data["claimed_by"] = request.claimed_by_name
    for user_id in user_ids:
        feed.record(user_id, kind, title, data=data)


def create(patient: Principal, body: UrgentRequestIn) -> UrgentRequestOut:
    """``POST /urgent-requests``: a WAITING request; every doctor on duty (of the specialty when given) is pushed."""
    if body.specialty_id is not None:
        get_specialty(body.specialty_id)
    now = iso(adapters().clock.now())
    request = UrgentRequest(
        request_id=uuid.uuid4().hex,
        patient_id=patient.user_id,
        status=WAITING,
        symptoms=body.symptoms,
        callback_phone=body.callback_phone,
        specialty_id=body.specialty_id,
        created_at=now,
        updated_at=now,
        waiting=WAITING,
    )
    request.save(condition=UrgentRequest.request_id.does_not_exist())
    doctors = _on_duty_ids(adapters().clock.now(), body.specialty_id)
    _notify(doctors, NotificationType.URGENT_REQUEST, "An urgent request is waiting", request)
    announce.announce(announce.Told((*doctors, patient.user_id), URGENT_REQUEST, _pushed(request)))
    logger.info("urgent request made", extra={"request_id": request.request_id, "alerted": len(doctors)})
    return request_out(request)


def _stored(request_id: str) -> UrgentRequest:
    if len(request_id) > 64:
        raise UrgentRequestNotFound()
    try:
        return UrgentRequest.get(request_id, consistent_read=True)
    except UrgentRequest.DoesNotExist as exc:
        raise UrgentRequestNotFound() from exc


def get(principal: Principal, request_id: str) -> UrgentRequestOut:
    """The patient who made it, the doctor who claimed it, admins; on-duty doctors while it waits."""
    request = _stored(request_id)
    if principal.role == Role.ADMIN or principal.user_id in (request.patient_id, request.claimed_by):
        return request_out(request)
    if principal.role == Role.DOCTOR and request.status == WAITING:
        try:
            duty.require_on_duty(principal)
        except duty.NotOnDuty:
            raise UrgentRequestNotFound() from None
        return request_out(request)
    raise UrgentRequestNotFound()


def queue(doctor: Principal, *, limit: int | None, cursor: str | None) -> tuple[list[UrgentRequestOut], str | None]:
    """``GET /urgent-requests?status=WAITING``: oldest first, those of the doctor's specialty or of none. One
    Query of the sparse ``waiting-index``."""
    mine = duty.require_on_duty(doctor)
    condition = UrgentRequest.specialty_id.does_not_exist() | (UrgentRequest.specialty_id == mine.specialty_id)
    rows = UrgentRequest.by_waiting.query(
        WAITING,
        filter_condition=condition,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, QUEUE_KEY_SCHEMA),
    )
    found = read_page(rows, cursor=cursor)
    return [request_out(r) for r in found], encode_cursor(rows.last_evaluated_key)


def _close(request: UrgentRequest, actions: list, now: datetime, *, from_status: tuple[str, ...] = (WAITING,)) -> bool:  # type: ignore[type-arg]
    try:
        request.update(
            actions=[*actions, UrgentRequest.waiting.remove(), UrgentRequest.updated_at.set(iso(now))],
            condition=UrgentRequest.status.is_in(*from_status),
        )
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


def _refused(request_id: str) -> Conflict:
    current = _stored(request_id)
    return AlreadyClaimed() if current.status == CLAIMED else RequestClosed(current.status)


def claim(doctor: Principal, request_id: str) -> UrgentRequestOut:
    """``POST /urgent-requests/{id}/claim``: the first claim wins (conditional update); it opens (or reuses) the
    conversation between the two, and the patient and the doctors on duty are told who claimed it."""
    request = _stored(request_id)
    duty.require_on_duty(doctor)
    now = adapters().clock.now()
    name = users([doctor.user_id]).get(doctor.user_id)
    won = _close(
        request,
        [
            UrgentRequest.status.set(CLAIMED),
            UrgentRequest.claimed_by.set(doctor.user_id),
            UrgentRequest.claimed_by_name.set(name.name if name is not None else ""),
            UrgentRequest.claimed_at.set(iso(now)),
        ],
        now,
    )
    if not won:
        raise _refused(request_id)
    conversation_id, _ = open_between(doctor.user_id, request.patient_id)
    request.update(actions=[UrgentRequest.conversation_id.set(conversation_id)])
    doctors = _on_duty_ids(now, request.specialty_id)
    _notify(
        (request.patient_id,), NotificationType.URGENT_REQUEST_CLAIMED, "A doctor took your urgent request", request
    )
    announce.announce(announce.Told((request.patient_id, doctor.user_id, *doctors), URGENT_REQUEST, _pushed(request)))
    return request_out(request)


def cancel(patient: Principal, request_id: str) -> UrgentRequestOut:
    """``POST /urgent-requests/{id}/cancel``: the patient's, while it waits or after it was escalated."""
    request = _stored(request_id)
    if request.patient_id != patient.user_id:
        raise UrgentRequestNotFound()
    now = adapters().clock.now()
    cancelled = [UrgentRequest.status.set(CANCELLED), UrgentRequest.cancelled_at.set(iso(now))]
    if not _close(request, cancelled, now, from_status=(WAITING, ESCALATED)):
        raise _refused(request_id)
    doctors = _on_duty_ids(now, request.specialty_id)
    announce.announce(announce.Told((request.patient_id, *doctors), URGENT_REQUEST, _pushed(request), admins=True))
    return request_out(request)


def escalate_due() -> EscalationReport:
    """The schedule: every WAITING request older than the escalation minutes becomes ESCALATED, exactly once (the
    conditional update only one run can win); the admins are pushed and mailed, the patient pushed and mailed."""
    now = adapters().clock.now()
    cutoff = iso(now - timedelta(minutes=platform.current().urgent_escalation_minutes))
    report = EscalationReport()
    for request in UrgentRequest.by_waiting.query(WAITING, UrgentRequest.created_at <= cutoff):
        report.due += 1
        if not _close(request, [UrgentRequest.status.set(ESCALATED), UrgentRequest.escalated_at.set(iso(now))], now):
            continue
        report.escalated += 1
        doctors = _on_duty_ids(now, request.specialty_id)
        _notify(
            (request.patient_id,),
            NotificationType.URGENT_REQUEST_ESCALATED,
            "Your urgent request went to our team",
            request,
        )
        announce.announce(announce.Told((request.patient_id, *doctors), URGENT_REQUEST, _pushed(request), admins=True))
        for admin in User.by_role.query(str(Role.ADMIN)):
            notices.urgent_escalated(admin, request.request_id)
        patient = users([request.patient_id]).get(request.patient_id)
        if patient is not None:
            notices.urgent_escalated_to_patient(patient, request.request_id)
    return report
