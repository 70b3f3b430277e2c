"""The coding engine with injected fakes (interface 6), plus one run with the real modules."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pars.coding.engine import (
    CODED_FIELDS,
    STATED_CONFIDENCE,
    CodingEngine,
    code_paths,
    expand_paths,
)
from pars.coding.types import Extracted

NHS = "9434765919"
SECTION_1_KEYS = ["file", "sha256", "format", "error", *CODED_FIELDS, "confidence"]


def fake_extract(text: str, hints: dict | None = None) -> dict[str, Extracted]:
    """Finds what a test letter spells out as 'key=value' lines."""
    found: dict[str, Extracted] = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key == "diagnoses":
            found[key] = Extracted([{"icd10": v, "text": "t"} for v in value.split(",")], 0.7, None)
        elif key == "procedures":
            found[key] = Extracted([{"opcs4": v, "text": "t"} for v in value.split(",")], 0.6, None)
        elif key and value:
            found[key] = Extracted(value, 0.5, None)
    return found


def fake_classify(
    text: str, extracted: dict[str, Extracted], hints: dict | None = None
) -> dict[str, Extracted]:
    """Classifies by keywords, and records what it was given so tests can check the hand-over."""
    seen_nhs = extracted.get("nhs_number").value if "nhs_number" in extracted else None
    return {
        "document_type": Extracted("referral" if "refer" in text else "clinic_letter", 0.9, None),
        "direction": Extracted("outgoing" if "refer" in text else "incoming", 0.8, None),
        "urgency": Extracted("urgent", 0.75, None),
        "outcome": Extracted("discharged", 0.65, None),
        "specialty_tfc": Extracted("110", 0.85, None),
        "service_type": Extracted(
            f"seen-{seen_nhs}" if seen_nhs == "check" else "outpatient", 0.9, None
        ),
    }


def exploding_extract(text: str, hints: dict | None = None) -> dict[str, Extracted]:
    raise ValueError("extractor bug")


ENGINE = CodingEngine(extractor=fake_extract, classifier=fake_classify)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_every_section_1_key_is_present_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path, "E82031/letter-1.txt", f"please refer\nnhs_number={NHS}\nletter_date=2025-03-01"
    )
    document = ENGINE.code_path(path)
    assert list(document)[: len(SECTION_1_KEYS)] == SECTION_1_KEYS
    assert document["file"] == str(path)
    assert document["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document["format"] == "txt"
    assert document["error"] is None
    assert document["document_id"] == "letter-1"
    assert document["practice_code"] == "E82031"
    assert document["nhs_number"] == NHS
    assert document["letter_date"] == "2025-03-01"
    assert document["document_type"] == "referral"
    json.dumps(document)  # serialisable as is


def test_confidence_for_every_non_null_field_only(tmp_path: Path) -> None:
    document = ENGINE.code_path(
        write(tmp_path, "a.txt", f"please refer\nnhs_number={NHS}\ndiagnoses=K40.9")
    )
    non_null = {k for k in CODED_FIELDS if document[k] not in (None, [])}
    assert set(document["confidence"]) == non_null
    assert document["confidence"]["nhs_number"] == 0.5
    assert document["confidence"]["diagnoses"] == 0.7
    assert document["procedures"] == [] and "procedures" not in document["confidence"]


def test_invalid_values_become_null_not_wrong(tmp_path: Path) -> None:
    text = "\n".join([
        "nhs_number=9434765918",  # bad check digit
        "letter_date=2025-02-30",  # impossible date
        "event_date=yesterday",
        "provider_code=not an ods code",
        "diagnoses=K40.9,NOTACODE,K409",  # invalid dropped, duplicate folded
        "procedures=T20.2",
    ])  # fmt: skip
    document = ENGINE.code_path(write(tmp_path, "a.txt", text))
    assert document["nhs_number"] is None and "nhs_number" not in document["confidence"]
    assert document["letter_date"] is None and document["event_date"] is None
    assert document["provider_code"] is None
    assert document["diagnoses"] == [{"icd10": "K40.9", "text": "t"}]
    assert document["procedures"] == [{"opcs4": "T20.2", "text": "t"}]


def test_unknown_enum_values_are_dropped(tmp_path: Path) -> None:
    def odd_classifier(text, extracted, hints=None):
        return {"document_type": Extracted("memo", 0.9), "direction": Extracted("sideways", 0.9)}

    engine = CodingEngine(extractor=fake_extract, classifier=odd_classifier)
    document = engine.code_path(write(tmp_path, "a.txt", "hello"))
    assert document["document_type"] is None and document["direction"] is None
    assert document["confidence"] == {}


def test_urgency_only_for_referrals_and_outcome_only_for_incoming(tmp_path: Path) -> None:
    referral = ENGINE.code_path(write(tmp_path, "r.txt", "please refer"))
    assert referral["urgency"] == "urgent"
    assert referral["outcome"] is None and "outcome" not in referral["confidence"]
    letter = ENGINE.code_path(write(tmp_path, "l.txt", "seen in clinic"))
    assert letter["urgency"] is None and "urgency" not in letter["confidence"]
    assert letter["outcome"] == "discharged"


def test_fields_stated_by_the_format_win_and_reach_the_classifier(tmp_path: Path) -> None:
    hl7 = (
        "MSH|^~\\&|EPR|RWG|GP|E82031|20250301||ORU^R01|1|P|2.4\r"
        f"PID|1||{NHS}^^^NHS^NH||Smith^John||19600102\r"
        "OBX|1|TX|||nhs_number=4010232137\r"  # the text says another (valid) number
        "OBX|2|TX|||please refer\r"
    )
    seen: dict = {}

    def spying_classifier(text, extracted, hints=None):
        seen["nhs"] = extracted["nhs_number"].value
        seen["hints"] = hints
        return fake_classify(text, extracted, hints)

    engine = CodingEngine(extractor=fake_extract, classifier=spying_classifier)
    document = engine.code_path(write(tmp_path, "msg.hl7", hl7))
    assert document["format"] == "hl7v2"
    assert document["nhs_number"] == NHS
    assert document["confidence"]["nhs_number"] == STATED_CONFIDENCE
    assert (
        document["document_type"] == "diagnostic_report"
    )  # stated by ORU, not the classifier's "referral"
    assert document["patient_birth_date"] == "1960-01-02"
    assert document["practice_code"] == "E82031"  # from the receiving facility
    assert seen["nhs"] == NHS
    assert seen["hints"]["format"] == "hl7v2"


def test_unreadable_file_gets_a_line_with_error_and_nulls(tmp_path: Path) -> None:
    document = ENGINE.code_path(write(tmp_path, "E82031/broken.pdf", b"%PDF-1.4 truncated"))
    assert document["error"].startswith("damaged or truncated PDF")
    assert document["format"] == "pdf"
    assert all(document[k] in (None, []) for k in CODED_FIELDS)
    assert document["confidence"] == {}
    assert document["practice_code"] == "E82031"
    assert document["sha256"] == hashlib.sha256(b"%PDF-1.4 truncated").hexdigest()


def test_missing_file_gets_a_line(tmp_path: Path) -> None:
    document = ENGINE.code_path(tmp_path / "gone.txt")
    assert document["error"] == "file not found"
    assert document["sha256"] is None


def test_a_crashing_extractor_does_not_stop_the_batch(tmp_path: Path) -> None:
    engine = CodingEngine(extractor=exploding_extract, classifier=fake_classify)
    document = engine.code_path(write(tmp_path, "a.txt", "hello"))
    assert document["error"] == "coding failed (ValueError)"
    assert document["document_type"] is None


def test_expand_paths_recurses_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a/10.txt", "a/9.txt", ".git/x", "a/.DS_Store", "c.txt"]:
        write(tmp_path, name, "x")
    found = [str(Path(p).relative_to(tmp_path)) for p in expand_paths([tmp_path])]
    assert found == ["a/10.txt", "a/9.txt", "b/2.txt", "c.txt"]
    single = tmp_path / "c.txt"
    assert expand_paths([single, tmp_path / "b"]) == [str(single), str(tmp_path / "b" / "2.txt")]


def test_code_paths_streams_in_input_order_with_two_processes(tmp_path: Path) -> None:
    for index in range(12):
        write(tmp_path, f"E82031/{index:02d}.txt", f"letter {index}\nnhs_number={NHS}")
    write(tmp_path, "E82031/05b.txt", b"")  # an unreadable one in the middle
    serial = list(ENGINE.code_paths([tmp_path], jobs=1))
    parallel = list(ENGINE.code_paths([tmp_path], jobs=2))
    assert [d["file"] for d in parallel] == [d["file"] for d in serial]
    assert parallel == serial
    assert [d["document_id"] for d in serial][:7] == ["00", "01", "02", "03", "04", "05", "05b"]
    assert serial[6]["error"] == "empty file"


def test_module_level_code_paths_uses_the_given_engine(tmp_path: Path) -> None:
    write(tmp_path, "x.txt", "please refer")
    [document] = code_paths([tmp_path], engine=ENGINE)
    assert document["document_type"] == "referral"


def test_end_to_end_with_the_real_extractor_and_classifier(tmp_path: Path) -> None:
    from pars.coding.engine import code_path

    letter = (
        "High Street Surgery, E82031\n"
        "1 March 2025\n\n"
        "Dear Colleague,\n\n"
        "Re: John Smith, DOB 02/01/1960, NHS No: 943 476 5919\n\n"
        "I would be grateful if you could see this man with a painful right inguinal hernia.\n\n"
        "Yours sincerely,\nDr Sarah Okafor\n"
    )
    document = code_path(write(tmp_path, "E82031/ref-1.txt", letter))
    assert document["error"] is None
    assert document["nhs_number"] == NHS
    assert document["patient_birth_date"] == "1960-01-02"
    assert set(document["confidence"]) == {k for k in CODED_FIELDS if document[k] not in (None, [])}


def test_engine_readers_and_command_do_not_import_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pars.coding.engine, pars.coding.readers, pars.commands.code, pars.bench\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_code_paths_streams_one_document_at_a_time(tmp_path: Path) -> None:
    first = write(tmp_path, "1.txt", "first letter")
    second = write(tmp_path, "2.txt", "second letter")
    documents = ENGINE.code_paths([tmp_path], jobs=1)
    assert next(documents)["file"] == str(first)
    second.unlink()  # read only when its turn comes, so this must show
    assert next(documents)["error"] == "file not found"
