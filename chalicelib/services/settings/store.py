from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib import caches
from chalicelib.adapters.registry import adapters
from chalicelib.contracts.common import Request
from chalicelib.contracts.platform_settings import PlatformSettings
from chalicelib.errors import Invalid
from chalicelib.models.platform_settings import PlatformSettingsItem
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.core.booking_window import BookingWindow
from chalicelib.services.core.dynamo import ConcurrentChange, condition_failed

KEY = "platform"
CACHE_SECONDS = 60  # a change reaches every Lambda process within a minute


@dataclass
class _Cached:
    value: PlatformSettings | None = None
    until: datetime | None = None


_cache = _Cached()


@caches.register
def forget() -> None:
    """Drops this process's copy: the next ``current()`` reads the table."""
    _cache.value = None
    _cache.until = None


def _stored(*, consistent: bool = False) -> tuple[dict[str, Any], int]:
    try:
        item = PlatformSettingsItem.get(KEY, consistent_read=consistent)
    except DoesNotExist:
        return {}, 0
    return dict(json.loads(item.values or "{}")), int(item.version or 0)


def _make(stored: dict[str, Any]) -> PlatformSettings:
    """The environment's defaults overridden by the stored values still known (a setting removed from the code is
    ignored; one stored out of range falls back to its default rather than stopping every booking)."""
    known = {name: value for name, value in stored.items() if name in PlatformSettings.model_fields}
    try:
        return PlatformSettings(**known)
    except ValidationError:
        logger.exception("stored platform settings are not valid; using the defaults for the invalid ones")
        good = {}
        for name, value in known.items():
            try:
                PlatformSettings(**{name: value})
                good[name] = value
            except ValidationError:
                continue
        return PlatformSettings(**good)


def current() -> PlatformSettings:
    """The settings in force, at most ``CACHE_SECONDS`` old."""
    now = adapters().clock.now()
    if _cache.value is not None and _cache.until is not None and now < _cache.until:
        return _cache.value
    value = _make(_stored()[0])
    _cache.value, _cache.until = value, now + timedelta(seconds=CACHE_SECONDS)
    return value


def booking_window() -> BookingWindow:
    """The window the settings name (``min_notice_minutes``, ``max_advance_days``)."""
    values = current()
    return BookingWindow(
        min_notice=timedelta(minutes=values.min_notice_minutes), max_advance=timedelta(days=values.max_advance_days)
    )


def admin_view() -> PlatformSettings:
    """What an admin sees: read now, not from the cache."""
    return _make(_stored(consistent=True)[0])


def _plain(value: Any) -> str:
    return json.dumps(value) if isinstance(value, list) else str(value)


def change(admin_id: str, request: Request) -> PlatformSettings:
    """Saves what ``request`` changes, checked together with the rest; audited as ``name: old -> new``."""
    stored, version = _stored(consistent=True)
    before = _make(stored)
    sent = request.model_dump(exclude_unset=True)
    try:
        after = PlatformSettings(**{**before.model_dump(), **sent})
    except ValidationError as exc:
        details = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()]
        raise Invalid(f"the settings are not valid: {details[0]['message']}", details=details) from exc
    changed = {name: getattr(after, name) for name in sent if getattr(after, name) != getattr(before, name)}
    if not changed:
        return after
    now = adapters().clock.now()
    item = PlatformSettingsItem(
        key=KEY,
        values=json.dumps({**stored, **changed}),
        version=version + 1,
        updated_at=now,
        updated_by=admin_id,
    )
    unchanged = PlatformSettingsItem.version == version if version else PlatformSettingsItem.key.does_not_exist()
    try:
        item.save(condition=unchanged)
    except PutError as exc:
        if not condition_failed(exc):
            raise
        raise ConcurrentChange("another admin changed the settings at the same moment; reload them") from exc
    audit.record(
        entity="settings#platform",
        actor=admin_id,
        action="settings-changed",
        detail={name: f"{_plain(getattr(before, name))} -> {_plain(value)}" for name, value in changed.items()},
    )
    forget()
    return after
