"""An item's body: Markdown written in the browser, rendered to HTML and sanitised.

markdown-it-py renders CommonMark with raw HTML switched off (HTML typed into the body shows
as text); nh3 (Ammonia) then keeps only an allow-list of tags and attributes — no scripts, no
event handlers, no styles, no ``javascript:`` or ``data:`` links — and an image only when it is
one of the portal's own item images (``/public/images/<id>/``): the public pages never load
anything from elsewhere, and an intranet has no elsewhere.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "img",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
OWN_IMAGE = re.compile(r"^/public/images/\d{1,18}/$")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if tag == "img" and name == "src":
        return value if OWN_IMAGE.match(value) else None
    return value


def render(body: str) -> str:
    """The body as safe HTML (headings start at h2: the page's title is the h1)."""
    html = _markdown.render(body or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_attribute,
        strip_comments=True,
    )


def image_ids(body: str) -> set[int]:
    """The ids of the portal images the body shows."""
    return {int(m) for m in re.findall(r"/public/images/(\d{1,18})/", body or "")}
