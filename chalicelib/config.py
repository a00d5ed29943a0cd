"""The one place that reads the environment.

Every setting has a safe default for tests and the local stack except the JWT secret, which in AWS comes from an
SSM SecureString (named by ``DOCSPOT_JWT_SECRET_PARAM``) and locally from ``DOCSPOT_JWT_SECRET``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from chalicelib.caches import process_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    jwt_secret: str | None
    jwt_secret_param: str | None
    access_token_seconds: int
    refresh_token_seconds: int
    reset_token_seconds: int
    login_max_failures: int
    login_lock_seconds: int
    rate_limits: bool
    client_ip_header: str | None
    cors_origins: tuple[str, ...]
    mail_from: str
    app_url: str
    directory_cache_seconds: int
    log_level: str
    hold_seconds: int
    offer_hold_seconds: int
    min_notice_minutes: int
    max_advance_days: int
    cancel_notice_minutes: int
    start_early_minutes: int
    horizon_weeks: int
    idempotency_seconds: int
    video_base_url: str
    ws_endpoint: str | None
    ws_connection_seconds: int
    ws_max_messages_per_second: int
    ws_max_connections_per_user: int
    ws_max_topics: int
    uploads_bucket: str
    uploads_kms_key: str | None
    upload_max_bytes: int
    upload_form_seconds: int
    pending_upload_seconds: int
    download_url_seconds: int
    max_files_per_appointment: int
    care_months: int
    max_record_entries: int
    publish_weeks: int
    publication_cache_seconds: int
    urgent_escalation_minutes: int
    emergency_number: str
    audit_retention_days: int
    export_max_rows: int
    horizon_queue_url: str | None
    reminder_queue_url: str | None
    horizon_batch_doctors: int
    reminder_slice_minutes: int

    def table_name(self, name: str) -> str:
        return f"docspot-{self.stage}-{name}"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


@process_cache
def get_settings() -> Settings:
    env = os.environ
    stage = env.get("DOCSPOT_STAGE", "dev")
    return Settings(
        stage=stage,
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        jwt_secret=env.get("DOCSPOT_JWT_SECRET") or None,
        jwt_secret_param=env.get("DOCSPOT_JWT_SECRET_PARAM") or None,
        access_token_seconds=_int("DOCSPOT_ACCESS_TOKEN_SECONDS", 15 * 60),
        refresh_token_seconds=_int("DOCSPOT_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600),
        reset_token_seconds=_int("DOCSPOT_RESET_TOKEN_SECONDS", 3600),
        login_max_failures=_int("DOCSPOT_LOGIN_MAX_FAILURES", 5),
        login_lock_seconds=_int("DOCSPOT_LOGIN_LOCK_SECONDS", 15 * 60),
        # Per-client and per-address limits on sign-up, log-in and password reset ("Rate limits"); "off" only
        # where one client makes every request on purpose (the test suites).
        rate_limits=env.get("DOCSPOT_RATE_LIMITS", "on").strip().lower() != "off",
        # The header a trusted proxy sets to the client's address (CloudFront's "CloudFront-Viewer-Address");
        # without it the connection's source address counts.
        client_ip_header=(env.get("DOCSPOT_CLIENT_IP_HEADER") or "").strip().lower() or None,
        # Origins other than the API's own that browsers may call it from (none: the SPA shares the API's origin).
        cors_origins=tuple(o.strip().rstrip("/") for o in env.get("DOCSPOT_CORS_ORIGINS", "").split(",") if o.strip()),
        mail_from=env.get("DOCSPOT_MAIL_FROM", "no-reply@docspot.test"),
        app_url=env.get("DOCSPOT_APP_URL", "http://127.0.0.1:8000").rstrip("/"),
        directory_cache_seconds=_int("DOCSPOT_DIRECTORY_CACHE_SECONDS", 60),
        log_level=env.get("POWERTOOLS_LOG_LEVEL", "INFO"),
        hold_seconds=_int("DOCSPOT_HOLD_SECONDS", 5 * 60),
        offer_hold_seconds=_int("DOCSPOT_OFFER_HOLD_SECONDS", 15 * 60),
        min_notice_minutes=_int("DOCSPOT_MIN_NOTICE_MINUTES", 60),
        max_advance_days=_int("DOCSPOT_MAX_ADVANCE_DAYS", 90),
        cancel_notice_minutes=_int("DOCSPOT_CANCEL_NOTICE_MINUTES", 120),
        # How long before its start a doctor may start a visit (IN_PROGRESS).
        start_early_minutes=_int("DOCSPOT_START_EARLY_MINUTES", 15),
        horizon_weeks=_int("DOCSPOT_HORIZON_WEEKS", 8),
        idempotency_seconds=_int("DOCSPOT_IDEMPOTENCY_SECONDS", 24 * 3600),
        # Where video visits happen: an unguessable room name is appended (services/booking/appointments.py).
        video_base_url=(env.get("DOCSPOT_VIDEO_BASE_URL") or "https://meet.jit.si/").rstrip("/") + "/",
        # The WebSocket @connections management endpoint, a full URL: in AWS
        # https://{api id}.execute-api.{region}.amazonaws.com/api, locally http://HOST:PORT/_ws.
        ws_endpoint=(env.get("DOCSPOT_WS_ENDPOINT") or "").rstrip("/") or None,
        # API Gateway closes every WebSocket connection after two hours; its items expire with it.
        ws_connection_seconds=_int("DOCSPOT_WS_CONNECTION_SECONDS", 2 * 3600),
        ws_max_messages_per_second=_int("DOCSPOT_WS_MAX_MESSAGES_PER_SECOND", 10),
        ws_max_connections_per_user=_int("DOCSPOT_WS_MAX_CONNECTIONS_PER_USER", 5),
        # At most 99: closing a connection deletes its seat and every subscription in one transaction (100 items).
        ws_max_topics=min(_int("DOCSPOT_WS_MAX_TOPICS", 20), 99),
        uploads_bucket=env.get("DOCSPOT_UPLOADS_BUCKET") or f"docspot-{stage}-uploads",
        uploads_kms_key=env.get("DOCSPOT_UPLOADS_KMS_KEY") or None,
        upload_max_bytes=_int("DOCSPOT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
        upload_form_seconds=_int("DOCSPOT_UPLOAD_FORM_SECONDS", 15 * 60),
        pending_upload_seconds=_int("DOCSPOT_PENDING_UPLOAD_SECONDS", 3600),
        download_url_seconds=_int("DOCSPOT_DOWNLOAD_URL_SECONDS", 5 * 60),
        max_files_per_appointment=_int("DOCSPOT_MAX_FILES_PER_APPOINTMENT", 10),
        # A doctor may read a patient's record through an appointment that is upcoming or ended this many months ago.
        care_months=_int("DOCSPOT_CARE_MONTHS", 12),
        max_record_entries=_int("DOCSPOT_MAX_RECORD_ENTRIES", 200),
        # SMART Scheduling Links: how far ahead slots are published, and how long clients may cache the manifest and
        # the files (the publication itself lives under publication/ in the uploads bucket).
        publish_weeks=_int("DOCSPOT_PUBLISH_WEEKS", 4),
        publication_cache_seconds=_int("DOCSPOT_PUBLICATION_CACHE_SECONDS", 60),
        # An urgent request no doctor claimed within this many minutes is ESCALATED to the admins.
        urgent_escalation_minutes=_int("DOCSPOT_URGENT_ESCALATION_MINUTES", 5),
        # The number the SPA tells patients to call in a life-threatening emergency, before anything else.
        emergency_number=(env.get("DOCSPOT_EMERGENCY_NUMBER") or "").strip() or "112",
        # How long audit entries are kept (their TTL): six years by default, what record-keeping rules commonly ask.
        audit_retention_days=_int("DOCSPOT_AUDIT_RETENTION_DAYS", 2192),
        # Rows of one CSV export response; a longer export continues from the X-Next-Cursor it hands out.
        export_max_rows=_int("DOCSPOT_EXPORT_MAX_ROWS", 5000),
        # The fan-out's queues (docs/architecture.md, "Fan-out over SQS"): their URLs in AWS (infra/package.py);
        # without one a queue is found by its name, docspot-<stage>-horizon or -reminders (the local stack, tests).
        horizon_queue_url=env.get("DOCSPOT_HORIZON_QUEUE_URL") or None,
        reminder_queue_url=env.get("DOCSPOT_REMINDER_QUEUE_URL") or None,
        # Doctors per message of the slot horizon's fan-out, and minutes of the reminder window per message.
        horizon_batch_doctors=max(1, _int("DOCSPOT_HORIZON_BATCH_DOCTORS", 50)),
        reminder_slice_minutes=max(5, _int("DOCSPOT_REMINDER_SLICE_MINUTES", 60)),
    )
