"""File encoders: one letter (blocks) to txt, PDF, DOCX, HL7 v2, FHIR R4, HTML or RTF bytes.

All encoders are deterministic for the rng: PDF and DOCX carry fixed creation
dates and DOCX zip members fixed timestamps (docx_writer, pdf_writer), so the same
seed gives byte-identical files on every run and machine.
"""

from __future__ import annotations

import base64
import json
import random
import unicodedata
from datetime import UTC, date, datetime

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter, to_text
from pars.synth.letters.docx_writer import encode_docx
from pars.synth.letters.markup_writers import encode_html, encode_rtf
from pars.synth.letters.pdf_writer import LATIN1_FIXES, encode_pdf

EXTENSIONS: dict[str, str] = {
    "txt": "txt",
    "pdf": "pdf",
    "docx": "docx",
    "hl7v2": "hl7",
    "fhir": "json",
    "html": "html",
    "rtf": "rtf",
}


def _doc_datetime(ctx: Context) -> datetime:
    """The letter date at a plausible typing time (fixed per document by the rng)."""
    d = ctx.letter_date or ctx.event_date or date(2025, 1, 1)
    return datetime(
        d.year,
        d.month,
        d.day,
        ctx.rng.randrange(8, 18),
        ctx.rng.choice((0, 15, 30, 45)),
        0,
        tzinfo=UTC,
    )


# --- txt ------------------------------------------------------------------


def encode_txt(text: str, rng: random.Random) -> bytes:
    """UTF-8 text, sometimes with CRLF line ends or a byte-order mark, as exports come."""
    if rng.random() < 0.25:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.03:
        data = b"\xef\xbb\xbf" + data
    return data


def encode_non_utf8(text: str, rng: random.Random) -> bytes:
    """A legacy export in cp1252 (or latin-1) that carries a pound sign and an e-acute."""
    extra = rng.choice(
        (
            "Private report fee: £35.00 (non-NHS work). Résumé of care attached.",
            "Note: café-au-lait macule noted incidentally. Prescription charge £9.90 paid.",
            "Interpreter not required. Travel costs claimed: £12.50; patient's née name on file.",
        )
    )
    lines = text.rstrip("\n").split("\n")
    lines.insert(max(1, len(lines) - 2), extra)
    text = "\r\n".join(lines) + "\r\n" if rng.random() < 0.5 else "\n".join(lines) + "\n"
    encoding = rng.choice(("cp1252", "cp1252", "latin-1"))
    text = text.translate(LATIN1_FIXES)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(_fold(ch, encoding) for ch in text).encode(encoding, errors="replace")


def _fold(ch: str, encoding: str) -> str:
    """A character the legacy encoding lacks, without its accent ('ś' -> 's'), else itself."""
    try:
        ch.encode(encoding)
        return ch
    except UnicodeEncodeError:
        return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


# --- HL7 v2 ---------------------------------------------------------------


def _hl7_escape(text: str) -> str:
    return (
        text.replace("\\", "\\E\\")
        .replace("|", "\\F\\")
        .replace("^", "\\S\\")
        .replace("~", "\\R\\")
        .replace("&", "\\T\\")
    )


def _hl7_date(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def encode_hl7(text: str, ctx: Context) -> bytes:
    """HL7 v2.4: REF^I12 for referrals, ORU^R01 for reports, MDM^T02 for letters; text in OBX TX."""
    rng = ctx.rng
    stamp = _doc_datetime(ctx).strftime("%Y%m%d%H%M")
    control = f"{ctx.event.document_id.replace('-', '')[-10:]}{rng.randrange(1000, 9999)}"
    practice = ctx.event.practice
    person = ctx.event.patient.person
    dt = ctx.document_type
    if dt == "referral":
        msg_type, sender_app, sender, receiver_app, receiver = (
            "REF^I12^REF_I12",
            rng.choice(("EMIS", "SystmOne", "eRS")),
            practice.code,
            "PAS",
            ctx.provider_code or "",
        )
    elif dt == "diagnostic_report":
        msg_type, sender_app, sender, receiver_app, receiver = (
            "ORU^R01^ORU_R01",
            rng.choice(("CRIS", "ICE", "WinPath")),
            ctx.provider_code or "",
            "DOCMAN",
            practice.code,
        )
    else:
        msg_type, sender_app, sender, receiver_app, receiver = (
            "MDM^T02^MDM_T02",
            rng.choice(("EPR", "MEDWAY", "CERNER", "LORENZO")),
            ctx.provider_code or "",
            "DOCMAN",
            practice.code,
        )
    # PID-3 as senders really fill it: MRN first or NHS number first, different assigning authorities
    nhs = ctx.truth.get("nhs_number")
    authority = rng.choice(("NHS", "NHS", "NHSNBR", "NHS&2.16.840.1.113883.2.1.4.1&ISO"))
    ids = [f"{nhs}^^^{authority}^NH"] if nhs else []
    mrn = f"{_hl7_escape(ctx.hosp_no)}^^^{ctx.provider_code or 'PAS'}^MR"
    if rng.random() < 0.4:
        ids.insert(0, mrn)
    else:
        ids.append(mrn)
    pid = "|".join(
        (
            "PID",
            "1",
            "",
            "~".join(ids),
            "",
            f"{_hl7_escape(person.family_name.upper())}^{_hl7_escape(person.given_name)}^^^{person.title}",
            "",
            _hl7_date(ctx.birth_date),
            ctx.event.patient.sex,
            "",
            "",
            "^".join(
                (
                    _hl7_escape(", ".join(ctx.event.patient.address_lines)),
                    "",
                    "",
                    "",
                    ctx.event.patient.postcode,
                )
            ),
        )
    )
    segments = [
        f"MSH|^~\\&|{sender_app}|{sender}|{receiver_app}|{receiver}|{stamp}||{msg_type}|{control}|P|2.4|||AL|NE|GBR",
    ]
    gp = _hl7_escape(ctx.gp_name or "")
    obx_code = {
        "referral": "REFLET^Referral letter",
        "diagnostic_report": "REPORT^Diagnostic report",
        "discharge_summary": "DISSUM^Discharge summary",
    }.get(dt, "CLINLET^Clinic letter")
    if dt == "referral":
        priority = {
            "two_week_wait": "A^Two week wait",
            "urgent": "S^Urgent",
            "routine": "R^Routine",
        }.get(ctx.urgency or "", "R^Routine")
        segments.append(
            f"RF1|P^Pending|{priority}|MED^Medical|{_hl7_escape(ctx.event.specialty_name)}||{ctx.event.document_id}|{_hl7_date(ctx.letter_date)}"
        )
        segments.append(f"PRD|RP|{gp}||^^^^^^^^^{practice.code}")
        segments.append(
            f"PRD|RT|{_hl7_escape(ctx.consultant)}||^^^^^^^^^{ctx.provider_code or ''}|||{_hl7_escape(ctx.provider_name)}"
        )
        segments.append(pid)
        segments.append(f"OBR|1|{ctx.event.document_id}||{obx_code}|||{_hl7_date(ctx.letter_date)}")
    elif dt == "diagnostic_report":
        segments.append(pid)
        segments.append(
            f"PV1|1|O|{ctx.provider_code or ''}^^^{_hl7_escape(ctx.provider_name)}||||^{gp}"
        )
        segments.append(f"ORC|RE|{ctx.event.document_id}|||CM")
        exam = _hl7_escape("; ".join(p.text for p in ctx.event.procedures)) or "Report"
        segments.append(
            f"OBR|1|{ctx.event.document_id}|{control}|EXAM^{exam}|||{_hl7_date(ctx.event_date)}||||||||||||||{stamp}||RAD|F"
        )
    else:
        segments.append(f"EVN|T02|{stamp}")
        segments.append(pid)
        segments.append(
            f"PV1|1|{'I' if dt == 'discharge_summary' else 'O'}|{ctx.provider_code or ''}^^^{_hl7_escape(ctx.provider_name)}||||^{gp}|||{_hl7_escape(ctx.event.specialty_tfc or '')}||||||||||||||||||||||||||||||||||{_hl7_date(ctx.event_date)}"
        )
        doc_code = {"discharge_summary": "DS", "clinic_letter": "CL"}.get(dt, "OT")
        segments.append(
            f"TXA|1|{doc_code}|TX|{_hl7_date(ctx.event_date)}|{_hl7_escape(ctx.consultant)}||{stamp}||||||{ctx.event.document_id}||||||AU"
        )
    for i, line in enumerate(text.rstrip("\n").split("\n"), 1):
        segments.append(f"OBX|{i}|TX|{obx_code}||{_hl7_escape(line)}||||||F")
    return ("\r".join(segments) + "\r").encode("utf-8")


# --- FHIR R4 --------------------------------------------------------------

_SNOMED_TYPES = {
    "referral": ("3457005", "Patient referral"),
    "clinic_letter": ("371531000", "Report of clinical encounter"),
    "discharge_summary": ("373942005", "Discharge summary"),
    "diagnostic_report": ("4201000179104", "Imaging report"),
}


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def encode_fhir(text: str, ctx: Context) -> bytes:
    """FHIR R4 JSON: a DocumentReference (base64 text/plain), or for referrals often a Bundle."""
    rng = ctx.rng
    person = ctx.event.patient.person
    stamp = _doc_datetime(ctx).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    subject: dict = {"display": f"{person.given_name} {person.family_name}"}
    if ctx.truth.get("nhs_number"):
        subject["identifier"] = {
            "system": "https://fhir.nhs.uk/Id/nhs-number",
            "value": ctx.truth["nhs_number"],
        }
    ods = "https://fhir.nhs.uk/Id/ods-organization-code"
    if ctx.direction == "outgoing":
        author = {
            "identifier": {"system": ods, "value": ctx.event.practice.code},
            "display": ctx.event.practice.name,
        }
        custodian = author
    else:
        author = {
            "identifier": {"system": ods, "value": ctx.provider_code or ""},
            "display": ctx.provider_name,
        }
        custodian = author
    code, display = _SNOMED_TYPES.get(ctx.document_type, ("419891008", "Record artifact"))
    doc_ref: dict = {
        "resourceType": "DocumentReference",
        "id": ctx.event.document_id,
        "status": "current",
        "type": {
            "coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}]
        },
        "subject": subject,
        "date": stamp,
        "author": [author],
        "custodian": custodian,
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "language": "en-GB",
                    "data": base64.b64encode(text.encode("utf-8")).decode("ascii"),
                    "title": display,
                    "creation": stamp,
                }
            }
        ],
    }
    if ctx.event_date and ctx.direction == "incoming":
        doc_ref["context"] = {"period": {"start": ctx.event_date.isoformat()}}
    if ctx.document_type != "referral" or rng.random() < 0.3:
        return json.dumps(doc_ref, indent=rng.choice((None, 2))).encode("utf-8")
    patient_id, request_id, doc_id = _uuid(rng), _uuid(rng), _uuid(rng)
    patient: dict = {
        "resourceType": "Patient",
        "id": patient_id,
        "name": [
            {
                "family": person.family_name,
                "given": [person.given_name],
                "prefix": [person.title] if person.title else [],
            }
        ],
        "gender": "male" if ctx.male else "female",
    }
    if ctx.truth.get("nhs_number"):
        patient["identifier"] = [
            {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": ctx.truth["nhs_number"]}
        ]
    if ctx.birth_date:
        patient["birthDate"] = ctx.birth_date.isoformat()
    priority = {"two_week_wait": "asap", "urgent": "urgent", "routine": "routine"}.get(
        ctx.urgency or "", "routine"
    )
    service_request = {
        "resourceType": "ServiceRequest",
        "id": request_id,
        "status": "active",
        "intent": "order",
        "priority": priority,
        "category": [{"text": ctx.event.specialty_name}],
        "subject": {"reference": f"urn:uuid:{patient_id}"},
        "authoredOn": ctx.letter_date.isoformat() if ctx.letter_date else None,
        "requester": {"display": ctx.gp_name or ""},
        "performer": [
            {
                "identifier": {"system": ods, "value": ctx.provider_code or ""},
                "display": ctx.provider_name,
            }
        ],
        "note": [{"text": ctx.urgency_label()}],
    }
    doc_ref["subject"] = {"reference": f"urn:uuid:{patient_id}"}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": stamp,
        "entry": [
            {"fullUrl": f"urn:uuid:{patient_id}", "resource": patient},
            {"fullUrl": f"urn:uuid:{request_id}", "resource": service_request},
            {"fullUrl": f"urn:uuid:{doc_id}", "resource": doc_ref},
        ],
    }
    return json.dumps(bundle, indent=rng.choice((None, 2))).encode("utf-8")


def render_text(letter: Letter) -> str:
    return to_text(letter)


__all__ = [
    "EXTENSIONS",
    "encode_docx",
    "encode_fhir",
    "encode_hl7",
    "encode_html",
    "encode_rtf",
    "encode_non_utf8",
    "encode_pdf",
    "encode_txt",
    "render_text",
]
