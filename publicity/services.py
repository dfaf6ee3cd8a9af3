"""Writes of publicity: items from draft to published, their images and attachments, sign-offs
and publication records. Each service checks the rule in ``permissions``, records who acted
(django-auditlog, and an ``ItemEvent`` for every move of the status) and tells the people
concerned (inbox, and e-mail where their court uses it)."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterable
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access import require
from core.files import check_upload, reduced_rgb, save_private_upload
from core.lists import separator
from core.services import tell
from core.types import Actor
from core.updates import model_update
from core.workflow import transition
from courts.choices import Role
from courts.models import Court, Person
from courts.permissions import person_of
from courts.registry import story_source

from . import permissions, rendering
from .models import (
    ItemAttachment,
    ItemEvent,
    ItemImage,
    PublicationRecord,
    PublicityItem,
    Signoff,
    Tag,
)
from .workflows import ITEMS

Status = PublicityItem.Status
IMAGE_MAX_SIDE = 1600  # pixels: the longest side of an image as the pages show it
MAX_TAGS = 8

# --- Items ------------------------------------------------------------------------------------

ITEM_FIELDS = {"title", "summary", "body", "area", "courts", "good_practice", "joint_signoff"}


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


@transaction.atomic
def create_item(
    *,
    by: Actor,
    title: str,
    summary: str,
    body: str,
    area: str,
    courts: Iterable[Court] = (),
    tags: Iterable[str] = (),
    good_practice: bool = False,
    joint_signoff: bool = False,
    source: str = "",
) -> PublicityItem:
    """A draft of the author's own court; ``source`` ("activity:12") prefills nothing here —
    the form did — but links the item to the record and carries its photos over."""
    require(permissions.can_create_item(by), _("You may not write publicity items."))
    author = person_of(by)
    assert author is not None
    item = PublicityItem(
        title=title.strip(),
        summary=summary.strip(),
        body=body,
        body_html=rendering.render(body),
        area=area,
        court=author.court,
        author=author,
        good_practice=good_practice,
        joint_signoff=joint_signoff,
    )
    start = None
    if source:
        start = _story_start(by, source)
        item.source = source
        item.source_title = start.title[:200]
        item.source_url = start.url[:200]
    item.full_clean()
    with set_actor(by):
        item.save()
        item.courts.set({*courts, author.court})
        item.tags.set(_tags(tags))
    if start is not None:
        _carry_photos(item, by, start.photos)
    ItemEvent.objects.create(item=item, by=by, before=Status.DRAFT, after=Status.DRAFT)
    return item


def _story_start(by: Actor, source: str) -> Any:
    key, _sep, pk = source.partition(":")
    found = story_source(key)
    start = found.start(by, int(pk)) if found is not None and pk.isdigit() else None
    if start is None:
        raise ValidationError(_("That record cannot be written about."))
    return start


def story_prefill(by: Actor, source: str) -> dict[str, Any] | None:
    """The draft form's initial values from a record (None when it cannot be used)."""
    try:
        start = _story_start(by, source)
    except (ValidationError, ValueError):
        return None
    return {
        "title": start.title[:120],
        "summary": start.summary[:300],
        "body": start.body,
        "area": start.area,
        "courts": list(Court.objects.filter(pk__in=start.court_ids)),
        "source": source,
        "source_title": start.title,
        "photos": len(start.photos),
    }


def _carry_photos(item: PublicityItem, by: Actor, photos: Iterable[tuple[str, bytes]]) -> None:
    images = []
    for name, content in list(photos)[:6]:
        upload = ContentFile(content, name=name)
        try:
            images.append(add_image(item=item, by=by, upload=upload, alt=item.title[:120]))
        except ValidationError:
            continue  # a photo that is no longer a readable image is left behind
    if not images:
        return
    data: dict[str, Any] = {}
    if item.cover_id is None:
        data["cover"] = images[0]  # the first photo is the cover, shown above the body…
        images = images[1:]  # …and not repeated in it
    if images:
        lines = [image.markdown() for image in images]
        data["body"] = item.body.rstrip() + "\n\n" + "\n\n".join(lines) + "\n"
        data["body_html"] = rendering.render(data["body"])
    with set_actor(by):
        model_update(instance=item, fields=data, data=data)


@transaction.atomic
def update_item(
    *, item: PublicityItem, by: Actor, tags: Iterable[str] | None = None, **changes: Any
) -> set[str]:
    """Change a draft (or a returned or withdrawn item); the body is rendered again."""
    item = PublicityItem.objects.select_for_update().get(pk=item.pk)
    require(permissions.can_edit_item(by, item), _("This item cannot be changed now."))
    if "courts" in changes:
        changes["courts"] = {*changes["courts"], item.court}
    with set_actor(by):
        changed = model_update(instance=item, fields=ITEM_FIELDS, data=changes)
        if "body" in changed:
            html = rendering.render(item.body)
            model_update(instance=item, fields=["body_html"], data={"body_html": html})
        if tags is not None:
            wanted = _tags(tags)
            if {t.pk for t in wanted} != set(item.tags.values_list("pk", flat=True)):
                item.tags.set(wanted)
                changed.add("tags")
    if changed and item.author.user_id != getattr(by, "pk", None):
        # Someone else (an administrator) changed the author's item: the author hears of it.
        tell(
            recipients=[item.author.user],
            title=gettext_lazy("Your item “%(title)s” was edited by %(editor)s"),
            params={"title": item.title, "editor": _editor_name(by)},
            link=item.get_absolute_url(),
            target=item,
        )
    return changed


def _editor_name(user: Actor) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()


# --- Images and attachments -------------------------------------------------------------------


def _resized(upload: Any) -> tuple[bytes, int, int]:
    """The image re-encoded as JPEG (no metadata, no hidden payload), its longest side at most
    IMAGE_MAX_SIDE pixels."""

    image = reduced_rgb(upload, IMAGE_MAX_SIDE)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue(), image.width, image.height


@transaction.atomic
def add_image(*, item: PublicityItem, by: Actor, upload: Any, alt: str = "") -> ItemImage:
    """An image for the item's body or cover: it must open as a JPG or PNG image within the
    size cap; it is stored resized and re-encoded."""
    item = PublicityItem.objects.get(pk=item.pk)
    require(
        permissions.can_edit_item(by, item) or permissions.can_create_item(by),
        _("This item cannot be changed now."),
    )
    limit = settings.PUBLICITY_IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "upload": _("The image is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    try:
        check_upload(upload, image_required=True)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    content, width, height = _resized(upload)
    image = ItemImage(item=item, width=width, height=height, alt=alt.strip()[:120], uploaded_by=by)
    image.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    try:
        with set_actor(by):
            image.save()
    except Exception:
        image.file.delete(save=False)
        raise
    return image


@transaction.atomic
def set_cover(*, item: PublicityItem, by: Actor, image: ItemImage | None) -> None:
    item = PublicityItem.objects.select_for_update().get(pk=item.pk)
    require(permissions.can_edit_item(by, item), _("This item cannot be changed now."))
    if image is not None and image.item_id != item.pk:
        raise ValidationError({"cover": _("Choose one of this item's images.")})
    with set_actor(by):
        model_update(instance=item, fields={"cover"}, data={"cover": image})


def add_attachment(*, item: PublicityItem, by: Actor, upload: Any) -> ItemAttachment:
    item = PublicityItem.objects.get(pk=item.pk)
    require(permissions.can_edit_item(by, item), _("This item cannot be changed now."))
    return save_private_upload(ItemAttachment(item=item), upload, by=by)


# --- The workflow -----------------------------------------------------------------------------


def _locked(item: PublicityItem) -> PublicityItem:
    return (
        PublicityItem.objects.select_for_update(of=("self",))
        .select_related("author__user", "court")
        .get(pk=item.pk)
    )


def _move(
    item: PublicityItem, to: str, *, by: Actor, comment: str = "", also: Iterable[str] = ()
) -> PublicityItem:
    before = item.status
    transition(item, to, by=by, workflow=ITEMS, also=also)
    ItemEvent.objects.create(item=item, by=by, before=before, after=to, comment=comment)
    return item


def _comment(text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({"comment": _("Say why, for the author.")})
    if len(text) > 2000:
        raise ValidationError({"comment": _("Keep it within 2,000 characters.")})
    return text


def _reviewers(court_ids: Iterable[int]) -> list[Any]:
    return [
        p.user
        for p in Person.objects.filter(
            court_id__in=list(court_ids),
            user__is_active=True,
            user__groups__name=Role.PUBLICITY_REVIEWER,
        ).select_related("user")
    ]


@transaction.atomic
def submit_item(*, item: PublicityItem, by: Actor) -> PublicityItem:
    """Send a draft (or a returned or withdrawn item) to its court's reviewers; a joint item
    also to the reviewers of the other courts involved, who sign it off."""
    item = _locked(item)
    if not item.body.strip() or not item.summary.strip():
        raise ValidationError(_("Write the summary and the body before submitting."))
    _move(item, Status.IN_REVIEW, by=by)
    item.signoffs.all().delete()  # a new version is signed off anew
    signers = [u for c in permissions.signoff_courts(item) for u in permissions.signers_of(c)]
    recipients = {u.pk: u for u in [*_reviewers([item.court_id]), *signers] if u.pk != by.pk}
    tell(
        recipients=list(recipients.values()),
        title=gettext_lazy("Publicity item to review: %(title)s"),
        params={"title": item.title},
        body=item.summary,
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def return_item(*, item: PublicityItem, by: Actor, comment: str) -> PublicityItem:
    """Back to the author with the reviewer's comment (kept on the item and in its history)."""
    item = _locked(item)
    item.review_comment = _comment(comment, required=True)
    _move(item, Status.RETURNED, by=by, comment=item.review_comment, also=["review_comment"])
    tell(
        recipients=[item.author.user],
        title=gettext_lazy("Your publicity item was returned: %(title)s"),
        params={"title": item.title},
        body=item.review_comment,
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def publish_item(*, item: PublicityItem, by: Actor, comment: str = "") -> PublicityItem:
    """Publish an item in review (signed off by every court involved, when it asks for that):
    it appears on the public pages and in the feed. Its first publication date stays."""
    item = _locked(item)
    if item.status != Status.IN_REVIEW:
        raise ValidationError(_("Only an item in review can be published."))
    missing = permissions.missing_signoffs(item)
    if item.status == Status.IN_REVIEW and missing and permissions.can_review_item(by, item):
        names = Court.objects.filter(pk__in=missing).order_by("sort_order")

        raise ValidationError(
            _("Waiting for the sign-off of %(courts)s.")
            % {"courts": separator().join(c.short_name for c in names)}
        )
    also = []
    if item.published_at is None:
        item.published_at = timezone.now()
        also.append("published_at")
    _move(item, Status.PUBLISHED, by=by, comment=_comment(comment, required=False), also=also)
    tell(
        recipients=[item.author.user],
        title=gettext_lazy("Your publicity item is published: %(title)s"),
        params={"title": item.title},
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def withdraw_item(*, item: PublicityItem, by: Actor, reason: str) -> PublicityItem:
    """Take a published item off the public pages and the feed, with a reason."""
    item = _locked(item)
    reason = _comment(reason, required=True)
    _move(item, Status.WITHDRAWN, by=by, comment=reason)
    tell(
        recipients=[item.author.user],
        title=gettext_lazy("Your publicity item was withdrawn: %(title)s"),
        params={"title": item.title},
        body=reason,
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def republish_item(*, item: PublicityItem, by: Actor, comment: str = "") -> PublicityItem:
    item = _locked(item)
    if item.status != Status.WITHDRAWN:
        raise ValidationError(_("Only a withdrawn item can be published again."))
    _move(item, Status.PUBLISHED, by=by, comment=_comment(comment, required=False))
    tell(
        recipients=[item.author.user],
        title=gettext_lazy("Your publicity item is published again: %(title)s"),
        params={"title": item.title},
        link=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def signoff_item(*, item: PublicityItem, by: Actor) -> Signoff:
    """A signer of a court involved (its reviewers, or its Party secretaries when it has none)
    signs a joint item off; the sign-off is in the item's history with the signer's name.
    When the last court has signed, the item's own reviewers are told it may be published. Of
    two sign-offs for the same court at once, the second is told who signed first."""
    item = _locked(item)  # two sign-offs at once queue here
    person = person_of(by)
    courts = permissions.signs_for(by)
    mine = set() if courts is None else courts & permissions.signoff_courts(item)
    signed = {s.court_id: s for s in item.signoffs.select_related("by__person", "court")}
    if mine and mine <= set(signed):
        first = signed[min(mine)]
        raise ValidationError(
            _("%(court)s already signed this item off: %(name)s, %(when)s.")
            % {
                "court": first.court.short_name,
                "name": getattr(getattr(first.by, "person", None), "full_name", "")
                or first.by.get_username(),
                "when": formats.date_format(timezone.localtime(first.at), "SHORT_DATETIME_FORMAT"),
            }
        )
    require(permissions.can_signoff_item(by, item), _("You may not sign this item off."))
    missing = permissions.missing_signoffs(item)
    court_id = person.court_id if person is not None and person.court_id in missing else None
    if court_id is None:
        court_id = min(missing)  # an administrator signs for a court still missing
    with set_actor(by):
        signoff = Signoff.objects.create(item=item, court_id=court_id, by=by)
        ItemEvent.objects.create(
            item=item,
            by=by,
            before=item.status,
            after=item.status,
            signoff_court_id=court_id,
        )
    if not permissions.missing_signoffs(item):
        tell(
            recipients=[u for u in _reviewers([item.court_id]) if u.pk != by.pk],
            title=gettext_lazy("Every court signed off “%(title)s”: it may be published"),
            params={"title": item.title},
            link=item.get_absolute_url(),
        )
    return signoff


# --- Publication records ----------------------------------------------------------------------

RECORD_FIELDS = {"channel", "outlet", "date", "link", "reach"}


@transaction.atomic
def add_record(
    *,
    item: PublicityItem,
    by: Actor,
    channel: str,
    outlet: str,
    date: datetime.date,
    link: str = "",
    reach: int | None = None,
    clipping: Any = None,
) -> PublicationRecord:
    """Where and when the item appeared outside the portal, with a link or a scanned clipping."""
    item = PublicityItem.objects.get(pk=item.pk)
    require(permissions.can_record_publication(by, item), _("You may not record this publication."))
    if not link and clipping is None:
        raise ValidationError(_("Give the link, or attach a scan of the clipping."))
    record = PublicationRecord(
        item=item, channel=channel, outlet=outlet.strip(), date=date, link=link, reach=reach
    )
    record.full_clean(exclude=["clipping"])
    if clipping is not None:
        try:
            extension, _content_type = check_upload(clipping)
        except ValidationError as error:
            raise ValidationError({"clipping": error.messages}) from None
        record.clipping.save(f"{uuid.uuid4().hex}{extension}", clipping, save=False)
    try:
        with set_actor(by):
            record.save()
    except Exception:
        if record.clipping:
            record.clipping.delete(save=False)
        raise
    return record


@transaction.atomic
def delete_record(*, record: PublicationRecord, by: Actor) -> None:
    require(
        permissions.can_record_publication(by, record.item),
        _("You may not record this publication."),
    )
    with set_actor(by):
        record.delete()
    if record.clipping:
        record.clipping.delete(save=False)
