"""Patients' documents on an appointment (the bytes go straight between the browser and S3, see services/files.py),
and the S3 event backstop that completes uploads whose browser never called complete."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.contracts.common import Page
from chalicelib.contracts.files import FileOut, UploadOut, UploadRequest
from chalicelib.handlers._http import api_route, caller, parse_body, query, query_int
from chalicelib.observability import logger
from chalicelib.services.core.authz import require
from chalicelib.services.files import uploads as documents
from chalicelib.vocabulary import Role

files = Blueprint(__name__)

BASE = "/appointments/{appointment_id}/files"


@api_route(files, BASE, methods=["POST"], status=201)
def start_upload(appointment_id: str) -> UploadOut:
    request = files.current_request
    patient = require(caller(request), Role.PATIENT)
    body: UploadRequest = parse_body(request, UploadRequest)
    return documents.start_upload(patient, appointment_id, body)


@api_route(files, BASE, methods=["GET"])
def list_files(appointment_id: str) -> Page[FileOut]:
    request = files.current_request
    principal = require(caller(request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    return documents.list_files(
        principal, appointment_id, limit=query_int(request, "limit"), cursor=query(request, "cursor")
    )


@api_route(files, BASE + "/{file_id}", methods=["GET"])
def get_file(appointment_id: str, file_id: str) -> FileOut:
    principal = require(caller(files.current_request), Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    return documents.get_file(principal, appointment_id, file_id)


@api_route(files, BASE + "/{file_id}/complete", methods=["POST"])
def complete_upload(appointment_id: str, file_id: str) -> FileOut:
    patient = require(caller(files.current_request), Role.PATIENT)
    return documents.complete_upload(patient, appointment_id, file_id)


@api_route(files, BASE + "/{file_id}", methods=["DELETE"])
def delete_file(appointment_id: str, file_id: str) -> None:
    patient = require(caller(files.current_request), Role.PATIENT)
    documents.delete_file(patient, appointment_id, file_id)


@files.lambda_function(name="upload-backstop")
def complete_arrivals(event: dict[str, Any], context: Any) -> dict[str, str]:
    """An EventBridge "Object Created" event of the uploads bucket (infra/template.json routes only ``pending/``)."""
    key = str(((event.get("detail") or {}).get("object") or {}).get("key") or "")
    outcome = documents.complete_arrival(key)
    logger.info("upload backstop", extra={"outcome": outcome})
    return {"outcome": outcome}
