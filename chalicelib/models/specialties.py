from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

CATALOGUE = "specialty"


class SpecialtiesByName(GlobalSecondaryIndex["Specialty"]):
    """Every specialty under one small partition, sorted by name: the public list is one Query, never a Scan."""

    Meta = table_meta("specialties", index_name="catalogue-index", projection=AllProjection())
    catalogue = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class Specialty(Model):
    Meta = table_meta("specialties")
    specialty_id = UnicodeAttribute(hash_key=True)
    catalogue = UnicodeAttribute(default=CATALOGUE)
    name = UnicodeAttribute()
    name_sort = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    active = BooleanAttribute(default=True)
    by_name = SpecialtiesByName()
