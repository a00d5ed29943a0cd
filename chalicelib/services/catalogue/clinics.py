"""Clinics (admins create and change them; anyone lists them by city) and where each doctor works.

A doctor at a clinic is a ``doctor_places`` item carrying the clinic's name, city and coordinates and the
geohash cells the near search Queries (``_geo``, ``search``). Changing a clinic rewrites its doctors' items
through ``clinic-index`` after the clinic itself is written.
"""

from __future__ import annotations

import uuid

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.clinics import (
    AddressOut,
    ClinicCreate,
    ClinicOut,
    ClinicRef,
    ClinicUpdate,
    DoctorClinics,
    DoctorClinicsOut,
)
from chalicelib.contracts.common import Page
from chalicelib.errors import NotFound
from chalicelib.models.clinics import CLINICS, Clinic, DoctorPlace, city_key
from chalicelib.models.doctors import Doctor
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.catalogue import _geo as geo
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
from chalicelib.services.plans import entitlements

NAME_INDEX_KEY = {"clinic_id": "S", "catalogue": "S", "name_sort": "S"}
CITY_INDEX_KEY = {"clinic_id": "S", "city_key": "S", "name_sort": "S"}
NO_CLINIC = "no such clinic"


def _sort_name(name: str, clinic_id: str) -> str:
    return " ".join(name.casefold().split()) + "#" + clinic_id


def clinic_out(clinic: Clinic) -> ClinicOut:
    return ClinicOut(
        clinic_id=clinic.clinic_id,
        name=clinic.name,
        address=AddressOut(
            line1=clinic.line1,
            line2=clinic.line2,
            postal_code=clinic.postal_code,
            city=clinic.city,
            country=clinic.country,
        ),
        lat=float(clinic.lat),
        lon=float(clinic.lon),
        phone=clinic.phone,
        timezone=clinic.timezone,
        created_at=clinic.created_at,
        updated_at=clinic.updated_at,
    )


def place_ref(place: DoctorPlace) -> ClinicRef:
    return ClinicRef(
        clinic_id=place.clinic_id,
        name=place.clinic_name,
        city=place.city,
        lat=float(place.lat),
        lon=float(place.lon),
    )


def _get(clinic_id: str) -> Clinic:
    try:
        return Clinic.get(clinic_id)
    except DoesNotExist as exc:
        raise NotFound(NO_CLINIC, code="CLINIC_NOT_FOUND") from exc


def create(actor: Principal, request: ClinicCreate) -> ClinicOut:
    now = adapters().clock.now()
    clinic_id = uuid.uuid4().hex[:12]
    clinic = Clinic(
        clinic_id=clinic_id,
        catalogue=CLINICS,
        name=request.name,
        name_sort=_sort_name(request.name, clinic_id),
        line1=request.address.line1,
        line2=request.address.line2,
        postal_code=request.address.postal_code,
        city=request.address.city,
        city_key=city_key(request.address.city),
        country=request.address.country,
        lat=request.lat,
        lon=request.lon,
        phone=request.phone,
        timezone=request.timezone,
        created_at=now,
        updated_at=now,
    )
    clinic.save(condition=Clinic.clinic_id.does_not_exist())
    audit.record(entity=f"clinic#{clinic_id}", actor=actor.user_id, action="clinic.created")
    return clinic_out(clinic)


def update(actor: Principal, clinic_id: str, request: ClinicUpdate) -> ClinicOut:
    """Changes what is sent (on condition the clinic exists), then its doctors' places if it moved or was renamed."""
    fields = request.model_dump(exclude_unset=True)
    actions: list[Action] = [Clinic.updated_at.set(adapters().clock.now())]
    if "name" in fields and request.name is not None:
        actions += [Clinic.name.set(request.name), Clinic.name_sort.set(_sort_name(request.name, clinic_id))]
    if "address" in fields and request.address is not None:
        address = request.address
        actions += [
            Clinic.line1.set(address.line1),
            Clinic.line2.set(address.line2) if address.line2 else Clinic.line2.remove(),
            Clinic.postal_code.set(address.postal_code),
            Clinic.city.set(address.city),
            Clinic.city_key.set(city_key(address.city)),
            Clinic.country.set(address.country),
        ]
    if "lat" in fields and request.lat is not None:
        actions.append(Clinic.lat.set(request.lat))
    if "lon" in fields and request.lon is not None:
        actions.append(Clinic.lon.set(request.lon))
    if "phone" in fields:
        actions.append(Clinic.phone.set(request.phone) if request.phone else Clinic.phone.remove())
    if "timezone" in fields and request.timezone is not None:
        actions.append(Clinic.timezone.set(request.timezone))
    clinic = Clinic(clinic_id=clinic_id)
    try:
        clinic.update(actions=actions, condition=Clinic.clinic_id.exists())
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        raise NotFound(NO_CLINIC, code="CLINIC_NOT_FOUND") from exc
    if {"name", "address", "lat", "lon"} & set(fields):
        for place in DoctorPlace.by_clinic.query(clinic_id):
            _place(place.doctor_id, clinic).save()
    audit.record(
        entity=f"clinic#{clinic_id}", actor=actor.user_id, action="clinic.updated", detail={"fields": ",".join(fields)}
    )
    return clinic_out(clinic)


def one(clinic_id: str) -> ClinicOut:
    return clinic_out(_get(clinic_id))


def list_clinics(*, city: str | None, limit: int | None, cursor: str | None) -> Page[ClinicOut]:
    """Every clinic by name, or a city's: one Query of ``catalogue-index`` or ``city-index`` per page."""
    size = page_size(limit)
    if city:
        rows = Clinic.by_city.query(
            city_key(city), limit=size, last_evaluated_key=decode_cursor(cursor, CITY_INDEX_KEY)
        )
    else:
        rows = Clinic.by_name.query(CLINICS, limit=size, last_evaluated_key=decode_cursor(cursor, NAME_INDEX_KEY))
    items = [clinic_out(clinic) for clinic in read_page(rows, cursor=cursor)]
    return Page[ClinicOut](items=items, next_cursor=encode_cursor(rows.last_evaluated_key))


def _place(doctor_id: str, clinic: Clinic) -> DoctorPlace:
    lat, lon = float(clinic.lat), float(clinic.lon)
    return DoctorPlace(
        doctor_id=doctor_id,
        clinic_id=clinic.clinic_id,
        clinic_name=clinic.name,
        city=clinic.city,
        city_key=clinic.city_key,
        lat=lat,
        lon=lon,
        cell3=geo.encode(lat, lon, 3),
        cell4=geo.encode(lat, lon, 4),
    )


def places_of(doctor_id: str) -> list[DoctorPlace]:
    return list(DoctorPlace.query(doctor_id, consistent_read=True))


def doctor_clinics(doctor_id: str) -> DoctorClinicsOut:
    return DoctorClinicsOut(items=[place_ref(place) for place in places_of(doctor_id)])


def set_doctor_clinics(actor: Principal, doctor_id: str, request: DoctorClinics) -> DoctorClinicsOut:
    """Replaces the clinics a doctor works at, in one transaction: the new places are put on condition that their
    clinic exists (a ConditionCheck each), the dropped ones deleted. 404 for an unknown doctor or clinic; 403
    ``PLAN_LIMIT`` when a clinic is added beyond the doctor's plan's ``max_clinics`` (dropping clinics is always
    allowed, so a doctor above a lowered limit can come back under it)."""
    try:
        Doctor.get(doctor_id, attributes_to_get=["doctor_id"])
    except DoesNotExist as exc:
        raise NotFound("no such doctor", code="DOCTOR_NOT_FOUND") from exc
    wanted = list(dict.fromkeys(request.clinic_ids))
    current = {place.clinic_id for place in places_of(doctor_id)}
    if set(wanted) - current:
        entitlements.require_count(doctor_id, "max_clinics", len(wanted))
    clinics = {c.clinic_id: c for c in Clinic.batch_get(wanted)} if wanted else {}
    missing = [clinic_id for clinic_id in wanted if clinic_id not in clinics]
    if missing:
        raise NotFound(f"no such clinic: {missing[0]}", code="CLINIC_NOT_FOUND")
    tx = transaction()
    try:
        with tx:
            for clinic_id in wanted:
                tx.condition_check(Clinic, clinic_id, condition=Clinic.clinic_id.exists(), part=f"clinic:{clinic_id}")
                tx.save(_place(doctor_id, clinics[clinic_id]), part=f"place:{clinic_id}")
            for clinic_id in current - set(wanted):
                tx.delete(DoctorPlace(doctor_id=doctor_id, clinic_id=clinic_id), part=f"drop:{clinic_id}")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("clinic"):
            raise NotFound(NO_CLINIC, code="CLINIC_NOT_FOUND") from exc
        raise unexplained(exc) from exc
    if not wanted and not current:
        return DoctorClinicsOut(items=[])
    audit.record(entity=f"doctor#{doctor_id}", actor=actor.user_id, action="doctor.clinics_set")
    logger.info("doctor's clinics set", extra={"doctor_id": doctor_id, "clinics": len(wanted)})
    return doctor_clinics(doctor_id)
