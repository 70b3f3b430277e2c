"""HL7 v2 messages: MDM (documents), REF (referrals) and ORU (results/reports).

The letter text is in OBX-5 (TX/FT/ST lines, or an ED base64 file read by the
dispatcher) and NTE-3. What the message states in structure goes into
``fields``: PID NHS number, birth date and name; message and event dates;
the sending/receiving facility (an ODS code). Only NHS numbers with a valid
check digit are kept.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from pars.coding.readers.base import ReadContext, ReadError, ReadResult, normalise_text
from pars.core.codes import ICD10Code, OPCS4Code
from pars.core.nhs_number import is_valid_nhs_number

_START = re.compile(rb"^[\s\x0b\xef\xbb\xbf]*(MSH|FHS|BHS)([|^~\\&#!$%*])")
_SEGMENT_SPLIT = re.compile(r"\r\n|\r|\n")
_PRACTICE = re.compile(r"[A-Z]\d{5}")
_ORGANISATION = re.compile(r"[A-Z0-9]{3}|[A-Z0-9]{5}")
_ORGANISATION_WORDS = re.compile(
    r"\b(NHS|hospitals?|trust|surgery|practice|clinic|centre|center|health|foundation|"
    r"services?|unit|infirmary|medical|healthcare)\b",
    re.I,
)
_PERSON_TITLE = re.compile(r"(Dr|Mr|Mrs|Ms|Miss|Prof|Professor|Sister|Nurse)\b\.?\s", re.I)
_NOT_ODS = {"ODS", "NHS", "HL7", "PAS", "EPR", "GP", "LAB"}
_TXA_TYPES = {
    "DS": "discharge_summary",
    "DIS": "discharge_summary",
    "CL": "clinic_letter",
    "CN": "clinic_letter",
    "OP": "clinic_letter",
    "REF": "referral",
    "RAD": "diagnostic_report",
    "DR": "diagnostic_report",
}


@dataclass(slots=True)
class _Delimiters:
    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"


class HL7v2Reader:
    format = "hl7v2"

    def sniff(self, head: bytes, name: str) -> bool:
        return _START.match(head) is not None

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        source = (
            data.decode("utf-8", errors="replace") if _is_utf8(data) else data.decode("latin-1")
        )
        source = source.lstrip("\ufeff \t\r\n\x0b").replace("\x1c", "")
        segments = [s for s in _SEGMENT_SPLIT.split(source) if s.strip()]
        msh = next((s for s in segments if s.startswith("MSH")), None)
        if msh is None or len(msh) < 8:
            raise ReadError("HL7 v2 data without an MSH header segment")
        delims = _Delimiters(field=msh[3])
        encoding = msh[4:8]
        for attr, char in zip(
            ("component", "repetition", "escape", "subcomponent"), encoding, strict=False
        ):
            if char != delims.field:
                setattr(delims, attr, char)
        message = _Message(delims)
        lines: list[str] = []
        fields: dict = {}
        for segment in segments:
            message.add_segment(segment, lines, fields, context)
        message.finish(fields)
        text = normalise_text("\n".join(lines), context.limits.max_text_chars)
        if not text:
            raise ReadError("HL7 v2 message with no report text (no OBX/NTE text)")
        return ReadResult(text=text, format=self.format, fields=fields)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Message:
    """Walks the segments of one or more messages, keeping the first value of each field."""

    def __init__(self, delims: _Delimiters) -> None:
        self.d = delims
        self.message_type: str | None = None
        self.sending: list[str] = []
        self.receiving: list[str] = []
        self.message_date: str | None = None
        self.prd_referring: str | None = None
        self.prd_referred_to: list[str] | None = None
        self.facility_name: str | None = None
        self.diagnoses: list[dict] = []
        self.procedures: list[dict] = []

    # -- field helpers -----------------------------------------------------
    def split_fields(self, segment: str) -> list[str]:
        parts = segment.split(self.d.field)
        if parts[0] == "MSH" or parts[0] in ("FHS", "BHS"):
            # MSH-1 is the separator itself: shift so that index n is MSH-n.
            parts = [parts[0], self.d.field, *parts[1:]]
        return parts

    def components(self, value: str) -> list[str]:
        return value.split(self.d.component)

    def unescape(self, value: str) -> str:
        e = self.d.escape
        if e not in value:
            return value
        pattern = re.escape(e) + r"([^" + re.escape(e) + r"]*)" + re.escape(e)

        def replace(match: re.Match[str]) -> str:
            code = match.group(1)
            simple = {
                "F": self.d.field, "S": self.d.component, "T": self.d.subcomponent,
                "R": self.d.repetition, "E": e, ".br": "\n", "H": "", "N": "",
            }  # fmt: skip
            if code in simple:
                return simple[code]
            if code.startswith("X"):
                try:
                    return bytes.fromhex(code[1:]).decode("latin-1")
                except ValueError:
                    return ""
            if code.startswith((".sp", ".in", ".ti", ".fi", ".nf", ".ce")):
                return "\n"
            return ""

        return re.sub(pattern, replace, value)

    # -- segments ----------------------------------------------------------
    def add_segment(
        self, segment: str, lines: list[str], fields: dict, context: ReadContext
    ) -> None:
        parts = self.split_fields(segment)
        name = parts[0][:3]
        get = lambda n: parts[n] if n < len(parts) else ""  # noqa: E731
        if name == "MSH":
            if self.message_type is None:
                self.message_type = self.components(get(9))[0].upper()
                if len(self.components(get(9))) > 1:
                    self.message_type += "^" + self.components(get(9))[1].upper()
                self.sending = self.components(get(4))
                self.receiving = self.components(get(6))
                self.message_date = _hl7_date(get(7))
        elif name == "PID":
            self._pid(get, fields)
        elif name == "PV1":
            _set(fields, "event_date", _hl7_date(get(44)))
            # PV1-8 is the referring doctor (the GP); PV1-7 is the hospital's attending doctor.
            _set(fields, "clinician", self._person(get(8), xcn=True))
            location = self.components(get(3))
            if len(location) > 3 and _ORGANISATION_WORDS.search(location[3]):
                self.facility_name = self.facility_name or self.unescape(location[3]).strip()
        elif name == "PD1":
            # PD1-4: the patient's primary care doctor, the GP a letter is addressed to.
            _set(fields, "clinician", self._person(get(4), xcn=True))
            for component in self.components(get(3)):
                if _PRACTICE.fullmatch(component.strip().upper()):
                    _set(fields, "practice_code", component.strip().upper())
        elif name == "TXA":
            kind = self.components(get(2))[0].strip().upper()
            _set(fields, "document_type", _TXA_TYPES.get(kind))
            # TXA-4 is when the activity happened; TXA-6/7 when the document was written/typed.
            _set(fields, "letter_date", _hl7_date(get(6)) or _hl7_date(get(7)))
            _set(fields, "event_date", _hl7_date(get(4)))
        elif name == "OBR":
            _set(fields, "event_date", _hl7_date(get(7)))
            _set(fields, "clinician", self._person(get(16), xcn=True))
            title = self.unescape(
                self.components(get(4))[1] if len(self.components(get(4))) > 1 else ""
            )
            if title.strip():
                lines.append(title.strip())
        elif name == "OBX":
            self._obx(get, lines, fields, context)
        elif name == "NTE":
            lines.append(self.unescape(get(3)).replace(self.d.repetition, "\n"))
        elif name == "RF1":
            _set(fields, "letter_date", _hl7_date(get(9)) or _hl7_date(get(7)))
        elif name == "PRD":
            role = self.components(get(1))[0].upper()
            if role == "RP" and self.prd_referring is None:
                self.prd_referring = self._person(get(2), xcn=False)
            elif role == "RT" and self.prd_referred_to is None:
                self.prd_referred_to = self._referred_to(get)
        elif name == "DG1":
            code = self.components(get(3))
            system = code[2].upper() if len(code) > 2 else ""
            if (
                code
                and ICD10Code.is_valid(code[0])
                and (not system or "I10" in system or "ICD" in system)
            ):
                self.diagnoses.append(
                    {
                        "icd10": ICD10Code(code[0]).value,
                        "text": self.unescape(code[1]) if len(code) > 1 else "",
                    }
                )
        elif name == "PR1":
            code = self.components(get(3))
            system = code[2].upper() if len(code) > 2 else ""
            if (
                code
                and OPCS4Code.is_valid(code[0])
                and (not system or "OPCS" in system or "OPC" in system)
            ):
                self.procedures.append(
                    {
                        "opcs4": OPCS4Code(code[0]).value,
                        "text": self.unescape(code[1]) if len(code) > 1 else "",
                    }
                )

    def _pid(self, get, fields: dict) -> None:
        candidates: list[tuple[int, str]] = []
        for field_number in (3, 2, 19):
            for repetition in get(field_number).split(self.d.repetition):
                comps = self.components(repetition)
                number = comps[0].replace(" ", "").replace("-", "")
                labels = " ".join(comps[3:6]).upper()
                if is_valid_nhs_number(number):
                    candidates.append(
                        (0 if "NHS" in labels or "NH" in labels.split() else 1, number)
                    )
        if candidates:
            _set(fields, "nhs_number", sorted(candidates)[0][1])
        _set(fields, "patient_birth_date", _hl7_date(get(7)))
        name = self.components(get(5).split(self.d.repetition)[0])
        family = _tidy_name(self.unescape(name[0])) if name else ""
        given = " ".join(_tidy_name(self.unescape(p)) for p in name[1:3] if p.strip())
        full = " ".join(p for p in (given, family) if p)
        _set(fields, "patient_name", full or None)

    def _obx(self, get, lines: list[str], fields: dict, context: ReadContext) -> None:
        value_type = get(2).strip().upper()
        value = get(5)
        if value_type == "ED":
            self._embedded(value, lines, fields, context)
            return
        if value_type in ("RP", "") or not value.strip():
            return  # a pointer to a file elsewhere, or nothing
        for repetition in value.split(self.d.repetition):
            if value_type in ("CE", "CWE", "CF"):
                comps = self.components(repetition)
                repetition = comps[1] if len(comps) > 1 and comps[1] else comps[0]
            elif value_type not in ("TX", "FT", "ST"):
                repetition = repetition.replace(self.d.component, " ")
            lines.append(self.unescape(repetition))

    def _embedded(self, value: str, lines: list[str], fields: dict, context: ReadContext) -> None:
        """An ED value: source^type^subtype^encoding^data, data a base64 file (PDF, RTF...)."""
        comps = self.components(value)
        if len(comps) < 5 or comps[3].strip().upper() not in ("BASE64", "B64"):
            return
        payload = comps[4].replace(self.d.escape + ".br" + self.d.escape, "")
        try:
            decoded = base64.b64decode("".join(payload.split()), validate=False)
        except (binascii.Error, ValueError):
            lines.append("[embedded document could not be decoded]")
            return
        subtype = re.sub(r"[^a-z0-9]", "", comps[2].strip().lower()) or "bin"
        nested = context.nested(decoded, f"embedded.{subtype}")
        if nested.text:
            lines.append(nested.text)
            for key, val in nested.fields.items():
                fields.setdefault(key, val)
        else:
            lines.append(f"[embedded document unreadable: {nested.error}]")

    def _person(self, value: str, *, xcn: bool) -> str | None:
        """'Dr Sarah Okafor' from XCN (id^family^given^middle^suffix^prefix) or XPN."""
        comps = self.components(value.split(self.d.repetition)[0])
        if xcn:
            comps = comps[1:]
        if not comps or not comps[0].strip():
            return None
        family = comps[0].strip()
        given = comps[1].strip() if len(comps) > 1 else ""
        prefix = comps[4].strip() if len(comps) > 4 else ""
        name = " ".join(self.unescape(p) for p in (prefix, given, family) if p)
        return name or None

    def _referred_to(self, get) -> tuple[str | None, str | None]:
        """(ODS code, organisation name) of a PRD 'referred to' segment, wherever the sender put them.

        PRD-7 should hold the identifier, but systems also use PRD-4 (location)
        or put the organisation's name in PRD-7 and a consultant's in PRD-2.
        """
        code = None
        for field_number in (7, 4, 3):
            for component in self.components(get(field_number)):
                candidate = component.strip().upper()
                if candidate and _is_ods(candidate):
                    code = candidate
                    break
            if code:
                break
        name = None
        for field_number in (7, 2, 4):
            for component in self.components(get(field_number)):
                text = self.unescape(component).strip()
                if _ORGANISATION_WORDS.search(text) and not _PERSON_TITLE.match(text):
                    name = text
                    break
            if name:
                break
        return code, name

    def finish(self, fields: dict) -> None:
        _set(fields, "letter_date", self.message_date)
        sender_code, sender_name = _organisation(self.sending)
        receiver_code, receiver_name = _organisation(self.receiving)
        if sender_code:
            fields.setdefault("sending_facility", sender_code)
        practice_sent = bool(sender_code and _PRACTICE.fullmatch(sender_code))
        practice_received = bool(receiver_code and _PRACTICE.fullmatch(receiver_code))
        message_kind = (self.message_type or "").split("^")[0]
        if message_kind == "REF" or practice_sent:
            if message_kind == "REF":
                fields["document_type"] = "referral"  # the message type outranks TXA
            if practice_sent:
                _set(fields, "practice_code", sender_code)
                _set(fields, "direction", "outgoing")
            if self.prd_referring:
                fields["clinician"] = self.prd_referring  # the referring provider, not PV1's
            code, name = self.prd_referred_to or (None, None)
            _set(
                fields, "provider_code", code or receiver_code
            )  # a practice code = internal referral
            _set(fields, "provider_name", _tidy_organisation(name or receiver_name))
            if message_kind == "REF":
                fields.pop("event_date", None)  # a referral reports no attendance yet
        else:
            if message_kind == "ORU":
                fields["document_type"] = "diagnostic_report"
            if practice_received:
                _set(fields, "practice_code", receiver_code)
                _set(fields, "direction", "incoming")
            _set(fields, "provider_code", sender_code)
            _set(fields, "provider_name", _tidy_organisation(sender_name or self.facility_name))
        if self.diagnoses:
            fields.setdefault("diagnoses", self.diagnoses)
        if self.procedures:
            fields.setdefault("procedures", self.procedures)


_PARTICLES = frozenset(
    {"de", "der", "den", "du", "da", "di", "la", "le", "von", "van", "ter", "al"}
)
_MAC_EXCEPTIONS = frozenset(
    {"Mack", "Macey", "Machin", "Mace", "Macy", "Mackie", "Macklin", "Mach"}
)


def _tidy_name(part: str) -> str:
    """HL7 systems often send family names in capitals (SMITH); letters write Smith.

    Capitals are turned into the usual case, including McDonald, MacLeod and
    the lower-case particles of 'Van der Merwe'; mixed case is kept as sent.
    """
    part = part.strip()
    if len(part) < 2 or not part.isupper():
        return part
    words = part.title().split(" ")
    for index, word in enumerate(words):
        if index and word.lower() in _PARTICLES:
            words[index] = word.lower()
        elif word.startswith("Mc") and len(word) > 2:
            words[index] = "Mc" + word[2:].capitalize()
        elif word.startswith("Mac") and len(word) > 5 and word not in _MAC_EXCEPTIONS:
            words[index] = "Mac" + word[3:].capitalize()
    return " ".join(words)


_ACRONYMS = frozenset({"NHS", "UK", "GP", "ENT", "NHSFT", "HSCT", "PCN", "ICB", "CCG"})
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "at", "in", "on", "&"})


def _tidy_organisation(name: str | None) -> str | None:
    """'WEST HERTFORDSHIRE TEACHING HOSPITALS NHS TRUST' -> 'West Hertfordshire Teaching Hospitals NHS Trust'."""
    if not name:
        return None
    name = name.strip()
    if not name.isupper():
        return name
    words = []
    for index, word in enumerate(name.split()):
        if word in _ACRONYMS:
            words.append(word)
        elif index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


def _set(fields: dict, key: str, value) -> None:
    """Keep the first non-empty value stated for a field."""
    if value not in (None, "", []) and key not in fields:
        fields[key] = value


def _is_ods(value: str) -> bool:
    return (
        bool(_ORGANISATION.fullmatch(value) or _PRACTICE.fullmatch(value)) and value not in _NOT_ODS
    )


def _organisation(hd: list[str]) -> tuple[str | None, str | None]:
    """(ODS code, name) from an HD field: namespace^universal id^id type."""
    cleaned = [c.strip() for c in hd]
    code = next((c.upper() for c in cleaned[1:2] + cleaned[:1] if c and _is_ods(c.upper())), None)
    name = next((c for c in cleaned[:2] if c and c.upper() != code and len(c) > 5), None)
    return code, name


def _hl7_date(value: str) -> str | None:
    """ISO date from an HL7 TS/DT (YYYYMMDD[HHMM[SS]][+ZZZZ]); None when not a real date."""
    value = value.split("^")[0].strip()
    if len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return None
