"""Varied events (built-in samples, hypothesis, and the world's catalogue) keep every truth fact."""

from __future__ import annotations

import argparse
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.synth.letters import render_document, render_text, style_families
from pars.synth.letters.samples import SCENARIOS, sample_event, sample_events
from pars.synth.model import Condition, Procedure
from tests.unit.synth_letters.helpers import missing_facts


def test_every_sample_scenario_keeps_its_facts() -> None:
    for event in sample_events(len(SCENARIOS) * 8, seed=5):
        text, family = render_text(event, random.Random(event.document_id))
        assert missing_facts(text, event) == [], (family, text)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    scenario=st.integers(min_value=0, max_value=len(SCENARIOS) - 1),
    family=st.sampled_from([f.name for f in style_families()]),
)
def test_any_seed_and_family_keeps_facts_and_is_deterministic(
    seed: int, scenario: int, family: str
) -> None:
    event = sample_event(seed % 1000, random.Random(seed), scenario=scenario)
    names = (
        [family]
        if event.truth["document_type"]
        in dict((f.name, f.document_types) for f in style_families())[family]
        else None
    )
    first = render_document(event, random.Random(seed), families=names)
    second = render_document(event, random.Random(seed), families=names)
    assert first == second
    text = first.content.decode("utf-8-sig")
    assert missing_facts(text, event) == [], text


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip()), seed=st.integers(0, 10_000)
)
def test_unknown_codes_fall_back_to_the_events_own_words(text: str, seed: int) -> None:
    """Any code renders: a code missing from the lexicon is written with the event's text."""
    event = sample_event(seed, random.Random(seed), scenario=6)
    event.diagnoses = [Condition("X99.9", text)]
    event.procedures = [Procedure("Z99.9", text)]
    rendered, _ = render_text(event, random.Random(seed))
    squashed = " ".join(rendered.split()).lower()
    assert " ".join(text.split()).lower()[1:] in squashed


def test_catalogue_conditions_and_procedures_all_render() -> None:
    catalogue = pytest.importorskip("pars.synth.catalogue")
    conditions = catalogue.all_conditions()
    procedures = [option.procedure for option in catalogue.all_procedures()]
    rng = random.Random(3)
    for i, condition in enumerate(conditions):
        event = sample_event(i, rng, scenario=6)
        event.diagnoses = [condition]
        event.procedures = [procedures[i % len(procedures)]]
        text, family = render_text(event, random.Random(i))
        assert missing_facts(text, event) == [], (family, condition, text)


def test_benchmark_reports_rates() -> None:
    from pars.bench import synth_letters

    figures = synth_letters.run(
        argparse.Namespace(formats="txt,fhir", scale=0.005, seed=1, repeats=1)
    )
    assert set(figures["formats"]) == {"txt", "fhir"}
    assert figures["formats"]["txt"]["documents"] == 25
    assert figures["formats"]["txt"]["documents_per_cpu_s"] > 0
    assert figures["dacorum_year_txt_only_cpu_minutes_one_process"] > 0


@pytest.mark.slow
def test_real_world_events_keep_every_fact_in_every_format() -> None:
    """Events from the world simulator itself (when it is installed), in every format."""
    from datetime import date

    world_module = pytest.importorskip("pars.synth.world")
    from pars.synth.config import WorldConfig
    from pars.synth.pricing import TariffPricer
    from tests.unit.synth_letters.test_formats import READERS

    config = WorldConfig(practices=1, patients=400, months=6, seed=5, end_date=date(2025, 9, 30))
    world = world_module.build_world(config, TariffPricer())
    events = [world_module.to_event(world, doc) for doc in world.documents]
    assert len(events) > 50
    for i, event in enumerate(events):
        fmt = ("txt", "pdf", "docx", "hl7v2", "fhir", "html", "rtf")[i % 7]
        event.file_format, event.broken = fmt, None
        doc = render_document(event, random.Random(f"5:{event.document_id}"))
        text = READERS[fmt](doc.content)
        assert missing_facts(text, event) == [], (doc.style_family, fmt, text)
