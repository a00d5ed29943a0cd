"""What a WebSocket client may send (docs/api.md, "WebSocket (live updates)"). Unknown fields are refused, as in
every request."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.contracts.common import Request

TopicName = Annotated[str, Field(min_length=1, max_length=128)]


class ClientMessage(Request):
    action: Literal["subscribe", "unsubscribe", "ping"]
    topic: TopicName | None = None
