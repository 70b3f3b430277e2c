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
from functools import lru_cache

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*|[+&]|(?P<stop>[.;:!,()\[\]\n|]|\s-\s)")

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
_ABBREVIATIONS = frozenset(
    ["st", "dr", "mr", "mrs", "ms", "prof", "no", "approx", "vs", "eg", "ie", "nr"]
)
_KEEP_S = ("ss", "us", "is", "ous", "ics", "as", "ys")


@lru_cache(maxsize=65536)
def normalise_token(token: str) -> str:
    """Lower case, British spelling, singular: the same on both sides of a lookup."""
    t = token.lower().replace("\u2019", "'")
    if t.endswith("'s"):
        t = t[:-2]
    t = _SPELLING.get(t, t)
    if len(t) > 4 and t.endswith("s") and not t.endswith(_KEEP_S):
        t = t[:-1]
        t = _SPELLING.get(t, t)
    return t


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry: a code for a phrase, with which tokens must match case."""

    code: str
    kind: str  # "icd10" or "opcs4"
    source: str  # "curated" or "who"
    cased: tuple[str | None, ...]  # per token: the exact upper-case form required, or None
    extra: tuple = ()  # index-specific payload (e.g. a provider's canonical name and strength)


@dataclass(frozen=True, slots=True)
class Match:
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
    for m in _TOKEN_RE.finditer(term):
        if m.group("stop"):
            continue
        raw = m.group(0)
        norm = normalise_token(raw)
        if norm in ignored:
            continue
        norms.append(norm)
        letters = [c for c in raw if c.isalpha()]
        upper = len(letters) >= 2 and all(c.isupper() for c in letters) and len(raw) <= 6
        cased.append(raw if upper else None)
    return tuple(norms), tuple(cased)


class PhraseIndex:
    """All terms of all lexicons, keyed by their normalised token tuples."""

    def __init__(self, ignored: frozenset[str] = IGNORED) -> None:
        self.ignored = ignored
        self._phrases: dict[tuple[str, ...], list[Term]] = {}
        self._lengths: dict[str, list[int]] = {}

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
        lengths = self._lengths.setdefault(norms[0], [])
        if len(norms) not in lengths:
            lengths.append(len(norms))
            lengths.sort(reverse=True)

    def __len__(self) -> int:
        return len(self._phrases)

    def __contains__(self, phrase: str) -> bool:
        return tokenise_term(phrase, self.ignored)[0] in self._phrases

    def find(self, text: str | Tokens) -> list[Match]:
        """Longest non-overlapping matches in text (or its pre-computed Tokens)."""
        toks = text if isinstance(text, Tokens) else Tokens(text)
        ignored = self.ignored
        tokens = []
        raws = []
        for item in toks.items:
            if item[0] not in ignored:
                tokens.append(item)
                raws.append(item[3])
        matches: list[Match] = []
        lengths_of = self._lengths
        phrases = self._phrases
        n = len(tokens)
        i = 0
        while i < n:
            lengths = lengths_of.get(tokens[i][0])
            matched = 0
            if lengths:
                for length in lengths:
                    if i + length > n:
                        continue
                    key = tuple(t[0] for t in tokens[i : i + length])
                    terms = phrases.get(key)
                    if not terms:
                        continue
                    for term in terms:
                        if all(c is None or c == raws[i + k] for k, c in enumerate(term.cased)):
                            matches.append(Match(term, tokens[i][1], tokens[i + length - 1][2], i))
                            matched = length
                    if matched:
                        break
            i += matched or 1
        return matches


class Tokens:
    """A letter's tokens, normalised once and shared by every phrase index."""

    __slots__ = ("items",)

    def __init__(self, text: str) -> None:
        items: list[tuple[str, int, int, str]] = []
        append = items.append
        norm = normalise_token
        previous = ""
        for m in _TOKEN_RE.finditer(text):
            raw = m.group()
            if m.lastgroup == "stop":
                if raw == "." and previous in _ABBREVIATIONS:
                    continue  # "St. Albans", "Dr. Smith": not a sentence end
                append(("|", m.start(), m.end(), "|"))
                previous = ""
            else:
                append((norm(raw), m.start(), m.end(), raw))
                previous = raw.lower()
        self.items = items
