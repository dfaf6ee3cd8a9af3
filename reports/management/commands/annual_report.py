"""python manage.py annual_report 2025 [--court jinshan] [--out DIR]: the annual report's
workbook, Word document and printable page, the same files the report page gives."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from courts.models import AGREEMENT_YEAR, Court
from reports.document import document_bytes
from reports.report import annual_report
from reports.workbook import workbook_bytes


class Command(BaseCommand):
    help = "Write a year's annual report as .xlsx, .docx and a printable .html."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--court", help="a court's slug (jinshan, pinghu, jiashan)")
        parser.add_argument("--out", default=".", help="the folder to write to")

    def handle(self, *args, year, court=None, out=".", **options):
        if not AGREEMENT_YEAR <= year <= timezone.localdate().year:
            raise CommandError(f"The year must be from {AGREEMENT_YEAR} to this year.")
        chosen = None
        if court:
            chosen = Court.objects.filter(slug=court).first()
            if chosen is None:
                raise CommandError(f"No court {court!r}.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        with translation.override(settings.LANGUAGE_CODE):
            report = annual_report(year, chosen)
            stem = f"{year}-{chosen.slug if chosen else 'jin-ping-jia'}-annual-report"
            files = {
                f"{stem}.xlsx": workbook_bytes(report),
                f"{stem}.docx": document_bytes(report),
                f"{stem}.html": render_to_string(
                    "reports/report_print.html", {"report": report}
                ).encode(),
            }
        for name, content in files.items():
            (folder / name).write_bytes(content)
            self.stdout.write(str(folder / name))
