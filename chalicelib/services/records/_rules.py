"""Pure rules of the record: the care relationship, a doctor's patients as visits sum them up.

No AWS, no I/O: plain values in, plain values out (docs/architecture.md, "The medical record").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from chalicelib.vocabulary import ACTIVE_APPOINTMENT_STATUSES, AppointmentStatus


@dataclass(frozen=True)
class Visit:
    """An appointment as the rules see it."""

    appointment_id: str
    patient_id: str
    start: datetime
    end: datetime
    status: str


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall time ``months`` calendar months earlier; a day the earlier month lacks (31 March - 1 month)
    becomes that month's last day."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


class Standing(Enum):
    """Where a doctor stands with a patient."""

    CARING = "caring"  # an appointment that is not cancelled and is upcoming or ended inside the window
    LAPSED = "lapsed"  # appointments, but only cancelled ones or ones that ended before the window
    STRANGER = "stranger"  # no appointment at all: indistinguishable from a patient id that does not exist


def counts(visit: Visit, cutoff: datetime) -> bool:
    """Whether ``visit`` makes a care relationship: not cancelled, and upcoming or ended at or after ``cutoff``."""
    return visit.status != AppointmentStatus.CANCELLED and visit.end >= cutoff


def standing(visits: Iterable[Visit], cutoff: datetime, now: datetime) -> tuple[Standing, Visit | None]:
    """The doctor's standing from every appointment the doctor had with the patient, and the appointment it runs
    through: the next one still to come if any (the relationship lasts longest through it), else the latest."""
    seen = list(visits)
    if not seen:
        return Standing.STRANGER, None
    caring = [v for v in seen if counts(v, cutoff)]
    if not caring:
        return Standing.LAPSED, None
    upcoming = [v for v in caring if v.end > now]
    chosen = min(upcoming, key=lambda v: v.start) if upcoming else max(caring, key=lambda v: v.end)
    return Standing.CARING, chosen


@dataclass(frozen=True)
class PatientVisits:
    """A doctor's appointments with one patient inside the care window, summed up for the patients list."""

    patient_id: str
    visits: int
    last_visit: datetime | None
    next_visit: datetime | None


def patients(visits: Iterable[Visit], cutoff: datetime, now: datetime) -> dict[str, PatientVisits]:
    """Every patient with a care relationship, from the doctor's appointments: ``visits`` counts those that are not
    cancelled, ``last_visit`` is the latest that began before now (not cancelled), ``next_visit`` the soonest active
    one still to begin."""
    grouped: dict[str, list[Visit]] = {}
    for visit in visits:
        if counts(visit, cutoff):
            grouped.setdefault(visit.patient_id, []).append(visit)
    out = {}
    for patient_id, own in grouped.items():
        past = [v.start for v in own if v.start <= now]
        ahead = [v.start for v in own if v.start > now and v.status in ACTIVE_APPOINTMENT_STATUSES]
        out[patient_id] = PatientVisits(
            patient_id=patient_id,
            visits=len(own),
            last_visit=max(past) if past else None,
            next_visit=min(ahead) if ahead else None,
        )
    return out


def name_key(name: str) -> str:
    """How names are compared and searched: case-folded, single-spaced."""
    return " ".join(name.casefold().split())


def matches(name: str, query: str) -> bool:
    """Every word of the query appears in the name, ignoring case (``ann sch`` finds Anna Schmidt)."""
    known = name_key(name)
    return all(part in known for part in name_key(query).split())
