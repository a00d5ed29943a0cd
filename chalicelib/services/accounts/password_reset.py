"""Password reset by e-mail with a single-use token that expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.errors import Invalid
from chalicelib.models.tokens import PASSWORD_RESET, Token
from chalicelib.models.users import User
from chalicelib.observability import logger
from chalicelib.services.accounts import _passwords as passwords
from chalicelib.services.accounts import _tokens as tokens
from chalicelib.services.accounts import sessions
from chalicelib.services.accounts.users import find_by_email, get_user
from chalicelib.services.core import announce, limits
from chalicelib.services.core.dynamo import transaction
from chalicelib.vocabulary import AccountStatus

INVALID_TOKEN = "this reset link is not valid or has already been used; ask for a new one"


# Reset links one address may ask for: enough for a lost mail or two, too few to flood a mailbox.
RESET_PER_ADDRESS = limits.Limit("reset-address", 3, 3600)


def request_reset(email: str) -> None:
    """Always succeeds from the caller's view, so it cannot be used to learn which addresses have accounts; the
    per-address limit counts unknown addresses too (429 ``RATE_LIMITED`` alike)."""
    limits.hit(RESET_PER_ADDRESS, email)
    user = find_by_email(email)
    if user is None or user.status != AccountStatus.ACTIVE:
        return
    settings = get_settings()
    secret = tokens.new_secret()
    expires = adapters().clock.now() + timedelta(seconds=settings.reset_token_seconds)
    Token(
        token_hash=tokens.digest(secret),
        kind=PASSWORD_RESET,
        user_id=user.user_id,
        expires_at=expires,
    ).save(condition=Token.token_hash.does_not_exist())
    announce.announce(announce.PasswordResetRequested(user, secret, expires, settings.reset_token_seconds // 60))
    logger.info("password reset requested", extra={"user_id": user.user_id})


def _spend_other_reset_links(user_id: str, now: datetime) -> None:
    """Older reset links stop working once the password has been changed through one of them."""
    pending = Token.by_user.query(
        user_id, filter_condition=(Token.kind == PASSWORD_RESET) & Token.used_at.does_not_exist()
    )
    for token in pending:
        token.update(actions=[Token.used_at.set(int(now.timestamp()))])


def confirm_reset(secret: str, new_password: str) -> None:
    token_hash = tokens.digest(secret)
    try:
        token = Token.get(token_hash, consistent_read=True)
    except Token.DoesNotExist as exc:
        raise Invalid(INVALID_TOKEN, code="INVALID_RESET_TOKEN") from exc
    if token.kind != PASSWORD_RESET:
        raise Invalid(INVALID_TOKEN, code="INVALID_RESET_TOKEN")
    now = adapters().clock.now()
    try:
        with transaction() as tx:
            tx.update(
                token,
                actions=[Token.used_at.set(int(now.timestamp()))],
                condition=Token.used_at.does_not_exist() & (Token.expires_at > now) & (Token.kind == PASSWORD_RESET),
                part="token",
            )
            tx.update(
                User(user_id=token.user_id),
                actions=[User.password_hash.set(passwords.hash_password(new_password))],
                condition=User.user_id.exists(),
                part="user",
            )
    except TransactWriteError as exc:
        raise Invalid(INVALID_TOKEN, code="INVALID_RESET_TOKEN") from exc
    sessions.revoke_all(token.user_id)
    _spend_other_reset_links(token.user_id, now)
    limits.cleared(sessions.login_lockout(), get_user(token.user_id).email)
    logger.info("password reset", extra={"user_id": token.user_id})
