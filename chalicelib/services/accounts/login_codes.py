"""Signing in with a 6-digit code mailed to the address, instead of the password.

Asking for a code answers the same, after the same work, whether or not an account uses the address: a code is
drawn, hashed and stored under the address's keyed digest either way (``unique_keys``, ``logincode#``), and only a
known, active account's code is mailed. The stored item is the one live code of the address: asking again
replaces it, so an older code stops working. A code is kept only as a keyed hash, works once, for 10 minutes, and
for at most 5 tries: each try first counts itself (one conditional UpdateItem that refuses from the sixth on, or
once the code expired), then compares; the right code is spent by a delete on condition of its hash, so two
sign-ins with one code cannot both succeed. Failed tries also count towards a lock-out per address, as failed
log-ins do. The code is never logged and never in an answer."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.contracts.accounts import TokenPair
from chalicelib.errors import Forbidden, TooManyRequests, Unauthorized
from chalicelib.models.unique_keys import UniqueKey, login_code_key
from chalicelib.observability import logger
from chalicelib.services.accounts import sessions
from chalicelib.services.accounts.users import find_by_email, get_user
from chalicelib.services.core import announce, limits
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.vocabulary import AccountStatus

CODE_SECONDS = 10 * 60
MAX_TRIES = 5
# Codes one address may ask for in an hour (unknown addresses count alike).
CODE_PER_ADDRESS = limits.Limit("code-address", 5, 3600)
# Failed tries in a row that lock the address's code sign-in for 15 minutes, across its codes.
CODE_LOCKOUT = limits.Lockout("code", 10, 15 * 60)
NOBODY = "-"

BAD_CODE = Unauthorized("the code is wrong, expired or already used; ask for a new one", code="INVALID_CODE")


def _hash(subject: str, code: str) -> str:
    """A keyed hash: without the server's secret, the stored hash cannot be tried against the million codes."""
    key = hashlib.sha256(b"docspot-login-code:" + jwt_secret().encode()).digest()
    return hmac.new(key, f"{subject}:{code}".encode(), hashlib.sha256).hexdigest()


def request_code(email: str) -> None:
    """Mails a code to a known, active account; for any other address does the same work and mails nothing."""
    limits.hit(CODE_PER_ADDRESS, email)
    subject = limits.digest(email)
    user = find_by_email(email)
    active = user is not None and user.status == AccountStatus.ACTIVE
    code = f"{secrets.randbelow(10**6):06d}"
    expires = adapters().clock.now() + timedelta(seconds=CODE_SECONDS)
    UniqueKey(
        key=login_code_key(subject),
        owner_id=user.user_id if user is not None and active else NOBODY,
        attempts=0,
        expires_at=expires,
        code_hash=_hash(subject, code),
    ).save()
    if user is not None and active:
        announce.announce(announce.LoginCodeRequested(user, code, expires, CODE_SECONDS // 60))
        logger.info("sign-in code requested", extra={"user_id": user.user_id})


def verify(email: str, code: str) -> TokenPair:
    """The token pair of a log-in for the address's live code; 401 ``INVALID_CODE`` for anything else, the same
    for an unknown address."""
    locked, failures_on_record = limits.locked_for(CODE_LOCKOUT, email)
    if locked:
        raise TooManyRequests("too many wrong codes: try again later", code="ACCOUNT_LOCKED", retry_after=locked)
    subject = limits.digest(email)
    presented = _hash(subject, code)
    now = adapters().clock.now()
    item = UniqueKey(key=login_code_key(subject))
    try:
        # The try counts before the comparison, so racing tries cannot exceed the five between them.
        item.update(
            actions=[UniqueKey.attempts.add(1)],
            condition=UniqueKey.key.exists() & (UniqueKey.attempts < MAX_TRIES) & (UniqueKey.expires_at > now),
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        limits.failed(CODE_LOCKOUT, email)
        raise BAD_CODE from exc
    if item.owner_id == NOBODY or not hmac.compare_digest(item.code_hash or "", presented):
        limits.failed(CODE_LOCKOUT, email)
        raise BAD_CODE
    try:
        # Spent on condition that it is still this code: a newer code, or a racing sign-in that spent it, wins.
        item.delete(condition=UniqueKey.code_hash == presented)
    except DeleteError as exc:
        if not condition_failed(exc):
            raise
        raise BAD_CODE from exc
    user = get_user(item.owner_id)
    if user.status != AccountStatus.ACTIVE:
        raise Forbidden("this account is disabled", code="ACCOUNT_DISABLED")
    if failures_on_record:
        limits.cleared(CODE_LOCKOUT, email)
    logger.info("login", extra={"user_id": user.user_id, "method": "email-code"})
    return sessions.start_session(user)
