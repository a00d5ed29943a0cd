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
# A ticket is its requester's and the admins': anyone else is told it does not exist.
NO_TICKET = "404 TICKET_NOT_FOUND"
# A review of someone else is not found by a doctor replying to it.
NO_REVIEW = "404 REVIEW_NOT_FOUND"
NO_CARE = "403 NO_CARE_RELATIONSHIP"
# Anyone but a conversation's two parties gets the answer an unknown conversation gets, admins included.
NO_TALK = "404 CONVERSATION_NOT_FOUND"
NO_URGENT = "404 URGENT_REQUEST_NOT_FOUND"
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
    "POST /auth/code":                               (ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED),
    "POST /auth/code/verify":                        (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /me":                                       (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "PATCH /me":                                     (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /admin/users":                              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/users/{user_id}/disable":           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/users/{user_id}/enable":            (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Analytics, exports and the audit viewer
    "GET /admin/analytics":                          (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /admin/analytics.csv":                      (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /admin/appointments.csv":                   (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/analytics":                     (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /admin/audit":                              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
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
    # Clinics
    "GET /clinics":                                  (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /clinics/{clinic_id}":                      (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /admin/clinics":                           (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       CREATED, DISABLED, UNAUTH, UNAUTH),
    "PATCH /admin/clinics/{clinic_id}":              (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/me/clinics":                       (UNAUTH,  ROLE,    ROLE,    OK,      OK,      OK,         ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PUT /doctors/me/clinics":                       (UNAUTH,  ROLE,    ROLE,    OK,      OK,      OK,         ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PUT /admin/doctors/{doctor_id}/clinics":        (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
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
    # Support tickets
    "POST /support/tickets":                         (UNAUTH,  CREATED, CREATED, CREATED, CREATED, CREATED,    CREATED, DISABLED, UNAUTH, UNAUTH),
    "GET /support/tickets":                          (UNAUTH,  OK,      OK,      OK,      OK,      OK,         OK,      DISABLED, UNAUTH, UNAUTH),
    "GET /support/tickets/{ticket_id}":              (UNAUTH,  OK,      NO_TICKET, NO_TICKET, NO_TICKET, NO_TICKET, OK,   DISABLED, UNAUTH, UNAUTH),
    "POST /support/tickets/{ticket_id}/messages":    (UNAUTH,  CREATED, NO_TICKET, NO_TICKET, NO_TICKET, NO_TICKET, CREATED, DISABLED, UNAUTH, UNAUTH),
    "POST /support/tickets/{ticket_id}/assign":      (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /support/tickets/{ticket_id}/status":      (UNAUTH,  OK,      NO_TICKET, NO_TICKET, NO_TICKET, NO_TICKET, OK,   DISABLED, UNAUTH, UNAUTH),
    # A patient's phone number for SMS reminders
    "GET /me/phone":                                 (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PUT /me/phone":                                 (UNAUTH,  ACCEPTED, ACCEPTED, ROLE,  ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /me/phone/confirm":                        (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "PATCH /me/phone":                               (UNAUTH,  OK,      OK,      ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "DELETE /me/phone":                              (UNAUTH,  EMPTY,   EMPTY,   ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    # Ratings and reviews: the patient's completed visit with the doctor; a review of the doctor
    "POST /appointments/{appointment_id}/review":     (UNAUTH,  CREATED, NO_APPT, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /doctors/{doctor_id}/reviews":              (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "POST /reviews/{review_id}/reply":               (UNAUTH,  ROLE,    ROLE,    OK,      NO_REVIEW, UNAPPROVED, ROLE,   DISABLED, UNAUTH, UNAUTH),
    "POST /reviews/{review_id}/report":              (UNAUTH,  ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED, DISABLED, UNAUTH, UNAUTH),
    "GET /admin/reviews":                            (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/reviews/{review_id}/hide":          (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    "POST /admin/reviews/{review_id}/unhide":        (UNAUTH,  ROLE,    ROLE,    ROLE,    ROLE,    ROLE,       OK,      DISABLED, UNAUTH, UNAUTH),
    # Conversations: ``patient`` and ``doctor`` share a care relationship (their appointment); the others do not
    "POST /conversations":                           (UNAUTH,  OK,      NO_CARE, OK,      NO_CARE, UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /conversations":                            (UNAUTH,  OK,      OK,      OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /conversations/{conversation_id}/messages": (UNAUTH,  OK,      NO_TALK, OK,      NO_TALK, NO_TALK,    NO_TALK, DISABLED, UNAUTH, UNAUTH),
    "POST /conversations/{conversation_id}/messages": (UNAUTH, CREATED, NO_TALK, CREATED, NO_TALK, NO_TALK,    NO_TALK, DISABLED, UNAUTH, UNAUTH),
    "POST /conversations/{conversation_id}/read":    (UNAUTH,  OK,      NO_TALK, OK,      NO_TALK, NO_TALK,    NO_TALK, DISABLED, UNAUTH, UNAUTH),
    # Urgent requests: made by ``patient``; claimed by ``doctor`` where the row reads one that was claimed
    "GET /emergency-number":                         (OK,      OK,      OK,      OK,      OK,      OK,         OK,      OK,      OK,     OK),
    "GET /doctors/me/duty":                          (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /doctors/me/duty":                         (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /urgent-requests":                         (UNAUTH,  CREATED, CREATED, ROLE,    ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /urgent-requests":                          (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "GET /urgent-requests/{request_id}":             (UNAUTH,  OK,      NO_URGENT, OK,    NO_URGENT, NO_URGENT, OK,     DISABLED, UNAUTH, UNAUTH),
    "POST /urgent-requests/{request_id}/claim":      (UNAUTH,  ROLE,    ROLE,    OK,      OK,      UNAPPROVED, ROLE,    DISABLED, UNAUTH, UNAUTH),
    "POST /urgent-requests/{request_id}/cancel":     (UNAUTH,  OK,      NO_URGENT, ROLE,  ROLE,    ROLE,       ROLE,    DISABLED, UNAUTH, UNAUTH),
}
# fmt: on


def expected(operation: str, caller: str) -> Cell:
    return TABLE[operation][CALLERS.index(caller)]
