"""Certificates of completion: the printable page's text and the PDF download.

The PDF is drawn with ReportLab in a TrueType font with Chinese glyphs, embedded (subset) in the
file, so that it reads the same on any computer. The font comes from the system (Debian's
``fonts-wqy-microhei``, installed by ``make browser-deps``, ``.ci/run`` and the Docker image;
``TRAINING_CERTIFICATE_FONTS`` lists where to look): nothing is fetched at run time. Without it
the PDF is refused with a message and the printable page still works.
"""

from __future__ import annotations

import functools
import io
import os
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Enrolment

FONT_NAME = "CertificateCJK"
CERTIFICATE_LANGUAGE = "zh-hans"  # certificates are Chinese documents, whatever the page's language


class FontMissing(RuntimeError):
    """No font with Chinese glyphs is installed."""


@functools.cache
def font_path() -> str | None:
    for path in settings.TRAINING_CERTIFICATE_FONTS:
        if os.path.exists(path):
            return path
    return None


@functools.cache
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = font_path()
    if path is None:
        raise FontMissing(", ".join(settings.TRAINING_CERTIFICATE_FONTS))
    pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
    return FONT_NAME


def verify_url(request: HttpRequest, enrolment: Enrolment) -> str:
    return request.build_absolute_uri(
        reverse("training:verify-code", args=[enrolment.certificate_code])
    )


def certificate_text(enrolment: Enrolment) -> dict[str, str]:
    """The certificate's words, in Chinese: shared by the page and the PDF."""
    session = enrolment.session
    with translation.override(CERTIFICATE_LANGUAGE):
        start = timezone.localtime(session.start)
        end = timezone.localtime(session.end)
        when = formats.date_format(start, "DATE_FORMAT")
        if end.date() != start.date():
            when = _("%(start)s to %(end)s") % {
                "start": when,
                "end": formats.date_format(end, "DATE_FORMAT"),
            }
        completed = timezone.localtime(enrolment.completed_at or session.end)
        return {
            "heading": _("Certificate of Completion"),
            "programme": session.programme.title,
            "body": _(
                "%(name)s of %(court)s took part in “%(session)s” of the %(programme)s, "
                "hosted by %(host)s, on %(when)s, and completed it."
            )
            % {
                "name": enrolment.person.full_name,
                "court": enrolment.court.name,
                "session": session.title,
                "programme": session.programme.title,
                "host": session.host_court.name,
                "when": when,
            },
            "issuer": _("The joint training programme of the Jinshan, Pinghu and Jiashan courts"),
            "date": formats.date_format(completed, "DATE_FORMAT"),
            "code": enrolment.certificate_code or "",
            "code_line": _("Verification code: %(code)s")
            % {"code": enrolment.certificate_code or ""},
        }


def certificate_pdf(enrolment: Enrolment, *, verify_url: str) -> bytes:
    """An A4 (landscape) PDF of the certificate, the font embedded."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Paragraph

    font = _register_font()
    text = certificate_text(enrolment)
    out = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(out, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{text['heading']} {text['code']}")
    pdf.setAuthor(text["issuer"])
    red = colors.HexColor("#b4232a")
    pdf.setStrokeColor(red)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

    pdf.setFillColor(red)
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 50 * mm, text["heading"])
    pdf.setFillColor(colors.black)
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 64 * mm, text["programme"])

    body = Paragraph(
        text["body"],
        ParagraphStyle(
            "body",
            fontName=font,
            fontSize=18,
            leading=32,
            firstLineIndent=36,
            alignment=TA_JUSTIFY,
            wordWrap="CJK",
        ),
    )
    box_width = width - 80 * mm
    _w, box_height = body.wrap(box_width, 80 * mm)
    body.drawOn(pdf, 40 * mm, height - 80 * mm - box_height)

    footer = ParagraphStyle("footer", fontName=font, fontSize=14, leading=22, alignment=TA_CENTER)
    issuer = Paragraph(f"{text['issuer']}<br/>{text['date']}", footer)
    issuer.wrap(120 * mm, 30 * mm)
    issuer.drawOn(pdf, width - 40 * mm - 120 * mm, 38 * mm)

    qr = QrCodeWidget(verify_url)
    x0, y0, x1, y1 = qr.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    renderPDF.draw(drawing, pdf, 30 * mm, 32 * mm)
    pdf.setFont(font, 10)
    pdf.drawString(30 * mm, 27 * mm, text["code_line"])
    with translation.override(CERTIFICATE_LANGUAGE):
        pdf.drawString(30 * mm, 22 * mm, _("Verify at %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return out.getvalue()
