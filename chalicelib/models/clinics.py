from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

CLINICS = "clinic"  # the one partition of ``catalogue-index``: every clinic, by name


class ClinicsByCity(GlobalSecondaryIndex["Clinic"]):
    """``GET /clinics?city=``: one Query on the city's key (lower-cased, spaces folded, with the country)."""

    Meta = table_meta("clinics", index_name="city-index", projection=AllProjection())
    city_key = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class ClinicsByName(GlobalSecondaryIndex["Clinic"]):
    """Every clinic under one small partition, sorted by name (the admin's list, ``GET /clinics``)."""

    Meta = table_meta("clinics", index_name="catalogue-index", projection=AllProjection())
    catalogue = UnicodeAttribute(hash_key=True)
    name_sort = UnicodeAttribute(range_key=True)


class Clinic(Model):
    """A practice doctors work at: its address, coordinates (WGS 84 degrees), zone and phone (E.164)."""

    Meta = table_meta("clinics")
    clinic_id = UnicodeAttribute(hash_key=True)
    catalogue = UnicodeAttribute(default=CLINICS)
    name = UnicodeAttribute()
    name_sort = UnicodeAttribute()
    line1 = UnicodeAttribute()
    line2 = UnicodeAttribute(null=True)
    postal_code = UnicodeAttribute()
    city = UnicodeAttribute()
    city_key = UnicodeAttribute()
    country = UnicodeAttribute()
    lat = NumberAttribute()
    lon = NumberAttribute()
    phone = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    by_city = ClinicsByCity()
    by_name = ClinicsByName()


class PlacesByCoarseCell(GlobalSecondaryIndex["DoctorPlace"]):
    """Doctor-at-clinic items by their geohash cell of precision 3 (about 156 km): wide near searches."""

    Meta = table_meta("doctor_places", index_name="cell3-index", projection=AllProjection())
    cell3 = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(range_key=True)


class PlacesByFineCell(GlobalSecondaryIndex["DoctorPlace"]):
    """Doctor-at-clinic items by their geohash cell of precision 4 (about 39 x 20 km): narrow near searches."""

    Meta = table_meta("doctor_places", index_name="cell4-index", projection=AllProjection())
    cell4 = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(range_key=True)


class PlacesByCity(GlobalSecondaryIndex["DoctorPlace"]):
    """Doctor-at-clinic items by the clinic's city key: ``GET /doctors?city=``."""

    Meta = table_meta("doctor_places", index_name="city-index", projection=AllProjection())
    city_key = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(range_key=True)


class PlacesByClinic(GlobalSecondaryIndex["DoctorPlace"]):
    """The doctors of a clinic: what a clinic's move or rename rewrites."""

    Meta = table_meta("doctor_places", index_name="clinic-index", projection=AllProjection())
    clinic_id = UnicodeAttribute(hash_key=True)
    doctor_id = UnicodeAttribute(range_key=True)


class DoctorPlace(Model):
    """A doctor working at a clinic, with the clinic's name, city and coordinates copied (a clinic's change
    rewrites its items through ``clinic-index``) and the geohash cells the near search Queries."""

    Meta = table_meta("doctor_places")
    doctor_id = UnicodeAttribute(hash_key=True)
    clinic_id = UnicodeAttribute(range_key=True)
    clinic_name = UnicodeAttribute()
    city = UnicodeAttribute()
    city_key = UnicodeAttribute()
    lat = NumberAttribute()
    lon = NumberAttribute()
    cell3 = UnicodeAttribute()
    cell4 = UnicodeAttribute()
    next_available_at = UnicodeAttribute(null=True)  # the doctor's, copied by services/core/next_free.py
    by_coarse_cell = PlacesByCoarseCell()
    by_fine_cell = PlacesByFineCell()
    by_city = PlacesByCity()
    by_clinic = PlacesByClinic()


def city_key(city: str) -> str:
    """A city's name folded (case, spacing): ``Berlin``, `` berlin `` and ``BERLIN`` are one city."""
    return " ".join(city.casefold().split())
