"""Doctor-patient conversations (docs/architecture.md, "Conversations"): one table, KMS-encrypted with the
customer-managed key like every table of the template (messages are health data).

One partition per conversation (``conversation_id``), four kinds of item:

- ``item = "party#{user_id}"``: one per party (two per conversation), written together with
  ``attribute_not_exists`` when the conversation opens, so a pair never gets two. Each carries what that party's
  list shows: the other party (id, name, role), the last message, the party's ``unread`` count and read mark
  (``read_up_to``), and ``last_at`` for ``party-index`` (the party's conversations, most recent first). While the
  party has unread messages not yet mailed about, ``mail_due`` / ``mail_due_at`` put the item in the sparse
  ``mail-due-index`` the unread-mail schedule reads.
- ``item = "msg#{message_id}"``: a message. Message ids start with the sending instant in milliseconds, so the
  partition's order is the conversation's order.
- ``item = "cmid#{sender_id}#{client_message_id}"``: the message a client's id named first, written in the
  message's own transaction with ``attribute_not_exists``: a repeated ``client_message_id`` finds it, never writes
  a second message.
"""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.models.base import Model, table_meta

MAIL_DUE = "due"


class LastMessage(MapAttribute[str, str]):
    message_id = UnicodeAttribute()
    body = UnicodeAttribute()
    sent_at = UnicodeAttribute()
    sender_id = UnicodeAttribute()


class ConversationsByParty(GlobalSecondaryIndex["ConversationItem"]):
    """A party's conversations, most recent activity first (``last_at`` is an ISO instant)."""

    Meta = table_meta("conversations", index_name="party-index", projection=AllProjection())
    party_id = UnicodeAttribute(hash_key=True)
    last_at = UnicodeAttribute(range_key=True)


class UnreadMailDue(GlobalSecondaryIndex["ConversationItem"]):
    """Sparse: only party items with unread messages not yet mailed about, by when the mail is due."""

    Meta = table_meta("conversations", index_name="mail-due-index", projection=KeysOnlyProjection())
    mail_due = UnicodeAttribute(hash_key=True)
    mail_due_at = UnicodeAttribute(range_key=True)


class ConversationItem(Model):
    Meta = table_meta("conversations")
    conversation_id = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True)
    # Party items
    party_id = UnicodeAttribute(null=True)
    other_id = UnicodeAttribute(null=True)
    other_name = UnicodeAttribute(null=True)
    other_role = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute(null=True)
    last_at = UnicodeAttribute(null=True)
    last_message = LastMessage(null=True)
    unread = NumberAttribute(null=True)
    read_up_to = UnicodeAttribute(null=True)
    mail_due = UnicodeAttribute(null=True)
    mail_due_at = UnicodeAttribute(null=True)
    mailed_at = UnicodeAttribute(null=True)
    # Messages
    message_id = UnicodeAttribute(null=True)
    sender_id = UnicodeAttribute(null=True)
    body = UnicodeAttribute(null=True)
    sent_at = UnicodeAttribute(null=True)
    client_message_id = UnicodeAttribute(null=True)
    by_party = ConversationsByParty()
    mail_due_index = UnreadMailDue()


def last_message(message_id: str, body: str, sent_at: str, sender_id: str) -> LastMessage:
    return LastMessage(message_id=message_id, body=body, sent_at=sent_at, sender_id=sender_id)


def party_item(user_id: str) -> str:
    return f"party#{user_id}"


def message_item(message_id: str) -> str:
    return f"msg#{message_id}"


def client_id_item(sender_id: str, client_message_id: str) -> str:
    return f"cmid#{sender_id}#{client_message_id}"
