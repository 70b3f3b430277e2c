"""Surface variation: how dates, NHS numbers, names and distractor numbers are written.

Real letters never agree on a date format or an NHS number layout, and they
are full of numbers that look like identifiers but are not (hospital numbers,
phone numbers). Each helper here takes the rng so every choice is reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from pars.core.nhs_number import nhs_check_digit

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class FastRandom:
    """A thin, faster face over a ``random.Random`` for the renderer's many small choices.

    ``choice`` and ``randrange`` are built on one ``random()`` call each (the
    stdlib versions make several Python-level calls); everything stays a pure
    function of the wrapped generator's state, so output is still reproducible.
    """

    __slots__ = ("base", "random", "sample", "uniform", "getrandbits")

    def __init__(self, base: random.Random) -> None:
        self.base = base
        self.random = base.random
        self.sample = base.sample
        self.uniform = base.uniform
        self.getrandbits = base.getrandbits

    def choice[T](self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None) -> int:
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def choices[T](
        self, population: Sequence[T], weights: Sequence[float] | None = None, *, k: int = 1
    ) -> list[T]:
        if weights is None:
            return [self.choice(population) for _ in range(k)]
        total = 0.0
        cumulative = []
        for w in weights:
            total += w
            cumulative.append(total)
        out = []
        for _ in range(k):
            x = self.random() * total
            i = 0
            while i < len(cumulative) - 1 and cumulative[i] <= x:
                i += 1
            out.append(population[i])
        return out


DATE_STYLES: tuple[str, ...] = (
    "dmy_slash",  # 12/03/2025
    "dmy_dot_short",  # 12.03.25
    "ordinal",  # 12th March 2025
    "d_mon_y",  # 12-Mar-2025
    "iso",  # 2025-03-12
    "weekday_long",  # Thursday 12 March 2025
    "d_month_y",  # 12 March 2025
    "dmy_slash_short",  # 12/03/25
)


def as_date(value: object) -> date | None:
    """Truth dates arrive as ``date`` or ISO strings; both become ``date`` (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_date(value: date, style: str) -> str:
    """Write one date in one of the styles UK letters use."""
    d, m, y = value.day, value.month, value.year
    if style == "dmy_slash":
        return f"{d:02d}/{m:02d}/{y}"
    if style == "dmy_dot_short":
        return f"{d:02d}.{m:02d}.{y % 100:02d}"
    if style == "ordinal":
        return f"{ordinal(d)} {_MONTHS[m - 1]} {y}"
    if style == "d_mon_y":
        return f"{d:02d}-{_MONTHS[m - 1][:3]}-{y}"
    if style == "iso":
        return value.isoformat()
    if style == "weekday_long":
        return f"{_WEEKDAYS[value.weekday()]} {d} {_MONTHS[m - 1]} {y}"
    if style == "d_month_y":
        return f"{d} {_MONTHS[m - 1]} {y}"
    if style == "dmy_slash_short":
        return f"{d:02d}/{m:02d}/{y % 100:02d}"
    raise ValueError(f"unknown date style {style!r}")


def format_nhs_number(digits: str, rng: random.Random) -> str:
    """3-3-4 with spaces (60%), with dashes (20%), or bare ten digits (20%)."""
    roll = rng.random()
    if roll < 0.6:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if roll < 0.8:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return digits


NHS_LABELS: tuple[str, ...] = ("NHS No:", "NHS Number:", "NHS#", "NHS no.", "NHS No.", "NHS number")


def invalid_ten_digits(rng: random.Random) -> str:
    """Ten digits whose modulus-11 check fails: a hospital number that must not pass as an NHS number."""
    while True:
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        if nine[0] == "0":
            continue
        check = nhs_check_digit(nine)
        last = rng.choice([c for c in "0123456789" if check is None or int(c) != check])
        return nine + last


def hospital_number(rng: random.Random, provider_code: str, given: str | None) -> str:
    """The provider's own patient number (MRN): never an NHS number, sometimes ten digits."""
    if given:
        return given
    kind = rng.randrange(4)
    if kind == 0:
        return invalid_ten_digits(rng)
    if kind == 1:
        return f"{provider_code[:3].upper()}{rng.randrange(1000000, 9999999)}"
    if kind == 2:
        return f"{rng.choice('ABDHKMRSTW')}{rng.randrange(100000, 999999)}"
    return f"{rng.randrange(10, 99)}{rng.randrange(100000, 999999)}"


HOSPITAL_NUMBER_LABELS: tuple[str, ...] = (
    "Hospital No:",
    "Hosp No:",
    "MRN:",
    "Unit No:",
    "Hospital number:",
    "Case note no:",
    "PAS No:",
    "K number:",
)


def phone_number(rng: random.Random) -> str:
    """A UK landline in one of the usual layouts (a distractor next to the NHS number)."""
    area = rng.choice(("01923", "01442", "01727", "020", "01438", "01582"))
    if area == "020":
        return f"020 {rng.randrange(7000, 8999)} {rng.randrange(1000, 9999)}"
    return f"{area} {rng.randrange(200000, 899999)}"


def patient_name_variants(title: str, given: str, family: str) -> tuple[str, ...]:
    """Ways a letter names its patient: 'Mrs Jane SMITH', 'SMITH, Jane', 'Jane Smith'."""
    titled = f"{title} " if title else ""
    return (
        f"{titled}{given} {family.upper()}",
        f"{family.upper()}, {given}",
        f"{given} {family}",
        f"{titled}{given} {family}",
        f"{family}, {given}",
    )


def age_on(birth: date | None, on: date | None) -> int | None:
    if birth is None or on is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def surname_of(clinician_name: str) -> str:
    """'Dr Sarah Okafor' -> 'Okafor' (for salutations like 'Dear Dr Okafor')."""
    parts = clinician_name.split()
    return parts[-1] if parts else clinician_name


def title_of(clinician_name: str) -> str:
    first = clinician_name.split()[0] if clinician_name.split() else ""
    return first if first in {"Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Professor"} else "Dr"


_THERAPISTS = (
    "Claire Dawson",
    "Tom Hughes",
    "Aisha Rahman",
    "Megan Price",
    "Piotr Nowak",
    "Grace Adeyemi",
)
_DOCTORS = (
    "Priya Shah",
    "Daniel Evans",
    "Olu Bello",
    "Hannah Leigh",
    "Marek Zielinski",
    "Fiona Grant",
)


def fallback_author(
    service_type: str | None, specialty_tfc: str | None, gp_name: str | None, rng: random.Random
) -> str:
    """A plausible author for a letter whose event names no consultant (therapists, ED, practice)."""
    if service_type == "internal" and gp_name:
        return gp_name
    if service_type == "community":
        name = rng.choice(_THERAPISTS)
        return f"{rng.choice(('Ms', 'Mr', ''))} {name}".strip() if rng.random() < 0.5 else name
    if specialty_tfc == "180" or service_type == "emergency":
        return f"Dr {rng.choice(_DOCTORS)}"
    return f"Dr {rng.choice(_DOCTORS)}"
