from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class WaitlistQueue(GlobalSecondaryIndex["WaitlistEntry"]):
    """A doctor's waiting patients in the order they joined."""

    Meta = table_meta("waitlist", index_name="queue-index", projection=AllProjection())
    doctor_id = UnicodeAttribute(hash_key=True)
    joined = UnicodeAttribute(range_key=True)


class OpenOffers(GlobalSecondaryIndex["WaitlistEntry"]):
    """Sparse: entries holding an offer carry ``offer_state = OPEN`` until they book or the hold lapses."""

    Meta = table_meta("waitlist", index_name="offer-index", projection=AllProjection())
    offer_state = UnicodeAttribute(hash_key=True)
    offer_expires = NumberAttribute(range_key=True)


class WaitlistEntry(Model):
    """A patient waiting for a doctor (optionally for one date, in the doctor's time zone). ``passed`` holds the
    slot starts already offered to this patient, so a lapsed offer moves on to the next in line."""

    Meta = table_meta("waitlist")
    doctor_id = UnicodeAttribute(hash_key=True)
    patient_id = UnicodeAttribute(range_key=True)
    joined = UnicodeAttribute()
    date = UnicodeAttribute(null=True)
    offer_state = UnicodeAttribute(null=True)
    offer_slot_start = UnicodeAttribute(null=True)
    offer_expires = NumberAttribute(null=True)
    passed = UnicodeSetAttribute(null=True)
    by_queue = WaitlistQueue()
    open_offers = OpenOffers()
