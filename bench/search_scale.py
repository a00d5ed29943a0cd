"""Search at scale: what the directory snapshot of 50,000 doctors costs to load, how long warm typo-tolerant
searches take (p50/p95), and how many DynamoDB requests a page of ``GET /doctors?date=`` makes with many doctors.

The snapshot and the searches run in memory (the snapshot as ``_directory`` writes and reads it); the pages run
in-process against moto, counted with botocore's hooks (bench/counting.py). Nothing reaches AWS.
``python -m bench.search_scale [--doctors 50000] [--listed 1000] [--searches 400]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from bench.offline import use_offline_environment

use_offline_environment()

from bench.counting import RequestCounter  # noqa: E402

COUNTER = RequestCounter("dynamodb")
COUNTER.install()

from chalice.test import Client  # noqa: E402
from moto import mock_aws  # noqa: E402

from chalicelib.adapters.registry import use_adapters  # noqa: E402
from chalicelib.models.doctors import Doctor, name_sort_key  # noqa: E402
from chalicelib.models.slots import Slot  # noqa: E402
from chalicelib.models.specialties import Specialty  # noqa: E402
from chalicelib.services.catalogue import _directory as directory  # noqa: E402
from chalicelib.services.catalogue._search_ranking import Candidate, SearchIndex  # noqa: E402
from chalicelib.services.core import day_summary, directory_version  # noqa: E402
from chalicelib.services.core.times import iso  # noqa: E402
from local.gateway import make_gateway  # noqa: E402
from local.tables import create_tables  # noqa: E402

SYLLABLES = [
    "an", "ber", "cha", "del", "en", "fis", "gar", "hol", "in", "jo", "kel", "lin", "mar", "nor", "os", "pet",
    "quin", "ros", "sch", "ter", "ul", "van", "wes", "yor", "zim", "mi", "la", "ko", "ri", "ta", "son", "man",
    "ski", "berg", "stein", "ez", "ova", "ian", "ley", "dt",
]  # fmt: skip
SPECIALTIES = [
    "Cardiology", "Dermatology", "Neurology", "Pediatrics", "Orthopedics", "Psychiatry", "Oncology",
    "Gastroenterology", "Endocrinology", "Ophthalmology", "Urology", "Nephrology", "Pulmonology", "Rheumatology",
    "Radiology", "Gynecology", "Otolaryngology", "Allergy and Immunology", "General Practice", "Infectious Diseases",
]  # fmt: skip
DAY = "2027-03-03"


class LaterClock:
    """The system clock, moved forward on demand: lets the directory version settle without sleeping."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def _word(rng: random.Random, parts: tuple[int, ...]) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice(parts))).capitalize()


def generated(count: int, seed: int = 5) -> tuple[tuple[Doctor, ...], list[Specialty]]:
    """``count`` approved doctors with ~600 first names and tens of thousands of distinct surnames (as a real
    directory has), spread over 20 specialties."""
    rng = random.Random(seed)
    specialties = [Specialty(specialty_id=f"s{n:02d}", name=name, catalogue="specialty", name_sort=name.lower())
                   for n, name in enumerate(SPECIALTIES)]  # fmt: skip
    first = [_word(rng, (2, 2, 3)) for _ in range(600)]
    now = datetime(2027, 1, 1, tzinfo=UTC)
    doctors = []
    for number in range(count):
        doctor_id = f"d{number:06d}"
        name = f"{rng.choice(first)} {_word(rng, (2, 3, 3, 4))}"
        doctors.append(
            Doctor(
                doctor_id=doctor_id,
                name=name,
                name_sort=name_sort_key(name, doctor_id),
                specialty_id=rng.choice(specialties).specialty_id,
                status="APPROVED",
                license_number=f"L{number}",
                experience_years=rng.randint(1, 35),
                consultation_fee=rng.choice([40, 60, 80, 120]),
                bio="Consultations in person and by video; new patients welcome.",
                timezone=rng.choice(["Europe/Berlin", "Europe/London", "America/New_York"]),
                languages=rng.sample(["en", "de", "fr", "es"], 2),
                modes=["in_person", "video"],
                created_at=now,
            )
        )
    return tuple(doctors), specialties


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two neighbours swapped


def queries(doctors: tuple[Doctor, ...], count: int, seed: int = 9) -> list[str]:
    """What people type: a surname with a typo, "Dr" and a full name, a specialty's start, a name and a specialty."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        doctor = rng.choice(doctors)
        given, surname = doctor.name.split(" ", 1)
        found += [
            _typo(rng, surname),
            f"Dr {given} {surname}",
            rng.choice(SPECIALTIES)[: rng.randint(4, 8)].lower(),
            f"{surname} {rng.choice(SPECIALTIES).split()[0].lower()}",
        ]
    return found[:count]


def snapshot_figures(count: int, searches: int) -> None:
    doctors, specialties = generated(count)
    encoded = directory.encode("1:bench", doctors, specialties)
    raw = sum(len(json.dumps(d.serialize())) for d in doctors)
    began = time.perf_counter()
    decoded = directory.decode(encoded, "1:bench")
    assert decoded is not None
    loaded = time.perf_counter()
    by_id = {s.specialty_id: s.name for s in decoded[1]}
    index = SearchIndex(Candidate(d.doctor_id, d.name, by_id[d.specialty_id]) for d in decoded[0])
    built = time.perf_counter()
    for length in range(2, 16):  # what the first searches of each length would pay once
        index.word_scores("x" * length)
    warmed = time.perf_counter()
    timings, hits = [], []
    for query in queries(decoded[0], searches):
        start = time.perf_counter()
        hits.append(len(index.rank(query)))
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"Directory snapshot of {count:,} doctors (one S3 object, read once per process and version)")
    print(f"  size: {len(encoded) / 1e6:.1f} MB gzipped ({raw / 1e6:.1f} MB as DynamoDB items: the paged Query it "
          f"replaces reads ~{raw / 4096 / 2:,.0f} RCU, eventually consistent)")  # fmt: skip
    print(f"  load: gunzip + parse + models {1000 * (loaded - began):.0f} ms; search index "
          f"{1000 * (built - loaded):.0f} ms; prefix tables {1000 * (warmed - built):.0f} ms")  # fmt: skip
    p95 = timings[int(0.95 * len(timings)) - 1]
    print(f"  {len(timings)} warm searches: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
          f"max {timings[-1]:.1f} ms; median hits {statistics.median(hits):.0f}")  # fmt: skip


def _fill(listed: int, clock: LaterClock) -> list[str]:
    doctors, specialties = generated(listed, seed=11)
    with Specialty.batch_write() as batch:
        for specialty in specialties:
            specialty.active = True
            batch.save(specialty)
    start = datetime.fromisoformat(f"{DAY}T08:00:00+00:00")
    with Doctor.batch_write() as doctor_batch, Slot.batch_write() as slot_batch:
        for number, doctor in enumerate(doctors):
            doctor.timezone = "UTC"
            doctor_batch.save(doctor)
            if number % 4 == 0:
                continue  # a quarter have nothing free that day
            for hour in range(3):
                begin = start + timedelta(hours=hour + number % 5)
                slot_batch.save(
                    Slot(doctor_id=doctor.doctor_id, start=iso(begin), end=iso(begin + timedelta(minutes=30)),
                         duration_minutes=30, available=True)
                )  # fmt: skip
    began = time.perf_counter()
    written = day_summary.rebuild_all(clock.now())
    print(f"  backfill (tools/free_days_backfill.py): {written[1]} dates of {written[0]} doctors in "
          f"{time.perf_counter() - began:.1f} s under moto")  # fmt: skip
    directory_version.changed()
    clock.offset += timedelta(seconds=directory.SETTLE_SECONDS + 1)
    return sorted({d.specialty_id for d in doctors})


def pages_figures(listed: int) -> None:
    from app import app

    print(f"GET /doctors?date= with {listed:,} doctors (DynamoDB requests per page of 20, moto in-process)")
    with mock_aws():
        create_tables()
        clock = LaterClock()
        clock.offset = datetime(2027, 3, 1, tzinfo=UTC) - datetime.now(UTC)
        use_adapters(clock=clock)
        specialty_ids = _fill(listed, clock)
        with Client(app) as client:
            client.http._local_gateway = make_gateway(app)
            client.http.get(f"/doctors?date={DAY}")  # the directory, once per process: not a page's cost
            for label, query in (
                ("date", f"date={DAY}"),
                ("date + specialty", f"date={DAY}&specialty_id={specialty_ids[0]}"),
                ("date + q (typo)", f"date={DAY}&q=cardiolgy"),
                ("date + language", f"date={DAY}&language=de"),
            ):
                per_page: list[int] = []
                times: list[float] = []
                cursor, items = "", 0
                for _ in range(5):
                    with COUNTER.measure() as calls:
                        began = time.perf_counter()
                        reply = client.http.get(f"/doctors?{query}&limit=20{cursor}")
                        times.append((time.perf_counter() - began) * 1000)
                    body = json.loads(reply.body)
                    per_page.append(sum(calls.values()))
                    items += len(body["items"])
                    if not body["next_cursor"]:
                        break
                    cursor = f"&cursor={body['next_cursor']}"
                print(f"  {label:<18} pages {len(per_page)}, doctors {items}, requests per page {per_page} "
                      f"(max {max(per_page)}), {statistics.median(times):.0f} ms a page")  # fmt: skip
            counted: Counter[str] = Counter()
            with COUNTER.measure() as calls:
                client.http.get(f"/doctors?date={DAY}&limit=20")
            counted.update(calls)
            print(f"  one page by operation: {dict(counted)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--doctors", type=int, default=50_000, help="directory size for the snapshot and searches")
    parser.add_argument("--listed", type=int, default=1_000, help="doctors in moto for the date pages")
    parser.add_argument("--searches", type=int, default=400)
    args = parser.parse_args()
    snapshot_figures(args.doctors, args.searches)
    pages_figures(args.listed)


if __name__ == "__main__":
    main()
