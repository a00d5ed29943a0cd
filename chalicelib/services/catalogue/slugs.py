"""A doctor's booking page address (``/d/{slug}``): one made from the name at approval, then the slug a doctor
chooses, at most once in 30 days (``doctors.by_slug`` opens the page). Every slug a doctor ever had stays claimed
by them in ``unique_keys`` (``slug#{slug}``), so an old link keeps working: it answers with the current slug and
the web app moves there.

Both rules are the database's: the claim is a conditional Put (absent, or already the doctor's own), and the
30 days a condition on the doctor's ``slug_changed_at``, in one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.catalogue import SlugChange, SlugOut
from chalicelib.errors import Conflict, NotFound, RuleViolation
from chalicelib.models.doctors import Doctor
from chalicelib.models.unique_keys import UniqueKey, slug_key
from chalicelib.observability import logger
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.services.core.links import app_link
from chalicelib.vocabulary import DoctorStatus

CHANGE_EVERY = timedelta(days=30)
MAX_SLUG = 60


def slugify(name: str) -> str:
    """``Dr. Anna Müller-Lüdenscheidt`` -> ``dr-anna-muller-ludenscheidt``: letters without accents, digits, single
    hyphens; at least 3 characters (padded with ``doctor``)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_SLUG].strip("-")
    return slug if len(slug) >= 3 else f"doctor-{slug}".strip("-")


def changeable_from(changed_at: datetime | None) -> datetime | None:
    return None if changed_at is None else changed_at + CHANGE_EVERY


def _doctor(doctor_id: str) -> Doctor:
    try:
        return Doctor.get(doctor_id, consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc


def _out(doctor: Doctor, now: datetime) -> SlugOut:
    next_change = changeable_from(doctor.slug_changed_at)
    return SlugOut(
        slug=doctor.slug,
        url=app_link(f"/d/{doctor.slug}") if doctor.slug else None,
        suggestion=slugify(doctor.name),
        changeable_from=next_change if next_change is not None and next_change > now else None,
    )


def own_slug(principal: Principal) -> SlugOut:
    return _out(_doctor(principal.user_id), adapters().clock.now())


def change_slug(principal: Principal, request: SlugChange) -> SlugOut:
    """Claims ``request.slug`` for the doctor's page; the previous slug stays theirs and redirects."""
    now = adapters().clock.now()
    doctor = _doctor(principal.user_id)
    if doctor.slug == request.slug:
        return _out(doctor, now)
    tx = transaction()
    try:
        with tx:
            tx.save(
                UniqueKey(key=slug_key(request.slug), owner_id=doctor.doctor_id),
                condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == doctor.doctor_id),
                part="claim",
            )
            tx.update(
                Doctor(doctor_id=doctor.doctor_id),
                actions=[Doctor.slug.set(request.slug), Doctor.slug_changed_at.set(now)],
                # Approved, and the last change at least 30 days ago (or never): decided here, not by the read above.
                condition=(Doctor.status == DoctorStatus.APPROVED)
                & (Doctor.slug_changed_at.does_not_exist() | (Doctor.slug_changed_at <= now - CHANGE_EVERY)),
                part="doctor",
            )
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("claim"):
            raise Conflict("this address is taken; choose another", code="SLUG_TAKEN") from exc
        if failed.failed("doctor"):
            if doctor.status != DoctorStatus.APPROVED:
                raise RuleViolation("only an approved doctor has a booking page", code="DOCTOR_NOT_APPROVED") from exc
            raise RuleViolation(
                "the address of your booking page can change once in 30 days", code="SLUG_CHANGE_TOO_SOON"
            ) from exc
        raise unexplained(exc) from exc
    logger.info("booking page slug changed", extra={"doctor_id": doctor.doctor_id})
    return _out(_doctor(principal.user_id), now)


DEFAULT_ATTEMPTS = 5


def default_candidates(name: str) -> list[str]:
    """``anna-berg``, then ``anna-berg-2`` ... ``anna-berg-5``."""
    base = slugify(name)
    return [base] + [f"{base[: MAX_SLUG - 2]}-{n}" for n in range(2, DEFAULT_ATTEMPTS + 1)]


def assign_default(doctor_id: str, name: str) -> str | None:
    """On approval: the first free slug made from the name, unless the doctor has one. ``slug_changed_at`` stays
    unset, so the doctor may choose another at once. Best effort: when every candidate is taken the doctor has no
    page until they choose an address; the approval stands either way."""
    for candidate in default_candidates(name):
        tx = transaction()
        try:
            with tx:
                tx.save(
                    UniqueKey(key=slug_key(candidate), owner_id=doctor_id),
                    condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == doctor_id),
                    part="claim",
                )
                tx.update(
                    Doctor(doctor_id=doctor_id),
                    actions=[Doctor.slug.set(candidate)],
                    condition=Doctor.doctor_id.exists() & Doctor.slug.does_not_exist(),
                    part="doctor",
                )
        except TransactWriteError as exc:
            failed = tx.cancellation(exc)
            if failed.failed("doctor"):
                return None  # they have a page already (approved before)
            if failed.failed("claim"):
                continue
            logger.warning("no default booking page slug", extra={"doctor_id": doctor_id})
            return None
        return candidate
    logger.info("every default booking page slug was taken", extra={"doctor_id": doctor_id})
    return None
