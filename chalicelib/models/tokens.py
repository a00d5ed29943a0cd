from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import Model, table_meta

REFRESH = "refresh"
FAMILY = "family"
PASSWORD_RESET = "password-reset"


class TokensByUser(GlobalSecondaryIndex["Token"]):
    Meta = table_meta("tokens", index_name="user-index", projection=AllProjection())
    user_id = UnicodeAttribute(hash_key=True)


class Token(Model):
    """A single-use secret, stored only as its SHA-256.

    ``kind`` is ``refresh`` (rotated on use, belongs to a ``family``), ``family`` (one per login: revoking it ends
    every refresh token of that login; key ``family#<id>``) or ``password-reset``.
    """

    Meta = table_meta("tokens")
    token_hash = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    user_id = UnicodeAttribute()
    family = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()
    used_at = NumberAttribute(null=True)
    revoked_at = NumberAttribute(null=True)
    by_user = TokensByUser()


def family_key(family: str) -> str:
    return f"family#{family}"
