"""What DocSpot offers other systems, over real HTTP against the local stack: the slot publication a slot finder
reads from the start (written with the demo data), a demo doctor's booking page, and a calendar feed."""

from __future__ import annotations

import json

import httpx
from icalendar import Calendar

from tests.support.stack import PATIENTS, Stack, login_account


def test_a_slot_finder_reads_the_demo_publication_by_its_absolute_urls(stack: Stack, http: httpx.Client) -> None:
    # The manifest, at the specification's name with a literal $
    reply = http.get("/fhir/$bulk-publish")
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "application/json"
    manifest = reply.json()
    assert manifest["request"] == f"{stack.url}/api/fhir/$bulk-publish"
    types = {output["type"] for output in manifest["output"]}
    assert types == {"Location", "Schedule", "Slot"}
    # Every file by the URL the manifest gives, from outside the API client's base
    with httpx.Client(timeout=30, trust_env=False) as outside:
        for output in manifest["output"]:
            got = outside.get(output["url"])
            assert got.status_code == 200, output
            assert got.headers["content-type"] == "application/fhir+ndjson"
            lines = [json.loads(line) for line in got.text.splitlines()]
            assert lines and all(r["resourceType"] == output["type"] for r in lines)
    # and a second look with the ETag costs nothing
    assert http.get("/fhir/$bulk-publish", headers={"If-None-Match": reply.headers["etag"]}).status_code == 304


def test_a_demo_doctor_has_a_booking_page(http: httpx.Client) -> None:
    reply = http.get("/doctors/by-slug/dr-anna-schmidt")
    assert reply.status_code == 200, reply.text
    assert reply.json()["doctor"]["name"] == "Anna Schmidt"


def test_a_patient_subscribes_to_their_calendar(stack: Stack, http: httpx.Client) -> None:
    paula = login_account(http, PATIENTS[0])
    made = http.post("/me/calendar-feed", headers={"Authorization": f"Bearer {paula.token}"})
    assert made.status_code == 201, made.text
    with httpx.Client(timeout=30, trust_env=False) as calendar_app:
        feed = calendar_app.get(made.json()["url"])
    assert feed.status_code == 200, feed.text
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.text)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT15M"
