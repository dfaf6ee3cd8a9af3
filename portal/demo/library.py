"""The demo's shared resources: a public typical-case compilation, a training deck shared with
the three courts, a court's own guideline and a link to Party study material — made through the
library's services, with real PDF and Word files whose words the search finds."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from courts.models import Court
from library import services
from library.models import Resource


def _pdf(lines: list[str]) -> bytes:
    """A PDF drawing ``lines`` in reportlab's built-in Chinese font (no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 14)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 24 * n, line)
    page.showPage()
    page.save()
    return out.getvalue()


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


RESOURCES = [
    # owner, court, title, kind, area, visibility, tags, file name, file, link
    (
        "jinshan-secretary",
        "jinshan",
        "金平嘉三地金融纠纷典型案例汇编（2025）",
        "cases",
        "trial_quality",
        "public",
        ["金融借款", "类案检索"],
        "典型案例汇编.pdf",
        lambda: _pdf(
            [
                "金平嘉三地金融纠纷典型案例汇编",
                "案例一：应收账款保理合同的认定",
                "案例二：融资租赁与借贷的区分",
            ]
        ),
        "",
    ),
    (
        "pinghu-coordinator",
        "pinghu",
        "青年干警庭审驾驭能力培训课件",
        "training",
        "talent",
        "alliance",
        ["青年干警", "庭审规范"],
        "庭审驾驭培训课件.docx",
        lambda: _docx(["庭审驾驭能力培训", "一、庭前准备与争点整理", "二、庭审发问的技巧"]),
        "",
    ),
    (
        "jiashan-secretary",
        "jiashan",
        "嘉善法院民商事审判流程指引（院内）",
        "guideline",
        "trial_quality",
        "court",
        ["裁判尺度"],
        "审判流程指引.docx",
        lambda: _docx(["民商事案件审判流程指引", "适用于本院民商事审判庭"]),
        "",
    ),
    (
        "jinshan-secretary",
        "jinshan",
        "党史学习教育专题资料（院内网）",
        "party_study",
        "party_exchange",
        "alliance",
        ["党史学习"],
        "",
        None,
        "http://intranet.jsfy.example/dangshi",
    ),
]


def seed_library() -> int:
    """Create the demo resources (idempotent); returns how many were made."""
    made = 0
    for owner, court, title, kind, area, visibility, tags, name, content, link in RESOURCES:
        if Resource.objects.filter(title=title).exists():
            continue
        upload = SimpleUploadedFile(name, content()) if content else None
        services.share_resource(
            by=get_user_model().objects.get(username=owner),
            court=Court.objects.get(slug=court),
            title=title,
            kind=kind,
            area=area,
            visibility=visibility,
            tags=tags,
            link=link,
            upload=upload,
            description="三地法院共享资料，供审判和党建工作参考。",
        )
        made += 1
    return made
