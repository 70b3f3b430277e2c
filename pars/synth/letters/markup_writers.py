"""HTML and RTF letters: the exports of EPR letter modules and of older word processors.

Neither is in the world's default mix; both are here so a world (or a test)
can ask for every format PARS reads (formats.md §1 lists ``html`` and ``rtf``).
HTML uses tables for layout as EPR exports do; RTF is cp1252 with ``\\'hh``
escapes (``\\uN?`` beyond it) and real ``\\trowd`` table rows.
"""

from __future__ import annotations

from html import escape

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter


def encode_html(letter: Letter, ctx: Context) -> bytes:
    """An HTML page: heading, paragraphs, label/value tables or bold labels, bordered tables."""
    rng = ctx.rng
    font = rng.choice(("Arial, sans-serif", "Calibri, sans-serif", "'Times New Roman', serif"))
    fields_as_table = rng.random() < 0.6
    out = [
        "<!DOCTYPE html>" if rng.random() < 0.7 else "",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{escape(ctx.event.document_id)}</title>",
        f"<style>body {{ font-family: {font}; font-size: 11pt }} td {{ padding: 2px 8px }}</style>",
        "</head><body>",
    ]
    for block in letter.blocks:
        kind = block.kind
        if kind == "title":
            text = block.text.upper() if block.style == "upper" else block.text
            out.append(f"<h1>{escape(text)}</h1>")
        elif kind == "heading":
            out.append(f"<h3>{escape(block.text)}</h3>")
        elif kind == "line":
            out.append(f"<div>{escape(block.text)}</div>")
        elif kind == "para":
            out.append(f"<p>{escape(block.text)}</p>")
        elif kind == "fields":
            if fields_as_table:
                out.append("<table>")
                out.extend(
                    f"<tr><th align='left'>{escape(label)}</th><td>{escape(value)}</td></tr>"
                    for label, value in block.rows
                )
                out.append("</table>")
            else:
                out.extend(
                    f"<div><b>{escape(label)}</b> {escape(value)}</div>"
                    for label, value in block.rows
                )
        elif kind == "table":
            out.append('<table border="1" cellspacing="0">')
            out.extend(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                for row in block.rows
            )
            out.append("</table>")
        elif kind == "blank":
            out.append("<br>")
        elif kind == "rule":
            out.append("<hr>")
    out.append("</body></html>")
    return "\n".join(part for part in out if part).encode("utf-8")


def _rtf_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            try:
                out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
            except UnicodeEncodeError:
                code = ord(ch)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def encode_rtf(letter: Letter, ctx: Context) -> bytes:
    """An RTF document (cp1252), bold labels, ``\\trowd`` tables; as old word processors save."""
    rng = ctx.rng
    font = rng.choice(("Arial", "Times New Roman", "Calibri"))
    size = rng.choice((20, 22, 24))  # half-points
    out = [
        "{\\rtf1\\ansi\\ansicpg1252\\deff0",
        f"{{\\fonttbl{{\\f0\\fswiss {font};}}}}",
        "{\\info{\\creatim\\yr2025\\mo1\\dy1\\hr9\\min0}}",
        f"\\f0\\fs{size}",
    ]
    for block in letter.blocks:
        kind = block.kind
        if kind == "title":
            text = block.text.upper() if block.style == "upper" else block.text
            out.append(f"{{\\b\\fs{size + 8} {_rtf_escape(text)}}}\\par")
        elif kind == "heading":
            out.append(f"{{\\b {_rtf_escape(block.text)}}}\\par")
        elif kind == "line":
            out.append(f"{_rtf_escape(block.text)}\\par")
        elif kind == "para":
            out.append(f"{_rtf_escape(block.text)}\\par\\par")
        elif kind == "fields":
            out.extend(
                f"{{\\b {_rtf_escape(label)}}} {_rtf_escape(value)}\\par"
                for label, value in block.rows
            )
        elif kind == "table":
            ncol = max(len(r) for r in block.rows)
            cells = "".join(f"\\cellx{(i + 1) * 9000 // ncol}" for i in range(ncol))
            for row in block.rows:
                text = "".join(
                    f"{_rtf_escape(row[i] if i < len(row) else '')}\\cell " for i in range(ncol)
                )
                out.append(f"\\trowd{cells} {text}\\row")
            out.append("\\pard")
        elif kind == "blank":
            out.append("\\par")
        elif kind == "rule":
            out.append("\\brdrb\\brdrs\\par\\pard")
    out.append("}")
    return "\n".join(out).encode("ascii")
