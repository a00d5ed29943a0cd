"""The ten-file limit under real concurrency: threads call the service directly (never one Chalice app object shared
by threads), each moto request atomic as DynamoDB's are, the order between requests left to chance."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from chalicelib.adapters.registry import use_adapters
from chalicelib.adapters.storage import S3Storage
from chalicelib.config import get_settings
from chalicelib.contracts.files import UploadRequest
from chalicelib.models.appointments import Appointment
from chalicelib.models.files import FileRecord
from chalicelib.models.unique_keys import UniqueKey, file_seat_key
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.times import iso
from chalicelib.services.files import uploads
from chalicelib.vocabulary import Role
from tests.support.fakes import FakeClock

APPOINTMENT = "appointment-race"
PAT = Principal(user_id="patient-race", role=Role.PATIENT)
RACERS = 12


@pytest.fixture(autouse=True)
def appointment(aws: None, atomic_moto: None, clock: FakeClock) -> None:
    settings = get_settings()
    use_adapters(storage=S3Storage(settings.uploads_bucket, settings.region))
    start = clock.now() + timedelta(days=1)
    Appointment(
        appointment_id=APPOINTMENT,
        patient_id=PAT.user_id,
        doctor_id="doctor-race",
        start=iso(start),
        end=iso(start + timedelta(minutes=30)),
        day=iso(start)[:10],
        status="SCHEDULED",
        created_at=clock.now(),
        updated_at=clock.now(),
    ).save()


def attempt(n: int) -> str | None:
    try:
        request = UploadRequest(filename=f"page {n}.pdf", content_type="application/pdf", size=100)
        return uploads.start_upload(PAT, APPOINTMENT, request).file_id
    except uploads.TooManyFiles:
        return None


def race() -> list[str | None]:
    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        return list(pool.map(attempt, range(RACERS)))


def test_twelve_racing_uploads_take_the_ten_seats_and_no_more() -> None:
    started = race()

    assert sum(file_id is not None for file_id in started) == 10
    records = list(FileRecord.query(APPOINTMENT))
    assert sorted(int(r.seat) for r in records) == list(range(10))
    for record in records:
        assert UniqueKey.get(file_seat_key(APPOINTMENT, int(record.seat))).owner_id == record.file_id


def test_racers_for_expired_seats_each_get_one_and_the_abandoned_records_go(clock: FakeClock) -> None:
    abandoned = {file_id for file_id in race() if file_id}
    clock.advance(seconds=get_settings().pending_upload_seconds + 1)

    started = {file_id for file_id in race() if file_id}

    assert len(started) == 10
    assert {r.file_id for r in FileRecord.query(APPOINTMENT)} == started
    assert not abandoned & started
