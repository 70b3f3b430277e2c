"""The whole engine on a generated world with planted findings, clean and with SUS noise."""

import json

import pytest

from pars.reconcile import ReconcileInput, reconcile
from pars.reconcile.documents import load_coded_jsonl
from pars.reconcile.evaluate import score
from pars.reconcile.fakeworld import make_world
from pars.reconcile.patients import load_patient_lists
from pars.sus.reader import read_sus_file
from tests.unit.reconcile.builders import fixed_price


@pytest.mark.slow
@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_precision_and_recall_per_type(tmp_path, noise):
    world = make_world(tmp_path, patients=1500, nhs_noise=noise, seed=11)
    outpatients, _ = read_sus_file(world.outpatients, "outpatient")
    admissions, _ = read_sus_file(world.admissions, "admission")
    data = ReconcileInput(
        outpatients, admissions, load_coded_jsonl(world.coded), load_patient_lists(world.patients)
    )
    found = [f.to_json() for f in reconcile(data, price=fixed_price).findings]
    truth = [json.loads(line) for line in world.truth.read_text().splitlines()]
    scores = score(found, truth)
    assert len(scores) == 7
    for s in scores.values():
        assert s.precision >= 0.98 and s.recall >= 0.98, s
