from __future__ import annotations

from datetime import datetime

from pydantic import Field

from chalicelib.contracts.common import Out, Request, example


class PhoneAdd(Request):
    model_config = example(phone="+4915112345678")

    phone: str = Field(min_length=1, max_length=32, description="E.164 (`+` and the country code)")


class PhoneConfirm(Request):
    model_config = example(code="123456")

    code: str = Field(pattern=r"^[0-9]{6}$", description="the 6 digits of the SMS")


class PhoneSettings(Request):
    model_config = example(sms_reminders=True)

    sms_reminders: bool


class PhoneOut(Out):
    phone: str | None = Field(description="the confirmed number reminders go to")
    pending_phone: str | None = Field(description="a number waiting for its code")
    code_expires_at: datetime | None
    sms_reminders: bool = Field(description="24-hour and 1-hour reminders by SMS too (only with a confirmed number)")
