"""Scheduled jobs. Each calls one service function and must be safe to run late, twice or overlapping."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Rate

from chalicelib.observability import logger
from chalicelib.services import waitlist

schedules = Blueprint(__name__)


@schedules.schedule(Rate(1, unit=Rate.MINUTES), name="waitlist-offers")
def pass_on_lapsed_offers(event: Any) -> None:
    logger.info("lapsed waitlist offers passed on", extra={"count": waitlist.expire_offers()})
