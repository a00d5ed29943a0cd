"""Topics of the live push and who may watch which. Pure: no I/O.

``user#{id}``: a user's own events (joined automatically at ``$connect``, never by anyone else).
``doctor#{id}#slots``: a doctor's slots turning locked, booked, free; any signed-in user may watch, since slot
events carry nothing about patients. ``admin``: the admins' live monitor, admins only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Role

ADMIN_TOPIC = Role.ADMIN.value  # the admins' topic is named after their role
USER = "user"
DOCTOR_SLOTS = "doctor-slots"
_ID = r"[A-Za-z0-9_-]{1,64}"
_USER = re.compile(rf"user#({_ID})")
_DOCTOR_SLOTS = re.compile(rf"doctor#({_ID})#slots")

FORBIDDEN_TOPIC = "FORBIDDEN_TOPIC"
UNKNOWN_TOPIC = "UNKNOWN_TOPIC"


@dataclass(frozen=True)
class Topic:
    name: str
    kind: str
    subject: str | None = None


def user_topic(user_id: str) -> str:
    return f"user#{user_id}"


def doctor_slots_topic(doctor_id: str) -> str:
    return f"doctor#{doctor_id}#slots"


def parse_topic(name: str) -> Topic | None:
    """The topic ``name`` names, or None if DocSpot has no such topic."""
    if name == ADMIN_TOPIC:
        return Topic(name, ADMIN_TOPIC)
    if match := _USER.fullmatch(name):
        return Topic(name, USER, match[1])
    if match := _DOCTOR_SLOTS.fullmatch(name):
        return Topic(name, DOCTOR_SLOTS, match[1])
    return None


def may_watch(principal: Principal, topic: Topic) -> bool:
    if topic.kind == USER:
        return topic.subject == principal.user_id
    if topic.kind == ADMIN_TOPIC:
        return principal.role == Role.ADMIN
    return topic.kind == DOCTOR_SLOTS
