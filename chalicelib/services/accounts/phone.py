"""A patient's phone number for SMS reminders, confirmed with a 6-digit code sent to it.

The code is kept as an HMAC (keyed from the JWT secret, bound to the account and the number), valid 10 minutes,
for 5 tries; a newer code replaces the older. Every try is counted before it is checked, by one conditional
update (ADD, while the code exists, is live and has tries left), so parallel guesses cannot share a try; the
number becomes confirmed by a second update conditioned on the very code checked, so a newer code sent meanwhile
wins. Codes per account are rate-limited (``core.limits``). ``sms_reminders`` may only be on with a confirmed
number, and goes off with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

import phonenumbers
from pynamodb.exceptions import UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.contracts.phone import PhoneOut
from chalicelib.errors import Conflict, Invalid, RuleViolation, TooManyRequests
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.accounts.users import get_user
from chalicelib.services.core import announce
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.core.limits import Limit, hit

CODE_MINUTES = 10
MAX_TRIES = 5
CODES_PER_HOUR = Limit("sms-code", attempts=5, seconds=3600)


def e164(raw: str) -> str:
    """The number in E.164, or 400 ``INVALID_PHONE``: it must carry its country code and be a valid number."""
    try:
        number = phonenumbers.parse(raw.strip(), None)
    except phonenumbers.NumberParseException as exc:
        raise Invalid(
            "give the number with its country code, e.g. +49 151 ...", code="INVALID_PHONE", field="phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise Invalid("this is not a valid phone number", code="INVALID_PHONE", field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _digest(user_id: str, phone: str, code: str) -> str:
    key = hashlib.sha256(b"docspot-sms-code:" + jwt_secret().encode()).digest()
    return hmac.new(key, f"{user_id}:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def phone_out(user: User) -> PhoneOut:
    pending = user.sms_pending_phone if user.sms_code_hash else None
    expires = user.sms_code_expires if pending else None
    return PhoneOut(
        phone=user.sms_phone,
        pending_phone=pending,
        code_expires_at=datetime.fromtimestamp(expires, UTC) if expires else None,
        sms_reminders=bool(user.sms_phone and user.sms_reminders),
    )


def reminder_number(user: User) -> str | None:
    """Where SMS reminders go: the confirmed number, if the patient switched them on."""
    return user.sms_phone if user.sms_phone and user.sms_reminders else None


def settings(user_id: str) -> PhoneOut:
    return phone_out(get_user(user_id))


def request_code(user_id: str, raw_phone: str) -> PhoneOut:
    """Sends a new code to ``raw_phone`` (replacing any code before it); the confirmed number stays until the new
    one is confirmed."""
    phone = e164(raw_phone)
    user = get_user(user_id)
    hit(CODES_PER_HOUR, f"user:{user_id}")
    code = f"{secrets.randbelow(10**6):06d}"
    expires = adapters().clock.now() + timedelta(minutes=CODE_MINUTES)
    user.update(
        actions=[
            User.sms_pending_phone.set(phone),
            User.sms_code_hash.set(_digest(user_id, phone, code)),
            User.sms_code_expires.set(int(expires.timestamp())),
            User.sms_code_tries.set(0),
        ],
        condition=User.user_id.exists(),
    )
    announce.announce(announce.PhoneCodeRequested(user, phone, code, CODE_MINUTES))
    logger.info("phone confirmation code sent", extra={"user_id": user_id})
    return phone_out(user)


def _why_refused(user_id: str) -> Exception:
    """Which condition refused a try (read after the refusal, for the answer only)."""
    user = get_user(user_id)
    if not user.sms_code_hash:
        return Conflict("no code is waiting: ask for one first", code="NO_CODE_PENDING")
    if int(user.sms_code_tries or 0) >= MAX_TRIES:
        return TooManyRequests("too many wrong codes: ask for a new one", code="TOO_MANY_TRIES")
    return RuleViolation("the code has expired: ask for a new one", code="CODE_EXPIRED")


def confirm(user_id: str, code: str) -> PhoneOut:
    now = int(adapters().clock.now().timestamp())
    user = User(user_id=user_id)
    try:
        user.update(
            actions=[User.sms_code_tries.add(1)],
            condition=User.sms_code_hash.exists() & (User.sms_code_tries < MAX_TRIES) & (User.sms_code_expires > now),
        )
    except UpdateError as exc:
        if condition_failed(exc):
            raise _why_refused(user_id) from exc
        raise
    checked = user.sms_code_hash or ""
    if not hmac.compare_digest(_digest(user_id, user.sms_pending_phone or "", code), checked):
        left = MAX_TRIES - int(user.sms_code_tries or 0)
        raise RuleViolation(f"this is not the code we sent ({left} tries left)", code="CODE_INCORRECT")
    try:
        user.update(
            actions=[
                User.sms_phone.set(user.sms_pending_phone),
                User.sms_pending_phone.remove(),
                User.sms_code_hash.remove(),
                User.sms_code_expires.remove(),
                User.sms_code_tries.remove(),
            ],
            condition=User.sms_code_hash == checked,
        )
    except UpdateError as exc:
        if condition_failed(exc):
            raise RuleViolation("a newer code was sent: use that one", code="CODE_EXPIRED") from exc
        raise
    logger.info("phone confirmed", extra={"user_id": user_id})
    return phone_out(user)


def set_reminders(user_id: str, enabled: bool) -> PhoneOut:
    """Switches SMS reminders; on only while a number is confirmed (the condition decides, not a read)."""
    user = User(user_id=user_id)
    condition = User.sms_phone.exists() if enabled else User.user_id.exists()
    try:
        user.update(actions=[User.sms_reminders.set(enabled)], condition=condition)
    except UpdateError as exc:
        if condition_failed(exc):
            raise Conflict("confirm a phone number first", code="PHONE_NOT_CONFIRMED") from exc
        raise
    return phone_out(user)


def remove(user_id: str) -> None:
    """Forgets the number (confirmed and pending) and switches SMS reminders off."""
    User(user_id=user_id).update(
        actions=[
            User.sms_phone.remove(),
            User.sms_reminders.remove(),
            User.sms_pending_phone.remove(),
            User.sms_code_hash.remove(),
            User.sms_code_expires.remove(),
            User.sms_code_tries.remove(),
        ],
        condition=User.user_id.exists(),
    )
