"""PDF with a real text layer, laid out line by line on fpdf2 core fonts, with a fixed creation date.

fpdf2's ``multi_cell`` costs ~15 ms per letter; placing each wrapped line with
``text()`` (wrapping on the core fonts' AFM widths) is several times faster and
gives the same text layer. Fonts, sizes and table borders vary per letter.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter

_PT_TO_MM = 25.4 / 72 / 1000  # font units (1/1000 em) times points, to millimetres
FIXED_TIMESTAMP = datetime(2025, 1, 1, 9, 0, 0, tzinfo=UTC)
LATIN1_FIXES = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "*",
    }
)


def _latin1(text: str) -> str:
    """Text the core fonts can draw: dashes/quotes simplified, other letters stripped of accents.

    'Wiśniewski' becomes 'Wisniewski' (as legacy systems print it) rather than 'Wi?niewski'.
    """
    text = text.translate(LATIN1_FIXES)
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        text = "".join(ch if ord(ch) < 256 else _fold(ch) for ch in text)
    return text


def _fold(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and all(ord(c) < 256 for c in base) else "?"


class _PdfWriter:
    """Line-by-line layout on fpdf2 with its ``text()`` primitive (several times faster than multi_cell)."""

    def __init__(
        self, font: str, size: float, ctx: Context, *, footer: str = "", banner: str = ""
    ) -> None:
        from fpdf import FPDF
        from fpdf.fonts import CORE_FONTS_CHARWIDTHS

        self.widths = CORE_FONTS_CHARWIDTHS
        self.pdf = FPDF(format="A4")
        self.pdf.set_creation_date(FIXED_TIMESTAMP)
        self.pdf.set_creator("PARS synthetic letters")
        self.pdf.set_producer("PARS")
        self.pdf.set_title(_latin1(ctx.event.document_id))
        self.pdf.set_auto_page_break(auto=False)
        self.footer = footer  # drawn at the foot of every page: "{page}" and "{nb}" (page count)
        self.banner = banner  # repeated at the top of pages after the first, as EPR prints do
        self.pages = 0
        self.font = font
        self.size = size
        self.left = 18.0
        self.width = 210.0 - 2 * self.left
        self.line_h = size * 0.45
        self.style = ""
        self._current: tuple[str, float] = ("", 0.0)
        self.y = 0.0
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        self.y = 18.0
        self._current = ("", 0.0)
        if self.banner and self.pages > 1:
            self.set_style("I", self.size - 1)
            self.pdf.text(self.left, self.y, _latin1(self.banner))
            self.y += self.line_h * 2
        self.set_style(self.style)

    def draw_footers(self) -> None:
        """Footers go on last, when the page count is known (fpdf2 can return to earlier pages)."""
        if not self.footer:
            return
        for number in range(1, self.pages + 1):
            self.pdf.page = number
            self._current = ("", 0.0)
            self.set_style("", self.size - 2)
            text = self.footer.replace("{page}", str(number)).replace("{nb}", str(self.pages))
            self.pdf.text(self.left, 290, _latin1(text))

    def set_style(self, style: str, size: float | None = None) -> None:
        size = size or self.size
        if (style, size) != self._current:
            self.style = style
            self.pdf.set_font(self.font, style, size)
            self._current = (style, size)

    def text_width(self, text: str, style: str, size: float) -> float:
        """Width in mm from the core font's AFM widths (every latin-1 character is covered)."""
        return sum(map(self.widths[self.font.lower() + style].__getitem__, text)) * size * _PT_TO_MM

    def wrap(self, text: str, width: float, style: str, size: float) -> list[str]:
        cw = self.widths[self.font.lower() + style]
        limit = width / (size * _PT_TO_MM)  # in font units
        if sum(map(cw.__getitem__, text)) <= limit:
            return [text]
        space = cw[" "]
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        for word in text.split(" "):
            w = sum(map(cw.__getitem__, word))
            if current and used + space + w > limit:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                used += (space if current else 0) + w
                current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines

    def advance(self, height: float) -> None:
        self.y += height
        if self.y > 282:
            self.new_page()

    def write(
        self,
        text: str,
        *,
        style: str = "",
        size: float | None = None,
        x: float | None = None,
        width: float | None = None,
    ) -> None:
        size = size or self.size
        x = self.left if x is None else x
        width = self.width - (x - self.left) if width is None else width
        self.set_style(style, size)
        for line in self.wrap(_latin1(text), width, style, size):
            self.advance(size * 0.45)
            if line:
                self.pdf.text(x, self.y, line)

    def field(self, label: str, value: str, label_w: float) -> None:
        self.advance(self.line_h)
        self.set_style("B")
        self.pdf.text(self.left, self.y, _latin1(label))
        self.set_style("")
        lines = self.wrap(_latin1(value), self.width - label_w, "", self.size)
        for i, line in enumerate(lines):
            if i:
                self.advance(self.line_h)
            self.pdf.text(self.left + label_w, self.y, line)

    def table(self, rows: list[tuple[str, ...]], borders: bool) -> None:
        ncol = max(len(r) for r in rows)
        size = self.size - 1
        col_w = self.width / ncol
        self.set_style("", size)
        row_h = size * 0.45 + 1.5
        for row in rows:
            if self.y + row_h > 282:
                self.new_page()
                self.set_style("", size)
            top = self.y + 0.5
            clipped = False
            for i in range(ncol):
                cell = _latin1(row[i]) if i < len(row) else ""
                shown = cell
                while shown and self.text_width(shown, "", size) > col_w - 2:
                    shown = shown[:-1]
                clipped = clipped or shown != cell
                if borders:
                    self.pdf.rect(self.left + i * col_w, top, col_w, row_h)
                if shown:
                    self.pdf.text(self.left + i * col_w + 1, top + row_h - 1.2, shown)
            self.y = top + row_h
            if clipped:  # a cell did not fit: repeat the row in full so no fact is lost
                self.write("  ".join(row), size=size)
        self.advance(1)

    def rule(self) -> None:
        self.advance(2)
        self.pdf.line(self.left, self.y, self.left + self.width, self.y)
        self.advance(1)

    def output(self) -> bytes:
        self.draw_footers()
        return bytes(self.pdf.output())


def encode_pdf(letter: Letter, ctx: Context) -> bytes:
    """A PDF with a real text layer (core fonts), laid out line by line, with a fixed creation date."""
    rng = ctx.rng
    font = rng.choice(("Helvetica", "Helvetica", "Times", "Courier"))
    size = 9 if font == "Courier" else rng.choice((10, 10, 11))
    footer = ""
    if rng.random() < 0.5:
        footer = rng.choice(
            (
                "Page {page} of {nb}",
                f"{ctx.event.document_id} - Page {{page}} of {{nb}}",
                "CONFIDENTIAL - Page {page}",
            )
        )
    banner = ""
    if rng.random() < 0.5:
        name = ctx.patient_name(1)
        banner = f"{name}  {ctx.nhs_label} {ctx.nhs_text}" if ctx.nhs_text else name
    writer = _PdfWriter(font, size, ctx, footer=footer, banner=banner)
    borders = rng.random() < 0.6
    for block in letter.blocks:
        kind = block.kind
        if kind == "title":
            writer.write(
                block.text.upper() if block.style == "upper" else block.text,
                style="B",
                size=size + 3,
            )
            writer.advance(1)
        elif kind == "heading":
            writer.write(block.text, style="B")
        elif kind == "line":
            writer.write(block.text)
        elif kind == "para":
            writer.write(block.text)
            writer.advance(writer.line_h / 2)
        elif kind == "fields":
            label_w = min(
                60.0,
                max(writer.text_width(_latin1(label), "B", size) for label, _ in block.rows) + 4,
            )
            for label, value in block.rows:
                writer.field(label, value, label_w)
        elif kind == "table":
            writer.table(block.rows, borders)
        elif kind == "blank":
            writer.advance(writer.line_h)
        elif kind == "rule":
            writer.rule()
    return writer.output()
