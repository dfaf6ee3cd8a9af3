"""Bad input is refused with a message and saves nothing: uploads that carry something other
than what they claim (macros, scripts, an appended archive, an image too large to decode safely),
file names that lie about their extension (bidirectional controls), a NUL in a tag, and years at
the ends of the calendar on the activity and cooperation-item forms (a 500 before)."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import Activity
from core.files import check_upload, clean_file_name
from courts.models import CooperationItem, Court
from publicity.models import PublicityItem

from ..factories import PDF_BYTES


def _office(extra: dict[str, bytes], content_type: str = "document.main+xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override ContentType="application/vnd.{content_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in extra.items():
            archive.writestr(name, data)
    return out.getvalue()


def _pdf_with(**entries) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    for key, value in entries.items():
        writer._root_object[pypdf.generic.NameObject(f"/{key}")] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, data))
    return " ".join(refused.value.messages)


def test_a_plain_document_and_pdf_are_accepted():
    assert check_upload(SimpleUploadedFile("材料.docx", _office({})))[0] == ".docx"
    assert check_upload(SimpleUploadedFile("材料.pdf", PDF_BYTES))[0] == ".pdf"


def test_a_word_file_with_macros_is_refused():
    assert "宏" in _refusal("会议纪要.docx", _office({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))
    assert "宏" in _refusal("统计.xlsx", _office({}, "ms-excel.sheet.macroEnabled.main+xml"))


def test_a_pdf_with_javascript_is_refused_even_inside_a_compressed_object_stream():
    script = pypdf.generic.DictionaryObject(
        {
            pypdf.generic.NameObject("/S"): pypdf.generic.NameObject("/JavaScript"),
            pypdf.generic.NameObject("/JS"): pypdf.generic.TextStringObject("app.alert(1)"),
        }
    )
    assert "脚本" in _refusal("通知.pdf", _pdf_with(OpenAction=script))
    # The short name /JS alone, where no raw scan for "/JavaScript" could see it.
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    action = pypdf.generic.DictionaryObject(
        {pypdf.generic.NameObject("/JS"): pypdf.generic.TextStringObject("x")}
    )
    writer._root_object[pypdf.generic.NameObject("/AA")] = writer._add_object(action)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    assert "脚本" in _refusal("通知.pdf", out.getvalue())


def test_a_pdf_with_an_archive_appended_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.exe", b"MZ" * 100)
    assert "附加" in _refusal("通知.pdf", PDF_BYTES + archive.getvalue())


def test_a_broken_pdf_is_refused():
    assert "PDF" in _refusal("通知.pdf", b"%PDF-1.4\nnot really\n%%EOF\n")


def test_bidirectional_controls_and_nul_are_stripped_from_file_names():
    upload = SimpleUploadedFile("报告\u202efdp.exe\u0000.pdf", PDF_BYTES)
    check_upload(upload)
    assert upload.name == "报告fdp.exe.pdf"
    assert clean_file_name("..\\..\\etc/passwd\u2066") == "passwd"
    assert clean_file_name("\u200f\u202a") == "file"
    # The extension is read after cleaning: "photo\u202egpj.exe" is an .exe, refused.
    assert "只能上传" in _refusal("photo\u202egpj.exe", b"MZ")


def test_a_png_too_large_to_decode_safely_is_refused_a_large_jpeg_is_not():
    big = io.BytesIO()
    Image.new("RGB", (7000, 7000), "white").save(big, format="PNG", optimize=False)
    assert "JPG" in _refusal("合影.png", big.getvalue())
    photo = io.BytesIO()
    Image.new("RGB", (7000, 7000), "white").save(photo, format="JPEG", quality=50)
    assert check_upload(SimpleUploadedFile("合影.jpg", photo.getvalue()))[0] == ".jpg"


def test_an_upload_refusal_reaches_the_form_and_saves_nothing(client, db):
    from ..activities.test_access_table import url_for
    from ..activities.worlds import build_world

    world = build_world()
    client.force_login(world["actors"]["host_secretary"])
    macro = SimpleUploadedFile("议程.docx", _office({"word/vbaProject.bin": b"x"}))
    response = client.post(
        url_for("part-edit", world), {"action": "upload", "kind": "document", "upload": macro}
    )
    assert response.status_code == 200 and "宏" in response.content.decode()
    assert not world["future"].attachments.exists()


def test_a_nul_in_a_publicity_tag_is_refused_with_a_message(secretary_client):
    response = secretary_client.post(
        reverse("publicity:item-create"),
        {
            "title": "金山法院开展主题党日",
            "summary": "摘要",
            "body": "正文",
            "area": "party_exchange",
            "tags": "党建\x00引领",
        },
    )
    assert response.status_code == 200
    assert "标签" in response.content.decode() and "控制字符" in response.content.decode()
    assert PublicityItem.objects.count() == 0


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_years_at_the_ends_of_the_calendar_are_refused_on_the_activity_form(secretary_client, year):
    response = secretary_client.post(
        reverse("activities:activity-create"),
        {
            "title": "联合党课",
            "kind": "joint_party_lesson",
            "area": "party_exchange",
            "co_host_courts": [Court.objects.get(slug="pinghu").pk],
            "start": f"{year}-07-06T09:00",
            "end": f"{year}-07-06T11:00",
            "place": "报告厅",
        },
    )
    assert response.status_code == 200
    assert "2000" in response.content.decode()  # the range it gives
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_years_at_the_ends_of_the_calendar_are_refused_on_the_cooperation_form(
    secretary_client, year
):
    response = secretary_client.get(reverse("courts:cooperationitem-create"))
    assert response.status_code == 200
    response = secretary_client.post(
        reverse("courts:cooperationitem-create"),
        {
            "title": "联合调研",
            "area": "trial_quality",
            "description": "三地法院联合调研",
            "due_date": f"{year}-06-30",
            "status": "planned",
            "lead_court": Court.objects.get(slug="jinshan").pk,
        },
    )
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert CooperationItem.objects.count() == 0
