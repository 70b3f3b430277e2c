"""A cheap guess of document type and direction, used only to pick field roles.

The classifiers own document_type and direction (interface 5), but they run
after extraction; the extractors still need to know whose name is the
clinician and which date is the event. Hints from the caller win. Cues are
literal phrases found on the lower-cased head of the letter by one
Aho-Corasick pass (C speed, every cue list at once), not regexes.
"""

from __future__ import annotations

import ahocorasick

_REFERRAL_CUES = (
    "thank you for seeing", "grateful if you could", "grateful if you would", "please see",
    "please assess", "please review", "i would appreciate", "i would be grateful",
    "reason for referral", "referral letter", "referral to", "referral for", "i am referring",
    "kindly see", "your opinion",
    "your assessment", "your advice", "two week wait", "2ww", "e-rs", "ubrn",
    "suspected cancer referral", "referred by", "many thanks for seeing", "would you kindly",
    "for your assessment", "for your opinion", "please could you see", "could you please see",
    "i would value your", "diagnostic request", "examination requested", "request form",
    "direct access", "requesting clinician", "imaging request", "x-ray request",
    "investigation requested", "referral date", "referral priority", "referral to:",
)  # fmt: skip
_DISCHARGE_CUES = (
    "discharge summary", "date of discharge", "discharge date", "immediate discharge",
    "discharge letter", "inpatient discharge", "date of admission", "admission date",
    "admitted on", "discharged on", "length of stay", "ward:",
)  # fmt: skip
_CLINIC_CUES = (
    "clinic date", "seen in clinic", "seen in the", "i saw", "we saw", "reviewed in",
    "outpatient", "clinic letter", "attended the clinic", "attended clinic", "dictated",
    "cc: patient", "cc patient", "in clinic today", "clinic today", "was seen",
    "thank you for referring", "whom i saw", "date seen", "seen by", "typed by", "cc: gp",
    "many thanks for referring", "i reviewed", "we reviewed", "clinic outcome",
    "date of attendance", "a&e attendance", "emergency department", "ed diagnosis", "triage",
    "returned to", "for review", "review:", "attended the",
)  # fmt: skip
_INTERNAL_CUES = (
    "book with", "booking request", "in-house", "internal:", "practice clinician",
    "practice nurse", "nurse clinic", "practice pharmacist", "internal referral", "task for",
)  # fmt: skip
_REPORT_CUES = (
    "report", "examination:", "findings", "radiologist", "sonographer", "reported by",
    "impression:", "conclusion:", "indication:", "technique:", "reported:", "exam date",
    "date of examination", "results",
)  # fmt: skip
# a GP's role under the signature; practice names are left out (hospital letters quote them too)
_GP_SIGNATURE_CUES = (
    "general practitioner", "gp partner", "gp registrar", "salaried gp", "gp principal",
    "locum gp", "\ngp\n",
)  # fmt: skip


def _count(text: str, cues: tuple[str, ...]) -> int:
    return sum(1 for cue in cues if cue in text)


class CueCounter:
    """How many cues of each list occur in a text (each cue counted once), in one pass.

    Same counts as ``_count(text, cues)`` per list; a cue listed in two lists
    (or twice in one) counts in each, as it would there.
    """

    def __init__(self, *cue_lists: tuple[str, ...]) -> None:
        self.size = len(cue_lists)
        owners: dict[str, list[int]] = {}
        for number, cues in enumerate(cue_lists):
            for cue in cues:
                owners.setdefault(cue, []).append(number)
        self._automaton = ahocorasick.Automaton()
        for cue, numbers in owners.items():  # the cue itself in the value keeps found cues apart
            self._automaton.add_word(cue, (cue, tuple(numbers)))
        self._automaton.make_automaton()

    def counts(self, text: str) -> list[int]:
        """Per cue list, the number of its cues that occur in text."""
        counts = [0] * self.size
        for _, numbers in {found for _, found in self._automaton.iter(text)}:
            for number in numbers:
                counts[number] += 1
        return counts


_HEAD_CUES = CueCounter(_REFERRAL_CUES, _DISCHARGE_CUES, _CLINIC_CUES, _REPORT_CUES, _INTERNAL_CUES)


def guess_kind(text: str, hints: dict | None) -> tuple[str | None, str | None]:
    """(document_type, direction): hints if given, else a quick cue-count guess."""
    hints = hints or {}
    doc_type = hints.get("document_type")
    direction = hints.get("direction")
    if doc_type and direction:
        return doc_type, direction
    head = text[:6000].lower()
    referral, discharge, clinic, report, internal = _HEAD_CUES.counts(head)
    gp_signed = _count(text[-300:].lower() + "\n", _GP_SIGNATURE_CUES) > 0
    if not doc_type and internal >= 1 and discharge == 0 and clinic <= internal:
        return "other", direction or "outgoing"
    if not doc_type:
        if discharge >= 1 and discharge >= referral:
            doc_type = "discharge_summary"
        elif report >= 3 and report > referral + 1:
            doc_type = "diagnostic_report"
        elif referral >= 1 and (referral >= clinic or gp_signed):
            doc_type = "referral"
        elif clinic >= 1:
            doc_type = "clinic_letter"
        elif report >= 2:
            doc_type = "diagnostic_report"
    if not direction and doc_type:
        direction = "outgoing" if doc_type == "referral" else "incoming"
    return doc_type, direction
