"""Accounts: registration, profiles and the admin command."""

from __future__ import annotations

import uuid
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.accounts import (
    DoctorRegistration,
    EmailPreferences,
    PatientRegistration,
    ProfileUpdate,
    UserOut,
)
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.models.doctors import Doctor, name_sort_key
from chalicelib.models.specialties import Specialty
from chalicelib.models.unique_keys import UniqueKey, email_key, license_key
from chalicelib.models.users import User, user_name_key
from chalicelib.observability import logger
from chalicelib.services.accounts import _passwords as passwords
from chalicelib.services.accounts import mail_preferences as preferences
from chalicelib.services.core import announce, day_summary, directory_version, limits
from chalicelib.services.core.dynamo import transaction, unexplained
from chalicelib.vocabulary import DEFAULT_LOCALE, AccountStatus, DoctorStatus, Locale, Role


def user_out(user: User, doctor_status: str | None = None) -> UserOut:
    return UserOut(
        user_id=user.user_id,
        email=user.email,
        name=user.name,
        role=Role(user.role),
        status=AccountStatus(user.status),
        timezone=user.timezone,
        locale=locale_of(user),
        phone=user.phone,
        date_of_birth=user.date_of_birth,
        email_opt_out=bool(user.email_opt_out),
        email_preferences=EmailPreferences(**preferences.preferences_of(user)),
        created_at=user.created_at,
        doctor_status=DoctorStatus(doctor_status) if doctor_status else None,
    )


def locale_of(user: User) -> Locale:
    """The user's language; an unknown stored value reads as the default rather than failing a profile."""
    try:
        return Locale(user.locale or DEFAULT_LOCALE)
    except ValueError:
        return DEFAULT_LOCALE


def get_user(user_id: str) -> User:
    try:
        return User.get(user_id)
    except User.DoesNotExist as exc:
        raise NotFound("no such user", code="USER_NOT_FOUND") from exc


def find_by_email(email: str) -> User | None:
    return next(iter(User.by_email.query(email.strip().lower(), limit=1)), None)


def new_user(
    *, email: str, password: str, name: str, role: str, phone: str | None, timezone: str, locale: str = DEFAULT_LOCALE
) -> User:
    user_id = uuid.uuid4().hex
    return User(
        user_id=user_id,
        email=email,
        name=name,
        name_sort=user_name_key(name, user_id),
        role=role,
        status=AccountStatus.ACTIVE,
        password_hash=passwords.hash_password(password),
        timezone=timezone,
        locale=str(locale),
        phone=phone,
        created_at=adapters().clock.now(),
    )


# Sign-ups one address may try: a typo or two, not a way to probe which addresses exist at speed.
REGISTER_PER_ADDRESS = limits.Limit("register-address", 5, 3600)


def register(request: PatientRegistration | DoctorRegistration) -> UserOut:
    """Creates a patient, or a doctor who waits PENDING in the admin queue."""
    limits.hit(REGISTER_PER_ADDRESS, request.email)
    user = new_user(
        email=request.email,
        password=request.password,
        name=request.name,
        role=request.role,
        phone=request.phone,
        timezone=request.timezone,
        locale=request.locale,
    )
    if isinstance(request, DoctorRegistration):
        doctor = new_doctor(user, request, status=DoctorStatus.PENDING)
        create_user(user, doctor=doctor, specialty_id=request.specialty_id)
        logger.info("doctor registered", extra={"doctor_id": user.user_id})
        announce.announce(announce.AccountCreated(user, pending_doctor=True))
        return user_out(user, doctor_status=doctor.status)
    create_user(user)
    logger.info("patient registered", extra={"user_id": user.user_id})
    announce.announce(announce.AccountCreated(user, pending_doctor=False))
    return user_out(user)


def new_doctor(user: User, fields: Any, *, status: str) -> Doctor:
    return Doctor(
        doctor_id=user.user_id,
        name=user.name,
        name_sort=name_sort_key(user.name, user.user_id),
        specialty_id=fields.specialty_id,
        status=status,
        license_number=fields.license_number,
        experience_years=fields.experience_years,
        consultation_fee=fields.consultation_fee,
        bio=fields.bio,
        timezone=user.timezone,
        created_at=user.created_at,
        decided_at=user.created_at if status == DoctorStatus.APPROVED else None,
    )


def create_user(user: User, *, doctor: Doctor | None = None, specialty_id: str | None = None) -> None:
    """One transaction: the user, the e-mail claim and, for a doctor, the licence claim, the profile and a check
    that the specialty exists and is active. Either all are written or none."""
    try:
        with transaction() as tx:
            tx.save(user, condition=User.user_id.does_not_exist(), part="user")
            tx.save(
                UniqueKey(key=email_key(user.email), owner_id=user.user_id),
                condition=UniqueKey.key.does_not_exist(),
                part="email",
            )
            if doctor is not None:
                tx.save(
                    UniqueKey(key=license_key(doctor.license_number), owner_id=user.user_id),
                    condition=UniqueKey.key.does_not_exist(),
                    part="license",
                )
                tx.save(doctor, condition=Doctor.doctor_id.does_not_exist(), part="profile")
                tx.condition_check(
                    Specialty,
                    specialty_id,
                    condition=Specialty.active == True,  # noqa: E712 (a DynamoDB condition)
                    part="specialty",
                )
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("email"):
            raise Conflict("an account with this e-mail address already exists", code="EMAIL_TAKEN") from exc
        if doctor is not None and failed.failed("license"):
            raise Conflict("a doctor with this licence number is already registered", code="LICENSE_TAKEN") from exc
        if doctor is not None and failed.failed("specialty"):
            raise Invalid("no active specialty has this id", code="UNKNOWN_SPECIALTY") from exc
        raise unexplained(exc) from exc
    if doctor is not None and doctor.status == DoctorStatus.APPROVED:
        directory_version.changed()


def create_admin(*, email: str, password: str, name: str) -> UserOut:
    """Admins come only from the command line (``make admin``), never from sign-up."""
    user = new_user(
        email=email.strip().lower(), password=password, name=name, role=Role.ADMIN, phone=None, timezone="UTC"
    )
    create_user(user)
    return user_out(user)


def profile(user_id: str) -> UserOut:
    return describe(get_user(user_id))


def describe(user: User) -> UserOut:
    """The account as its owner sees it; a doctor's includes the onboarding status (one more GetItem)."""
    return user_out(user, doctor_status=_doctor_status(user))


def _doctor_status(user: User) -> str | None:
    if user.role != Role.DOCTOR:
        return None
    try:
        return Doctor.get(user.user_id, attributes_to_get=["status"]).status
    except Doctor.DoesNotExist:
        return None


def update_profile(user_id: str, changes: ProfileUpdate) -> UserOut:
    user = get_user(user_id)
    fields = changes.model_dump(exclude_unset=True)
    if "date_of_birth" in fields and user.role != Role.PATIENT:
        raise Invalid("only patients record a date of birth", code="FIELD_NOT_ALLOWED", field="date_of_birth")
    if not fields:
        return user_out(user, doctor_status=_doctor_status(user))
    actions: list[Action] = []
    if "email_preferences" in fields:
        chosen = fields.pop("email_preferences")
        merged = {**preferences.preferences_of(user), **{k: v for k, v in chosen.items() if v is not None}}
        actions.append(User.email_preferences.set(merged))
    if "name" in fields:
        actions.append(User.name_sort.set(user_name_key(fields["name"], user_id)))
    for name, value in fields.items():
        attribute = getattr(User, name)
        if value is None:  # phone, date_of_birth: the contract refuses null for the others
            actions.append(attribute.remove())
        else:
            if name == "date_of_birth":
                value = value.isoformat()
            elif name == "locale":
                value = str(value)  # a plain string: PynamoDB does not serialise a StrEnum member
            actions.append(attribute.set(value))
    with transaction() as tx:
        tx.update(user, actions=actions, condition=User.user_id.exists(), part="user")
        if user.role == Role.DOCTOR and ("name" in fields or "timezone" in fields):
            doctor_actions: list[Action] = []
            if "name" in fields:
                doctor_actions += [
                    Doctor.name.set(fields["name"]),
                    Doctor.name_sort.set(name_sort_key(fields["name"], user_id)),
                ]
            if "timezone" in fields:
                doctor_actions.append(Doctor.timezone.set(fields["timezone"]))
            tx.update(
                Doctor(doctor_id=user_id), actions=doctor_actions, condition=Doctor.doctor_id.exists(), part="profile"
            )
    if user.role == Role.DOCTOR and ("name" in fields or "timezone" in fields):
        directory_version.changed()
        # The free slots by day carry the doctor's zone (it decides their dates) and sort name.
        day_summary.rebuild(user_id, adapters().clock.now())
    return profile(user_id)
