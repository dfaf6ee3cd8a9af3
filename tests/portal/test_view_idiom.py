"""core.views.submit and perform: the one view idiom. A service's refusal lands on the form (or
in the page's messages) with what was typed kept and nothing changed; success gives a message
and a redirect."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.views import changed, perform, submit


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)
    note = forms.CharField(required=False)


def _request(method: str = "post", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_a_refusal_lands_on_its_field_and_the_form_keeps_what_was_typed():
    request = _request(data={"title": "三地联学", "note": "第一次"})
    form = TitleForm(request.POST)

    def refuse(data):
        raise ValidationError({"title": "标题已被使用。"})

    assert submit(request, form, refuse, success="已保存。", then="/done/") is None
    assert form.errors == {"title": ["标题已被使用。"]}
    assert form["title"].value() == "三地联学" and form["note"].value() == "第一次"
    assert _messages(request) == []


def test_a_refusal_without_a_field_is_the_forms_own_error():
    request = _request(data={"title": "三地联学"})
    form = TitleForm(request.POST)

    def refuse(data):
        raise ValidationError("会议已取消。")

    assert submit(request, form, refuse, success="已保存。", then="/done/") is None
    assert form.non_field_errors() == ["会议已取消。"]


def test_success_says_so_and_redirects_to_the_result_or_where_asked():
    request = _request(data={"title": "三地联学"})
    answer = submit(
        request,
        TitleForm(request.POST),
        lambda data: data["title"],
        success=lambda title: f"{title}已保存。",
        then=lambda title: f"/items/{len(title)}/",
    )
    assert answer.status_code == 302 and answer["Location"] == "/items/4/"
    assert _messages(request) == [("success", "三地联学已保存。")]


def test_a_get_or_an_invalid_form_calls_nothing():
    calls = []
    get = _request("get")
    assert submit(get, TitleForm(None), calls.append, success="", then="/") is None
    post = _request(data={"title": "x" * 21})
    form = TitleForm(post.POST)
    assert submit(post, form, calls.append, success="", then="/") is None
    assert calls == [] and "title" in form.errors


def test_a_buttons_refusal_becomes_the_pages_messages():
    request = _request()

    def refuse():
        raise ValidationError(["还缺会议记录。", "还缺照片。"])

    answer = perform(request, refuse, success="已完成。", then="/activity/1/")
    assert answer["Location"] == "/activity/1/"
    assert _messages(request) == [("error", "还缺会议记录。"), ("error", "还缺照片。")]


def test_a_buttons_form_is_checked_before_the_action_runs():
    request = _request(data={"title": ""})
    calls = []
    perform(
        request,
        lambda: calls.append(1),
        success="已完成。",
        then="/x/",
        form=TitleForm(request.POST),
    )
    assert calls == []
    assert [level for level, _text in _messages(request)] == ["error"]  # the field's message


@pytest.mark.parametrize("leave", [(), ("note",)])
def test_changed_names_only_what_the_user_changed(leave):
    form = TitleForm({"title": "新标题", "note": "备注"}, initial={"title": "旧标题", "note": ""})
    assert form.is_valid()
    expected = {"title": "新标题", "note": "备注"}
    for name in leave:
        expected.pop(name)
    assert changed(form, leave=leave) == expected
