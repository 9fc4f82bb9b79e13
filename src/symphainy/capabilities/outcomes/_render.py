"""An outline as a Word document (python-docx) or a PDF (fpdf2), as bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symphainy.capabilities.outcomes._outline import Block
from symphainy.errors import MissingDependency

# Debian's fonts-dejavu-core; a Unicode TrueType font lets PDFs carry any text. Without one the
# PDF uses the core Helvetica font, and characters it cannot show are reported, not hidden.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/TTF"))
HEADING_SIZES = {0: 18, 1: 15, 2: 13, 3: 12}


def docx_bytes(doc: list[Block]) -> bytes:
    """The outline as a .docx."""
    import docx

    document = docx.Document()
    for block in doc:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            _docx_table(document, block)
    if doc and doc[0].kind == "heading":
        document.core_properties.title = doc[0].text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, block: Block) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


@dataclass(frozen=True, slots=True)
class PdfFile:
    """The PDF bytes, the font used, and how many characters the font could not show."""

    data: bytes
    font: str
    replaced_characters: int


def _font(pdf: Any) -> str:
    for directory in FONT_DIRS:
        regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
    return "Helvetica"


class _Text:
    """Text made printable in the chosen font; counts what had to be replaced."""

    def __init__(self, unicode_font: bool) -> None:
        self.unicode_font = unicode_font
        self.replaced = 0

    def __call__(self, text: str) -> str:
        if self.unicode_font:
            return text
        out = text.encode("latin-1", errors="replace").decode("latin-1")
        self.replaced += sum(1 for a, b in zip(text, out, strict=True) if a != b)
        return out


def pdf_bytes(doc: list[Block]) -> PdfFile:
    """The outline as a PDF (A4, headings, wrapped paragraphs, bullets, tables)."""
    try:
        from fpdf import FPDF
    except ImportError as exc:
        raise MissingDependency(
            "PDF export needs fpdf2: pip install 'symphainy[documents]'"
        ) from exc
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    family = _font(pdf)
    text = _Text(family != "Helvetica")
    if doc and doc[0].kind == "heading":
        # Metadata only: the title heading itself is counted when it is drawn.
        pdf.set_title(
            doc[0].text
            if text.unicode_font
            else doc[0].text.encode("latin-1", "replace").decode("latin-1")
        )
    for block in doc:
        _pdf_block(pdf, family, text, block)
    return PdfFile(bytes(pdf.output()), family, text.replaced)


def _pdf_block(pdf: Any, family: str, text: _Text, block: Block) -> None:
    width = pdf.epw
    if block.kind == "heading":
        pdf.set_font(family, "B", HEADING_SIZES.get(block.level, 12))
        pdf.multi_cell(width, 8, text(block.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        return
    pdf.set_font(family, "", 10)
    if block.kind == "paragraph":
        pdf.multi_cell(width, 5, text(block.text), new_x="LMARGIN", new_y="NEXT")
    elif block.kind == "bullets":
        bullet = "\u2022 " if text.unicode_font else "- "
        for item in block.items:
            pdf.multi_cell(width, 5, bullet + text(item), new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.set_font(family, "", 8)
        with pdf.table(text_align="LEFT") as table:
            for row in (block.header, *block.rows):
                cells = table.row()
                for value in row:
                    cells.cell(text(value))
    pdf.ln(2)
