"""Running the platform from the browser: a doctor on a trial compares plans and schedules a downgrade; the admin
marks an invoice paid, resolves a dispute, changes a platform setting and opens a patient's page. Screenshots at
390 px (phone) and 1280 px."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import LiveStack, sign_in
from tests.support.stack import ADMIN

ANNA = "anna.schmidt@docspot.test"  # on a trial of Clinic in the demo data


def test_a_doctor_on_a_trial_compares_plans_and_schedules_a_downgrade(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for width in (390, 1280):
        page = new_page(width=width)
        sign_in(page, ANNA, next_path="/doctor/plan")
        expect(page.get_by_role("heading", name="My plan")).to_be_visible()
        expect(page.get_by_text("Your plan: Clinic")).to_be_visible()
        expect(page.get_by_text("Trial until")).to_be_visible()
        expect(page.get_by_role("heading", name="Practice")).to_be_visible()
        shot(page, f"plans-01-my-plan-{width}")

    # When she chooses the cheaper plan, it waits for the end of the trial
    page.get_by_role("button", name="Choose Practice").click()
    expect(page.get_by_text("Practice takes effect at the end of this period.")).to_be_visible()
    expect(page.get_by_text("Changes to Practice on")).to_be_visible()
    expect(page.get_by_role("button", name="Keep Clinic")).to_be_visible()
    shot(page, "plans-02-downgrade-scheduled-1280")


def test_the_admin_marks_an_invoice_paid_and_resolves_a_dispute(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    admin = new_page()
    sign_in(admin, *ADMIN, next_path="/admin/invoices")
    expect(admin.get_by_role("heading", name="Open invoices")).to_be_visible()
    row = admin.get_by_role("row").filter(has_text="Practice")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("James Okafor")  # the doctor billed (demo data: past his trial of Practice)
    shot(admin, "plans-03-open-invoices-1280")
    row.get_by_role("button", name=re.compile(r"^Mark invoice .* paid$")).click()
    expect(admin.get_by_text("No invoice is waiting for payment.")).to_be_visible()

    admin.goto("/admin/disputes")
    expect(admin.get_by_role("heading", name="Disputes")).to_be_visible()
    dispute = admin.get_by_role("row").filter(has_text="I was charged twice")
    expect(dispute).to_have_count(1)
    shot(admin, "plans-04-disputes-1280")
    dispute.get_by_role("button", name="Resolve").click()
    dialog = admin.get_by_role("dialog", name="Resolve the dispute")
    dialog.get_by_label("Outcome").fill("The second charge was refunded.")
    shot(admin, "plans-05-resolve-dialog-1280")
    dialog.get_by_role("button", name="Resolve").click()
    expect(admin.get_by_text("The dispute is resolved.")).to_be_visible()
    admin.get_by_role("tab", name="Resolved").click()
    expect(admin.get_by_text("The second charge was refunded.")).to_be_visible()


def test_the_admin_changes_a_setting_and_finds_a_patient(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    for width in (390, 1280):
        admin = new_page(width=width)
        sign_in(admin, *ADMIN, next_path="/admin/settings")
        expect(admin.get_by_role("heading", name="Platform settings")).to_be_visible()
        expect(admin.get_by_label("Emergency number")).to_have_value("112")
        shot(admin, f"plans-06-settings-{width}")
    hold = admin.get_by_label("A hold keeps a slot for (minutes)")
    hold.fill("7")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("Settings saved.")).to_be_visible()
    admin.reload()
    expect(admin.get_by_label("A hold keeps a slot for (minutes)")).to_have_value("7")
    admin.get_by_label("A hold keeps a slot for (minutes)").fill("5")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("Settings saved.")).to_be_visible()

    admin.goto("/admin/patients")
    admin.get_by_label("Name or e-mail").fill("paula")
    admin.get_by_role("link", name="Open Paula Patient").click()
    expect(admin.get_by_role("heading", name="Paula Patient")).to_be_visible()
    expect(admin.get_by_text("The medical record is never shown here.")).to_be_visible()
    expect(admin.get_by_role("heading", name="Disputes")).to_be_visible()
    shot(admin, "plans-07-patient-page-1280")
