from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class UsersByEmail(GlobalSecondaryIndex["User"]):
    Meta = table_meta("users", index_name="email-index", projection=AllProjection())
    email = UnicodeAttribute(hash_key=True)


class UsersByRole(GlobalSecondaryIndex["User"]):
    """The admin's list of accounts of one role, in e-mail order."""

    Meta = table_meta("users", index_name="role-index", projection=AllProjection())
    role = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(range_key=True)


class UsersByName(GlobalSecondaryIndex["User"]):
    """Accounts of one role by name (``name_sort``: the name lower-cased, spaces collapsed, ``#`` and the id):
    the admin's patient search is one Query with ``begins_with``. Sparse until every account has a
    ``name_sort`` (``tools.user_name_keys`` backfills the accounts made before it existed)."""

    Meta = table_meta("users", index_name="role-name-index", projection=AllProjection())
    role = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


def user_name_key(name: str, user_id: str) -> str:
    """``name_sort`` of an account: ordered by name, unique for namesakes."""
    return " ".join(name.lower().split()) + "#" + user_id


class EmailPreferences(MapAttribute[str, bool]):
    """Which optional e-mails the user wants; a missing choice means yes (services/mail_preferences.py)."""

    appointment_updates = BooleanAttribute(null=True)
    reminders = BooleanAttribute(null=True)
    waitlist = BooleanAttribute(null=True)
    messages = BooleanAttribute(null=True)


class User(Model):
    """An account: patient, doctor or admin. ``email`` is stored lower-cased and kept unique via unique_keys."""

    Meta = table_meta("users")
    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute(default="active")
    password_hash = UnicodeAttribute()
    timezone = UnicodeAttribute(default="UTC")
    # ``en`` or ``de`` (vocabulary.Locale); accounts made before the field existed read as English.
    locale = UnicodeAttribute(default="en")
    phone = UnicodeAttribute(null=True)
    date_of_birth = UnicodeAttribute(null=True)
    email_opt_out = BooleanAttribute(default=False)
    email_preferences = EmailPreferences(null=True)
    # SMS reminders (services/accounts/phone.py): the confirmed E.164 number, the switch, and a pending number with
    # its code (an HMAC, never the code), its end (epoch seconds) and the tries spent on it.
    sms_phone = UnicodeAttribute(null=True)
    sms_reminders = BooleanAttribute(null=True)
    sms_pending_phone = UnicodeAttribute(null=True)
    sms_code_hash = UnicodeAttribute(null=True)
    sms_code_expires = NumberAttribute(null=True)
    sms_code_tries = NumberAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    name_sort = UnicodeAttribute(null=True)
    by_email = UsersByEmail()
    by_role = UsersByRole()
    by_name = UsersByName()
