from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.models.base import Model, table_meta


class PlatformSettingsItem(Model):
    """The platform settings admins changed, as one item (``key = "platform"``, a GetItem): ``values`` is a JSON
    object of the changed settings only; the others keep their environment defaults. ``version`` orders writes."""

    Meta = table_meta("platform_settings")
    key = UnicodeAttribute(hash_key=True)
    values = UnicodeAttribute(default="{}")
    version = NumberAttribute(default=0)
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
