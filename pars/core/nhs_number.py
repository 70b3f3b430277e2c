"""NHS number: ten digits, the last a modulus-11 check digit (NHS Data Dictionary).

Letters write it as ``943 476 5919``, ``943-476-5919`` or ``9434765919``; PARS
always outputs the ten bare digits, and never outputs one whose check fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-]")
_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no digit is possible (remainder 10)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("need exactly nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(text: str) -> str:
    """Strip the separators letters use; no validation."""
    return _SEPARATORS.sub("", text)


def is_valid_nhs_number(text: str | None) -> bool:
    if not text:
        return False
    digits = normalise_nhs_number(text)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    if len(set(digits)) == 1:  # 0000000000 passes the arithmetic but is never issued
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


@dataclass(frozen=True, slots=True)
class NHSNumber:
    """A valid NHS number, stored as ten digits."""

    value: str

    def __post_init__(self) -> None:
        digits = normalise_nhs_number(self.value)
        if not is_valid_nhs_number(digits):
            raise ValueError("not a valid NHS number (ten digits with a modulus-11 check digit)")
        object.__setattr__(self, "value", digits)

    def __str__(self) -> str:
        return self.value

    def formatted(self) -> str:
        """The 3-3-4 form used on letters."""
        return f"{self.value[:3]} {self.value[3:6]} {self.value[6:]}"
