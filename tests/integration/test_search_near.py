"""Search near me: the geohash cells covering a circle are Queried, then every place is filtered by its exact
distance; cards carry the distance to the nearest clinic and the next free time, maintained as slots change.

The clock stands at 2026-12-01 09:00 UTC.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib import caches
from chalicelib.models.clinics import Clinic, DoctorPlace, city_key
from chalicelib.models.doctors import Doctor
from chalicelib.services.catalogue import _geo as geo
from chalicelib.services.catalogue import search
from tests.support.accounts import admin_create_doctor, login
from tests.support.api import Api, assert_error

CLINICS = {
    "mitte": ("Praxis Mitte", "Berlin", 52.5246, 13.4021),
    "kreuzberg": ("Zentrum Kreuzberg", "Berlin", 52.4986, 13.4030),
    "altona": ("Zentrum Altona", "Hamburg", 53.5527, 9.9355),
    "schwabing": ("Praxis Schwabing", "München", 48.1642, 11.5866),
}
BRANDENBURG = (52.4125, 12.5316)  # about 60 km west of Mitte


@pytest.fixture(autouse=True)
def fresh_directory() -> Any:
    caches.reset_all()
    yield
    caches.reset_all()


def save_clinic(key: str) -> None:
    name, city, lat, lon = CLINICS[key]
    moment = datetime(2026, 11, 1, tzinfo=UTC)
    Clinic(
        clinic_id=key,
        name=name,
        name_sort=f"{name.lower()}#{key}",
        line1="Hauptstr. 1",
        postal_code="10000",
        city=city,
        city_key=city_key(city),
        country="DE",
        lat=lat,
        lon=lon,
        timezone="Europe/Berlin",
        created_at=moment,
        updated_at=moment,
    ).save()


@pytest.fixture
def town(api: Api, admin_token: str, specialty: dict[str, Any]) -> dict[str, Any]:
    """Three doctors: Berta in Mitte and Hamburg (German, video), Karl in Kreuzberg (English), Maria in Munich."""
    for key in CLINICS:
        save_clinic(key)
    people: dict[str, Any] = {}
    for n, (who, clinics, languages) in enumerate(
        [
            ("Berta", ["mitte", "altona"], ["de", "en"]),
            ("Karl", ["kreuzberg"], ["en"]),
            ("Maria", ["schwabing"], ["de"]),
        ]
    ):
        email = f"{who.lower()}@example.com"
        body = admin_create_doctor(api, admin_token, specialty["specialty_id"], email, f"LIC-9{n}", name=f"{who} Arzt")
        token = login(api, email)["access_token"]
        assert api.put("/doctors/me/clinics", {"clinic_ids": clinics}, token).status == 200
        assert api.patch("/doctors/me", {"languages": languages}, token).status == 200
        people[who] = {"id": body["doctor_id"], "token": token}
    video = {"name": "Video", "duration_minutes": 20, "price": {"amount": "40.00", "currency": "EUR"}, "mode": "video"}
    assert api.post("/doctors/me/appointment-types", video, people["Berta"]["token"]).status == 201
    return people


def found(api: Api, query: str) -> list[dict[str, Any]]:
    reply = api.get(f"/doctors?{query}")
    assert reply.status == 200, reply.body
    return list(reply.body["items"])


def test_near_finds_the_doctors_within_the_radius_with_their_distance(api: Api, town: dict[str, Any]) -> None:
    near_mitte = found(api, "near=52.52,13.40&radius_km=10&sort=distance")

    assert [(d["name"], d["clinic"]["name"]) for d in near_mitte] == [
        ("Berta Arzt", "Praxis Mitte"),
        ("Karl Arzt", "Zentrum Kreuzberg"),
    ]
    assert near_mitte[0]["distance_km"] == 0.5 and near_mitte[1]["distance_km"] == 2.4
    wide = found(api, f"near={BRANDENBURG[0]},{BRANDENBURG[1]}&radius_km=100")
    assert {d["name"] for d in wide} == {"Berta Arzt", "Karl Arzt"}
    assert found(api, f"near={BRANDENBURG[0]},{BRANDENBURG[1]}&radius_km=50") == []


def test_city_mode_and_language_narrow_the_list(api: Api, town: dict[str, Any]) -> None:
    assert [d["name"] for d in found(api, "city=hamburg")] == ["Berta Arzt"]
    assert found(api, "city=hamburg")[0]["clinic"]["city"] == "Hamburg"
    assert [d["name"] for d in found(api, "mode=video")] == ["Berta Arzt"]
    assert [d["name"] for d in found(api, "language=de")] == ["Berta Arzt", "Maria Arzt"]
    assert [d["name"] for d in found(api, "language=en&city=berlin")] == ["Berta Arzt", "Karl Arzt"]
    assert found(api, "language=de")[0]["languages"] == ["de", "en"]


@pytest.mark.parametrize(
    "query",
    [
        "near=52.5&radius_km=10",
        "near=95,13&radius_km=10",
        "near=52.5,13.4&radius_km=101",
        "sort=distance",
        "language=xx",
        "mode=phone",
        "radius_km=0&near=52.5,13.4",
    ],
)
def test_a_malformed_search_is_refused(api: Api, query: str) -> None:
    assert_error(api.get(f"/doctors?{query}"), 400, "VALIDATION_ERROR")


def test_next_available_follows_publishing_booking_and_cancelling(
    api: Api, town: dict[str, Any], patient_token: str
) -> None:
    karl, maria = town["Karl"], town["Maria"]
    run = {"start_time": "09:00", "end_time": "10:00", "duration_minutes": 30}
    api.post("/doctors/me/slots", {**run, "date": "2026-12-03"}, karl["token"])
    slots = api.post("/doctors/me/slots", {**run, "date": "2026-12-02"}, maria["token"]).body["created"]

    soonest = found(api, "sort=next_available")
    assert [(d["name"], d["next_available_at"]) for d in soonest] == [
        ("Maria Arzt", "2026-12-02T08:00:00Z"),
        ("Karl Arzt", "2026-12-03T08:00:00Z"),
        ("Berta Arzt", None),
    ]
    booked = api.post("/appointments", {"slot_id": slots[0]["slot_id"], "reason_for_visit": "x"}, patient_token)
    assert booked.status == 201
    assert Doctor.get(maria["id"]).next_available_at == "2026-12-02T08:30:00Z"
    assert DoctorPlace.get(maria["id"], "schwabing").next_available_at == "2026-12-02T08:30:00Z"
    cancelled = api.post(f"/appointments/{booked.body['appointment_id']}/cancel", {"reason": "x"}, patient_token)
    assert cancelled.status == 200
    assert found(api, "city=münchen")[0]["next_available_at"] == "2026-12-02T08:00:00Z"


def test_a_next_free_time_overtaken_by_the_clock_is_recomputed_by_the_search(
    api: Api, town: dict[str, Any], clock: Any
) -> None:
    karl = town["Karl"]
    api.post(
        "/doctors/me/slots",
        {"date": "2026-12-02", "start_time": "09:00", "end_time": "10:00", "duration_minutes": 30},
        karl["token"],
    )
    clock.advance(hours=22, minutes=15)  # 2026-12-02 07:15 UTC: the 08:00 slot is inside the hour's notice

    assert found(api, "city=berlin&sort=next_available")[0]["next_available_at"] == "2026-12-02T08:30:00Z"
    assert Doctor.get(karl["id"]).next_available_at == "2026-12-02T08:30:00Z"


# The property: 2,000 generated doctors against a brute-force distance filter ------------------------------------


def generated(count: int, seed: int) -> dict[str, list[tuple[float, float]]]:
    """``count`` doctors with one or two clinics each, scattered over Central Europe with a cluster in Berlin."""
    rng = random.Random(seed)
    doctors: dict[str, list[tuple[float, float]]] = {}
    with DoctorPlace.batch_write() as places:
        for n in range(count):
            doctor_id = f"gen-{n:04d}"
            spots = []
            for m in range(rng.choice((1, 1, 2))):
                if rng.random() < 0.3:
                    lat, lon = rng.gauss(52.52, 0.2), rng.gauss(13.40, 0.3)
                else:
                    lat, lon = rng.uniform(45.0, 56.0), rng.uniform(4.0, 20.0)
                spots.append((lat, lon))
                places.save(
                    DoctorPlace(
                        doctor_id=doctor_id,
                        clinic_id=f"c{m}",
                        clinic_name="Clinic",
                        city="Somewhere",
                        city_key="somewhere",
                        lat=lat,
                        lon=lon,
                        cell3=geo.encode(lat, lon, 3),
                        cell4=geo.encode(lat, lon, 4),
                    )
                )
            doctors[doctor_id] = spots
    return doctors


def brute_force(
    doctors: dict[str, list[tuple[float, float]]], lat: float, lon: float, radius: float
) -> dict[str, float]:
    nearest = {
        doctor_id: min(geo.distance_km(lat, lon, a, b) for a, b in spots) for doctor_id, spots in doctors.items()
    }
    return {doctor_id: distance for doctor_id, distance in nearest.items() if distance <= radius}


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    original = BotocoreStubber.__call__

    def counting(self: BotocoreStubber, event_name: str, request: Any, **kwargs: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        if target:
            counted[target.split(".", 1)[1]] += 1
        return original(self, event_name, request, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", counting)
    return counted


def test_near_search_returns_exactly_the_doctors_within_the_radius_of_2000(aws: None, queries: Counter[str]) -> None:
    doctors = generated(2000, seed=18)

    @settings(max_examples=60, deadline=None, database=None)
    @given(
        lat=st.floats(min_value=46.0, max_value=55.0),
        lon=st.floats(min_value=5.0, max_value=19.0),
        radius=st.integers(min_value=1, max_value=100),
        berlin=st.booleans(),
    )
    def check(lat: float, lon: float, radius: int, berlin: bool) -> None:
        if berlin:  # the dense cluster, where small radii matter
            lat, lon = 52.52 + (lat - 50.5) / 50, 13.40 + (lon - 12) / 50
        queries.clear()
        answer = search.places_near(search.Point(lat, lon), radius)
        expected = brute_force(doctors, lat, lon, radius)
        assert set(answer) == set(expected)
        for doctor_id, (distance, _place) in answer.items():
            assert distance == pytest.approx(expected[doctor_id])
        cells = len(geo.cover(lat, lon, radius).cells)
        assert queries["Query"] == cells <= geo.MAX_FINE_CELLS

    check()
