"""Which e-mails a user may switch off, and which always go.

Always sent (essential):
- security: the password-reset link (and any future account-change notice);
- account: welcome, a doctor's approval or rejection: they answer something the user just did or is waiting for;
- calendar: the patient's booking confirmation with its ``invite.ics`` and every update of that invite (moved,
  cancelled). Once an event sits in someone's calendar, a missed update leaves it wrong: the patient would turn up
  at the old time or for a cancelled visit. So the invite thread is essential, whoever made the change.

Optional, each on by default: ``appointment_updates`` (a doctor's confirmation to the patient; a doctor's notices
of bookings, moves and cancellations, which the feed also shows), ``reminders`` (24 h and 1 h before) and
``waitlist`` (a held slot; the feed also shows it) and ``messages`` (a message left unread for 15 minutes,
without its text; services/messaging). ``email_opt_out`` is the master switch for all optional mail.
"""

from __future__ import annotations

from chalicelib.models.users import User

SECURITY = "security"
ACCOUNT = "account"
CALENDAR = "calendar"
APPOINTMENT_UPDATES = "appointment_updates"
REMINDERS = "reminders"
WAITLIST = "waitlist"
MESSAGES = "messages"

ESSENTIAL = frozenset({SECURITY, ACCOUNT, CALENDAR})
OPTIONAL = (APPOINTMENT_UPDATES, REMINDERS, WAITLIST, MESSAGES)


def preferences_of(user: User) -> dict[str, bool]:
    stored = user.email_preferences
    return {name: stored is None or getattr(stored, name) is not False for name in OPTIONAL}


def wants(user: User, category: str) -> bool:
    """Whether ``user`` gets mail of ``category``: essential mail always; optional mail unless switched off."""
    if category in ESSENTIAL:
        return True
    if category not in OPTIONAL:
        raise ValueError(f"unknown mail category {category!r}")
    return not user.email_opt_out and preferences_of(user)[category]
