"""The certificate's PDF: Chinese text in an embedded font that has every glyph (no boxes)."""

import datetime
import re
import zlib

import pytest
from django.utils import timezone

from training import certificates, services
from training.models import TrainingSession

from .conftest import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(session, jinshan_coordinator):
    (enrolment,) = services.enrol(
        session=session, people=staff("jinshan", 1), by=jinshan_coordinator
    )
    now = timezone.now()
    TrainingSession.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=3),
        end=now - datetime.timedelta(hours=1),
        enrol_deadline=now - datetime.timedelta(days=1),
    )
    session.refresh_from_db()
    services.record_attendance(
        session=session, by=jinshan_coordinator, marks={enrolment.pk: "completed"}
    )
    enrolment.refresh_from_db()
    return enrolment


def test_the_certificate_reads_in_chinese_whatever_the_page_language(completed):
    from django.utils import translation

    with translation.override("en"):
        text = certificates.certificate_text(completed)
    assert text["heading"] == "结业证书"
    assert completed.person.full_name in text["body"] and "准予结业" in text["body"]
    assert text["code_line"] == f"验证码：{completed.certificate_code}"


@pytest.mark.skipif(certificates.font_path() is None, reason="the Chinese font is not installed")
def test_pdf_embeds_a_font_with_every_glyph_of_the_certificate(completed):
    from reportlab.pdfbase.ttfonts import TTFont

    pdf = certificates.certificate_pdf(completed, verify_url="https://portal.example/verify/X/")
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf  # the TrueType font is embedded (subset), not left to the reader
    face = TTFont("check", certificates.font_path(), subfontIndex=0).face
    text = "".join(certificates.certificate_text(completed).values())
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in face.charToGlyph}
    assert missing == set()  # every character has a glyph: nothing is drawn as a box
    # the text is really in the page: its content stream draws glyphs of the embedded font
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    drawn = b"".join(zlib.decompress(s.strip()) for s in streams if s.startswith(b"x"))
    assert b"Tj" in drawn or b"TJ" in drawn


def test_pdf_refused_with_a_message_without_the_font(client, completed, settings):
    certificates.font_path.cache_clear()
    certificates._register_font.cache_clear()
    settings.TRAINING_CERTIFICATE_FONTS = ["/nonexistent/font.ttc"]
    try:
        client.force_login(completed.person.user)
        from django.urls import reverse

        response = client.get(reverse("training:certificate-pdf", args=[completed.pk]), follow=True)
        assert "服务器未安装中文字体" in response.content.decode()
    finally:
        certificates.font_path.cache_clear()
        certificates._register_font.cache_clear()
