"""The admin reads the analytics as charts, filters them and downloads the CSV; the doctor sees their own; the
audit log lists the admin's sign-in and the download. Screenshots of the charts at 390 and 1280 px."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.stack import ADMIN


def test_the_admin_reads_the_charts_downloads_the_figures_and_finds_the_download_in_the_audit_log(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for width in (1280, 390):
        # Given the demo's four weeks of visits
        admin = new_page(width=width)
        sign_in(admin, *ADMIN, next_path="/admin/analytics")

        # When the admin opens the analytics
        expect(admin.get_by_role("heading", name="Analytics", level=1)).to_be_visible()
        charts = admin.get_by_role("region", name="Bookings over time")
        expect(charts).to_be_visible()
        expect(charts.locator(".recharts-line").first).to_be_visible()
        by_specialty = admin.get_by_role("region", name="Utilization and no-show rate by specialty")
        expect(by_specialty.locator(".recharts-bar-rectangle").first).to_be_visible()
        expect(admin.get_by_role("region", name="Revenue of completed visits").locator(".recharts-bar")).to_be_visible()
        admin.wait_for_load_state("networkidle")
        shot(admin, f"analytics-01-admin-charts-{width}")

        # Then grouping by week keeps the charts
        admin.get_by_text("Week", exact=True).click()
        expect(charts.locator(".recharts-line").first).to_be_visible()
        shot(admin, f"analytics-02-admin-by-week-{width}")

    # And the figures download as CSV with a header and a total row
    with admin.expect_download() as waiting:
        admin.get_by_role("button", name="Download figures (CSV)").click()
    text = Path(waiting.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "period" and rows[-1][0] == "total"

    # And the audit log shows the download
    admin.goto("/admin/audit")
    expect(admin.get_by_role("heading", name="Audit log", level=1)).to_be_visible()
    expect(admin.get_by_text("export.analytics").first).to_be_visible()
    shot(admin, "analytics-03-audit-log")


def test_a_doctor_sees_their_own_figures(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for width in (1280, 390):
        doctor = new_page(width=width)
        sign_in(doctor, "anna.schmidt@docspot.test", next_path="/doctor/analytics")
        expect(doctor.get_by_role("heading", name="My analytics", level=1)).to_be_visible()
        expect(doctor.get_by_role("region", name="Bookings over time").locator(".recharts-line").first).to_be_visible()
        doctor.wait_for_load_state("networkidle")
        shot(doctor, f"analytics-04-doctor-{width}")
