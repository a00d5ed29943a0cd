from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

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
from chalicelib.vocabulary import DEFAULT_LOCALE, AccountStatus, DoctorStatus, Locale, Role

LicenseNumber = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9 /-]+$")]


class DoctorProfessionalFields(Request):
    specialty_id: str = Field(min_length=1, max_length=64)
    license_number: LicenseNumber
    experience_years: int = Field(ge=0, le=70)
    consultation_fee: float = Field(ge=0, le=100_000)
    bio: str = Field(default="", max_length=2000)


class PatientRegistration(Request):
    model_config = example(
        role="patient",
        email="pia.berg@example.com",
        password="a long passphrase",
        name="Pia Berg",
        timezone="Europe/Berlin",
    )

    role: Literal[Role.PATIENT]
    email: EmailAddress
    password: Password
    name: PersonName
    phone: Phone | None = None
    timezone: TimeZoneName = "UTC"
    locale: Locale = DEFAULT_LOCALE


class DoctorRegistration(DoctorProfessionalFields):
    model_config = example(
        role="doctor",
        email="jonas.weber@example.com",
        password="a long passphrase",
        name="Jonas Weber",
        specialty_id="cardiology",
        license_number="DE-12345",
        experience_years=8,
        consultation_fee=90,
        timezone="Europe/Berlin",
    )

    role: Literal[Role.DOCTOR]
    email: EmailAddress
    password: Password
    name: PersonName
    phone: Phone | None = None
    timezone: TimeZoneName = "UTC"
    locale: Locale = DEFAULT_LOCALE


Registration = Annotated[PatientRegistration | DoctorRegistration, Field(discriminator="role")]


class LoginRequest(Request):
    model_config = example(email="paula.patient@docspot.test", password="docspot-demo")

    email: EmailAddress
    password: str = Field(min_length=1, max_length=128)


class RefreshRequest(Request):
    refresh_token: str = Field(min_length=1, max_length=4096)


class PasswordResetRequest(Request):
    model_config = example(email="paula.patient@docspot.test")

    email: EmailAddress


class LoginCodeRequest(Request):
    model_config = example(email="paula.patient@docspot.test")

    email: EmailAddress


class LoginCodeVerify(Request):
    model_config = example(email="paula.patient@docspot.test", code="042917")

    email: EmailAddress
    code: str = Field(pattern=r"^[0-9]{6}$", description="the 6 digits from the mail")


class CodeAccepted(Out):
    """The same answer whether or not an account uses the address."""

    status: Literal["accepted"] = "accepted"
    message: str


class PasswordResetConfirm(Request):
    token: str = Field(min_length=1, max_length=200)
    password: Password


class EmailPreferencesUpdate(Request):
    """Any of the optional e-mail categories; those left out keep their current choice."""

    appointment_updates: bool | None = None
    reminders: bool | None = None
    waitlist: bool | None = None
    messages: bool | None = None


class EmailPreferences(Out):
    """Optional e-mail the user gets (all true by default). Security and account mail, and a patient's booking
    invite with its updates, are always sent whatever these say; ``email_opt_out`` switches all of these off."""

    appointment_updates: bool
    reminders: bool
    waitlist: bool
    messages: bool


class ProfileUpdate(Request):
    model_config = example(timezone="Europe/Rome", email_preferences={"reminders": False})

    name: PersonName = omissible()
    phone: Phone | None = clearable()
    date_of_birth: date | None = clearable()
    timezone: TimeZoneName = omissible()
    locale: Locale = omissible()
    email_opt_out: bool = omissible()
    email_preferences: EmailPreferencesUpdate = omissible()


class UserOut(Out):
    user_id: str
    email: str
    name: str
    role: Role
    status: AccountStatus
    timezone: str
    locale: Locale
    phone: str | None
    date_of_birth: str | None
    email_opt_out: bool
    email_preferences: EmailPreferences
    created_at: datetime
    doctor_status: DoctorStatus | None = None


class AccountDisable(Request):
    """Disabling a doctor: the admin chooses whether their future appointments are cancelled (the patients are
    told and mailed, the slots freed) or kept. A patient's are always cancelled; an admin has none."""

    model_config = example(cancel_appointments=True)

    cancel_appointments: bool | None = Field(
        default=None, description="required for a doctor; for a patient only true (the default)"
    )


class AccountDisabledOut(UserOut):
    cancelled_appointments: int = Field(description="future appointments cancelled by this call")
    appointments_left: int = Field(
        description="future appointments still to cancel (more than one call's worth): disable again to go on"
    )


class TokenPair(Out):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int
    user: UserOut


class ResetAccepted(Out):
    """The same answer whether or not an account uses the address."""

    status: Literal["accepted"] = "accepted"
    message: str


class PasswordChanged(Out):
    status: Literal["password-changed"] = "password-changed"


class UserListQuery(Paging):
    role: Role = Field(default=Role.PATIENT, description="the accounts of this role")
    email: str | None = Field(default=None, max_length=254, description="e-mail addresses starting with this")
