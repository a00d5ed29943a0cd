from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, HttpUrl

from chalicelib.contracts.accounts import DoctorProfessionalFields, LicenseNumber
from chalicelib.contracts.availability import CalendarDay
from chalicelib.contracts.clinics import ClinicRef, Language
from chalicelib.contracts.common import (
    EmailAddress,
    Out,
    Paging,
    Password,
    PersonName,
    Phone,
    Request,
    TimeZoneName,
    clearable,
    example,
    omissible,
)
from chalicelib.contracts.reviews import RatingOut
from chalicelib.vocabulary import DEFAULT_LOCALE, DoctorStatus, Locale, VisitMode

SpecialtyName = Field(min_length=2, max_length=80)


class SpecialtyCreate(Request):
    model_config = example(name="Dermatology", description="Skin, hair and nails")

    name: str = SpecialtyName
    description: str = Field(default="", max_length=1000)


class SpecialtyUpdate(Request):
    name: str | None = Field(default=None, min_length=2, max_length=80)
    description: str | None = Field(default=None, max_length=1000)
    active: bool | None = None


class SpecialtyOut(Out):
    specialty_id: str
    name: str
    description: str
    active: bool


class SpecialtyRef(Out):
    specialty_id: str
    name: str


class DoctorOut(Out):
    """The public profile."""

    doctor_id: str
    name: str
    specialty: SpecialtyRef
    experience_years: int
    consultation_fee: float
    bio: str
    photo_url: str | None
    timezone: str
    rating: RatingOut
    languages: list[str] = Field(description="ISO 639-1 codes of the languages the doctor consults in")
    modes: list[VisitMode] = Field(description="the modes of the doctor's active appointment types")
    next_available_at: datetime | None = Field(description="the start of the doctor's earliest free slot")
    distance_km: float | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="searches with `near`: the distance to the doctor's nearest clinic, in km (one decimal)",
    )
    clinic: ClinicRef | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="searches with `near` or `city`: the doctor's nearest clinic (or the one in that city)",
    )


class DoctorProfileOut(DoctorOut):
    """The public profile with the clinics the doctor works at."""

    clinics: list[ClinicRef]


class FreeSlot(Out):
    slot_id: str
    start: datetime
    end: datetime


class DoctorWithSlotsOut(DoctorOut):
    """A doctor with the free slots of the day asked for (``GET /doctors?date=``)."""

    available_slots: list[FreeSlot]


class DoctorAdminOut(DoctorOut):
    """A doctor with the application: what admins review, and what the doctor sees of their own."""

    email: str | None
    status: DoctorStatus
    license_number: str
    created_at: datetime
    decided_at: datetime | None
    decision_reason: str | None
    resubmitted_at: datetime | None = None


class DoctorProfileUpdate(Request):
    """A doctor's own edit. ``specialty_id`` and ``license_number`` are part of the application: editable while it
    is PENDING or REJECTED, never once approved (then only an admin changes them)."""

    bio: str = omissible(max_length=2000)
    consultation_fee: float = omissible(ge=0, le=100_000)
    experience_years: int = omissible(ge=0, le=70)
    photo_url: HttpUrl | None = clearable()
    timezone: TimeZoneName = omissible()
    languages: list[Language] = omissible(max_length=10)
    specialty_id: str = omissible(min_length=1, max_length=64)
    license_number: LicenseNumber = omissible()


class AdminDoctorCreate(DoctorProfessionalFields):
    email: EmailAddress
    password: Password
    name: PersonName
    phone: Phone | None = None
    timezone: TimeZoneName = "UTC"
    locale: Locale = DEFAULT_LOCALE


class DoctorDecision(Request):
    reason: str | None = Field(default=None, max_length=1000)


class SearchSort(StrEnum):
    RELEVANCE = "relevance"
    RATING = "rating"
    DISTANCE = "distance"
    NEXT_AVAILABLE = "next_available"


class DoctorSearchQuery(Paging):
    specialty_id: str | None = Field(default=None, max_length=64, description="doctors of this specialty")
    city: str | None = Field(default=None, min_length=1, max_length=100, description="doctors with a clinic there")
    near: str | None = Field(
        default=None,
        max_length=40,
        pattern=r"^ *-?[0-9]{1,2}(\.[0-9]+)? *, *-?[0-9]{1,3}(\.[0-9]+)? *$",
        description="`<lat>,<lon>` in degrees: doctors with a clinic within `radius_km`",
    )
    radius_km: int = Field(default=10, ge=1, le=100, description="with `near` (1-100, default 10)")
    mode: VisitMode | None = Field(default=None, description="doctors offering an active type of this mode")
    language: Language | None = Field(default=None, description="doctors consulting in this ISO 639-1 language")
    sort: SearchSort = Field(
        default=SearchSort.RELEVANCE,
        description="relevance (name order, or match quality with `q`), rating, distance (needs `near`), "
        "next_available (soonest free slot first)",
    )
    q: str | None = Field(default=None, max_length=100, description="typo-tolerant search over names and specialties")
    date: CalendarDay | None = Field(
        default=None, description="only doctors with a free slot that day (YYYY-MM-DD, in their time zone)"
    )


class AdminDoctorListQuery(Paging):
    status: DoctorStatus = Field(default=DoctorStatus.PENDING, description="doctors in this state")


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class SlugChange(Request):
    """A doctor's booking-page slug: lower-case letters, digits and single hyphens, 3 to 60 characters."""

    slug: str = Field(min_length=3, max_length=60, pattern=SLUG_PATTERN)


class SlugOut(Out):
    """The doctor's booking page: the slug (None until chosen), its URL, a suggestion from the name, and from when
    the slug may change again (None: now)."""

    slug: str | None
    url: str | None
    suggestion: str
    changeable_from: datetime | None


class DoctorBySlugOut(Out):
    """The public profile behind a slug; ``slug`` is the doctor's current one (``moved``: the asked one is old)."""

    doctor: DoctorOut
    slug: str
    moved: bool
