"""How the schedules cut their work into units for the queues: pure arithmetic, no AWS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from pydantic import ValidationError

from chalicelib.contracts.queues import HorizonBatch, ReminderSlice
from chalicelib.services.availability.horizon import batches
from chalicelib.services.mail.reminders import DAY_BEFORE, HOUR_BEFORE, slices

NOW = datetime(2026, 12, 1, 9, 2, 30, tzinfo=UTC)
LEADS = {DAY_BEFORE: timedelta(hours=24), HOUR_BEFORE: timedelta(hours=1)}


def test_reminder_slices_cover_the_whole_window_end_to_end_without_gaps() -> None:
    cut = slices(NOW, LEADS, 60)

    assert cut[0].start == NOW
    assert cut[-1].end == NOW + timedelta(hours=24, minutes=1)
    assert all(a.end == b.start for a, b in pairwise(cut))
    assert len(cut) == 25


def test_a_longer_lead_gives_more_slices() -> None:
    assert len(slices(NOW, {**LEADS, DAY_BEFORE: timedelta(hours=48)}, 120)) == 25


def test_doctors_are_cut_into_batches_of_the_configured_size() -> None:
    cut = [b.doctor_ids for b in batches((f"d{i}" for i in range(7)), 3)]

    assert cut == [["d0", "d1", "d2"], ["d3", "d4", "d5"], ["d6"]]
    assert list(batches(iter(()), 3)) == []


def test_a_message_that_is_not_a_unit_is_refused() -> None:
    with pytest.raises(ValidationError):
        HorizonBatch.model_validate_json('{"doctor_ids": []}')
    with pytest.raises(ValidationError):
        ReminderSlice(start=NOW, end=NOW)
    with pytest.raises(ValidationError):
        ReminderSlice.model_validate_json('{"start": "2026-12-01T09:00:00", "end": "2026-12-01T10:00:00"}')
