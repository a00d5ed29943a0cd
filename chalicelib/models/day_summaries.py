from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta


class FreeByDay(GlobalSecondaryIndex["DaySummary"]):
    """Sparse: the days with at least one free slot, every doctor's, by name (``GET /doctors?date=``)."""

    Meta = table_meta("day_summaries", index_name="day-index", projection=AllProjection())
    free_day = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class FreeBySpecialtyDay(GlobalSecondaryIndex["DaySummary"]):
    """Sparse: the same days per specialty (``free_specialty_day`` = ``{specialty_id}#{day}``), by name."""

    Meta = table_meta("day_summaries", index_name="specialty-day-index", projection=AllProjection())
    free_specialty_day = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class DaySummary(Model):
    """A doctor's free slots of one local date (in the doctor's zone), kept by every write that frees or takes a
    slot, in that write's own transaction (services/core/day_summary.py).

    ``free`` holds ``{start}|{minutes}`` of every slot that exists, is unbooked and not blocked; the free count and
    the next free start follow from it. ``held`` holds ``{start}|{expiry epoch}`` of holds placed (a hold counts
    while its expiry is ahead of the clock; released ones are taken out). The index keys and ``name_sort``,
    ``specialty_id`` and ``timezone`` are copies of the doctor's, written with every change that adds a free slot;
    the index keys are removed once ``free`` is empty."""

    Meta = table_meta("day_summaries")
    doctor_id = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    free = UnicodeSetAttribute(null=True)
    held = UnicodeSetAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    specialty_id = UnicodeAttribute(null=True)
    name_sort = UnicodeAttribute(null=True)
    free_day = UnicodeAttribute(null=True)
    free_specialty_day = UnicodeAttribute(null=True)
    by_day = FreeByDay()
    by_specialty_day = FreeBySpecialtyDay()
