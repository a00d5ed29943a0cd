"""The DynamoDB stream consumers (app.py registers one per streamed table): each hands its batch to
services/effects and answers the partial batch response, so the event source mapping retries only what failed."""

from __future__ import annotations

from typing import Any

from chalice.app import DynamoDBEvent

from chalicelib.services.effects import consumer

# What app.py names as each consumer's stream. ``chalice package`` wants a literal; infra/package.py replaces it
# with the table's ``StreamArn`` (Fn::GetAtt), so no stage's ARN is written in the code.
APPOINTMENTS_STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/docspot-appointments/stream/from-the-template"
SLOTS_STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/docspot-slots/stream/from-the-template"
# Stream records per invocation: a booking is one record of each table; a weekly rule may change hundreds of slots.
BATCH_SIZE = 50


def appointment_effects(event: DynamoDBEvent) -> dict[str, Any]:
    return consumer.consume(event.to_dict(), event.context)


def slot_effects(event: DynamoDBEvent) -> dict[str, Any]:
    return consumer.consume(event.to_dict(), event.context)
