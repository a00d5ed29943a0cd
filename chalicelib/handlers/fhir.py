"""SMART Scheduling Links: the ``$bulk-publish`` manifest and the NDJSON files it lists. Public, no sign-in.

The manifest's route is ``/fhir/{operation}`` answering only ``$bulk-publish`` (also percent-encoded): a literal
``$`` in the route would become an API Gateway resource path part, and we do not lean on API Gateway accepting
one. See docs/architecture.md, "The slot publication".
"""

from __future__ import annotations

from urllib.parse import unquote

from chalice.app import Blueprint, Response

from chalicelib.config import get_settings
from chalicelib.errors import NotFound
from chalicelib.handlers._http import api_route, query
from chalicelib.services.core.etags import etag_matches
from chalicelib.services.publishing import publication

fhir = Blueprint(__name__)
BULK_PUBLISH = "$bulk-publish"


def _caching(etag: str) -> dict[str, str | list[str]]:
    return {"ETag": etag, "Cache-Control": f"public, max-age={get_settings().publication_cache_seconds}"}


@api_route(fhir, "/fhir/{operation}", methods=["GET"], authorized=False)
def bulk_publish(operation: str) -> Response:
    if unquote(operation) != BULK_PUBLISH:
        raise NotFound("no such FHIR operation; the manifest is /fhir/$bulk-publish", code="NOT_FOUND")
    request = fhir.current_request
    manifest = publication.manifest(query(request, "_since"))
    if etag_matches(request.headers.get("if-none-match"), manifest.etag):
        return Response(body="", status_code=304, headers=_caching(manifest.etag))
    return Response(
        body=manifest.body.model_dump_json(exclude_none=True),
        status_code=200,
        headers={"Content-Type": "application/json", **_caching(manifest.etag)},
    )


@api_route(fhir, "/fhir/files/{name}", methods=["GET"], authorized=False)
def published_file(name: str) -> Response:
    answer = publication.published_file(name, fhir.current_request.headers.get("if-none-match"))
    if answer.body is None:
        return Response(body="", status_code=304, headers=_caching(answer.etag))
    return Response(
        body=answer.body.decode(),
        status_code=200,
        headers={"Content-Type": publication.NDJSON, **_caching(answer.etag)},
    )
