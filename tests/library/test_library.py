"""The shared resource library: who reads what (one rule in every page, download and search),
versions, the words inside uploaded files, bad uploads refused with nothing saved, audit."""

from __future__ import annotations

import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courts.choices import Role
from library import services
from library.models import Download, Resource, ResourceVersion

from ..conftest import make_member
from ..factories import PDF_BYTES, court
from ..kit import warm_to_do_count

LIST = reverse("library:resource-list")


def chinese_pdf(text: str) -> bytes:
    """A PDF whose page draws ``text`` (reportlab's built-in Chinese CID font: no font file)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 14)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return out.getvalue()


def chinese_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("前言")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str = "汇编.pdf", data: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def coordinator(db):
    return make_member("pinghu", Role.TRAINING_COORDINATOR, full_name="平湖培训专员")


@pytest.fixture
def shared(jinshan_secretary):
    """Jinshan's resources: one for its own court, one for the three courts, one public."""

    def share(title: str, visibility: str, data: bytes = PDF_BYTES) -> Resource:
        return services.share_resource(
            by=jinshan_secretary,
            court=court("jinshan"),
            title=title,
            kind="cases",
            area="trial_quality",
            visibility=visibility,
            tags=["金融"],
            upload=upload(data=data),
        )

    return {
        "own": share("金山院内审判指引", "court"),
        "alliance": share("三地金融类案汇编", "alliance", chinese_pdf("保理合同的认定规则")),
        "public": share("公开典型案例汇编", "public"),
    }


def _titles(client, query: str = "") -> set[str]:
    html = client.get(LIST + query).content.decode()
    return {t for t in ["金山院内审判指引", "三地金融类案汇编", "公开典型案例汇编"] if t in html}


def test_another_courts_staff_read_the_shared_resources_but_never_its_own(
    client, shared, pinghu_secretary
):
    client.force_login(pinghu_secretary)
    assert _titles(client) == {"三地金融类案汇编", "公开典型案例汇编"}
    own = shared["own"]
    assert client.get(own.get_absolute_url()).status_code == 404
    assert client.get(own.latest.get_absolute_url()).status_code == 404
    assert client.get(reverse("library:resource-edit", args=[own.pk])).status_code == 404
    export = client.get(LIST + "?format=csv").content.decode("utf-8-sig")
    assert "金山院内审判指引" not in export and "三地金融类案汇编" in export
    found = client.get(reverse("search") + "?q=审判指引").content.decode()
    assert "金山院内审判指引" not in found


def test_the_owning_courts_staff_read_all_of_its_resources(judge_client, shared):
    assert _titles(judge_client) == {"金山院内审判指引", "三地金融类案汇编", "公开典型案例汇编"}
    assert judge_client.get(shared["own"].get_absolute_url()).status_code == 200


def test_a_visitor_downloads_a_public_file_and_nothing_else(client, shared):
    assert client.get(shared["public"].latest.get_absolute_url()).status_code == 200
    assert client.get(shared["alliance"].latest.get_absolute_url()).status_code == 404
    assert client.get(shared["own"].latest.get_absolute_url()).status_code == 404
    assert client.get(LIST).status_code == 302  # the library itself is for staff


def test_downloads_are_counted_per_court(client, shared, pinghu_secretary, jinshan_judge):
    version = shared["alliance"].latest
    client.force_login(pinghu_secretary)
    before = client.get(shared["alliance"].get_absolute_url()).content.decode()
    assert "尚无下载。" in before  # kept rendered…
    client.get(version.get_absolute_url())
    client.get(version.get_absolute_url())
    client.force_login(jinshan_judge)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    counts = {d.court.slug: 0 for d in Download.objects.select_related("court")}
    for d in Download.objects.select_related("court"):
        counts[d.court.slug] += 1
    assert counts == {"pinghu": 2, "jinshan": 1}
    page = client.get(shared["alliance"].get_absolute_url()).content.decode()
    assert "尚无下载。" not in page  # …until a download is written
    assert re.search(r"平湖</th><td[^>]*>2</td>", page) and re.search(
        r"金山</th><td[^>]*>1</td>", page
    )


def test_a_new_version_keeps_the_earlier_one_downloadable(secretary_client, shared):
    resource = shared["alliance"]
    first = resource.latest
    response = secretary_client.post(
        reverse("library:version-upload", args=[resource.pk]),
        {"upload": upload("汇编2026.pdf"), "note": "2026年修订版"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.latest.number == 2 and resource.latest.original_name == "汇编2026.pdf"
    assert secretary_client.get(first.get_absolute_url()).status_code == 200
    page = secretary_client.get(resource.get_absolute_url()).content.decode()
    assert "版本 2" in page and "版本 1" in page and "2026年修订版" in page
    listing = secretary_client.get(LIST + "?q=三地金融").content.decode()
    assert "v2 ·" in listing and "v1 ·" not in listing  # the list shows the latest


@pytest.mark.parametrize(
    "name, data, word",
    [
        ("汇编.pdf", chinese_pdf("融资租赁合同中的保理条款认定"), "保理"),
        ("指引.docx", chinese_docx("关于审理融资租赁合同纠纷的裁判指引"), "融资租赁"),
    ],
)
def test_a_chinese_word_inside_an_uploaded_file_is_found(
    client, jinshan_secretary, pinghu_secretary, name, data, word
):
    client.force_login(jinshan_secretary)
    response = client.post(
        reverse("library:resource-create"),
        {
            "title": "上传的资料",
            "kind": "guideline",
            "area": "trial_quality",
            "court": court("jinshan").pk,
            "visibility": "alliance",
            "upload": upload(name, data),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert word in Resource.objects.get().file_text
    client.force_login(pinghu_secretary)  # another court's staff find it by a word inside it
    assert "上传的资料" in client.get(LIST + f"?q={word}").content.decode()
    assert "上传的资料" not in client.get(LIST + "?q=刑事附带").content.decode()


def _macro_docx() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("脚本.exe", b"MZ", "只能上传"),
        ("假文档.pdf", b"not a pdf at all", "不是PDF"),
        ("宏.docx", _macro_docx(), "宏"),
        ("反向\u202egpj.pdf", b"not a pdf", "不是PDF"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_saved(
    secretary_client, name, data, message
):
    posted = {
        "title": "坏文件",
        "kind": "other",
        "area": "culture",
        "court": court("jinshan").pk,
        "visibility": "alliance",
        "description": "描述保留",
        "upload": upload(name, data),
    }
    response = secretary_client.post(reverse("library:resource-create"), posted)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page.replace(" ", "")
    assert "描述保留" in page  # what was typed is kept
    assert not Resource.objects.exists() and not ResourceVersion.objects.exists()


def test_an_oversize_file_is_refused(secretary_client, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = secretary_client.post(
        reverse("library:resource-create"),
        {
            "title": "太大",
            "kind": "other",
            "area": "culture",
            "court": court("jinshan").pk,
            "visibility": "alliance",
            "upload": upload(data=PDF_BYTES),
        },
    )
    assert response.status_code == 200 and not Resource.objects.exists()


def test_a_file_or_a_link_is_needed(secretary_client):
    response = secretary_client.post(
        reverse("library:resource-create"),
        {
            "title": "空的",
            "kind": "other",
            "area": "culture",
            "court": court("jinshan").pk,
            "visibility": "alliance",
        },
    )
    assert "上传文件或填写链接" in response.content.decode()
    assert not Resource.objects.exists()


def test_a_link_alone_is_a_resource_without_versions(secretary_client):
    secretary_client.post(
        reverse("library:resource-create"),
        {
            "title": "院内网上的党史学习资料",
            "kind": "party_study",
            "area": "party_exchange",
            "court": court("jinshan").pk,
            "visibility": "alliance",
            "link": "http://intranet.jsfy.example/dangshi",
        },
    )
    resource = Resource.objects.get()
    assert resource.latest is None and resource.link.endswith("/dangshi")


def test_who_shares_and_edits(client, shared, jinshan_judge, pinghu_secretary, coordinator):
    client.force_login(jinshan_judge)
    assert client.get(reverse("library:resource-create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.share_resource(
            by=pinghu_secretary,
            court=court("jinshan"),
            title="代别院共享",
            kind="other",
            area="culture",
            link="http://x.example/",
        )
    client.force_login(coordinator)  # a coordinator shares for their own court
    assert client.get(reverse("library:resource-create")).status_code == 200
    alliance = shared["alliance"]
    assert client.get(reverse("library:resource-edit", args=[alliance.pk])).status_code == 404
    response = client.post(
        reverse("library:version-upload", args=[alliance.pk]), {"upload": upload()}
    )
    assert response.status_code == 404
    assert alliance.versions.count() == 1


def test_every_write_is_audited(jinshan_secretary, shared):
    resource = shared["alliance"]
    services.edit_resource(
        resource=resource, by=jinshan_secretary, title="三地金融类案汇编（修订）"
    )
    services.add_version(resource=resource, by=jinshan_secretary, upload=upload())
    entries = LogEntry.objects.get_for_object(resource)
    assert entries.filter(actor=jinshan_secretary).count() >= 2
    assert LogEntry.objects.get_for_object(resource.versions.get(number=2)).exists()


def test_the_list_costs_the_same_queries_whatever_its_length(
    judge_client, shared, jinshan_secretary, django_assert_max_num_queries
):
    warm_to_do_count(judge_client)
    judge_client.get(LIST)  # the session records the list's filters once
    with django_assert_max_num_queries(8):
        judge_client.get(LIST)
    for n in range(12):
        services.share_resource(
            by=jinshan_secretary,
            court=court("jinshan"),
            title=f"资料{n}",
            kind="template",
            area="culture",
            upload=upload(),
        )
    warm_to_do_count(judge_client)
    with django_assert_max_num_queries(8):
        judge_client.get(LIST)


def test_the_dashboard_counts_the_resources_shared_beyond_their_court(
    secretary_client, shared, jinshan_secretary
):
    import datetime

    from django.utils import timezone

    services.share_resource(
        by=jinshan_secretary,
        court=court("jinshan"),
        title="平湖共享的党建资料",
        kind="party_study",
        area="party_exchange",
        link="http://intranet.example/1",
    )
    in_2025 = datetime.datetime(2025, 5, 1, 9, tzinfo=timezone.get_current_timezone())
    Resource.objects.update(created_at=in_2025)
    page = secretary_client.get(reverse("courts:dashboard") + "?year=2025").content.decode()
    from tests.courts.test_dashboard import _check

    every = list(Resource.objects.all())
    caption = "向三地共享的资源"
    _check(secretary_client, page, caption, "审判质效", [2, 0, 0, 2], every)  # own-court one aside
    _check(secretary_client, page, caption, "党建交流", [1, 0, 0, 1], every)


def test_the_public_pages_list_the_public_resources_only(client, shared):
    listing = client.get(reverse("public-resources")).content.decode()
    assert "公开典型案例汇编" in listing
    assert "三地金融类案汇编" not in listing and "金山院内审判指引" not in listing
    public = shared["public"]
    page = client.get(public.get_public_url()).content.decode()
    assert public.latest.get_absolute_url() in page
    assert client.get(reverse("public-resource", args=[shared["alliance"].pk])).status_code == 404
    assert client.get(reverse("public-resource", args=[shared["own"].pk])).status_code == 404


def test_the_atom_feed_carries_the_public_resources_and_no_other(client, shared):
    feed = client.get(reverse("public-feed")).content.decode()
    assert "公开典型案例汇编" in feed and shared["public"].get_public_url() in feed
    assert "三地金融类案汇编" not in feed and "金山院内审判指引" not in feed


def test_a_pdf_shows_a_picture_of_its_first_page_to_whoever_reads_it(
    client, shared, pinghu_secretary
):
    from PIL import Image

    alliance, own = shared["alliance"], shared["own"]
    assert alliance.latest.thumbnail  # made when it was uploaded
    client.force_login(pinghu_secretary)
    page = client.get(alliance.get_absolute_url()).content.decode()
    preview = reverse("library:version-preview", args=[alliance.latest.pk])
    assert f'src="{preview}"' in page
    answer = client.get(preview)
    assert answer["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(b"".join(answer.streaming_content)))
    assert max(image.size) == 480  # the page drawn small, whatever its size
    assert client.get(reverse("library:version-preview", args=[own.latest.pk])).status_code == 404
    assert not Download.objects.exists()  # a preview is no download


def test_a_page_pdfium_cannot_draw_has_no_preview_and_raises_nothing():
    from core.files import pdf_preview

    assert pdf_preview(upload(data=b"%PDF-1.4 not really a document")) is None
    assert pdf_preview(upload(data=chinese_pdf("一页"))).startswith(b"\xff\xd8")  # a JPEG


def test_an_activity_uses_resources_picked_or_shared_from_its_page(
    client, shared, jinshan_secretary, pinghu_secretary
):
    from library.models import ResourceUse

    from ..factories import make_activity

    activity = make_activity(host="jinshan", co_hosts=("pinghu",), title="金平联合党课")
    token = f"activities.activity:{activity.pk}"
    client.force_login(jinshan_secretary)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "资源库中的资料" in page and "从资源库选择" in page
    picker = reverse("library:use-picker") + f"?for={token}"
    assert "三地金融类案汇编" in client.get(picker + "&q=金融").content.decode()
    answer = client.post(picker, {"for": token, "resource": shared["alliance"].pk})
    assert answer.status_code == 302 and answer["Location"] == activity.get_absolute_url()
    client.post(picker, {"for": token, "resource": shared["alliance"].pk})  # twice: once
    assert ResourceUse.objects.count() == 1
    client.post(picker, {"for": token, "resource": shared["own"].pk})  # Jinshan's own: fine
    # Shared into the library from the activity's page: used there at once.
    answer = client.post(
        reverse("library:resource-create"),
        {
            "for": token,
            "title": "党课讲稿",
            "kind": "party_study",
            "area": "party_exchange",
            "court": court("jinshan").pk,
            "visibility": "alliance",
            "upload": upload(),
        },
    )
    assert answer["Location"] == activity.get_absolute_url()
    assert ResourceUse.objects.count() == 3
    resource = Resource.objects.get(title="党课讲稿")
    assert "金平联合党课" in client.get(resource.get_absolute_url()).content.decode()

    # Pinghu's secretary reads the activity: the shared materials, not Jinshan's own one.
    client.force_login(pinghu_secretary)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "三地金融类案汇编" in page and "党课讲稿" in page
    assert "金山院内审判指引" not in page
    assert "从资源库选择" not in page  # Pinghu does not change Jinshan's activity
    assert client.get(picker).status_code == 404
    use = ResourceUse.objects.get(resource=shared["alliance"])
    assert client.post(reverse("library:use-delete", args=[use.pk])).status_code == 404

    # Taken off by the host's secretary: the resource stays in the library.
    client.force_login(jinshan_secretary)
    client.post(reverse("library:use-delete", args=[use.pk]))
    assert not ResourceUse.objects.filter(pk=use.pk).exists()
    assert Resource.objects.filter(pk=shared["alliance"].pk).exists()
    assert "三地金融类案汇编" not in client.get(activity.get_absolute_url()).content.decode()


def test_another_courts_own_resource_cannot_be_picked(client, shared, pinghu_secretary):
    from library.models import ResourceUse

    from ..factories import make_activity

    activity = make_activity(host="pinghu", co_hosts=("jinshan",))
    client.force_login(pinghu_secretary)
    picker = reverse("library:use-picker") + f"?for=activities.activity:{activity.pk}"
    answer = client.post(picker, {"resource": shared["own"].pk})
    assert answer.status_code == 404 and not ResourceUse.objects.exists()
    assert "金山院内审判指引" not in client.get(picker).content.decode()
    for bad in ["auth.user:1", "activities.activity:abc", "activities.activity:999999", ""]:
        answer = client.get(reverse("library:use-picker") + f"?for={bad}")
        assert answer.status_code == 404, bad


def test_the_rule_for_one_resource_and_for_the_list_agree_for_every_viewer(
    shared, pinghu_secretary, jinshan_judge, portal_admin
):
    from django.contrib.auth.models import AnonymousUser

    from library.permissions import can_read_resource, resource_reader

    viewers = [pinghu_secretary, jinshan_judge, portal_admin, AnonymousUser()]
    for viewer in viewers:
        listed = set(Resource.objects.visible_to(viewer))
        for resource in Resource.objects.all():
            assert (resource in listed) == can_read_resource(viewer, resource), (viewer, resource)
    keys = {resource_reader(viewer).key for viewer in viewers}
    assert len(keys) == len(viewers)  # each reads a different set: each answer kept apart
