"""The costing benchmark runs on a tiny world folder; the costing cores stay Django-free."""

import argparse
import json
import subprocess
import sys

from pars.bench import cost as bench_cost
from tests.unit.costing.docs import coded


def _world(root):
    (root / "truth").mkdir(parents=True)
    (root / "sus").mkdir()
    records = [
        coded("r1", "referral", "2025-01-10"),
        coded("c1", "clinic_letter", "2025-02-10", outcome="follow_up"),
        coded("c2", "clinic_letter", "2025-05-10", outcome="discharged"),
    ]
    (root / "truth" / "documents.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (root / "truth" / "pathways.csv").write_text(
        "pathway_id,kind,referral_document_id,letter_document_ids,sus_record_ids,never_billed\n"
        "T1,gp_referral,r1,c1|c2,A1|A2,0\n"
    )
    (root / "sus" / "sus_outpatients.csv").write_text(
        "attendance_id,appointment_date,tariff_price\nA1,2025-02-10,190\nA2,2025-05-10,100\n"
    )


def test_bench_reports_links_accruals_and_rate(tmp_path):
    _world(tmp_path)
    parser = argparse.ArgumentParser()
    bench_cost.add_arguments(parser)
    args = parser.parse_args(
        ["--world", str(tmp_path), "--cut-off", "2025-03-01", "--documents", "30"]
    )
    report = bench_cost.run(args)
    assert report["links"]["recall"] == 1.0 and report["links"]["right"] == 2
    accruals = report["accruals"]["shipped"]
    assert accruals["open_referrals_accrued"] == 1 and accruals["billed_after_cut_off_gbp"] == 100.0
    assert report["rate"]["documents"] == 30 and report["rate"]["pathways"] == 10


def test_costing_cores_do_not_import_django():
    code = (
        "import sys, pars.tariff, pars.pathways, pars.costing, pars.costing.evaluation\n"
        "assert 'django' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
