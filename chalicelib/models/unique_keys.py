from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.models.base import Model, table_meta


class UniqueKey(Model):
    """A claim on a value that must be unique, or a counted seat, written with ``attribute_not_exists(key)`` (or an
    expired ``expires_at``) inside the transaction that creates its owner, so two racing creations cannot both win.

    Every key of the table is built here, one function per prefix:

    | prefix | owner (``owner_id``) | written by |
    |---|---|---|
    | ``email#`` | the user | accounts (sign-up) |
    | ``license#`` | the doctor | accounts (doctor sign-up) |
    | ``specialty#`` | the specialty (its name) | catalogue |
    | ``slotq#{doctor}#{quantum}`` | the slot covering that 5-minute quantum | availability |
    | ``apptq#{patient}#{quantum}`` | the patient's active appointment covering it | booking |
    | ``lock#{patient}`` | the one slot the patient holds (the hold pointer; an older word for it) | holds |
    | ``files#{appointment}#{seat}`` | the file in that seat (ten per appointment) | files |
    | ``wsseat#{user}#{seat}`` | the WebSocket connection in that seat (five per user) | realtime |
    | ``directory#version`` | a version stamp, not a claim: moves on every directory change | catalogue, accounts |
    | ``rate#{limit}#{subject}#{window}`` | the limit's name; ``attempts`` in that window | core.limits |
    | ``lockout#{subject}`` | the lock-out's name; ``attempts``: failed log-ins in a row | core.limits |
    | ``slug#{slug}`` | the doctor whose booking page the slug names (now or before: old slugs redirect) | catalogue |
    | ``calfeed#{sha256 of the token}`` | the user whose calendar feed the token opens | booking (calendar feeds) |
    | ``calfeedof#{user}`` | the SHA-256 of the user's one live feed token (the pointer rotation replaces) | booking |
    | ``reviewreport#{review}#{user}`` | the user who reported that review (once each) | reviews |
    | ``logincode#{subject}`` | the user a sign-in code was mailed to (``-``: nobody); ``code_hash`` | accounts |
    | ``dispute#{appointment}`` | the appointment's one open dispute (released when it is resolved) | disputes |
    """

    Meta = table_meta("unique_keys")
    key = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    expires_at = TTLAttribute(null=True)
    attempts = NumberAttribute(null=True)
    # A sign-in code's keyed hash (``logincode#``): the code itself is never stored.
    code_hash = UnicodeAttribute(null=True)


DIRECTORY_VERSION_KEY = "directory#version"


def open_dispute_key(appointment_id: str) -> str:
    return f"dispute#{appointment_id}"


def email_key(email: str) -> str:
    return f"email#{email.strip().lower()}"


def license_key(license_number: str) -> str:
    return "license#" + "".join(ch for ch in license_number.upper() if ch.isalnum())


def specialty_name_key(name: str) -> str:
    return "specialty#" + " ".join(name.lower().split())


def doctor_quantum_key(doctor_id: str, quantum: str) -> str:
    """``quantum`` is the quantum's start in the one textual form of instants (``2026-12-06T09:05:00Z``)."""
    return f"slotq#{doctor_id}#{quantum}"


def patient_quantum_key(patient_id: str, quantum: str) -> str:
    return f"apptq#{patient_id}#{quantum}"


def hold_pointer_key(patient_id: str) -> str:
    return f"lock#{patient_id}"


def file_seat_key(appointment_id: str, seat: int) -> str:
    return f"files#{appointment_id}#{seat}"


def connection_seat_key(user_id: str, seat: int) -> str:
    return f"wsseat#{user_id}#{seat}"


def rate_key(limit: str, subject: str, window: int) -> str:
    """``subject`` is a keyed digest (of a client address or an e-mail address), never the value itself."""
    return f"rate#{limit}#{subject}#{window}"


def lockout_key(subject: str) -> str:
    return f"lockout#{subject}"


def calendar_feed_key(token_hash: str) -> str:
    return f"calfeed#{token_hash}"


def calendar_feed_pointer_key(user_id: str) -> str:
    return f"calfeedof#{user_id}"


def slug_key(slug: str) -> str:
    return f"slug#{slug}"


def review_report_key(review_id: str, user_id: str) -> str:
    return f"reviewreport#{review_id}#{user_id}"


def login_code_key(subject: str) -> str:
    """``subject`` is a keyed digest of the e-mail address, never the address itself."""
    return f"logincode#{subject}"
