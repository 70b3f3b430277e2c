"""Fast phrase matching of clinical terms over a letter's tokens.

Terms (curated lexicon rows and WHO ICD-10 titles) are tokenised and
normalised once into a dict keyed by token tuples. A letter is tokenised with
one compiled regex, and every token position is looked up longest-phrase
first: a few hundred dict probes per letter, no per-call compilation.
Normalisation ignores laterality and severity words, British/American
spellings and plural "s", so "OA of the left knee", "L knee OA" and
"osteoarthritis knees" all reach the same entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from typing import NamedTuple

# A single line break is only wrapping ("joint\npain"); a blank line, or a line break before a
# bullet, a numbered item or a "Label:" starts a new item and stops phrases running on.
# Tokens, in order of preference: "St." "Dr." "Mr." "Mrs." "Ms." before a space; "A&E"; a word
# (with "'s", "'t"); "+" "&"; a stop. The first two are led by one character class and the
# lookbehinds pick the letters that may follow it ("[SsDdMm](?:(?<=[Ss])[Tt]|..." is
# "(?:[Ss][Tt]|[Dd][Rr]|...", and "A&E" shares the word's first character): `re` tries each
# alternative at every word, and one cheap class test per alternative keeps that fast.
# Most tokens are a plain run of letters and digits: the first alternative takes such a run
# whole (possessive) when no "&", apostrophe or "." follows it, where no later alternative
# could match differently; the rest take what that one leaves (runs also possessive).
_TOKEN_RE = re.compile(
    r"[A-Za-z0-9]++(?![&'\u2019.])"
    r"|[SsDdMm](?:(?<=[Ss])[Tt]|(?<=[Dd])[Rr]|(?<=[Mm])[Rr][Ss]?|(?<=[Mm])[Ss])\.(?=\s)"
    r"|[A-Za-z0-9](?:(?<=[A-Za-z])&[A-Za-z](?![A-Za-z])|[A-Za-z0-9]*+(?:['\u2019][A-Za-z]++)*+)"
    r"|[+&]|[.;:!,()\[\]|]|\s-\s|\n(?=[ \t]*(?:\n|[-*\u2022>]|\d+[.)]\s|[A-Z][A-Za-z /]{1,40}:|$))"
)
# the same tokens as _TOKEN_RE, written plainly (kept for the equivalence test)
_PLAIN_TOKEN_RE = re.compile(
    r"(?:[Ss][Tt]|[Dd][Rr]|[Mm][Rr][Ss]?|[Mm][Ss])\.(?=\s)|[A-Za-z]&[A-Za-z](?![A-Za-z])"
    r"|[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|[+&]"
    r"|[.;:!,()\[\]|]|\s-\s|\n(?=[ \t]*(?:\n|[-*\u2022>]|\d+[.)]\s|[A-Z][A-Za-z /]{1,40}:|$))"
)
_STOPS = frozenset(".;:!,()[]\n|") | {" - "}  # "\n" is only ever a stop token here
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

IGNORED = frozenset(
    [
        "left",
        "right",
        "bilateral",
        "bilaterally",
        "lt",
        "rt",
        "l",
        "r",
        "the",
        "of",
        "in",
        "to",
        "at",
        "index",
        "middle",
        "ring",
        "little",
        "a",
        "an",
        "both",
        "sided",
        "side",
        "his",
        "her",
        "their",
        "mild",
        "moderate",
        "severe",
        "small",
        "large",
        "minor",
        "major",
        "possible",
        "probable",
        "likely",
        "suspected",
        "query",
        "presumed",
        "ongoing",
        "worsening",
        "recurrent",
    ]
)
_SPELLING = {
    "esophageal": "oesophageal", "esophagus": "oesophagus", "esophagitis": "oesophagitis",
    "hemorrhage": "haemorrhage", "hemorrhoids": "haemorrhoids", "hemorrhoid": "haemorrhoid",
    "anemia": "anaemia", "edema": "oedema", "tumor": "tumour", "tumors": "tumours",
    "hematuria": "haematuria", "leukemia": "leukaemia", "ischemic": "ischaemic",
    "ischemia": "ischaemia", "diarrhea": "diarrhoea", "gynecological": "gynaecological",
    "pediatric": "paediatric", "orthopedic": "orthopaedic", "anesthetic": "anaesthetic",
    "fetal": "fetal", "foetal": "fetal", "color": "colour", "behavior": "behaviour",
    "celiac": "coeliac", "dyspnea": "dyspnoea", "apnea": "apnoea", "hypoglycemia": "hypoglycaemia",
    "hyperglycemia": "hyperglycaemia", "hematoma": "haematoma", "hemoptysis": "haemoptysis",
    "hematemesis": "haematemesis", "estrogen": "oestrogen", "glaucomatous": "glaucoma",
    "appendectomy": "appendicectomy", "tonsilectomy": "tonsillectomy", "cesarean": "caesarean",
    "caesarian": "caesarean", "haemorrhoidal": "haemorrhoid", "ca": "cancer", "carcinoma": "cancer",
    "malignancy": "cancer", "neoplasm": "cancer", "tumour": "tumour", "oesophagogastroduodenoscopy": "ogd",
    "replacment": "replacement", "saint": "st", "arthroplasty": "replacement", "dm": "diabetes", "&": "and",
}  # fmt: skip
# lower-case words that are also capitalised abbreviations ("apr" is April, not an APR)
_COMMON_WORDS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "all",
        "and",
        "are",
        "can",
        "cap",
        "cat",
        "ear",
        "gas",
        "hip",
        "leg",
        "lid",
        "lip",
        "pad",
        "pet",
        "sad",
        "tar",
        "top",
        "was",
        "who",
        "had",
        "her",
        "him",
        "his",
        "its",
        "not",
        "one",
        "our",
        "out",
        "own",
        "see",
        "she",
        "the",
        "too",
        "two",
        "use",
        "way",
    ]
)
_SENTENCE_START_RE = re.compile(r"[.!?]\s+([A-Za-z])")
_ABBREVIATIONS = frozenset(
    ["st", "dr", "mr", "mrs", "ms", "prof", "no", "approx", "vs", "eg", "ie", "nr"]
)
_KEEP_S = ("ss", "us", "is", "ous", "ics", "as", "ys")


def normalise_token(token: str) -> str:
    """Lower case, British spelling, singular: the same on both sides of a lookup."""
    return _NORMALISED[token]


def _normalise(token: str) -> str:
    if token in _STOPS or token[-1:] == "-" or token[:1] == " ":
        return "|"
    t = token.lower().replace("\u2019", "'").rstrip(".")
    if t.endswith("'s"):
        t = t[:-2]
    t = _SPELLING.get(t, t)
    if len(t) > 4 and t.endswith("s") and not t.endswith(_KEEP_S):
        t = t[:-1]
        t = _SPELLING.get(t, t)
    return t


class _NormalCache(dict):
    """token -> normalised token, filled on first sight; ``map(cache.__getitem__, raws)``
    normalises a letter at C speed. Bounded: past the limit new tokens are not kept."""

    limit = 65536

    def __missing__(self, token: str) -> str:
        norm = _normalise(token)
        if len(self) < self.limit:
            self[token] = norm
        return norm


_NORMALISED = _NormalCache()


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry: a code for a phrase, with which tokens must match case."""

    code: str
    kind: str  # "icd10" or "opcs4"
    source: str  # "curated" or "who"
    cased: tuple[str | None, ...]  # per token: the exact upper-case form required, or None
    extra: tuple = ()  # index-specific payload (e.g. a provider's canonical name and strength)


class Match(NamedTuple):
    """One phrase found in a letter (a named tuple: a letter makes dozens, cheaply)."""

    term: Term
    start: int
    end: int
    token_index: int  # index of the first token in the letter's token list


def tokenise_term(
    term: str, ignored: frozenset[str] = IGNORED
) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """Normalised tokens of a lexicon phrase, and the case each must have in the letter."""
    norms: list[str] = []
    cased: list[str | None] = []
    for raw in _TOKEN_RE.findall(term):
        norm = normalise_token(raw)
        if norm == "|" or norm in ignored:
            continue
        norms.append(norm)
        letters = [c for c in raw if c.isalpha()]
        capitals = sum(1 for c in letters if c.isupper())
        # all-capitals abbreviations (AF, OA) and mixed ones (PsA, IgA) must match exactly
        upper = len(letters) >= 2 and capitals >= 2 and len(raw) <= 6
        cased.append(raw if upper else None)
    return tuple(norms), tuple(cased)


class PhraseIndex:
    """All terms of all lexicons, keyed by their normalised token tuples.

    Phrases are also indexed by their first two tokens (the lengths that exist
    for each pair, longest first), so a letter's token is looked up only at the
    lengths its next token allows, not at every length its first token has.
    """

    def __init__(self, ignored: frozenset[str] = IGNORED) -> None:
        self.ignored = ignored
        self._phrases: dict[tuple[str, ...], list[Term]] = {}
        self._firsts: set[str] = set()  # first tokens of all phrases
        self._singles: dict[str, list[Term]] = {}  # token -> terms of the one-token phrase
        # first two tokens -> the lengths of phrases that start so, longest first, then 1
        self._pairs: dict[tuple[str, str], list[int]] = {}

    def add(self, phrase: str, code: str, kind: str, source: str, extra: tuple = ()) -> None:
        norms, cased = tokenise_term(phrase, self.ignored)
        if not norms:
            return
        bucket = self._phrases.setdefault(norms, [])
        if any(t.kind == kind and t.source == "curated" for t in bucket) and source != "curated":
            return  # the curated reading of a phrase wins over a WHO title
        if any(t.kind == kind and t.cased == cased for t in bucket):
            return
        bucket.append(Term(code, kind, source, cased, extra))
        self._firsts.add(norms[0])
        if len(norms) == 1:
            self._singles[norms[0]] = bucket
        if len(norms) >= 2:
            lengths = self._pairs.setdefault(norms[:2], [1])
            if len(norms) not in lengths:
                lengths.append(len(norms))
                lengths.sort(reverse=True)

    def __len__(self) -> int:
        return len(self._phrases)

    def copy(self) -> PhraseIndex:
        """An independent copy, to extend without touching the shared index."""
        other = PhraseIndex(self.ignored)
        other._phrases = {key: list(terms) for key, terms in self._phrases.items()}
        other._firsts = set(self._firsts)
        other._singles = {key[0]: terms for key, terms in other._phrases.items() if len(key) == 1}
        other._pairs = {key: list(lengths) for key, lengths in self._pairs.items()}
        return other

    def __contains__(self, phrase: str) -> bool:
        return tokenise_term(phrase, self.ignored)[0] in self._phrases

    def find(self, text: str | Tokens) -> list[Match]:
        """Longest non-overlapping matches in text (or its pre-computed Tokens).

        Ignored words ("left", "the") are skipped only after a phrase's first token: a
        phrase never starts with one, so the tokens that may start one are found in a
        single C-speed pass over all the letter's tokens.
        """
        toks = text if isinstance(text, Tokens) else Tokens(text)
        ignored = self.ignored
        norms = toks.norms
        raws = toks.raws
        pairs = self._pairs
        phrases = self._phrases
        singles = self._singles
        n = len(norms)
        matches: list[Match] = []

        def take(terms: list[Term], at: list[int], length: int) -> bool:
            """Record the terms of the phrase on tokens at[:length] written in the right case."""
            found = False
            for term in terms:
                if any(term.cased) and not _case_fits(term.cased, raws, at, 0, toks):
                    continue
                if length == 1:
                    start, end = toks.span(at[0])
                else:
                    start = toks.span(at[0])[0]
                    end = toks.span(at[length - 1])[1]
                matches.append(Match(term, start, end, at[0]))
                found = True
            return found

        free = 0  # first token not inside an earlier match
        for p in compress(count(), map(self._firsts.__contains__, norms)):
            if p < free:
                continue
            q = p + 1  # the next token that counts
            while q < n and norms[q] in ignored:
                q += 1
            lengths = pairs.get((norms[p], norms[q])) if q < n else None
            if lengths is None:  # no longer phrase starts here: most tokens
                terms = singles.get(norms[p])
                if terms and take(terms, [p], 1):
                    free = p + 1
                continue
            # the tokens that count from p on, as many as the longest phrase needs
            at = [p, q]
            longest = lengths[0]
            r = q + 1
            while len(at) < longest and r < n:
                if norms[r] not in ignored:
                    at.append(r)
                r += 1
            for length in lengths:  # longest first, 1 last
                if length > len(at):
                    continue
                terms = phrases.get(tuple(map(norms.__getitem__, at[:length])))
                if terms and take(terms, at, length):
                    free = at[length - 1] + 1
                    break
        return matches


def _case_fits(
    cased: tuple[str | None, ...], raws: list[str], keep: list[int], i: int, toks: Tokens
) -> bool:
    """Whether the letter writes a phrase's abbreviations as the lexicon does ("AF", "PsA").

    In lower-case prose (dictation) a 3+ letter abbreviation may be written in lower case,
    unless the lower-case form is an everyday word ("apr", "cat").
    """
    for k, c in enumerate(cased):
        if c is None:
            continue
        raw = raws[keep[i + k]]
        if c == raw:
            continue
        if (
            len(c) >= 3
            and raw == c.lower()
            and raw not in _COMMON_WORDS
            and toks.lower_case_prose  # asked last: computed on first use
        ):
            continue
        return False
    return True


class Tokens:
    """A letter's tokens, normalised once and shared by every phrase index.

    Only the token strings are built eagerly (C-speed ``findall``); the
    character span of a token is found on demand, for the few that match.
    """

    __slots__ = ("_last", "_lower_case_prose", "_spans", "norms", "raws", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.raws: list[str] = _TOKEN_RE.findall(text)
        self.norms: list[str] = list(map(_NORMALISED.__getitem__, self.raws))
        self._spans: dict[int, tuple[int, int]] = {}
        self._last = (-1, 0)  # (token index, character offset after it) of the last span found
        self._lower_case_prose: bool | None = None

    @property
    def lower_case_prose(self) -> bool:
        """Whether most sentences start in lower case (dictated or speech-recognised text,
        which writes "copd" and "tkr": there 3+ letter abbreviations match in lower case).
        Found on first use: only a phrase with an abbreviation written otherwise asks."""
        if self._lower_case_prose is None:
            starts = _SENTENCE_START_RE.findall(self.text)  # the first letter of each sentence
            lower = sum(1 for letter in starts if letter.islower())
            self._lower_case_prose = lower > len(starts) - lower
        return self._lower_case_prose

    def span(self, k: int) -> tuple[int, int]:
        """Character span of token k, found from the nearest earlier known span.

        Every letter or digit belongs to some token, so between two tokens
        there are only spaces and punctuation: the n-th whole-token occurrence
        of token k's text after a known token is token k itself.
        """
        cached = self._spans.get(k)
        if cached is not None:
            return cached
        j, offset = self._last
        if j >= k:
            j, offset = -1, 0
        raw = self.raws[k]
        nth = self.raws[j + 1 : k].count(raw)
        text = self.text
        size = len(raw)
        word = raw[:1] in _WORD_CHARS
        pos = offset - 1
        seen = 0
        result = (0, 0)
        while True:
            pos = text.find(raw, pos + 1)
            if pos == -1:
                break
            if word and (
                (pos > 0 and text[pos - 1] in _WORD_CHARS)
                or (pos + size < len(text) and text[pos + size] in _WORD_CHARS)
            ):
                continue
            if seen == nth:
                result = (pos, pos + size)
                self._last = (k, pos + size)
                break
            seen += 1
        self._spans[k] = result
        return result
