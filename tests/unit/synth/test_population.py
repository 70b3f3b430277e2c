"""Patients, practices and clinicians: valid identifiers and an English age/sex mix."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from pars.core.nhs_number import is_valid_nhs_number
from pars.synth.population import (
    POPULATION_SHARE,
    age_band,
    age_on,
    list_sizes,
    month_starts,
    new_nhs_number,
)
from pars.synth.sus import mistype


def test_nhs_numbers_valid_and_unique(world) -> None:
    numbers = [p.nhs_number for p in world.patients]
    assert all(is_valid_nhs_number(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


@given(st.integers(min_value=0, max_value=2**32))
def test_new_nhs_number_always_valid(seed: int) -> None:
    used: set[str] = set()
    number = new_nhs_number(random.Random(seed), used)
    assert is_valid_nhs_number(number) and number in used


@given(st.integers(min_value=0, max_value=2**32))
def test_mistyped_number_differs_but_keeps_ten_digits(seed: int) -> None:
    rng = random.Random(seed)
    number = new_nhs_number(rng, set())
    typo = mistype(rng, number)
    assert typo != number and len(typo) == 10 and typo.isdigit()


def test_age_sex_mix_matches_england(world) -> None:
    counts = Counter((p.sex, age_band(age_on(p.birth_date, world.start))) for p in world.patients)
    total = sum(POPULATION_SHARE.values())
    for key, share in POPULATION_SHARE.items():
        expected = share / total
        observed = counts[key] / len(world.patients)
        assert abs(observed - expected) < 0.012 + expected * 0.15, (key, observed, expected)


def test_list_sizes_add_up_to_patients_every_month(world) -> None:
    rows = list_sizes(world.patients, month_starts(world.start, world.end))
    by_month = Counter()
    for _practice, month, _sex, _band, n in rows:
        by_month[month] += n
    assert len(by_month) == 12
    assert set(by_month.values()) == {len(world.patients)}
    first_practice = world.practices[0]
    assert (
        sum(n for p, m, *_, n in rows if p == first_practice.practice.code and m == min(by_month))
        == first_practice.list_size
    )


def test_practice_codes_are_ods_style_and_staffed(world) -> None:
    for practice in world.practices:
        code = practice.practice.code
        assert len(code) == 6 and code[0].isalpha() and code[1:].isdigit()
        assert len(practice.gps()) >= 2
        assert any(s.clinician.role == "nurse" for s in practice.staff)


def test_some_gps_are_clear_referral_outliers(world) -> None:
    gps = [g for w in world.practices for g in w.gps()]
    outliers = {g.outlier for g in gps if g.outlier}
    assert outliers == {"high", "low"}


def test_clinician_names_are_unique(world) -> None:
    names = [s.clinician.name for w in world.practices for s in w.staff]
    assert len(names) == len(set(names))
