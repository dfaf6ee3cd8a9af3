"""Symposia and their papers: recorded by the host court, the authors told (of their award
too); a paper's file is checked like every upload and kept privately."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access import require
from core.files import check_upload, private_storage
from core.services import in_portal_language, notify
from core.types import Actor
from core.updates import model_update
from courts.models import Court, Person
from courts.permissions import can_act_for_court

from . import permissions
from .models import Paper, Symposium

PAPER_TYPES = {".pdf", ".docx"}


@transaction.atomic
def create_symposium(
    *,
    by: Actor,
    title: str,
    year: int,
    host_court: Court,
    date: datetime.date,
    theme: str = "",
    activity: Any = None,
) -> Symposium:
    require(
        permissions.can_create_symposium(by) and can_act_for_court(by, host_court),
        _("You may only record symposia your own court hosts."),
    )
    symposium = Symposium(
        title=title, year=year, host_court=host_court, date=date, theme=theme, activity=activity
    )
    symposium.full_clean()
    with set_actor(by):
        symposium.save()
    return symposium


SYMPOSIUM_FIELDS = {"title", "year", "date", "theme", "host_court", "activity"}


@transaction.atomic
def update_symposium(*, symposium: Symposium, by: Actor, **changes: Any) -> set[str]:
    symposium = Symposium.objects.select_for_update().get(pk=symposium.pk)
    require(permissions.can_edit_symposium(by, symposium), _("You may not change this symposium."))
    if "host_court" in changes and not can_act_for_court(by, changes["host_court"]):
        raise ValidationError({"host_court": _("Only administrators move a symposium.")})
    with set_actor(by):
        return model_update(instance=symposium, fields=SYMPOSIUM_FIELDS, data=changes)


def _store_paper_file(paper: Paper, upload: Any) -> None:
    try:
        extension, content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    if extension not in PAPER_TYPES:
        raise ValidationError({"upload": _("A paper is a PDF or Word (.docx) file.")})
    paper.original_name = upload.name[:200]
    paper.content_type = content_type
    paper.size = upload.size
    paper.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)


@transaction.atomic
def add_paper(
    *,
    symposium: Symposium,
    by: Actor,
    title: str,
    authors: Iterable[Person],
    abstract: str = "",
    award: str = Paper.Award.NONE,
    upload: Any = None,
) -> Paper:
    """Record a paper of the symposium (with its file, checked); its authors are told."""
    require(permissions.can_edit_symposium(by, symposium), _("You may not change this symposium."))
    authors = list(authors)
    if not authors:
        raise ValidationError({"authors": _("Name at least one author.")})
    paper = Paper(symposium=symposium, title=title, abstract=abstract, award=award)
    paper.full_clean(exclude=["file"])
    if upload is not None:
        _store_paper_file(paper, upload)
    try:
        with set_actor(by):
            paper.save()
            paper.authors.set(authors)
    except Exception:
        if paper.file:
            paper.file.delete(save=False)
        raise
    _tell_authors(paper, authors)
    return paper


@in_portal_language
def _tell_authors(paper: Paper, authors: Iterable[Person]) -> None:

    def title() -> str:
        award = "" if paper.award == Paper.Award.NONE else paper.get_award_display()
        return _("Your paper “%(title)s” at %(symposium)s%(award)s") % {
            "title": paper.title,
            "symposium": paper.symposium.title,
            "award": _(": %(award)s") % {"award": award} if award else "",
        }

    notify(
        recipients=[p.user for p in authors if p.user is not None],
        title=title,
        link=paper.get_absolute_url(),
    )


PAPER_FIELDS = {"title", "authors", "abstract", "award"}


@transaction.atomic
def update_paper(*, paper: Paper, by: Actor, upload: Any = None, **changes: Any) -> set[str]:
    paper = Paper.objects.select_for_update().select_related("symposium").get(pk=paper.pk)
    require(
        permissions.can_edit_symposium(by, paper.symposium), _("You may not change this paper.")
    )
    if "authors" in changes and not list(changes["authors"]):
        raise ValidationError({"authors": _("Name at least one author.")})
    old_file = paper.file.name if paper.file else ""
    with set_actor(by):
        changed = model_update(instance=paper, fields=PAPER_FIELDS, data=changes)
        if upload is not None:
            _store_paper_file(paper, upload)
            paper.save(update_fields=["file", "original_name", "content_type", "size"])
            changed.add("file")
    if "file" in changed and old_file:
        transaction.on_commit(lambda: private_storage.delete(old_file))
    if "award" in changed:
        _tell_authors(paper, paper.authors.all())
    return changed
