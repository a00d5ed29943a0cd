"""The platform settings: each one line of ``PlatformSettings`` (type, range, what it means, and its default, read
from the environment through chalicelib/config.py). ``PlatformSettingsUpdate`` is made from it, so adding a setting
is adding its line here (and reading it with ``services.settings.current().<name>`` where it bites)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field, create_model, field_validator

from chalicelib.config import Settings, get_settings
from chalicelib.contracts.appointment_types import Currency
from chalicelib.contracts.common import Out, Request, example, omissible


def env(read: Callable[[Settings], Any], **constraints: Any) -> Any:
    """A setting whose default is the environment's (chalicelib/config.py), read when the settings are made."""
    return Field(default_factory=lambda: read(get_settings()), **constraints)


def _emergency(value: str) -> str:
    compact = value.replace(" ", "")
    if not (compact.isdigit() and 2 <= len(compact) <= 6) and not (
        compact.startswith("+") and compact[1:].isdigit() and 8 <= len(compact) <= 16
    ):
        raise ValueError("must be a short number (2-6 digits, such as 112) or an E.164 number (+ and 7-15 digits)")
    return compact


EmergencyNumber = Annotated[str, Field(min_length=2, max_length=20), AfterValidator(_emergency)]
Minutes = Annotated[int, Field(ge=5, le=7 * 24 * 60)]


class PlatformSettings(Out):
    model_config = example(
        min_notice_minutes=60,
        max_advance_days=90,
        patient_cancel_notice_minutes=120,
        hold_minutes=5,
        waitlist_hold_minutes=15,
        care_relationship_months=12,
        default_currency="EUR",
        emergency_number="112",
        reminder_offsets_minutes=[1440, 60],
    )

    # One declaration per setting: name, type, default from the environment, range, meaning.
    min_notice_minutes: int = env(
        lambda s: s.min_notice_minutes, ge=0, le=7 * 24 * 60, description="book at least this long ahead"
    )
    max_advance_days: int = env(lambda s: s.max_advance_days, ge=1, le=730, description="book at most this far ahead")
    patient_cancel_notice_minutes: int = env(
        lambda s: s.cancel_notice_minutes,
        ge=0,
        le=7 * 24 * 60,
        description="a patient cancels or moves at least this long before",
    )
    hold_minutes: int = env(
        lambda s: max(1, s.hold_seconds // 60), ge=1, le=60, description="how long a hold keeps a slot"
    )
    waitlist_hold_minutes: int = env(
        lambda s: max(1, s.offer_hold_seconds // 60),
        ge=1,
        le=24 * 60,
        description="how long a slot offered to a waiting patient is kept for them",
    )
    care_relationship_months: int = env(
        lambda s: s.care_months,
        ge=1,
        le=120,
        description="a doctor may read a patient's record this long after their last visit",
    )
    default_currency: Currency = env(lambda s: "EUR", description="ISO 4217: the currency new prices start in")
    emergency_number: EmergencyNumber = env(
        lambda s: s.emergency_number, description="shown where a patient may need urgent help"
    )
    urgent_escalation_minutes: int = env(
        lambda s: s.urgent_escalation_minutes,
        ge=1,
        le=24 * 60,
        description="an urgent request no doctor claimed within this long is escalated to the admins",
    )
    reminder_offsets_minutes: list[Minutes] = env(
        lambda s: [24 * 60, 60],
        min_length=2,
        max_length=2,
        description="the two reminders' leads before the start, earlier first",
    )

    @field_validator("reminder_offsets_minutes")
    @classmethod
    def _earlier_first(cls, value: list[int]) -> list[int]:
        if len(value) == 2 and value[0] <= value[1]:
            raise ValueError("the first reminder must come before the second (a larger number of minutes)")
        return value


def _partial() -> type[Request]:
    fields: dict[str, Any] = {}
    for name, info in PlatformSettings.model_fields.items():
        typed = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation  # the ranges
        fields[name] = (typed, omissible(description=info.description))
    model = create_model(
        "PlatformSettingsUpdate",
        __base__=Request,
        __doc__="Any of the settings; those left out keep their value (checked together with them: the service makes a "
        "whole ``PlatformSettings`` of the result).",
        **fields,
    )
    model.model_config.update(example(hold_minutes=10, emergency_number="112"))
    return model


PlatformSettingsUpdate = _partial()
