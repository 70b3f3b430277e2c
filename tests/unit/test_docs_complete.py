"""Docs that cannot drift: the CLI reference matches the parser; every setting is documented."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pytest

from pars.cli import build_parser
from pars.web import clidoc

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = ROOT / "docs" / "cli.md"
ENV_NAME = re.compile(r"\b(PARS_[A-Z0-9_]*[A-Z0-9])\b")


def _documented_python(text: str) -> str | None:
    match = re.search(r"with Python (\d+\.\d+)", text)
    return match.group(1) if match else None


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_cli_reference_is_up_to_date():
    """Exact match with what the parser prints (argparse layout varies by Python version)."""
    text = CLI_DOC.read_text(encoding="utf-8")
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if _documented_python(text) != running:
        pytest.skip("docs/cli.md was generated with another Python; structure checked below")
    assert text == clidoc.render(), (
        f"docs/cli.md is out of date with the `pars` parser: run `{clidoc.REGENERATE}`"
    )


def test_cli_reference_names_every_command_and_option():
    """Structural check, independent of the Python version's help layout."""
    sections = _sections(CLI_DOC.read_text(encoding="utf-8"))
    missing = []
    for prog, parser in clidoc.iter_parsers(build_parser()):
        if prog not in sections:
            missing.append(prog)
            continue
        missing += [f"{prog} {o}" for o in clidoc.option_strings(parser) if o not in sections[prog]]
    assert not missing, f"undocumented in docs/cli.md: {missing}; run `{clidoc.REGENERATE}`"


def test_renderer_lists_nested_commands_once_and_pins_the_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    parser = argparse.ArgumentParser(prog="tool", description="x " * 80)
    commands = parser.add_subparsers()
    outer = commands.add_parser("outer", aliases=["o"], help="an outer command")
    outer.add_argument("--flag", help="a flag")
    outer.add_subparsers().add_parser("inner", help="an inner command")
    text = clidoc.render(parser)
    assert re.findall(r"^## (.+)$", text, flags=re.M) == ["tool", "tool outer", "tool outer inner"]
    assert "--flag" in _sections(text)["tool outer"]
    body = text.split("```text", 1)[1]
    assert max(len(line) for line in body.splitlines()) > 40  # COLUMNS from the terminal ignored
    assert all(len(line) <= clidoc.WIDTH for line in body.splitlines())
    assert clidoc.render(parser) == text
    import os

    assert os.environ["COLUMNS"] == "40"  # restored afterwards


def _environment_variables() -> dict[str, list[str]]:
    """Every PARS_* name in the package source, with the files that name it."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "pars").rglob("*.py")):
        for name in set(ENV_NAME.findall(path.read_text(encoding="utf-8"))):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


ENVIRONMENT_VARIABLES = _environment_variables()


def test_settings_variables_are_found():
    """The scan must see what settings.py reads, or the checks below would pass vacuously."""
    assert {"PARS_DATA_DIR", "PARS_DATABASE_URL", "PARS_SECRET_KEY", "PARS_DEBUG"} <= set(
        ENVIRONMENT_VARIABLES
    )


@pytest.mark.parametrize("name", sorted(ENVIRONMENT_VARIABLES))
def test_environment_variable_is_in_dotenv_sample(name):
    sample = (ROOT / "dotenv-sample").read_text(encoding="utf-8")
    assert re.search(rf"^#?\s*{name}=", sample, flags=re.M), (
        f"{name} (read in {ENVIRONMENT_VARIABLES[name]}) is missing from dotenv-sample: "
        "add a commented NAME=default line"
    )


@pytest.mark.parametrize("name", sorted(ENVIRONMENT_VARIABLES))
def test_environment_variable_is_in_operations_doc(name):
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert re.search(rf"\b{name}\b", operations), (
        f"{name} (read in {ENVIRONMENT_VARIABLES[name]}) is missing from docs/operations.md"
    )


def test_portal_doc_lists_every_page():
    """Every portal URL (pars/web/urls.py) has a row in docs/portal.md's pages table."""
    import pars

    pars.setup_django()
    from django.urls import URLPattern

    from pars.web.urls import urlpatterns

    portal = (ROOT / "docs" / "portal.md").read_text(encoding="utf-8")
    routes = [
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", p.pattern._route)
        for p in urlpatterns
        if isinstance(p, URLPattern)
    ]
    assert len(routes) >= 5
    missing = [route for route in routes if f"| `{route}` |" not in portal]
    assert not missing, f"pages missing from docs/portal.md: {missing}"
