"""Counts go out as CloudWatch embedded metrics; a booking's outcome is counted once, whatever it is."""

from __future__ import annotations

import json

import pytest

from chalicelib.observability import count


def test_a_count_is_one_embedded_metric_with_its_dimensions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given metrics switched on (the test environment switches them off)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "0")

    # When
    count("Bookings", outcome="SLOT_TAKEN")

    # Then one EMF document with the metric and its dimensions
    document = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    directive = document["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "DocSpot"
    assert directive["Metrics"] == [{"Name": "Bookings", "Unit": "Count"}]
    assert document["Bookings"] == [1.0] or document["Bookings"] == 1.0
    assert document["outcome"] == "SLOT_TAKEN" and document["service"] == "docspot"


def test_nothing_is_written_while_metrics_are_disabled(capsys: pytest.CaptureFixture[str]) -> None:
    count("Bookings", outcome="BOOKED")

    assert capsys.readouterr().out == ""
