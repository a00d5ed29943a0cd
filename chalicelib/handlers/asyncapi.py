"""The AsyncAPI 3.0 document of the WebSocket API (docs/api.md, "WebSocket (live updates)"), made from the message
shapes in ``contracts/realtime.py`` and served at ``GET /asyncapi.json`` to anyone. The tests check every message
they see pushed against it."""

from __future__ import annotations

import json
from typing import Any

from chalice.app import Blueprint, Response
from pydantic import BaseModel, TypeAdapter

from chalicelib.caches import process_cache
from chalicelib.contracts.messaging import MessageOut
from chalicelib.contracts.realtime import (
    AdminAppointmentEventData,
    AppointmentEventData,
    ClientMessage,
    ConversationReadData,
    ErrorData,
    PongData,
    SlotEventData,
    SlotsRefetchData,
    SupportReplyData,
    TopicData,
    UrgentRequestData,
    WaitlistOfferData,
)
from chalicelib.handlers._http import JSON, api_route

asyncapi = Blueprint(__name__)

SCHEMAS = "#/components/schemas/"
SLOT_TYPES = ("slot-locked", "slot-unlocked", "slot-booked", "slot-added", "slot-removed", "slot-availability-changed")
APPOINTMENT_TYPES = (
    "new-appointment",
    "appointment-confirmed",
    "appointment-status-changed",
    "appointment-cancelled",
    "notification",
)

# name: (type values, data shape, title, who gets it)
SERVER_MESSAGES: dict[str, tuple[tuple[str, ...], type[BaseModel], str, str]] = {
    "subscribed": (("subscribed",), TopicData, "A subscription took", "the connection that asked"),
    "unsubscribed": (("unsubscribed",), TopicData, "A subscription ended", "the connection that asked"),
    "pong": (("pong",), PongData, "The answer to a ping", "the connection that asked"),
    "error": (("error",), ErrorData, "A client message was refused", "the connection that sent it"),
    "slotChanged": (SLOT_TYPES, SlotEventData, "A slot changed", "`doctor#{doctor_id}#slots`"),
    "slotsRefetch": (
        ("slot-availability-changed",),
        SlotsRefetchData,
        "Many slots changed at once: fetch them again",
        "`doctor#{doctor_id}#slots`",
    ),
    "appointmentChanged": (
        APPOINTMENT_TYPES,
        AppointmentEventData,
        "An appointment changed",
        "`user#{id}` of its doctor and its patient",
    ),
    "adminAppointmentChanged": (
        APPOINTMENT_TYPES,
        AdminAppointmentEventData,
        "An appointment changed (the admins' monitor)",
        "`admin`",
    ),
    "waitlistSlotOpen": (
        ("waitlist-slot-open",),
        WaitlistOfferData,
        "A freed slot is held for you",
        "`user#{patient}`",
    ),
    "supportReply": (
        ("support-reply",),
        SupportReplyData,
        "A reply on a support ticket",
        "`user#{id}` of the ticket's requester (a reply by anyone else) or assignee (the requester's reply)",
    ),
    "message": (
        ("message",),
        MessageOut,
        "A new message in a conversation",
        "`user#{id}` of the conversation's two parties only (the sender's other tabs too)",
    ),
    "conversationRead": (
        ("conversation-read",),
        ConversationReadData,
        "A party marked a conversation read up to a message",
        "`user#{id}` of the conversation's two parties only",
    ),
    "urgentRequest": (
        ("urgent-request",),
        UrgentRequestData,
        "An urgent request was made, claimed, cancelled or escalated (ids and status, never symptoms)",
        "`user#{id}` of the patient and the doctors on duty; `admin` when escalated or cancelled",
    ),
}


def _envelope(types: tuple[str, ...], data_ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "data", "at"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "enum": list(types)},
            "data": {"$ref": data_ref},
            "at": {"type": "string", "format": "date-time", "description": "when the server sent it (UTC, ms)"},
        },
    }


def build() -> dict[str, Any]:
    inputs: list[tuple[str, Any, TypeAdapter[Any]]] = [("client", "validation", TypeAdapter(ClientMessage))]
    inputs += [(name, "serialization", TypeAdapter(shape)) for name, (_, shape, _, _) in SERVER_MESSAGES.items()]
    by_key, definitions = TypeAdapter.json_schemas(inputs, ref_template=SCHEMAS + "{model}")
    schemas: dict[str, Any] = dict(definitions.get("$defs", {}))
    messages: dict[str, Any] = {
        "clientMessage": {
            "name": "clientMessage",
            "title": "subscribe, unsubscribe or ping",
            "summary": "`subscribe` and `unsubscribe` name a topic; each is answered on the same connection.",
            "payload": by_key[("client", "validation")],
            "examples": [
                {"name": "subscribe", "payload": {"action": "subscribe", "topic": "doctor#d-1#slots"}},
                {"name": "ping", "payload": {"action": "ping"}},
            ],
        }
    }
    for name, (types, _, title, audience) in SERVER_MESSAGES.items():
        envelope = f"{name[0].upper()}{name[1:]}Message"
        schemas[envelope] = _envelope(types, by_key[(name, "serialization")]["$ref"])
        messages[name] = {
            "name": name,
            "title": title,
            "summary": f"To {audience}. `type` is one of {', '.join(f'`{t}`' for t in types)}.",
            "payload": {"$ref": SCHEMAS + envelope},
        }
    server_names = [n for n in messages if n != "clientMessage"]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "DocSpot live updates",
            "version": "1.0.0",
            "description": (
                "Connect with `?token=<access token>` (never a refresh token); a sixth connection of one user is "
                "refused. Topics: `user#{your id}` (joined at connect), `doctor#{doctor_id}#slots` (any signed-in "
                "user), `admin` (admins). Ping within 10 idle minutes; connections end after 2 hours. The "
                "notification feed (`GET /api/notifications`) stays the truth: read it after reconnecting."
            ),
        },
        "defaultContentType": JSON,
        "servers": {
            "aws": {
                "host": "{api-id}.execute-api.{region}.amazonaws.com",
                "protocol": "wss",
                "pathname": "/api",
                "description": "the stack's WebSocket API (output `WebsocketConnectEndpointURL`)",
                "variables": {"api-id": {}, "region": {"default": "eu-central-1"}},
            },
            "local": {"host": "127.0.0.1:8000", "protocol": "ws", "pathname": "/ws", "description": "make run"},
        },
        "channels": {
            "live": {
                "address": "/",
                "title": "one connection per tab",
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
                "bindings": {
                    "ws": {
                        "query": {
                            "type": "object",
                            "required": ["token"],
                            "properties": {"token": {"type": "string", "description": "an access token"}},
                        }
                    }
                },
            }
        },
        "operations": {
            "send": {
                "action": "send",
                "title": "Ask: subscribe, unsubscribe, ping",
                "channel": {"$ref": "#/channels/live"},
                "messages": [{"$ref": "#/channels/live/messages/clientMessage"}],
            },
            "receive": {
                "action": "receive",
                "title": "Hear: answers and changes",
                "channel": {"$ref": "#/channels/live"},
                "messages": [{"$ref": f"#/channels/live/messages/{name}"} for name in server_names],
            },
        },
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


@process_cache
def document() -> dict[str, Any]:
    return build()


@api_route(asyncapi, "/asyncapi.json", methods=["GET"], authorized=False, response=dict[str, Any])
def get_asyncapi() -> Response:
    """The AsyncAPI 3.0 description of the WebSocket API: what a client sends and every message it may get."""
    return Response(
        body=json.dumps(document(), separators=(",", ":")),
        status_code=200,
        headers={"Content-Type": JSON, "Cache-Control": "public, max-age=300"},
    )
