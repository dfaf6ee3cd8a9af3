"""``manage.py workflows``: print every status machine as the README shows it (Mermaid state
diagrams drawn from the declared ``Workflow`` maps); ``--check README.md`` fails when the
README's copy differs from the code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.workflow import readme_section

START, END = "<!-- workflows: start -->", "<!-- workflows: end -->"


def readme_copy(text: str) -> str:
    """The diagrams between the README's markers."""
    if START not in text or END not in text:
        raise CommandError(f"The README has no {START} … {END} section.")
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


class Command(BaseCommand):
    help = "Print the status machines as Mermaid diagrams, or check the README's copy."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", metavar="README", help="fail if this file's copy differs")
        parser.add_argument("--write", metavar="README", help="replace this file's copy")

    def handle(self, *args: Any, check: str | None = None, write: str | None = None, **_: Any):
        section = readme_section()
        if check:
            if readme_copy(Path(check).read_text()) != section:
                raise CommandError(f"{check} is out of date: run manage.py workflows --write")
            return
        if write:
            path = Path(write)
            text = path.read_text()
            readme_copy(text)
            head, rest = text.split(START, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(f"{head}{START}\n{section}{END}{tail}")
            return
        self.stdout.write(section, ending="")
