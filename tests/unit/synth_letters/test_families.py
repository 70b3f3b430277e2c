"""Every style family writes every document type it declares, with every truth fact findable."""

from __future__ import annotations

import random

import pytest

from pars.synth.letters import render_document, render_text, style_families
from tests.unit.synth_letters.events import SCENARIOS, make_event
from tests.unit.synth_letters.helpers import missing_facts

CASES = [(f.name, dt) for f in style_families() for dt in f.document_types]


def test_at_least_fourteen_families_in_several_groups() -> None:
    families = style_families()
    assert len(families) >= 14
    assert len({f.name for f in families}) == len(families)
    assert len({f.group for f in families}) >= 5
    for doc_type in ("referral", "clinic_letter", "discharge_summary", "diagnostic_report"):
        assert sum(doc_type in f.document_types for f in families) >= 2, doc_type


@pytest.mark.parametrize(("family", "document_type"), CASES)
def test_family_renders_declared_type_with_truth_facts(family: str, document_type: str) -> None:
    for seed in range(6):
        event = make_event(document_type, seed=seed, style_family=family)
        doc = render_document(event, random.Random(seed))
        assert doc.style_family == family
        text = doc.content.decode("utf-8-sig")
        assert missing_facts(text, event) == [], text


@pytest.mark.parametrize("document_type", sorted(SCENARIOS))
def test_chosen_family_declares_the_document_type(document_type: str) -> None:
    declared = {f.name: f.document_types for f in style_families()}
    seen = set()
    for seed in range(40):
        event = make_event(document_type, seed=seed)
        doc = render_document(event, random.Random(seed))
        assert document_type in declared[doc.style_family]
        seen.add(doc.style_family)
    if document_type in {"referral", "clinic_letter", "discharge_summary"}:
        assert len(seen) >= 2  # the renderer varies the family


def test_families_argument_restricts_choice() -> None:
    event = make_event("referral", seed=2)
    for seed in range(10):
        doc = render_document(
            event, random.Random(seed), families=["emis_templated_referral", "proforma_referral"]
        )
        assert doc.style_family in {"emis_templated_referral", "proforma_referral"}


def test_unknown_family_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown style families"):
        render_document(make_event("referral"), random.Random(1), families=["no_such_family"])


@pytest.mark.parametrize(
    ("urgency", "cue"), [("two_week_wait", "2"), ("urgent", "urgent"), ("routine", "routine")]
)
def test_referral_urgency_is_stated(urgency: str, cue: str) -> None:
    for family in (
        "ers_structured_referral",
        "proforma_referral",
        "emis_templated_referral",
        "systmone_templated_referral",
        "imaging_request_form",
    ):
        event = make_event("referral", seed=4, style_family=family, urgency=urgency)
        text, _ = render_text(event, random.Random(4))
        assert cue in text.lower(), (family, text)


def test_missing_nhs_number_is_not_invented() -> None:
    event = make_event("clinic_letter", seed=5, nhs=None)
    text, _ = render_text(event, random.Random(5))
    assert event.patient.nhs_number not in text.replace(" ", "").replace("-", "")


def test_negations_never_contradict_the_diagnosis() -> None:
    from pars.synth.model import Condition

    for seed in range(30):
        event = make_event("clinic_letter", seed=seed)
        event.diagnoses = [Condition("C50.9", "malignant neoplasm of breast")]
        event.negated = [Condition("C80.9", "malignancy")]
        text, _ = render_text(event, random.Random(seed))
        lowered = text.lower()
        assert "no evidence of malignancy" not in lowered and "no malignancy" not in lowered
        assert "no red flag" not in lowered


def test_every_document_type_has_families_in_two_groups() -> None:
    for doc_type in (
        "referral",
        "clinic_letter",
        "discharge_summary",
        "diagnostic_report",
        "other",
    ):
        groups = {f.group for f in style_families() if doc_type in f.document_types}
        assert len(groups) >= 2, (doc_type, groups)


def test_docs_list_every_family_with_its_types_and_group() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[3] / "docs" / "synthetic-letters.md").read_text()
    for f in style_families():
        row = f"| `{f.name}` | {', '.join(f.document_types)} | {f.group} |"
        assert row in page, row


def test_two_week_wait_proforma_ticks_only_the_matching_criterion() -> None:
    from pars.synth.letters.samples import sample_event

    event = sample_event(1, random.Random(1), scenario=1)  # 2WW breast lump (N63)
    event.style_family = "proforma_referral"
    for seed in range(10):
        text, _ = render_text(event, random.Random(seed))
        lines = [
            line
            for line in text.splitlines()
            if "aged 30 and over" in line or "aged 50 and over" in line
        ]
        ticked = [line for line in lines if line.startswith(("[X]", "[x]", "(X)", "Yes"))]
        assert len(lines) == 3
        assert len(ticked) == 1 and "breast lump" in ticked[0]


def test_history_never_contradicts_the_diagnosis_and_podiatrists_sign_as_podiatrists() -> None:
    from pars.synth.model import Condition

    for seed in range(20):
        event = make_event("clinic_letter", seed=seed, style_family="physio_assessment")
        event.specialty_tfc, event.specialty_name = "653", "Podiatry"
        event.diagnoses = [Condition("E10.9", "type 1 diabetes mellitus")]
        event.history = [Condition("E11.9", "type 2 diabetes mellitus")]
        text, _ = render_text(event, random.Random(seed))
        assert "type 2" not in text.lower() and "t2dm" not in text.lower()
        assert "physiotherapist" not in text.lower() and "mcsp" not in text.lower()


def test_family_names_make_disjoint_held_out_splits() -> None:
    from pars.synth.letters import family_names

    held_out = family_names(groups=["dictation", "patient_letter"])
    train = family_names(exclude_groups=["dictation", "patient_letter"])
    assert set(held_out) == {"dictation_transcript", "patient_addressed_clinic_letter"}
    assert not set(held_out) & set(train)
    assert sorted(held_out + train) == sorted(f.name for f in style_families())
    with pytest.raises(ValueError, match="unknown family groups: nope"):
        family_names(groups=["nope"])


@pytest.mark.parametrize(
    "family",
    [
        "edischarge_structured",
        "discharge_narrative_letter",
        "dictation_transcript",
        "ed_attendance_summary",
    ],
)
def test_emergency_department_attendances_are_never_called_admissions(family: str) -> None:
    for seed in range(15):
        event = make_event(
            "discharge_summary", seed=seed, style_family=family, service_type="emergency"
        )
        event.procedures = []
        text, _ = render_text(event, random.Random(seed))
        assert "admitted" not in text.lower() and "admission" not in text.lower(), text


def test_a_trusts_template_keeps_its_headings_across_letters() -> None:
    from dataclasses import replace

    def headings(event) -> str:
        text, _ = render_text(event, random.Random(event.document_id))
        return next(
            line for line in text.splitlines() if line.lower().startswith(("diagnos", "problem"))
        )

    seen_by_trust: dict[str, set[str]] = {}
    for seed in range(24):
        event = make_event("clinic_letter", seed=seed, style_family="clinic_headed_template")
        code = ("RWG", "RAL", "RWH", "RC9")[seed % 4]
        event.provider = replace(event.provider, code=code)
        event.truth["provider_code"] = code
        seen_by_trust.setdefault(code, set()).add(headings(event).split()[0].rstrip(":").lower())
    assert all(len(labels) == 1 for labels in seen_by_trust.values()), seen_by_trust
    assert len(set().union(*seen_by_trust.values())) >= 2  # but trusts differ from each other


def test_reports_and_notes_only_where_they_make_sense() -> None:
    from pars.synth.letters.samples import sample_event

    for seed in range(60):
        scan = sample_event(seed, random.Random(seed), scenario=14)  # ultrasound report
        scope = sample_event(seed, random.Random(seed), scenario=15)  # OGD report
        clinic = sample_event(seed, random.Random(seed), scenario=6)  # T&O clinic letter
        referral = sample_event(seed, random.Random(seed), scenario=0)  # outpatient referral
        assert render_document(scan, random.Random(seed)).style_family != "endoscopy_report"
        assert render_document(scope, random.Random(seed)).style_family == "endoscopy_report"
        assert (
            render_document(clinic, random.Random(seed)).style_family
            != "practice_minor_surgery_note"
        )
        assert render_document(referral, random.Random(seed)).style_family != "imaging_request_form"


def test_endoscopy_biopsies_only_when_the_code_says_so() -> None:
    from pars.synth.model import Procedure

    for code, biopsy in (("G45.9", False), ("G45.1", True)):
        for seed in range(8):
            event = make_event("diagnostic_report", seed=seed, style_family="endoscopy_report")
            event.procedures = [Procedure(code, "oesophagogastroduodenoscopy")]
            text, _ = render_text(event, random.Random(seed))
            assert ("Biopsies" in text) is biopsy, text
