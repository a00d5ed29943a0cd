"""Patients' documents on an appointment, uploaded and fetched by the browser straight to and from S3.

1. ``start_upload``: the server picks the key (``pending/{appointment}/{file}``) and signs a POST policy that
   allows exactly that key, the announced content type and the announced size. The record starts PENDING
   with an expiry (the table's TTL attribute); the bucket's lifecycle rule removes abandoned ``pending/`` objects.
2. ``complete_upload`` (the patient's call, or the S3 event backstop): HeadObject and the first bytes must match
   what was announced; then the object is copied to ``files/...`` and the record becomes UPLOADED. A mismatch
   deletes the object and the record (422). Completing twice answers the same file.
3. Every download link handed out (in a list or alone) is written to the audit table first.

**At most ``max_files_per_appointment`` files, decided by DynamoDB.** Each file holds one of the appointment's
numbered seats, an item in ``unique_keys`` (``files#{appointment}#{n}``, owner: the file id) written in the same
transaction as the record, on condition that the seat is free or its holder's upload expired unfinished. The seat
carries the record's expiry while PENDING and none once UPLOADED, so abandoned uploads give their seat back
without any clean-up job, and two racing uploads can never both take the last seat. Completing clears the
expiry of record and seat together (on condition that it has not passed); reclaiming a seat deletes its expired
record in the same transaction, so a record that is live always owns its seat.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from pynamodb.exceptions import TransactWriteError

from chalicelib.adapters.registry import adapters
from chalicelib.config import get_settings
from chalicelib.contracts.common import Page
from chalicelib.contracts.files import FileOut, UploadFormOut, UploadOut, UploadRequest
from chalicelib.errors import NotFound, RuleViolation
from chalicelib.models.appointments import Appointment
from chalicelib.models.audit import AuditEntry
from chalicelib.models.files import PENDING, UPLOADED, FileRecord, pending_key, stored_key
from chalicelib.models.unique_keys import UniqueKey, file_seat_key
from chalicelib.observability import logger
from chalicelib.services import audit
from chalicelib.services.booking.views import get_appointment, require_part
from chalicelib.services.core.authz import Principal
from chalicelib.services.core.dynamo import (
    ConcurrentChange,
    decode_cursor,
    encode_cursor,
    page_size,
    read_page,
    transaction,
    unexplained,
)
from chalicelib.services.files import _rules as rules
from chalicelib.vocabulary import AppointmentStatus, Role

SYSTEM = "system:upload-backstop"
FILE_KEY_SCHEMA = {"appointment_id": "S", "file_id": "S"}


class FileNotFound(NotFound):
    code = "FILE_NOT_FOUND"

    def __init__(self) -> None:
        super().__init__("no such file on this appointment")


class TooManyFiles(RuleViolation):
    code = "TOO_MANY_FILES"


class UploadExpired(RuleViolation):
    code = "UPLOAD_EXPIRED"

    def __init__(self) -> None:
        super().__init__("this upload expired before it was completed; please start it again")


# --- reading -----------------------------------------------------------------------------------------------------


def _expired(record: FileRecord, now: datetime) -> bool:
    return record.status == PENDING and (record.expires_at is None or record.expires_at <= now)


def _find(appointment_id: str, file_id: str) -> FileRecord | None:
    try:
        return FileRecord.get(appointment_id, file_id, consistent_read=True)
    except FileRecord.DoesNotExist:
        return None


def _live(appointment_id: str, file_id: str, now: datetime) -> FileRecord:
    """The file, unless it is missing or an upload that expired unfinished (both 404: neither will ever be one)."""
    record = _find(appointment_id, file_id)
    if record is None or _expired(record, now):
        raise FileNotFound()
    return record


def _all_records(appointment_id: str) -> list[FileRecord]:
    """Every record of the appointment, expired uploads included: a handful at most (one seat each, plus expired
    records not yet reclaimed or removed by TTL)."""
    return list(FileRecord.query(appointment_id, consistent_read=True))


def _out(record: FileRecord, link: tuple[str, datetime] | None = None) -> FileOut:
    return FileOut(
        file_id=record.file_id,
        filename=record.filename,
        content_type=record.content_type,
        size=int(record.size),
        status=UPLOADED if record.status == UPLOADED else PENDING,
        created_at=record.created_at,
        uploaded_at=record.uploaded_at,
        download_url=link[0] if link else None,
        download_expires_at=link[1] if link else None,
    )


def _with_links(records: list[FileRecord], principal: Principal, part: str) -> list[FileOut]:
    """The files as ``principal`` sees them, each UPLOADED one with a fresh download link. Every link handed out is
    access to health data: its audit entry is written (all in one request) before any link leaves."""
    settings, storage = get_settings(), adapters().storage
    links: dict[str, tuple[str, datetime]] = {}
    entries: list[AuditEntry] = []
    for record in records:
        if record.status != UPLOADED:
            continue
        link = storage.download_link(
            record.s3_key,
            disposition=rules.content_disposition(record.filename),
            content_type=record.content_type,
            seconds=settings.download_url_seconds,
        )
        links[record.file_id] = (link.url, link.expires_at)
        entries.append(
            audit.entry(
                entity=f"appointment#{record.appointment_id}",
                actor=principal.user_id,
                action="file.download-link",
                detail={"file_id": record.file_id, "as": part, "expires_at": link.expires_at.isoformat()},
            )
        )
    audit.record_all(entries)
    return [_out(record, links.get(record.file_id)) for record in records]


def list_files(principal: Principal, appointment_id: str, *, limit: int | None, cursor: str | None) -> Page[FileOut]:
    """The appointment's files for its patient, its doctor and admins. The patient also sees uploads in progress;
    the others only checked files. Expired uploads are nobody's."""
    size = page_size(limit)
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    now = adapters().clock.now()
    condition = None if part == Role.PATIENT else FileRecord.status == UPLOADED
    rows = FileRecord.query(
        appointment_id,
        filter_condition=condition,
        consistent_read=True,
        limit=size,
        last_evaluated_key=decode_cursor(cursor, FILE_KEY_SCHEMA),
    )
    records = [r for r in read_page(rows, cursor=cursor) if not _expired(r, now)]
    return Page[FileOut](
        items=_with_links(records, principal, part), next_cursor=encode_cursor(rows.last_evaluated_key)
    )


def get_file(principal: Principal, appointment_id: str, file_id: str) -> FileOut:
    """One file with a fresh download link (audited), e.g. when the reader opens it after the list's links lapsed."""
    appointment = get_appointment(appointment_id)
    part = require_part(appointment, principal, Role.PATIENT, Role.DOCTOR, Role.ADMIN)
    record = _live(appointment_id, file_id, adapters().clock.now())
    if part != Role.PATIENT and record.status != UPLOADED:
        raise FileNotFound()
    return _with_links([record], principal, part)[0]


# --- uploading ---------------------------------------------------------------------------------------------------


def _owned(principal: Principal, appointment_id: str) -> Appointment:
    appointment = get_appointment(appointment_id)
    require_part(appointment, principal, Role.PATIENT)
    return appointment


def _seat_candidates(records: list[FileRecord], now: datetime, seats: int) -> list[tuple[int, FileRecord | None]]:
    """Seats worth trying, best first: those nobody's record names, then those of uploads that expired unfinished
    (with the record to remove). The read only orders the attempts; each attempt's conditions decide."""
    holders = {int(r.seat): r for r in records}
    free: list[tuple[int, FileRecord | None]] = [(n, None) for n in range(seats) if n not in holders]
    stale: list[tuple[int, FileRecord | None]] = [
        (n, record) for n, record in sorted(holders.items()) if n < seats and _expired(record, now)
    ]
    return free + stale


TAKEN, LOST, CLASHED = "taken", "lost", "clashed"


def _take_seat(record: FileRecord, seat: int, stale: FileRecord | None, now: datetime) -> str:
    """Writes the record and its seat in one transaction: TAKEN; LOST when the seat was taken meanwhile; CLASHED
    when DynamoDB cancelled it for a concurrent transaction on the same items (the seat may still be free)."""
    key = file_seat_key(record.appointment_id, seat)
    tx = transaction()
    try:
        with tx:
            if stale is None:
                claim = UniqueKey.key.does_not_exist() | (UniqueKey.expires_at < now)
            else:
                claim = (UniqueKey.owner_id == stale.file_id) & (UniqueKey.expires_at < now)
                tx.delete(
                    stale,
                    condition=FileRecord.file_id.does_not_exist() | (FileRecord.status == PENDING),
                    part="stale",
                )
            tx.save(
                UniqueKey(key=key, owner_id=record.file_id, expires_at=record.expires_at), condition=claim, part="seat"
            )
            tx.save(record, condition=FileRecord.file_id.does_not_exist(), part="file")
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed_parts():
            return LOST
        if isinstance(unexplained(exc), ConcurrentChange):
            return CLASHED
        raise
    return TAKEN


def start_upload(principal: Principal, appointment_id: str, request: UploadRequest) -> UploadOut:
    """A PENDING record holding one of the appointment's seats, and the form that uploads its bytes."""
    settings = get_settings()
    content_type = rules.accepted_type(request.content_type)
    rules.check_size(request.size, settings.upload_max_bytes)
    filename = rules.display_name(request.filename, content_type)
    appointment = _owned(principal, appointment_id)
    if appointment.status == AppointmentStatus.CANCELLED:
        raise RuleViolation("a cancelled appointment takes no new files", code="APPOINTMENT_CANCELLED")
    now = adapters().clock.now()
    file_id = uuid.uuid4().hex
    record = FileRecord(
        appointment_id=appointment_id,
        file_id=file_id,
        status=PENDING,
        s3_key=pending_key(appointment_id, file_id),
        filename=filename,
        content_type=content_type,
        size=request.size,
        seat=0,
        uploaded_by=principal.user_id,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.pending_upload_seconds),
    )
    seats = settings.max_files_per_appointment
    outcomes = []
    for seat, stale in _seat_candidates(_all_records(appointment_id), now, seats):
        record.seat = seat
        outcomes.append(_take_seat(record, seat, stale, now))
        if outcomes[-1] == TAKEN:
            break
    else:
        if CLASHED in outcomes:
            raise ConcurrentChange("other files were being added at the same moment; please try again")
        raise TooManyFiles(f"an appointment holds at most {seats} files; delete one to add another")
    form = adapters().storage.upload_form(
        record.s3_key,
        content_type=content_type,
        size=request.size,
        seconds=settings.upload_form_seconds,
    )
    logger.info("upload started", extra={"appointment_id": appointment_id, "file_id": file_id})
    return UploadOut(
        file_id=file_id,
        upload=UploadFormOut(url=form.url, fields=form.fields),
        expires_at=form.expires_at,
        max_size=settings.upload_max_bytes,
        file=_out(record),
    )


def _remove(record: FileRecord) -> None:
    """The record and its seat, together (a seat another file holds is left alone, and so is the transaction)."""
    tx = transaction()
    try:
        with tx:
            tx.delete(record, condition=FileRecord.file_id.exists(), part="file")
            tx.delete(
                UniqueKey(key=file_seat_key(record.appointment_id, int(record.seat))),
                condition=UniqueKey.key.does_not_exist() | (UniqueKey.owner_id == record.file_id),
                part="seat",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed("file"):
            raise FileNotFound() from exc
        raise unexplained(exc) from exc


def _check_arrival(record: FileRecord) -> None:
    """422 unless the bytes at the record's key are the file announced; a wrong one is deleted with its record."""
    storage = adapters().storage
    stored = storage.head(record.s3_key)
    if stored is None:
        raise RuleViolation("nothing has been uploaded for this file yet", code="UPLOAD_MISSING")
    first = storage.read_start(record.s3_key, rules.SNIFF_BYTES) if stored.size > 0 else b""
    problem = rules.mismatch(
        declared_size=int(record.size),
        declared_type=record.content_type,
        stored_size=stored.size,
        stored_type=stored.content_type,
        first_bytes=first,
    )
    if problem is not None:
        storage.delete(record.s3_key)
        _remove(record)
        logger.info("upload rejected", extra={"appointment_id": record.appointment_id, "file_id": record.file_id})
        raise RuleViolation(f"{problem}; the file was discarded, please upload it again", code="UPLOAD_REJECTED")


def _mark_uploaded(record: FileRecord, now: datetime) -> FileRecord | None:
    """PENDING -> UPLOADED for record and seat together, unless the upload expired or was removed meanwhile (None).
    The record is changed in place to what was written."""
    target = stored_key(record.appointment_id, record.file_id)
    tx = transaction()
    try:
        with tx:
            tx.update(
                record,
                actions=[
                    FileRecord.status.set(UPLOADED),
                    FileRecord.s3_key.set(target),
                    FileRecord.uploaded_at.set(now),
                    FileRecord.expires_at.remove(),
                ],
                condition=(FileRecord.status == PENDING) & (FileRecord.expires_at > now),
                part="file",
            )
            tx.update(
                UniqueKey(key=file_seat_key(record.appointment_id, int(record.seat))),
                actions=[UniqueKey.expires_at.remove()],
                condition=UniqueKey.owner_id == record.file_id,
                part="seat",
            )
    except TransactWriteError as exc:
        if tx.cancellation(exc).failed_parts():
            return None
        raise unexplained(exc) from exc
    record.status, record.s3_key, record.uploaded_at, record.expires_at = UPLOADED, target, now, None
    return record


def _complete(record: FileRecord, actor: str) -> FileRecord:
    now = adapters().clock.now()
    if record.status == UPLOADED:
        return record
    if _expired(record, now):
        raise UploadExpired()
    _check_arrival(record)
    storage = adapters().storage
    source, target = record.s3_key, stored_key(record.appointment_id, record.file_id)
    copied = storage.copy(source, target)
    done = _mark_uploaded(record, now) if copied else None
    if done is None:
        # Another completion won (the same bytes, at the same key: keep them), or the file was deleted or its
        # upload expired meanwhile (remove the copy).
        current = _find(record.appointment_id, record.file_id)
        if current is not None and current.status == UPLOADED:
            return current
        if copied:
            storage.delete(target)
        if current is None:
            raise FileNotFound()
        raise UploadExpired()
    storage.delete(source)
    audit.record(
        entity=f"appointment#{record.appointment_id}",
        actor=actor,
        action="file.uploaded",
        detail={"file_id": record.file_id},
    )
    logger.info("upload completed", extra={"appointment_id": record.appointment_id, "file_id": record.file_id})
    return done


def complete_upload(principal: Principal, appointment_id: str, file_id: str) -> FileOut:
    """The patient's 'I have uploaded it': checked, moved and marked UPLOADED, or 422 with the reason."""
    _owned(principal, appointment_id)
    record = _find(appointment_id, file_id)
    if record is None:
        raise FileNotFound()
    return _out(_complete(record, principal.user_id))


def complete_arrival(key: str) -> str:
    """The backstop for a browser that uploaded but never called complete (an S3 "Object Created" event): the same
    checks as the patient's call. Returns what happened, for the log; never raises for a refused file.

    An object under ``pending/`` whose record is gone (deleted, or its seat reclaimed) or already complete (the
    form posted again while still valid) will never be completed: it is deleted at once. A record always exists
    before its form is handed out, so this never races a first upload."""
    parts = key.split("/")
    if len(parts) != 3 or parts[0] != "pending" or key != pending_key(parts[1], parts[2]):
        return "ignored"
    record = _find(parts[1], parts[2])
    if record is None or record.status == UPLOADED:
        adapters().storage.delete(key)
        return "discarded"
    try:
        done = _complete(record, SYSTEM)
    except (RuleViolation, NotFound) as exc:
        return exc.code
    return done.status


def delete_file(principal: Principal, appointment_id: str, file_id: str) -> None:
    """The object first, then record and seat: a failure half-way leaves a record the patient can delete again,
    never an object nothing points to. (The bucket keeps deleted versions 30 days, then its lifecycle drops them.)"""
    _owned(principal, appointment_id)
    record = _find(appointment_id, file_id)
    if record is None:
        raise FileNotFound()
    adapters().storage.delete(record.s3_key)
    _remove(record)
    audit.record(
        entity=f"appointment#{appointment_id}",
        actor=principal.user_id,
        action="file.deleted",
        detail={"file_id": file_id},
    )
    logger.info("file deleted", extra={"appointment_id": appointment_id, "file_id": file_id})
