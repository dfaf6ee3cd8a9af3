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
