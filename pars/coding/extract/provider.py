"""Provider: the organisation a referral goes to (outgoing) or that wrote (incoming).

Matches ODS codes, trust names, site names and the names letters really use
("Watford General", "the Lister", "the L&D"; curated in
lexicon/provider_aliases.json) against the provider list of interface 1.
The alias regex is built once per provider list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from importlib import resources
from typing import Any, Protocol

from pars.coding.extract.matcher import Match, PhraseIndex, Term, Tokens, tokenise_term
from pars.coding.extract.text import Doc, snippet
from pars.coding.types import Extracted


class ProviderLike(Protocol):
    code: str
    name: str
    site_names: tuple[str, ...]


_NOISE_WORDS = re.compile(
    r"\b(?:the|nhs|foundation|trust|teaching|university|hospitals?|healthcare|general|city)\b", re.I
)
_GENERIC_FIRST = frozenset(
    [
        "royal",
        "university",
        "national",
        "queen",
        "princess",
        "st",
        "saint",
        "the",
        "general",
        "city",
        "county",
        "district",
        "community",
        "hospital",
        "hertfordshire",
        "new",
        "north",
        "south",
        "east",
        "west",
        "central",
    ]
)
_INTERNAL_RE = re.compile(
    r"\b(?:internal\s*:|book\s+(?:with|into|in\s+with)\s+(?:the\s+|our\s+)?(?:practice|nurse|hca|"
    r"pharmacist|physio\w*|phlebotom\w*|minor\s+surgery|gp)|booking\s+request|practice\s+clinician|"
    r"(?:nurse|hca|pharmacist|phlebotomy|minor\s+surgery|practice|chronic\s+disease|asthma|diabetes)"
    r"\s+clinic\s+\(|practice\s+(?:nurse|pharmacist|physio\w*|based|minor\s+surgery|team)|in[\s-]house|"
    r"internal\s+(?:referral|note|task|message)|(?:our|the)\s+practice'?s?\s+(?:own\s+)?"
    r"(?:nurse|pharmacist|physio\w*|clinic|minor\s+surgery|mental\s+health|social\s+prescrib\w*)|"
    r"minor\s+surgery\s+(?:list|clinic)\s+(?:here|at\s+the\s+(?:practice|surgery))|"
    r"seen\s+at\s+the\s+(?:practice|surgery)|task\s+(?:for|to)\s+(?:the\s+)?practice)\b",
    re.I,
)
_COMMUNITY_RE = re.compile(
    r"\b(?:community\s+(?:physio\w*|nurs\w*|team|services?|matron|podiatry|dietetics?|"
    r"rehab\w*|therapy|therapists?|heart\s+failure|respiratory|continence|diabetes|msk|"
    r"paediatric\w*|dental|speech)|district\s+nurs\w*|intermediate\s+care)\b",
    re.I,
)
_PROVIDER_IGNORED = frozenset({"the"})
_ADDRESSEE_RE = re.compile(
    r"[ \t|]*(?:to|referred\s+to|referral\s+to|refer(?:ring)?\s+to|hospital|provider|service|trust|"
    r"destination|organisation|sent\s+to|for\s+the\s+attention\s+of)\b[^\n]{0,6}[:\t]",
    re.I,
)
_OTHER_NUMBER_LINE_RE = re.compile(
    r"[ \t|]*(?:hosp(?:ital)?\.?\s*(?:no|number|id)|mrn|unit\s+no|case\s*note|pas\s+no)", re.I
)
_CC_RE = re.compile(r"[ \t]*(?:cc|copy|copies)\b", re.I)
_PRACTICE_CODE_RE = re.compile(r"\b([A-HJ-NP-Y]\d{5})\b")
_PRACTICE_NAME_RE = re.compile(
    r"\b((?:[A-Z][\w'\u2019&\-]*[ \t]+){1,4}(?:Surgery|Medical[ \t]+Centre|Health[ \t]+Centre|"
    r"Family[ \t]+Practice|Medical[ \t]+Practice|Group[ \t]+Practice|Practice))\b"
)


@dataclass(frozen=True, slots=True)
class _Matcher:
    index: PhraseIndex
    names: dict[str, str]  # provider code -> trust name
    community_code: str | None
    spellings: dict  # Term -> the alias spellings that produced it


@lru_cache(maxsize=1)
def _curated_aliases() -> dict[str, str]:
    data = json.loads(
        resources.files("pars.coding.lexicon").joinpath("provider_aliases.json").read_text("utf-8")
    )
    return dict(data["aliases"])


def _key(text: str) -> tuple[str, ...]:
    return tokenise_term(text, _PROVIDER_IGNORED)[0]


def build_matcher(providers: tuple[Any, ...]) -> _Matcher:
    """A phrase index over every alias of every provider (names, sites, stems, ODS codes)."""
    aliases: dict[tuple[str, ...], tuple[str, str, float]] = {}
    spellings: dict[tuple[str, ...], set[str]] = {}

    def add(alias: str, code: str, name: str, strength: float) -> None:
        key = _key(alias)
        if not key:
            return
        spellings.setdefault(key, set()).add(alias)
        if key in aliases and aliases[key][0] != code:
            # an alias two organisations share identifies neither
            if aliases[key][2] <= strength:
                aliases[key] = ("", "", 0.0)
            return
        if key not in aliases or aliases[key][2] < strength:
            aliases[key] = (code, name, strength)

    by_name: dict[tuple[str, ...], str] = {}
    names: dict[str, str] = {}
    community_codes = []
    for p in providers:
        code, name = p.code, p.name
        names[code] = name
        by_name[_key(name)] = code
        add(name, code, name, 1.0)
        short = re.sub(r"\s+", " ", _NOISE_WORDS.sub(" ", name)).strip()
        if len(short) >= 4 and short.lower() not in _GENERIC_FIRST:
            add(short, code, name, 0.8)
        if "community" in name.lower():
            community_codes.append(code)
        for site in p.site_names:
            by_name[_key(site)] = code
            add(site, code, site, 1.0)
            stem = re.sub(r"\s+Hospitals?$", "", site).strip()
            if stem != site and len(stem) >= 4:
                add(stem, code, site, 0.9)
            first = site.split()[0]
            if first.lower().strip("'") not in _GENERIC_FIRST and len(first) >= 4 and first != site:
                add(first, code, site, 0.5)
    for alias, target in _curated_aliases().items():
        code = by_name.get(_key(target))
        if code:
            add(alias, code, target, 0.95 if len(alias) > 4 else 0.85)
    index = PhraseIndex(ignored=_PROVIDER_IGNORED)
    written_by_term: dict = {}

    def register(written: str, code: str, source: str, extra: tuple) -> None:
        index.add(written, code, "provider", source, extra)
        term = Term(code, "provider", source, tokenise_term(written, _PROVIDER_IGNORED)[1], extra)
        written_by_term.setdefault(term, set()).add(written)

    for key, (code, name, strength) in aliases.items():
        if code:
            for written in spellings[key]:
                register(written, code, "alias", (name, strength))
    for code in names:
        register(code, code, "code", (names[code], 0.9))
        for n in range(100):
            register(f"{code}{n:02d}", code, "code", (names[code], 0.9))
    community = community_codes[0] if len(community_codes) == 1 else None
    return _Matcher(index, names, community, written_by_term)


def _per_providers[T](build: Callable[[tuple[Any, ...]], T]) -> Callable[[tuple[Any, ...]], T]:
    """``lru_cache(maxsize=4)(build)``, with the last providers tuple also kept by identity.

    Every letter looks its index up by the same tuple, and an lru_cache lookup hashes the
    whole tuple: every provider's dataclass ``__hash__``, in Python, each time.
    """
    cached = lru_cache(maxsize=4)(build)
    last: list = [None, None]  # [providers, value]

    @wraps(build)
    def get(providers: tuple[Any, ...]) -> T:
        if providers is not last[0]:
            last[1] = cached(providers)
            last[0] = providers
        return last[1]

    return get


@_per_providers
def _matcher_for(providers: tuple[Any, ...]) -> _Matcher:
    return build_matcher(providers)


@_per_providers
def combined_index(providers: tuple[Any, ...]) -> PhraseIndex:
    """The clinical phrase index plus every provider alias: one pass finds both per letter."""
    from pars.coding.extract.lexicon import phrase_index

    index = phrase_index().copy()
    if providers:
        matcher = _matcher_for(providers)
        for terms in matcher.index._phrases.values():
            for term in terms:
                for written in matcher.spellings.get(term, ()):
                    index.add(written, term.code, term.kind, term.source, term.extra)
    return index


@lru_cache(maxsize=1)
def default_providers() -> tuple[Any, ...]:
    """The provider list from reference data (interface 1), or () before it is available.

    The same tuple every call (shipped reference data does not change in a process), so
    the indexes built for it are found by identity."""
    try:
        from pars.refdata import load_providers
    except ImportError:
        return ()
    return tuple(load_providers())


def extract_provider(
    doc: Doc,
    *,
    direction: str | None,
    providers: tuple[Any, ...],
    practice_code: str | None = None,
    tokens: Tokens | None = None,
    found: list[Match] | None = None,
) -> dict[str, Extracted]:
    """provider_code and provider_name: the strongest, earliest organisation mention."""
    text = doc.text
    none = {"provider_code": Extracted.none(), "provider_name": Extracted.none()}
    matcher = _matcher_for(providers) if providers else None
    best = None
    if found is None:
        found = matcher.index.find(tokens if tokens is not None else text) if matcher else []
    found = [m for m in found if m.term.kind == "provider"]
    if matcher:
        for m in found:
            name, strength = m.term.extra
            code = m.term.code
            span_name = text[m.start : m.end] if m.term.source == "alias" else name
            # cc lists and "copy to" lines name other organisations
            line_start = doc.line_start(m.start)
            if _CC_RE.match(text, line_start):
                strength *= 0.5
            # incoming: the letterhead; outgoing: the addressee block near the top too
            position = doc.relative_line(m.start)
            score = strength - 0.3 * position
            if _OTHER_NUMBER_LINE_RE.match(text, line_start):
                score -= 0.3  # "Hospital No: H123 (Luton & Dunstable)" names where a number is from
            elif _ADDRESSEE_RE.match(text, line_start):
                score += 0.3  # "Referred to: ...", "To: ...", "Hospital: ..."
            if best is None or score > best[0] + 1e-9:
                best = (score, code, span_name, strength, m.start, m.end)
    if best is not None:
        score, code, name, strength, start, end = best
        # a letter that names the trust itself is written from/to the trust, whatever site
        trust = matcher.names.get(code) if matcher else None
        if trust and name != trust:
            for m in found:
                if m.term.code == code and m.term.extra == (trust, 1.0):
                    name = text[m.start : m.end]
                    break
        ev = snippet(text, start, end, 20)
        return {
            "provider_code": Extracted(code, round(min(0.95, 0.5 + strength / 2), 3), ev),
            "provider_name": Extracted(name, round(min(0.9, 0.4 + strength / 2), 3), ev),
        }
    internal = _INTERNAL_RE.search(text)
    if internal:
        code = practice_code
        if not code:
            m = _PRACTICE_CODE_RE.search(text)
            code = m.group(1) if m else None
        if code:
            ev = snippet(text, internal.start(), internal.end(), 10)
            named = _PRACTICE_NAME_RE.search(text)
            name = (
                Extracted(" ".join(named.group(1).split()), 0.5, ev) if named else Extracted.none()
            )
            return {"provider_code": Extracted(code, 0.6, ev), "provider_name": name}
    community = _COMMUNITY_RE.search(text)
    if community and matcher and matcher.community_code:
        ev = snippet(text, community.start(), community.end(), 10)
        name = next((p.name for p in providers if p.code == matcher.community_code), None)
        return {
            "provider_code": Extracted(matcher.community_code, 0.5, ev),
            "provider_name": Extracted(name, 0.3, ev),
        }
    return none
