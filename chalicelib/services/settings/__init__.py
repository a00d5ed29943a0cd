"""Platform settings: the one place every rule reads its numbers from (booking notice and window, patients' cancel
notice, holds, waitlist offers, the care relationship, the default currency, the emergency number, the reminders'
leads). ``current()`` answers the settings in force: the environment's values (chalicelib/config.py) overridden by
what admins saved in DynamoDB, cached per process for at most ``CACHE_SECONDS`` on the injectable clock. Admins
read and change them (``admin_view``, ``change``), audited with the old and new values.

Adding a setting: one line in ``contracts.platform_settings.PlatformSettings``; read it as
``settings.current().<name>``.
"""

from chalicelib.services.settings.store import CACHE_SECONDS, admin_view, booking_window, change, current, forget

__all__ = ["CACHE_SECONDS", "admin_view", "booking_window", "change", "current", "forget"]
