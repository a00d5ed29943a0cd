"""The audit viewer: who did what to whom, newest first."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.contracts.analytics import AuditEntryOut, AuditQuery
from chalicelib.contracts.common import Page
from chalicelib.handlers._http import api_route
from chalicelib.services.audit import viewer
from chalicelib.vocabulary import Role

audit_log = Blueprint(__name__)


@api_route(
    audit_log,
    "/admin/audit",
    methods=["GET"],
    roles=[Role.ADMIN],
    query=AuditQuery,
    errors={400: ["INVALID_RANGE", "INVALID_CURSOR"]},
)
def audit_entries(query: AuditQuery) -> Page[AuditEntryOut]:
    """Audit entries newest first: sign-ins and failed ones, account and doctor decisions, exports, file links.

    Filter by `subject_id` (`user#<id>`, `doctor#<id>`...), `actor_id` or `action`, and a range of days; each is
    read from an index. Without a filter a page walks at most 12 months: follow `next_cursor` for older ones."""
    return viewer.entries(
        actor_id=query.actor_id,
        subject_id=query.subject_id,
        action=query.action,
        start=query.start,
        end=query.to,
        limit=query.limit,
        cursor=query.cursor,
    )
