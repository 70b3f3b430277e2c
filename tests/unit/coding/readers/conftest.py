"""Fixtures for the reader tests; the builders live in letter_builders.py."""

import pytest
from letter_builders import samples as build_samples


@pytest.fixture
def samples() -> dict[str, bytes]:
    return build_samples()
