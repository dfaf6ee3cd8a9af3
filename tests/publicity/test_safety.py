"""Hostile bodies are stored and shown safe on the staff and public pages; fake and oversized
images are refused with a message."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publicity import rendering, services
from publicity.models import ItemImage

from .conftest import draft, png

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    '<a href="javascript:alert(1)">点我</a>',
    "[点我](JaVaScRiPt:alert(1))",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<p style="position:fixed;top:0;left:0;width:100%">覆盖</p>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
    "![x](https://evil.example/track.png)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<div onmouseover="alert(1)">悬停</div>',
    "[x](data:text/html,<script>alert(1)</script>)",
    '<form action="https://evil.example"><input name=p></form>',
]


class Markup(HTMLParser):
    """The tags and attributes a browser would build from the HTML (escaped text is text)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


SAFE_TAGS = rendering.TAGS


def unsafe(html: str) -> list:
    parser = Markup()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in SAFE_TAGS:
            problems.append(tag)
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name in {"style", "srcdoc", "xlink:href", "formaction"}:
                problems.append(f"{tag}[{name}]")
            if name == "href" and not value.startswith(("http://", "https://", "mailto:", "/")):
                problems.append(f"{tag}[href={value}]")
            if name == "src" and not rendering.OWN_IMAGE.match(value):
                problems.append(f"{tag}[src={value}]")
    return problems


@pytest.mark.parametrize("body", HOSTILE)
def test_rendered_body_is_safe(body):
    html = rendering.render(body)
    assert unsafe(html) == [], html
    # what was not kept as markup shows as text, not silently dropped (the author sees it)
    assert html.strip()


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_body_is_inert_on_the_staff_and_public_pages(
    client, author, jinshan_reviewer, body
):
    item = draft(author, body=f"正文开头\n\n{body}\n\n正文结尾", title="安全测试")
    services.submit_item(item=item, by=author)
    services.publish_item(item=item, by=jinshan_reviewer)
    for url, user in ((item.get_absolute_url(), author), (item.get_public_url(), None)):
        if user:
            client.force_login(user)
        else:
            client.logout()
        page = client.get(url).content.decode()
        start, end = page.index("正文开头"), page.index("正文结尾")
        shown = page[start:end]
        assert unsafe(shown) == [], (url, shown)


def test_own_images_stay_and_headings_start_at_h2(item, author):
    image = services.add_image(item=item, by=author, upload=png(), alt="合影")
    html = rendering.render(f"# 标题\n\n{image.markdown()}")
    assert "<h2>标题</h2>" in html and f'src="/public/images/{image.pk}/"' in html


def test_images_are_checked_resized_and_re_encoded(item, author, settings):
    image = services.add_image(item=item, by=author, upload=png(3000, 1500), alt="大图")
    assert (image.width, image.height) == (1600, 800)
    with image.file.open("rb") as stored:
        assert stored.read(3) == b"\xff\xd8\xff"  # a JPEG, whatever was uploaded
    fake = SimpleUploadedFile("照片.png", b"this is text, not an image", content_type="image/png")
    with pytest.raises(Exception) as refused:
        services.add_image(item=item, by=author, upload=fake)
    assert "不是可读取的图片" in str(refused.value)
    settings.PUBLICITY_IMAGE_MAX_BYTES = 1000
    with pytest.raises(Exception) as too_big:
        services.add_image(item=item, by=author, upload=png(400, 400, (1, 2, 3)))
    assert "上限" in str(too_big.value) or "限制" in str(too_big.value)
    assert ItemImage.objects.filter(item=item).count() == 1


def test_upload_page_answers_with_a_message_for_a_fake_image(client, item, author):
    client.force_login(author)
    url = reverse("publicity:image-upload", args=[item.pk])
    fake = SimpleUploadedFile("假图.png", b"not an image at all", content_type="image/png")
    response = client.post(url, {"upload": fake}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["errors"]
    page = client.post(url, {"upload": SimpleUploadedFile("假图.png", b"xx")}, follow=True)
    assert "图片" in page.content.decode()
    ok = client.post(url, {"upload": png(), "alt": "合影"}, HTTP_ACCEPT="application/json")
    assert ok.status_code == 200 and ok.json()["markdown"].startswith("![合影](/public/images/")
