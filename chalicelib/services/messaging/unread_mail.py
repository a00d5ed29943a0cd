"""The unread-mail rule: a message left unread for 15 minutes gets its recipient one mail "new message from Dr X"
(never the text), at most one per conversation and recipient an hour, unless they switched ``messages`` mail off.

Sending a message sets, on the recipient's party item, ``mail_due_at`` (if not set already: the first unread
message counts) and ``mail_due``, which put the item in the sparse ``mail-due-index``; reading up to the last
message removes both. A schedule every minute (``run``) Queries the index for what is due (never a scan) and claims
each item with a conditional update on the ``mail_due_at`` it read: only one run can win it, however runs overlap,
so the mail goes exactly once. A recipient mailed less than an hour ago keeps the item, due again an hour after
that mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.registry import adapters
from chalicelib.models.conversations import MAIL_DUE, ConversationItem
from chalicelib.services.core.dynamo import condition_failed
from chalicelib.services.core.people import users
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.mail import notices

AT_MOST_EVERY = timedelta(hours=1)


@dataclass
class RunReport:
    due: int = 0
    mailed: int = 0
    deferred: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"due": self.due, "mailed": self.mailed, "deferred": self.deferred}


def run() -> RunReport:
    now = adapters().clock.now()
    report = RunReport()
    for key in ConversationItem.mail_due_index.query(MAIL_DUE, ConversationItem.mail_due_at <= iso(now)):
        report.due += 1
        _settle(key.conversation_id, key.item, now, report)
    return report


def _settle(conversation_id: str, item: str, now: datetime, report: RunReport) -> None:
    try:
        party = ConversationItem.get(conversation_id, item, consistent_read=True)
    except ConversationItem.DoesNotExist:
        return
    seen = party.mail_due_at
    if seen is None or parse_iso(seen) > now:
        return
    if party.mailed_at is not None and parse_iso(party.mailed_at) + AT_MOST_EVERY > now:
        _update(party, [ConversationItem.mail_due_at.set(iso(parse_iso(party.mailed_at) + AT_MOST_EVERY))], seen)
        report.deferred += 1
        return
    claimed = _update(
        party,
        [
            ConversationItem.mailed_at.set(iso(now)),
            ConversationItem.mail_due.remove(),
            ConversationItem.mail_due_at.remove(),
        ],
        seen,
    )
    if not claimed:
        return
    recipient = users([party.party_id or ""]).get(party.party_id or "")
    if recipient is not None and notices.new_message(recipient, party.other_name or "", conversation_id):
        report.mailed += 1


def _update(party: ConversationItem, actions: list, seen: str) -> bool:  # type: ignore[type-arg]
    try:
        party.update(actions=actions, condition=ConversationItem.mail_due_at == seen)
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True
