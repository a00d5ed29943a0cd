"""Demo data for the local stack, written through the real services so that every rule applies to it too.

The admin exists only here, in the local stack's seed: a deployed stage gets its admins from ``make admin``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import time, timedelta

from chalicelib.adapters.registry import adapters
from chalicelib.contracts.accounts import DoctorRegistration, PatientRegistration
from chalicelib.contracts.availability import RuleCreate
from chalicelib.contracts.catalogue import AdminDoctorCreate, SpecialtyCreate
from chalicelib.services.accounts import users
from chalicelib.services.availability import slots
from chalicelib.services.catalogue import doctors, specialties
from chalicelib.services.core.authz import Principal
from chalicelib.vocabulary import Locale, Role

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


def seed() -> list[DemoAccount]:
    """Creates the demo catalogue and accounts in an empty stage; returns the accounts to show the developer."""
    admin = users.create_admin(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, name="Ada Admin")
    actor = Principal(user_id=admin.user_id, role=Role.ADMIN)
    made = [DemoAccount("admin", admin.name, admin.email, ADMIN_PASSWORD, "approves doctors, edits the catalogue")]

    specialty_ids = {
        name: specialties.create(actor, SpecialtyCreate(name=name, description=description)).specialty_id
        for name, description in SPECIALTIES
    }
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

    for name, timezone, phone, locale in PATIENTS:
        users.register(
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
        note = timezone if locale == Locale.EN else f"{timezone}, reads DocSpot in German"
        made.append(DemoAccount("patient", name, email_for(name), DEMO_PASSWORD, note))
    return made
