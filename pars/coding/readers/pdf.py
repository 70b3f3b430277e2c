"""PDF letters: the text layer through pypdfium2 (~500 letters/s, domain.md §11).

Scanned PDFs have no text layer. When OCR tools are installed (``ocrmypdf``,
or ``tesseract`` on rendered pages) they are used, found at run time; without
them the file gets a clear error instead of an empty letter.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from pars.coding.readers.base import ReadContext, ReadError, ReadResult, normalise_text

logger = logging.getLogger(__name__)

# PDFium's FPDF_ERR_* codes (fpdfview.h); kept literal so importing this module stays cheap.
_ERR_PASSWORD = 4
_ERR_SECURITY = 5
_ERR_FORMAT = 3
_ERR_FILE = 2


class PDFReader:
    format = "pdf"

    def sniff(self, head: bytes, name: str) -> bool:
        # The header may follow junk within the first KiB (Acrobat accepts that too).
        return b"%PDF-" in head[:1024]

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        import pypdfium2

        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code in (_ERR_PASSWORD, _ERR_SECURITY):
                raise ReadError("the PDF is encrypted (password protected)") from exc
            raise ReadError("damaged or truncated PDF (PDFium cannot open it)") from exc
        try:
            page_count = len(document)
            if page_count == 0:
                raise ReadError("the PDF has no pages")
            if page_count > context.limits.max_pdf_pages:
                raise ReadError(
                    f"the PDF has {page_count} pages, over the limit of {context.limits.max_pdf_pages}"
                )
            parts: list[str] = []
            for index in range(page_count):
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        parts.append(textpage.get_text_range())
                    finally:
                        textpage.close()
                finally:
                    page.close()
        except pypdfium2.PdfiumError as exc:
            raise ReadError("damaged PDF (a page cannot be read)") from exc
        finally:
            document.close()
        text = normalise_text("\n\n".join(parts), context.limits.max_text_chars)
        if text:
            return ReadResult(text=text, format=self.format)
        if context.limits.ocr:
            ocr_text = ocr_pdf(data, context.limits.ocr_timeout_s)
            if ocr_text is not None:
                text = normalise_text(ocr_text, context.limits.max_text_chars)
                if text:
                    return ReadResult(text=text, format=self.format, fields={})
                raise ReadError("scanned PDF: OCR found no text")
        raise ReadError(
            "scanned PDF with no text layer, and no OCR installed (install ocrmypdf or tesseract)"
        )


def ocr_available() -> str | None:
    """Which OCR tool is installed, checked at run time: 'ocrmypdf', 'tesseract' or None."""
    if shutil.which("ocrmypdf"):
        return "ocrmypdf"
    if shutil.which("tesseract"):
        return "tesseract"
    return None


def ocr_pdf(data: bytes, timeout_s: int) -> str | None:
    """Text of a scanned PDF by OCR, or None when no OCR tool is installed."""
    tool = ocr_available()
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pars-ocr-") as folder:
        work = Path(folder)
        source = work / "in.pdf"
        source.write_bytes(data)
        try:
            if tool == "ocrmypdf":
                sidecar = work / "text.txt"
                subprocess.run(
                    ["ocrmypdf", "-q", "--force-ocr", "--sidecar", str(sidecar), str(source), str(work / "out.pdf")],
                    check=True, capture_output=True, timeout=timeout_s,
                )  # fmt: skip
                return sidecar.read_text(encoding="utf-8", errors="replace")
            return _tesseract_pages(source, work, timeout_s)
        except (subprocess.SubprocessError, OSError) as exc:
            logger.warning("OCR with %s failed: %s", tool, type(exc).__name__)
            raise ReadError(f"scanned PDF: OCR with {tool} failed") from exc


def _tesseract_pages(source: Path, work: Path, timeout_s: int) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(source))
    texts: list[str] = []
    try:
        for index in range(len(document)):
            image_path = work / f"page{index}.png"
            page = document[index]
            page.render(scale=300 / 72).to_pil().save(image_path)
            page.close()
            done = subprocess.run(
                ["tesseract", str(image_path), "stdout"],
                check=True, capture_output=True, timeout=timeout_s,
            )  # fmt: skip
            texts.append(done.stdout.decode("utf-8", errors="replace"))
    finally:
        document.close()
    return "\n\n".join(texts)
