"""The text messages: the reader's language, short, and nothing that grants access or says why someone goes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.errors import Invalid
from chalicelib.services.accounts import phone
from chalicelib.services.mail._templates import render_line

START = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("locale", ["en", "de"])
def test_a_reminder_sms_names_the_doctor_and_the_local_time_only(locale: str) -> None:
    text = render_line("sms_reminder", locale=locale, doctor_name="Anna Smith", start=START, zone="Europe/Berlin")

    assert "Anna Smith" in text and "11:00" in text
    assert "http" not in text and "\n" not in text
    assert len(text) <= 2 * 160


def test_the_german_sms_are_german() -> None:
    for template, context in (
        ("sms_reminder", {"doctor_name": "Anna Smith", "start": START, "zone": "Europe/Berlin"}),
        ("sms_code", {"code": "123456", "minutes": 10}),
    ):
        assert render_line(template, locale="de", **context) != render_line(template, locale="en", **context)
    assert "Bestätigungscode ist 123456" in render_line("sms_code", locale="de", code="123456", minutes=10)


@pytest.mark.parametrize(
    ("raw", "e164"), [("+49 151 23456789", "+4915123456789"), ("+1 (415) 555-2671", "+14155552671")]
)
def test_numbers_are_kept_in_e164(raw: str, e164: str) -> None:
    assert phone.e164(raw) == e164


@pytest.mark.parametrize("raw", ["015123456789", "+49", "+999 1234567", "phone"])
def test_a_number_without_its_country_or_not_valid_is_refused(raw: str) -> None:
    with pytest.raises(Invalid) as refused:
        phone.e164(raw)
    assert refused.value.code == "INVALID_PHONE"
