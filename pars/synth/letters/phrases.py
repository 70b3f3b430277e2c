"""Phrase tables the letter context draws on: history teams, generic negations, filler prose.

Kept apart from ``context.py`` so the wording can grow without the logic
growing with it. Every entry is neutral or guarded: a generic negation lists
the ICD-10 prefixes it would contradict, and filler prose names no condition,
date or number.
"""

from __future__ import annotations

# Which team looked after a past condition, by ICD-10 category, two characters or chapter
# letter, most specific first (history distractors).
HISTORY_TEAMS: dict[str, tuple[str, ...]] = {
    "I": ("the cardiologists", "cardiology"),
    "E": ("the endocrinologists", "endocrinology"),
    "E10": ("the diabetes team", "the diabetologists"),
    "E11": ("the diabetes team", "the diabetologists"),
    "J": ("the respiratory team", "the chest physicians"),
    "K": ("the gastroenterologists", "the surgeons"),
    "M": ("the orthopaedic team", "rheumatology"),
    "N": ("the urologists", "the renal team"),
    "C": ("the oncologists", "oncology"),
    "G": ("the neurologists", "neurology"),
    "H": ("the eye clinic", "ophthalmology"),
    "H6": ("ENT", "the ENT surgeons"),
    "H7": ("ENT", "the ENT surgeons"),
    "H8": ("ENT", "the ENT surgeons"),
    "H9": ("ENT", "audiology"),
    "L": ("dermatology", "the skin clinic"),
    "F": ("the mental health team", "psychiatry"),
}

# Generic negated findings, each with the ICD-10 prefixes it would contradict (never said then).
RED_FLAG_CODES = (
    "C",
    "D0",
    "D3",
    "D4",
    "R63.4",
    "R59",
    "K62.5",
    "R19.5",
    "R13",
    "N63",
    "R31",
    "R22",
)
GENERIC_NEGATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("No red flags.", RED_FLAG_CODES),
    ("No red flag symptoms.", RED_FLAG_CODES),
    ("Denies weight loss or night sweats.", ("C", "R63.4", "R59", "R50", "D45", "D69", "R53")),
    (
        "No PR bleeding.",
        ("K62.5", "K64", "C18", "C19", "C20", "C21", "R19.5", "D50", "K57", "K50", "K51"),
    ),
    (
        "Denies PR bleeding.",
        ("K62.5", "K64", "C18", "C19", "C20", "C21", "R19.5", "D50", "K57", "K50", "K51"),
    ),
    ("No B symptoms.", ("C8", "C9", "R59", "R50", "R63.4")),
    (
        "No SOB or chest pain.",
        ("R06", "R07", "I2", "I48", "I50", "I35", "J", "R00", "R01", "C34", "R05", "R91"),
    ),
)

FILLER: tuple[str, ...] = (
    "{He} manages {his} activities of daily living independently.",
    "{He} has tried simple analgesia with limited benefit.",
    "We discussed the natural history of the condition and the options for management.",
    "I have given {him} written information to take away.",
    "{He} was accompanied by {his} daughter today.",
    "{He} is keen to avoid surgery if at all possible.",
    "{He} works full time and the symptoms are affecting {his} work.",
    "The symptoms are worse at the end of the day.",
    "{He} has no other new concerns today.",
    "{His} sleep is disturbed at times.",
    "{He} understands the plan and is happy to proceed on this basis.",
    "I have answered {his} questions as fully as I can.",
    "{He} remains otherwise fit and well.",
    "{He} has been reading about the condition online and we talked this through.",
    "Observations today were within normal limits.",
    "There has been no change in {his} regular medication.",
    "{He} would like to think about the options before deciding.",
    "{His} mobility is reasonable and {he} walks without aids.",
)

DURATIONS = (
    "3 month",
    "6 month",
    "2 year",
    "several month",
    "4 week",
    "12 month",
    "long-standing",
)
DURATIONS_SHORT = ("3/12", "6/12", "2/52", "1/12", "18/12", "2 yr")

ALLERGIES: tuple[str, ...] = (
    "NKDA",
    "Allergies: penicillin (rash)",
    "No known drug allergies",
    "Allergy: codeine (nausea)",
)

# Copies to other teams and hospitals: provider names that are not the letter's provider.
OTHER_HOSPITAL_CC: tuple[str, ...] = (
    "cc: Dr M Hussain, Consultant Cardiologist, Lister Hospital",
    "cc: Oncology Team, Mount Vernon Cancer Centre",
    "cc: Royal National Orthopaedic Hospital, Stanmore",
    "cc: Community Nursing Team, Hemel Hempstead",
)
