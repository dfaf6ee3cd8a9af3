"""Accessibility check with axe-core (vendored for the tests only: tests/browser/vendor/)."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations on the current page, as 'rule: target' lines."""
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_AA,
    )
    return [
        f"{violation['id']}: {node['target']} — {node['failureSummary'][:160]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


# --- Markup the W3C Nu checker refuses, checked without Java --------------------------------

import re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

PHRASING = frozenset({"span", "a", "b", "i", "em", "strong", "small", "code", "label", "button"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# HTML's valid time and global date-and-time strings: a fraction has one to three digits
DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "time" and "datetime" in values and not DATETIME.match(values["datetime"] or ""):
            self.errors.append(f"<time datetime={values['datetime']!r}> is not a valid date")
        if tag in ("form", "div", "ul", "ol", "table", "section") and (
            inside := [t for t in self.open if t in PHRASING]
        ):
            self.errors.append(f"<{tag}> inside <{inside[-1]}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


def markup_errors(html: str) -> list[str]:
    """The two kinds of error the Nu checker found in the portal's pages: a ``<time datetime>``
    that is not a valid date (six-digit fractions) and block content (a form) inside phrasing
    content (a span)."""
    parser = _Markup()
    parser.feed(html)
    return sorted(set(parser.errors))
