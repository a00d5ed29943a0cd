"""The local stack: moto, the demo data and the API Gateway emulator in one command, stopped cleanly by Ctrl-C.

Order matters: the environment that points every AWS client at moto is set before the worker pool starts, so the
workers inherit it, and before this process imports chalicelib, whose settings and powertools logger read the
environment once per process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from local import moto_backend
from local.emulator import create_app
from local.queues import QueuePoller
from local.scheduler import Scheduler, enabled, jobs_of
from local.state import owner_alive, read_state, remove_state, state_path, write_state
from local.stopping import Stop, call_on_signal, raise_if_received, received
from local.streams import Poller, start_poller
from local.workers import WorkerPool, configure_logging
from local.ws_gateway import REFUSAL_NOISE, WS_PATH, management_endpoint, server_options

if TYPE_CHECKING:
    from local.seed import DemoAccount

log = logging.getLogger("local")

MAX_WORKERS = 64


class StartupError(Exception):
    pass


def default_workers() -> int:
    """Two a core: a worker spends most of an API request waiting for moto's answers (python -m bench.load, CPU
    by process), so one a core would leave the cores idle while moto, in its own process, has work queued."""
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


@dataclass(frozen=True)
class Options:
    host: str
    port: int
    workers: int

    @classmethod
    def from_env(cls) -> Options:
        host = os.environ.get("HOST") or "127.0.0.1"
        try:
            port = int(os.environ.get("PORT") or "8000")
            workers = int(os.environ.get("WORKERS") or default_workers())
        except ValueError as exc:
            raise StartupError(f"PORT and WORKERS must be whole numbers ({exc})") from exc
        if not 0 <= port <= 65535:
            raise StartupError(f"PORT must be between 0 and 65535, not {port}")
        if not 1 <= workers <= MAX_WORKERS:
            raise StartupError(f"WORKERS must be between 1 and {MAX_WORKERS}, not {workers}")
        return cls(host=host, port=port, workers=workers)


def _give_up() -> None:
    """A second Ctrl-C while stopping: stop waiting, but leave no stale state file behind."""
    remove_state()
    os._exit(1)


def url_host(host: str) -> str:
    """The host to put in links (banner, e-mails): a wildcard address is reachable as the loopback one."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def bind(host: str, port: int) -> socket.socket:
    """Claims the port before the slow work, so a busy port fails in a second with a clear message."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (try PORT=...)") from exc
    sock.listen(2048)
    return sock


def claim_state(path: Path) -> None:
    state = read_state(path)
    if state is not None and owner_alive(state) and state.get("pid") != os.getpid():
        raise StartupError(
            f"another local stack (pid {state['pid']}, {state.get('api_url')}) owns {path}; "
            "stop it first, or set DOCSPOT_LOCAL_STATE to another file"
        )


def banner(
    accounts: list[DemoAccount], *, site_url: str, moto_endpoint: str, state: Path, pids: list[int], seconds: float
) -> str:
    api_url = f"{site_url}/api"
    email_width = max(len(a.email) for a in accounts)
    name_width = max(len(a.name) for a in accounts)
    lines = [
        "",
        f"DocSpot local stack ready in {seconds:.1f} s",
        f"  web app   {site_url}/   (demo accounts and links: {site_url}/_local)",
        f"  API       {api_url}   try {api_url}/health, /specialties, /doctors?q=Dr%20Schmitd",
        f"  WebSocket {ws_url(site_url)}?token=<access_token>   (management API {management_endpoint(site_url)})",
        f"  mailbox   {site_url}/_local/mail   (every e-mail moto's SES accepted, with its attachments)",
        f"  moto      {moto_endpoint}   (its own process: DynamoDB, S3, SES, SNS; stage 'local')",
        f"  workers   {len(pids)} processes (pids {', '.join(map(str, pids))})",
        f"  state     {state}",
        "",
        f"  {'role':<8} {'name':<{name_width}}  {'e-mail':<{email_width}}  {'password':<13}  note",
    ]
    lines += [
        f"  {a.role:<8} {a.name:<{name_width}}  {a.email:<{email_width}}  {a.password:<13}  {a.note}" for a in accounts
    ]
    lines += ["", "Ctrl-C stops the stack; its data lives in memory and goes with it.", ""]
    return "\n".join(lines)


def ws_url(site_url: str) -> str:
    return "ws" + site_url.removeprefix("http") + WS_PATH


def serve(options: Options) -> None:
    started = time.perf_counter()
    path = state_path()
    claim_state(path)
    sock = bind(options.host, options.port)
    site_url = f"http://{url_host(options.host)}:{sock.getsockname()[1]}"
    api_url = f"{site_url}/api"
    moto: moto_backend.MotoProcess | None = None
    pool: WorkerPool | None = None
    scheduler: Scheduler | None = None
    queue_poller: QueuePoller | None = None
    streams_poller: Poller | None = None
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-up")
    try:
        # moto in a process of its own (moto_backend.MotoProcess); every AWS client of the stack, its workers and
        # any process they start reaches it through AWS_ENDPOINT_URL, set here once.
        moto = moto_backend.spawn_moto()
        environment = moto_backend.stack_environment(moto_endpoint=moto.endpoint, app_url=site_url)
        # The workers' WebSocket sender posts to this stack's management API (ws_gateway.py).
        environment["DOCSPOT_WS_ENDPOINT"] = management_endpoint(site_url)
        moto_backend.apply_environment(environment)
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        pool = WorkerPool(options.workers)
        # The workers start (a cold start each: importing the app) while this process seeds the tables.
        warming = background.submit(pool.warm_up)
        # The DynamoDB streams' consumer (mail and pushes of bookings and their changes), in a process of its own.
        streams_poller = start_poller()
        from chalicelib.config import get_settings
        from local.buckets import create_uploads_bucket, site_origins
        from local.queues import consumers_of, create_queues
        from local.seed import seed
        from local.tables import create_tables

        create_tables()
        create_queues()
        create_uploads_bucket(site_origins(site_url))
        moto_backend.verify_sender(get_settings().mail_from)
        accounts = seed()
        # The deploy's one-time migration, run here too (idempotent): tools/default_appointment_types.py.
        from chalicelib.services.availability.appointment_types import give_default_types

        give_default_types()
        # The counters of the analytics, built from the seeded appointments and slots: tools/analytics_backfill.py.
        from chalicelib.services.analytics.backfill import rebuild

        rebuild()
        # The free slots by day, built from the seeded slots and holds: tools/free_days_backfill.py.
        from tools.free_days_backfill import run as rebuild_free_days

        rebuild_free_days()
        try:
            pids = warming.result()
        except BrokenProcessPool as exc:
            raise StartupError("the workers could not start the app (its error is printed above)") from exc
        write_state(
            {
                "pid": os.getpid(),
                "stage": environment["DOCSPOT_STAGE"],
                "region": environment["AWS_REGION"],
                "moto_endpoint": moto.endpoint,
                "site_url": site_url,
                "api_url": api_url,
                "ws_url": ws_url(site_url),
                "jwt_secret": environment["DOCSPOT_JWT_SECRET"],
            },
            path,
        )
        # The streams' consumer reads from here on: the demo's past tells no one.
        streams_poller.go()
        app = create_app(
            pool,
            accounts=accounts,
            sent_emails=moto.sent_emails,
            sent_sms=moto.sent_sms,
            storage_origin=moto.endpoint,
        )
        from app import app as chalice_app

        if enabled():
            scheduler = Scheduler(pool, jobs_of(chalice_app, time.monotonic()))
        # The fan-out's consumers drain their queues whether or not the schedules run (local/queues.py).
        queue_poller = QueuePoller(
            pool, consumers_of(chalice_app, environment["DOCSPOT_STAGE"]), environment["AWS_REGION"]
        )
        server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=5, **server_options())
        )
        logging.getLogger("uvicorn.access").setLevel(logging.INFO)
        logging.getLogger("uvicorn.error").addFilter(REFUSAL_NOISE)
        # From here a signal asks the server to stop (uvicorn catches signals itself while it serves, then passes
        # them on to this handler); a stop request that arrived during the start ends it now.
        call_on_signal(lambda: setattr(server, "should_exit", True))
        raise_if_received()
        seconds = time.perf_counter() - started
        print(
            banner(accounts, site_url=site_url, moto_endpoint=moto.endpoint, state=path, pids=pids, seconds=seconds),
            flush=True,
        )
        queue_poller.start()
        print(
            f"  streams   polled by process {streams_poller.process.pid}; `make dlq` lists what it parked", flush=True
        )
        if scheduler is not None:
            scheduler.start()
            print(f"  schedules {', '.join(scheduler.names)} run at their rates (SCHEDULES=off stops them)", flush=True)
        asyncio.run(server.serve(sockets=[sock]))
    finally:
        call_on_signal(_give_up)
        sock.close()
        if scheduler is not None:
            scheduler.stop()
        if queue_poller is not None:
            queue_poller.stop()
        if streams_poller is not None:
            streams_poller.stop()
        if pool is not None:
            pool.shutdown()
        background.shutdown(wait=True, cancel_futures=True)
        if moto is not None:
            moto.stop()
        remove_state(path)


def main() -> int:
    configure_logging()
    try:
        serve(Options.from_env())
    except Stop:
        pass
    except StartupError as exc:
        log.error("%s", exc)
        return 1
    print(f"DocSpot local stack stopped ({received() or 'server exited'}).", flush=True)
    return 0
