"""The annual report as a Word document in the official-document layout (core.documents): the
overall figures in sentences, each area's records, the targets met and missed. A secretary
edits it into the year's work summary (年度工作总结) and files it."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core.documents import Block, Heading, OfficialDocument, Paragraph, Table, docx_bytes
from core.lists import separator
from courts.selectors import courts_by_id

from .report import Report

ROWS_IN_WORD = 40  # a section's rows in the document; the workbook has all of them


def document_bytes(report: Report) -> bytes:
    """Always in the portal's language (Chinese): an official document is filed as one."""
    with translation.override(settings.LANGUAGE_CODE):
        return docx_bytes(official_document(report))


def official_document(report: Report) -> OfficialDocument:
    courts = (
        [report.court]
        if report.court
        else sorted(courts_by_id().values(), key=lambda c: c.sort_order)
    )
    who = report.court.name if report.court else _("the three courts")
    blocks: list[Block] = [Heading(1, _("Overall")), *_overall(report, who)]
    blocks.append(Heading(1, _("The work of each area")))
    for part in report.areas:
        blocks.append(Heading(2, part.label))
        if not part.sections:
            blocks.append(Paragraph(_("Nothing was recorded in this area this year.")))
        for section in part.sections:
            blocks.append(Heading(3, str(section.section.label)))
            shown = section.rows[:ROWS_IN_WORD]
            blocks.append(Table([str(h) for h in section.section.headers], shown))
            if len(section.rows) > len(shown):
                more = len(section.rows) - len(shown)
                blocks.append(
                    Paragraph(
                        _("%(n)d more are listed in the Excel workbook of this report.")
                        % {"n": more}
                    )
                )
    blocks.append(Heading(1, _("Targets")))
    if report.targets:
        blocks.append(
            Paragraph(
                _("Of %(all)d targets, %(met)d were met and %(missed)d were not.")
                % {"all": len(report.targets), "met": len(report.met), "missed": len(report.missed)}
            )
        )
        blocks.append(
            Table(
                [_("Court"), _("Measure"), _("Area or kind"), _("Target"), _("Done")],
                [
                    [t.target.court.short_name, t.measure, t.row, t.target.value, t.cell.n]
                    for t in report.targets
                ],
            )
        )
    else:
        blocks.append(Paragraph(_("No targets were set for this year.")))
    blocks.append(Heading(1, _("Next year's work")))
    blocks.append(Paragraph(_("(To be written by the court.)")))
    return OfficialDocument(
        title=_("Work summary of adjacent-region Party building of %(who)s for %(year)d")
        % {"who": who, "year": report.year},
        recipients=_("The Party groups of the three courts")
        if report.court is None
        else _("The court's Party group"),
        issuer="\n".join(c.name for c in courts),
        date=report.made,
        blocks=blocks,
    )


def _overall(report: Report, who: str) -> list[Block]:
    """A sentence per figure: the total and each court's share of it."""
    sentences = []
    for table in report.tables:
        total = table.rows[-1][1] if table.rows else []
        if not total:
            continue
        alliance = total[-1]
        per_court = separator().join(
            f"{c.short_name} {cell.n}" for c, cell in zip(table.courts, total, strict=False)
        )
        if report.court is None:
            sentences.append(
                _("%(figure)s: %(n)d in all (%(courts)s).")
                % {"figure": table.figure.label, "n": alliance.n, "courts": per_court}
            )
        else:
            sentences.append(
                _("%(figure)s: %(n)d.") % {"figure": table.figure.label, "n": alliance.n}
            )
    intro = _("In %(year)d, %(who)s recorded the following in the portal.") % {
        "year": report.year,
        "who": who,
    }
    return [Paragraph(intro), *[Paragraph(s) for s in sentences]]
