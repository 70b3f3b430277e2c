import pytest
from hypothesis import given
from hypothesis import strategies as st

from pars.core import NHSNumber, is_valid_nhs_number, nhs_check_digit


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919"])
def test_valid_forms_normalise_to_ten_digits(text):
    assert str(NHSNumber(text)) == "9434765919"


@pytest.mark.parametrize(
    "text", ["9434765918", "943476591", "94347659190", "0000000000", "", "abcdefghij"]
)
def test_invalid_numbers_are_rejected(text):
    assert not is_valid_nhs_number(text)
    with pytest.raises(ValueError):
        NHSNumber(text)


def test_formatted_is_three_three_four():
    assert NHSNumber("9434765919").formatted() == "943 476 5919"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digit_round_trip(first_nine):
    check = nhs_check_digit(first_nine)
    if check is None:
        assert not any(is_valid_nhs_number(first_nine + str(d)) for d in range(10))
    else:
        candidate = first_nine + str(check)
        assert is_valid_nhs_number(candidate) == (len(set(candidate)) > 1)
        for wrong in set(range(10)) - {check}:
            assert not is_valid_nhs_number(first_nine + str(wrong))


@given(st.text(max_size=30))
def test_validation_never_crashes(text):
    assert isinstance(is_valid_nhs_number(text), bool)
