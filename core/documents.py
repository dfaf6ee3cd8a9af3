"""Word documents in the layout of Chinese official documents (GB/T 9704-2012,
党政机关公文格式), written with python-docx: an annual report, an activity's notice, its
minutes — files a secretary opens in Word or WPS, edits and files.

What the standard asks and this writes: A4 with a 156 × 225 mm text area (top 37 mm, left
28 mm); the title in 2号 (22 pt) 小标宋, centred; the main recipients (主送机关) on their own
line ending in a full-width colon; the body in 3号 (16 pt) 仿宋 with a two-character first-line
indent and 22 lines a page; headings numbered 一、 (黑体), （一） (楷体), 1. and （1） (仿宋);
the issuing organ (发文机关署名) and the date (成文日期, in Arabic numerals) at the right below
the body; page numbers in 4号 (14 pt) 宋体 as "— 1 —", odd pages at the right and even pages
at the left, one character in. Fonts are named, not embedded: a court's Word or WPS has them
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312); a machine without them shows its own Song
and Fang Song."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = ("黑体", "楷体_GB2312", BODY_FONT, BODY_FONT)
PAGE_NUMBER_FONT = "宋体"
LINE = Pt(28.95)  # 225 mm of text area over 22 lines
CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 一、, 2 （一）, 3 1., 4 （1）."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


Block = Heading | Paragraph | Table


@dataclass
class OfficialDocument:
    title: str
    recipients: str  # 主送机关, without the colon
    issuer: str  # 发文机关署名, a line per organ
    date: datetime.date  # 成文日期
    blocks: list[Block] = field(default_factory=list)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings run to 99 at most)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = (CHINESE_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
    return text + (CHINESE_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    return [f"{chinese_number(n)}、", f"（{chinese_number(n)}）", f"{n}.", f"（{n}）"][level - 1]


def date_text(day: datetime.date) -> str:
    """成文日期 in Arabic numerals, no leading zeros: 2026年12月7日."""
    return f"{day.year}年{day.month}月{day.day}日"


def docx_bytes(document: OfficialDocument) -> bytes:
    """The .docx file of ``document``."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _line(doc, document.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()  # a blank line between the title and the recipients
    if document.recipients:
        _line(doc, f"{document.recipients}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    counters = [0, 0, 0, 0]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            counters[level - 1] += 1
            counters[level:] = [0] * (4 - level)
            number = heading_number(level, counters[level - 1])
            _line(
                doc,
                number + block.text,
                font=HEADING_FONTS[level - 1],
                indent=True,
                bold=level == 3,
            )
        elif isinstance(block, Paragraph):
            for text in block.text.splitlines() or [""]:
                _line(doc, text, indent=True)
        else:
            _table(doc, block)
    doc.add_paragraph()
    for issuer in document.issuer.splitlines():  # a joint document names each issuing organ
        _line(doc, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    _line(doc, date_text(document.date), align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # page numbers 7 mm below the text area
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = BODY_FONT
    _east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)


def _east_asian(rpr: Any, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def _line(
    doc: Any,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    bold: bool = False,
    right_chars: int = 0,
) -> Any:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(size * right_chars)
    if size > 16:
        paragraph.paragraph_format.line_spacing = Pt(size * 1.5)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    _east_asian(run._element.get_or_add_rPr(), font)
    return paragraph


def _table(doc: Any, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        _cell(cell, str(header), bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            _cell(cell, _text(value))
    doc.add_paragraph()


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = Pt(18)
    run = paragraph.add_run(text)
    run.font.size = Pt(12)
    run.font.bold = bold
    _east_asian(run._element.get_or_add_rPr(), BODY_FONT)


def _text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return date_text(value.date())
    if isinstance(value, datetime.date):
        return date_text(value)
    return "" if value is None else str(value)


def _page_number(paragraph: Any, align: Any) -> None:
    """ "— N —" with Word's PAGE field, one character in from the margin."""
    paragraph.alignment = align
    side = "right_indent" if align == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
    setattr(paragraph.paragraph_format, side, Pt(14))
    for text in ("— ", None, " —"):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        _east_asian(run._element.get_or_add_rPr(), PAGE_NUMBER_FONT)
        if text is not None:
            run.text = text
            continue
        for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), kind)
                run._element.append(char)
            else:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = instruction
                run._element.append(code)
