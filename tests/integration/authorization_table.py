"""Who may call what: the answer every operation of the OpenAPI document gives every kind of caller.

``test_authorization_matrix.py`` walks this table: each cell is one request, built so that it would succeed for a
caller who may make it (``RECIPES`` there), and the answer must be exactly the cell. It fails on any difference,
on an operation of the document without a row here, and on a row without a recipe.

A cell is the success status (an int), or ``"status CODE"`` of the refusal. The callers:

- ``anonymous``: no token; ``expired``: the patient's access token, expired a second ago; ``refresh``: the
  patient's refresh token sent as an access token. Behind the token all three are 401 ``UNAUTHORIZED``.
- ``patient``: owns the appointment the rows talk about (with ``doctor``), its file, a notification, a place on
  ``doctor``'s waitlist; ``other patient``: another patient, who owns none of it.
- ``doctor``: approved, the appointment's doctor, owns the slots and rules the rows talk about; ``other doctor``:
  approved, none of it is theirs; ``pending``: a doctor not yet approved.
- ``admin``; ``disabled``: a patient whose account an admin disabled after they signed in (their token is
  otherwise valid).

A new route: add its row here (the document gains its operation as soon as the route is declared, and the test
fails until the row exists), then its recipe in ``test_authorization_matrix.py``: the request that would succeed
for the callers allowed, using ``World``'s fresh objects for anything the request changes.
"""

from __future__ import annotations

CALLERS = (
    "anonymous",
    "patient",
    "other patient",
    "doctor",
    "other doctor",
    "pending",
    "admin",
    "disabled",
    "expired",
    "refresh",
)

OK, CREATED, ACCEPTED, EMPTY = 200, 201, 202, 204
UNAUTH = "401 UNAUTHORIZED"
ROLE = "403 FORBIDDEN_ROLE"
UNAPPROVED = "403 DOCTOR_NOT_APPROVED"
DISABLED = "403 ACCOUNT_DISABLED"
NO_APPT = "404 APPOINTMENT_NOT_FOUND"
NO_SLOT = "404 SLOT_NOT_FOUND"
NOT_FOUND = "404 NOT_FOUND"
NO_TYPE = "404 APPOINTMENT_TYPE_NOT_FOUND"
STATUS = "409 INVALID_STATUS_CHANGE"
# A doctor who never saw the patient gets the answer an unknown patient id gets ("Medical records").
NO_PATIENT = "404 PATIENT_NOT_FOUND"
NO_INVOICE = "404 INVOICE_NOT_FOUND"

Cell = int | str

# fmt: off
#                                                     anonymous patient  other p. doctor   other d. pending     admin    disabled  expired refresh
TABLE: dict[str, tuple[Cell, ...]] = {
    "GET /health":                                   (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /openapi.json":                             (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /asyncapi.json":                            (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    # Accounts and sessions
    "POST /auth/register":                           (CREATED, CREATED, CREATED, CREATED, CREATED, CREATED,    CREATED, CREATED, CREATED, CREATED),
    "POST /auth/login":                              (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /auth/refresh":                            (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /auth/logout":                             (UNAUTH,  EMPTY,   EMPTY,   EMPTY,   EMPTY,   EMPTY,      EMPTY,   DISABLED, UNAUTH, UNAUTH),
    "POST /auth/password-reset":                     (ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED),
    "POST /auth/password-reset/confirm":             (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /me":                                       (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "PATCH /me":                                     (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /admin/users":                              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/users/{user_id}/disable":           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/users/{user_id}/enable":            (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Catalogue
    "GET /specialties":                              (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /admin/specialties":                        (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/specialties":                       (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       CREATED, DISABLED, UNAUTH, UNAUTH),
    "PATCH /admin/specialties/{specialty_id}":       (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /doctors":                                  (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/{doctor_id}":                      (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/me":                               (UNAUTH,  ROLE,    ROLE,    OK,      OK,      OK,         ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PATCH /doctors/me":                             (UNAUTH,  ROLE,    ROLE,    OK,      OK,      OK,         ROLE,    DISABLED, UNAUTH, UNAUTH),
    # only a REJECTED application goes back: the approved and the pending doctor are let in and told so
    "POST /doctors/me/resubmit":                     (UNAUTH,  ROLE,    ROLE,    STATUS,  STATUS,  STATUS,     ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /admin/doctors":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       CREATED, DISABLED, UNAUTH, UNAUTH),
    "GET /admin/doctors":                            (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/doctors/{doctor_id}/approve":       (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/doctors/{doctor_id}/reject":        (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Availability
    "GET /doctors/{doctor_id}/slots":                (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /doctors/me/slots":                        (UNAUTH,  ROLE,    ROLE,    CREATED, CREATED, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /admin/doctors/{doctor_id}/slots":         (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       CREATED, DISABLED, UNAUTH, UNAUTH),
    "PATCH /doctors/me/slots/{slot_id}":             (UNAUTH,  ROLE,    ROLE,    OK,      NO_SLOT, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /doctors/me/slots/{slot_id}":            (UNAUTH,  ROLE,    ROLE,    EMPTY,   NO_SLOT, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/availability-rules":           (UNAUTH,  ROLE,    ROLE,    CREATED, CREATED, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    # Plans, subscriptions and invoices
    "GET /plans":                                    (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /admin/plans":                              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/plans":                             (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       CREATED, DISABLED, UNAUTH, UNAUTH),
    "PATCH /admin/plans/{code}":                     (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/subscription":                  (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/subscription":                 (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/invoices":                      (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/invoices/{invoice_id}":         (UNAUTH,  ROLE,    ROLE,    OK,      NO_INVOICE, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/invoices/{invoice_id}/invoice.pdf": (UNAUTH, ROLE, ROLE,    OK,      NO_INVOICE, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "GET /admin/invoices":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/invoices/{invoice_id}/mark-paid":   (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Platform settings
    "GET /admin/settings":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "PATCH /admin/settings":                         (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Disputes
    "POST /appointments/{appointment_id}/disputes":  (UNAUTH,  CREATED, NO_APPT, CREATED, NO_APPT, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /admin/disputes":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/disputes/{dispute_id}/resolve":     (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Patient management
    "GET /admin/patients":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /admin/patients/{patient_id}":              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/availability-rules":            (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /doctors/me/availability-rules/{rule_id}": (UNAUTH, ROLE,   ROLE,    OK,      "404 RULE_NOT_FOUND", UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    # Holds and booking
    # Appointment types
    "GET /doctors/{doctor_id}/appointment-types":    (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/me/appointment-types":             (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/appointment-types":            (UNAUTH,  ROLE,    ROLE,    CREATED, CREATED, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PATCH /doctors/me/appointment-types/{appointment_type_id}": (UNAUTH, ROLE, ROLE, OK, NO_TYPE, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/appointment-types/{appointment_type_id}/deactivate": (UNAUTH, ROLE, ROLE, OK, NO_TYPE, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "POST /slots/{slot_id}/lock":                    (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /slots/{slot_id}/lock":                  (UNAUTH,  EMPTY,   EMPTY,   ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /appointments":                            (UNAUTH,  CREATED, CREATED, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /appointments":                             (UNAUTH,  OK,      OK,      OK,      OK,      UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /appointments/{appointment_id}":            (UNAUTH,  OK,      NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /appointments/{appointment_id}/cancel":    (UNAUTH,  OK,      NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /appointments/{appointment_id}/reschedule": (UNAUTH, OK,      NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /appointments/{appointment_id}/status":    (UNAUTH,  ROLE,    ROLE,    OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /appointments/{appointment_id}/calendar.ics": (UNAUTH, OK,     NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /attendance":                               (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /attendance":                              (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    # Files
    "POST /appointments/{appointment_id}/files":     (UNAUTH,  CREATED, NO_APPT, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /appointments/{appointment_id}/files":      (UNAUTH,  OK,      NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /appointments/{appointment_id}/files/{file_id}": (UNAUTH, OK,  NO_APPT, OK,      NO_APPT, UNAPPROVED, OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /appointments/{appointment_id}/files/{file_id}/complete": (UNAUTH, OK, NO_APPT, ROLE, ROLE, ROLE,    ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /appointments/{appointment_id}/files/{file_id}": (UNAUTH, EMPTY, NO_APPT, ROLE, ROLE,  ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    # Medical records: ``doctor`` cares for ``patient`` (their appointment); ``other doctor`` never saw them
    "GET /me/record":                                (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /me/record/access-log":                     (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /me/record/export":                         (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /me/record/{kind}":                        (UNAUTH,  CREATED, CREATED, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PATCH /me/record/{kind}/{entry_id}":            (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /me/record/{kind}/{entry_id}":           (UNAUTH,  EMPTY,   EMPTY,   ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /patients/{patient_id}/record":             (UNAUTH,  ROLE,    ROLE,    OK,      NO_PATIENT, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "POST /patients/{patient_id}/record/{kind}":     (UNAUTH,  ROLE,    ROLE,    CREATED, NO_PATIENT, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "PATCH /patients/{patient_id}/record/{kind}/{entry_id}": (UNAUTH, ROLE, ROLE,  OK,      NO_PATIENT, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/patients":                      (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/patients/{patient_id}":         (UNAUTH,  ROLE,    ROLE,    OK,      NO_PATIENT, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/patients/{patient_id}/appointments": (UNAUTH, ROLE, ROLE,  CREATED, NO_PATIENT, UNAPPROVED, ROLE, DISABLED, UNAUTH, UNAUTH),
    # Open to the world: the slot publication, booking pages, calendar feeds (the feed's token is the credential)
    "GET /fhir/{operation}":                         (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /fhir/files/{name}":                        (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /slots/{slot_id}":                          (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/by-slug/{slug}":                   (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/me/slug":                          (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PUT /doctors/me/slug":                          (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /me/calendar-feed":                         (UNAUTH,  OK,      OK,      OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /me/calendar-feed":                        (UNAUTH,  CREATED, CREATED, CREATED, CREATED, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /me/calendar-feed":                      (UNAUTH,  EMPTY,   EMPTY,   EMPTY,   EMPTY,   UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /calendar/{feed}":                          (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    # Waitlist
    "POST /doctors/{doctor_id}/waitlist":            (UNAUTH,  CREATED, CREATED, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/{doctor_id}/waitlist":             (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /doctors/{doctor_id}/waitlist":          (UNAUTH,  EMPTY,   EMPTY,   ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    # Notifications
    "GET /notifications":                            (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /notifications/{notification_id}/read":    (UNAUTH,  OK,      NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, DISABLED, UNAUTH, UNAUTH),
    "POST /notifications/read-all":                  (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
}
# fmt: on


def expected(operation: str, caller: str) -> Cell:
    return TABLE[operation][CALLERS.index(caller)]
