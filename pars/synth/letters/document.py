"""A letter as a short list of layout blocks, independent of the file format.

Families build blocks (title, lines, paragraphs, label/value fields, tables);
the encoders turn the same blocks into plain text, a PDF page, a Word document
(tables become real tables) or the text payload of an HL7 / FHIR message. One
intermediate keeps every format of a family saying the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Block:
    kind: str  # "title", "heading", "line", "para", "fields", "table", "blank", "rule"
    text: str = ""
    rows: list[tuple[str, ...]] = field(default_factory=list)
    style: str = ""  # fields: "colon" | "aligned" | "tab" | "dash"; table: "pipe" | "space"; title: "upper" | "underline" | "plain"


@dataclass(slots=True)
class Letter:
    """Blocks in reading order plus the metadata some formats carry outside the text."""

    blocks: list[Block] = field(default_factory=list)
    wrap: int = 0  # txt: wrap paragraphs at this width (0 = one line per paragraph)

    def title(self, text: str, style: str = "plain") -> None:
        self.blocks.append(Block("title", text, style=style))

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", text))

    def line(self, text: str) -> None:
        self.blocks.append(Block("line", text))

    def lines(self, texts: list[str]) -> None:
        for text in texts:
            if text:
                self.blocks.append(Block("line", text))

    def para(self, text: str) -> None:
        if text:
            self.blocks.append(Block("para", text))

    def fields(self, rows: list[tuple[str, str]], style: str = "colon") -> None:
        rows = [r for r in rows if r[1]]
        if rows:
            self.blocks.append(Block("fields", rows=list(rows), style=style))

    def table(self, rows: list[tuple[str, ...]], style: str = "pipe") -> None:
        if rows:
            self.blocks.append(Block("table", rows=list(rows), style=style))

    def blank(self) -> None:
        self.blocks.append(Block("blank"))

    def rule(self) -> None:
        self.blocks.append(Block("rule"))


def _wrap(text: str, width: int) -> list[str]:
    if width <= 0 or len(text) <= width:
        return [text]
    out: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def to_text(letter: Letter) -> str:
    """Plain-text layout of the blocks (also the text layer of HL7 and FHIR payloads)."""
    out: list[str] = []
    for block in letter.blocks:
        kind = block.kind
        if kind == "title":
            if block.style == "upper":
                out.append(block.text.upper())
            elif block.style == "underline":
                out.append(block.text)
                out.append("=" * len(block.text))
            else:
                out.append(block.text)
        elif kind in ("heading", "line"):
            out.append(block.text)
        elif kind == "para":
            out.extend(_wrap(block.text, letter.wrap))
            out.append("")
        elif kind == "fields":
            if block.style == "aligned":
                width = max(len(label) for label, _ in block.rows) + 2
                out.extend(f"{label.ljust(width)}{value}" for label, value in block.rows)
            elif block.style == "tab":
                out.extend(f"{label}\t{value}" for label, value in block.rows)
            elif block.style == "dash":
                out.extend(f"{label} - {value}" for label, value in block.rows)
            else:
                out.extend(
                    f"{label} {value}" if label.endswith((":", "#", ".")) else f"{label}: {value}"
                    for label, value in block.rows
                )
        elif kind == "table":
            if block.style == "space":
                ncol = max(len(r) for r in block.rows)
                widths = [
                    max(len(r[i]) if i < len(r) else 0 for r in block.rows) for i in range(ncol)
                ]
                out.extend(
                    "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip()
                    for r in block.rows
                )
            else:
                out.extend("| " + " | ".join(r) + " |" for r in block.rows)
        elif kind == "blank":
            out.append("")
        elif kind == "rule":
            out.append("-" * 60)
    return "\n".join(out).rstrip() + "\n"
