"""The site's security headers as CloudFront sends them in AWS (infra/template.json, ``SecurityHeaders``, and
``EmbedHeaders`` on ``/embed/*``), for the local stack to send too: a page that breaks under the
Content-Security-Policy then breaks in the browser tests, not first in production.

The policy is read from the template itself; only what names AWS differs: the uploads bucket's origins become
moto's (where presigned URLs point locally), the WebSocket API's becomes the site's own ``ws://`` origin,
``upgrade-insecure-requests`` goes, and the embeddable page may be framed by ``http:`` sites as well as ``https:``
ones (the local site and the pages that embed it are plain HTTP).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parents[1] / "infra" / "template.json"


EMBEDDABLE = "/embed/"


@functools.cache
def production_policy(name: str = "SecurityHeaders") -> dict[str, Any]:
    template = json.loads(TEMPLATE.read_text())
    config: dict[str, Any] = template["Resources"][name]["Properties"]["ResponseHeadersPolicyConfig"]
    return config


def local_csp(production: str, *, ws_origin: str, storage_origin: str) -> str:
    directives = []
    for directive in production.split(";"):
        name, *sources = directive.split()
        if name == "upgrade-insecure-requests":
            continue
        kept: list[str] = []
        for source in sources:
            if "execute-api" in source:
                source = ws_origin
            elif "${" in source:
                source = storage_origin
            elif name == "frame-ancestors" and source == "https:":
                kept.append("http:")
            if source not in kept:
                kept.append(source)
        directives.append(" ".join([name, *kept]))
    return "; ".join(directives)


def site_headers(*, host: str, storage_origin: str, path: str = "/") -> dict[str, str]:
    """The headers of every page and file of the site served at ``host`` (``127.0.0.1:8000``); ``path`` picks the
    policy as CloudFront's cache behaviours do."""
    config = production_policy("EmbedHeaders" if path.startswith(EMBEDDABLE) else "SecurityHeaders")
    security = config["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    transport = f"max-age={hsts['AccessControlMaxAgeSec']}"
    if hsts.get("IncludeSubdomains"):
        transport += "; includeSubDomains"
    if hsts.get("Preload"):
        transport += "; preload"
    csp = local_csp(
        security["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"],
        ws_origin=f"ws://{host}",
        storage_origin=storage_origin.rstrip("/"),
    )
    headers = {
        "Content-Security-Policy": csp,
        "Strict-Transport-Security": transport,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }
    if "FrameOptions" in security:
        headers["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    for item in config.get("CustomHeadersConfig", {}).get("Items", []):
        headers[item["Header"]] = item["Value"]
    return headers
