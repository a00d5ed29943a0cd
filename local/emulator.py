"""The API Gateway emulator: one starlette app on HOST:PORT, as the deployed site looks from a browser.

``/api/...`` is the REST API's stage: the prefix is stripped and the request goes to a worker process as an event
(see workers.py). ``/`` is the web app (frontend/dist, built by ``make run``), with ``/config.json`` made from the
request's host and every other page path answered with index.html, as CloudFront does for the SPA; ``/_local`` is
the welcome page with the demo accounts; ``/_local/mail`` is the mailbox of what moto's SES received
(local/mailbox.py; ``/_local/emails``, its old address, redirects there). ``/ws`` is the WebSocket API and
``/_ws/@connections/{id}`` its management API (see ws_gateway.py), served by the same workers.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from local import mailbox
from local.gateway import gateway_response
from local.site_headers import site_headers
from local.workers import GatewayRequest, GatewayResponse, WorkerPool
from local.ws_gateway import WebsocketGateway

if TYPE_CHECKING:
    from local.seed import DemoAccount

log = logging.getLogger("local.emulator")

STAGE_PREFIX = "/api"
SPA_DIR = Path(__file__).resolve().parents[1] / "frontend" / "dist"
# Paths the SPA never answers: an unknown one there is a 404, not the app's index.html.
NOT_SPA = ("api", "_local", "_ws", "ws")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# API Gateway's REST integration timeout.
INTEGRATION_TIMEOUT_SECONDS = 29.0


def error(status: int) -> Response:
    """The gateway's own answers, in the same shape as the app's errors."""
    reply = gateway_response(status)
    return Response(reply["body"], status_code=reply["statusCode"], media_type="application/json")


def _headers(request: Request) -> dict[str, str]:
    """API Gateway's single-value headers: repeated headers are joined with commas, as HTTP allows."""
    joined: dict[str, str] = {}
    for name, value in request.headers.items():
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    return joined


def _to_starlette(reply: GatewayResponse) -> Response:
    response = Response(reply.body, status_code=reply.status)
    response.raw_headers += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in reply.headers]
    return response


def api_proxy(pool: WorkerPool) -> Callable[[Request], Any]:
    async def proxy(request: Request) -> Response:
        # The raw path, as `chalice local` passes it: path parameters reach the app as the client sent them.
        raw_path = request.scope["raw_path"].decode("latin-1")
        query = request.scope["query_string"].decode("latin-1")
        path = (raw_path[len(STAGE_PREFIX) :] or "/") + (f"?{query}" if query else "")
        event = GatewayRequest(method=request.method, path=path, headers=_headers(request), body=await request.body())
        try:
            reply = await pool.invoke(event, timeout=INTEGRATION_TIMEOUT_SECONDS)
        except TimeoutError:
            log.error("%s %s took longer than %.0f s", request.method, raw_path, INTEGRATION_TIMEOUT_SECONDS)
            return error(504)
        except Exception:
            log.exception("%s %s failed in the emulator", request.method, raw_path)
            return error(500)
        return _to_starlette(reply)

    return proxy


def home_page(accounts: Sequence[DemoAccount]) -> str:
    rows = "\n".join(
        f"<tr><td>{html.escape(a.role)}</td><td>{html.escape(a.name)}</td><td><code>{html.escape(a.email)}</code>"
        f"</td><td><code>{html.escape(a.password)}</code></td><td>{html.escape(a.note)}</td></tr>"
        for a in accounts
    )
    links = "".join(
        f'<li><a href="{html.escape(STAGE_PREFIX + path)}"><code>{html.escape(STAGE_PREFIX + path)}</code></a> '
        f"{html.escape(what)}</li>"
        for path, what in (
            ("/health", "is the API up?"),
            ("/specialties", "the specialties"),
            ("/doctors", "approved doctors"),
            ("/doctors?q=Dr%20Schmitd", "typo-tolerant search"),
            ("/fhir/$bulk-publish", "free slots as SMART Scheduling Links (FHIR): the manifest"),
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DocSpot (local)</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2b36}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccd;padding:.3rem .6rem;text-align:left}}</style></head>
<body>
<h1>DocSpot</h1>
<p>DocSpot is a doctor-appointment booking platform: patients find a doctor by specialty or by name, hold a slot
for five minutes and book it; doctors publish their availability; admins approve doctors and keep the catalogue.
This is the local stack: the Chalice API behind an API Gateway emulator, with DynamoDB, S3 and SES from moto and
demo data. <a href="/">The web app</a> is served at <code>/</code>.</p>
<h2>Try the API</h2>
<ul>{links}<li><a href="/_local/mail"><code>/_local/mail</code></a> the local mailbox: every e-mail sent through
SES, with its invite.ics (local only)</li>
</ul>
<h2>Demo accounts</h2>
<table><tr><th>role</th><th>name</th><th>e-mail</th><th>password</th><th></th></tr>
{rows}
</table>
<p>Sign in with <code>POST /api/auth/login</code> and send <code>Authorization: Bearer &lt;access_token&gt;</code>.</p>
</body></html>"""


async def http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405:
        body = json.dumps({"error": {"code": "METHOD_NOT_ALLOWED", "message": "this method is not allowed here"}})
        return Response(body, status_code=405, media_type="application/json")
    return error(status if status == 404 else 500)


async def internal_error(request: Request, exc: Exception) -> Response:
    """Starlette's ServerErrorMiddleware logs the traceback; the client gets the error shape, not HTML."""
    return error(500)


def spa_config(request: Request) -> dict[str, str]:
    """What the SPA reads at start: the API and WebSocket on the host the browser used, so any port works."""
    host = request.headers.get("host") or f"{request.url.hostname}:{request.url.port}"
    scheme = "wss" if request.url.scheme == "https" else "ws"
    return {"stage": "local", "apiUrl": STAGE_PREFIX, "wsUrl": f"{scheme}://{host}/ws"}


def spa_routes(spa_dir: Path, welcome: Callable[[Request], Any]) -> list[BaseRoute]:
    """``/`` and every page path answer index.html; built files are served as they are. Without a build (e.g. a
    stack started without ``make run``), ``/`` is the welcome page."""
    root = spa_dir.resolve()

    def index() -> Response:
        return FileResponse(root / "index.html", headers={"Cache-Control": "no-cache"})

    async def config(request: Request) -> Response:
        return JSONResponse(spa_config(request), headers={"Cache-Control": "no-store"})

    async def page(request: Request) -> Response:
        path = request.path_params.get("path", "")
        if path.split("/", 1)[0] in NOT_SPA:
            return error(404)
        if not (root / "index.html").is_file():
            return await welcome(request) if not path else error(404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            immutable = path.startswith("assets/")
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return index()

    return [
        Route("/config.json", config, methods=["GET"]),
        Route("/", page, methods=["GET", "HEAD"]),
        Route("/{path:path}", page, methods=["GET", "HEAD"]),
    ]


class SiteHeaders:
    """Adds the site's security headers (local/site_headers.py) to every HTTP answer but the local-only pages
    (``/_local`` sets its own policy, ``/_ws`` is the management API), as CloudFront does in AWS for the site and
    ``/api`` alike, overriding what the origin sent."""

    def __init__(self, app: Any, storage_origin: str) -> None:
        self.app = app
        self.storage_origin = storage_origin

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(("/_local", "/_ws")):
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"127.0.0.1").decode("latin-1")
        extra = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in site_headers(
                host=host, storage_origin=self.storage_origin, path=str(scope["path"])
            ).items()
        ]
        names = {name for name, _ in extra}

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, sending)


def create_app(
    pool: WorkerPool,
    *,
    accounts: Sequence[DemoAccount],
    sent_emails: Callable[[], list[mailbox.SentMail]],
    sent_sms: Callable[[], list[mailbox.SentSms]] = list,
    spa_dir: Path = SPA_DIR,
    storage_origin: str = "",
) -> Starlette:
    page = home_page(accounts)

    async def home(request: Request) -> Response:
        return HTMLResponse(page)

    # Off the event loop: reading moto's SES backend waits for the moto request in progress (moto_backend.py).
    async def mail_list(request: Request) -> Response:
        page = mailbox.list_page(await run_in_threadpool(sent_emails), await run_in_threadpool(sent_sms))
        return HTMLResponse(page, headers={"Content-Security-Policy": mailbox.PAGE_POLICY})

    async def mail_json(request: Request) -> Response:
        mails, texts = await run_in_threadpool(sent_emails), await run_in_threadpool(sent_sms)
        return JSONResponse({"items": [m.summary() for m in mails], "sms": [t.summary() for t in texts]})

    async def mail_one(request: Request) -> Response:
        mail = mailbox.find(await run_in_threadpool(sent_emails), request.path_params["mail_id"])
        if mail is None:
            return error(404)
        return HTMLResponse(mailbox.mail_page(mail), headers={"Content-Security-Policy": mailbox.PAGE_POLICY})

    async def mail_attachment(request: Request) -> Response:
        mail = mailbox.find(await run_in_threadpool(sent_emails), request.path_params["mail_id"])
        index = request.path_params["index"]
        if mail is None or index >= len(mail.attachments):
            return error(404)
        attachment = mail.attachments[index]
        disposition = f'attachment; filename="{attachment.filename.replace(chr(34), "")}"'
        headers = {"Content-Disposition": disposition}
        return Response(attachment.data, media_type=attachment.content_type, headers=headers)

    async def old_mailbox(request: Request) -> Response:
        return RedirectResponse("/_local/mail", status_code=308)

    routes: list[BaseRoute] = [
        Route(STAGE_PREFIX, api_proxy(pool), methods=METHODS),
        Route(STAGE_PREFIX + "/{path:path}", api_proxy(pool), methods=METHODS),
        Route("/_local", home, methods=["GET"]),
        Route("/_local/mail", mail_list, methods=["GET"]),
        Route("/_local/mail.json", mail_json, methods=["GET"]),
        Route("/_local/mail/{mail_id}", mail_one, methods=["GET"]),
        Route("/_local/mail/{mail_id}/attachments/{index:int}", mail_attachment, methods=["GET"]),
        Route("/_local/emails", old_mailbox, methods=["GET"]),
        *WebsocketGateway(pool).routes(),
        # Last: the SPA's catch-all (HTTP only, so a WebSocket route anywhere is unaffected) must not shadow these.
        *spa_routes(spa_dir, home),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: http_error, Exception: internal_error},
    )
    app.add_middleware(SiteHeaders, storage_origin=storage_origin)
    return app
