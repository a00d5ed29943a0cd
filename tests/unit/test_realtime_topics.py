"""Who may watch which topic: pure rules, no I/O."""

from __future__ import annotations

import pytest

from chalicelib.services.core.authz import Principal
from chalicelib.services.realtime.topics import (
    ADMIN_TOPIC,
    DOCTOR_SLOTS,
    USER,
    Topic,
    doctor_slots_topic,
    may_watch,
    parse_topic,
    user_topic,
)
from chalicelib.vocabulary import Role

ME = Principal("u1", Role.PATIENT)


def test_topic_names_round_trip() -> None:
    assert parse_topic(user_topic("u1")) == Topic("user#u1", USER, "u1")
    assert parse_topic(doctor_slots_topic("d-9")) == Topic("doctor#d-9#slots", DOCTOR_SLOTS, "d-9")
    assert parse_topic("admin") == Topic("admin", ADMIN_TOPIC)


@pytest.mark.parametrize(
    "name", ["", "admins", "user", "user#", "user#a#b", "doctor#d", "doctor#d#slot", "doctor#d#slots#"]
)
def test_anything_else_is_no_topic(name: str) -> None:
    assert parse_topic(name) is None


def test_ids_are_bounded_and_plain() -> None:
    assert parse_topic("user#" + "a" * 64) is not None
    assert parse_topic("user#" + "a" * 65) is None
    assert parse_topic("user#a*b") is None


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DOCTOR, Role.ADMIN])
def test_everyone_may_watch_any_doctors_slots_and_their_own_topic(role: str) -> None:
    me = Principal("u1", role)
    assert may_watch(me, Topic("doctor#d#slots", DOCTOR_SLOTS, "d"))
    assert may_watch(me, Topic("user#u1", USER, "u1"))


@pytest.mark.parametrize("role", [Role.PATIENT, Role.DOCTOR, Role.ADMIN])
def test_nobody_may_watch_someone_elses_topic(role: str) -> None:
    assert not may_watch(Principal("u1", role), Topic("user#u2", USER, "u2"))


def test_only_admins_watch_the_admin_monitor() -> None:
    topic = Topic("admin", ADMIN_TOPIC)
    assert may_watch(Principal("a", Role.ADMIN), topic)
    assert not may_watch(Principal("p", Role.PATIENT), topic)
    assert not may_watch(Principal("d", Role.DOCTOR), topic)
