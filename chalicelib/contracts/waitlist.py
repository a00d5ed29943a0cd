from __future__ import annotations

import datetime as dt

from pydantic import RootModel

from chalicelib.contracts.common import Out, Request


class WaitlistJoin(Request):
    date: dt.date | None = None


class WaitlistOut(Out):
    doctor_id: str
    date: dt.date | None
    joined_at: dt.datetime
    offer_slot_id: str | None
    offer_expires_at: dt.datetime | None


class WaitlistPlace(RootModel[WaitlistOut | None]):
    """``GET /doctors/{id}/waitlist``: the entry, or ``null`` when the patient is not waiting (200 either way)."""
