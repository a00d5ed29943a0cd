"""A practice puts a doctor's booking page on its own web site (an iframe of /embed/d/{slug}, on another origin):
a patient signs in and books inside the frame, and the practice's page hears of the booking."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import DOCTOR_NAME, LiveStack, find_doctor, fresh_slot, slot_day

PATIENT = "marco.rossi@docspot.test"
SLUG = "dr-anna-schmidt"  # the demo doctor's booking page (local/seed.py)


def practice_site(stack: LiveStack, week: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Practice Schmidt</title></head>
<body>
<h1>Practice Schmidt: book online</h1>
<iframe id="docspot" title="Book with DocSpot" src="{stack.url}/embed/d/{SLUG}?week={week}"
  width="1000" height="820"></iframe>
<script>
  window.booked = [];
  window.addEventListener("message", (event) => {{
    if (event.origin === "{stack.url}") window.booked.push(event.data);
  }});
</script>
</body></html>"""


@pytest.fixture
def practice() -> Iterator[tuple[str, dict[str, str]]]:
    """The practice's web site: a real server on this machine, reached as ``localhost`` (another origin than the
    stack's 127.0.0.1; a page Playwright fulfils itself counts as public, and Chromium's local network access
    checks keep a public page from framing a loopback one). The test puts the page's HTML in ``pages``."""
    pages: dict[str, str] = {}

    class Site(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path.split("?")[0], "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


def test_a_patient_books_inside_the_embedded_page_and_the_practice_hears_of_it(
    stack: LiveStack,
    new_page: Callable[..., Page],
    shot: Callable[[Page, str], Path],
    admin_token: str,
    practice: tuple[str, dict[str, str]],
) -> None:
    # Given a free slot of the demo doctor and the practice's page (another origin) embedding her booking page
    _, zone = find_doctor(stack)
    slot = fresh_slot(stack, admin_token)
    week = slot_day(slot, zone).isoformat()
    site, pages = practice
    pages["/book-online"] = practice_site(stack, week)
    page = new_page()
    page.goto(f"{site}/book-online")
    frame = page.frame_locator("#docspot")
    expect(frame.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    shot(page, "embed-01-practice-site")

    # When a signed-out visitor chooses the slot, signs in inside the frame and comes back to the page
    frame.locator(f'[data-slot-id="{slot.slot_id}"]').click()
    frame.get_by_label("E-mail").fill(PATIENT)
    frame.get_by_label(re.compile(r"^Password")).fill("docspot-demo")
    frame.get_by_role("button", name="Sign in").click()
    expect(frame.get_by_role("heading", name=DOCTOR_NAME)).to_be_visible()
    frame.locator(f'[data-slot-id="{slot.slot_id}"]').click()

    # and confirms the booking
    expect(frame.get_by_role("heading", name="Confirm your appointment")).to_be_visible()
    frame.get_by_role("button", name="Confirm booking").click()

    # Then the frame shows the booking, and the practice's page was told of it (and only of it)
    expect(frame.get_by_role("heading", name="You are booked")).to_be_visible()
    shot(page, "embed-02-booked-in-the-frame")
    page.wait_for_function("window.booked.length > 0")
    message = page.evaluate("window.booked[0]")
    assert message["type"] == "docspot:booked"
    assert message["doctor"] == DOCTOR_NAME
    assert message["start"].startswith(slot.start.strftime("%Y-%m-%dT%H:%M"))
    assert set(message) == {"type", "appointment_id", "start", "end", "doctor"}
