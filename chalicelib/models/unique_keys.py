from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.models.base import table_meta


class UniqueKey(Model):
    """A claim on a value that must be unique (``email#...``, ``license#...``, ``specialty#...``, and the time
    quanta of a doctor's slots and of a patient's active appointments, see services/slot_keys.py).

    Written with ``attribute_not_exists(key)`` inside the transaction that creates the owner, so two racing
    creations cannot both succeed.
    """

    Meta = table_meta("unique_keys")
    key = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    expires_at = TTLAttribute(null=True)


def email_key(email: str) -> str:
    return f"email#{email.strip().lower()}"


def license_key(license_number: str) -> str:
    return "license#" + "".join(ch for ch in license_number.upper() if ch.isalnum())


def specialty_name_key(name: str) -> str:
    return "specialty#" + " ".join(name.lower().split())
