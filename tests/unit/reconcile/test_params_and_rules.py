"""Parameters are overridable by name; rules are plug-ins discovered by module."""

import subprocess
import sys

import pytest

from pars.reconcile.params import ReconcileParams
from pars.reconcile.rules import default_rules, rule_modules

FINDINGS = {
    "unevidenced_gp_referral",
    "consultant_to_consultant",
    "duplicate_attendance",
    "dna_charged",
    "procedure_mismatch",
    "unbilled_referral",
    "unknown_patient",
}


def test_all_seven_findings_are_default_rules():
    assert set(default_rules()) == FINDINGS


def test_every_rule_has_the_same_small_interface():
    for name, module in rule_modules().items():
        assert name == module.FINDING
        assert module.DESCRIPTION.endswith(".")
        assert isinstance(module.ENABLED_BY_DEFAULT, bool)
        assert callable(module.find)


def test_overrides_are_typed_from_their_defaults():
    params = ReconcileParams().with_overrides(
        {
            "referral_window_weeks": "30",
            "gp_referral_sources": "03,12",
            "flag_procedure_when_letter_has_none": "yes",
            "follow_up_ratio_caps": "110:2.5,*:3",
            "linkage.match_weight_threshold": "6.5",
        }
    )
    assert params.referral_window_weeks == 30
    assert params.gp_referral_sources == ("03", "12")
    assert params.flag_procedure_when_letter_has_none is True
    assert params.follow_up_ratio_caps == {"110": 2.5, "*": 3.0}
    assert params.linkage.match_weight_threshold == 6.5


@pytest.mark.parametrize("name", ["no_such_thing", "linkage.nope"])
def test_unknown_parameters_are_refused(name):
    with pytest.raises(ValueError, match="unknown"):
        ReconcileParams().with_overrides({name: "1"})


def test_params_from_json_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"unbilled_window_weeks": 20, "c2c_allowed_priorities": ["3"]}')
    params = ReconcileParams.from_file(path)
    assert params.unbilled_window_weeks == 20 and params.c2c_allowed_priorities == ("3",)


def test_pure_modules_do_not_import_django():
    code = (
        "import sys\n"
        "import pars.reconcile, pars.reconcile.rules, pars.reconcile.report, pars.reconcile.evaluate\n"
        "import pars.sus, pars.sus.reader, pars.reconcile.fakeworld\n"
        "pars.reconcile.rules.rule_modules()\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
