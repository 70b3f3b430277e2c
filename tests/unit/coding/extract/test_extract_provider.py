"""Provider: ODS codes, trust and site names, and the names letters really use."""

from __future__ import annotations

import pytest

from pars.coding.extract import extract_fields


def provider(text: str, providers, **hints: str) -> tuple[str | None, str | None]:
    out = extract_fields(text, hints or None, providers=providers)
    return out["provider_code"].value, out["provider_name"].value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Watford General Hospital\nVicarage Road", "RWG"),
        ("Seen at Watford General today", "RWG"),
        ("I would be grateful if you could see her at the Lister", "RWH"),
        ("referred to the L&D for an opinion", "RC9"),
        ("Luton & Dunstable University Hospital", "RC9"),
        ("Clinic: RWG02 Dermatology", "RWG"),
        ("ODS RAL", "RAL"),
        ("St. Albans City Hospital, Waverley Road", "RWG"),
        ("Moorfields Eye Hospital NHS Foundation Trust", "RP6"),
        ("Please see at the Royal Free", "RAL"),
    ],
)
def test_names_codes_and_aliases(text: str, code: str, providers) -> None:
    assert provider(text, providers)[0] == code


def test_provider_name_is_as_written(providers) -> None:
    assert provider("Watford General Hospital\n", providers) == ("RWG", "Watford General Hospital")


def test_letterhead_beats_a_provider_mentioned_in_the_body(providers) -> None:
    text = "Lister Hospital\nCoreys Mill Lane\n\nDear Dr Smith\n" + "Clinic notes.\n" * 10
    text += "She was previously seen at the Royal Free Hospital.\n"
    assert provider(text, providers)[0] == "RWH"


def test_cc_line_does_not_decide(providers) -> None:
    text = "Dear Dr Smith\nThank you for seeing.\n" + "x\n" * 3 + "cc: Royal Free Hospital\n"
    text = "To: Orthopaedics, Bedford Hospital\n" + text
    assert provider(text, providers)[0] == "RC9"


def test_full_site_name_beats_a_town_named_in_an_address(providers) -> None:
    text = "Parkside Surgery, 1 High St, Watford WD17\n\nTo: Lister Hospital\n\nDear Colleague\n"
    assert provider(text, providers)[0] == "RWH"


def test_internal_practice_note_is_the_practice(providers) -> None:
    text = "Seen by the practice nurse for a dressing change."
    assert provider(text, providers, practice_code="E82031")[0] == "E82031"


def test_community_service_without_a_named_trust(providers) -> None:
    text = "Referral to the community physiotherapy team for knee rehabilitation."
    assert provider(text, providers)[0] == "RY4"


def test_no_providers_loaded_gives_nothing() -> None:
    assert provider("Watford General Hospital", ()) == (None, None)


def test_index_per_provider_list_is_built_once_and_found_by_equal_lists(providers) -> None:
    from pars.coding.extract.provider import combined_index, default_providers

    first = combined_index(tuple(providers))
    assert combined_index(tuple(providers)) is first  # an equal tuple: the cached index
    same = tuple(providers)
    assert combined_index(same) is combined_index(same) is first
    assert combined_index(tuple(providers[:2])) is not first  # another list: its own index
    assert default_providers() is default_providers()
