"""Conversations and their messages (docs/architecture.md, "Conversations").

One conversation per doctor-patient pair: its id is derived from the pair, and opening writes both party items
with ``attribute_not_exists`` in one transaction, so two racing opens make one conversation (the loser answers
the winner's). Only the two parties read or write it: anyone else, admins included, gets the 404 an unknown id
gets. A repeated ``client_message_id`` finds the first message through the ``cmid#`` item written in that
message's own transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.messaging import (
    ConversationOut,
    LastMessageOut,
    MessageOut,
    MessagePage,
    PartyOut,
    ReadOut,
)
from chalicelib.errors import Forbidden, Invalid, NotFound
from chalicelib.models.conversations import (
    MAIL_DUE,
    ConversationItem,
    client_id_item,
    last_message,
    message_item,
    party_item,
)
from chalicelib.services import settings as platform
from chalicelib.services.core import announce, limits
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    condition_failed,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.core.people import users
from chalicelib.services.core.times import iso, parse_iso
from chalicelib.services.records import care
from chalicelib.vocabulary import Role

MESSAGE = "message"
CONVERSATION_READ = "conversation-read"
UNREAD_MAIL_AFTER = timedelta(minutes=15)
SENDING = limits.Limit("messages", attempts=30, seconds=60)
KEY_SCHEMA = {"conversation_id": "S", "item": "S"}
PARTY_KEY_SCHEMA = {"conversation_id": "S", "item": "S", "party_id": "S", "last_at": "S"}
MSG = "msg#"
MSG_END = "msg$"  # just after every "msg#..." key


class ConversationNotFound(NotFound):
    code = "CONVERSATION_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such conversation")


class MessageNotFound(NotFound):
    code = "MESSAGE_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such message in this conversation")


class NoCareRelationship(Forbidden):
    code = "NO_CARE_RELATIONSHIP"

    def __init__(self) -> None:
        months = platform.current().care_relationship_months
        super().__init__(
            "you have no appointment together that is upcoming or ended within the last "
            f"{months} months, so you cannot open a conversation"
        )


@dataclass(frozen=True)
class Opened:
    conversation: ConversationOut
    created: bool


def conversation_id_for(doctor_id: str, patient_id: str) -> str:
    """The pair's one conversation id: a digest of the pair, so both sides and every race name the same one."""
    return hashlib.sha256(f"docspot-conversation:{doctor_id}:{patient_id}".encode()).hexdigest()[:32]


def new_message_id(now: datetime) -> str:
    """Sortable by time: milliseconds since the epoch, then a nonce."""
    return f"{int(now.timestamp() * 1000):013d}{secrets.token_hex(6)}"


# --- opening ----------------------------------------------------------------------------------------------------


def open_conversation(principal: Principal, *, doctor_id: str | None, patient_id: str | None) -> Opened:
    """``POST /conversations``: the caller's conversation with the other party, opened on a care relationship
    (403 ``NO_CARE_RELATIONSHIP`` without one) or the existing one (``created`` False)."""
    doctor: str | None
    patient: str | None
    if principal.role == Role.PATIENT:
        doctor, patient = doctor_id, principal.user_id
    else:
        doctor, patient = principal.user_id, patient_id
    if not doctor or not patient:
        raise NoCareRelationship()
    conversation_id = conversation_id_for(doctor, patient)
    existing = _party(conversation_id, principal.user_id)
    if existing is not None:
        return Opened(_conversation_out(existing, _other_read_mark(conversation_id, principal.user_id)), False)
    if not care.cares_for(doctor, patient):
        raise NoCareRelationship()
    conversation_id, created = open_between(doctor, patient)
    mine = _party(conversation_id, principal.user_id)
    assert mine is not None
    return Opened(_conversation_out(mine, None), created)


def open_between(doctor_id: str, patient_id: str) -> tuple[str, bool]:
    """Opens (or finds) the pair's conversation without asking why: the caller has decided they may talk (a care
    relationship, a claimed urgent request). One transaction of the two party items; (id, whether it is new)."""
    conversation_id = conversation_id_for(doctor_id, patient_id)
    people = users([doctor_id, patient_id])
    now = iso(adapters().clock.now())
    tx = transaction()
    try:
        with tx:
            for me, other, role in ((doctor_id, patient_id, Role.PATIENT), (patient_id, doctor_id, Role.DOCTOR)):
                tx.save(
                    ConversationItem(
                        conversation_id=conversation_id,
                        item=party_item(me),
                        party_id=me,
                        other_id=other,
                        other_name=people[other].name if other in people else "",
                        other_role=str(role),
                        created_at=now,
                        last_at=now,
                        unread=0,
                    ),
                    condition=ConversationItem.item.does_not_exist(),
                    part=f"party-{role}",
                )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed_parts():
            return conversation_id, False
        raise unexplained(exc) from exc
    return conversation_id, True


# --- reading ----------------------------------------------------------------------------------------------------


def _party(conversation_id: str, user_id: str) -> ConversationItem | None:
    try:
        return ConversationItem.get(conversation_id, party_item(user_id), consistent_read=True)
    except ConversationItem.DoesNotExist:
        return None


def require_party(principal: Principal, conversation_id: str) -> ConversationItem:
    """The caller's party item, or 404 ``CONVERSATION_NOT_FOUND`` for anyone who is not a party (admins too)."""
    mine = _party(conversation_id, principal.user_id) if len(conversation_id) <= 64 else None
    if mine is None:
        raise ConversationNotFound()
    return mine


def _other_read_mark(conversation_id: str, user_id: str) -> str | None:
    mine = _party(conversation_id, user_id)
    if mine is None or mine.other_id is None:
        return None
    other = _party(conversation_id, mine.other_id)
    return other.read_up_to if other is not None else None


def _role(role: str | None) -> Literal["patient", "doctor"]:
    return "doctor" if role == Role.DOCTOR else "patient"


def _conversation_out(item: ConversationItem, read_up_to: str | None) -> ConversationOut:
    last = item.last_message
    return ConversationOut(
        conversation_id=item.conversation_id,
        other=PartyOut(
            id=item.other_id or "",
            name=item.other_name or "",
            role="doctor" if item.other_role == "doctor" else "patient",
        ),
        last_message=None
        if last is None
        else LastMessageOut(
            message_id=last.message_id, body=last.body, sent_at=parse_iso(last.sent_at), sender_id=last.sender_id
        ),
        unread_count=int(item.unread or 0),
        read_up_to=read_up_to,
        last_activity_at=parse_iso(item.last_at or item.created_at or ""),
    )


def list_conversations(
    principal: Principal, *, limit: int | None, cursor: str | None
) -> tuple[list[ConversationOut], str | None]:
    """``GET /conversations``: the caller's, most recent activity first. One Query of ``party-index``, then one
    BatchGet of the other parties' items for their read marks."""
    rows = ConversationItem.by_party.query(
        principal.user_id,
        scan_index_forward=False,
        limit=page_size(limit),
        last_evaluated_key=decode_cursor(cursor, PARTY_KEY_SCHEMA),
    )
    found = read_page(rows, cursor=cursor)
    marks: dict[str, str | None] = {}
    keys = [(c.conversation_id, party_item(c.other_id or "")) for c in found if c.other_id]
    if keys:
        for other in ConversationItem.batch_get(keys):
            marks[other.conversation_id] = other.read_up_to
    items = [_conversation_out(c, marks.get(c.conversation_id)) for c in found]
    return items, encode_cursor(rows.last_evaluated_key)


def _message_out(item: ConversationItem) -> MessageOut:
    return MessageOut(
        message_id=item.message_id or "",
        conversation_id=item.conversation_id,
        sender_id=item.sender_id or "",
        body=item.body or "",
        sent_at=parse_iso(item.sent_at or ""),
    )


def messages(principal: Principal, conversation_id: str, *, limit: int | None, cursor: str | None) -> MessagePage:
    """``GET /conversations/{id}/messages``: newest first, paged; with the other party's read mark."""
    mine = require_party(principal, conversation_id)
    start = decode_cursor(cursor, KEY_SCHEMA)
    if start is not None and start.get("conversation_id", {}).get("S") != conversation_id:
        raise Invalid("the cursor is not valid", code="INVALID_CURSOR", field="cursor")
    rows = ConversationItem.query(
        conversation_id,
        ConversationItem.item.between(MSG, MSG_END),
        scan_index_forward=False,
        limit=page_size(limit),
        last_evaluated_key=start,
    )
    found = read_page(rows, cursor=cursor)
    other = _party(conversation_id, mine.other_id or "")
    return MessagePage(
        items=[_message_out(m) for m in found],
        next_cursor=encode_cursor(rows.last_evaluated_key),
        read_up_to=other.read_up_to if other is not None else None,
    )


# --- writing ----------------------------------------------------------------------------------------------------


def _first_of(conversation_id: str, sender_id: str, client_message_id: str) -> MessageOut | None:
    try:
        pointer = ConversationItem.get(
            conversation_id, client_id_item(sender_id, client_message_id), consistent_read=True
        )
    except ConversationItem.DoesNotExist:
        return None
    first = ConversationItem.get(conversation_id, message_item(pointer.message_id or ""), consistent_read=True)
    return _message_out(first)


def send(principal: Principal, conversation_id: str, body: str, client_message_id: str | None) -> MessageOut:
    """``POST /conversations/{id}/messages``. One transaction: the message, its client id (if any), both party
    items (last message, activity; the recipient's unread count and, if not already set, when the unread mail
    falls due). Then the ``message`` push to both parties' own topics: the recipient's tabs and the sender's other
    tabs (the sending tab knows the message by its id)."""
    mine = require_party(principal, conversation_id)
    if client_message_id is not None:
        first = _first_of(conversation_id, principal.user_id, client_message_id)
        if first is not None:
            return first
    limits.hit(SENDING, f"user:{principal.user_id}")
    now = adapters().clock.now()
    sent_at = iso(now)
    message_id = new_message_id(now)
    recipient = mine.other_id or ""
    last = last_message(message_id, body, sent_at, principal.user_id)
    due = iso(now + UNREAD_MAIL_AFTER)
    tx = transaction()
    try:
        with tx:
            tx.save(
                ConversationItem(
                    conversation_id=conversation_id,
                    item=message_item(message_id),
                    message_id=message_id,
                    sender_id=principal.user_id,
                    body=body,
                    sent_at=sent_at,
                    client_message_id=client_message_id,
                ),
                condition=ConversationItem.item.does_not_exist(),
                part="message",
            )
            if client_message_id is not None:
                tx.save(
                    ConversationItem(
                        conversation_id=conversation_id,
                        item=client_id_item(principal.user_id, client_message_id),
                        message_id=message_id,
                    ),
                    condition=ConversationItem.item.does_not_exist(),
                    part="client-id",
                )
            tx.update(
                ConversationItem(conversation_id=conversation_id, item=party_item(principal.user_id)),
                actions=[ConversationItem.last_at.set(sent_at), ConversationItem.last_message.set(last)],
                condition=ConversationItem.item.exists(),
                part="sender",
            )
            tx.update(
                ConversationItem(conversation_id=conversation_id, item=party_item(recipient)),
                actions=[
                    ConversationItem.last_at.set(sent_at),
                    ConversationItem.last_message.set(last),
                    ConversationItem.unread.add(1),
                    ConversationItem.mail_due.set(MAIL_DUE),
                    ConversationItem.mail_due_at.set(ConversationItem.mail_due_at | due),
                ],
                condition=ConversationItem.item.exists(),
                part="recipient",
            )
    except TransactWriteError as exc:
        failed = tx.cancellation(exc)
        if client_message_id is not None and failed.failed("client-id"):
            first = _first_of(conversation_id, principal.user_id, client_message_id)
            if first is not None:
                return first
        raise unexplained(exc) from exc
    out = MessageOut(
        message_id=message_id,
        conversation_id=conversation_id,
        sender_id=principal.user_id,
        body=body,
        sent_at=parse_iso(sent_at),
    )
    announce.announce(announce.Told((recipient, principal.user_id), MESSAGE, out.model_dump(mode="json")))
    return out


def _unread_after(conversation_id: str, reader_id: str, message_id: str) -> int:
    """The other party's messages after ``message_id``: one Query (keys past the mark), counted."""
    rows = ConversationItem.query(
        conversation_id,
        ConversationItem.item.between(message_item(message_id) + "0", MSG_END),
        filter_condition=ConversationItem.sender_id != reader_id,
        attributes_to_get=["conversation_id", "item", "sender_id"],
    )
    return sum(1 for _ in rows)


def mark_read(principal: Principal, conversation_id: str, message_id: str) -> ReadOut:
    """``POST /conversations/{id}/read``: everything up to ``message_id`` is read. The mark only moves forward;
    the unread count becomes the other party's messages after it, and with none left the unread mail is off.
    Conditional on the conversation's activity not having moved since the count (else counted again), so a
    message arriving meanwhile is never lost from the count. The other party sees the mark (``read_up_to``)."""
    mine = require_party(principal, conversation_id)
    try:
        ConversationItem.get(conversation_id, message_item(message_id), consistent_read=True)
    except ConversationItem.DoesNotExist as exc:
        raise MessageNotFound() from exc
    for _ in range(5):
        if mine.read_up_to is not None and mine.read_up_to >= message_id:
            return ReadOut(
                conversation_id=conversation_id, read_up_to=mine.read_up_to, unread_count=int(mine.unread or 0)
            )
        unread = _unread_after(conversation_id, principal.user_id, message_id)
        actions: list[Action] = [ConversationItem.read_up_to.set(message_id), ConversationItem.unread.set(unread)]
        if unread == 0:
            actions += [ConversationItem.mail_due.remove(), ConversationItem.mail_due_at.remove()]
        try:
            mine.update(
                actions=actions,
                condition=(ConversationItem.last_at == mine.last_at)
                & (ConversationItem.read_up_to.does_not_exist() | (ConversationItem.read_up_to < message_id)),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
            mine = require_party(principal, conversation_id)
            continue
        announce.announce(
            announce.Told(
                (mine.other_id or "", principal.user_id),
                CONVERSATION_READ,
                {"conversation_id": conversation_id, "reader_id": principal.user_id, "read_up_to": message_id},
            )
        )
        return ReadOut(conversation_id=conversation_id, read_up_to=message_id, unread_count=unread)
    return ReadOut(
        conversation_id=conversation_id, read_up_to=mine.read_up_to or message_id, unread_count=int(mine.unread or 0)
    )
