"""Links into the web app, as mails and pushes carry them."""

from __future__ import annotations

from chalicelib.config import get_settings


def app_link(path: str) -> str:
    return f"{get_settings().app_url}{path}"
