"""DocSpot's Chalice app: wires blueprints, middleware, WebSocket handlers and schedules, nothing else."""

from chalice.app import Chalice, Rate

from chalicelib.adapters.ws_sender import management_api
from chalicelib.handlers import queues as consumers
from chalicelib.handlers import streams
from chalicelib.handlers._http import http_middleware
from chalicelib.handlers.admin_patients import admin_patients
from chalicelib.handlers.admin_users import admin_users
from chalicelib.handlers.analytics import analytics
from chalicelib.handlers.appointment_types import appointment_types
from chalicelib.handlers.appointments import appointments
from chalicelib.handlers.asyncapi import asyncapi
from chalicelib.handlers.attendance import attendance
from chalicelib.handlers.audit_log import audit_log
from chalicelib.handlers.auth import auth
from chalicelib.handlers.authorizer import authorizer_blueprint
from chalicelib.handlers.availability import availability
from chalicelib.handlers.availability import extend_slot_horizon as _extend_slot_horizon
from chalicelib.handlers.calendar_feeds import calendar_feeds
from chalicelib.handlers.clinics import clinics
from chalicelib.handlers.conversations import conversations
from chalicelib.handlers.disputes import disputes
from chalicelib.handlers.doctors import doctors
from chalicelib.handlers.fhir import fhir
from chalicelib.handlers.files import files
from chalicelib.handlers.health import health
from chalicelib.handlers.holds import holds
from chalicelib.handlers.me import me
from chalicelib.handlers.notifications import notifications
from chalicelib.handlers.openapi import openapi
from chalicelib.handlers.phone import phone
from chalicelib.handlers.plans import plans
from chalicelib.handlers.plans import run_billing as _run_billing
from chalicelib.handlers.platform_settings import platform_settings
from chalicelib.handlers.records import records
from chalicelib.handlers.reviews import reviews
from chalicelib.handlers.schedules import schedules
from chalicelib.handlers.specialties import specialties
from chalicelib.handlers.support import support
from chalicelib.handlers.urgent_requests import urgent_requests
from chalicelib.handlers.waitlist import waitlist
from chalicelib.handlers.websocket import ws_connect as _ws_connect
from chalicelib.handlers.websocket import ws_disconnect as _ws_disconnect
from chalicelib.handlers.websocket import ws_message as _ws_message

app = Chalice(app_name="docspot")
app.experimental_feature_flags.update(["WEBSOCKETS"])
# Replaced before any WebSocket handler is registered: Chalice hands each handler the instance it finds then.
app.websocket_api = management_api()
app.register_middleware(http_middleware, "http")
for blueprint in (
    authorizer_blueprint,
    health,
    openapi,
    asyncapi,
    auth,
    me,
    specialties,
    doctors,
    availability,
    appointment_types,
    clinics,
    holds,
    appointments,
    files,
    records,
    waitlist,
    notifications,
    admin_users,
    attendance,
    schedules,
    fhir,
    calendar_feeds,
    phone,
    support,
    reviews,
    conversations,
    urgent_requests,
    analytics,
    audit_log,
    plans,
    platform_settings,
    disputes,
    admin_patients,
):
    app.register_blueprint(blueprint)

# Chalice names a schedule's Lambda handler ``app.<function name>``, so the job is bound here under its own name.
extend_slot_horizon = app.schedule(Rate(1, unit=Rate.DAYS), name="slot-horizon")(_extend_slot_horizon)
run_billing = app.schedule(Rate(1, unit=Rate.DAYS), name="billing")(_run_billing)
# The fan-out's consumers (docs/architecture.md, "Fan-out over SQS"); infra/package.py binds them to the stage's queues.
extend_horizon_batches = app.on_sqs_message(
    queue=consumers.HORIZON_QUEUE,
    batch_size=consumers.HORIZON_BATCH_SIZE,
    maximum_concurrency=consumers.HORIZON_CONCURRENCY,
    name="horizon-batches",
)(consumers.extend_horizon_batches)
send_reminder_slices = app.on_sqs_message(
    queue=consumers.REMINDER_QUEUE,
    batch_size=consumers.REMINDER_BATCH_SIZE,
    maximum_concurrency=consumers.REMINDER_CONCURRENCY,
    name="reminder-slices",
)(consumers.send_reminder_slices)
# Invoices' PDFs travel base64-encoded through API Gateway.
app.api.binary_types.append("application/pdf")

# Chalice names WebSocket handlers ``app.<function name>`` too (routes $connect, $default, $disconnect).
ws_connect = app.on_ws_connect()(_ws_connect)
ws_message = app.on_ws_message()(_ws_message)
ws_disconnect = app.on_ws_disconnect()(_ws_disconnect)

# The side effects of appointment and slot changes, from their tables' streams (services/effects), each consumer
# bound under its own name as the schedules are; the stream ARNs and the retry policy are set by infra/package.py.
appointment_effects = app.on_dynamodb_record(
    stream_arn=streams.APPOINTMENTS_STREAM, batch_size=streams.BATCH_SIZE, name="appointment-effects"
)(streams.appointment_effects)
slot_effects = app.on_dynamodb_record(
    stream_arn=streams.SLOTS_STREAM, batch_size=streams.BATCH_SIZE, name="slot-effects"
)(streams.slot_effects)
