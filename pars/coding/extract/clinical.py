"""Diagnoses (ICD-10) and procedures (OPCS-4), main first.

Every lexicon mention is scoped (negated, family, history, uncertain,
section); negated and family mentions are dropped, history-only mentions are
kept but ranked after current ones, and mentions under "Diagnosis:",
"Impression:", "Reason for referral:" and similar headings rank first.
"""

from __future__ import annotations

import datetime as dt
import re

from pars.coding.extract.context import LetterContext
from pars.coding.extract.lexicon import phrase_index
from pars.coding.extract.matcher import Match, Tokens
from pars.coding.extract.text import LinePattern, squash
from pars.coding.types import Extracted

_YEAR_RE = re.compile(r"\b(19\d\d|20\d\d)\b")
_SINCE_YEAR_RE = re.compile(r"\b(?:since|from)\s+(?:19|20)\d\d")
_PROCEDURES_NONE_RE = LinePattern(
    r"^[ \t|]*(?:procedures?|operations?)(?:\s+(?:performed|undertaken|carried\s+out))?[ \t]*[:\-|][ \t]*"
    r"(?:none|nil|n/?a|no\s+procedures?|not\s+applicable)\b",
    re.I,
)

# Chapter U of OPCS-4 codes diagnostic imaging by body site (U01-U20, the modality in
# the fourth character); U21 ("diagnostic imaging procedures") is the fallback for
# a modality whose site is not stated. A modality-only match ("ultrasound", "USS")
# followed or preceded by a stated site takes the site's code. Only the site codes
# we are sure enough of are listed (docs/coding-extractors.md).
_SITE_AFTER_RE = re.compile(
    r"[ \t]*(?:scan[ \t]+)?(?:of[ \t]+|of[ \t]+the[ \t]+|of[ \t]+(?:his|her|their)[ \t]+|the[ \t]+)?"
    r"(?P<site>abdomen|abdo|upper[ \t]+abdomen|head|brain)\b",
    re.I,
)
_SITE_BEFORE_RE = re.compile(r"\b(?P<site>abdominal|abdo|head|brain)[ \t]*$", re.I)
_SITE_CODES = {
    ("U21.6", "abdomen"): "U08.2",  # ultrasound of abdomen
    ("U21.2", "head"): "U05.1",  # computed tomography of head
    ("U21.1", "head"): "U05.2",  # magnetic resonance imaging of head
}
_SITE_WORDS = {
    "abdomen": "abdomen",
    "abdo": "abdomen",
    "abdominal": "abdomen",
    "head": "head",
    "brain": "head",
}


def site_specific(code: str, text: str, start: int, end: int) -> str:
    """The site-specific chapter U code for a modality-only imaging match, else ``code``."""
    if not code.startswith("U21"):
        return code
    after = _SITE_AFTER_RE.match(text, end, min(len(text), end + 40))
    before = _SITE_BEFORE_RE.search(text, max(0, start - 20), start)
    for found in (after, before):
        if found:
            word = found.group("site").lower().split()[-1]
            site = _SITE_WORDS.get(word)
            if site and (code, site) in _SITE_CODES:
                return _SITE_CODES[(code, site)]
    return code


def _rank(
    kind_matches: list,
    ctx: LetterContext,
    letter_year: int | None,
    out_key: str,
    incoming: bool = False,
    document_type: str | None = None,
) -> Extracted:
    text = ctx.text
    best: dict[str, tuple[float, int, str]] = {}
    seen_count: dict[str, int] = {}
    n = max(1, len(text))
    for m in kind_matches:
        # the first few mentions of a code decide its rank; later repeats add nothing
        count = seen_count.get(m.term.code, 0)
        if count >= 3:
            continue
        seen_count[m.term.code] = count + 1
        scope = ctx.scope(m.start, m.end)
        if scope.negated or scope.family:
            continue
        if out_key == "opcs4" and scope.section == "investigations":
            continue  # tests listed as work-up ("Investigations: bloods, X-ray") are not the procedure
        if (
            out_key == "opcs4"
            and incoming
            and document_type not in ("diagnostic_report", "referral")
            and m.term.code.startswith("U")
            and scope.section not in ("main", "conclusion")
        ):
            continue  # imaging a clinic or discharge letter mentions is work-up, not its procedure
        score = 1.0
        if scope.section == "conclusion":
            score += 2.6  # beats any "main" mention wherever it sits (position costs <= 0.5)
        elif scope.section == "main":
            score += 2.0
        elif scope.section == "plan" and out_key == "opcs4":
            # a hospital letter reports what was done; its plan lists what may come next
            score += -0.4 if incoming else 1.0
        history = scope.history
        if not history and letter_year:
            s, e = ctx.sentence_bounds(m.start, m.end)
            sentence = text[s:e]
            # every year written holds "19" or "20": most sentences need no scan
            years = (
                [int(y) for y in _YEAR_RE.findall(sentence)]
                if "19" in sentence or "20" in sentence
                else None
            )
            if years and max(years) < letter_year - 1 and not _SINCE_YEAR_RE.search(sentence):
                history = True
        if history:
            if out_key == "opcs4":
                continue  # "previous appendicectomy" is history, not this letter's procedure
            score -= 2.5
        if scope.uncertain:
            score -= 0.2
        if (
            out_key == "icd10"
            and m.term.code.startswith("R")
            and scope.section not in ("main", "conclusion")
        ):
            score -= 0.3  # a symptom ranks after a diagnosis that explains it
        if m.term.source != "curated":
            score -= 0.3
        score -= 0.5 * (m.start / n)
        code = m.term.code
        if out_key == "opcs4":
            code = site_specific(code, text, m.start, m.end)
        if code not in best or score > best[code][0]:
            best[code] = (score, m.start, squash(text[m.start : m.end]))
    if not best:
        return Extracted([], 0.0, None)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
    # one entry per 3-character category: the best-ranked reading of it
    seen: set[str] = set()
    items = []
    for code, (_, _, written) in ranked:
        category = code.split(".")[0] if out_key == "icd10" else code[:3]
        if category in seen:
            continue
        seen.add(category)
        items.append({out_key: code, "text": written})
    top_score = ranked[0][1][0]
    confidence = 0.9 if top_score >= 2.5 else 0.75 if top_score >= 0.4 else 0.4
    return Extracted(items, confidence, ranked[0][1][2])


def extract_clinical(
    text: str,
    letter_date: str | None = None,
    tokens: Tokens | None = None,
    matches: list[Match] | None = None,
    direction: str | None = None,
    document_type: str | None = None,
) -> dict[str, Extracted]:
    """diagnoses and procedures for one letter (``matches`` when the caller already ran the index)."""
    if matches is None:
        matches = phrase_index().find(tokens if tokens is not None else text)
    ctx = LetterContext(text)
    year = None
    if letter_date:
        try:
            year = dt.date.fromisoformat(letter_date).year
        except ValueError:
            year = None
    dx = [m for m in matches if m.term.kind == "icd10"]
    px = [m for m in matches if m.term.kind == "opcs4"]
    none_stated = _PROCEDURES_NONE_RE.search(text)  # "Procedures: None" settles it
    if none_stated:
        procedures = Extracted([], 0.8, none_stated.group(0))
    else:
        procedures = _rank(px, ctx, year, "opcs4", direction == "incoming", document_type)
    return {"diagnoses": _rank(dx, ctx, year, "icd10"), "procedures": procedures}
