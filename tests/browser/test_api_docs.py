"""The API reference page: the OpenAPI document the API serves, rendered in the browser under the site's CSP."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from chalicelib.handlers.openapi import TAGS


def test_the_api_reference_renders_every_route_from_the_served_document(
    new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = new_page()

    page.goto("/api-docs")

    expect(page.get_by_role("heading", name="API reference", level=1)).to_be_visible()
    reference = page.get_by_test_id("api-reference")
    expect(reference.locator(".info .title")).to_contain_text("DocSpot API")
    # Every resource is listed, folded (200-odd routes open at once stall Swagger UI's rendering); one opens on a click
    expect(reference.locator(".opblock-tag")).to_have_count(len(TAGS))
    expect(reference.locator(".opblock")).to_have_count(0)
    reference.locator("#operations-tag-auth").click()
    expect(reference.get_by_text("/auth/login", exact=True)).to_be_visible()
    reference.locator("#operations-tag-appointments").click()
    expect(reference.get_by_text("/appointments/{appointment_id}/cancel", exact=True)).to_be_visible()
    shot(page, "api-docs")


def test_an_operation_opens_with_its_parameters_and_error_codes(
    new_page: Callable[..., Page], shot: Callable[[Page, str], Path]
) -> None:
    page = new_page()
    page.goto("/api-docs")
    reference = page.get_by_test_id("api-reference")

    reference.locator("#operations-tag-notifications").click()
    operation = reference.locator("#operations-notifications-mark_read")

    operation.locator(".opblock-summary").first.click()

    expect(operation.locator(".parameter__name")).to_contain_text("notification_id")
    expect(operation.get_by_text("ACCOUNT_DISABLED").first).to_be_visible()
    shot(page, "api-docs-operation")
