"""How long after a visit its patient may review it: shared by the reviews (which enforce it) and the appointment
views (which tell the patient until when)."""

from __future__ import annotations

from datetime import datetime, timedelta

REVIEW_WINDOW = timedelta(days=90)


def review_closes(visit_end: datetime) -> datetime:
    return visit_end + REVIEW_WINDOW
