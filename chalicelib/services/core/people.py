"""The accounts of the people an appointment, an offer or a mail concerns, read together."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.models.users import User


def users(user_ids: Iterable[str]) -> dict[str, User]:
    """The accounts of the people concerned, in one BatchGet."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    return {u.user_id: u for u in User.batch_get(wanted)}
