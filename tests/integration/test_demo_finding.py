"""The demo data a newcomer's first search meets: clinics in three cities, doctors spread over them, two or three
appointment types each (one by video), next free times, so near, city, mode and language searches all show
something (local/seed.py)."""

from __future__ import annotations

from typing import Any

import pytest

from local.buckets import create_uploads_bucket
from local.seed import seed
from tests.support.api import Api

pytestmark = pytest.mark.usefixtures("one_backup_per_transaction")


def test_the_demo_directory_shows_clinics_distances_types_and_next_free_times(api: Api) -> None:
    create_uploads_bucket(["http://127.0.0.1:8000"])  # the seed's last step writes the slot publication there
    seed()

    near = api.get("/doctors?near=52.52,13.40&radius_km=10&sort=distance").body["items"]
    assert [d["name"] for d in near] == ["Anna Schmidt", "Lukas Novák"]
    assert all(d["distance_km"] < 10 and d["clinic"]["city"] == "Berlin" for d in near)
    assert {c["address"]["city"] for c in api.get("/clinics").body["items"]} == {"Berlin", "London", "New York"}
    every: list[dict[str, Any]] = api.get("/doctors?sort=next_available").body["items"]
    assert len(every) == 8 and all(d["next_available_at"] for d in every)
    video = api.get("/doctors?mode=video").body["items"]
    assert len(video) == 8
    assert [d["name"] for d in api.get("/doctors?language=es").body["items"]] == ["Grace Whitfield", "Sofia Márquez"]
    anna = near[0]["doctor_id"]
    offered = api.get(f"/doctors/{anna}/appointment-types").body["items"]
    assert sorted(t["mode"] for t in offered) == ["in_person", "in_person", "video"]
    assert {t["price"]["currency"] for t in offered} == {"EUR"}
    slots = api.get(f"/doctors/{anna}/slots").body["items"]
    assert {s["appointment_type"]["mode"] for s in slots} == {"in_person", "video"}
