"""The stream consumer: each change's happenings told to every listener, once per change and listener.

A batch is processed with powertools' ``BatchProcessor`` (``EventType.DynamoDBStreams``): a record whose effects
fail is reported in ``batchItemFailures`` and the event source mapping delivers it again (bisecting the batch,
then parking it in the dead-letter queue after its retries); the records before it are not delivered again.

The stream delivers at least once, so each effect is idempotent: the listener's name and the change's key (table,
the item's keys, the record's sequence number) make an idempotency key in the ``idempotency`` table
(powertools' ``idempotent_function``: a conditional put IN_PROGRESS before the effect, COMPLETED after it, kept
``KEEP_EFFECT_KEYS_SECONDS``, longer than a stream keeps a record). A change delivered again finds its effects
COMPLETED and sends nothing twice; an effect that failed deleted its claim and runs again; one whose process died
mid-effect is IN_PROGRESS until the invocation's remaining time has passed, then runs again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.caches import process_cache
from chalicelib.config import get_settings
from chalicelib.observability import count, logger
from chalicelib.services.core import announce
from chalicelib.services.core.announce import Listener
from chalicelib.services.effects.changes import Change, change_of

# A stream keeps a record 24 hours; a key outlives every redelivery of it.
KEEP_EFFECT_KEYS_SECONDS = 2 * 24 * 3600


def consume(event: dict[str, Any], lambda_context: Any = None) -> dict[str, Any]:
    """One batch of stream records (Lambda's event): the partial batch response (``batchItemFailures``)."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    config, _ = _idempotency()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    response: dict[str, Any] = dict(
        process_partial_response(event=event, record_handler=_record, processor=processor, context=lambda_context)
    )
    failed = len(response.get("batchItemFailures", []))
    if failed:
        logger.warning("stream records failed", extra={"failed": failed, "records": len(event.get("Records", []))})
    return response


def _record(record: Any) -> None:
    change = change_of(record.raw_event)
    if not change.happenings:
        return
    for name, listener in announce.listeners():
        run_once(name, change, listener)
    count("StreamEffects", table=change.table)


def run_once(name: str, change: Change, listener: Listener) -> None:
    """Runs ``listener`` on the change's happenings unless it already ran for this change."""
    _, once = _idempotency()
    once(effect={"key": f"{name}|{change.key}"}, run=lambda: listener(change.happenings))


@process_cache
def _idempotency() -> tuple[Any, Callable[..., Any]]:
    """Built on first use: the persistence layer makes its DynamoDB client when constructed."""
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=get_settings().table_name("idempotency"))
    config = IdempotencyConfig(
        event_key_jmespath="key", raise_on_no_idempotency_key=True, expires_after_seconds=KEEP_EFFECT_KEYS_SECONDS
    )

    def effect_once(effect: dict[str, str], run: Callable[[], None]) -> None:
        run()

    return config, idempotent_function(data_keyword_argument="effect", persistence_store=persistence, config=config)(
        effect_once
    )
