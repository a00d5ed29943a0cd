"""SMART Scheduling Links: the schedule writes the publication to S3, the API serves the manifest and its files,
and a slot-finder client reading them the specification's way finds exactly what DynamoDB holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot as FhirSlot

from chalicelib.adapters.registry import use_adapters
from chalicelib.adapters.storage import S3Storage
from chalicelib.config import get_settings
from chalicelib.handlers import schedules
from chalicelib.models.slots import Slot, SlotHold
from chalicelib.services.core.slot_ids import SlotRef
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.publishing import publication
from local.buckets import create_uploads_bucket
from tests.support.accounts import admin_create_doctor, login, register_patient
from tests.support.api import Api, assert_error
from tests.support.booking import make_slot
from tests.support.fakes import FakeClock

DEEP_LINK = "http://fhir-registry.smarthealthit.org/StructureDefinition/booking-deep-link"
MANIFEST = "/fhir/$bulk-publish"
MODELS = {"Location": Location, "Schedule": Schedule, "Slot": FhirSlot}


def run_the_schedule() -> None:
    """The slot-publication schedule as EventBridge invokes its Lambda function."""
    event = {
        "version": "0",
        "id": "publication-run",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2026-12-01T09:00:00Z",
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/slot-publication"],
        "detail": {},
    }
    schedules.publish_slots(event, None)


@pytest.fixture
def bucket(api: Api) -> Iterator[None]:
    """The uploads bucket in moto, as the local stack makes it (the publication lives under publication/)."""
    create_uploads_bucket(["http://127.0.0.1:8000"])
    settings = get_settings()
    use_adapters(storage=S3Storage(settings.uploads_bucket, settings.region))
    yield


@dataclass
class Practice:
    berlin: str
    boston: str
    patient: str
    other_patient: str
    slots: dict[str, str]


@pytest.fixture
def practice(api: Api, bucket: None, admin_token: str, specialty: dict[str, Any], clock: FakeClock) -> Practice:
    """Two doctors in two countries; the Berlin doctor's week has a free, booked, held, blocked slot, one inside
    the minimum notice and one beyond the published weeks."""
    sid = specialty["specialty_id"]
    berlin = admin_create_doctor(
        api, admin_token, sid, email="berlin@example.com", license_number="L-DE", name="Anna Berg"
    )
    boston = admin_create_doctor(
        api,
        admin_token,
        sid,
        email="boston@example.com",
        license_number="L-US",
        name="Bo Lane",
        timezone="America/New_York",
    )
    register_patient(api, email="paula@example.com", name="Paula Private")
    register_patient(api, email="marco@example.com", name="Marco Hidden")
    paula = str(login(api, "paula@example.com")["access_token"])
    marco = str(login(api, "marco@example.com")["access_token"])
    now = clock.now()
    day = now + timedelta(days=2)
    slots = {
        "free": make_slot(berlin["doctor_id"], day),
        "free_later": make_slot(berlin["doctor_id"], day + timedelta(days=7)),
        "booked": make_slot(berlin["doctor_id"], day + timedelta(hours=1)),
        "held": make_slot(berlin["doctor_id"], day + timedelta(hours=2)),
        "blocked": make_slot(berlin["doctor_id"], day + timedelta(hours=3), available=False),
        "too_soon": make_slot(berlin["doctor_id"], now + timedelta(minutes=30)),
        "beyond": make_slot(berlin["doctor_id"], now + timedelta(weeks=4, hours=1)),
        "boston": make_slot(boston["doctor_id"], day + timedelta(hours=6)),
    }
    assert api.post("/appointments", {"slot_id": slots["booked"]}, paula).status == 201
    assert api.post(f"/slots/{slots['held']}/lock", token=marco).status == 200
    return Practice(berlin["doctor_id"], boston["doctor_id"], paula, marco, slots)


@dataclass
class Found:
    """What a slot-finder client assembled: every resource by type and id, and the files it read."""

    resources: dict[str, dict[str, dict[str, Any]]]
    manifest: dict[str, Any]
    files: list[str]


def path_of(url: str) -> str:
    """The API path of a URL the publication hands out (the API is served under {app}/api)."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == get_settings().app_url, url
    assert parts.path.startswith("/api/"), url
    return parts.path.removeprefix("/api") + (f"?{parts.query}" if parts.query else "")


def slot_finder(api: Api, since: str | None = None) -> Found:
    """Reads the publication the way the specification tells a client to: the manifest, then each file it lists,
    one resource a line; every resource validates as FHIR R4."""
    reply = api.get(MANIFEST + (f"?_since={since}" if since else ""))
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "application/json"
    manifest = reply.body
    resources: dict[str, dict[str, dict[str, Any]]] = {"Location": {}, "Schedule": {}, "Slot": {}}
    files = []
    for output in manifest["output"]:
        got = api.get(path_of(output["url"]))
        assert got.status == 200, got.body
        assert got.headers["Content-Type"] == "application/fhir+ndjson"
        files.append(output["url"].rsplit("/", 1)[-1])
        for line in got.body.splitlines():
            resource = json.loads(line)
            assert resource["resourceType"] == output["type"]
            MODELS[output["type"]].model_validate(resource)
            resources[output["type"]][resource["id"]] = resource
    return Found(resources, manifest, files)


def deep_link_slot(resource: dict[str, Any]) -> str | None:
    links = [e["valueUrl"] for e in resource.get("extension", []) if e["url"] == DEEP_LINK]
    if not links:
        return None
    url = urlsplit(links[0])
    assert url.path == "/book"
    return parse_qs(url.query)["slot"][0]


def expected_from_dynamodb(doctor_ids: list[str], now: datetime) -> dict[str, str]:
    """Every slot DynamoDB holds for the published weeks, free or busy, by slot id: free only if nobody booked
    it, the doctor has not blocked it, nobody holds it and it is at least the minimum notice ahead."""
    until = now + timedelta(weeks=4)
    out = {}
    for doctor_id in doctor_ids:
        holds = {h.start for h in SlotHold.query(doctor_id) if h.expires_at > now}
        for item in Slot.query(doctor_id, Slot.start.between(iso(now), iso(until - timedelta(seconds=1)))):
            start = parse_iso(item.start)
            free = (
                item.booked_by is None
                and item.available
                and item.start not in holds
                and start - now >= timedelta(minutes=60)
            )
            out[SlotRef(doctor_id, item.start, int(item.duration_minutes)).slot_id] = "free" if free else "busy"
    return out


def published_states(found: Found) -> dict[str, str]:
    """Each published slot by our slot id (its identifier), with its status; joined through Schedule to
    Location, which must exist."""
    out = {}
    for resource in found.resources["Slot"].values():
        schedule = found.resources["Schedule"][resource["schedule"]["reference"].split("/")[1]]
        location_ref = next(a["reference"] for a in schedule["actor"] if "reference" in a)
        assert location_ref.split("/")[1] in found.resources["Location"]
        slot_id = resource["identifier"][0]["value"]
        assert slot_id not in out, "a slot published twice"
        out[slot_id] = resource["status"]
        if resource["status"] == "free":
            assert deep_link_slot(resource) == slot_id
        else:
            assert deep_link_slot(resource) is None
    return out


def test_a_slot_finder_finds_every_free_slot_once_and_no_taken_one_as_free(
    api: Api, practice: Practice, clock: FakeClock
) -> None:
    # Given a publication written by the schedule
    run_the_schedule()

    # When a slot-finder client reads it
    found = slot_finder(api)

    # Then it holds what DynamoDB holds, free and busy alike, each once, with the right times
    states = published_states(found)
    assert states == expected_from_dynamodb([practice.berlin, practice.boston], clock.now())
    assert {k for k, v in states.items() if v == "free"} == {
        practice.slots["free"],
        practice.slots["free_later"],
        practice.slots["boston"],
    }
    for name in ("booked", "held", "blocked", "too_soon"):
        assert states[practice.slots[name]] == "busy", name
    assert practice.slots["beyond"] not in states
    for resource in found.resources["Slot"].values():
        ref = resource["identifier"][0]["value"]
        stored = Slot.get(*_key(ref))
        assert (parse_iso(resource["start"]), parse_iso(resource["end"])) == (
            parse_iso(stored.start),
            parse_iso(stored.end),
        )
    # one Location and one Schedule per doctor; slot files by country
    assert len(found.resources["Location"]) == len(found.resources["Schedule"]) == 2
    assert sorted(found.files) == ["locations.ndjson", "schedules.ndjson", "slots-de.ndjson", "slots-us.ndjson"]
    extensions = {o["url"].rsplit("/", 1)[-1]: o.get("extension") for o in found.manifest["output"]}
    assert extensions["slots-de.ndjson"] == {"country": ["DE"]}
    assert found.manifest["error"] == []
    assert found.manifest["request"].endswith("/api/fhir/$bulk-publish")


def _key(slot_id: str) -> tuple[str, str]:
    from chalicelib.services.core.slot_ids import decode_slot_id

    ref = decode_slot_id(slot_id)
    return ref.doctor_id, ref.start


def test_nothing_about_patients_is_published(api: Api, practice: Practice) -> None:
    run_the_schedule()
    found = slot_finder(api)
    text = json.dumps(found.resources)
    for secret in ("Paula", "Marco", "paula@example.com", "marco@example.com"):
        assert secret not in text
    for token in (practice.patient, practice.other_patient):
        me = api.get("/me", token).body
        assert me["user_id"] not in text


def test_after_a_booking_the_next_publication_shows_the_slot_busy_and_since_lists_only_that_file(
    api: Api, practice: Practice, clock: FakeClock
) -> None:
    # Given a publication read by a client
    run_the_schedule()
    first = slot_finder(api)
    assert published_states(first)[practice.slots["free"]] == "free"

    # When a patient books a free slot and the schedule runs again a few minutes later
    clock.advance(minutes=5)
    assert api.post("/appointments", {"slot_id": practice.slots["free"]}, practice.patient).status == 201
    run_the_schedule()

    # Then the changes since the first publication are that one country's slot file, where the slot is busy
    since = first.manifest["transactionTime"]
    changed = slot_finder(api, since=since)
    assert changed.files == ["slots-de.ndjson"]
    assert changed.manifest["request"].endswith(f"?_since={since}")
    assert parse_iso(changed.manifest["transactionTime"]) == clock.now()
    assert published_states(slot_finder(api))[practice.slots["free"]] == "busy"
    # and nothing changed since the second publication
    assert slot_finder(api, since=changed.manifest["transactionTime"]).files == []


def test_a_run_with_nothing_changed_rewrites_no_file(api: Api, practice: Practice) -> None:
    assert publication.publish().written == 4
    assert publication.publish().written == 0


def test_the_manifest_carries_cache_control_and_an_etag_that_answers_304(api: Api, practice: Practice) -> None:
    run_the_schedule()
    reply = api.get(MANIFEST)
    etag = reply.headers["ETag"]
    assert reply.headers["Cache-Control"] == "public, max-age=60"

    again = api.get(MANIFEST, headers={"If-None-Match": etag})

    assert again.status == 304
    assert again.headers["ETag"] == etag
    assert api.get(MANIFEST, headers={"If-None-Match": '"something-else"'}).status == 200
    file_url = path_of(reply.body["output"][0]["url"])
    first = api.get(file_url)
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert api.get(file_url, headers={"If-None-Match": first.headers["ETag"]}).status == 304


def test_the_manifest_answers_at_its_percent_encoded_name_too(api: Api, practice: Practice) -> None:
    run_the_schedule()
    assert api.get("/fhir/%24bulk-publish").status == 200


def test_before_the_first_run_the_manifest_is_not_found(api: Api, bucket: None) -> None:
    assert_error(api.get(MANIFEST), 404, "NOT_PUBLISHED")
    assert_error(api.get("/fhir/files/locations.ndjson"), 404, "NOT_PUBLISHED")


def test_a_malformed_since_is_refused(api: Api, practice: Practice) -> None:
    run_the_schedule()
    assert_error(api.get(f"{MANIFEST}?_since=yesterday"), 400, "INVALID_SINCE")
    assert_error(api.get(f"{MANIFEST}?_since=2026-12-01T09:00:00"), 400, "INVALID_SINCE")


def test_other_operations_and_unlisted_files_are_not_found(api: Api, practice: Practice) -> None:
    run_the_schedule()
    assert_error(api.get("/fhir/$export"), 404, "NOT_FOUND")
    assert_error(api.get("/fhir/files/state.json"), 404, "PUBLISHED_FILE_NOT_FOUND")
    assert_error(api.get("/fhir/files/..%2Fstate.json"), 404, "PUBLISHED_FILE_NOT_FOUND")


def test_a_doctor_no_longer_approved_leaves_the_publication(api: Api, practice: Practice, admin_token: str) -> None:
    run_the_schedule()
    assert len(slot_finder(api).resources["Location"]) == 2
    # There is no suspension route yet: rejecting is not allowed from APPROVED, so take the doctor out directly.
    from chalicelib.models.doctors import Doctor
    from chalicelib.services.core import directory_version

    doctor = Doctor.get(practice.boston)
    doctor.update(actions=[Doctor.status.set("SUSPENDED")])
    directory_version.changed()

    run_the_schedule()

    found = slot_finder(api)
    assert len(found.resources["Location"]) == 1
    assert "slots-us.ndjson" not in found.files
    assert_error(api.get("/fhir/files/slots-us.ndjson"), 404, "PUBLISHED_FILE_NOT_FOUND")
