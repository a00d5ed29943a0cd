"""Login, refresh-token rotation and logout.

Each login starts a token *family* (an item ``family#<id>``). Every refresh spends the presented token and
issues its successor in one transaction that also checks the family is not revoked. Presenting a spent token
again means it was copied: the whole family is revoked, so the thief and the owner both have to log in again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.adapters.secrets import jwt_secret
from chalicelib.config import get_settings
from chalicelib.contracts.accounts import TokenPair
from chalicelib.errors import Forbidden, TooManyRequests, Unauthorized
from chalicelib.models.tokens import FAMILY, REFRESH, Token, family_key
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.accounts import _passwords as passwords
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.accounts.users import describe, find_by_email, get_user
from chalicelib.services.core import limits
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import condition_failed, transaction
from chalicelib.vocabulary import AccountStatus

BAD_CREDENTIALS = Unauthorized("the e-mail address or the password is wrong", code="INVALID_CREDENTIALS")


def _now_ts() -> int:
    return int(adapters().clock.now().timestamp())


def login_lockout() -> limits.Lockout:
    settings = get_settings()
    return limits.Lockout("login", settings.login_max_failures, settings.login_lock_seconds)


def login(email: str, password: str) -> TokenPair:
    """The same answers, in the same time, for an unknown address as for a known one, the lock-out included:
    failed log-ins are counted per address (``core.limits``), whether or not an account uses it, so neither the
    answer nor the lock-out tells which addresses have accounts. Each attempt reads the lock-out, looks the address
    up and checks a password (the real hash or a dummy one of the same cost); each failure writes the count."""
    lockout = login_lockout()
    locked, failures_on_record = limits.locked_for(lockout, email)
    if locked:
        raise TooManyRequests(
            "too many failed log-ins: try again later or reset your password", code="ACCOUNT_LOCKED", retry_after=locked
        )
    user = find_by_email(email)
    valid = passwords.verify_password(password, user.password_hash if user else passwords.dummy_hash())
    if user is None or not valid:
        limits.failed(lockout, email)
        subject = f"user#{user.user_id}" if user else f"email#{email.strip().lower()}"
        audit.record(entity=subject, actor=user.user_id if user else "anonymous", action="session.sign_in_failed")
        raise BAD_CREDENTIALS
    if user.status != AccountStatus.ACTIVE:
        audit.record(
            entity=f"user#{user.user_id}",
            actor=user.user_id,
            action="session.sign_in_failed",
            detail={"why": "disabled"},
        )
        raise Forbidden("this account is disabled", code="ACCOUNT_DISABLED")
    if failures_on_record:
        limits.cleared(lockout, email)
    logger.info("login", extra={"user_id": user.user_id})
    audit.record(entity=f"user#{user.user_id}", actor=user.user_id, action="session.signed_in")
    return _start_family(user)


def _pair(user: User, family: str) -> tuple[TokenPair, Token]:
    settings = get_settings()
    key, now = jwt_secret(), adapters().clock.now()
    access, _ = tokens.issue(
        key=key,
        sub=user.user_id,
        role=user.role,
        typ=tokens.ACCESS,
        now=now,
        lifetime_seconds=settings.access_token_seconds,
    )
    refresh, claims = tokens.issue(
        key=key,
        sub=user.user_id,
        role=user.role,
        typ=tokens.REFRESH,
        now=now,
        lifetime_seconds=settings.refresh_token_seconds,
        family=family,
    )
    record = Token(
        token_hash=tokens.digest(refresh),
        kind=REFRESH,
        user_id=user.user_id,
        family=family,
        expires_at=datetime.fromtimestamp(claims.exp, UTC),
    )
    pair = TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.access_token_seconds,
        user=describe(user),
    )
    return pair, record


def start_session(user: User) -> TokenPair:
    """A new login for ``user`` once they proved who they are (a password, a mailed code): a token family and its
    first pair."""
    return _start_family(user)


def _start_family(user: User) -> TokenPair:
    family = tokens.new_secret()
    pair, record = _pair(user, family)
    family_item = Token(
        token_hash=family_key(family), kind=FAMILY, user_id=user.user_id, family=family, expires_at=record.expires_at
    )
    with transaction() as tx:
        tx.save(family_item, condition=Token.token_hash.does_not_exist(), part="family")
        tx.save(record, condition=Token.token_hash.does_not_exist(), part="refresh")
    return pair


def _refresh_claims(refresh_token: str) -> tokens.Claims:
    claims = tokens.verify(refresh_token, key=jwt_secret(), typ=tokens.REFRESH, now=adapters().clock.now())
    if claims.family is None:
        raise Unauthorized("the token is not valid", code="INVALID_TOKEN")
    return claims


def refresh(refresh_token: str) -> TokenPair:
    claims = _refresh_claims(refresh_token)
    assert claims.family is not None
    user = get_user(claims.sub)
    if user.status != AccountStatus.ACTIVE:
        raise Forbidden("this account is disabled", code="ACCOUNT_DISABLED")
    pair, successor = _pair(user, claims.family)
    spent = Token(token_hash=tokens.digest(refresh_token))
    now = adapters().clock.now()
    try:
        with transaction() as tx:
            # The family must be live; the presented token must exist, be unspent and unexpired. The database
            # decides, so two concurrent refreshes with one token cannot both succeed.
            tx.condition_check(
                Token, family_key(claims.family), condition=Token.revoked_at.does_not_exist(), part="family"
            )
            tx.update(
                spent,
                actions=[Token.used_at.set(int(now.timestamp()))],
                condition=Token.token_hash.exists() & Token.used_at.does_not_exist() & (Token.expires_at > now),
                part="spent",
            )
            tx.save(successor, condition=Token.token_hash.does_not_exist(), part="successor")
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if failed.failed("spent") and not failed.failed("family") and _was_spent(spent.token_hash):
            revoke_family(claims.family)
            logger.warning("refresh token reused: family revoked", extra={"user_id": claims.sub})
            raise Unauthorized("this refresh token was already used; log in again", code="TOKEN_REUSED") from exc
        raise Unauthorized("the session has ended; log in again", code="SESSION_ENDED") from exc
    return pair


def _was_spent(token_hash: str) -> bool:
    try:
        return Token.get(token_hash, consistent_read=True).used_at is not None
    except DoesNotExist:
        return False


def revoke_family(family: str) -> None:
    try:
        Token(token_hash=family_key(family)).update(
            actions=[Token.revoked_at.set(_now_ts())], condition=Token.token_hash.exists()
        )
    except UpdateError as exc:
        if not condition_failed(exc):
            raise
        # A family that no longer exists (expired and deleted) is as good as revoked.


def logout(principal: Principal, refresh_token: str) -> None:
    try:
        claims = _refresh_claims(refresh_token)
    except Unauthorized as exc:
        if exc.code == "TOKEN_EXPIRED":
            return
        raise
    if claims.sub != principal.user_id:
        raise Forbidden("this refresh token belongs to someone else", code="NOT_OWNER")
    assert claims.family is not None
    revoke_family(claims.family)


def revoke_all(user_id: str) -> int:
    """Ends every session of a user (after a password reset). Returns how many families were revoked."""
    families = [
        t.family
        for t in Token.by_user.query(
            user_id, filter_condition=(Token.kind == FAMILY) & Token.revoked_at.does_not_exist()
        )
        if t.family
    ]
    for family in families:
        revoke_family(family)
    return len(families)
