"""The directory search's filters and orders beyond names: a city, near a point, a mode, a language; by relevance,
rating, distance or the next free time (``GET /doctors``).

Who is listed comes from the cached directory (``_directory``); where they work from ``doctor_places``: a city is
one Query of its ``city-index``, a point and a radius the Queries of the geohash cells covering the circle
(``_geo.cover``: at most 16 precision-4 cells, else precision-3 ones), each place then kept only if its exact
(haversine) distance is within the radius. A doctor's distance is that of their nearest clinic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.contracts.catalogue import SearchSort
from chalicelib.errors import Invalid
from chalicelib.models.clinics import DoctorPlace, city_key
from chalicelib.models.doctors import Doctor
from chalicelib.services.catalogue import _geo as geo
from chalicelib.services.core import next_free
from chalicelib.services.settings import booking_window


@dataclass(frozen=True)
class Hit:
    doctor: Doctor
    place: DoctorPlace | None = None
    distance_km: float | None = None


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


def parse_near(text: str) -> Point:
    try:
        lat_text, lon_text = text.replace(" ", "").split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as exc:
        raise Invalid("near must be <lat>,<lon> in degrees", field="near") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Invalid("near must be a latitude in -90..90 and a longitude in -180..180", field="near")
    return Point(lat, lon)


def places_near(point: Point, radius_km: float) -> dict[str, tuple[float, DoctorPlace]]:
    """Every doctor with a clinic within ``radius_km`` of ``point``: doctor id -> (distance, nearest place)."""
    cover = geo.cover(point.lat, point.lon, radius_km)
    index = DoctorPlace.by_fine_cell if cover.precision == 4 else DoctorPlace.by_coarse_cell
    nearest: dict[str, tuple[float, DoctorPlace]] = {}
    for cell in cover.cells:
        for place in index.query(cell):
            distance = geo.distance_km(point.lat, point.lon, float(place.lat), float(place.lon))
            if distance > radius_km:
                continue
            known = nearest.get(place.doctor_id)
            if known is None or distance < known[0]:
                nearest[place.doctor_id] = (distance, place)
    return nearest


def places_in(city: str) -> dict[str, DoctorPlace]:
    """Doctor id -> their clinic in ``city`` (one Query of ``city-index``)."""
    return {place.doctor_id: place for place in DoctorPlace.by_city.query(city_key(city))}


def _average(doctor: Doctor) -> float:
    count = int(doctor.rating_count or 0)
    return float(doctor.rating_sum or 0) / count if count else -1.0


def narrow(
    doctors: Iterable[Doctor],
    *,
    city: str | None,
    near: Point | None,
    radius_km: float,
    mode: str | None,
    language: str | None,
    sort: SearchSort,
) -> list[Hit]:
    """The doctors (in the order given: by relevance) that pass every filter, in the order ``sort`` asks for."""
    if sort == SearchSort.DISTANCE and near is None:
        raise Invalid("sort=distance needs near=<lat>,<lon>", field="sort")
    close = places_near(near, radius_km) if near is not None else None
    local = places_in(city) if city else None
    hits: list[Hit] = []
    for doctor in doctors:
        if language and language not in (doctor.languages or []):
            continue
        if mode and mode not in (doctor.modes or []):
            continue
        place, distance = None, None
        if local is not None:
            place = local.get(doctor.doctor_id)
            if place is None:
                continue
        if close is not None:
            found = close.get(doctor.doctor_id)
            if found is None:
                continue
            distance, place = found if place is None else (found[0], place)
        hits.append(Hit(doctor=doctor, place=place, distance_km=distance))
    if sort == SearchSort.DISTANCE:
        hits.sort(key=lambda hit: hit.distance_km or 0.0)
    elif sort == SearchSort.RATING:
        hits.sort(key=lambda hit: (-_average(hit.doctor), -int(hit.doctor.rating_count or 0)))
    elif sort == SearchSort.NEXT_AVAILABLE:
        hits.sort(key=lambda hit: _next_of(hit) or "~")  # none last
    return hits


def _next_of(hit: Hit) -> str | None:
    """The freshest stored value at hand: the place's (read with this search), else the directory's copy."""
    if hit.place is not None:
        return hit.place.next_available_at
    return hit.doctor.next_available_at


def next_times(hits: list[Hit], now: datetime) -> dict[str, datetime | None]:
    """The page's next free times: from the places read with it, else one BatchGet of the doctors; an overtaken
    value is recomputed (``next_free.current``)."""
    stored: dict[str, str | None] = {h.doctor.doctor_id: h.place.next_available_at for h in hits if h.place}
    wanted = [h.doctor.doctor_id for h in hits if h.place is None]
    if wanted:
        for doctor in Doctor.batch_get(wanted, attributes_to_get=["doctor_id", "next_available_at"]):
            stored[doctor.doctor_id] = doctor.next_available_at
    repairs = next_free.Repairs(booking_window())
    return {key: next_free.current(key, value, now, repairs) for key, value in stored.items()}
