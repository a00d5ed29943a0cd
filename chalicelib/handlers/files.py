"""Patients' documents on an appointment (the bytes go straight between the browser and S3, see services/files.py),
and the S3 event backstop that completes uploads whose browser never called complete."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.contracts.common import Page, Paging
from chalicelib.contracts.files import FileOut, UploadOut, UploadRequest
from chalicelib.handlers._http import api_route
from chalicelib.observability import logger
from chalicelib.services.core.authz import Principal
from chalicelib.services.files import uploads as documents
from chalicelib.vocabulary import Role

files = Blueprint(__name__)

BASE = "/appointments/{appointment_id}/files"
READERS = [Role.PATIENT, Role.DOCTOR, Role.ADMIN]
MISSING = ["APPOINTMENT_NOT_FOUND", "FILE_NOT_FOUND"]


@api_route(
    files,
    BASE,
    methods=["POST"],
    roles=[Role.PATIENT],
    status=201,
    body=UploadRequest,
    errors={
        400: ["INVALID_FILENAME", "FILENAME_TOO_LONG"],
        404: ["APPOINTMENT_NOT_FOUND"],
        409: ["TRY_AGAIN"],
        422: ["UNSUPPORTED_FILE_TYPE", "FILE_TOO_LARGE", "TOO_MANY_FILES", "APPOINTMENT_CANCELLED"],
    },
)
def start_upload(appointment_id: str, principal: Principal, body: UploadRequest) -> UploadOut:
    """Announces a file and answers a presigned POST form to upload exactly it straight to storage."""
    return documents.start_upload(principal, appointment_id, body)


@api_route(
    files,
    BASE,
    methods=["GET"],
    roles=READERS,
    query=Paging,
    errors={400: ["INVALID_CURSOR"], 403: ["FORBIDDEN_ROLE"], 404: ["APPOINTMENT_NOT_FOUND"]},
)
def list_files(appointment_id: str, principal: Principal, query: Paging) -> Page[FileOut]:
    """The appointment's files with fresh download links (the patient also sees uploads in progress)."""
    return documents.list_files(principal, appointment_id, limit=query.limit, cursor=query.cursor)


@api_route(files, BASE + "/{file_id}", methods=["GET"], roles=READERS, errors={403: ["FORBIDDEN_ROLE"], 404: MISSING})
def get_file(appointment_id: str, file_id: str, principal: Principal) -> FileOut:
    """One file with a fresh download link (5 minutes)."""
    return documents.get_file(principal, appointment_id, file_id)


@api_route(
    files,
    BASE + "/{file_id}/complete",
    methods=["POST"],
    roles=[Role.PATIENT],
    errors={404: MISSING, 409: ["TRY_AGAIN"], 422: ["UPLOAD_MISSING", "UPLOAD_REJECTED", "UPLOAD_EXPIRED"]},
)
def complete_upload(appointment_id: str, file_id: str, principal: Principal) -> FileOut:
    """After the upload: checks the stored object's size, type and first bytes against what was announced."""
    return documents.complete_upload(principal, appointment_id, file_id)


@api_route(
    files, BASE + "/{file_id}", methods=["DELETE"], roles=[Role.PATIENT], errors={404: MISSING, 409: ["TRY_AGAIN"]}
)
def delete_file(appointment_id: str, file_id: str, principal: Principal) -> None:
    """Deletes the file and its record."""
    documents.delete_file(principal, appointment_id, file_id)


@files.lambda_function(name="upload-backstop")
def complete_arrivals(event: dict[str, Any], context: Any) -> dict[str, str]:
    """An EventBridge "Object Created" event of the uploads bucket (infra/template.json routes only ``pending/``)."""
    key = str(((event.get("detail") or {}).get("object") or {}).get("key") or "")
    outcome = documents.complete_arrival(key)
    logger.info("upload backstop", extra={"outcome": outcome})
    return {"outcome": outcome}
