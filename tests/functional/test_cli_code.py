"""`pars code` end to end, in-process through pars.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pars.cli import main

SECTION_1_KEYS = {
    "file", "sha256", "format", "error", "document_type", "direction", "letter_date", "event_date",
    "nhs_number", "patient_birth_date", "patient_name", "clinician", "provider_code", "provider_name",
    "specialty_tfc", "urgency", "service_type", "diagnoses", "procedures", "outcome", "confidence",
}  # fmt: skip
LETTER = (
    "Dear Dr Okafor\nRe: John Smith NHS No: 943 476 5919\nSeen in clinic for an inguinal hernia.\n"
)


def make_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "documents" / "E82031"
    folder.mkdir(parents=True)
    (folder / "a-letter.txt").write_text(LETTER, encoding="utf-8")
    (folder / "b-broken.pdf").write_bytes(b"%PDF-1.7 this is not really a pdf")
    (folder / "c-letter.pdf").write_bytes(make_pdf(LETTER))
    (folder / "d-junk.docx").write_bytes(bytes(range(256)) * 4)
    return tmp_path / "documents"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    code = main(argv)
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    return code, lines, captured.err


def test_codes_a_folder_in_order_with_bad_files_among_good(letters: Path, capsys) -> None:
    code, lines, _ = run(["code", str(letters), "--jsonl"], capsys)
    assert code == 0
    assert [Path(d["file"]).name for d in lines] == [
        "a-letter.txt",
        "b-broken.pdf",
        "c-letter.pdf",
        "d-junk.docx",
    ]
    for document in lines:
        assert set(document) >= SECTION_1_KEYS
        assert document["practice_code"] == "E82031"
    good, broken, pdf, junk = lines
    assert good["error"] is None and good["format"] == "txt"
    assert pdf["error"] is None and pdf["format"] == "pdf"
    assert broken["error"].startswith("damaged or truncated PDF")
    assert junk["error"].startswith("not a DOCX file despite its name")
    for bad in (broken, junk):
        assert bad["document_type"] is None and bad["diagnoses"] == [] and bad["confidence"] == {}


def test_one_line_per_document_even_with_newlines_in_values(letters: Path, capsys) -> None:
    main(["code", str(letters), "--jsonl"])
    out = capsys.readouterr().out
    assert out.count("\n") == 4


def test_exit_code_is_one_only_when_every_file_failed(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02" * 50)
    code, lines, _ = run(["code", str(tmp_path), "--jsonl"], capsys)
    assert code == 1
    assert [d["error"] for d in lines] == ["empty file", "binary data, not a text document"]


def test_files_and_folders_keep_the_order_given(letters: Path, capsys) -> None:
    single = letters / "E82031" / "c-letter.pdf"
    code, lines, _ = run(
        ["code", str(single), str(letters / "E82031" / "a-letter.txt"), "--jsonl"], capsys
    )
    assert code == 0
    assert [d["file"] for d in lines] == [str(single), str(letters / "E82031" / "a-letter.txt")]


def test_two_jobs_give_the_same_lines_as_one(letters: Path, capsys) -> None:
    _, serial, _ = run(["code", str(letters), "--jsonl"], capsys)
    _, parallel, _ = run(["code", str(letters), "--jsonl", "--jobs", "2"], capsys)
    assert parallel == serial


def test_progress_goes_to_stderr(letters: Path, capsys) -> None:
    code, lines, err = run(["code", str(letters), "--jsonl", "--progress"], capsys)
    assert len(lines) == 4
    assert "coded 2 of 4 documents (2 unreadable)" in err


def test_missing_path_is_a_user_error(tmp_path: Path, capsys) -> None:
    code = main(["code", str(tmp_path / "nope"), "--jsonl"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"pars code: no such file or folder: {tmp_path / 'nope'}"


def test_empty_folder_is_a_user_error(tmp_path: Path, capsys) -> None:
    assert main(["code", str(tmp_path), "--jsonl"]) == 2
    assert "no files found" in capsys.readouterr().err


def test_bench_lists_and_refuses_unknown_benchmarks(capsys) -> None:
    from pars.bench import available

    assert "code" in available()
    assert main(["bench", "no-such-bench"]) == 2
    assert "no benchmark called 'no-such-bench'" in capsys.readouterr().err


@pytest.mark.slow
def test_bench_code_reports_rates_not_verdicts(tmp_path: Path, capsys) -> None:
    saved = tmp_path / "figures.json"
    argv = [
        "bench",
        "--save",
        str(saved),
        "code",
        "--letters",
        "4",
        "--formats",
        "txt",
        "--jobs",
        "1",
    ]
    assert main(argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures == json.loads(saved.read_text())
    txt = figures["formats"]["txt"]
    assert txt["letters"] == 4 and txt["unreadable"] == 0
    assert txt["coded_per_s_jobs1"] > 0 and txt["read_only_per_s"] > 0
    assert figures["dacorum_year"]["letters"] == 375_000
    assert figures["dacorum_year"]["txt"]["minutes"] > 0
    assert not any("pass" in key or "fail" in key for key in figures)
