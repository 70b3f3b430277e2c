"""Explicit rules for the categorical fields, as weighted votes with evidence.

Each rule family returns ``Votes``: class -> weight (roughly: 3 = the letter
states it, 2 = a strong cue, 1 = a hint) and a snippet saying why. The
combiner (``pars.coding.classify.combine``) adds these to the learned model's
log-probabilities, so a stated fact ("Priority: 2WW") beats any template
habit, and a hint only tips a close call. Rules are written from how NHS
letters are written in general (NICE NG12 "suspected cancer" wording, e-RS
priorities, discharge summary headings), never from a generator.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pars.coding.classify.fastre import FastPattern, PatternIndex
from pars.coding.classify.text import LetterText, checkbox_state, is_negated, snippet


@dataclass(slots=True)
class Votes:
    scores: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    evidence: dict[str, str] = field(default_factory=dict)

    def add(self, value: str, weight: float, evidence: str) -> None:
        self.scores[value] += weight
        self.evidence.setdefault(value, evidence)

    def add_match(self, value: str, weight: float, text: str, start: int, end: int) -> None:
        """``add`` with the snippet of ``text[start:end]`` as evidence, cut only when it is
        the class's first (the evidence kept)."""
        self.scores[value] += weight
        if value not in self.evidence:
            self.evidence[value] = snippet(text, start, end)

    def best(self) -> tuple[str, float] | None:
        if not self.scores:
            return None
        value = max(self.scores, key=lambda key: self.scores[key])
        return value, self.scores[value]


def _rx(pattern: str) -> FastPattern:
    return FastPattern(pattern, re.MULTILINE)


Rule = tuple[FastPattern, str, float]
_INDEXES: dict[int, tuple[list[Rule], PatternIndex]] = {}


def _live(
    rules: list[Rule], hits: frozenset[str] | None, gates: frozenset[str] | None = None
) -> list[Rule]:
    """The rules of a family that may match a letter with anchors ``hits``, in order."""
    if hits is None:
        return rules
    cached = _INDEXES.get(id(rules))
    if cached is None or cached[0] is not rules or cached[1].size != len(rules):
        cached = (rules, PatternIndex([pattern for pattern, _, _ in rules]))
        _INDEXES[id(rules)] = cached
    return [rules[index] for index in cached[1].live(hits, gates)]


def _apply(
    votes: Votes,
    region: str,
    rules: list[Rule],
    *,
    negatable: bool = True,
    once: bool = True,
    hits: frozenset[str] | None = None,
    gates: frozenset[str] | None = None,
) -> None:
    for pattern, value, weight in _live(rules, hits, gates):
        if once and not negatable:  # the first match decides: no need to find them all
            match = pattern.first(region, hits, gates)
            if match is not None:
                votes.add_match(value, weight, region, *match.span())
            continue
        for match in pattern.finditer(region, hits, gates):
            if negatable and is_negated(region, match.start()):
                continue
            votes.add_match(value, weight, region, *match.span())
            if once:
                break


# --- urgency (referrals) -------------------------------------------------------------

_LABELLED_PRIORITY = _rx(
    r"(?:priority|urgency|referral type|referral priority|clinical priority|category)\s*[:\-]\s*"
    r"(?P<value>[^\n]{0,40})"
)
_TWO_WEEK = _rx(
    r"two[- ]week[- ]wait|\b2[- ]?ww\b|\b2[- ]week(?:[- ]wait| rule| referral| pathway)?\b|"
    r"fortnight rule|suspected (?:\w+ )?(?:cancer|malignancy|carcinoma|lymphoma|melanoma|tumou?r)|"
    r"urgent suspected cancer|\busc\b|fast[- ]?track|cancer pathway|\bng12\b|"
    r"faster diagnosis|rapid diagnostic|\bfds\b"
)
_URGENT = _rx(r"\burgent(?:ly)?\b|\bexpedite\b|\bsoon\b as possible|\bpriority\b appointment")
_ROUTINE = _rx(r"\broutine\b|\bnon[- ]urgent\b|\bnot urgent\b|\bsoft\b referral")
_URGENT_NOISE = _rx(
    r"urgent (?:care|treatment) cent|seek urgent|urgent(?:ly)? (?:if|should)|"
    r"(?:re-?refer|refer (?:back|again)|contact (?:us|me)|seek (?:urgent )?(?:advice|help|review)) [^.\n]{0,30}urgent|"
    r"urgent(?:ly)? [^.\n]{0,20}\bif\b|\bif\b[^.\n]{0,60}\burgent"
)


def _labelled_priority(letter: LetterText, votes: Votes) -> None:
    seen_lines: set[int] = set()
    for match in _LABELLED_PRIORITY.finditer(letter.text, letter.hits):
        line = letter.text.rfind("\n", 0, match.start())
        if line in seen_lines:
            continue  # "Referral priority:" and "priority:" are one statement
        seen_lines.add(line)
        value = match.group("value")
        why = snippet(letter.text, *match.span())
        two_week = _TWO_WEEK.search(value)
        if (two_week and not is_negated(value, two_week.start())) or (
            "cancer" in value and not is_negated(value, value.index("cancer"))
        ):
            votes.add("two_week_wait", 4.0, why)
        elif re.search(r"\bnon[- ]?urgent|\broutine|\bsoft", value):
            votes.add("routine", 4.0, why)
        elif "urgent" in value:
            votes.add("urgent", 4.0, why)


def urgency_votes(letter: LetterText) -> Votes:
    """two_week_wait / urgent / routine from stated priorities, form ticks and cancer wording."""
    votes = Votes()
    _labelled_priority(letter, votes)
    text = letter.text
    decided_by_form = False
    for value, pattern in (
        ("two_week_wait", _TWO_WEEK),
        ("urgent", _URGENT),
        ("routine", _ROUTINE),
    ):
        for match in pattern.finditer(text, letter.hits):
            state = checkbox_state(text, match.start(), match.end())
            if state is True:
                votes.add(value, 5.0, snippet(text, *match.span()))
                decided_by_form = True
                break
    if decided_by_form:
        return votes
    for match in _TWO_WEEK.finditer(text, letter.hits):
        if checkbox_state(text, match.start(), match.end()) is False:
            continue
        if is_negated(text, match.start()):
            continue
        window = text[max(0, match.start() - 50) : match.start()]
        if re.search(
            r"\b(?:not|no|doesn't|does not|don't|do not)\b[^.\n]*(?:meet|fulfil|criteria)", window
        ):
            continue
        votes.add("two_week_wait", 2.5, snippet(text, *match.span()))
        break
    noise = {m.start() for m in _URGENT_NOISE.finditer(text, letter.hits)}
    for match in _URGENT.finditer(text, letter.hits):
        if checkbox_state(text, match.start(), match.end()) is False:
            continue
        if is_negated(text, match.start()):
            votes.add("routine", 1.5, snippet(text, *match.span()))
            continue
        if any(abs(match.start() - n) < 70 for n in noise):
            continue
        votes.add("urgent", 2.0, snippet(text, *match.span()))
        break
    for match in _ROUTINE.finditer(text, letter.hits):
        if checkbox_state(text, match.start(), match.end()) is False:
            continue
        if is_negated(text, match.start()) and not match.group(0).startswith(("non", "not")):
            continue
        votes.add("routine", 1.5, snippet(text, *match.span()))
        break
    return votes


# --- direction ------------------------------------------------------------------------

_INCOMING = [
    (
        _rx(
            r"thank you (?:very much )?for (?:your |the )?(?:kind )?referr|thank you for asking (?:me|us) to see|"
            r"many thanks for (?:your |the )?referr|thanks for referring"
        ),
        "incoming",
        3.0,
    ),
    (
        _rx(
            r"\bi (?:saw|reviewed|met|assessed|had the pleasure of (?:seeing|meeting)) (?:him|her|them|this|your|mr|mrs|ms|miss|today|in)\b|"
            r"\bwas (?:seen|reviewed|assessed) (?:today |again )?(?:in|at) (?:the |my |our )?(?:\w+ )?clinic"
        ),
        "incoming",
        2.0,
    ),
    (
        _rx(
            r"discharge summary|discharge letter|date of (?:admission|discharge)|admitted (?:on|to|via|under)|"
            r"was discharged|inpatient stay"
        ),
        "incoming",
        2.0,
    ),
    (
        _rx(
            r"^(?:report|findings|impression|conclusion|result)s?\s*:|reported by|radiologist|examination performed"
        ),
        "incoming",
        1.5,
    ),
    (_rx(r"^dear (?:dr\.?|doctor) [a-z][a-z'\-]+"), "incoming", 1.0),
    (
        _rx(r"\b(?:consultant|registrar|specialty doctor|clinical fellow|nurse specialist)\b"),
        "incoming",
        0.7,
    ),
    (
        _rx(
            r"\bcc:?\s*(?:gp|patient|dr)|copy to:? (?:gp|patient)|your patient|under your care|back to your care|"
            r"to your care|grateful if you (?:could|would) (?:continue|prescribe|arrange|monitor|start)"
        ),
        "incoming",
        1.5,
    ),
]
_OUTGOING = [
    (
        _rx(
            r"^dear (?:colleague|doctor|sir|sir/madam|sir or madam|madam|consultant|team|[a-z &]+ team|"
            r"[a-z &]+ department|clinician|specialist)\b"
        ),
        "outgoing",
        2.0,
    ),
    (
        _rx(
            r"\bplease (?:see|assess|review|could you see|would you see|can you see|arrange|accept)\b|"
            r"i would (?:be grateful|appreciate|value)|i'd be grateful|grateful (?:if you could|for your) (?:see|assess|opinion|advice|review|help)|"
            r"thank you for (?:seeing|assessing|reviewing|your help|your advice|considering)|"
            r"(?:your|an?) (?:opinion|assessment|advice|review) (?:on|regarding|about|please)|"
            r"i am referring|i would like to refer|i'd like to refer|referring (?:this|him|her|mr|mrs|ms|miss)"
        ),
        "outgoing",
        2.0,
    ),
    (
        _rx(
            r"\b(?:surgery|medical (?:centre|center|practice)|health (?:centre|center)|family practice|group practice)\b"
        ),
        "outgoing",
        0.5,
    ),
    (
        _rx(
            r"\b(?:gp|general practitioner)\s*$|^(?:referring|usual) (?:gp|clinician)|referrer\s*:|referring practice|"
            r"\be-?rs\b|\bubrn\b|choose and book|\bgp referral\b|referral (?:letter|form)"
        ),
        "outgoing",
        1.5,
    ),
]

_LETTERHEAD = [
    (
        _rx(
            r"\bhospital|\bnhs (?:foundation )?trust|\bdepartment\b|\bdept\b|\binfirmary\b|\bclinic\b|\bunit\b|"
            r"\bradiology|\bimaging|\bdischarge summary"
        ),
        "incoming",
        1.5,
    ),
    (
        _rx(
            r"\bsurgery\b|medical (?:centre|center|practice)|health (?:centre|center)|\bpractice\b"
        ),
        "outgoing",
        1.5,
    ),
]


def direction_votes(letter: LetterText) -> Votes:
    """incoming / outgoing: who writes (hospital voice vs practice voice)."""
    votes = Votes()
    _apply(
        votes,
        letter.unquoted,
        _INCOMING,
        negatable=False,
        hits=letter.hits,
        gates=letter.unquoted_hits,
    )
    _apply(
        votes,
        letter.unquoted,
        _OUTGOING,
        negatable=False,
        hits=letter.hits,
        gates=letter.unquoted_hits,
    )
    _apply(votes, letter.letterhead, _LETTERHEAD, negatable=False, hits=letter.hits)
    return votes


# --- document type --------------------------------------------------------------------

_DOCTYPE = [
    (
        _rx(
            r"discharge summary|discharge letter|\btto\b|medications? on discharge|discharge medication|"
            r"date of discharge|discharge date|date of admission|admission date|length of stay|"
            r"discharged (?:home|from (?:the )?ward)|\bward\b\s*:|inpatient (?:stay|episode)|\bwas admitted\b|"
            r"reason for admission|presenting complaint|hospital course|admitted (?:on|via|to|under|with)"
        ),
        "discharge_summary",
        2.0,
    ),
    (
        _rx(
            r"^(?:report|findings|impression|conclusion|clinical (?:details|information|indication)|examination|modality|exam)\s*:|"
            r"radiology report|imaging report|ultrasound report|histology report|pathology report|endoscopy report|"
            r"reported by|report(?:ed)? (?:date|on)|\bradiologist\b|verified by|sonographer|"
            r"echocardiogram report|ecg report|investigation report|\bresult(?:s)? (?:report|summary)"
        ),
        "diagnostic_report",
        2.0,
    ),
    (
        _rx(
            r"outpatient (?:clinic )?letter|clinic letter|clinic date|date of (?:clinic|appointment|attendance|consultation)|"
            r"seen in (?:the |my |our )?(?:\w+ )?clinic|i (?:saw|reviewed) (?:him|her|them|this|your|mr|mrs|ms|miss)|"
            r"in (?:clinic|the clinic) today|thank you (?:very much )?for (?:your |the )?(?:kind )?referr|"
            r"(?:follow[- ]up|review) (?:appointment|in \d+ (?:weeks|months))|plan\s*:"
        ),
        "clinic_letter",
        1.5,
    ),
    (
        _rx(
            r"(?<!your )(?<!the )\breferral (?:letter|to|for|form|request)\b|^re:? referral|\bi am referring|\bi would like to refer|"
            r"\bplease (?:see|assess|review)\b|\bi would be grateful if you could (?:see|assess|review)|"
            r"reason for referral|\burgency\s*:|\bpriority\s*:|\be-?rs\b|\bubrn\b|2ww referral|two week wait referral|"
            r"request(?:ing)? (?:a|an) (?:\w+ )?(?:scan|x-?ray|ultrasound|mri|ct)|imaging request|investigation request"
        ),
        "referral",
        1.5,
    ),
]

_DOCTYPE_HEADER = [
    (_rx(r"discharge summary|discharge notification"), "discharge_summary", 2.0),
    (_rx(r"\breport\b"), "diagnostic_report", 1.0),
    (_rx(r"\breferral\b|\brequest\b"), "referral", 1.0),
    (_rx(r"\bclinic\b"), "clinic_letter", 0.5),
]


def document_type_votes(letter: LetterText) -> Votes:
    """referral / clinic_letter / discharge_summary / diagnostic_report cues."""
    votes = Votes()
    _apply(
        votes,
        letter.unquoted,
        _DOCTYPE,
        negatable=False,
        hits=letter.hits,
        gates=letter.unquoted_hits,
    )
    _apply(
        votes,
        letter.letterhead + "\n" + letter.labelled,
        _DOCTYPE_HEADER,
        negatable=False,
        hits=letter.hits,
    )
    return votes


# --- outcome (incoming letters) -------------------------------------------------------

_OUTCOME = [
    (
        _rx(
            r"(?:added|placed|put) (?:\w+ )?(?:on|to) (?:the|our|my) (?:\w+ )?waiting list|listed (?:him |her |them )?for|"
            r"(?:booked|scheduled|list(?:ed)?) (?:him |her |them )?for (?:\w+ ){0,3}(?:surgery|operation|procedure|repair|replacement|excision|removal)|"
            r"consented (?:him |her |them )?for|will (?:be )?(?:proceed|go ahead) (?:with|to) (?:surgery|an operation)|"
            r"(?:date|admission) for (?:surgery|the procedure|the operation) will|pre-?op(?:erative)? assessment"
        ),
        "listed_for_procedure",
        3.0,
    ),
    (
        _rx(
            r"discharged? (?:him |her |them |the patient )?(?:back )?(?:to|into) (?:your|the gp's|gp) care|"
            r"(?:have|has been|i have|we have|will be|is) discharged (?:from|back)|discharge(?:d)? from (?:the |my |our )?(?:\w+ )?(?:clinic|service|follow[- ]up|care)|"
            r"no (?:further|routine) (?:follow[- ]up|appointment|review)|not (?:arranged|made|booked) (?:any )?(?:further )?(?:follow[- ]up|appointment)|"
            r"no need (?:for|to) (?:further )?(?:follow|see|review)|happy to (?:re-?refer|see (?:him|her|them) again) (?:if|should)|"
            r"i have not (?:arranged|made) (?:a |any )?(?:further )?(?:follow|appointment)"
        ),
        "discharged",
        2.5,
    ),
    (
        _rx(
            r"(?:follow[- ]up|review|see (?:him|her|them) again|see (?:him|her|them) back|reassess|re-?review) (?:\w+ ){0,3}in (?:\d+|a few|two|three|four|six|twelve|one) (?:weeks?|months?|years?)|"
            r"(?:arranged|booked|made) (?:a |an )?(?:further )?(?:follow[- ]up|review|clinic) (?:appointment|visit)|"
            r"(?:will|shall|plan to) (?:see|review) (?:him|her|them) (?:again|back)|"
            r"follow[- ]up (?:appointment|visit|clinic) (?:has been|will be|is) (?:arranged|booked|made|sent)|"
            r"(?:next|further) (?:appointment|review) (?:in|will)"
        ),
        "follow_up",
        2.0,
    ),
    (
        _rx(
            r"(?:i|we) (?:have|will) (?:arranged?|requested?|ordered?|booked?|organised?) (?:an? |some |for )?(?:\w+ ){0,3}"
            r"(?:scan|mri|ct|x-?ray|ultrasound|bloods?|blood tests?|test|tests|investigations?|endoscopy|colonoscopy|gastroscopy|biopsy|echo\w*|ecg|holter|cystoscopy|nerve conduction|audiogram)|"
            r"(?:awaiting|pending|once (?:i|we) have|when (?:i|we) have|will review (?:with|the)) (?:the )?(?:results?|investigations|scan|mri|ct|biopsy|bloods)|"
            r"(?:further )?investigations? (?:have been|will be|are being) (?:arranged|requested|organised)"
        ),
        "investigations",
        2.0,
    ),
    (
        _rx(
            r"(?:i|we) have (?:referred|re-?directed|passed (?:the|this) referral|forwarded) (?:him|her|them|this|the|your)? ?(?:patient |referral )?(?:on )?to|"
            r"onward referral|(?:referred|refer(?:ring)?) (?:him |her |them )?(?:on(?:ward)?|across) to|"
            r"(?:would|will) be better (?:seen|managed) (?:by|in)|re-?directed to|refer(?:red|ring)? (?:him|her|them) to (?:the|our) (?:\w+ )?(?:team|service|colleagues|clinic)"
        ),
        "referred_on",
        2.5,
    ),
    (
        _rx(
            r"(?:underwent|had|performed|carried out|undertook|completed) (?:an? |the |his |her )?(?:\w+ ){0,4}"
            r"(?:procedure|operation|surgery|repair|excision|removal|injection|replacement|release|cholecystectomy|arthroscopy|ablation|cryotherapy|biopsy|extraction)|"
            r"(?:the )?procedure (?:went|was) (?:well|uneventful|uncomplicated|straightforward|performed|carried out)|"
            r"operation note|post-?operative(?:ly)?|was treated with|we treated|has been treated|treatment (?:was )?(?:given|completed)|"
            r"(?:i|we) (?:gave|administered|injected|performed|carried out)"
        ),
        "treated",
        1.5,
    ),
]


def outcome_votes(letter: LetterText) -> Votes:
    """discharged / follow_up / listed / investigations / referred_on / treated cues."""
    votes = Votes()
    text = letter.unquoted
    for pattern, value, weight in _live(_OUTCOME, letter.hits, letter.unquoted_hits):
        for match in pattern.finditer(text, letter.hits, letter.unquoted_hits):
            if is_negated(text, match.start()) and value not in {"discharged"}:
                continue
            # Later sentences (the plan) weigh more than earlier ones (the history).
            position = match.start() / max(1, len(text))
            votes.add_match(value, weight * (0.7 + 0.6 * position), text, *match.span())
            break
    labelled_outcome(letter, votes)
    return votes


# --- service type ---------------------------------------------------------------------

_SERVICE = [
    (
        _rx(
            r"(?:request(?:ing|ed)?|please (?:arrange|perform|book|carry out|do)|direct access|referr(?:al|ed|ing) for|"
            r"grateful for|would like)(?: an?| the)? (?:urgent |routine )?(?:\w+ )?(?:mri|ct|x-?ray|ultrasound|usg|dexa|"
            r"mammogra\w*|echocardiogra\w*|echo|holter|scan|imaging|endoscopy|colonoscopy|gastroscopy|audiogram|"
            r"spirometry|nerve conduction|ecg)\b|\bdirect access\b|\bradiology (?:request|referral)|"
            r"(?:imaging|investigation|radiology) request"
        ),
        "diagnostic",
        2.0,
    ),
    (
        _rx(
            r"\bcommunity (?:\w+ )?(?:service|team|clinic|nurs\w*|physio\w*|hub)|\bdistrict nurs\w*|"
            r"\bmsk (?:service|triage|hub)|\bintermediate care|\bcommunity-based|\btalking therap\w*|\biapt\b"
        ),
        "community",
        2.0,
    ),
    (
        _rx(
            r"\b(?:practice nurse|in-?house|within the practice|at the practice|at the surgery|practice-based|practice (?:pharmacist|clinic)|"
            r"minor surgery (?:clinic|list) (?:here|at)|our (?:own )?(?:minor surgery|clinic|nurse|pharmacist|physio))"
        ),
        "internal",
        2.0,
    ),
    (
        _rx(
            r"\b(?:emergency department|a ?& ?e\b|accident (?:and|&) emergency|same day emergency|sdec|"
            r"emergency admission|admitted (?:as an emergency|via (?:the )?(?:ed|a&e|emergency))|acute (?:medical|surgical) (?:unit|take)|"
            r"please (?:assess|see) (?:him|her|them)? ?today|ambulance)"
        ),
        "emergency",
        2.0,
    ),
    (
        _rx(
            r"\b(?:date of admission|admitted (?:on|to|for|under)|inpatient|day case|day surgery|ward\b|elective admission|"
            r"length of stay|discharge summary)"
        ),
        "inpatient",
        1.5,
    ),
    (
        _rx(
            r"\b(?:outpatient|clinic (?:appointment|letter|date)|seen in (?:the )?(?:\w+ )?clinic|out-?patient)\b"
        ),
        "outpatient",
        1.0,
    ),
]


def service_type_votes(letter: LetterText) -> Votes:
    """outpatient / diagnostic / community / internal / inpatient / emergency cues."""
    votes = Votes()
    _apply(
        votes,
        letter.unquoted,
        _SERVICE,
        negatable=True,
        hits=letter.hits,
        gates=letter.unquoted_hits,
    )
    return votes


# --- additions: common NHS phrasing and abbreviations -----------------------------------

_DOCTYPE.extend(
    [
        (
            _rx(
                r"(?:emergency department|\ba ?& ?e\b|accident (?:and|&) emergency|\bed\b|urgent treatment centre|minor injur\w+ unit)"
                r" (?:attendance|discharge|notification|summary|record)|mode of arrival|arrival (?:time|mode)|time of arrival|\btriage\b|"
                r"(?:attended|seen in|presented to) (?:the )?(?:emergency department|a ?& ?e\b|\bed\b)"
            ),
            "discharge_summary",
            2.5,
        ),
        (
            _rx(
                r"admitted (?:under|to|on|with|via|for)|was admitted|during (?:his|her|their|this) (?:admission|stay)|"
                r"(?:day case|day surgery|inpatient|elective) (?:admission|procedure|stay|list)|on the ward\b"
            ),
            "discharge_summary",
            1.5,
        ),
        (
            _rx(
                r"(?:was|been|is being|being) discharged (?:home|on|today|from (?:the )?(?:ward|hospital))|"
                r"discharged (?:home )?on \d|date (?:of )?discharge|discharge (?:date|medication|plan)"
            ),
            "discharge_summary",
            1.5,
        ),
        (
            _rx(
                r"(?:value|appreciate|welcome|grateful for) (?:your|an?) (?:\w+ )?(?:opinion|assessment|appointment|review|advice|input)|"
                r"(?:many )?thanks? (?:you )?(?:very much )?for seeing|^the consultant\b|"
                r"^dear (?:sir|madam|colleague|doctor|consultant)\b"
            ),
            "referral",
            1.0,
        ),
        (
            _rx(
                r"returned to (?:the )?(?:\w+ ){0,3}clinic|(?:reviewed|seen|saw|assessed) (?:\w+ ){0,3}in (?:the )?(?:\w+ ){0,3}clinic|"
                r"(?:appointment|clinic|attendance|consultation) date\s*:|follow[- ]up appointment\s*:|"
                r"(?:initial|follow[- ]up|review) assessment|\battended (?:the |my |our )?(?:\w+ )?clinic"
            ),
            "clinic_letter",
            1.5,
        ),
    ]
)

_OUTCOME.extend(
    [
        (
            _rx(
                r"\b(?:r/v|f/u|rv|fu|review|follow[- ]up|see again|reassess)\b (?:\w+ ){0,3}(?:in )?(?:\d+ ?/ ?(?:52|12)|\d+ (?:weeks?|months?))|"
                r"\b(?:r/v|f/u)\b"
            ),
            "follow_up",
            2.0,
        ),
        (
            _rx(
                r"discharged? (?:him|her|them) from|not arranged to see (?:him|her|them) again|"
                r"happy to (?:see|review) (?:him |her |them )?again if|no (?:plans to|need to) (?:see|review)|"
                r"discharged (?:to|back to) (?:the )?gp"
            ),
            "discharged",
            2.5,
        ),
        (_rx(r"\btci\b|to come in for|waiting list for"), "listed_for_procedure", 2.0),
    ]
)

_LABELLED_OUTCOME = _rx(r"^(?:outcome|plan|disposal|disposition)\s*[:\-]\s*(?P<value>[^\n]{0,60})")
_OUTCOME_WORDS = [
    ("listed_for_procedure", re.compile(r"waiting list|listed|\btci\b|for surgery|for operation")),
    (
        "discharged",
        re.compile(
            r"discharg|\bhome\b|\bgp to\b|back to (?:the )?(?:gp|your care)|if (?:needed|required|necessary)|"
            r"\bprn\b|no (?:further )?follow"
        ),
    ),
    ("referred_on", re.compile(r"refer")),
    ("follow_up", re.compile(r"follow|review|r/v|f/u|\d+/(?:52|12)")),
    ("investigations", re.compile(r"investigat|test|scan|mri|\bct\b|bloods")),
    ("treated", re.compile(r"treat")),
]


def labelled_outcome(letter: LetterText, votes: Votes) -> None:
    """An 'Outcome: ...' (or 'Plan: ...') line states the outcome outright."""
    for match in _LABELLED_OUTCOME.finditer(letter.unquoted, letter.hits, letter.unquoted_hits):
        value = match.group("value")
        strong = match.group(0).startswith(("outcome", "disposal", "disposition"))
        for name, pattern in _OUTCOME_WORDS:
            if pattern.search(value):
                votes.add(name, 4.0 if strong else 1.0, snippet(letter.unquoted, *match.span()))
                break
