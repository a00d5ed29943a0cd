from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.models.base import STREAM_VIEW, Model, table_meta


class AppointmentsByPatient(GlobalSecondaryIndex["Appointment"]):
    Meta = table_meta("appointments", index_name="patient-index", projection=AllProjection())
    patient_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class AppointmentsByDoctor(GlobalSecondaryIndex["Appointment"]):
    Meta = table_meta("appointments", index_name="doctor-index", projection=AllProjection())
    doctor_id = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class AppointmentsByDay(GlobalSecondaryIndex["Appointment"]):
    """Every appointment of a UTC day: reminders and the admin's day view, without a scan."""

    Meta = table_meta("appointments", index_name="day-index", projection=AllProjection())
    day = UnicodeAttribute(hash_key=True)
    start = UnicodeAttribute(range_key=True)


class Appointment(Model):
    # The stream feeds the side effects of a change (services/effects): both images, so a change can be told.
    Meta = table_meta("appointments", stream_view_type=STREAM_VIEW)
    appointment_id = UnicodeAttribute(hash_key=True)
    patient_id = UnicodeAttribute()
    doctor_id = UnicodeAttribute()
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    day = UnicodeAttribute()
    status = UnicodeAttribute()
    reason_for_visit = UnicodeAttribute(default="")
    notes = UnicodeAttribute(null=True)
    summary = UnicodeAttribute(null=True)
    # What the doctor asks the patient to do next, set when completing: instructions, and within how many days
    # of the visit to come back (the appointment page then offers the doctor's free slots around that day).
    follow_up_instructions = UnicodeAttribute(null=True)
    follow_up_within_days = NumberAttribute(null=True)
    cancel_reason = UnicodeAttribute(null=True)
    cancelled_by = UnicodeAttribute(null=True)
    sequence = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # When the current start was set by a reschedule (else it is created_at): no reminder for a time booked
    # inside that reminder's window. Reminder flags are epoch seconds: a claim lasts until ``*_claimed_until``,
    # ``*_sent_at`` says it went (services/reminders.py). A reschedule clears all of them and the attendance.
    rescheduled_at = UTCDateTimeAttribute(null=True)
    reminder_24h_claimed_until = NumberAttribute(null=True)
    reminder_24h_sent_at = NumberAttribute(null=True)
    reminder_1h_claimed_until = NumberAttribute(null=True)
    reminder_1h_sent_at = NumberAttribute(null=True)
    attendance_confirmed_at = UTCDateTimeAttribute(null=True)
    # Set in the review's own transaction, on condition that it is not set yet: one review per visit.
    reviewed_at = UTCDateTimeAttribute(null=True)
    # The slot's appointment type as it was at booking (a later change of the type's price does not touch it).
    appointment_type_id = UnicodeAttribute(null=True)
    appointment_type_name = UnicodeAttribute(null=True)
    mode = UnicodeAttribute(null=True)  # in_person | video
    clinic_id = UnicodeAttribute(null=True)
    price_amount = UnicodeAttribute(null=True)  # a decimal string, "80.00"
    price_currency = UnicodeAttribute(null=True)  # ISO 4217
    # A video visit's room (the full URL): only its patient and doctor ever see it; cancelling removes it.
    video_url = UnicodeAttribute(null=True)
    # The last change others must hear of, written with it (services/effects reads it from the stream): a new
    # ``change_id`` each time, its kind (booked, confirmed, ...), who made it (a role), and the feed record
    # written with it (``notice_user_id`` + ``notice_created``), if any. Updates that tell no one (reminder claims,
    # a review) leave them as they were, so the stream consumer sees no new change.
    change_id = UnicodeAttribute(null=True)
    change_kind = UnicodeAttribute(null=True)
    change_by = UnicodeAttribute(null=True)
    notice_user_id = UnicodeAttribute(null=True)
    notice_created = UnicodeAttribute(null=True)
    by_patient = AppointmentsByPatient()
    by_doctor = AppointmentsByDoctor()
    by_day = AppointmentsByDay()
