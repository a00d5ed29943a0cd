"""Demo data for the local stack, written through the real services so that every rule applies to it too.

The admin exists only here, in the local stack's seed: a deployed stage gets its admins from ``make admin``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib.adapters.registry import adapters, use_adapters
from chalicelib.contracts.accounts import DoctorRegistration, PatientRegistration
from chalicelib.contracts.appointment_types import Price
from chalicelib.contracts.availability import RuleCreate, SlotRunRequest
from chalicelib.contracts.booking import BookingRequest, FollowUpIn, StatusChange
from chalicelib.contracts.catalogue import AdminDoctorCreate, SlugChange, SpecialtyCreate
from chalicelib.contracts.disputes import DisputeCreate
from chalicelib.contracts.plans import Entitlements, PlanCreate
from chalicelib.models.appointments import Appointment
from chalicelib.services.accounts import users
from chalicelib.services.availability import slots
from chalicelib.services.booking import appointments, lifecycle
from chalicelib.services.catalogue import doctors, slugs, specialties
from chalicelib.services.core.authz import Principal
from chalicelib.services.disputes import resolution
from chalicelib.services.plans import billing, catalogue, subscriptions
from chalicelib.services.publishing import publication
from chalicelib.services.records import care, entries, patients
from chalicelib.services.records.access_log import Access
from chalicelib.vocabulary import AppointmentStatus, DisputeKind, Locale, RecordKind, Role

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


def _weekly_rule(doctor_id: str, index: int) -> None:
    weekdays, start, end, minutes, buffer = WEEKLY_HOURS[index % len(WEEKLY_HOURS)]
    today = adapters().clock.now().date()
    rule = RuleCreate.model_validate(
        {
            "weekdays": weekdays,
            "start_time": start.strftime("%H:%M"),
            "end_time": end.strftime("%H:%M"),
            "duration_minutes": minutes,
            "buffer_minutes": buffer,
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(weeks=DEMO_WEEKS)).isoformat(),
        }
    )
    slots.create_rule(doctor_id, rule)


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
        _past_visit(visit, doctor_ids[visit.doctor], patient_ids[visit.patient], zones[visit.doctor])
    # Marco's next check-up with his family doctor, Grace Whitfield, in her free time next week
    grace, marco = doctor_ids["Grace Whitfield"], patient_ids["Marco Rossi"]
    week = slots.list_slots(grace, start=(now + timedelta(days=6)).date().isoformat(), end=None)
    free = next((s for s in week.items if s.state == "available"), None)
    if free is not None:
        patient = Principal(user_id=marco, role=Role.PATIENT)
        appointments.book(patient, BookingRequest(slot_id=free.slot_id, reason_for_visit="Check-up"))


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
    for code, name, amount, types, clinics, video, analytics, rules in PAID_PLANS:
        catalogue.create_plan(
            actor.user_id,
            PlanCreate(
                code=code,
                name=name,
                price=Price(amount=amount, currency="EUR"),
                interval="month",
                entitlements=Entitlements(
                    max_appointment_types=types,
                    max_clinics=clinics,
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
        _weekly_rule(created.doctor_id, index)
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
    _medical_history(doctor_ids, patient_ids, {d.name: d.timezone for d in DOCTORS})
    _plans_and_disputes(actor, doctor_ids, patient_ids)
    # The slot publication as of now, so /api/fhir/$bulk-publish answers from the start (the 5-minute schedule
    # keeps it current while the stack runs).
    publication.publish()
    return made
