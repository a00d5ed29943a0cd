"""Analytics from the maintained daily counters, and the CSV exports."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.contracts.analytics import AnalyticsOut, AnalyticsQuery, AppointmentsExportQuery, MyAnalyticsQuery
from chalicelib.handlers._http import api_route
from chalicelib.services.analytics import exports, report
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

analytics = Blueprint(__name__)

RANGE = {400: ["INVALID_RANGE", "RANGE_TOO_LONG", "TOO_MANY_FILTERS"]}
CSV = "text/csv"


def _csv(body: str, name: str, next_cursor: str | None = None) -> Response:
    headers: dict[str, str | list[str]] = {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    if next_cursor:
        headers["X-Next-Cursor"] = next_cursor
    return Response(body=body, status_code=200, headers=headers)


def _admin_series(query: AnalyticsQuery) -> AnalyticsOut:
    return report.platform(
        start=query.start,
        end=query.to,
        group_by=query.group_by,
        doctor_id=query.doctor_id,
        specialty_id=query.specialty_id,
        clinic_id=query.clinic_id,
    )


@api_route(analytics, "/admin/analytics", methods=["GET"], roles=[Role.ADMIN], query=AnalyticsQuery, errors=RANGE)
def admin_analytics(query: AnalyticsQuery) -> AnalyticsOut:
    """Bookings, utilization, no-shows, cancellations and revenue per period, for the platform or one filter.

    At most one of `doctor_id`, `specialty_id` and `clinic_id`; at most 366 days by day, 731 by week, 1827 by
    month. Read from daily counters kept inside every change's own transaction: a year costs at most 8 Queries."""
    return _admin_series(query)


@api_route(
    analytics,
    "/admin/analytics.csv",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=AnalyticsQuery,
    errors=RANGE,
    response=str,
    media_type=CSV,
)
def admin_analytics_csv(principal: Principal, query: AnalyticsQuery) -> Response:
    """The same series as CSV (RFC 4180, UTF-8, a header row, a last `total` row); audited."""
    answer = _admin_series(query)
    filters = {"doctor_id": query.doctor_id, "specialty_id": query.specialty_id, "clinic_id": query.clinic_id}
    return _csv(exports.analytics_csv(principal, answer, filters), f"docspot-analytics-{answer.first_day}.csv")


@api_route(
    analytics,
    "/admin/appointments.csv",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=AppointmentsExportQuery,
    errors={400: ["INVALID_RANGE", "RANGE_TOO_LONG", "INVALID_CURSOR"]},
    response=str,
    media_type=CSV,
)
def admin_appointments_csv(principal: Principal, query: AppointmentsExportQuery) -> Response:
    """Appointments starting in a range of days (at most 366) as CSV, in parts of at most 5,000 rows; audited.

    When more remain, the answer's `X-Next-Cursor` header continues the export (`cursor=`). Reasons for visits
    and notes are never exported; a cell starting with `= + - @`, a tab or CR is prefixed with `'`."""
    part = exports.appointments_csv(
        principal,
        start=query.start,
        end=query.to,
        doctor_id=query.doctor_id,
        status=query.status,
        cursor=query.cursor,
    )
    return _csv(part.body, "docspot-appointments.csv", part.next_cursor)


@api_route(
    analytics,
    "/doctors/me/analytics",
    methods=["GET"],
    roles=[Role.DOCTOR],
    query=MyAnalyticsQuery,
    errors={400: ["INVALID_RANGE", "RANGE_TOO_LONG"], 403: ["PLAN_LIMIT"]},
)
def my_analytics(principal: Principal, query: MyAnalyticsQuery) -> AnalyticsOut:
    """Your own practice's series: the same figures as the admins' analytics, for you alone, if your plan includes
    analytics (403 ``PLAN_LIMIT`` otherwise)."""
    return report.practice(principal.user_id, start=query.start, end=query.to, group_by=query.group_by)
