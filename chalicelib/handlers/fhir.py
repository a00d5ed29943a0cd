"""SMART Scheduling Links: the ``$bulk-publish`` manifest and the NDJSON files it lists. Public, no sign-in.

The manifest's route is ``/fhir/{operation}`` answering only ``$bulk-publish`` (also percent-encoded): a literal
``$`` in the route would become an API Gateway resource path part, and we do not lean on API Gateway accepting
one. See docs/architecture.md, "The slot publication".
"""

from __future__ import annotations

from urllib.parse import unquote

from chalice.app import Blueprint, Response

from chalicelib.config import get_settings
from chalicelib.contracts.publishing import ManifestOut, ManifestQuery
from chalicelib.errors import NotFound
from chalicelib.handlers._http import api_route
from chalicelib.services.core.etags import etag_matches
from chalicelib.services.publishing import publication

fhir = Blueprint(__name__)
BULK_PUBLISH = "$bulk-publish"


def _caching(etag: str) -> dict[str, str | list[str]]:
    return {"ETag": etag, "Cache-Control": f"public, max-age={get_settings().publication_cache_seconds}"}


IF_NONE_MATCH = {"If-None-Match": "the ETag of the copy you have: 304 when it has not changed"}


@api_route(
    fhir,
    "/fhir/{operation}",
    methods=["GET"],
    authorized=False,
    query=ManifestQuery,
    response=ManifestOut,
    headers=IF_NONE_MATCH,
    errors={400: ["INVALID_SINCE"], 404: ["NOT_PUBLISHED"]},
)
def bulk_publish(operation: str, query: ManifestQuery) -> Response:
    """The SMART Scheduling Links manifest (`operation` is `$bulk-publish`): the published Location, Schedule and
    Slot files, with `_since` only those changed since then."""
    if unquote(operation) != BULK_PUBLISH:
        raise NotFound("no such FHIR operation; the manifest is /fhir/$bulk-publish", code="NOT_FOUND")
    request = fhir.current_request
    manifest = publication.manifest(query.since)
    if etag_matches(request.headers.get("if-none-match"), manifest.etag):
        return Response(body="", status_code=304, headers=_caching(manifest.etag))
    return Response(
        body=manifest.body.model_dump_json(exclude_none=True),
        status_code=200,
        headers={"Content-Type": "application/json", **_caching(manifest.etag)},
    )


@api_route(
    fhir,
    "/fhir/files/{name}",
    methods=["GET"],
    authorized=False,
    response=str,
    media_type="application/fhir+ndjson",
    headers=IF_NONE_MATCH,
    errors={404: ["NOT_PUBLISHED", "PUBLISHED_FILE_NOT_FOUND"]},
)
def published_file(name: str) -> Response:
    """One published file: a FHIR resource a line (`application/fhir+ndjson`)."""
    answer = publication.published_file(name, fhir.current_request.headers.get("if-none-match"))
    if answer.body is None:
        return Response(body="", status_code=304, headers=_caching(answer.etag))
    return Response(
        body=answer.body.decode(),
        status_code=200,
        headers={"Content-Type": publication.NDJSON, **_caching(answer.etag)},
    )
