"""Clinics and where doctors work: what admins and doctors send, and what anyone gets back."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from chalicelib.contracts.common import Out, Paging, Request, TimeZoneName, clearable, example, omissible

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Codes CLDR lists among territories that are not ISO 3166-1 countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "XK"})
MAX_CLINICS_PER_DOCTOR = 10


@cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from Babel's CLDR data."""
    from babel import Locale

    codes = (k for k in Locale("en").territories if isinstance(k, str))
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha()) - _NOT_COUNTRIES


@cache
def iso_languages() -> frozenset[str]:
    """ISO 639-1 codes (two letters), from Babel's CLDR data."""
    from babel import Locale

    codes = (k for k in Locale("en").languages if isinstance(k, str))
    return frozenset(k for k in codes if len(k) == 2 and k.isalpha())


def _country(value: str) -> str:
    value = value.upper()
    if value not in iso_countries():
        raise ValueError("must be an ISO 3166-1 alpha-2 country code, e.g. DE")
    return value


def _language(value: str) -> str:
    value = value.lower()
    if value not in iso_languages():
        raise ValueError("must be an ISO 639-1 language code, e.g. de")
    return value


def _e164(value: str) -> str:
    if not _E164.match(value):
        raise ValueError("must be a phone number in E.164 form, e.g. +493012345678")
    return value


Country = Annotated[str, Field(min_length=2, max_length=2), AfterValidator(_country)]
Language = Annotated[str, Field(min_length=2, max_length=2), AfterValidator(_language)]
E164Phone = Annotated[str, Field(max_length=16), AfterValidator(_e164)]
Latitude = Annotated[float, Field(strict=True, ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(strict=True, ge=-180, le=180, allow_inf_nan=False)]


class Address(Request):
    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = Field(default=None, max_length=200)
    postal_code: str = Field(min_length=1, max_length=20)
    city: str = Field(min_length=1, max_length=100)
    country: Country


class ClinicCreate(Request):
    model_config = example(
        name="Praxis am Hackeschen Markt",
        address={"line1": "Rosenthaler Str. 40", "postal_code": "10178", "city": "Berlin", "country": "DE"},
        lat=52.5246,
        lon=13.4021,
        phone="+493012345678",
        timezone="Europe/Berlin",
    )

    name: str = Field(min_length=1, max_length=120)
    address: Address
    lat: Latitude
    lon: Longitude
    phone: E164Phone | None = None
    timezone: TimeZoneName


class ClinicUpdate(Request):
    model_config = example(phone="+493098765432")

    name: str = omissible(min_length=1, max_length=120)
    address: Address = omissible()
    lat: Latitude = omissible()
    lon: Longitude = omissible()
    phone: E164Phone | None = clearable()
    timezone: TimeZoneName = omissible()


class AddressOut(Out):
    line1: str
    line2: str | None
    postal_code: str
    city: str
    country: str


class ClinicOut(Out):
    clinic_id: str
    name: str
    address: AddressOut
    lat: float
    lon: float
    phone: str | None
    timezone: str
    created_at: datetime
    updated_at: datetime


class ClinicRef(Out):
    """A clinic as a doctor's profile and a search card name it."""

    clinic_id: str
    name: str
    city: str
    lat: float
    lon: float


class ClinicListQuery(Paging):
    city: str | None = Field(default=None, min_length=1, max_length=100, description="clinics in this city")


class DoctorClinics(Request):
    model_config = example(clinic_ids=["c0ffee12ab34"])

    clinic_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        max_length=MAX_CLINICS_PER_DOCTOR, description="every clinic the doctor works at (the list replaces the old)"
    )

    @model_validator(mode="after")
    def _distinct(self) -> Any:
        if len(set(self.clinic_ids)) != len(self.clinic_ids):
            raise ValueError("clinic_ids must not repeat")
        return self


class DoctorClinicsOut(Out):
    items: list[ClinicRef]
