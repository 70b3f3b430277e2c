"""Practices, clinicians and registered patients of a synthetic practice group.

The age/sex mix follows the English population by list-size age band (ONS
mid-year estimates, rounded); list sizes per practice vary; GPs and nurses
are staffed per list size with a few leavers and joiners in the period. Every
GP has a referral propensity (a multiplier on the base referral rate): most
near 1, and a few clear outliers that reports must be able to find
(docs/synthetic-data.md). Every name, code and number here is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from pars.core.nhs_number import nhs_check_digit
from pars.synth.model import Clinician, Patient, Person, Practice

# List-size age bands (formats.md §2) with the share of the English population in each,
# by sex, in percent (ONS mid-2021 estimates for England, rounded; a GP list is similar).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-4", 0, 4),
    ("5-14", 5, 14),
    ("15-44", 15, 44),
    ("45-64", 45, 64),
    ("65-74", 65, 74),
    ("75-84", 75, 84),
    ("85+", 85, 100),
)
POPULATION_SHARE: dict[tuple[str, str], float] = {
    ("M", "0-4"): 2.9, ("F", "0-4"): 2.8,
    ("M", "5-14"): 6.2, ("F", "5-14"): 5.9,
    ("M", "15-44"): 19.5, ("F", "15-44"): 19.6,
    ("M", "45-64"): 12.7, ("F", "45-64"): 13.0,
    ("M", "65-74"): 4.7, ("F", "65-74"): 5.1,
    ("M", "75-84"): 2.9, ("F", "75-84"): 3.4,
    ("M", "85+"): 0.9, ("F", "85+"): 1.5,
}  # fmt: skip

GIVEN_NAMES = {
    "F": (
        "Sarah", "Emma", "Olivia", "Amelia", "Grace", "Charlotte", "Sophie", "Jessica", "Hannah",
        "Margaret", "Patricia", "Susan", "Linda", "Janet", "Helen", "Ruth", "Joan", "Doreen",
        "Aisha", "Fatima", "Priya", "Ananya", "Zainab", "Chloe", "Megan", "Lucy", "Ellie", "Isla",
        "Mia", "Ava", "Niamh", "Siobhan", "Agnieszka", "Maria", "Yetunde", "Chiamaka", "Mei",
        "Lakshmi", "Harpreet", "Rebecca", "Karen", "Julie", "Beatrice", "Florence",
    ),
    "M": (
        "James", "Oliver", "Harry", "George", "Jack", "Thomas", "William", "Daniel", "Samuel",
        "David", "John", "Michael", "Peter", "Robert", "Stephen", "Paul", "Brian", "Kenneth",
        "Mohammed", "Ahmed", "Imran", "Rahul", "Arjun", "Sanjay", "Kwame", "Tunde", "Chidi",
        "Liam", "Noah", "Leo", "Ethan", "Finley", "Callum", "Piotr", "Tomasz", "Wei", "Hiroshi",
        "Gurpreet", "Rajesh", "Andrew", "Mark", "Gareth", "Alan", "Frederick", "Ernest",
    ),
}  # fmt: skip
FAMILY_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
    "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
    "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker",
    "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Begum",
    "Ali", "Hussain", "Ahmed", "Shah", "Singh", "Kaur", "Sharma", "Okafor", "Adeyemi", "Mensah",
    "Osei", "Nowak", "Kowalski", "Wiśniewski", "Nguyen", "Chen", "Wong", "O'Brien", "O'Connor",
    "McDonald", "MacLeod", "Fitzgerald", "Da Silva", "Ferreira", "Rossi", "Kapoor", "Chaudhry",
    "Achterberg", "Van der Merwe", "Smith-Jones", "Ashworth",
)  # fmt: skip
PLACES = (
    "Grovehill", "Highfield", "Adeyfield", "Bennetts End", "Leverstock Green", "Boxmoor",
    "Berkhamsted", "Tring", "Kings Langley", "Markyate", "Bovingdon", "Gadebridge",
    "Woodhall Farm", "Chaulden", "Warners End", "Apsley", "Nash Mills", "Northchurch",
    "Potten End", "Felden", "Piccotts End", "Redbourn Road", "Long Marston", "Wigginton",
)  # fmt: skip
PRACTICE_SUFFIXES = ("Surgery", "Medical Centre", "Health Centre", "Family Practice")
STREETS = (
    "High Street", "Church Road", "Station Road", "Park Lane", "Queensway", "Marlowes",
    "London Road", "St John's Road", "Belswains Lane", "Fishery Road", "Cotterells",
    "Alexandra Road", "Rucklers Lane", "Chaulden Lane", "Northridge Way", "Ellingham Close",
)  # fmt: skip
TOWNS = ("Hemel Hempstead", "Berkhamsted", "Tring", "Kings Langley")
GROUP_CODE = "06N"  # the commissioning group every synthetic practice belongs to


@dataclass(slots=True)
class StaffMember:
    """A clinician with the facts the simulation needs beyond the shared ``Clinician``."""

    clinician: Clinician
    start_date: date
    end_date: date | None
    sessions: float  # share of a full-time post
    referral_multiplier: float  # x base referral rate (GPs only)
    outlier: str  # "high", "low" or ""

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@dataclass(slots=True)
class PracticeWorld:
    practice: Practice
    list_size: int
    staff: list[StaffMember]
    referral_factor: float  # practice-level variation around the base rate
    main_provider: str  # the acute trust most of its patients are referred to

    def gps(self) -> list[StaffMember]:
        return [s for s in self.staff if s.clinician.role == "gp"]


def age_band(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return "85+"


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n): ``randrange`` without its overhead (millions of calls)."""
    return int(rng.random() * n)


def _pick(rng: random.Random, items):
    return items[int(rng.random() * len(items))]


def new_nhs_number(rng: random.Random, used: set[str]) -> str:
    """A fresh, valid (modulus 11) NHS number not used before in this world."""
    while True:
        first_nine = str(4 + _below(rng, 3)) + f"{_below(rng, 10**8):08d}"
        check = nhs_check_digit(first_nine)
        if check is None:
            continue
        number = first_nine + str(check)
        if number not in used and len(set(number)) > 1:
            used.add(number)
            return number


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"01442 {200000 + _below(rng, 700000)}"
    return f"07{100 + _below(rng, 900)} {100000 + _below(rng, 900000)}"


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"HP{1 + _below(rng, 4)} {1 + _below(rng, 9)}{_pick(rng, letters)}{_pick(rng, letters)}"


def _person(rng: random.Random, sex: str, age: int) -> Person:
    given = _pick(rng, GIVEN_NAMES[sex])
    family = _pick(rng, FAMILY_NAMES)
    if age < 16:
        title = "Miss" if sex == "F" and age >= 10 and rng.random() < 0.3 else ""
    elif sex == "M":
        title = "Mr"
    else:
        title = _pick(rng, ("Mrs", "Ms", "Miss", "Mrs"))
    if age >= 16 and rng.random() < 0.01:
        title = "Dr"
    return Person(title, given, family)


def _unique_person(rng: random.Random, sex: str, age: int, used: set[str]) -> Person:
    """A clinician's name no other clinician in the world has (reports group by name)."""
    while True:
        person = _person(rng, sex, age)
        key = f"{person.given_name} {person.family_name}"
        if key not in used:
            used.add(key)
            return person


def make_practices(
    rng: random.Random, count: int, patients: int, provider_codes: list[str]
) -> list[PracticeWorld]:
    """Practices with unique ODS-style codes, names and list sizes summing to ``patients``."""
    codes = sorted(rng.sample(range(600, 1000), count))
    places = rng.sample(PLACES, min(count, len(PLACES)))
    weights = [rng.uniform(0.5, 1.6) for _ in range(count)]
    total = sum(weights)
    sizes = [int(patients * w / total) for w in weights]
    sizes[0] += patients - sum(sizes)
    worlds = []
    for index, code_number in enumerate(codes):
        code = f"E82{code_number:03d}"
        place = places[index % len(places)] + ("" if index < len(places) else f" {index}")
        practice = Practice(
            code=code,
            name=f"{place} {rng.choice(PRACTICE_SUFFIXES)}",
            address_lines=(f"{rng.randint(1, 120)} {rng.choice(STREETS)}", rng.choice(TOWNS)),
            postcode=_postcode(rng),
            phone=f"01442 {rng.randint(200000, 899999)}",
        )
        main = (
            provider_codes[0]
            if rng.random() < 0.8 or len(provider_codes) < 2
            else provider_codes[1]
        )
        worlds.append(
            PracticeWorld(practice, sizes[index], [], rng.lognormvariate(0.0, 0.08), main)
        )
    return worlds


def staff_practices(
    rng: random.Random, practices: list[PracticeWorld], start: date, end: date
) -> None:
    """Give each practice GPs (about one per 1,800 patients) and nurses, with some turnover.

    About one GP in twelve is a clear referral outlier (alternately high, x1.9,
    and low, x0.45); with four or more long-serving GPs the world has one of each.
    """
    names_used: set[str] = set()
    all_gps: list[StaffMember] = []
    serial = 0
    for world in practices:
        code = world.practice.code
        n_gps = max(2, round(world.list_size / 1800))
        n_nurses = max(1, round(world.list_size / 3000))
        for role, count in (("gp", n_gps), ("nurse", n_nurses)):
            for _ in range(count):
                serial += 1
                sex = rng.choice("MF")
                person = _unique_person(rng, sex, 40, names_used)
                title = "Dr" if role == "gp" else rng.choice(("Sister", "Nurse", ""))
                name = f"{title} {person.given_name} {person.family_name}".strip()
                clinician_id = (
                    f"{rng.randint(3000000, 7999999)}"
                    if role == "gp"
                    else f"{rng.randint(0, 99):02d}{rng.choice('ABCDEFGHIJ')}{rng.randint(1000, 9999)}{rng.choice('EO')}"
                )
                started = start - timedelta(days=rng.randint(200, 7000))
                member = StaffMember(
                    Clinician(clinician_id, name, role, code),
                    started,
                    None,
                    rng.choice((0.5, 0.6, 0.75, 0.8, 1.0, 1.0)),
                    rng.lognormvariate(0.0, 0.12) if role == "gp" else 1.0,
                    "",
                )
                world.staff.append(member)
                if role == "gp":
                    all_gps.append(member)
        # Turnover: one GP in six leaves during the period and a successor starts.
        period_days = (end - start).days
        for member in list(world.gps()):
            if rng.random() < 1 / 6 and period_days > 60:
                leave = start + timedelta(days=rng.randint(30, period_days - 30))
                member.end_date = leave
                serial += 1
                person = _unique_person(rng, rng.choice("MF"), 35, names_used)
                successor = StaffMember(
                    Clinician(
                        f"{rng.randint(3000000, 7999999)}",
                        f"Dr {person.given_name} {person.family_name}",
                        "gp",
                        code,
                    ),
                    leave + timedelta(days=rng.randint(1, 45)),
                    None,
                    member.sessions,
                    rng.lognormvariate(0.0, 0.12),
                    "",
                )
                world.staff.append(successor)
    # Outliers among the GPs in post for the whole period (so they have a full year to show).
    stable = [g for g in all_gps if g.end_date is None]
    rng.shuffle(stable)
    stable.sort(key=lambda g: -g.sessions)  # full-time first: their rates are the clearest
    n_outliers = max(2, round(len(stable) / 12)) if len(stable) >= 4 else min(1, len(stable))
    for index, member in enumerate(stable[:n_outliers]):
        member.outlier = "high" if index % 2 == 0 else "low"
        member.referral_multiplier = 1.9 if member.outlier == "high" else 0.45


def _birth_date(rng: random.Random, age: int, on: date) -> date:
    latest = date(on.year - age, on.month, min(on.day, 28))
    return latest - timedelta(days=_below(rng, 365))


def make_patients(
    rng: random.Random, practices: list[PracticeWorld], on: date, used_numbers: set[str]
) -> list[Patient]:
    """Registered patients with the English age/sex mix; ages are as at ``on``."""
    keys = list(POPULATION_SHARE)
    weights = [POPULATION_SHARE[k] for k in keys]
    bands = {label: (low, high) for label, low, high in AGE_BANDS}
    patients: list[Patient] = []
    serial = 0
    for world in practices:
        for sex, band in rng.choices(keys, weights, k=world.list_size):
            low, high = bands[band]
            if band == "85+":
                age = min(104, 85 + int(rng.expovariate(1 / 5.0)))
            else:
                age = low + _below(rng, high - low + 1)
            serial += 1
            person = _person(rng, sex, age)
            patients.append(
                Patient(
                    patient_id=f"P{serial:07d}",
                    nhs_number=new_nhs_number(rng, used_numbers),
                    person=person,
                    birth_date=_birth_date(rng, age, on),
                    sex=sex,
                    practice_code=world.practice.code,
                    address_lines=(
                        f"{1 + _below(rng, 200)} {_pick(rng, STREETS)}",
                        _pick(rng, TOWNS),
                    ),
                    postcode=_postcode(rng),
                    phone=_phone(rng),
                )
            )
    return patients


def month_starts(start: date, end: date) -> list[date]:
    """First day of every month from ``start``'s month to ``end``'s month."""
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def list_sizes(patients: list[Patient], months: list[date]) -> list[tuple[str, str, str, str, int]]:
    """Rows (practice, month, sex, band, count): everyone is registered all period; ages move."""
    counts: dict[tuple[str, str, str, str], int] = {}
    for month in months:
        label = f"{month.year:04d}-{month.month:02d}"
        for patient in patients:
            key = (
                patient.practice_code,
                label,
                patient.sex,
                age_band(age_on(patient.birth_date, month)),
            )
            counts[key] = counts.get(key, 0) + 1
    band_order = {label: i for i, (label, _, _) in enumerate(AGE_BANDS)}
    rows = [(*key, n) for key, n in counts.items()]
    rows.sort(key=lambda r: (r[0], r[1], r[2], band_order[r[3]]))
    return rows
