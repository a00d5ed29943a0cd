"""CSV exports (RFC 4180, UTF-8, a header row) of the analytics series and of the appointments.

An export of appointments is read page by page and stops after ``DOCSPOT_EXPORT_MAX_ROWS`` rows, handing out a
cursor to go on from (the handler sends it as ``X-Next-Cursor``), so one response stays within Lambda's memory
and time. A cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) is prefixed with a quote. Every export is an audit entry, written before the file leaves."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from chalicelib.config import get_settings
from chalicelib.contracts.analytics import AnalyticsOut
from chalicelib.errors import Invalid
from chalicelib.models.appointments import Appointment
from chalicelib.services import audit
from chalicelib.services.analytics import report
from chalicelib.services.core import people
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import decode_walk_cursor, encode_walk_cursor

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
APPOINTMENT_COLUMNS = (
    "appointment_id",
    "day",
    "start",
    "end",
    "status",
    "doctor_id",
    "doctor_name",
    "patient_id",
    "patient_name",
    "appointment_type",
    "mode",
    "clinic_id",
    "price_amount",
    "price_currency",
    "cancelled_by",
    "created_at",
)
ANALYTICS_COLUMNS = (
    "period",
    "published_minutes",
    "booked_minutes",
    "utilization",
    "appointments",
    "completed",
    "no_shows",
    "no_show_rate",
    "cancelled_by_patient",
    "cancelled_by_doctor",
    "cancelled_by_admin",
    "cancelled_late",
    "revenue",
)
APPOINTMENTS_MAX_DAYS = 366
KEY_SCHEMA_DAY = {"appointment_id": "S", "day": "S", "start": "S"}
KEY_SCHEMA_DOCTOR = {"appointment_id": "S", "doctor_id": "S", "start": "S"}


def neutralise(value: Any) -> str:
    """The cell as text, never a formula: a leading ``= + - @``, tab or CR gets a ``'`` in front (OWASP)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


def _csv(header: tuple[str, ...], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


def analytics_csv(admin: Principal, answer: AnalyticsOut, filters: dict[str, str | None]) -> str:
    """The series as CSV, one row a period and a last ``total`` row; revenue as ``240.00 EUR; 80.00 CHF``."""
    rows = []
    for period in [*answer.series, answer.totals.model_copy(update={"period": "total"})]:
        rows.append(
            [
                period.period,
                period.published_minutes,
                period.booked_minutes,
                "" if period.utilization is None else period.utilization,
                period.appointments,
                period.completed,
                period.no_shows,
                "" if period.no_show_rate is None else period.no_show_rate,
                period.cancellations.patient,
                period.cancellations.doctor,
                period.cancellations.admin,
                period.cancellations.late,
                "; ".join(f"{money.amount} {money.currency}" for money in period.revenue),
            ]
        )
    detail = {"first_day": answer.first_day, "last_day": answer.last_day, "group_by": answer.group_by}
    detail.update({name: value for name, value in filters.items() if value})
    audit.record(entity="export#analytics", actor=admin.user_id, action="export.analytics", detail=detail)
    return _csv(ANALYTICS_COLUMNS, rows)


@dataclass(frozen=True)
class Part:
    body: str
    rows: int
    next_cursor: str | None


def _walk(
    first: date, last: date, doctor_id: str | None, status: str | None, cursor: str | None
) -> Iterator[tuple[Appointment, str, Any]]:
    """Appointments in start order with, for each, where a cursor after it would resume (partition, key)."""
    narrow = Appointment.status == status if status else None
    if doctor_id:
        key = decode_walk_cursor(cursor, KEY_SCHEMA_DOCTOR)[1] if cursor else None
        rows = Appointment.by_doctor.query(
            doctor_id,
            Appointment.start.between(first.isoformat(), f"{last.isoformat()}~"),
            filter_condition=narrow,
            last_evaluated_key=key,
            page_size=500,
        )
        for row in rows:
            yield (
                row,
                doctor_id,
                {
                    "appointment_id": {"S": row.appointment_id},
                    "doctor_id": {"S": row.doctor_id},
                    "start": {"S": row.start},
                },
            )
        return
    day, key = (first.isoformat(), None)
    if cursor:
        day, key = decode_walk_cursor(cursor, KEY_SCHEMA_DAY)
    try:
        current = date.fromisoformat(day)
    except ValueError as exc:
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor") from exc
    while current <= last:
        rows = Appointment.by_day.query(
            current.isoformat(), filter_condition=narrow, last_evaluated_key=key, page_size=500
        )
        for row in rows:
            yield (
                row,
                current.isoformat(),
                {"appointment_id": {"S": row.appointment_id}, "day": {"S": row.day}, "start": {"S": row.start}},
            )
        key = None
        current += timedelta(days=1)


def appointments_csv(
    admin: Principal,
    *,
    start: str | None,
    end: str | None,
    doctor_id: str | None,
    status: str | None,
    cursor: str | None,
) -> Part:
    """One part of the export: at most ``DOCSPOT_EXPORT_MAX_ROWS`` rows, and the cursor of the next part."""
    first, last = report.day_range(start, end, max_days=APPOINTMENTS_MAX_DAYS)
    limit = get_settings().export_max_rows
    taken: list[Appointment] = []
    next_cursor = None
    for appointment, partition, key in _walk(first, last, doctor_id, status, cursor):
        if len(taken) == limit:
            next_cursor = encode_walk_cursor(partition, key)
            break
        taken.append(appointment)
        last_key = (partition, key)
    if next_cursor is not None:
        # Resume after the last row written (the one just read starts the next part).
        next_cursor = encode_walk_cursor(*last_key)
    named = people.users({a.doctor_id for a in taken} | {a.patient_id for a in taken})
    rows = [
        [
            a.appointment_id,
            a.day,
            a.start,
            a.end,
            a.status,
            a.doctor_id,
            named[a.doctor_id].name if a.doctor_id in named else "",
            a.patient_id,
            named[a.patient_id].name if a.patient_id in named else "",
            a.appointment_type_name,
            a.mode,
            a.clinic_id,
            a.price_amount,
            a.price_currency,
            a.cancelled_by,
            a.created_at.isoformat() if a.created_at else "",
        ]
        for a in taken
    ]
    detail = {"first_day": first.isoformat(), "last_day": last.isoformat(), "rows": str(len(rows))}
    if doctor_id:
        detail["doctor_id"] = doctor_id
    if status:
        detail["status"] = status
    if cursor:
        detail["continued"] = "yes"
    audit.record(entity="export#appointments", actor=admin.user_id, action="export.appointments", detail=detail)
    return Part(body=_csv(APPOINTMENT_COLUMNS, rows), rows=len(rows), next_cursor=next_cursor)
