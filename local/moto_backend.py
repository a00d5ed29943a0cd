"""moto's server: DynamoDB, S3, SES and SNS on 127.0.0.1, on a port the OS picks, in a process of its own.

The stack starts it with ``spawn_moto`` (``python -m local.moto_server``), before anything else, and stops it last;
its CPU then no longer competes with the gateway's event loop for one GIL. The stack's process, the workers and
every other dev command reach it over HTTP through ``AWS_ENDPOINT_URL``, which botocore (and so PynamoDB, whose
models leave ``host`` unset) honours and which the stack sets once for everything it starts; nothing in chalicelib
knows moto is there. The mailbox reads what SES and SNS hold through ``GET /_local/sent.json`` (``LocalReads``).
moto is imported only where the server starts: commands that merely talk to it (``make admin``) stay quick.
``start_moto`` serves it in a thread of the calling process instead (tests and benches that read moto directly).

**Every request is atomic, as in DynamoDB.** DynamoDB executes each request, a ``TransactWriteItems`` included,
atomically and in isolation. moto's server does not: werkzeug serves each request in its own thread, and moto's
``transact_write_items`` deep-copies every table it touches and, when a condition fails, puts the copies back. Two
concurrent transactions can therefore interleave (both pass a condition that only one should pass), and a failing
one can restore a table over the writes another request made meanwhile: lost bookings, double bookings, all of
them moto's and not the app's. ``AtomicRequests`` wraps the WSGI application the server dispatches to and lets
one request at a time into moto, from the moment its body has been read to the moment its answer is built. The
lock covers no network I/O (the request body is read before it is taken and the answer written after it is let
go), so a slow client cannot stall the others. Races *between* requests stay real: the worker processes still
send their requests concurrently, in any order, and a booking's read, its transaction and the read that explains
a refusal are separate requests that other requests can come between, exactly as against DynamoDB.

**Cheaper reads, the same answers.** moto's ``Table.query`` sorts and walks every item of the table for any Query,
and its answers go through botocore's output shapes, member by member: a week of one doctor's slots cost some 90 ms
of moto's CPU. ``_install_fast_reads`` makes a Query of a table's key read its one partition, an index's Query walk
the items unsorted (moto sorts the matches by the index's keys anyway), and the answers of item operations plain
``json.dumps`` of the output shape's members; tests/e2e/test_moto_fast_reads.py compares both with moto's own.

What the lock costs: little. moto's request handling is pure Python, so the GIL already let only one request run
at a time; the lock only removes the interleaving at bytecode boundaries (``python -m bench.moto_atomicity``:
95-105% of the unlocked server's throughput). The lock never nests: moto's DynamoDB, S3 and SES backends do not
call the server back over HTTP.

**A transaction is rolled back item by item.** moto makes a transaction all-or-nothing by deep-copying every table
it touches before it starts and putting the copies back if it fails: about 25 us an item, so a booking (six
tables) spent some 200 ms copying tables of a few hundred items, 95% of its time in moto, and the stack slowed
down as its data grew. Under the lock nothing else writes while a transaction runs, so saving only the items the
transaction names and putting them back if it fails restores exactly what the table copies would.
``_install_item_level_rollback`` does that for the requests ``AtomicRequests`` serves, and only for them (moto
used in-process, as the tests' ``mock_aws``, keeps its own behaviour). ``bench.moto_atomicity`` shows both: moto's
own server doubles and loses writes under concurrent transactions and answers some with 500s; this one never
does, at more than twice its throughput.
"""

from __future__ import annotations

import base64
import copy
import io
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from werkzeug.serving import BaseWSGIServer

    from local.mailbox import SentMail, SentSms

REGION = "us-east-1"

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass
class LockStats:
    """How busy the request lock is: requests served, seconds spent holding it and waiting for it."""

    requests: int = 0
    held_seconds: float = 0.0
    waited_seconds: float = 0.0
    longest_wait_seconds: float = 0.0


class AtomicRequests:
    """WSGI middleware: the wrapped application serves one request at a time (see the module's docstring)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.stats = LockStats()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Holds the request lock: in-process reads of moto's backends see no request half-way."""
        asked = time.perf_counter()
        with self.lock:
            got = time.perf_counter()
            try:
                yield
            finally:
                stats = self.stats
                stats.requests += 1
                stats.waited_seconds += got - asked
                stats.longest_wait_seconds = max(stats.longest_wait_seconds, got - asked)
                stats.held_seconds += time.perf_counter() - got

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        _read_body_now(environ)
        with self.atomic():
            _serving.atomic = True
            try:
                answer = self.app(environ, start_response)
                try:
                    # The whole answer is built inside the lock: a lazy body would read moto's state later.
                    body = b"".join(answer)
                finally:
                    close = getattr(answer, "close", None)
                    if close is not None:
                        close()
            finally:
                _serving.atomic = False
        return [body]


# What the thread serving a request is doing: ``atomic`` while it holds the request lock, ``transaction`` while
# moto runs a TransactWriteItems for it.
_serving = threading.local()


class _TableCopies:
    """Stands in for the ``copy`` module inside ``moto.dynamodb.models``: within a transaction served under the
    lock, the "copy" moto takes of a whole table is the table itself (the transaction's items are saved instead)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        from moto.dynamodb.models.table import Table

        if getattr(_serving, "transaction", False) and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)


# (table, hash key, range key, the item as it was or None)
BeforeImage = tuple[Any, Any, Any, Any]


def _before_images(backend: Any, transact_items: list[dict[str, Any]]) -> list[BeforeImage]:
    """A copy of every item the transaction may write, as it is now. An item moto will refuse (no such table, a
    malformed key) is skipped: moto writes nothing for it."""
    images: list[BeforeImage] = []
    for entry in transact_items:
        try:
            ((kind, operation),) = entry.items()
            if kind not in ("Put", "Update", "Delete"):
                continue
            table = backend.tables.get(operation.get("TableName"))
            if table is None:
                continue
            key = operation["Item"] if kind == "Put" else operation["Key"]
            hash_key, range_key = backend.get_keys_value(table, key)
            current = table.get_item(hash_key, range_key)
        except Exception:  # noqa: S112 (moto itself refuses this item, before writing it)
            continue
        images.append((table, hash_key, range_key, copy.deepcopy(current)))
    return images


def _put_back(images: list[BeforeImage]) -> None:
    """Restores the items in reverse order, so that an item named twice ends as it was before the first."""
    for table, hash_key, range_key, item in reversed(images):
        if table.range_key_attr is not None:
            bucket = table.items[hash_key]
            if item is None:
                bucket.pop(range_key, None)
            else:
                bucket[range_key] = item
        elif item is None:
            table.items.pop(hash_key, None)
        else:
            table.items[hash_key] = item


def _stream_lengths(images: list[BeforeImage]) -> list[tuple[Any, int]]:
    """How many records each streamed table's shard holds before a transaction (local/streams.py reads them)."""
    tables = {id(table): table for table, *_ in images}.values()
    return [(t.stream_shard, len(t.stream_shard.items)) for t in tables if getattr(t, "stream_shard", None)]


def _take_back_stream_records(lengths: list[tuple[Any, int]]) -> None:
    """A refused transaction wrote nothing, so its stream shows nothing: moto recorded the items it applied
    before the refusal, and a consumer must never hear of a booking that was undone."""
    for shard, length in lengths:
        del shard.items[length:]


def _install_item_level_rollback() -> None:
    """Makes moto's TransactWriteItems, when served under the lock, save and restore only the items it names
    (see the module's docstring). Idempotent; moto used outside ``AtomicRequests`` is left as it is."""
    from moto.dynamodb import models

    backend_class = models.DynamoDBBackend
    original = backend_class.transact_write_items
    if getattr(original, "item_level_rollback", False):
        return

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        if not getattr(_serving, "atomic", False):
            return original(self, transact_items)
        images = _before_images(self, transact_items)
        streams = _stream_lengths(images)
        _serving.transaction = True
        try:
            return original(self, transact_items)
        except BaseException:
            _put_back(images)
            _take_back_stream_records(streams)
            raise
        finally:
            _serving.transaction = False

    transact_write_items.item_level_rollback = True  # type: ignore[attr-defined]
    backend_class.transact_write_items = transact_write_items  # type: ignore[method-assign]
    setattr(models, "copy", _TableCopies())  # noqa: B010 (the module's global, replaced on purpose)


# The DynamoDB operations whose answers are item data and counts: plain JSON, which ``json.dumps`` writes as moto's
# shape-driven serializer would (bytes as base64), at a fraction of its cost.
_PLAIN_JSON_OPERATIONS = frozenset(
    {
        "BatchGetItem",
        "DeleteItem",
        "GetItem",
        "PutItem",
        "Query",
        "TransactGetItems",
        "UpdateItem",
    }
)
_JSON_CONTENT_TYPE = "application/x-amz-json-1.0"


def _plain_json(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    raise TypeError(type(value).__name__)


def _install_fast_reads() -> None:
    """Makes moto's DynamoDB cheaper per request without changing what it answers (see the module's docstring):

    - a Query of a table's own key reads that one partition, where moto sorts and walks every item of the table;
    - a Query of an index walks the table's items unsorted (moto sorts the matches by the index's keys anyway);
    - the answer of an item operation is written with ``json.dumps`` rather than walked through botocore's shapes.

    Only for requests served under ``AtomicRequests`` (the partition hint is per thread); idempotent."""
    from moto.dynamodb.models.table import Table
    from moto.dynamodb.responses import DynamoResult

    original_query = Table.query
    if getattr(original_query, "fast_reads", False):
        return
    original_all_items = Table.all_items
    original_execute = DynamoResult.execute_result

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        if not getattr(_serving, "atomic", False):
            return original_query(self, hash_key, *args, **kwargs)
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        _serving.query = (self, None if index_name else hash_key)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _serving.query = None

    def all_items(self: Any) -> Any:
        hint = getattr(_serving, "query", None)
        if hint is None or hint[0] is not self:
            return original_all_items(self)
        hash_key = hint[1]
        if hash_key is None:
            if self.range_key_attr:
                return [item for partition in self.items.values() for item in partition.values()]
            return list(self.items.values())
        partition = self.items.get(hash_key)
        if partition is None:
            return []
        return list(partition.values()) if self.range_key_attr else [partition]

    def execute_result(self: Any, context: Any) -> Any:
        operation = context.operation_model
        if operation.name in _PLAIN_JSON_OPERATIONS and isinstance(self.result, dict):
            # The serializer writes the members of the output shape only (moto adds a few of its own).
            members = operation.output_shape.members
            result = {key: value for key, value in self.result.items() if key in members}
            try:
                body = json.dumps(result, default=_plain_json, separators=(",", ":"))
            except TypeError:
                pass
            else:
                return 200, {"Content-Type": _JSON_CONTENT_TYPE}, body
        return original_execute(self, context)

    query.fast_reads = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


def _read_body_now(environ: dict[str, Any]) -> None:
    """Reads the request body off the socket before the lock is taken, and hands the app an in-memory copy."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return
    length = environ.get("CONTENT_LENGTH") or ""
    if length.isdigit():
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        body = b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


@dataclass
class MotoBackend:
    """moto's WSGI application behind ``AtomicRequests``, served by werkzeug's threaded server in a thread (what
    moto's own ``ThreadedMotoServer`` does, with the lock added)."""

    server: BaseWSGIServer
    requests: AtomicRequests
    thread: threading.Thread = field(repr=False)

    @property
    def endpoint(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def sent_emails(self) -> list[SentMail]:
        """The e-mails the app sent through moto's SES, newest first (the stack serves them at /_local/mail). Only
        the list is copied under the request lock; parsing happens outside it."""
        from moto.core.models import DEFAULT_ACCOUNT_ID

        from local.mailbox import moto_messages, parsed

        with self.requests.atomic():
            messages = moto_messages(DEFAULT_ACCOUNT_ID, REGION)
        return parsed(messages)

    def sent_sms(self) -> list[SentSms]:
        """The text messages the app published through moto's SNS, newest first (listed at /_local/mail)."""
        from moto.core.models import DEFAULT_ACCOUNT_ID

        from local.mailbox import moto_sms

        with self.requests.atomic():
            return moto_sms(DEFAULT_ACCOUNT_ID, REGION)


def _quick_replies_handler() -> type:
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    class QuickReplies(MotoRequestHandler):
        """werkzeug writes an answer's headers and body in two sends: with Nagle's algorithm on, the body waits
        for the client to acknowledge the headers (up to 40 ms of delayed ACK) on every keep-alive request."""

        disable_nagle_algorithm = True

    return QuickReplies


def start_moto(
    host: str = "127.0.0.1", port: int = 0, *, item_level_rollback: bool = True, local_reads: bool = False
) -> MotoBackend:
    """Starts the server. ``item_level_rollback=False`` leaves moto's whole-table copies in place: only
    ``bench.moto_atomicity`` wants that, to measure what the lock and the rollback each cost and save."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    from werkzeug.serving import make_server

    # werkzeug logs every DynamoDB call moto serves, several per API request: too loud to be useful.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if item_level_rollback:
        _install_item_level_rollback()
        _install_fast_reads()
    from local.s3_cors import S3Cors, bucket_rules
    from local.s3_policy import S3PostPolicy

    requests = AtomicRequests(DomainDispatcherApplication(create_backend_app))

    def cors_rules(bucket: str) -> Any:
        with requests.atomic():
            return bucket_rules(bucket)

    # S3's CORS, from each bucket's configuration, in front of moto's permissive one (see s3_cors.py); behind it,
    # the presigned POST policy that moto does not check (see s3_policy.py), so a refusal still carries CORS.
    handler = _quick_replies_handler()
    served: WSGIApp = S3Cors(S3PostPolicy(requests), cors_rules)
    if local_reads:
        served = LocalReads(served, requests)
    server = make_server(host, port, served, threaded=True, request_handler=handler)
    thread = threading.Thread(target=server.serve_forever, name="moto", daemon=True)
    thread.start()
    return MotoBackend(server=server, requests=requests, thread=thread)


SENT_PATH = "/_local/sent.json"
ENDPOINT_LINE = "moto endpoint "


class LocalReads:
    """WSGI middleware in moto's process: ``GET /_local/sent.json`` answers what moto's SES and SNS hold (no
    S3 bucket name starts with an underscore, so the path is free), read under the request lock."""

    def __init__(self, app: WSGIApp, requests: AtomicRequests) -> None:
        self.app = app
        self.requests = requests

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != SENT_PATH or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        from moto.core.models import DEFAULT_ACCOUNT_ID

        from local.mailbox import moto_records

        with self.requests.atomic():
            records = moto_records(DEFAULT_ACCOUNT_ID, REGION)
        body = json.dumps(records).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


@dataclass
class MotoProcess:
    """moto's server in a process of its own (``python -m local.moto_server``): its CPU no longer competes with
    the gateway's event loop for one GIL, and the operating system gives it a core of its own when one is free.
    The stack's process reads the mailbox over HTTP (``LocalReads``)."""

    process: subprocess.Popen[bytes]
    endpoint: str

    def stop(self) -> None:
        """SIGTERM: moto's process logs what its request lock cost and exits."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def _records(self) -> dict[str, list[dict[str, Any]]]:
        import httpx

        reply = httpx.get(self.endpoint + SENT_PATH, timeout=30, trust_env=False)
        reply.raise_for_status()
        records: dict[str, list[dict[str, Any]]] = reply.json()
        return records

    def sent_emails(self) -> list[SentMail]:
        """The e-mails the app sent through moto's SES, newest first (the stack serves them at /_local/mail)."""
        from local.mailbox import mails_of

        return mails_of(self._records())

    def sent_sms(self) -> list[SentSms]:
        """The text messages the app published through moto's SNS, newest first (listed at /_local/mail)."""
        from local.mailbox import texts_of

        return texts_of(self._records())


def spawn_moto(host: str = "127.0.0.1", timeout: float = 60.0) -> MotoProcess:
    """Starts ``python -m local.moto_server`` and waits for the endpoint it prints once it listens. It shares the
    stack's process group (Ctrl-C reaches it, and it ignores it: the stack stops it after the workers) and its
    stderr; it exits by itself if the stack dies without stopping it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "local.moto_server", "--host", host, "--parent", str(os.getpid())],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
        env={**{k: v for k, v in os.environ.items() if k not in FOREIGN_VARIABLES}, **CREDENTIALS},
    )
    assert process.stdout is not None
    ready = threading.Event()
    lines: list[str] = []

    def read_endpoint() -> None:
        assert process.stdout is not None
        lines.append(process.stdout.readline().decode(errors="replace").strip())
        ready.set()

    threading.Thread(target=read_endpoint, name="moto-endpoint", daemon=True).start()
    if not ready.wait(timeout) or not lines[0].startswith(ENDPOINT_LINE):
        process.kill()
        process.wait(timeout=5)
        raise RuntimeError(f"moto's process did not start within {timeout:.0f} s (exit code {process.returncode})")
    process.stdout.close()
    return MotoProcess(process=process, endpoint=lines[0].removeprefix(ENDPOINT_LINE))


def serve_forever_here(host: str, parent_pid: int) -> None:
    """The body of ``python -m local.moto_server``: serves until SIGTERM, or until the stack is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One request at a time computes (under the lock); the other threads only read a request or write an answer,
    # and each of those waits for the running one to give up the GIL: every 5 ms by default, every 1 ms here.
    sys.setswitchinterval(0.001)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    backend = start_moto(host, 0, local_reads=True)
    # The endpoint is the one line on stdout, which the stack reads; everything else goes to the shared stderr.
    print(ENDPOINT_LINE + backend.endpoint, flush=True)
    os.dup2(2, 1)
    while not stop.wait(1.0):
        if os.getppid() != parent_pid:
            break
    backend.stop()
    log_lock_stats(backend.requests.stats)


def log_lock_stats(stats: LockStats) -> None:
    """How much the one-request-at-a-time lock in front of moto cost this run."""
    if stats.requests:
        logging.getLogger("local.moto").info(
            "moto served %d requests one at a time: busy %.1f s, waited for the lock %.1f s in all "
            "(%.1f ms a request on average, longest wait %.0f ms)",
            stats.requests,
            stats.held_seconds,
            stats.waited_seconds,
            1000 * stats.waited_seconds / stats.requests,
            1000 * stats.longest_wait_seconds,
        )


# Fake credentials, so that nothing can ever reach real AWS; moto's process checks presigned POSTs with the same.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}


def stack_environment(*, moto_endpoint: str, app_url: str, jwt_secret: str | None = None) -> dict[str, str]:
    """What the app needs to run against moto. Fake credentials, so that nothing can ever reach real AWS."""
    return {
        "AWS_ENDPOINT_URL": moto_endpoint,
        **CREDENTIALS,
        "DOCSPOT_STAGE": "local",
        "DOCSPOT_JWT_SECRET": jwt_secret or secrets.token_urlsafe(48),
        "DOCSPOT_APP_URL": app_url,
        "POWERTOOLS_SERVICE_NAME": "docspot",
        "POWERTOOLS_METRICS_NAMESPACE": "DocSpot",
        "POWERTOOLS_TRACE_DISABLED": "1",
        "POWERTOOLS_METRICS_DISABLED": "1",
    }


# A profile, a session token or an SSM parameter name left in the developer's shell would point the app at AWS.
FOREIGN_VARIABLES = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "DOCSPOT_JWT_SECRET_PARAM")


def apply_environment(values: dict[str, str]) -> None:
    for name in FOREIGN_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(values)


def verify_sender(address: str) -> None:
    """moto's SES refuses mail from an unverified source, as SES in its sandbox does."""
    import boto3

    boto3.client("ses").verify_email_identity(EmailAddress=address)


def sent_emails() -> list[SentMail]:
    """What moto's SES backend in this process holds, newest first (``MotoBackend.sent_emails`` reads it safely)."""
    from moto.core.models import DEFAULT_ACCOUNT_ID

    from local.mailbox import read_moto

    return read_moto(DEFAULT_ACCOUNT_ID, REGION)
