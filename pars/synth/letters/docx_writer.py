"""A small, fast WordprocessingML writer: blocks to a .docx that Word and python-docx open.

python-docx needs ~50 ms per letter (template load, table building, save);
a Dacorum year has ~56,000 DOCX letters, so the renderer writes the package
directly: [Content_Types].xml, relationships, document.xml (paragraphs, bold
label runs, real w:tbl tables), styles.xml, an optional letterhead in the page
header and an optional footer with distractor contact details, and core/app properties with fixed dates. Zip members carry a
fixed timestamp, so the same seed gives byte-identical files.
"""

from __future__ import annotations

import io
import re
import zipfile

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter

_ZIP_TIME = (2025, 1, 1, 9, 0, 0)
_FIXED_W3CDTF = "2025-01-01T09:00:00Z"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "{footer_override}{header_override}"
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_HEADER_OVERRIDE = '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
_FOOTER_OVERRIDE = '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'

_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "{footer_rel}{header_rel}"
    "</Relationships>"
)
_HEADER_REL = '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>'
_FOOTER_REL = '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f"<w:styles {_W_NS}>"
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
    '<w:sz w:val="{half_points}"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="{after}"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="{title_half_points}"/></w:rPr></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
    '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
    "</w:styles>"
)

_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>"
    "<cp:revision>1</cp:revision>"
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FIXED_W3CDTF}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FIXED_W3CDTF}</dcterms:modified>'
    "</cp:coreProperties>"
)

_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>{application}</Application></Properties>"
)


def _esc(text: str) -> str:
    text = _ILLEGAL_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _para(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def _table(rows: list[tuple[str, ...]], *, grid: bool, bold_first: bool = False) -> str:
    ncol = max(len(r) for r in rows)
    width = 9000 // ncol
    style = '<w:tblStyle w:val="TableGrid"/>' if grid else ""
    parts = [f'<w:tbl><w:tblPr>{style}<w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>']
    parts.extend(f'<w:gridCol w:w="{width}"/>' for _ in range(ncol))
    parts.append("</w:tblGrid>")
    for row in rows:
        parts.append("<w:tr>")
        for i in range(ncol):
            cell = row[i] if i < len(row) else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f"{_para(_run(cell, bold=bold_first and i == 0))}</w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _label(label: str) -> str:
    return label if label.endswith((":", "#", ".")) else f"{label}:"


def _body(letter: Letter, ctx: Context) -> str:
    rng = ctx.rng
    fields_as_table = rng.random() < 0.6
    grid = rng.random() < 0.5
    out: list[str] = []
    for block in letter.blocks:
        kind = block.kind
        if kind == "title":
            out.append(
                _para(
                    _run(block.text.upper() if block.style == "upper" else block.text),
                    style="Heading1",
                )
            )
        elif kind == "heading":
            out.append(_para(_run(block.text, bold=True)))
        elif kind in ("line", "para"):
            out.append(_para(_run(block.text)))
        elif kind == "fields":
            if fields_as_table:
                out.append(_table(block.rows, grid=grid, bold_first=True))
                out.append(_para())
            else:
                out.extend(
                    _para(_run(_label(label), bold=True), _run(f" {value}"))
                    for label, value in block.rows
                )
        elif kind == "table":
            out.append(_table(block.rows, grid=grid))
            out.append(_para())
        elif kind == "blank":
            out.append(_para())
        elif kind == "rule":
            out.append(_para(_run("_" * 40)))
    return "".join(out)


def _footer(ctx: Context) -> str:
    from pars.synth.letters import variants

    if ctx.direction == "outgoing":
        p = ctx.event.practice
        text = f"{p.name}, {', '.join(p.address_lines)}, {p.postcode}. Tel {p.phone or variants.phone_number(ctx.rng)}"
    else:
        text = (
            f"{ctx.provider_name} - Switchboard {variants.phone_number(ctx.rng)} - "
            "This letter contains confidential patient information."
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:ftr {_W_NS}>{_para(_run(text))}</w:ftr>"
    )


def _header(ctx: Context) -> str:
    """A letterhead in the page header (the body keeps its own copy of the facts)."""
    if ctx.direction == "outgoing":
        lines = [ctx.event.practice.name, f"Practice code {ctx.event.practice.code}"]
    else:
        lines = [ctx.provider_name, ctx.site or "", f"Department of {ctx.specialty(as_name=True)}"]
    body = "".join(_para(_run(line, bold=i == 0)) for i, line in enumerate(lines) if line)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + f"<w:hdr {_W_NS}>{body}</w:hdr>"
    )


def encode_docx(letter: Letter, ctx: Context) -> bytes:
    """A .docx package: paragraphs, bold labels, real tables, optional footer; fixed dates."""
    rng = ctx.rng
    font = rng.choice(("Arial", "Calibri", "Times New Roman", "Verdana", "Tahoma"))
    size = rng.choice((10, 11, 12))
    footer = rng.random() < 0.5
    header = rng.random() < 0.4
    sect = (
        "<w:sectPr>"
        + ('<w:headerReference w:type="default" r:id="rId3"/>' if header else "")
        + ('<w:footerReference w:type="default" r:id="rId2"/>' if footer else "")
        + '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" '
        'w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {_W_NS}><w:body>{_body(letter, ctx)}{sect}</w:body></w:document>"
    )
    author = ctx.consultant if ctx.direction == "incoming" else (ctx.gp_name or "")
    parts = [
        (
            "[Content_Types].xml",
            _CONTENT_TYPES.format(
                footer_override=_FOOTER_OVERRIDE if footer else "",
                header_override=_HEADER_OVERRIDE if header else "",
            ),
        ),
        ("_rels/.rels", _ROOT_RELS),
        (
            "word/_rels/document.xml.rels",
            _DOC_RELS.format(
                footer_rel=_FOOTER_REL if footer else "", header_rel=_HEADER_REL if header else ""
            ),
        ),
        ("word/document.xml", document),
        (
            "word/styles.xml",
            _STYLES.format(
                font=font,
                half_points=size * 2,
                title_half_points=size * 2 + 6,
                after=rng.choice((0, 120, 160)),
            ),
        ),
        ("docProps/core.xml", _CORE.format(title=_esc(ctx.event.document_id), author=_esc(author))),
        (
            "docProps/app.xml",
            _APP.format(
                application=rng.choice(
                    ("Microsoft Office Word", "LibreOffice", "EPR Letter Service")
                )
            ),
        ),
    ]
    if footer:
        parts.append(("word/footer1.xml", _footer(ctx)))
    if header:
        parts.append(("word/header1.xml", _header(ctx)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            member = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            archive.writestr(member, text.encode("utf-8"))
    return buffer.getvalue()
