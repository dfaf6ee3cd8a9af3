"""Every page in both languages: in English no Chinese punctuation inside English text and no
Chinese dates; in Chinese no untranslated message (English words beyond file formats and
names), no ASCII punctuation inside Chinese text and no English dates. The pages are the demo
world's (tests/test_fuzz.py's list, plus the visitors' pages), as an administrator and as a
court's Party secretary."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .kit import SHARED, shared_world
from .test_fuzz import _pages


def build_world() -> dict:
    from portal.demo import seed_all

    seed_all()
    return {}


world = shared_world(build_world)
pytestmark = SHARED

CHINESE_PUNCTUATION = "，。：；、（）！？"
MIXED = re.compile(rf"[A-Za-z][{CHINESE_PUNCTUATION}]|[{CHINESE_PUNCTUATION}][A-Za-z]")
ASCII_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][:;!?,]|[\u4e00-\u9fff] ?\(|\) ?[\u4e00-\u9fff]")
CHINESE_DATE = re.compile(r"\d年\d{1,2}月")
ENGLISH_DATE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|[ap]\.m\.")
# English words a Chinese page may show: file formats (an uploaded file's name ends in one),
# names of things, the switcher's English.
ALLOWED_ENGLISH = {
    "admin", "Atom", "CSV", "English", "Excel", "HTML", "ics", "iCal", "JPG", "JPEG",
    "Markdown", "Pages", "PDF", "PNG", "Word", "TOTP", "WebAuthn",
    "pdf", "docx", "xlsx", "jpg", "jpeg", "png",
}  # fmt: skip
PUBLIC_PAGES = [
    "/public/",
    "/public/resources/",
    "/accounts/login/",
    "/agreement/",
    "/training/verify/",
]


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the attributes read aloud or shown."""

    SHOWN = {"title", "aria-label", "placeholder", "alt", "data-confirm"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.SHOWN and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def _texts(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = VisibleText()
    parser.feed(response.content.decode())
    return parser.parts


def _client(language: str, username: str | None) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _problems_in_english(path: str, text: str) -> list[str]:
    found = [
        f"{path}: {text[max(0, m.start() - 25) : m.end() + 25]!r}" for m in MIXED.finditer(text)
    ]
    # Notices and reminders too: they are written in each language (the inbox is in the list).
    found += [f"{path}: Chinese date in {text[:60]!r}" for _ in CHINESE_DATE.finditer(text)]
    return found


def _problems_in_chinese(path: str, text: str) -> list[str]:
    found = [
        f"{path}: untranslated {word!r} in {text[:60]!r}"
        for word in re.findall(r"[A-Za-z]{3,}", text)
        if word not in ALLOWED_ENGLISH
    ]
    found += [
        f"{path}: ASCII punctuation in {text[max(0, m.start() - 20) : m.end() + 20]!r}"
        for m in ASCII_IN_CHINESE.finditer(text)
    ]
    found += [f"{path}: English date in {text[:60]!r}" for _ in ENGLISH_DATE.finditer(text)]
    return found


@pytest.mark.parametrize("username", ["admin", "jinshan-secretary", None])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_reads_in_one_language(world, language, username):
    check = _problems_in_english if language == "en" else _problems_in_chinese
    client = _client(language, username)
    paths = PUBLIC_PAGES if username is None else _pages() + ["/calendar/?view=list", "/403-check/"]
    problems = []
    for path in paths:
        if path == "/403-check/":
            continue
        if client.get(path).status_code != 200:
            continue  # a page for administrators only, or for people in the directory only
        for text in _texts(client, path):
            problems += check(path, text)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_one_date_format_per_language_on_pages_lists_and_notices(world):
    import datetime

    from django.template import Context, Template
    from django.utils import timezone, translation

    from core.lists import display_text
    from core.services import _in_words

    moment = timezone.make_aware(datetime.datetime(2026, 11, 26, 14, 0))
    page = Template('{{ m|date:"DATETIME_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}')
    for language, expected in (("zh-hans", "2026年11月26日 14:00"), ("en", "26 Nov 2026 14:00")):
        with translation.override(language):
            rendered = page.render(Context({"m": moment})).split("|")
            assert rendered == [expected, expected]
            assert display_text(moment) == expected  # lists and exports
            assert str(_in_words(moment)) == expected  # notices and e-mail


def test_a_series_place_rule_reads_as_places(world):
    from activities.models import MeetingSeries

    series = MeetingSeries.objects.get(title="三地法院党组定期交流会商")
    assert "{host}" not in series.place_display
    assert series.place_display.startswith("金山法院党组会议室、平湖法院党组会议室、嘉善法院")


def test_the_default_reminder_plan_reads_in_the_readers_language(world):
    from django.utils import translation

    from activities.models import ReminderRule

    rule = ReminderRule.objects.filter(audience="host_secretary").first()
    assert rule.message == "请准备会场和议程。"  # stored as the portal wrote it
    with translation.override("en"):
        assert rule.shown_message == "Prepare the venue and the agenda."
    rule.message = "请提前一周订好会议室"
    assert rule.shown_message == "请提前一周订好会议室"  # a secretary's own words stay


def test_a_series_meetings_numbered_title_reads_in_each_language(world):
    from django.utils import translation

    from activities.models import Activity
    from activities.models.activity import shown_title

    meeting = Activity.objects.filter(series__isnull=False).order_by("start").first()
    assert meeting.title.endswith("（第1次）")  # stored in the portal's language
    base = meeting.title.removesuffix("（第1次）")
    with translation.override("en"):
        assert meeting.shown_title == f"{base} (no. 1)"
        assert shown_title("我自己写的标题") == "我自己写的标题"
    assert meeting.shown_title == meeting.title
    client = _client("en", "jinshan-secretary")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"{base} (no. 1)" in page and "（第1次）" not in page
    listing = client.get("/activities/?q=" + base[:6]).content.decode()
    assert f"{base} (no. 1)" in listing
