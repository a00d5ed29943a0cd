"""Demo data for the local stack, written through the real services so that every rule applies to it too.

The admin exists only here, in the local stack's seed: a deployed stage gets its admins from ``make admin``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.adapters.registry import adapters, use_adapters
from chalicelib.contracts.accounts import DoctorRegistration, PatientRegistration
from chalicelib.contracts.appointment_types import AppointmentTypeCreate, Price
from chalicelib.contracts.availability import RuleCreate, SlotRunRequest
from chalicelib.contracts.booking import BookingRequest, FollowUpIn, StatusChange
from chalicelib.contracts.catalogue import AdminDoctorCreate, DoctorProfileUpdate, SlugChange, SpecialtyCreate
from chalicelib.contracts.clinics import Address, ClinicCreate, DoctorClinics
from chalicelib.contracts.disputes import DisputeCreate
from chalicelib.contracts.plans import Entitlements, PlanCreate
from chalicelib.contracts.reviews import ReviewCreate, ReviewReply, ReviewReportCreate
from chalicelib.contracts.support import TicketOpen, TicketReply
from chalicelib.models.appointments import Appointment
from chalicelib.services.accounts import users
from chalicelib.services.availability import appointment_types, slots
from chalicelib.services.booking import appointments, lifecycle
from chalicelib.services.catalogue import clinics, doctors, slugs, specialties
from chalicelib.services.core.authz import Principal
from chalicelib.services.disputes import resolution
from chalicelib.services.messaging import conversations as messaging
from chalicelib.services.plans import billing, catalogue, subscriptions
from chalicelib.services.publishing import publication
from chalicelib.services.records import care, entries, patients
from chalicelib.services.records.access_log import Access
from chalicelib.services.reviews import writing as review_writing
from chalicelib.services.support import tickets
from chalicelib.services.urgent import duty
from chalicelib.vocabulary import AppointmentStatus, DisputeKind, Locale, RecordKind, Role, TicketCategory, TicketStatus

ADMIN_EMAIL = "admin@docspot.test"
ADMIN_PASSWORD = "docspot-admin"
DEMO_PASSWORD = "docspot-demo"
DOMAIN = "docspot.test"
# Weekly hours of the demo doctors: (weekdays, from, to, slot minutes, buffer minutes), in each doctor's zone.
# Three weeks of slots keep the stack's start quick; the daily job would extend real rules to the horizon.
DEMO_WEEKS = 3
WEEKLY_HOURS = (
    ([1, 2, 3, 4, 5], time(9, 0), time(13, 0), 30, 0),
    ([1, 3, 5], time(14, 0), time(17, 0), 20, 10),
    ([2, 4], time(8, 0), time(12, 0), 45, 15),
    ([1, 2, 4, 5], time(10, 0), time(15, 0), 30, 5),
)


@dataclass(frozen=True)
class DemoAccount:
    role: str
    name: str
    email: str
    password: str
    note: str = ""


@dataclass(frozen=True)
class DemoDoctor:
    name: str
    specialty: str
    license_number: str
    experience_years: int
    consultation_fee: float
    timezone: str
    bio: str


SPECIALTIES = (
    ("Cardiology", "Heart and blood vessels: chest pain, high blood pressure, palpitations, heart failure."),
    ("Dermatology", "Skin, hair and nails: acne, eczema, psoriasis, mole checks."),
    ("Pediatrics", "Medical care for babies, children and teenagers, from check-ups to vaccinations."),
    ("Neurology", "Brain, spinal cord and nerves: headaches, epilepsy, multiple sclerosis, memory problems."),
    ("Orthopedics", "Bones, joints and muscles: sports injuries, back pain, arthritis, fractures."),
    ("General Practice", "Your first stop for everyday health concerns, prevention and referrals."),
    ("Psychiatry", "Mental health: anxiety, depression, sleep and mood disorders, ADHD."),
    ("Ophthalmology", "Eyes and vision: eye exams, glaucoma, cataracts, dry eyes."),
)

DOCTORS = (
    DemoDoctor(
        "Anna Schmidt",
        "Cardiology",
        "DE-BE-448120",
        14,
        120,
        "Europe/Berlin",
        "Consultant cardiologist at a Berlin teaching hospital. Focus on heart rhythm disorders and prevention "
        "after a heart attack. Consultations in German and English.",
    ),
    DemoDoctor(
        "James Okafor",
        "Cardiology",
        "NY-209871",
        21,
        180,
        "America/New_York",
        "Interventional cardiologist in Manhattan; twenty years of coronary care, hypertension and heart failure "
        "management.",
    ),
    DemoDoctor(
        "Sofia Márquez",
        "Dermatology",
        "ES-MD-28-33417",
        9,
        95,
        "Europe/Madrid",
        "Medical and paediatric dermatology: eczema, acne and skin-cancer screening with dermoscopy.",
    ),
    DemoDoctor(
        "Priya Raman",
        "Pediatrics",
        "GMC-7043218",
        11,
        85,
        "Europe/London",
        "Paediatrician with a special interest in childhood asthma and allergies. Patient with parents, gentle "
        "with children.",
    ),
    DemoDoctor(
        "Hiroshi Tanaka",
        "Neurology",
        "JP-13-551902",
        17,
        150,
        "Asia/Tokyo",
        "Neurologist treating migraine, epilepsy and movement disorders; teleconsultations in Japanese and English.",
    ),
    DemoDoctor(
        "Lukas Novák",
        "Orthopedics",
        "CZ-CLK-60217",
        13,
        130,
        "Europe/Prague",
        "Orthopaedic surgeon and former team doctor of a football club: knee and shoulder injuries, sports "
        "rehabilitation.",
    ),
    DemoDoctor(
        "Grace Whitfield",
        "General Practice",
        "IL-036-118402",
        6,
        60,
        "America/Chicago",
        "Family physician for the whole household: check-ups, chronic conditions, vaccinations and referrals.",
    ),
    DemoDoctor(
        "Daniel Cohen",
        "Psychiatry",
        "CA-A-154420",
        19,
        160,
        "America/Los_Angeles",
        "Adult psychiatrist: anxiety, depression and sleep problems, combining therapy and medication.",
    ),
)

# Clinics in three cities: (key, name, address line, postal code, city, country, lat, lon, phone, zone).
CLINICS = (
    (
        "mitte",
        "Praxis am Hackeschen Markt",
        "Rosenthaler Str. 40",
        "10178",
        "Berlin",
        "DE",
        52.5246,
        13.4021,
        "+493012345678",
        "Europe/Berlin",
    ),
    (
        "prenzlauer",
        "Gesundheitszentrum Prenzlauer Berg",
        "Schönhauser Allee 80",
        "10439",
        "Berlin",
        "DE",
        52.5466,
        13.4137,
        "+493098765432",
        "Europe/Berlin",
    ),
    (
        "marylebone",
        "Marylebone Medical Rooms",
        "25 Harley Street",
        "W1G 9QW",
        "London",
        "GB",
        51.5194,
        -0.1477,
        "+442079460000",
        "Europe/London",
    ),
    (
        "midtown",
        "Midtown Heart & Family Practice",
        "350 5th Ave",
        "10118",
        "New York",
        "US",
        40.7484,
        -73.9857,
        "+12125550100",
        "America/New_York",
    ),
)
# Where each demo doctor works, the languages they consult in, and the currency of their prices. Doctors without a
# clinic see patients by video only.
PRACTICES = {
    "Anna Schmidt": (("mitte", "prenzlauer"), ("de", "en"), "EUR"),
    "Lukas Novák": (("prenzlauer",), ("cs", "de", "en"), "EUR"),
    "Sofia Márquez": (("marylebone",), ("es", "en"), "GBP"),
    "Priya Raman": (("marylebone",), ("en", "ta"), "GBP"),
    "James Okafor": (("midtown",), ("en",), "USD"),
    "Grace Whitfield": (("midtown",), ("en", "es"), "USD"),
    "Hiroshi Tanaka": ((), ("ja", "en"), "EUR"),
    "Daniel Cohen": ((), ("en", "he"), "USD"),
}

PENDING_DOCTOR = DemoDoctor(
    "Elena Petrova",
    "Ophthalmology",
    "AT-W-29315",
    7,
    110,
    "Europe/Vienna",
    "Ophthalmologist: cataract and glaucoma follow-up, eye exams for adults and children.",
)


@dataclass(frozen=True)
class PastVisit:
    """A visit that already happened: booked, held and completed with a summary, ``days_ago`` days before today."""

    patient: str
    doctor: str
    days_ago: int
    reason: str
    notes: str
    summary: str
    follow_up: str | None = None
    within_days: int | None = None
    # What the doctor writes into the patient's record during the visit.
    entries: tuple[tuple[RecordKind, dict[str, Any]], ...] = ()
    # The patient's review a few days after the visit (rating, comment), the doctor's reply, and a report of it by
    # another demo patient (whom, why): what the doctor's page, the doctor's portal and the admin's queue show.
    review: tuple[int, str] | None = None
    reply: str | None = None
    reported_by: tuple[str, str] | None = None


# Records as the patients keep them, and what their doctors added during the visits below.
RECORDS: dict[str, list[tuple[RecordKind, dict[str, Any]]]] = {
    "Paula Patient": [
        (
            RecordKind.ALLERGIES,
            {"substance": "Penicillin", "reaction": "Hives", "severity": "severe", "noted_on": "2015-03-10"},
        ),
        (RecordKind.ALLERGIES, {"substance": "Birch pollen", "reaction": "Sneezing, itchy eyes", "severity": "mild"}),
        (RecordKind.CONDITIONS, {"name": "Asthma", "status": "active", "since": "2009-05-01"}),
        (
            RecordKind.MEDICATIONS,
            {"name": "Salbutamol inhaler", "dose": "100 µg", "frequency": "as needed", "started_on": "2019-09-01"},
        ),
    ],
    "Marco Rossi": [
        (RecordKind.ALLERGIES, {"substance": "Ibuprofen", "reaction": "Stomach pain", "severity": "moderate"}),
        (RecordKind.CONDITIONS, {"name": "Type 2 diabetes", "status": "active", "since": "2018-11-01"}),
        (RecordKind.MEDICATIONS, {"name": "Metformin", "dose": "500 mg", "frequency": "twice daily"}),
    ],
}
PAST_VISITS = (
    PastVisit(
        "Paula Patient",
        "Grace Whitfield",
        150,
        "Asthma review",
        "Peak flow 430 l/min. Inhaler technique good.",
        "Your asthma is well controlled. Keep using the inhaler as needed and come back if you need it more than "
        "twice a week.",
    ),
    PastVisit(
        "Paula Patient",
        "Anna Schmidt",
        40,
        "Palpitations and headaches",
        "BP 148/94 and 145/92. ECG normal. Start ramipril; review in 6 weeks.",
        "Your blood pressure is slightly raised; the ECG was normal. We start a low dose of ramipril.",
        "Measure your blood pressure every morning for four weeks and bring the readings to your next visit.",
        42,
        (
            (
                RecordKind.CONDITIONS,
                {"name": "Hypertension", "status": "active", "notes": "Stage 1; home readings to follow"},
            ),
            (RecordKind.MEDICATIONS, {"name": "Ramipril", "dose": "2.5 mg", "frequency": "once daily, in the morning"}),
        ),
    ),
    PastVisit(
        "Marco Rossi",
        "Anna Schmidt",
        75,
        "Chest tightness when climbing stairs",
        "Exercise ECG unremarkable. Likely deconditioning; diabetes a risk factor.",
        "Your heart test was normal. Regular walks, 30 minutes a day, will help; keep taking metformin.",
        review=(5, "Dr Schmidt took her time, explained the test results clearly and never rushed me."),
        reply="Thank you, Mr Rossi. Keep up the walks!",
    ),
    PastVisit(
        "Lena Müller",
        "Anna Schmidt",
        21,
        "Kontrolle Blutdruck",
        "BP 128/82. No changes.",
        "Ihr Blutdruck ist gut eingestellt.",
        review=(4, "Sehr gründlich und freundlich, nur die Wartezeit war etwas lang."),
    ),
    PastVisit(
        "Lucía Fernández",
        "Anna Schmidt",
        12,
        "Second opinion",
        "Second opinion on an echo; agreed with the first reading.",
        "The echo shows a healthy heart; no treatment is needed.",
        review=(2, "The waiting room was crowded and the receptionist, Mrs K., was rude to the man before me."),
        reported_by=("Paula Patient", "Names and judges a member of staff."),
    ),
    PastVisit(
        "Lena Müller",
        "Grace Whitfield",
        30,
        "Erkältung",
        "Viral URTI, no antibiotics.",
        "Eine Erkältung: viel trinken, Ruhe, in einer Woche ist es vorbei.",
        review=(5, "Schnell einen Termin bekommen, alles gut erklärt."),
    ),
)


# (name, time zone, phone, locale): Lena reads DocSpot in German, so her mail shows the German catalogue.
PATIENTS = (
    ("Paula Patient", "Europe/Berlin", "+49 30 1234567", Locale.EN),
    ("Marco Rossi", "Europe/Rome", "+39 06 7654321", Locale.EN),
    ("Lucía Fernández", "America/Mexico_City", None, Locale.EN),
    ("Lena Müller", "Europe/Berlin", "+49 89 2345678", Locale.DE),
)


def email_for(name: str) -> str:
    """``Lucía Fernández`` -> ``lucia.fernandez@docspot.test``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{'.'.join(plain.lower().split())}@{DOMAIN}"


def _weekly_rule(doctor_id: str, index: int, type_id: str) -> None:
    """The doctor's weekly hours, published for their first appointment type (whose length is the hours')."""
    weekdays, start, end, _minutes, buffer = WEEKLY_HOURS[index % len(WEEKLY_HOURS)]
    today = adapters().clock.now().date()
    rule = RuleCreate.model_validate(
        {
            "weekdays": weekdays,
            "start_time": start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M"),
            "appointment_type_id": type_id,
            "buffer_minutes": buffer,
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(weeks=DEMO_WEEKS)).isoformat(),
        }
    )
    slots.create_rule(doctor_id, rule)


def _price(amount: float, currency: str) -> dict[str, str]:
    return {"amount": f"{amount:.2f}", "currency": currency}


def _practice(actor: Principal, doctor: DemoDoctor, doctor_id: str, index: int, clinic_ids: dict[str, str]) -> None:
    """Where the doctor works, their languages, two or three appointment types (one by video), their weekly hours
    for the first type and two evenings of video slots."""
    places, languages, currency = PRACTICES[doctor.name]
    me = Principal(user_id=doctor_id, role=Role.DOCTOR)
    clinics.set_doctor_clinics(actor, doctor_id, DoctorClinics(clinic_ids=[clinic_ids[key] for key in places]))
    doctors.update_own_profile(me, DoctorProfileUpdate(languages=list(languages)))
    minutes = WEEKLY_HOURS[index % len(WEEKLY_HOURS)][3]
    fee = float(doctor.consultation_fee)
    offered = []
    if places:
        clinic = clinic_ids[places[0]]
        offered += [
            {
                "name": "First consultation",
                "duration_minutes": minutes,
                "price": _price(fee, currency),
                "mode": "in_person",
                "clinic_id": clinic,
                "description": "History, examination and a plan.",
            },
            {
                "name": "Follow-up",
                "duration_minutes": 15,
                "price": _price(fee * 0.6, currency),
                "mode": "in_person",
                "clinic_id": clinic,
            },
        ]
    offered.append(
        {
            "name": "Video consultation",
            "duration_minutes": minutes if not places else 20,
            "price": _price(fee * 0.8, currency),
            "mode": "video",
            "description": "From home, by video.",
        }
    )
    if not places:
        offered.append(
            {"name": "Video follow-up", "duration_minutes": 15, "price": _price(fee * 0.5, currency), "mode": "video"}
        )
    made = [appointment_types.create(doctor_id, AppointmentTypeCreate.model_validate(body)) for body in offered]
    _weekly_rule(doctor_id, index, made[0].appointment_type_id)
    video = next(t for t in made if t.mode == "video")
    today = adapters().clock.now().date()
    for days in (1, 2):
        run = {
            "date": (today + timedelta(days=days)).isoformat(),
            "start_time": "18:00",
            "end_time": "19:00",
            "appointment_type_id": video.appointment_type_id,
        }
        slots.publish_run(doctor_id, SlotRunRequest.model_validate(run))


class _FixedClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@contextmanager
def _as_of(moment: datetime) -> Iterator[None]:
    """Runs the services as if it were ``moment``: how the seed gives the demo patients a past."""
    previous = adapters().clock
    use_adapters(clock=_FixedClock(moment))
    try:
        yield
    finally:
        use_adapters(clock=previous)


@contextmanager
def _unannounced() -> Iterator[None]:
    """Nobody watches the demo's past: its bookings and visits go without pushes or mail, which would otherwise be
    most of the history's requests (and of the stack's start-up time under load)."""
    from chalicelib.services.core import announce

    original = announce.announce
    announce.announce = lambda *happenings: None
    try:
        yield
    finally:
        announce.announce = original


def _past_visit(visit: PastVisit, doctor_id: str, patient_id: str, zone: str) -> str:
    """Publishes a slot, books it and completes the visit, each at the time it would have happened."""
    from zoneinfo import ZoneInfo

    now = adapters().clock.now()
    day: date = (now - timedelta(days=visit.days_ago)).astimezone(ZoneInfo(zone)).date()
    with _as_of(datetime.combine(day - timedelta(days=3), time(8, 0), tzinfo=UTC)):
        run = SlotRunRequest.model_validate(
            {"date": day.isoformat(), "start_time": "07:00", "end_time": "07:30", "duration_minutes": 30}
        )
        slot = slots.publish_run(doctor_id, run).created[0]
        patient = Principal(user_id=patient_id, role=Role.PATIENT)
        booked = appointments.book(patient, BookingRequest(slot_id=slot.slot_id, reason_for_visit=visit.reason))
    doctor = Principal(user_id=doctor_id, role=Role.DOCTOR)
    aid = booked.appointment_id
    with _as_of(slot.start - timedelta(minutes=5)):
        lifecycle.change_status(doctor, aid, StatusChange(status=AppointmentStatus.CONFIRMED))
    with _as_of(slot.start + timedelta(minutes=1)):
        lifecycle.change_status(doctor, aid, StatusChange(status=AppointmentStatus.IN_PROGRESS))
        patients.patient_detail(doctor, patient_id)  # the doctor opens the patient's page: an audited read
    with _as_of(slot.start + timedelta(minutes=12)):
        for kind, body in visit.entries:
            access = care.doctor_access(doctor, patient_id)
            entries.add(access, kind, entries.ENTRY_SHAPES[kind].model_validate(body))
    with _as_of(slot.end - timedelta(minutes=2)):
        follow_up = FollowUpIn(instructions=visit.follow_up, within_days=visit.within_days) if visit.follow_up else None
        change = StatusChange(
            status=AppointmentStatus.COMPLETED, notes=visit.notes, summary=visit.summary, follow_up=follow_up
        )
        lifecycle.change_status(doctor, aid, change)
    return aid


def _review(visit: PastVisit, appointment_id: str, doctor_id: str, patient_ids: dict[str, str]) -> None:
    """The visit's review, written three days after it, then the doctor's reply and a report a day later each."""
    if visit.review is None:
        return
    now = adapters().clock.now()
    written = now - timedelta(days=visit.days_ago) + timedelta(days=3)
    rating, comment = visit.review
    with _as_of(written):
        patient = Principal(user_id=patient_ids[visit.patient], role=Role.PATIENT)
        review = review_writing.create(patient, appointment_id, ReviewCreate(rating=rating, comment=comment))
    if visit.reply:
        with _as_of(written + timedelta(days=1)):
            doctor = Principal(user_id=doctor_id, role=Role.DOCTOR)
            review_writing.reply(doctor, review.review_id, ReviewReply(body=visit.reply))
    if visit.reported_by:
        reporter, reason = visit.reported_by
        with _as_of(written + timedelta(days=1)):
            by = Principal(user_id=patient_ids[reporter], role=Role.PATIENT)
            review_writing.report(by, review.review_id, ReviewReportCreate(reason=reason))


HISTORY_DAYS = 28  # the analytics charts show four weeks of past visits from the first start
# The patients of those past visits: patients of their own, so the named demo patients keep the small, known history
# the journeys start from (Paula's one visit with Anna to review, James never having seen her).
HISTORY_PATIENTS = ("Jonas Weber", "Mia Hoffmann", "Elias Wagner", "Emma Becker", "Noah Schulz", "Sofia Keller")
HISTORY_OUTCOMES = (
    "completed",
    "completed",
    "completed",
    "completed",
    "no_show",
    "cancelled_patient",
    "cancelled_doctor",
)


def _practice_history(doctor_ids: dict[str, str], people: list[str]) -> None:
    """Four weeks of past visits for the analytics, written straight into the tables (a few batch writes, so the
    stack starts as fast as before): every other day two doctors had an afternoon of 30-minute slots and saw one or
    two patients, who turned up, did not, or cancelled. The backfill that runs after the seed counts them
    (tools/analytics_backfill.py), as it would count data written before the counters existed."""
    import random
    import uuid
    from zoneinfo import ZoneInfo

    from chalicelib.models.appointments import Appointment
    from chalicelib.models.doctors import Doctor
    from chalicelib.models.slots import Slot
    from chalicelib.services.core.times import iso

    rng = random.Random(19)  # noqa: S311 (demo data, not a secret)
    now = adapters().clock.now()
    fees = {d.doctor_id: (d.consultation_fee, d.timezone) for d in Doctor.batch_get(sorted(doctor_ids.values()))}
    with Slot.batch_write() as slots_batch, Appointment.batch_write() as visits:
        for days_ago in range(HISTORY_DAYS, 0, -2):
            for doctor_id in rng.sample(sorted(doctor_ids.values()), 2):
                fee, zone = fees[doctor_id]
                day = (now - timedelta(days=days_ago)).astimezone(ZoneInfo(zone)).date()
                starts = [
                    datetime.combine(day, time(14, 0), tzinfo=ZoneInfo(zone)) + timedelta(minutes=30 * n)
                    for n in range(4)
                ]
                for start in starts:
                    end = start + timedelta(minutes=30)
                    slots_batch.save(
                        Slot(doctor_id=doctor_id, start=iso(start), end=iso(end), duration_minutes=30, available=True)
                    )
                for start, patient_id in zip(starts, rng.sample(people, rng.choice([1, 2])), strict=False):
                    outcome = rng.choice(HISTORY_OUTCOMES)
                    booked_at = start - timedelta(days=5)
                    cancelled = outcome.startswith("cancelled")
                    visits.save(
                        Appointment(
                            appointment_id=uuid.uuid4().hex,
                            patient_id=patient_id,
                            doctor_id=doctor_id,
                            start=iso(start),
                            end=iso(start + timedelta(minutes=30)),
                            day=iso(start)[:10],
                            status={"completed": "COMPLETED", "no_show": "NO_SHOW"}.get(outcome, "CANCELLED"),
                            reason_for_visit="Check-up",
                            cancel_reason="Cannot make it" if cancelled else None,
                            cancelled_by=outcome.rsplit("_", 1)[1] if cancelled else None,
                            sequence=1,
                            created_at=booked_at,
                            updated_at=start - timedelta(days=1) if cancelled else start + timedelta(minutes=28),
                            appointment_type_id="default",
                            appointment_type_name="Consultation",
                            mode="in_person",
                            price_amount=f"{Decimal(str(fee or 0)):.2f}",
                            price_currency="EUR",
                        )
                    )


def _medical_history(doctor_ids: dict[str, str], patient_ids: dict[str, str], zones: dict[str, str]) -> None:
    """Records, past visits with summaries, a doctor's entries and an upcoming visit: a filled record for each demo
    patient but one, and patients lists for Anna Schmidt and Grace Whitfield (docs/architecture.md, "The medical
    record")."""
    with _unannounced():
        _write_history(doctor_ids, patient_ids, zones)


def _write_history(doctor_ids: dict[str, str], patient_ids: dict[str, str], zones: dict[str, str]) -> None:
    now = adapters().clock.now()
    for name, items in RECORDS.items():
        patient = Principal(user_id=patient_ids[name], role=Role.PATIENT)
        with _as_of(now - timedelta(days=200)):
            for kind, body in items:
                entries.add(Access(patient.user_id, patient), kind, entries.ENTRY_SHAPES[kind].model_validate(body))
    for visit in PAST_VISITS:
        aid = _past_visit(visit, doctor_ids[visit.doctor], patient_ids[visit.patient], zones[visit.doctor])
        _review(visit, aid, doctor_ids[visit.doctor], patient_ids)
    _practice_history(doctor_ids, [patient_ids[name] for name in HISTORY_PATIENTS])
    # Marco's next check-up with his family doctor, Grace Whitfield, in her free time next week
    grace, marco = doctor_ids["Grace Whitfield"], patient_ids["Marco Rossi"]
    week = slots.list_slots(grace, start=(now + timedelta(days=6)).date().isoformat(), end=None)
    free = next((s for s in week.items if s.state == "available"), None)
    if free is not None:
        patient = Principal(user_id=marco, role=Role.PATIENT)
        appointments.book(patient, BookingRequest(slot_id=free.slot_id, reason_for_visit="Check-up"))


def _support_tickets(admin: Principal, patient_ids: dict[str, str]) -> None:
    """Three tickets for the admin's queue and the patients' support pages: one waiting for an admin, one assigned
    and waiting for the patient (with an internal note she never sees), one resolved (a German patient's)."""
    now = adapters().clock.now()

    def patient(name: str) -> Principal:
        return Principal(user_id=patient_ids[name], role=Role.PATIENT)

    with _unannounced():
        with _as_of(now - timedelta(hours=2)):
            tickets.open_ticket(
                patient("Marco Rossi"),
                TicketOpen(
                    subject="No confirmation e-mail",
                    body="I booked with Dr Schmidt but never got the confirmation e-mail. Is my booking there?",
                    category=TicketCategory.ACCOUNT,
                ),
            )
        with _as_of(now - timedelta(days=1)):
            paula = patient("Paula Patient")
            invoice = tickets.open_ticket(
                paula,
                TicketOpen(
                    subject="An invoice for my last visit",
                    body="My insurer asks for an invoice of my last visit. Where can I find it?",
                    category=TicketCategory.BILLING,
                ),
            ).ticket_id
            tickets.assign(admin, invoice, admin.user_id)
        with _as_of(now - timedelta(hours=20)):
            tickets.reply(admin, invoice, TicketReply(body="Asked the practice about invoices.", internal=True))
            tickets.reply(
                admin,
                invoice,
                TicketReply(body="Invoices come from the practice itself: could you tell us which visit it was?"),
            )
            tickets.change_status(admin, invoice, TicketStatus.PENDING)
        with _as_of(now - timedelta(days=3)):
            lena = patient("Lena Müller")
            password = tickets.open_ticket(
                lena,
                TicketOpen(
                    subject="Passwort ändern",
                    body="Wie ändere ich mein Passwort?",
                    category=TicketCategory.TECHNICAL,
                ),
            ).ticket_id
            tickets.reply(
                admin,
                password,
                TicketReply(body="Melden Sie sich ab und wählen Sie „Passwort vergessen?“: Sie bekommen einen Link."),
            )
            tickets.change_status(admin, password, TicketStatus.RESOLVED)


def _conversations_and_duty(doctor_ids: dict[str, str], patient_ids: dict[str, str]) -> None:
    """Paula and Anna Schmidt (her visit made the care relationship) have talked about the follow-up, and Anna's
    latest message waits unread on Paula's messages page; Marco wrote to Grace Whitfield before his check-up. Anna
    is on duty for the next 12 hours, so an urgent request reaches her queue (docs/architecture.md, "Conversations
    and urgent requests")."""
    now = adapters().clock.now()
    anna = Principal(user_id=doctor_ids["Anna Schmidt"], role=Role.DOCTOR)
    paula = Principal(user_id=patient_ids["Paula Patient"], role=Role.PATIENT)
    grace = Principal(user_id=doctor_ids["Grace Whitfield"], role=Role.DOCTOR)
    marco = Principal(user_id=patient_ids["Marco Rossi"], role=Role.PATIENT)
    talks = [
        (
            paula,
            anna,
            timedelta(days=2),
            "Hello Dr Schmidt, should I book the follow-up before or after the blood test?",
        ),
        (anna, paula, timedelta(days=2, hours=-3), "After it, please: the results take about three days."),
        (paula, anna, timedelta(days=1), "Thank you, I will book it for next week."),
        (anna, paula, timedelta(hours=1), "The lab sent your results; we can go through them at the follow-up."),
        (marco, grace, timedelta(hours=5), "Dr Whitfield, do I need to come fasting to the check-up next week?"),
    ]
    with _unannounced():
        for sender, other, ago, body in talks:
            with _as_of(now - ago):
                doctor, patient = (sender, other) if sender.role == Role.DOCTOR else (other, sender)
                conversation_id, _ = messaging.open_between(doctor.user_id, patient.user_id)
                sent = messaging.send(sender, conversation_id, body, None)
                if ago > timedelta(hours=6):  # read the next day; the recent ones wait unread
                    messaging.mark_read(other, conversation_id, sent.message_id)
        duty.set_duty(anna, True, None)


# The plan catalogue besides the free plan (docs/api.md, "Plans, subscriptions and invoices").
PAID_PLANS = (
    ("practice", "Practice", "19.00", 5, 2, True, False, 20),
    ("clinic", "Clinic", "49.00", 20, 10, True, True, 100),
)


def _plans_and_disputes(actor: Principal, doctor_ids: dict[str, str], patient_ids: dict[str, str]) -> None:
    """Two paid plans; Anna Schmidt on a trial of Clinic; James Okafor past his trial of Practice with his first
    invoice open (the admin can mark it paid); Paula Patient's dispute over her last visit, open in the admin's
    queue."""
    now = adapters().clock.now()
    for code, name, amount, types, clinic_count, video, analytics, rules in PAID_PLANS:
        catalogue.create_plan(
            actor.user_id,
            PlanCreate(
                code=code,
                name=name,
                price=Price(amount=amount, currency="EUR"),
                interval="month",
                entitlements=Entitlements(
                    max_appointment_types=types,
                    max_clinics=clinic_count,
                    video_visits=video,
                    analytics=analytics,
                    max_weekly_rules=rules,
                ),
            ),
        )
    with _unannounced():
        subscriptions.change(doctor_ids["Anna Schmidt"], "clinic")
        with _as_of(now - timedelta(days=20)):
            subscriptions.change(doctor_ids["James Okafor"], "practice")
        billing.run(now)
    paula = Principal(user_id=patient_ids["Paula Patient"], role=Role.PATIENT)
    finished = next(
        (a for a in Appointment.by_patient.query(paula.user_id, scan_index_forward=False) if a.status == "COMPLETED"),
        None,
    )
    if finished is not None:
        resolution.raise_dispute(
            paula,
            finished.appointment_id,
            DisputeCreate(kind=DisputeKind.FEE, reason="I was charged twice for this visit."),
        )


def seed() -> list[DemoAccount]:
    """Creates the demo catalogue and accounts in an empty stage; returns the accounts to show the developer."""
    admin = users.create_admin(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, name="Ada Admin")
    actor = Principal(user_id=admin.user_id, role=Role.ADMIN)
    made = [DemoAccount("admin", admin.name, admin.email, ADMIN_PASSWORD, "approves doctors, edits the catalogue")]

    specialty_ids = {
        name: specialties.create(actor, SpecialtyCreate(name=name, description=description)).specialty_id
        for name, description in SPECIALTIES
    }
    clinic_ids = {
        key: clinics.create(
            actor,
            ClinicCreate(
                name=name,
                address=Address(line1=line1, postal_code=postal, city=city, country=country),
                lat=lat,
                lon=lon,
                phone=phone,
                timezone=zone,
            ),
        ).clinic_id
        for key, name, line1, postal, city, country, lat, lon, phone, zone in CLINICS
    }
    doctor_ids: dict[str, str] = {}
    for index, doctor in enumerate(DOCTORS):
        email = email_for(doctor.name)
        created = doctors.admin_create(
            actor,
            AdminDoctorCreate(
                email=email,
                password=DEMO_PASSWORD,
                name=doctor.name,
                specialty_id=specialty_ids[doctor.specialty],
                license_number=doctor.license_number,
                experience_years=doctor.experience_years,
                consultation_fee=doctor.consultation_fee,
                bio=doctor.bio,
                timezone=doctor.timezone,
            ),
        )
        _practice(actor, doctor, created.doctor_id, index, clinic_ids)
        # Each demo doctor's booking page, /d/dr-<name>
        slugs.change_slug(
            Principal(user_id=created.doctor_id, role=Role.DOCTOR), SlugChange(slug=f"dr-{slugs.slugify(doctor.name)}")
        )
        doctor_ids[doctor.name] = created.doctor_id
        made.append(DemoAccount("doctor", doctor.name, email, DEMO_PASSWORD, f"{doctor.specialty}, {doctor.timezone}"))

    pending = PENDING_DOCTOR
    users.register(
        DoctorRegistration(
            role=Role.DOCTOR,
            email=email_for(pending.name),
            password=DEMO_PASSWORD,
            name=pending.name,
            specialty_id=specialty_ids[pending.specialty],
            license_number=pending.license_number,
            experience_years=pending.experience_years,
            consultation_fee=pending.consultation_fee,
            bio=pending.bio,
            timezone=pending.timezone,
        )
    )
    made.append(
        DemoAccount("doctor", pending.name, email_for(pending.name), DEMO_PASSWORD, "PENDING: in the admin's queue")
    )

    patient_ids: dict[str, str] = {}
    for name, timezone, phone, locale in PATIENTS:
        registered = users.register(
            PatientRegistration(
                role=Role.PATIENT,
                email=email_for(name),
                password=DEMO_PASSWORD,
                name=name,
                phone=phone,
                timezone=timezone,
                locale=locale,
            )
        )
        patient_ids[name] = registered.user_id
        note = timezone if locale == Locale.EN else f"{timezone}, reads DocSpot in German"
        made.append(DemoAccount("patient", name, email_for(name), DEMO_PASSWORD, note))
    for name in HISTORY_PATIENTS:
        registered = users.register(
            PatientRegistration(
                role=Role.PATIENT, email=email_for(name), password=DEMO_PASSWORD, name=name, timezone="Europe/Berlin"
            )
        )
        patient_ids[name] = registered.user_id
    _medical_history(doctor_ids, patient_ids, {d.name: d.timezone for d in DOCTORS})
    _support_tickets(actor, patient_ids)
    _conversations_and_duty(doctor_ids, patient_ids)
    _plans_and_disputes(actor, doctor_ids, patient_ids)
    # The slot publication as of now, so /api/fhir/$bulk-publish answers from the start (the 5-minute schedule
    # keeps it current while the stack runs).
    publication.publish()
    return made
