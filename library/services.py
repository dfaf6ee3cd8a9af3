"""Writes of the resource library: share a resource (a file or a link), edit it, upload a new
version (the earlier ones stay downloadable), record a download. Each checks the rule in
``permissions``, records who acted (django-auditlog) and runs in one transaction; admin goes
through the same functions."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.access import require
from core.files import make_thumbnail, pdf_preview, save_private_upload
from core.types import Actor, Viewer
from core.updates import model_update
from courts.models import Court
from courts.permissions import court_of

from . import permissions, uses
from .models import Download, Resource, ResourceUse, ResourceVersion, Tag
from .text import extract_text

MAX_TAGS = 8
RESOURCE_FIELDS = {"title", "kind", "area", "description", "link", "visibility"}


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    long = [n for n in cleaned if len(n) > 20]
    if long:
        raise ValidationError(
            {"tags": _("A tag has at most 20 characters: %(tag)s") % {"tag": long[0][:30]}}
        )
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("At most %(n)d tags.") % {"n": MAX_TAGS}})
    return [Tag.objects.get_or_create(name=name)[0] for name in cleaned]


def _save_version(resource: Resource, upload: Any, *, by: Actor, note: str) -> ResourceVersion:
    """Store ``upload`` as the resource's next version (checked like every upload, its text
    read for the search) and make it the latest."""
    number = (resource.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResourceVersion(resource=resource, number=number, note=note.strip()[:300])

    def read_text() -> None:
        resource.file_text = extract_text(upload, version.content_type)
        if version.content_type == "application/pdf":  # a preview of its first page
            preview = pdf_preview(upload)
            if preview is not None:
                version.thumbnail.save(
                    f"library/previews/{uuid.uuid4().hex}.jpg", ContentFile(preview), save=False
                )
        elif version.content_type.startswith("image/"):
            version.thumbnail.save(
                f"library/previews/{uuid.uuid4().hex}.jpg",
                ContentFile(make_thumbnail(upload)),
                save=False,
            )

    version = save_private_upload(version, upload, by=by, before_save=read_text)
    resource.latest = version
    with set_actor(by):
        resource.save(update_fields=["latest", "file_text", "updated_at"])
    return version


@transaction.atomic
def share_resource(
    *,
    by: Actor,
    court: Court,
    title: str,
    kind: str,
    area: str,
    description: str = "",
    tags: Iterable[str] = (),
    link: str = "",
    visibility: str = "alliance",
    upload: Any = None,
    note: str = "",
    used_by: Any = None,
) -> Resource:
    """A new resource of ``court``: a file (its first version) or a link, or both; ``used_by``
    a record it was shared from (an activity's page), which uses it at once."""
    require(
        permissions.can_share_resource(by, court),
        _("You may only share your own court's materials."),
    )
    if upload is None and not link.strip():
        raise ValidationError({"upload": _("Upload a file or give a link.")})
    resource = Resource(
        court=court,
        title=title.strip(),
        kind=kind,
        area=area,
        description=description.strip(),
        link=link.strip(),
        visibility=visibility,
        created_by=by,
    )
    resource.full_clean(exclude=["latest"])
    with set_actor(by):
        resource.save()
        resource.tags.set(_tags(tags))
    if upload is not None:
        _save_version(resource, upload, by=by, note=note)
    if used_by is not None:
        use_resource(resource=resource, target=used_by, by=by)
    return resource


@transaction.atomic
def edit_resource(
    *, resource: Resource, by: Actor, tags: Iterable[str] | None = None, **changes: Any
) -> Resource:
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    require(permissions.can_edit_resource(by, resource), _("You may not change this resource."))
    if changes.get("link") is not None and not changes["link"].strip() and resource.latest is None:
        raise ValidationError({"link": _("A resource without a file needs its link.")})
    with set_actor(by):
        model_update(instance=resource, fields=RESOURCE_FIELDS, data=changes)
        if tags is not None:
            wanted = _tags(tags)
            if {t.pk for t in wanted} != set(resource.tags.values_list("pk", flat=True)):
                resource.tags.set(wanted)
    return resource


@transaction.atomic
def add_version(*, resource: Resource, by: Actor, upload: Any, note: str = "") -> ResourceVersion:
    """A new version of the resource's file; every earlier one stays downloadable."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    require(permissions.can_add_version(by, resource), _("You may not change this resource."))
    return _save_version(resource, upload, by=by, note=note)


def record_download(version: ResourceVersion, user: Viewer) -> Download:
    """Count a download for the court of whoever downloaded it (none for a visitor)."""
    court = court_of(user)
    return Download.objects.create(version=version, resource_id=version.resource_id, court=court)


@transaction.atomic
def use_resource(*, resource: Resource, target: Any, by: Actor) -> ResourceUse:
    """``target`` (an activity, a training session, a case-study group, a publicity item) uses
    ``resource``: for whoever may change the record and read the resource."""
    require(uses.may_change(by, target), _("You may not change this record."))
    require(permissions.can_read_resource(by, resource), _("You may not read this resource."))
    kind = uses.content_type(target)
    if ResourceUse.objects.filter(
        resource=resource, target_type=kind, target_id=target.pk
    ).exists():
        raise ValidationError({"resource": _("This record already uses this resource.")})
    with set_actor(by):
        return ResourceUse.objects.create(
            resource=resource, target_type=kind, target_id=target.pk, added_by=by
        )


@transaction.atomic
def stop_using(*, use: ResourceUse, by: Actor) -> None:
    """The record no longer uses the resource (the resource stays in the library)."""
    use = ResourceUse.objects.select_for_update().get(pk=use.pk)
    require(uses.may_change(by, use.target), _("You may not change this record."))
    with set_actor(by):
        use.delete()
