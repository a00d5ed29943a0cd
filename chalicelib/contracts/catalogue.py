from __future__ import annotations

from datetime import datetime

from pydantic import Field, HttpUrl

from chalicelib.contracts.accounts import DoctorProfessionalFields, LicenseNumber
from chalicelib.contracts.availability import CalendarDay
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
from chalicelib.vocabulary import DEFAULT_LOCALE, DoctorStatus, Locale

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


class DoctorSearchQuery(Paging):
    specialty_id: str | None = Field(default=None, max_length=64, description="doctors of this specialty")
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
