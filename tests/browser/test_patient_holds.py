"""Two patients at once: one holds a slot, the other sees it held live and cannot take it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_NAME, LiveStack, find_doctor, fresh_slot, sign_in, slot_day, wait_live

PATIENT_A = "marco.rossi@docspot.test"
PATIENT_B = "lucia.fernandez@docspot.test"
REFUSAL = "Someone else is holding this time right now"


def _open_week(page: Page, email: str, doctor_id: str, day: str) -> None:
    sign_in(page, email, next_path=f"/doctors/{doctor_id}?week={day}")
    expect(page.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()


def test_patient_b_sees_patient_a_hold_within_a_second(
    stack: LiveStack,
    new_page: Callable[..., Page],
    shot: Callable[[Page, str], Path],
    admin_token: str,
) -> None:
    # Given two patients looking at the same doctor's week, both live
    doctor_id, zone = find_doctor(stack)
    slot = fresh_slot(stack, admin_token)
    day = slot_day(slot, zone).isoformat()
    topic = f"doctor#{doctor_id}#slots"
    a, b = new_page(), new_page()
    _open_week(a, PATIENT_A, doctor_id, day)
    _open_week(b, PATIENT_B, doctor_id, day)
    wait_live(b, topic)
    seen_by_b = b.locator(f'[data-slot-id="{slot.slot_id}"]')
    expect(seen_by_b).to_have_attribute("data-state", "free")

    # When patient A chooses the slot
    with a.expect_response(lambda r: r.url.endswith(f"/slots/{slot.slot_id}/lock")) as held:
        a.locator(f'[data-slot-id="{slot.slot_id}"]').click()
    assert held.value.status == 200
    answered = time.monotonic()

    # Then patient B sees it held, with the hold's countdown, within a second
    expect(seen_by_b).to_have_attribute("data-state", "held", timeout=1_000)
    assert time.monotonic() - answered < 1.0
    expect(seen_by_b).to_be_disabled()
    expect(seen_by_b).to_contain_text("held 4:")
    shot(b, "holds-01-b-sees-a-hold")

    # and B's attempt at the slot anyway (e.g. from an old link) is refused with a sentence
    b.goto(f"/book/{slot.slot_id}?doctor={doctor_id}")
    expect(b.get_by_role("alert").filter(has_text=REFUSAL)).to_be_visible()
    shot(b, "holds-02-b-refused")


def test_a_held_slot_is_refused_to_another_patient_with_a_clear_message(
    stack: LiveStack, new_page: Callable[..., Page], shot: Callable[[Page, str], Path], admin_token: str
) -> None:
    # Given patient A holds a slot through the confirm step
    doctor_id, zone = find_doctor(stack)
    slot = fresh_slot(stack, admin_token)
    day = slot_day(slot, zone).isoformat()
    a, b = new_page(), new_page()
    _open_week(a, PATIENT_A, doctor_id, day)
    a.locator(f'[data-slot-id="{slot.slot_id}"]').click()
    expect(a.get_by_role("heading", name="Confirm your appointment")).to_be_visible()

    # When patient B tries to take the same slot
    sign_in(b, PATIENT_B)
    b.goto(f"/book/{slot.slot_id}?doctor={doctor_id}")

    # Then B is told in a sentence, with no code, and cannot confirm
    refusal = b.get_by_role("alert").filter(has_text=REFUSAL)
    expect(refusal).to_be_visible()
    expect(refusal).not_to_contain_text("SLOT_LOCKED")
    expect(b.get_by_role("button", name="Confirm booking")).to_have_count(0)
    expect(b.get_by_role("link", name="Choose another time")).to_be_visible()
    shot(b, "holds-03-b-refused-direct")

    # and A can still book it
    a.get_by_role("button", name="Confirm booking").click()
    expect(a.get_by_role("heading", name="You are booked")).to_be_visible()
