"""Render a synthetic ``DocumentEvent`` as a realistic document file.

``render_document(event, rng)`` picks a style family that writes the event's
document type (honouring ``event.style_family`` when the world chose one),
writes every truth fact in that family's words and layout, and encodes the
result in ``event.file_format`` (txt, pdf, docx, hl7v2, fhir, html, rtf), or breaks it as
``event.broken`` says. Output depends only on the event and the rng state, so a
seeded world is byte-identical on every run.

Only synthetic data, ever. The coding engine must not read this package's
lexicon or templates (it is measured on letters written by other people).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from pars.synth.letters import formats, variants
from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families import BY_NAME, FAMILIES, StyleFamily
from pars.synth.model import DocumentEvent

__all__ = [
    "RenderedDocument",
    "StyleFamily",
    "family_names",
    "render_document",
    "render_text",
    "style_families",
]

FILE_FORMATS: tuple[str, ...] = ("txt", "pdf", "docx", "hl7v2", "fhir", "html", "rtf")
BROKEN_KINDS: tuple[str, ...] = ("empty", "truncated_pdf", "wrong_extension", "non_utf8")


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    content: bytes
    extension: str  # without the dot; for "wrong_extension" deliberately not the content's
    format: str  # what the bytes really are: txt, pdf, docx, hl7v2, fhir
    style_family: str


def style_families() -> list[StyleFamily]:
    """Every style family, with the document types it writes and its evaluation group."""
    return list(FAMILIES)


def family_names(
    *, groups: list[str] | None = None, exclude_groups: list[str] | None = None
) -> list[str]:
    """Family names for a held-out split: those in ``groups`` (default all) minus ``exclude_groups``.

    E.g. train on ``family_names(exclude_groups=["dictation"])`` and evaluate on
    ``family_names(groups=["dictation"])``; pass either to ``pars synth --families``.
    """
    known = {f.group for f in FAMILIES}
    unknown = sorted((set(groups or ()) | set(exclude_groups or ())) - known)
    if unknown:
        raise ValueError(
            f"unknown family groups: {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    return [
        f.name
        for f in FAMILIES
        if (groups is None or f.group in groups) and f.group not in (exclude_groups or ())
    ]


def _context(event: DocumentEvent, rng: random.Random) -> Context:
    truth = event.truth
    nhs = truth.get("nhs_number", event.patient.nhs_number)
    date_style = rng.choice(variants.DATE_STYLES)
    return Context(
        event=event,
        rng=rng,
        truth=truth,
        date_style=date_style,
        nhs_label=rng.choice(variants.NHS_LABELS),
        nhs_text=variants.format_nhs_number(nhs, rng) if nhs else None,
        hosp_label=rng.choice(variants.HOSPITAL_NUMBER_LABELS),
        hosp_no=variants.hospital_number(rng, event.provider.code or "RXX", event.hospital_number),
        letter_date=variants.as_date(truth.get("letter_date")),
        event_date=variants.as_date(truth.get("event_date")),
        birth_date=variants.as_date(truth.get("patient_birth_date", event.patient.birth_date)),
    )


@functools.cache
def _candidates(doc_type: str, names: tuple[str, ...] | None) -> tuple[StyleFamily, ...]:
    """Families that may write ``doc_type`` (cached: the same few questions recur per world)."""
    unknown = [n for n in names or () if n not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown style families: {', '.join(unknown)}")
    pool = [BY_NAME[n] for n in names] if names is not None else list(FAMILIES)
    candidates = [f for f in pool if doc_type in f.document_types]
    if not candidates:
        # documents of a type no chosen family declares are written as a clinic-style letter
        candidates = [f for f in pool if "clinic_letter" in f.document_types] or [
            BY_NAME["clinic_narrative_letter"]
        ]
    return tuple(candidates)


def _choose_family(ctx: Context, names: list[str] | None) -> StyleFamily:
    doc_type = ctx.document_type
    wanted = ctx.event.style_family
    if (
        wanted
        and wanted in BY_NAME
        and doc_type in BY_NAME[wanted].document_types
        and (names is None or wanted in names)
    ):
        return BY_NAME[wanted]
    candidates = _candidates(doc_type, tuple(names) if names is not None else None)
    weights = [max(f.affinity(ctx), 1e-6) for f in candidates]
    return ctx.rng.choices(candidates, weights=weights)[0]


def _build(family: StyleFamily, ctx: Context) -> Letter:
    """The family's letter, with label/value blocks in a slightly varied order per letter."""
    letter = family.build(ctx)
    for block in letter.blocks:
        if block.kind == "fields":
            block.rows = ctx.vary(block.rows)
    return letter


def render_text(
    event: DocumentEvent, rng: random.Random, *, families: list[str] | None = None
) -> tuple[str, str]:
    """The letter as plain text and the family name (what every format's text layer says)."""
    ctx = _context(event, variants.FastRandom(rng))
    family = _choose_family(ctx, families)
    return formats.render_text(_build(family, ctx)), family.name


def render_document(
    event: DocumentEvent, rng: random.Random, *, families: list[str] | None = None
) -> RenderedDocument:
    """Write one document event as file bytes in a style family and file format.

    ``families`` restricts the choice to the named families (for held-out
    evaluation sets); an event whose type none of them writes falls back to a
    clinic-letter family among them.
    """
    rng = variants.FastRandom(rng)
    ctx = _context(event, rng)
    family = _choose_family(ctx, families)
    letter = _build(family, ctx)
    fmt = event.file_format if event.file_format in FILE_FORMATS else "txt"
    broken = event.broken
    if broken == "empty":
        return RenderedDocument(b"", formats.EXTENSIONS[fmt], fmt, family.name)
    if broken == "truncated_pdf":
        data = formats.encode_pdf(letter, ctx)
        cut = int(len(data) * rng.uniform(0.3, 0.7))
        return RenderedDocument(data[:cut], "pdf", "pdf", family.name)
    if broken == "wrong_extension":
        if fmt == "docx":
            return RenderedDocument(formats.encode_docx(letter, ctx), "pdf", "docx", family.name)
        return RenderedDocument(formats.encode_pdf(letter, ctx), "docx", "pdf", family.name)
    if broken == "non_utf8":
        return RenderedDocument(
            formats.encode_non_utf8(formats.render_text(letter), rng), "txt", "txt", family.name
        )
    if fmt == "pdf":
        data = formats.encode_pdf(letter, ctx)
    elif fmt == "docx":
        data = formats.encode_docx(letter, ctx)
    elif fmt == "hl7v2":
        data = formats.encode_hl7(formats.render_text(letter), ctx)
    elif fmt == "fhir":
        data = formats.encode_fhir(formats.render_text(letter), ctx)
    elif fmt == "html":
        data = formats.encode_html(letter, ctx)
    elif fmt == "rtf":
        data = formats.encode_rtf(letter, ctx)
    else:
        data = formats.encode_txt(formats.render_text(letter), rng)
    return RenderedDocument(data, formats.EXTENSIONS[fmt], fmt, family.name)
