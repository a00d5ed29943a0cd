"""The DynamoDB streams moto keeps, read as Lambda's event source mapping reads them, and handed to the app's
stream consumers with the event shape Lambda sends (services/effects).

``StreamReader`` follows each streamed table's shard (``describe_stream``, ``get_shard_iterator``,
``get_records``) from where it last read. ``Delivery`` runs one table's new records through a consumer as the
mapping does with ``ReportBatchItemFailures``: the records from the first reported failure on are delivered again
(a consumer that raises gets its whole batch again), up to ``MAX_RETRIES`` times; then the first failing record is
parked in the dead-letter queue (its table, keys, sequence number and event name, as AWS's on-failure destination
records where a failed batch was) and delivery goes on after it. The in-process tests drain with it after each
request; the local stack runs it in a process of its own (``run_poller``).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("local.streams")

STREAMED = ("slots", "appointments")  # slots first: a booking's slot push went before its appointment push
CONSUMERS = {"slots": "slot_effects", "appointments": "appointment_effects"}  # app.py's names
MAX_RETRIES = 2
BATCH_SIZE = 50
DEAD_LETTER_QUEUE = "docspot-local-stream-dlq"
POLL_SECONDS = 0.1
Consumer = Callable[[dict[str, Any], Any], Any]


class Context:
    """The part of Lambda's context the consumer reads: the time left (powertools' idempotency bounds an effect
    left IN_PROGRESS by a killed process with it)."""

    function_name = "stream-effects"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:stream-effects"
    aws_request_id = "local"

    def __init__(self, remaining_ms: int = 60_000) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def streams_endpoint(region: str) -> str | None:
    """moto answers streams on its one endpoint (``AWS_ENDPOINT_URL``); in-process moto needs the regional name
    spelt out (botocore 1.44's account-based endpoint is not recognised by moto's mock)."""
    return os.environ.get("AWS_ENDPOINT_URL") or f"https://streams.dynamodb.{region}.amazonaws.com"


@dataclass
class StreamReader:
    """The new records of each streamed table since the last read, in stream order: it keeps each shard's next
    iterator, as the event source mapping does, and starts at the shard's beginning unless told where."""

    region: str
    tables: dict[str, str]  # short name -> table name
    iterators: dict[str, str] = field(default_factory=dict)
    _arns: dict[str, str] = field(default_factory=dict)
    _made: tuple[Any, Any] | None = None

    def _clients(self) -> tuple[Any, Any]:
        if self._made is None:
            import boto3

            dynamodb = boto3.client("dynamodb", region_name=self.region)
            endpoint = streams_endpoint(self.region)
            self._made = (dynamodb, boto3.client("dynamodbstreams", region_name=self.region, endpoint_url=endpoint))
        return self._made

    def _arn(self, table: str) -> str:
        if table not in self._arns:
            described = self._clients()[0].describe_table(TableName=self.tables[table])
            self._arns[table] = described["Table"]["LatestStreamArn"]
        return self._arns[table]

    def _iterator(self, table: str, kind: str) -> str:
        streams, arn = self._clients()[1], self._arn(table)
        (shard, *_) = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        where = {"StreamArn": arn, "ShardId": shard["ShardId"], "ShardIteratorType": kind}
        return str(streams.get_shard_iterator(**where)["ShardIterator"])

    def at_end(self) -> dict[str, str]:
        """Where each stream ends now: a reader given these reads only what is written after."""
        return {table: self._iterator(table, "LATEST") for table in self.tables}

    def read(self, table: str, limit: int = 1000) -> list[dict[str, Any]]:
        _, streams = self._clients()
        iterator = self.iterators.get(table) or self._iterator(table, "TRIM_HORIZON")
        got = streams.get_records(ShardIterator=iterator, Limit=limit)
        self.iterators[table] = got["NextShardIterator"]
        records: list[dict[str, Any]] = got["Records"]
        arn = self._arn(table)
        for record in records:
            record["eventSourceARN"] = arn
            created = record["dynamodb"].get("ApproximateCreationDateTime")
            if hasattr(created, "timestamp"):
                record["dynamodb"]["ApproximateCreationDateTime"] = created.timestamp()
        return records


@dataclass
class Delivery:
    """Hands records to a consumer as the event source mapping does; ``parked`` are the dead letters."""

    consumer: Consumer
    park: Callable[[dict[str, Any]], None]
    max_retries: int = MAX_RETRIES
    batch_size: int = BATCH_SIZE
    invocations: int = 0
    parked: list[dict[str, Any]] = field(default_factory=list)

    def deliver(self, records: Iterable[dict[str, Any]]) -> None:
        pending = list(records)
        while pending:
            batch, pending = pending[: self.batch_size], pending[self.batch_size :]
            self._batch(batch)

    def _batch(self, batch: list[dict[str, Any]]) -> None:
        attempts = 0
        while batch:
            failed_at = self._invoke(batch)
            if failed_at is None:
                return
            attempts += 1
            if attempts > self.max_retries:
                dead = batch[failed_at]
                self.parked.append(dead)
                self.park(dead)
                batch, attempts = batch[failed_at + 1 :], 0
            else:
                batch = batch[failed_at:]

    def _invoke(self, batch: list[dict[str, Any]]) -> int | None:
        """The index of the first record to deliver again, or None when the batch went through."""
        self.invocations += 1
        try:
            response = self.consumer({"Records": batch}, Context())
        except Exception:
            log.exception("the stream consumer failed on a batch of %d", len(batch))
            return 0
        failures = {f["itemIdentifier"] for f in (response or {}).get("batchItemFailures", [])}
        if not failures:
            return None
        return min(i for i, r in enumerate(batch) if r["dynamodb"]["SequenceNumber"] in failures)


def dead_letter(record: dict[str, Any]) -> dict[str, Any]:
    """What the dead-letter queue keeps of a record: where it was, never its images (they may hold health data)."""
    data = record["dynamodb"]
    return {
        "eventSourceARN": record.get("eventSourceARN"),
        "eventName": record.get("eventName"),
        "Keys": data.get("Keys"),
        "SequenceNumber": data.get("SequenceNumber"),
    }


def sqs_parker(region: str) -> Callable[[dict[str, Any]], None]:
    """Parks a record in the local dead-letter queue (moto SQS), made on first use."""
    import boto3

    sqs = boto3.client("sqs", region_name=region)
    url = sqs.create_queue(QueueName=DEAD_LETTER_QUEUE)["QueueUrl"]

    def park(record: dict[str, Any]) -> None:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(dead_letter(record)))
        log.warning("a stream record was parked in the dead-letter queue: %s", json.dumps(dead_letter(record)))

    return park


def dead_letters(region: str) -> list[dict[str, Any]]:
    """What the local dead-letter queue holds (``make dlq``), left in the queue."""
    import boto3

    sqs = boto3.client("sqs", region_name=region)
    url = sqs.create_queue(QueueName=DEAD_LETTER_QUEUE)["QueueUrl"]
    found: dict[str, dict[str, Any]] = {}
    for _ in range(10):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
        for message in got.get("Messages", []):
            found[message["MessageId"]] = json.loads(message["Body"])
        if not got.get("Messages"):
            break
    return list(found.values())


@dataclass
class Drain:
    """Reads every streamed table and delivers what is new, table by table (``STREAMED`` order)."""

    reader: StreamReader
    deliveries: dict[str, Delivery]

    def __call__(self) -> int:
        delivered = 0
        for table in STREAMED:
            records = self.reader.read(table)
            delivered += len(records)
            if records:
                self.deliveries[table].deliver(records)
        return delivered


def drain_for(app_module: Any, region: str, park: Callable[[dict[str, Any]], None]) -> Drain:
    """A drain of this stage's streamed tables into ``app_module``'s consumers."""
    from chalicelib.config import get_settings

    settings = get_settings()
    reader = StreamReader(region, {table: settings.table_name(table) for table in STREAMED})
    deliveries = {table: Delivery(getattr(app_module, CONSUMERS[table]), park) for table in STREAMED}
    return Drain(reader, deliveries)


_stopping = False


def run_poller(parent_pid: int, channel: Any) -> None:
    """The local stack's poller process: imports the app (its own cold start, while the stack seeds), waits for
    where the streams ended once the demo data was written (the demo's past tells no one, as the seed wants), then
    drains every ``POLL_SECONDS``, so a change's mail and pushes follow within a fraction of a second. SIGTERM stops
    it between two drains; it shares no lock with the stack (a process stopped mid-wait would leave one held)."""
    import importlib
    import signal

    def stop(signum: int, frame: Any) -> None:
        global _stopping
        _stopping = True

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, stop)
    from local.workers import configure_logging

    configure_logging()
    from chalicelib.config import get_settings
    from chalicelib.services.core import announce

    app_module = importlib.import_module("app")
    announce.listeners()  # imported now rather than with the first change (mail templates, the push)
    region = get_settings().region
    drain = drain_for(app_module, region, sqs_parker(region))
    try:
        drain.reader.iterators.update(channel.recv())
    except EOFError:
        return
    channel.close()
    while not _stopping and os.getppid() == parent_pid:
        try:
            drain()
        except Exception:
            log.exception("reading the streams failed; trying again")
        time.sleep(POLL_SECONDS)


@dataclass
class Poller:
    """The poller's process, as the stack starts, sets going and stops it."""

    process: Any
    channel: Any

    def go(self) -> None:
        """From the streams' end as it is now (call once the demo data is written)."""
        from chalicelib.config import get_settings

        settings = get_settings()
        reader = StreamReader(settings.region, {table: settings.table_name(table) for table in STREAMED})
        self.channel.send(reader.at_end())
        self.channel.close()

    def stop(self, timeout: float = 5.0) -> None:
        self.process.terminate()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout)


def start_poller() -> Poller:
    """Starts the poller in a spawned process of its own (it inherits the environment that points every client at
    moto); it reads nothing until ``go``."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe(duplex=False)
    process = context.Process(target=run_poller, args=(os.getpid(), mine), name="stream-poller", daemon=True)
    process.start()
    mine.close()
    return Poller(process, theirs)


def main() -> int:
    """``make dlq``: what the running local stack parked in its dead-letter queue (where each record was)."""
    import sys

    from local.moto_backend import apply_environment, stack_environment
    from local.state import owner_alive, read_state, state_path

    state = read_state(state_path())
    if state is None or not owner_alive(state):
        print("the local stack is not running; start it with `make run`", file=sys.stderr)
        return 1
    apply_environment(stack_environment(moto_endpoint=str(state["moto_endpoint"]), app_url=str(state["site_url"])))
    letters = dead_letters(str(state["region"]))
    for letter in letters:
        print(json.dumps(letter, default=str))
    print(f"{len(letters)} stream record(s) parked in {DEAD_LETTER_QUEUE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
