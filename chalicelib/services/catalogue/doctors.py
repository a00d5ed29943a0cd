"""Doctors: the public directory and search, own-profile edits, and admin onboarding."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.catalogue import (
    AdminDoctorCreate,
    DoctorAdminOut,
    DoctorBySlugOut,
    DoctorOut,
    DoctorProfileOut,
    DoctorProfileUpdate,
    DoctorWithSlotsOut,
    FreeSlot,
    SearchSort,
    SpecialtyRef,
)
from chalicelib.contracts.common import Page
from chalicelib.errors import Conflict, Forbidden, Invalid, NotFound
from chalicelib.models.doctors import Doctor
from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey, license_key, slug_key
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.accounts import users
from chalicelib.services.catalogue import _directory as directory
from chalicelib.services.catalogue import _free_days as free_days
from chalicelib.services.catalogue import clinics, search, slugs
from chalicelib.services.core import announce, day_summary, directory_version, times
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    condition_failed,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.core.slot_ids import slot_ref
from chalicelib.services.reviews import rating_of
from chalicelib.services.settings import booking_window
from chalicelib.vocabulary import AccountStatus, DoctorStatus, Role, VisitMode

MAX_QUERY = 100
MAX_ID = 64
# What a page cursor of each index holds: the table's key and the index's key.
STATUS_INDEX_KEY = {"doctor_id": "S", "status": "S", "name_sort": "S"}
SPECIALTY_INDEX_KEY = {"doctor_id": "S", "specialty_id": "S", "name_sort": "S"}


def _specialty_ref(specialty_id: str, specialties: dict[str, Specialty]) -> SpecialtyRef:
    specialty = specialties.get(specialty_id)
    return SpecialtyRef(specialty_id=specialty_id, name=specialty.name if specialty else "")


def doctor_out(
    doctor: Doctor,
    specialties: dict[str, Specialty],
    *,
    next_at: datetime | Literal["stored"] | None = "stored",
    hit: search.Hit | None = None,
) -> DoctorOut:
    """The public card. ``next_at`` is the search's fresh value (else the item's own); ``hit`` adds the distance
    and clinic of a city or near search."""
    stored = times.parse_iso(doctor.next_available_at) if doctor.next_available_at else None
    return DoctorOut(
        doctor_id=doctor.doctor_id,
        name=doctor.name,
        specialty=_specialty_ref(doctor.specialty_id, specialties),
        experience_years=int(doctor.experience_years),
        consultation_fee=float(doctor.consultation_fee),
        bio=doctor.bio,
        photo_url=doctor.photo_url,
        timezone=doctor.timezone,
        rating=rating_of(doctor),
        languages=[str(language) for language in doctor.languages or []],
        modes=[VisitMode(str(mode)) for mode in doctor.modes or []],
        next_available_at=stored if next_at == "stored" else next_at,
        distance_km=round(hit.distance_km, 1) if hit and hit.distance_km is not None else None,
        clinic=clinics.place_ref(hit.place) if hit and hit.place else None,
    )


def doctor_admin_out(doctor: Doctor, specialties: dict[str, Specialty], email: str | None) -> DoctorAdminOut:
    return DoctorAdminOut(
        **doctor_out(doctor, specialties).model_dump(),
        email=email,
        status=DoctorStatus(doctor.status),
        license_number=doctor.license_number,
        created_at=doctor.created_at,
        decided_at=doctor.decided_at,
        decision_reason=doctor.decision_reason,
        resubmitted_at=doctor.resubmitted_at,
    )


def _offset_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        if kind == "o" and value.isdigit():
            return int(value)
    except (ValueError, UnicodeDecodeError):
        pass
    raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor")


@dataclass(frozen=True)
class Narrowing:
    """The search's filters and order beyond names (``search.narrow``)."""

    city: str | None = None
    near: str | None = None
    radius_km: int = 10
    mode: str | None = None
    language: str | None = None
    sort: SearchSort = SearchSort.RELEVANCE

    @property
    def active(self) -> bool:
        return bool(self.city or self.near or self.mode or self.language) or self.sort != SearchSort.RELEVANCE


def list_doctors(
    *,
    specialty_id: str | None,
    q: str | None,
    limit: int | None,
    cursor: str | None,
    day: str | None = None,
    narrowing: Narrowing | None = None,
) -> Page[DoctorOut] | Page[DoctorWithSlotsOut]:
    """Approved doctors, by specialty and/or matching ``q``; sorted by name, or by relevance when searching.

    With ``day`` only those with a free slot that day (in each doctor's zone) are kept, with those slots. A
    ``narrowing`` (city, near, mode, language, sort) works on the cached directory (``search``)."""
    size = page_size(limit)
    if q is not None and len(q) > MAX_QUERY:
        raise Invalid(f"q must be at most {MAX_QUERY} characters", field="q")
    if specialty_id is not None and len(specialty_id) > MAX_ID:
        raise Invalid("specialty_id is not valid", field="specialty_id")
    if narrowing is not None and narrowing.active:
        return _narrowed(narrowing, specialty_id=specialty_id, q=q, size=size, cursor=cursor, day=day)
    if day is not None:
        return _with_free_slots(_day(day), specialty_id=specialty_id, q=q, size=size, cursor=cursor)
    if q:
        ranked, specialties = directory.search(q, specialty_id)
        start = _offset(cursor)
        more = start + size < len(ranked)
        return Page[DoctorOut](
            items=[doctor_out(d, specialties) for d in ranked[start : start + size]],
            next_cursor=_offset_cursor(start + size) if more else None,
        )
    specialties = directory.snapshot()[1]
    if specialty_id:
        rows = Doctor.by_specialty.query(
            specialty_id,
            filter_condition=Doctor.status == DoctorStatus.APPROVED,
            limit=size,
            last_evaluated_key=decode_cursor(cursor, SPECIALTY_INDEX_KEY),
        )
    else:
        rows = Doctor.by_status.query(
            DoctorStatus.APPROVED, limit=size, last_evaluated_key=decode_cursor(cursor, STATUS_INDEX_KEY)
        )
    items = [doctor_out(d, specialties) for d in read_page(rows, cursor=cursor)]
    return Page[DoctorOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))


def _candidates(specialty_id: str | None, q: str | None) -> tuple[list[Doctor], dict[str, Specialty]]:
    if q:
        return directory.search(q, specialty_id)
    approved, specialties = directory.snapshot()
    ordered = sorted(
        (d for d in approved if specialty_id is None or d.specialty_id == specialty_id), key=lambda d: d.name_sort
    )
    return ordered, specialties


def _narrowed(
    narrowing: Narrowing, *, specialty_id: str | None, q: str | None, size: int, cursor: str | None, day: str | None
) -> Page[DoctorOut] | Page[DoctorWithSlotsOut]:
    candidates, specialties = _candidates(specialty_id, q)
    hits = search.narrow(
        candidates,
        city=narrowing.city,
        near=search.parse_near(narrowing.near) if narrowing.near else None,
        radius_km=narrowing.radius_km,
        mode=narrowing.mode,
        language=narrowing.language,
        sort=narrowing.sort,
    )
    if day is not None:
        return _with_free_slots(_day(day), specialty_id=specialty_id, q=q, size=size, cursor=cursor, hits=hits)
    start = _offset(cursor)
    page = hits[start : start + size]
    fresh = search.next_times(page, adapters().clock.now())
    return Page[DoctorOut](
        items=[doctor_out(h.doctor, specialties, next_at=fresh.get(h.doctor.doctor_id), hit=h) for h in page],
        next_cursor=_offset_cursor(start + size) if start + size < len(hits) else None,
    )


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise Invalid("date must be a calendar date (YYYY-MM-DD)", field="date") from exc


def _with_free_slots(
    day: str,
    *,
    specialty_id: str | None,
    q: str | None,
    size: int,
    cursor: str | None,
    hits: list[search.Hit] | None = None,
) -> Page[DoctorWithSlotsOut]:
    """Doctors with a bookable slot on ``day`` (in each doctor's zone), with those slots, from the per-day summary
    (``_free_days``): by name from its sparse index, or, when a name query or a narrowing orders the directory,
    the summaries of the next candidates in that order. A few requests a page whatever the number of doctors."""
    now = adapters().clock.now()
    window = booking_window()
    doctors, specialties = directory.snapshot()
    if hits is None and not q:
        listed = {d.doctor_id: d for d in doctors}
        found, next_cursor = free_days.by_index(
            day, specialty_id, size=size, cursor=cursor, listed=listed, now=now, window=window
        )
        return Page[DoctorWithSlotsOut](items=[_with_slots(f, specialties) for f in found], next_cursor=next_cursor)
    if hits is None:
        ranked, specialties = directory.search(q or "", specialty_id)
        hits = [search.Hit(doctor=d) for d in ranked]
    position = _offset(cursor)
    by_id = {h.doctor.doctor_id: h for h in hits}
    found, looked = free_days.by_candidates(day, [h.doctor for h in hits[position:]], size=size, now=now, window=window)
    position += looked
    more = position < len(hits)
    return Page[DoctorWithSlotsOut](
        items=[_with_slots(f, specialties, by_id[f.doctor.doctor_id]) for f in found],
        next_cursor=_offset_cursor(position) if more else None,
    )


def _with_slots(
    found: free_days.Found, specialties: dict[str, Specialty], hit: search.Hit | None = None
) -> DoctorWithSlotsOut:
    return DoctorWithSlotsOut(
        **doctor_out(found.doctor, specialties, hit=hit).model_dump(),
        available_slots=[
            FreeSlot(
                slot_id=slot_ref(found.doctor.doctor_id, start, minutes).slot_id,
                start=start,
                end=start + timedelta(minutes=minutes),
            )
            for start, minutes in found.slots
        ],
    )


def _get(doctor_id: str) -> Doctor:
    try:
        return Doctor.get(doctor_id)
    except Doctor.DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc


def public_profile(doctor_id: str) -> DoctorProfileOut:
    doctor = _get(doctor_id)
    if doctor.status != DoctorStatus.APPROVED:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    places = [clinics.place_ref(place) for place in clinics.places_of(doctor_id)]
    return DoctorProfileOut(**doctor_out(doctor, directory.snapshot()[1]).model_dump(), clinics=places)


# What a doctor may edit of their own record, by status: the public profile always (except while suspended), the
# application (specialty and licence) only before approval.
PROFILE_EDITABLE = (DoctorStatus.PENDING, DoctorStatus.REJECTED, DoctorStatus.APPROVED)
APPLICATION_EDITABLE = (DoctorStatus.PENDING, DoctorStatus.REJECTED)
APPLICATION_FIELDS = frozenset({"specialty_id", "license_number"})


def own_application(principal: Principal) -> DoctorAdminOut:
    """The doctor's own record with its onboarding state, whatever that is (pending, rejected with the reason...)."""
    doctor = _get(principal.user_id)
    return doctor_admin_out(doctor, directory.snapshot()[1], users.get_user(principal.user_id).email)


def update_own_profile(principal: Principal, request: DoctorProfileUpdate) -> DoctorAdminOut:
    """A doctor edits bio, fee, experience, photo and time zone, and while the application waits or was rejected
    also its specialty and licence; never the status or the name here. Each write is conditional on the status it
    was allowed for, so an admin's decision in between wins."""
    fields = request.model_dump(exclude_unset=True)
    doctor = _get(principal.user_id)
    application = APPLICATION_FIELDS & set(fields)
    if doctor.status not in PROFILE_EDITABLE:
        raise Forbidden("your doctor account is suspended", code="DOCTOR_NOT_APPROVED")
    if application and doctor.status not in APPLICATION_EDITABLE:
        raise Invalid(
            "an approved doctor's specialty and licence are changed only by an admin", code="FIELD_NOT_ALLOWED"
        )
    allowed = APPLICATION_EDITABLE if application else PROFILE_EDITABLE
    actions: list[Action] = []
    for name, value in fields.items():
        if value is None:  # photo_url: the contract refuses null for the others
            actions.append(Doctor.photo_url.remove())
            continue
        actions.append(getattr(Doctor, name).set(str(value) if name == "photo_url" else value))
    if not actions:
        return own_application(principal)
    tx = transaction()
    try:
        with tx:
            tx.update(doctor, actions=actions, condition=Doctor.status.is_in(*allowed), part="doctor")
            if "license_number" in fields and license_key(fields["license_number"]) != license_key(
                doctor.license_number
            ):
                tx.delete(
                    UniqueKey(key=license_key(doctor.license_number)),
                    condition=UniqueKey.owner_id == doctor.doctor_id,
                    part="old-license",
                )
                tx.save(
                    UniqueKey(key=license_key(fields["license_number"]), owner_id=doctor.doctor_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part="license",
                )
            if "specialty_id" in fields:
                tx.condition_check(
                    Specialty,
                    fields["specialty_id"],
                    condition=Specialty.active == True,  # noqa: E712 (a DynamoDB condition)
                    part="specialty",
                )
            if "timezone" in fields:
                tx.update(
                    User(user_id=principal.user_id),
                    actions=[User.timezone.set(fields["timezone"])],
                    condition=User.user_id.exists(),
                    part="user",
                )
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("doctor"):
            current = _get(principal.user_id).status
            raise Conflict(f"your application is {current} now; reload it", code="INVALID_STATUS_CHANGE") from exc
        if "license_number" in fields and failed.failed("license"):
            raise Conflict("a doctor with this licence number is already registered", code="LICENSE_TAKEN") from exc
        if "specialty_id" in fields and failed.failed("specialty"):
            raise Invalid("no active specialty has this id", code="UNKNOWN_SPECIALTY") from exc
        raise unexplained(exc) from exc
    if doctor.status == DoctorStatus.APPROVED:
        directory_version.changed()
    if "timezone" in fields or "specialty_id" in fields:
        # The free slots by day carry the doctor's zone (it decides their dates) and specialty.
        day_summary.rebuild(principal.user_id, adapters().clock.now())
    return own_application(principal)


def resubmit(principal: Principal) -> DoctorAdminOut:
    """A rejected doctor sends the (edited) application back to the admins' queue: REJECTED -> PENDING, audited."""
    now = adapters().clock.now()
    doctor = Doctor(doctor_id=principal.user_id)
    try:
        doctor.update(
            actions=[Doctor.status.set(DoctorStatus.PENDING), Doctor.resubmitted_at.set(now)],
            condition=Doctor.status == DoctorStatus.REJECTED,
        )
    except UpdateError as exc:
        if condition_failed(exc):
            current = _get(principal.user_id).status
            raise Conflict(
                f"only a rejected application can be sent again; yours is {current}", code="INVALID_STATUS_CHANGE"
            ) from exc
        raise
    audit.record(entity=f"doctor#{principal.user_id}", actor=principal.user_id, action="doctor.resubmitted")
    logger.info("doctor application resubmitted", extra={"doctor_id": principal.user_id})
    return own_application(principal)


def admin_create(actor: Principal, request: AdminDoctorCreate) -> DoctorAdminOut:
    user = users.new_user(
        email=request.email,
        password=request.password,
        name=request.name,
        role=Role.DOCTOR,
        phone=request.phone,
        timezone=request.timezone,
        locale=request.locale,
    )
    doctor = users.new_doctor(user, request, status=DoctorStatus.APPROVED)
    users.create_user(user, doctor=doctor, specialty_id=request.specialty_id)
    audit.record(entity=f"doctor#{doctor.doctor_id}", actor=actor.user_id, action="doctor.created")
    slugs.assign_default(doctor.doctor_id, doctor.name)
    return doctor_admin_out(doctor, directory.snapshot()[1], user.email)


def admin_list(*, status: str, limit: int | None, cursor: str | None) -> Page[DoctorAdminOut]:
    if status not in tuple(DoctorStatus):
        raise Invalid(f"status must be one of {', '.join(sorted(DoctorStatus))}", field="status")
    rows = Doctor.by_status.query(
        status, limit=page_size(limit), last_evaluated_key=decode_cursor(cursor, STATUS_INDEX_KEY)
    )
    doctors = read_page(rows, cursor=cursor)
    emails_by_id = {u.user_id: u.email for u in User.batch_get([d.doctor_id for d in doctors])} if doctors else {}
    specialties = directory.snapshot()[1]
    return Page[DoctorAdminOut](
        items=[doctor_admin_out(d, specialties, emails_by_id.get(d.doctor_id)) for d in doctors],
        next_cursor=encode_cursor(rows.last_evaluated_key),
    )


def decide(actor: Principal, doctor_id: str, *, approve: bool, reason: str | None) -> DoctorAdminOut:
    """Approves (from PENDING, REJECTED or SUSPENDED) or rejects (from PENDING); the doctor is e-mailed. A doctor
    whose account is disabled is not approved (enabling the account lists them again)."""
    doctor = _get(doctor_id)
    user = users.get_user(doctor_id)
    if approve and user.status != AccountStatus.ACTIVE:
        raise Conflict("this doctor's account is disabled: enable it first", code="ACCOUNT_DISABLED")
    target = DoctorStatus.APPROVED if approve else DoctorStatus.REJECTED
    allowed = (
        (DoctorStatus.PENDING, DoctorStatus.REJECTED, DoctorStatus.SUSPENDED) if approve else (DoctorStatus.PENDING,)
    )
    actions: list[Action] = [Doctor.status.set(target), Doctor.decided_at.set(adapters().clock.now())]
    actions.append(Doctor.decision_reason.set(reason) if reason else Doctor.decision_reason.remove())
    try:
        doctor.update(actions=actions, condition=Doctor.status.is_in(*allowed))
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict(
                f"a doctor who is {doctor.status} cannot be {'approved' if approve else 'rejected'}",
                code="INVALID_STATUS_CHANGE",
            ) from exc
        raise
    audit.record(
        entity=f"doctor#{doctor_id}",
        actor=actor.user_id,
        action=f"doctor.{'approved' if approve else 'rejected'}",
        detail={"reason": reason} if reason else None,
    )
    directory_version.changed()
    if approve:
        slugs.assign_default(doctor_id, doctor.name)
    announce.announce(announce.DoctorReviewed(user, approve, reason))
    return doctor_admin_out(doctor, directory.snapshot()[1], user.email)


def listed() -> tuple[tuple[Doctor, ...], dict[str, Specialty]]:
    """Every approved doctor and every specialty (by id), from the cached directory: what the slot publication
    (services.publishing) lists, read with the directory's own paged Query, never a scan."""
    return directory.snapshot()


def by_slug(slug: str) -> DoctorBySlugOut:
    """The approved doctor a booking-page slug names, now or before (404 otherwise): one GetItem of the claim, one
    of the doctor."""
    if not 3 <= len(slug) <= slugs.MAX_SLUG:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    try:
        claim = UniqueKey.get(slug_key(slug))
    except UniqueKey.DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc
    doctor = _get(claim.owner_id)
    if doctor.status != DoctorStatus.APPROVED:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND")
    current = doctor.slug or slug
    return DoctorBySlugOut(doctor=doctor_out(doctor, directory.snapshot()[1]), slug=current, moved=current != slug)
