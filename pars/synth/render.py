"""Turning planned documents into files: renderer choice, formats, broken files, parallel writing.

The renderer is injected (interface 7: ``render_document(event, rng, *,
families)``) and breaks a document itself when ``event.broken`` says so;
``plain_renderer`` is a minimal, fast one for smoke worlds and
tests. Each document gets its own ``random.Random`` seeded from the world seed
and its id, so the bytes do not depend on which process renders it or in which
order: rendering can use every core and still be byte-identical per seed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pars.synth.model import DocumentEvent

NON_UTF8_TAIL = "\nDictated but not checked \u2013 please excuse any errors\n"
WRONG_EXTENSION = {"pdf": "docx", "docx": "pdf", "txt": "pdf", "hl7v2": "txt", "fhir": "txt"}


@dataclass(frozen=True, slots=True)
class PlainDocument:
    """What ``plain_renderer`` returns; same shape as the letters package's RenderedDocument."""

    content: bytes
    extension: str
    format: str
    style_family: str


def plain_renderer(event: DocumentEvent, rng: random.Random, *, families=None) -> PlainDocument:
    """A bare text letter stating the truth's facts: fast, for smoke worlds and tests only."""
    t = event.truth
    lines = [
        t["provider_name"] if t["direction"] == "incoming" else event.practice.name,
        f"Date: {t['letter_date']}",
        f"Re: {event.patient.person.full_name}  DOB {t['patient_birth_date']}  NHS No {t['nhs_number']}",
        f"Document: {t['document_type']}  Service: {event.specialty_name}",
    ]
    if t.get("event_date"):
        lines.append(f"Seen on: {t['event_date']}")
    for d in t["diagnoses"]:
        lines.append(f"Diagnosis: {d['text']} ({d['icd10']})")
    for p in t["procedures"]:
        lines.append(f"Procedure: {p['text']} ({p['opcs4']})")
    if t.get("urgency"):
        lines.append(f"Urgency: {t['urgency']}")
    if t.get("outcome"):
        lines.append(f"Outcome: {t['outcome']}")
    lines.append(f"Clinician: {t['clinician']}")
    content, extension = ("\n".join(lines) + "\n").encode("utf-8"), "txt"
    if event.broken:
        content, extension = break_document(content, extension, event.broken)
    return PlainDocument(content, extension, "txt", "plain")


def load_renderer() -> Callable | None:
    """The letters engineer's renderer when it is installed, else None."""
    try:
        from pars.synth.letters import render_document
    except ImportError:
        return None
    return render_document


def break_document(content: bytes, extension: str, kind: str) -> tuple[bytes, str]:
    if kind == "empty":
        return b"", extension
    if kind == "truncated_pdf":
        return content[: max(16, len(content) // 3)], extension
    if kind == "wrong_extension":
        return content, WRONG_EXTENSION.get(extension, "bin")
    if kind == "non_utf8":
        text = content.decode("utf-8", errors="replace") + NON_UTF8_TAIL
        return text.encode("cp1252", errors="replace"), extension
    raise ValueError(f"unknown breakage {kind!r}")


@dataclass(frozen=True, slots=True)
class Written:
    document_id: str
    file: str  # relative to the world folder
    sha256: str
    format: str
    style_family: str


_worker_state: dict = {}


def _init_worker(renderer: Callable, root: str, seed: int, families) -> None:
    _worker_state.update(renderer=renderer, root=root, seed=seed, families=families)


def _render_one(event: DocumentEvent) -> Written:
    state = _worker_state
    rng = random.Random(f"{state['seed']}:{event.document_id}")
    rendered = state["renderer"](event, rng, families=state["families"])
    content, extension = rendered.content, rendered.extension
    relative = f"documents/{event.practice.code}/{event.document_id}.{extension}"
    path = Path(state["root"]) / relative
    path.write_bytes(content)
    return Written(
        event.document_id,
        relative,
        hashlib.sha256(content).hexdigest(),
        rendered.format,
        rendered.style_family,
    )


def render_all(
    events: list[DocumentEvent],
    root: Path,
    renderer: Callable,
    seed: int,
    families,
    *,
    jobs: int = 1,
    progress: Callable[[Iterable], Iterable] | None = None,
) -> Iterator[Written]:
    """Render and write every event, in order; ``jobs`` > 1 renders in worker processes."""
    for code in sorted({e.practice.code for e in events}):
        (root / "documents" / code).mkdir(parents=True, exist_ok=True)
    wrap = progress or (lambda items: items)
    if jobs <= 1 or len(events) < 500:
        _init_worker(renderer, str(root), seed, families)
        yield from wrap(map(_render_one, events))
        return
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(jobs, _init_worker, (renderer, str(root), seed, families)) as pool:
        yield from wrap(pool.imap(_render_one, events, chunksize=64))
