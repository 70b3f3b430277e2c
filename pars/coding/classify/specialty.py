"""Specialty (Treatment Function Code) evidence: service names, then clinical priors.

A service names itself in the letterhead, the "Re:"/"Clinic:" lines or the
addressee ("Department of Urology", "Orthopaedic Clinic", "Dear ENT team");
the same words in the body are often history ("previously seen by
cardiology"), so header and labelled mentions weigh far more than body ones.
When no service is named, the main diagnosis (ICD-10) and procedure (OPCS-4)
give a weaker prior. The lexicon is written from the NHS TFC list (domain.md
§1) and ordinary clinical English, never from any letter generator.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from pars.coding.classify.fastre import FastPattern, PatternIndex
from pars.coding.classify.text import LetterText, is_history, is_negated, snippet

# (TFC, pattern). More specific services come first; a match claims its span so
# "paediatric ENT" is not also "ENT", "gynaecological oncology" not also "gynaecology".
_SERVICE_PATTERNS: list[tuple[str, str]] = [
    ("214", r"paediatric (?:trauma|orthopaedic|orthopedic)s?"),
    ("215", r"paediatric (?:ent|ear,? nose)"),
    ("216", r"paediatric ophthalmolog\w*"),
    ("251", r"paediatric gastro\w*"),
    ("257", r"paediatric dermatolog\w*"),
    ("258", r"paediatric respiratory"),
    ("321", r"paediatric cardiolog\w*"),
    ("421", r"paediatric neurolog\w*"),
    ("171", r"paediatric surg\w*"),
    ("503", r"gyn(?:a)?ecolog\w* oncolog\w*|gyn(?:a)?e[- ]?onc\w*"),
    (
        "715",
        r"old age psychiatr\w*|memory (?:clinic|service|assessment service)|older adults? mental health",
    ),
    ("711", r"camhs|child and adolescent (?:mental health|psychiatr\w*)"),
    ("460", r"medical ophthalmolog\w*"),
    ("663", r"podiatric surg\w*"),
    ("144", r"(?:oral and )?maxillo-?\s?facial|\bmax ?fax\b|\bomfs\b"),
    ("140", r"oral surg\w*"),
    ("105", r"hepato-?biliary|\bhpb\b"),
    ("106", r"upper (?:gi|gastro-?intestinal) surg\w*|oesophago-?gastric"),
    ("104", r"colorectal|lower (?:gi|gastro-?intestinal)"),
    (
        "103",
        r"breast (?:surg\w*|clinic|unit|service|care|team|department|centre)|symptomatic breast",
    ),
    ("107", r"vascular (?:surg\w*|clinic|service|unit|department|team)|varicose vein clinic"),
    ("108", r"spinal (?:surg\w*|service|unit|clinic|team)|spine (?:surg\w*|clinic|service)"),
    ("110", r"trauma (?:and|&) orthopa?edic\w*|orthopa?edic\w*|\bt ?& ?o\b|fracture clinic"),
    ("120", r"\bent\b|ear,? nose,? (?:and|&) throat|otolaryngolog\w*|otorhinolaryngolog\w*"),
    ("130", r"ophthalmolog\w*|\beye (?:clinic|department|unit|service|hospital|casualty|team)"),
    ("160", r"plastic surg\w*|\bplastics\b"),
    ("170", r"cardiothoracic"),
    (
        "180",
        r"emergency department|accident (?:and|&) emergency|\ba ?& ?e\b(?! department referral)",
    ),
    ("191", r"pain (?:management|clinic|service|team)"),
    ("100", r"general surg\w*"),
    ("101", r"\burolog\w*"),
    (
        "301",
        r"gastroenterolog\w*|\bgastro (?:clinic|team|department)|endoscopy (?:unit|department|service)",
    ),
    ("302", r"endocrinolog\w*|endocrine (?:clinic|service|department|team)"),
    ("303", r"ha?ematolog\w*"),
    ("306", r"hepatolog\w*|liver (?:clinic|unit|service)"),
    (
        "307",
        r"diabet(?:es|ic) (?:clinic|centre|center|service|medicine|department|team|unit)|diabetology",
    ),
    ("314", r"rehabilitation (?:medicine|service|unit)"),
    ("315", r"palliative (?:care|medicine)"),
    ("317", r"allergy (?:clinic|service)"),
    ("324", r"anticoagulation (?:clinic|service)"),
    ("328", r"stroke (?:medicine|unit|service|clinic|team)"),
    ("329", r"\btia clinic|transient isch(?:a)?emic attack clinic"),
    (
        "320",
        r"cardiolog\w*|rapid access chest pain|heart failure (?:clinic|service|team)|\bcardiac (?:clinic|department|unit|service)",
    ),
    ("330", r"dermatolog\w*|skin (?:clinic|department|cancer (?:clinic|service))"),
    (
        "340",
        r"respiratory (?:medicine|clinic|department|physician\w*|service|team|unit)|chest clinic|thoracic medicine|pulmonolog\w*",
    ),
    ("360", r"genito-?\s?urinary medicine|sexual health (?:clinic|service)|\bgum clinic"),
    ("361", r"nephrolog\w*|renal (?:medicine|unit|clinic|department|service|team)"),
    ("800", r"clinical oncolog\w*|radiotherapy"),
    ("370", r"medical oncolog\w*|\boncology (?:clinic|department|service|team|unit|centre)"),
    ("400", r"neurology\b|neurologist|neurology (?:clinic|department)"),
    ("410", r"rheumatolog\w*"),
    (
        "430",
        r"geriatric\w*|elderly care|care of the elderly|older people's (?:medicine|service)|frailty (?:clinic|service)",
    ),
    ("501", r"obstetric\w*|antenatal|maternity"),
    ("502", r"gyn(?:a)?ecolog\w*|\bgynae\b|women's health (?:clinic|service)"),
    (
        "650",
        r"physiotherap\w*|\bphysio\b|msk (?:service|physio\w*|triage|interface)|musculoskeletal (?:service|physio\w*|triage)",
    ),
    ("651", r"occupational therap\w*"),
    ("652", r"speech and language|\bsalt\b"),
    ("653", r"podiatr\w*"),
    ("654", r"dietetic\w*|dietitian\w*|dietician\w*"),
    ("655", r"orthoptic\w*"),
    ("656", r"clinical psycholog\w*|psychology service|\biapt\b|talking therap\w*"),
    ("710", r"psychiatr\w*|mental health (?:team|service|clinic)|\bcmht\b"),
    ("840", r"audiology"),
    (
        "812",
        r"radiology|diagnostic imaging|imaging (?:department|service|centre)|x-?ray department|ultrasound department",
    ),
    ("420", r"paediatric\w*|pediatric\w*|children's (?:clinic|outpatient\w*|service)"),
    (
        "300",
        r"general (?:internal )?medicine|acute medic\w*|medical (?:admissions|assessment) unit|\bsdec\b|same day emergency care",
    ),
]
SERVICE_RULES: list[tuple[str, FastPattern]] = [
    (tfc, FastPattern(pattern)) for tfc, pattern in _SERVICE_PATTERNS
]
_SERVICE_INDEX = PatternIndex([pattern for _, pattern in SERVICE_RULES])

# ICD-10 3-character category ranges -> TFC (weak priors used when no service is named).
_DIAGNOSIS_PRIORS: list[tuple[str, str, str]] = [
    ("C50", "C50", "103"),
    ("D05", "D05", "103"),
    ("N60", "N64", "103"),
    ("D24", "D24", "103"),
    ("C61", "C61", "101"),
    ("C64", "C68", "101"),
    ("N13", "N13", "101"),
    ("N20", "N23", "101"),
    ("N30", "N39", "101"),
    ("N40", "N51", "101"),
    ("R30", "R33", "101"),
    ("D41", "D41", "101"),
    ("K40", "K46", "100"),
    ("K35", "K38", "100"),
    ("L05", "L05", "100"),
    ("D17", "D17", "100"),
    ("K80", "K83", "100"),
    ("L72", "L72", "100"),
    ("C18", "C21", "104"),
    ("K56", "K57", "104"),
    ("K60", "K62", "104"),
    ("K64", "K64", "104"),
    ("K20", "K31", "301"),
    ("K50", "K52", "301"),
    ("K58", "K59", "301"),
    ("K63", "K63", "301"),
    ("K90", "K92", "301"),
    ("R10", "R11", "301"),
    ("R13", "R13", "301"),
    ("R19", "R19", "301"),
    ("K70", "K77", "306"),
    ("B18", "B18", "306"),
    ("I70", "I74", "107"),
    ("I77", "I79", "107"),
    ("I80", "I83", "107"),
    ("I87", "I87", "107"),
    ("M15", "M25", "110"),
    ("M65", "M77", "110"),
    ("S00", "T14", "110"),
    ("G56", "G57", "110"),
    ("M40", "M54", "108"),
    ("H00", "H59", "130"),
    ("H60", "H95", "120"),
    ("J30", "J39", "120"),
    ("R04", "R04", "120"),
    ("C32", "C32", "120"),
    ("I05", "I09", "320"),
    ("I10", "I15", "320"),
    ("I20", "I28", "320"),
    ("I30", "I52", "320"),
    ("R00", "R01", "320"),
    ("R07", "R07", "320"),
    ("R55", "R55", "320"),
    ("J40", "J47", "340"),
    ("J60", "J99", "340"),
    ("C34", "C34", "340"),
    ("R05", "R06", "340"),
    ("G47", "G47", "340"),
    ("R09", "R09", "340"),
    ("E10", "E14", "307"),
    ("E00", "E07", "302"),
    ("E15", "E35", "302"),
    ("E66", "E66", "302"),
    ("D50", "D77", "303"),
    ("C81", "C96", "303"),
    ("L00", "L99", "330"),
    ("C43", "C44", "330"),
    ("D22", "D23", "330"),
    ("B07", "B07", "330"),
    ("G00", "G55", "400"),
    ("G58", "G99", "400"),
    ("R51", "R51", "400"),
    ("R20", "R29", "400"),
    ("M05", "M14", "410"),
    ("M30", "M36", "410"),
    ("M45", "M45", "410"),
    ("M79", "M79", "410"),
    ("N70", "N98", "502"),
    ("D25", "D28", "502"),
    ("C51", "C58", "503"),
    ("O00", "O99", "501"),
    ("Z33", "Z36", "501"),
    ("N00", "N19", "361"),
    ("F00", "F03", "715"),
    ("F04", "F99", "710"),
    ("I60", "I69", "328"),
    ("G45", "G45", "329"),
    ("A50", "A64", "360"),
    ("C00", "C14", "120"),
    ("C15", "C16", "106"),
    ("C25", "C25", "105"),
    ("C22", "C24", "105"),
]

# OPCS-4 chapter letter (and a few 3-character ranges) -> TFC.
_PROCEDURE_PRIORS: list[tuple[str, str, str]] = [
    ("B27", "B37", "103"),
    ("T19", "T27", "100"),
    ("J18", "J18", "100"),
    ("H01", "H03", "100"),
    ("H04", "H20", "104"),
    ("H22", "H28", "301"),
    ("H40", "H62", "104"),
    ("G01", "G44", "106"),
    ("G45", "G45", "301"),
    ("G46", "G82", "301"),
    ("L70", "L97", "107"),
    ("L01", "L69", "107"),
    ("V01", "V68", "108"),
    ("W01", "W99", "110"),
    ("A01", "A64", "400"),
    ("A65", "A73", "110"),
    ("C01", "C99", "130"),
    ("D01", "D30", "120"),
    ("E01", "E19", "120"),
    ("F34", "F36", "120"),
    ("F01", "F33", "140"),
    ("F37", "F99", "140"),
    ("E20", "E99", "340"),
    ("K01", "K78", "320"),
    ("M01", "M99", "101"),
    ("N01", "N34", "101"),
    ("P01", "P32", "502"),
    ("Q01", "Q56", "502"),
    ("R01", "R41", "501"),
    ("S01", "S62", "330"),
    ("U01", "U21", "812"),
    ("U25", "U99", "812"),
    ("X65", "X65", "800"),
]


@dataclass(frozen=True, slots=True)
class SpecialtyVote:
    tfc: str
    weight: float
    evidence: str


def _category(code: str) -> str | None:
    category = code.replace(".", "").upper()[:3]
    return category if len(category) == 3 else None


def _first_range(category: str, table: list[tuple[str, str, str]]) -> str | None:
    for low, high, tfc in table:
        if low <= category <= high:
            return tfc
    return None


# A letter's codes repeat across letters: each category's range is looked up once.
@lru_cache(maxsize=4096)
def _diagnosis_tfc(category: str) -> str | None:
    return _first_range(category, _DIAGNOSIS_PRIORS)


@lru_cache(maxsize=4096)
def _procedure_tfc(category: str) -> str | None:
    return _first_range(category, _PROCEDURE_PRIORS)


def diagnosis_prior(icd10: str) -> str | None:
    """The specialty most often responsible for an ICD-10 category, or None."""
    category = _category(icd10)
    return _diagnosis_tfc(category) if category else None


def procedure_prior(opcs4: str) -> str | None:
    """The specialty most often performing an OPCS-4 category, or None."""
    category = _category(opcs4)
    return _procedure_tfc(category) if category else None


_ADMITTED_UNDER = re.compile(
    r"(?:admitted|transferred|taken over) (?:\w+ )?(?:under|to) (?:the )?(?:care of )?(?:the )?[^.;\n]{0,20}$"
)
_ONWARD = re.compile(
    r"(?:(?:i|we) (?:have|will|shall|am|are) (?:now )?(?:referred|refer|referring|sent|passed|forwarded|asked)|"
    r"(?:has been|have been|will be|was) (?:referred|sent|forwarded)|onward referral|"
    r"refer(?:red|ring)? (?:him|her|them) on) (?:\w+ ){0,3}?(?:on )?to (?:the )?[^.;\n]{0,20}$"
)


def _scan(
    region: str,
    weight: float,
    votes: dict[str, float],
    evidence: dict[str, str],
    *,
    history_check: bool,
    hits: frozenset[str] | None = None,
    strong: dict[str, float] | None = None,
    rules: list[tuple[str, FastPattern]] | None = None,
) -> None:
    if not region:
        return
    claimed: list[tuple[int, int]] = []
    for tfc, pattern in SERVICE_RULES if rules is None else rules:
        for match in pattern.finditer(region, hits):
            start, end = match.span()
            if any(start < c_end and end > c_start for c_start, c_end in claimed):
                continue
            claimed.append((start, end))
            if is_negated(region, start):
                continue
            w = weight
            clause = region[max(0, start - 50) : start]
            if _ADMITTED_UNDER.search(clause):
                # "admitted under the surgeons": the responsible service, wherever it is said.
                (strong if strong is not None else votes)[tfc] += 4.0
                evidence.setdefault(tfc, snippet(region, start, end))
                continue
            if _ONWARD.search(clause):
                w *= 0.2  # "I have referred him to rheumatology": someone else's service
            elif history_check and is_history(region, start):
                w *= 0.15
            votes[tfc] += w
            evidence.setdefault(tfc, snippet(region, start, end))


def service_votes(letter: LetterText) -> list[SpecialtyVote]:
    """Named-service evidence, strongest first: labelled lines > header > body."""
    votes: dict[str, float] = defaultdict(float)
    evidence: dict[str, str] = {}
    live = [SERVICE_RULES[index] for index in _SERVICE_INDEX.live(letter.hits)]
    common = {"hits": letter.hits, "rules": live}
    _scan(letter.labelled, 3.0, votes, evidence, history_check=False, **common)
    _scan(letter.header, 2.0, votes, evidence, history_check=True, **common)
    body_votes: dict[str, float] = defaultdict(float)
    _scan(letter.body, 1.0, body_votes, evidence, history_check=True, strong=votes, **common)
    for tfc, w in body_votes.items():
        votes[tfc] += min(w, 2.0) * 0.5  # many body mentions never outweigh a header
    return sorted(
        (SpecialtyVote(tfc, w, evidence[tfc]) for tfc, w in votes.items() if w > 0),
        key=lambda vote: -vote.weight,
    )


def clinical_votes(
    diagnoses: list[dict] | None, procedures: list[dict] | None
) -> list[SpecialtyVote]:
    """Priors from the main diagnosis and procedure (main first, so they weigh more)."""
    votes: dict[str, float] = defaultdict(float)
    evidence: dict[str, str] = {}
    for rank, item in enumerate((procedures or [])[:2]):
        code = str(item.get("opcs4") or "")
        tfc = procedure_prior(code) if code else None
        if tfc:
            votes[tfc] += 1.0 / (rank + 1)
            evidence.setdefault(tfc, f"procedure {code}")
    for rank, item in enumerate((diagnoses or [])[:2]):
        code = str(item.get("icd10") or "")
        tfc = diagnosis_prior(code) if code else None
        if tfc:
            votes[tfc] += 1.0 / (rank + 1)
            evidence.setdefault(tfc, f"diagnosis {code}")
    return sorted(
        (SpecialtyVote(tfc, w, evidence[tfc]) for tfc, w in votes.items()),
        key=lambda vote: -vote.weight,
    )
