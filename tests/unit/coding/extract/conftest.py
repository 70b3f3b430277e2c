"""Fixtures for the extractor tests: a provider list injected like interface 1's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class FakeProvider:
    code: str
    name: str
    site_names: tuple[str, ...]


PROVIDERS = (
    FakeProvider(
        "RWG",
        "West Hertfordshire Teaching Hospitals NHS Trust",
        ("Watford General Hospital", "St Albans City Hospital", "Hemel Hempstead Hospital"),
    ),
    FakeProvider(
        "RWH",
        "East and North Hertfordshire NHS Trust",
        ("Lister Hospital", "Queen Elizabeth II Hospital"),
    ),
    FakeProvider(
        "RC9",
        "Bedfordshire Hospitals NHS Foundation Trust",
        ("Luton and Dunstable University Hospital", "Bedford Hospital"),
    ),
    FakeProvider(
        "RAL", "Royal Free London NHS Foundation Trust", ("Royal Free Hospital", "Barnet Hospital")
    ),
    FakeProvider(
        "RP6", "Moorfields Eye Hospital NHS Foundation Trust", ("Moorfields Eye Hospital",)
    ),
    FakeProvider("RY4", "Hertfordshire Community NHS Trust", ("Hertfordshire Community Services",)),
)


@pytest.fixture
def providers() -> tuple[FakeProvider, ...]:
    return PROVIDERS
