"""Scoping of clinical mentions: the fast trigger scan finds what the plain scan finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract.context import (
    _ASCII_TRIGGER_WORD_RE,
    _TRIGGER_FIRST_WORDS,
    _TRIGGER_KINDS,
    _TRIGGER_STARTS,
    _TRIGGER_WORD_RE,
    _TRIGGERS,
    LetterContext,
    _triggers,
)

# every word the trigger pattern spells, and the separators it allows between them
_WORDS = sorted(set(re.findall(r"[a-z]+", _TRIGGERS.pattern)) - {"s", "d", "b"})
_PIECES = _WORDS + [
    " ", "  ", "-", "/", "'", "?", ".", "4", "12", "x", "_", "\u00e9", "\n", "s", "h/o", "s/p",
    "r/o", "don't", "post-op", "long-standing", "2ww",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_trigger_scan_finds_what_finditer_finds(before: str) -> None:
    assert [(m.span(), m.lastgroup) for m in _triggers(before)] == [
        (m.span(), m.lastgroup) for m in _TRIGGERS.finditer(before)
    ]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_ascii_word_scan_finds_the_words_of_the_unicode_one(text: str) -> None:
    text = text.encode("ascii", "ignore").decode()  # the ASCII twin reads ASCII text only
    assert [m.span() for m in _ASCII_TRIGGER_WORD_RE.finditer(text)] == [
        m.span() for m in _TRIGGER_WORD_RE.finditer(text)
    ]


def test_every_trigger_starts_with_a_listed_word() -> None:
    missing = set()
    for first in _WORDS:
        for second in [*_WORDS, "", "of", "be", "the past", "the care of", "week history of"]:
            for sep in (" ", "-", "", "'", "/"):
                text = f"{first}{sep}{second} of x"
                if _TRIGGERS.match(text):
                    word = re.match(r"\w+", text).group()
                    if word not in _TRIGGER_FIRST_WORDS:
                        missing.add(word)
    assert not missing


def test_every_trigger_kind_starts_with_one_of_its_words() -> None:
    """_triggers tries at a word only the kinds listed for it: each kind's list is complete."""
    missing = set()
    for kind, pattern in _TRIGGER_KINDS:
        alone = re.compile(pattern)
        for first in _WORDS:
            for second in [*_WORDS, "", "of", "be", "the past", "the care of", "week history of"]:
                for sep in (" ", "-", "", "'", "/"):
                    text = f"{first}{sep}{second} of x"
                    if alone.match(text):
                        word = re.match(r"\w+", text).group()
                        if word not in _TRIGGER_STARTS[kind]:
                            missing.add((kind, word))
    assert not missing
    assert [k for k, _ in _TRIGGER_KINDS] == list(_TRIGGER_STARTS)


def test_scope_reads_negation_history_family_and_sections() -> None:
    text = (
        "Diagnosis: asthma\n\n"
        "PMH:\nhypertension\n\n"
        "She has no chest pain. Her mother had breast cancer. Possible gout. "
        "Diabetes was excluded."
    )
    ctx = LetterContext(text)

    def scope(phrase: str):
        start = text.index(phrase)
        return ctx.scope(start, start + len(phrase))

    assert scope("asthma").section == "conclusion"
    assert scope("hypertension").history
    assert scope("chest pain").negated
    assert scope("breast cancer").family
    assert scope("gout").uncertain
    assert scope("Diabetes").negated
    assert not scope("asthma").negated


def test_scope_is_the_same_read_through_the_lower_cased_text_or_not() -> None:
    text = (
        "Diabetes WAS EXCLUDED. The Diabetes Team will see her. Asthma in 1999. "
        "Suspected breast cancer referral. Gout: not seen. Angina previously."
    )
    fast = LetterContext(text)
    plain = LetterContext(text)
    plain.ascii = False  # as for text beyond ASCII: the case-insensitive patterns themselves
    for word in ("Diabetes", "Team", "Asthma", "breast cancer", "Gout", "Angina"):
        start = text.index(word)
        assert fast.scope(start, start + len(word)) == plain.scope(start, start + len(word))
    start = text.index("Diabetes")
    assert fast.scope(start, start + 8).negated


# the heading pattern as first written: a lazy head, retried at every length
_LAZY_HEADING_RE = re.compile(
    r"^[ \t>*#\u2022-]*(?P<head>[A-Za-z][A-Za-z /&()'\-]{0,48}?)[ \t]*"
    r"(?:(?P<colon>:|\n[ \t]*[-=]{3,})[ \t]*|$)",
    re.M,
)
_HEADING_PIECES = [
    "Diagnosis", "Plan", "PMH", " ", "  ", "\t", ":", "\n", "\n---", "\n===", "\n--", "- ", "> ",
    "x" * 20, "Reason for referral", ",", ".", "(", "'", "&", "/",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_HEADING_PIECES), max_size=25).map("".join))
def test_whole_head_heading_pattern_finds_the_lazy_patterns_headings(text: str) -> None:
    from pars.coding.extract.context import _HEADING_RE

    def key(m: re.Match[str]) -> tuple:
        return m.span(), m.group("colon"), " ".join(m.group("head").split())

    assert [key(m) for m in _HEADING_RE.finditer(text)] == [
        key(m) for m in _LAZY_HEADING_RE.finditer(text)
    ]


_AFTER_PIECES = [
    " ", "was", "excluded", "ruled out", "Team", "clinic", "nurse ", "specialist ", "not seen",
    "is", "normal", ".", ";", "\n", "x" * 10, "Negative", "follow-up", "review",
]  # fmt: skip


@given(st.lists(st.sampled_from(_AFTER_PIECES), max_size=12).map("".join))
def test_one_look_after_pattern_reads_as_the_two(after: str) -> None:
    from pars.coding.extract.context import _NEG_OR_SERVICE_POST, _NEG_POST, _SERVICE_POST

    expected = bool(_NEG_POST.caseless.search(after) or _SERVICE_POST.caseless.match(after))
    assert bool(_NEG_OR_SERVICE_POST.match(after)) == expected
    assert bool(_NEG_OR_SERVICE_POST.match(after, after.lower())) == expected
