"""Browser journeys: the built SPA served by a local stack of its own, driven in Debian's Chromium by Playwright.

The stack is spawned once per session (as tests/e2e does) after ``make spa`` has brought frontend/dist up to date.
Each test opens fresh browser contexts (one per simulated person); screenshots go to frontend/test-results/.
Without /usr/bin/chromium the journeys are skipped, unless DOCSPOT_BROWSER_REQUIRED=1 (make test) makes that a
failure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from local.launch import REPO
from tests.support.browser import CHROMIUM, LiveStack, unavailable
from tests.support.stack import ADMIN, login, running_stack

# A few people clicking, each page also opening its WebSocket ($connect runs in a worker too): three workers.
WORKERS = 3
# The stack answers one moto request at a time; a page's first load may queue behind another person's.
EXPECT_TIMEOUT_MS = 15_000
RESULTS = REPO / "frontend" / "test-results"

try:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
except ImportError:  # pragma: no cover - requirements-dev.txt installs it
    sync_playwright = None  # type: ignore[assignment]


@pytest.fixture(scope="session")
def results_dir() -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS


@pytest.fixture(scope="session")
def spa_built() -> None:
    """frontend/dist up to date (a no-op when it is): the stack serves whatever is there."""
    if os.environ.get("DOCSPOT_SKIP_SPA_BUILD") == "1":
        return
    done = subprocess.run(["make", "--no-print-directory", "spa"], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"make spa failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, spa_built: None) -> Iterator[LiveStack]:
    if sync_playwright is None:
        unavailable("the playwright package is not installed (make install)")
    if not Path(CHROMIUM).exists():
        unavailable(f"{CHROMIUM} is missing (make chromium installs Debian's package)")
    home = tmp_path_factory.mktemp("browser-stack")
    # Visits may start up to 100 days early here: a journey runs a visit booked weeks ahead without waiting
    # for its time (the 15-minute rule itself is tested in tests/integration and by the SPA's component tests).
    with running_stack(home, WORKERS, {"DOCSPOT_START_EARLY_MINUTES": str(100 * 24 * 60)}) as running:
        yield LiveStack(running)


@pytest.fixture(scope="session")
def playwright_instance(stack: LiveStack) -> Iterator[Playwright]:
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    launched = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        # The machine's network is closed: Chromium's background calls home only produce refused connections.
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def new_page(browser: Browser, stack: LiveStack) -> Iterator[Callable[..., Page]]:
    """Opens a page in a context of its own (its own sessionStorage: one person), closed after the test. The
    stack sends the site's Content-Security-Policy (local/site_headers.py): anything the browser refuses under it
    fails the test that met it."""
    contexts: list[BrowserContext] = []
    refused: list[str] = []

    def open_page(width: int = 1280, height: int = 900, locale: str = "en-GB") -> Page:
        # The browser's language picks the app's for people without a `locale` of their own: English unless asked.
        context = browser.new_context(
            base_url=stack.url, viewport={"width": width, "height": height}, accept_downloads=True, locale=locale
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert refused == [], f"the browser refused under the Content-Security-Policy: {refused[:3]}"


@pytest.fixture(scope="session")
def admin_token(stack: LiveStack) -> str:
    with stack.client() as client:
        return login(client, *ADMIN)


@pytest.fixture
def shot(results_dir: Path) -> Callable[[Page, str], Path]:
    """Saves a full-page screenshot as frontend/test-results/<name>.png."""

    def take(page: Page, name: str) -> Path:
        path = results_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
