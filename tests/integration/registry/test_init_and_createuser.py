"""`pars init` (reference data) and `pars createuser`, in-process."""

import io

import pytest
from django.contrib.auth import get_user_model

from pars.audit.models import AuditEvent
from pars.cli import main
from pars.refdata import load_opcs4, load_providers, load_tfcs
from pars.refdata.models import Diagnosis, FinancialYear, Procedure, TreatmentFunction
from pars.registry.models import Provider
from tests.factories.registry import ProviderFactory

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-42"


def test_init_loads_reference_data_and_is_idempotent(capsys):
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert f"treatment functions: {len(load_tfcs())}" in out
    assert f"OPCS-4 procedures: {len(load_opcs4())}" in out
    assert TreatmentFunction.objects.get(code="110").kind == "acute"
    assert Procedure.objects.get(code="W37.1").title.startswith("Primary total prosthetic")
    assert Diagnosis.objects.get(code="K40.9").title.startswith("Unilateral or unspecified")
    assert Diagnosis.objects.count() > 10000
    assert FinancialYear.objects.filter(label="2025/26").exists()
    assert Provider.objects.filter(source="refdata").count() == len(load_providers())
    counts = [m.objects.count() for m in (TreatmentFunction, Procedure, Diagnosis, Provider)]

    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "(0 added, 0 refreshed)" in out
    assert [
        m.objects.count() for m in (TreatmentFunction, Procedure, Diagnosis, Provider)
    ] == counts


def test_init_refreshes_reference_providers_but_not_imported_ones(capsys):
    ProviderFactory(code="RWG", name="Our local name for RWG", source="import")
    ProviderFactory(code="RAL", name="Old name", site_names=[], source="refdata")
    TreatmentFunction.objects.create(code="998", name="Withdrawn", kind="other")
    assert main(["init"]) == 0
    assert Provider.objects.get(code="RWG").name == "Our local name for RWG"
    assert Provider.objects.get(code="RAL").name == "Royal Free London NHS Foundation Trust"
    assert "Barnet Hospital" in Provider.objects.get(code="RAL").site_names
    assert not TreatmentFunction.objects.filter(code="998").exists()


def test_createuser_with_password_on_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    assert main(["createuser", "alice", "--email", "alice@example.org", "--password-stdin"]) == 0
    assert "created user alice" in capsys.readouterr().out
    alice = get_user_model().objects.get(username="alice")
    assert alice.check_password(STRONG)
    assert alice.email == "alice@example.org"
    assert not alice.is_staff and not alice.is_superuser
    event = AuditEvent.objects.get(action="user.create")
    assert event.target_id == str(alice.pk)
    assert event.detail == {"username": "alice", "superuser": False}


def test_createuser_superuser(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    assert main(["createuser", "admin", "--superuser", "--password-stdin"]) == 0
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_createuser_without_terminal_or_stdin_password_makes_an_unusable_password(
    monkeypatch, capsys
):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["createuser", "bob"]) == 0
    assert "no password set" in capsys.readouterr().out
    assert not get_user_model().objects.get(username="bob").has_usable_password()


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (["createuser", "carol", "--password-stdin"], "short\n", "too short"),
        (["createuser", "carol", "--password-stdin"], "\n", "no password on standard input"),
        (["createuser", "carol", "--email", "not-an-email"], "", "is not an e-mail address"),
        (["createuser", "  "], "", "the username is empty"),
    ],
)
def test_createuser_user_errors(monkeypatch, capsys, argv, stdin, words):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not get_user_model().objects.filter(username="carol").exists()


def test_createuser_refuses_an_existing_user(monkeypatch, capsys):
    get_user_model().objects.create_user("dave")
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG + "\n"))
    assert main(["createuser", "dave", "--password-stdin"]) == 2
    assert "already exists" in capsys.readouterr().err
