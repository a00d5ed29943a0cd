"""Doctor-patient conversations: open one, list your own, read and write messages, mark them read."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.common import Page, Paging
from chalicelib.contracts.messaging import (
    ConversationOpen,
    ConversationOut,
    MessageIn,
    MessageOut,
    MessagePage,
    ReadIn,
    ReadOut,
)
from chalicelib.handlers._http import api_route
from chalicelib.services.core.authz import Principal
from chalicelib.services.messaging import conversations as service
from chalicelib.vocabulary import Role

conversations = Blueprint(__name__)

PARTIES = [Role.PATIENT, Role.DOCTOR]
# Anyone but the two parties, admins included, gets the 404 of an unknown id: no role check before the service.
MISSING = {404: ["CONVERSATION_NOT_FOUND"]}


@api_route(
    conversations,
    "/conversations",
    methods=["POST"],
    roles=PARTIES,
    status=201,
    also=[200],
    body=ConversationOpen,
    response=ConversationOut,
    errors={403: ["NO_CARE_RELATIONSHIP"]},
)
def open_conversation(principal: Principal, body: ConversationOpen) -> tuple[ConversationOut, int]:
    """Opens your conversation with a doctor (`doctor_id`, patients) or a patient (`patient_id`, doctors).

    Only with a care relationship: an appointment together that is not cancelled and is upcoming or ended within
    the last 12 months (or an urgent request the doctor claimed). 201 with a new conversation, 200 with the one the
    two of you already have."""
    opened = service.open_conversation(principal, doctor_id=body.doctor_id, patient_id=body.patient_id)
    return opened.conversation, 201 if opened.created else 200


@api_route(
    conversations, "/conversations", methods=["GET"], roles=PARTIES, query=Paging, errors={400: ["INVALID_CURSOR"]}
)
def list_conversations(principal: Principal, query: Paging) -> Page[ConversationOut]:
    """Your conversations, most recent activity first, with the last message and your unread count."""
    items, cursor = service.list_conversations(principal, limit=query.limit, cursor=query.cursor)
    return Page[ConversationOut](items=items, next_cursor=cursor)


@api_route(
    conversations,
    "/conversations/{conversation_id}/messages",
    methods=["GET"],
    query=Paging,
    errors={**MISSING, 400: ["INVALID_CURSOR"]},
)
def read_messages(conversation_id: str, principal: Principal, query: Paging) -> MessagePage:
    """The conversation's messages, newest first, paged; `read_up_to` is the other party's read mark."""
    return service.messages(principal, conversation_id, limit=query.limit, cursor=query.cursor)


@api_route(
    conversations,
    "/conversations/{conversation_id}/messages",
    methods=["POST"],
    status=201,
    body=MessageIn,
    errors={**MISSING, 429: ["RATE_LIMITED"]},
)
def send_message(conversation_id: str, principal: Principal, body: MessageIn) -> MessageOut:
    """Sends a message (1 to 4,000 characters); the other party gets it live. At most 30 a minute.

    A `client_message_id` sent again answers the first message with it: never a second message."""
    return service.send(principal, conversation_id, body.body, body.client_message_id)


@api_route(
    conversations,
    "/conversations/{conversation_id}/read",
    methods=["POST"],
    body=ReadIn,
    errors={404: ["CONVERSATION_NOT_FOUND", "MESSAGE_NOT_FOUND"]},
)
def mark_conversation_read(conversation_id: str, principal: Principal, body: ReadIn) -> ReadOut:
    """Marks everything up to `message_id` read; the other party sees it as `read_up_to`."""
    return service.mark_read(principal, conversation_id, body.message_id)
