"""FHIR R4 JSON: DocumentReference, ServiceRequest, Composition, DiagnosticReport, Bundle.

Letters travel as a DocumentReference (or DiagnosticReport.presentedForm, or a
Binary) with a base64 attachment, which the dispatcher reads like any file;
referrals as a ServiceRequest. What the resources state in structure goes into
``fields``: the subject's NHS number (system https://fhir.nhs.uk/Id/nhs-number,
valid check digit only), birth date and name; dates; the author/performer
organisation's ODS code; ICD-10 and OPCS-4 codings. References are resolved
within the Bundle and ``contained``; URLs are never fetched.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
from datetime import date
from typing import Any

from pars.coding.readers.base import ReadContext, ReadError, ReadResult, decode_text, normalise_text
from pars.core.codes import ICD10Code, OPCS4Code
from pars.core.nhs_number import is_valid_nhs_number

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEMS = (
    "https://fhir.nhs.uk/Id/ods-organization-code",
    "https://fhir.nhs.uk/Id/ods-site-code",
)
_PRACTICE = re.compile(r"[A-Z]\d{5}")
_RESOURCE_TYPE = re.compile(rb'"resourceType"\s*:\s*"[A-Za-z]+"')
# e-RS convention: ServiceRequest.priority asap = Two Week Wait; stat is not a referral priority.
_URGENCY = {"routine": "routine", "urgent": "urgent", "asap": "two_week_wait"}


class FHIRReader:
    format = "fhir"

    def sniff(self, head: bytes, name: str) -> bool:
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not stripped.startswith(b"{"):
            return False
        return bool(_RESOURCE_TYPE.search(head)) or name.lower().endswith((".json", ".fhir"))

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        try:
            document = json.loads(decode_text(data))
        except (ValueError, RecursionError) as exc:
            raise ReadError("damaged JSON (not a readable FHIR resource)") from exc
        if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
            raise ReadError("JSON that is not a FHIR resource (no resourceType)")
        walker = _Walker(document, context)
        try:
            walker.walk()
        except RecursionError as exc:
            raise ReadError("FHIR resource nested too deeply") from exc
        text = normalise_text(
            "\n\n".join(p for p in walker.parts if p), context.limits.max_text_chars
        )
        if not text:
            raise ReadError(
                f"FHIR {document['resourceType']} with no letter text or readable attachment"
            )
        return ReadResult(text=text, format=self.format, fields=walker.fields)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _iso_date(value: Any) -> str | None:
    text = _str(value)
    if len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


class _Walker:
    """Collects text parts and stated fields from a resource and what it references."""

    def __init__(self, root: dict, context: ReadContext) -> None:
        self.root = root
        self.context = context
        self.parts: list[str] = []
        self.fields: dict[str, Any] = {}
        self.index: dict[str, dict] = {}
        self.seen: set[int] = set()
        self._index(root)

    def _index(self, resource: dict) -> None:
        for contained in _list(resource.get("contained")):
            if isinstance(contained, dict) and _str(contained.get("id")):
                self.index[f"#{contained['id']}"] = contained
        if resource.get("resourceType") == "Bundle":
            for entry in _list(resource.get("entry")):
                entry = _dict(entry)
                inner = _dict(entry.get("resource"))
                if not inner:
                    continue
                if _str(entry.get("fullUrl")):
                    self.index[entry["fullUrl"]] = inner
                if _str(inner.get("id")) and _str(inner.get("resourceType")):
                    self.index[f"{inner['resourceType']}/{inner['id']}"] = inner
                self._index(inner)

    def resolve(self, reference: Any) -> dict:
        ref = _dict(reference)
        target = self.index.get(_str(ref.get("reference")))
        if target is None:
            key = _str(ref.get("reference"))
            target = next((v for k, v in self.index.items() if key and k.endswith(key)), None)
        return target or {}

    def set(self, key: str, value: Any) -> None:
        if value not in (None, "", []) and key not in self.fields:
            self.fields[key] = value

    # -- resources ---------------------------------------------------------
    def walk(self) -> None:
        kind = self.root.get("resourceType")
        if kind == "Bundle":
            resources = [_dict(_dict(e).get("resource")) for e in _list(self.root.get("entry"))]
            # Documents first, so their subject/author wins over stray entries.
            order = {
                "Composition": 0,
                "ServiceRequest": 1,
                "DocumentReference": 2,
                "DiagnosticReport": 3,
            }
            for resource in sorted(resources, key=lambda r: order.get(r.get("resourceType"), 9)):
                self.resource(resource)
        else:
            self.resource(self.root)

    def resource(self, resource: dict) -> None:
        if not resource or id(resource) in self.seen:
            return
        self.seen.add(id(resource))
        kind = resource.get("resourceType")
        handler = getattr(self, f"_{kind}", None) if isinstance(kind, str) else None
        if handler is not None:
            handler(resource)

    def _Patient(self, patient: dict) -> None:  # noqa: N802 (FHIR resource names)
        for identifier in _list(patient.get("identifier")):
            identifier = _dict(identifier)
            value = _str(identifier.get("value")).replace(" ", "")
            if _str(identifier.get("system")) == NHS_NUMBER_SYSTEM and is_valid_nhs_number(value):
                self.set("nhs_number", value)
        self.set("patient_birth_date", _iso_date(patient.get("birthDate")))
        self.set("patient_name", _human_name(patient.get("name")))

    def _subject(self, resource: dict) -> None:
        subject = _dict(resource.get("subject"))
        identifier = _dict(subject.get("identifier"))
        value = _str(identifier.get("value")).replace(" ", "")
        if _str(identifier.get("system")) == NHS_NUMBER_SYSTEM and is_valid_nhs_number(value):
            self.set("nhs_number", value)
        patient = self.resolve(subject)
        if patient.get("resourceType") == "Patient":
            self._Patient(patient)
        elif _str(subject.get("display")):
            self.set("patient_name", _str(subject.get("display")))

    def _organisation(self, reference: Any) -> tuple[str | None, str | None]:
        """(ODS code, name) of a referenced Organization/Practitioner(Role)."""
        ref = _dict(reference)
        code = _ods(ref.get("identifier"))
        name = _str(ref.get("display")) or None
        target = self.resolve(ref)
        if target.get("resourceType") == "Organization":
            for identifier in _list(target.get("identifier")):
                code = code or _ods(identifier)
            name = name or _str(target.get("name")) or None
        elif target.get("resourceType") == "PractitionerRole":
            return self._organisation(target.get("organization"))
        return code, name

    def _person(self, reference: Any) -> str | None:
        ref = _dict(reference)
        target = self.resolve(ref)
        if target.get("resourceType") == "PractitionerRole":
            target = self.resolve(target.get("practitioner"))
        if target.get("resourceType") == "Practitioner":
            return _human_name(target.get("name"), with_prefix=True)
        if target.get("resourceType") == "Organization":
            return None
        display = _str(ref.get("display"))
        return display or None

    def _provider(self, references: list, *, outgoing: bool) -> None:
        for reference in references:
            code, name = self._organisation(reference)
            if code and _PRACTICE.fullmatch(code):
                self.set("practice_code", code)
                continue
            if code or (name and self.resolve(reference).get("resourceType") == "Organization"):
                self.set("provider_code", code)
                self.set("provider_name", name)
                return

    def _attachment(self, attachment: Any) -> None:
        attachment = _dict(attachment)
        data = attachment.get("data")
        title = _str(attachment.get("title"))
        if not isinstance(data, str) or not data:
            if title:
                self.parts.append(title)
            return
        try:
            raw = base64.b64decode("".join(data.split()), validate=False)
        except (binascii.Error, ValueError):
            self.parts.append("[attachment could not be decoded]")
            return
        name = title or "attachment" + _extension(_str(attachment.get("contentType")))
        if _str(attachment.get("contentType")).startswith("text/plain"):
            self.parts.append(decode_text(raw))
            return
        nested = self.context.nested(raw, name)
        if nested.text:
            self.parts.append(nested.text)
            for key, value in nested.fields.items():
                self.set(key, value)
        else:
            self.parts.append(f"[attachment unreadable: {nested.error}]")

    def _narrative(self, resource: dict) -> None:
        div = _str(_dict(resource.get("text")).get("div"))
        if div:
            from pars.coding.readers.html import html_to_text

            with contextlib.suppress(ReadError):
                self.parts.append(html_to_text(div))

    def _codes(self, concept: Any) -> None:
        concept = _dict(concept)
        for coding in _list(concept.get("coding")):
            coding = _dict(coding)
            system = _str(coding.get("system")).lower()
            code = _str(coding.get("code"))
            text = _str(coding.get("display")) or _str(concept.get("text"))
            if "icd-10" in system or "icd10" in system:
                if ICD10Code.is_valid(code):
                    self.fields.setdefault("diagnoses", []).append(
                        {"icd10": ICD10Code(code).value, "text": text}
                    )
            elif "opcs" in system and OPCS4Code.is_valid(code):
                self.fields.setdefault("procedures", []).append(
                    {"opcs4": OPCS4Code(code).value, "text": text}
                )

    def _DocumentReference(self, document: dict) -> None:  # noqa: N802
        self.set("document_type", _document_type(document.get("type")))
        self._subject(document)
        self.set("letter_date", _iso_date(document.get("date")))
        context = _dict(document.get("context"))
        self.set("event_date", _iso_date(_dict(context.get("period")).get("start")))
        self._provider([*_list(document.get("author")), document.get("custodian")], outgoing=False)
        for encounter in _list(context.get("encounter")):
            self.resource(self.resolve(encounter))
        description = _str(document.get("description"))
        if description:
            self.parts.append(description)
        for content in _list(document.get("content")):
            self._attachment(_dict(content).get("attachment"))

    def _DiagnosticReport(self, report: dict) -> None:  # noqa: N802
        self.set("document_type", "diagnostic_report")
        self._subject(report)
        self.set("letter_date", _iso_date(report.get("issued")))
        self.set(
            "event_date",
            _iso_date(report.get("effectiveDateTime"))
            or _iso_date(_dict(report.get("effectivePeriod")).get("start")),
        )
        self._provider(_list(report.get("performer")), outgoing=False)
        title = _str(_dict(report.get("code")).get("text"))
        if title:
            self.parts.append(title)
        conclusion = _str(report.get("conclusion"))
        if conclusion:
            self.parts.append(conclusion)
        for form in _list(report.get("presentedForm")):
            self._attachment(form)
        for code in _list(report.get("conclusionCode")):
            self._codes(code)

    def _ServiceRequest(self, request: dict) -> None:  # noqa: N802
        self.set("document_type", "referral")
        self._subject(request)
        self.set("letter_date", _iso_date(request.get("authoredOn")))
        self.set("urgency", _URGENCY.get(_str(request.get("priority")).lower()))
        requester = request.get("requester")
        self.set("clinician", self._person(requester))
        code, _ = self._organisation(requester)
        target = self.resolve(requester)
        if target.get("resourceType") == "PractitionerRole":
            code, _ = self._organisation(target.get("organization"))
        if code and _PRACTICE.fullmatch(code):
            self.set("practice_code", code)
            self.set("direction", "outgoing")
        self._provider(_list(request.get("performer")), outgoing=True)
        for key in ("code", "category"):
            concepts = request.get(key)
            for concept in concepts if isinstance(concepts, list) else [concepts]:
                concept = _dict(concept)
                text = _str(concept.get("text")) or next(
                    (
                        _str(_dict(c).get("display"))
                        for c in _list(concept.get("coding"))
                        if _dict(c).get("display")
                    ),
                    "",
                )
                if text:
                    self.parts.append(text)
        for reason in _list(request.get("reasonCode")):
            self._codes(reason)
            text = _str(_dict(reason).get("text"))
            if text:
                self.parts.append(f"Reason: {text}")
        for note in _list(request.get("note")):
            text = _str(_dict(note).get("text"))
            if text:
                self.parts.append(text)
        if _str(request.get("patientInstruction")):
            self.parts.append(_str(request.get("patientInstruction")))
        for info in _list(request.get("supportingInfo")):
            self.resource(self.resolve(info))
        if not self.parts:
            self._narrative(request)

    def _Composition(self, composition: dict) -> None:  # noqa: N802
        self.set("document_type", _document_type(composition.get("type")))
        self._subject(composition)
        self.set("letter_date", _iso_date(composition.get("date")))
        self._provider(
            [*_list(composition.get("author")), composition.get("custodian")], outgoing=False
        )
        if _str(composition.get("title")):
            self.parts.append(_str(composition["title"]))
        self._sections(_list(composition.get("section")), depth=0)
        encounter = self.resolve(composition.get("encounter"))
        self.resource(encounter)

    def _sections(self, sections: list, depth: int) -> None:
        if depth > 20:
            return
        for section in sections:
            section = _dict(section)
            if _str(section.get("title")):
                self.parts.append(_str(section["title"]))
            self._narrative(section)
            self._sections(_list(section.get("section")), depth + 1)

    def _Binary(self, binary: dict) -> None:  # noqa: N802
        self._attachment({"data": binary.get("data"), "contentType": binary.get("contentType")})

    def _Encounter(self, encounter: dict) -> None:  # noqa: N802
        self.set("event_date", _iso_date(_dict(encounter.get("period")).get("start")))

    def _Condition(self, condition: dict) -> None:  # noqa: N802
        self._codes(condition.get("code"))

    def _Procedure(self, procedure: dict) -> None:  # noqa: N802
        self._codes(procedure.get("code"))


# SNOMED CT document types used by NHS DocumentReference/Composition.type.
_SNOMED_DOCUMENT_TYPES = {
    "3457005": "referral",  # Patient referral
    "25611000000107": "referral",  # Referral letter
    "373942005": "discharge_summary",  # Discharge summary
    "371531000": "clinic_letter",  # Report of clinical encounter
    "823681000000100": "clinic_letter",  # Outpatient letter
    "4201000179104": "diagnostic_report",  # Imaging report
    "4241000179101": "diagnostic_report",  # Laboratory report
}
_TYPE_WORDS = (
    (re.compile(r"discharge", re.I), "discharge_summary"),
    (re.compile(r"referral", re.I), "referral"),
    (
        re.compile(r"imaging|radiology|patholog|laborator|x-ray|scan report", re.I),
        "diagnostic_report",
    ),
    (re.compile(r"clinic|outpatient|clinical encounter|consultation", re.I), "clinic_letter"),
)


def _document_type(concept: Any) -> str | None:
    """§1 document type from a DocumentReference/Composition ``type`` (SNOMED code, else its words)."""
    concept = _dict(concept)
    words = [_str(concept.get("text"))]
    for coding in _list(concept.get("coding")):
        coding = _dict(coding)
        if "snomed" in _str(coding.get("system")).lower():
            known = _SNOMED_DOCUMENT_TYPES.get(_str(coding.get("code")))
            if known:
                return known
        words.append(_str(coding.get("display")))
    for pattern, kind in _TYPE_WORDS:
        if any(pattern.search(word) for word in words if word):
            return kind
    return None


def _ods(identifier: Any) -> str | None:
    identifier = _dict(identifier)
    if _str(identifier.get("system")) in ODS_SYSTEMS and _str(identifier.get("value")):
        return _str(identifier["value"]).upper()
    return None


def _human_name(names: Any, *, with_prefix: bool = False) -> str | None:
    for name in _list(names):
        name = _dict(name)
        if _str(name.get("text")):
            return _str(name["text"])
        given = " ".join(_str(g) for g in _list(name.get("given")) if _str(g))
        family = _str(name.get("family"))
        prefix = (
            " ".join(_str(p) for p in _list(name.get("prefix")) if _str(p)) if with_prefix else ""
        )
        full = " ".join(p for p in (prefix, given, family) if p)
        if full:
            return full
    return None


def _extension(content_type: str) -> str:
    return {
        "application/pdf": ".pdf",
        "application/rtf": ".rtf",
        "text/rtf": ".rtf",
        "text/html": ".html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    }.get(content_type.split(";")[0].strip().lower(), ".bin")
