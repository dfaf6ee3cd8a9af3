"""Publicity pages for staff: all items, my items, the review queue of my court, an item with
its history, the editor, the reviewers' actions, images, attachments and publication records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access import fetch
from core.files import may_download, serve_private_file
from core.forms import row_id
from core.lists import EXPORT_FORMATS
from core.pagination import paginate
from core.types import AuthedRequest
from core.views import perform, submit
from courts.permissions import person_of

from . import lists, permissions, rendering, selectors, services
from .filters import ItemFilter
from .forms import (
    AttachmentForm,
    CommentForm,
    ImageForm,
    ItemForm,
    OptionalCommentForm,
    RecordForm,
    WithdrawForm,
)
from .models import ItemAttachment, ItemImage, PublicationRecord, PublicityItem

Status = PublicityItem.Status


def _item(pk: int, user, rule=permissions.can_read_item) -> PublicityItem:
    return fetch(
        PublicityItem.objects.select_related("court", "author__court", "cover"),
        user=user,
        rule=rule,
        pk=pk,
    )


def _list(request: HttpRequest, queryset, *, template: str, extra: dict) -> HttpResponse:
    item_filter = ItemFilter(request.GET, queryset=queryset)
    items = item_filter.qs.order_by("-updated_at", "-id")
    if request.GET.get("format") in EXPORT_FORMATS:
        return lists.ITEMS.export(
            request.GET["format"],
            items.prefetch_related("tags", "records"),
        )
    page_obj = paginate(request, items)
    return render(
        request,
        template,
        {
            "filter": item_filter,
            "page_obj": page_obj,
            "table": lists.ITEMS.page_table(page_obj),
            "can_create": permissions.can_create_item(request.user),
            **extra,
        },
    )


@login_required
@require_http_methods(["GET"])
def item_list(request: AuthedRequest) -> HttpResponse:
    return _list(
        request,
        PublicityItem.objects.for_list(),
        template="publicity/item_list.html",
        extra={"heading": _("Publicity items"), "view": "all"},
    )


@login_required
@require_http_methods(["GET"])
def my_items(request: AuthedRequest) -> HttpResponse:
    person = person_of(request.user)
    items = PublicityItem.objects.for_list().filter(author=person)
    return _list(
        request,
        items,
        template="publicity/item_list.html",
        extra={"heading": _("My publicity items"), "view": "mine"},
    )


@login_required
@require_http_methods(["GET"])
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Items in review of the reviewer's court, and joint items waiting for their sign-off."""
    items = permissions.awaiting_review_by(request.user, PublicityItem.objects.for_list())
    return _list(
        request,
        items,
        template="publicity/item_list.html",
        extra={"heading": _("Review queue"), "view": "review"},
    )


@login_required
@require_http_methods(["GET"])
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user)
    user = request.user
    page = selectors.item_page(item)
    selectors.attach(item, page)
    signoff_courts = permissions.signoff_courts(item)
    signed = {s.court_id: s for s in page.signoffs}
    return render(
        request,
        "publicity/item_detail.html",
        {
            "item": item,
            "courts": page.courts,
            "tags": page.tags,
            "images": page.images,
            "attachments": page.attachments,
            "records": page.records,
            "events": page.events,
            # (court, its sign-off or None, who may sign for it while it waits)
            "signoffs": [
                (
                    court,
                    signed.get(court.pk),
                    []
                    if court.pk in signed
                    else [
                        getattr(getattr(u, "person", None), "full_name", "") or u.get_username()
                        for u in permissions.signers_of(court.pk)
                    ],
                )
                for court in page.courts
                if court.pk in signoff_courts
            ],
            "can_edit": permissions.can_edit_item(user, item),
            "can_submit": permissions.can_submit_item(user, item),
            "can_review": permissions.can_review_item(user, item),
            "can_publish": permissions.can_publish_item(user, item),
            "can_withdraw": permissions.can_withdraw_item(user, item),
            "can_republish": permissions.can_republish_item(user, item),
            "can_signoff": permissions.can_signoff_item(user, item),
            "can_record": permissions.can_record_publication(user, item),
            "image_form": ImageForm() if permissions.can_edit_item(user, item) else None,
            "publish_form": OptionalCommentForm(),
        },
    )


def _item_form_page(request, form, item=None, prefill=None) -> HttpResponse:
    images = (
        [
            {"markdown": image.markdown(), "alt": image.alt, "url": image.get_absolute_url()}
            for image in item.images.order_by("pk")
            if image.pk != item.cover_id
        ]
        if item is not None
        else []
    )
    return render(
        request,
        "publicity/item_form.html",
        {"form": form, "item": item, "prefill": prefill, "images": images},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: AuthedRequest) -> HttpResponse:
    if not permissions.can_create_item(request.user):
        raise PermissionDenied
    prefill = None
    source = request.GET.get("from") or request.POST.get("source") or ""
    if source:
        prefill = services.story_prefill(request.user, source)
        if prefill is None:
            messages.error(request, _("That record cannot be written about."))
            return redirect("publicity:item-create")
    initial = dict(prefill or {})
    form = ItemForm(request.POST or None, initial=initial)
    done = submit(
        request,
        form,
        lambda data: services.create_item(
            by=request.user, source=source, **{k: v for k, v in data.items() if k != "source"}
        ),
        success=_("Draft saved. Add images, then submit it for review."),
    )
    return done or _item_form_page(request, form, prefill=prefill)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_edit_item)
    form = ItemForm(request.POST or None, instance=item)
    done = submit(  # the service reads the row as stored (the form changed its instance)
        request,
        form,
        lambda data: services.update_item(item=item, by=request.user, **data),
        success=_("Saved."),
        then=item.get_absolute_url(),
    )
    return done or _item_form_page(request, form, item=item)


# --- The workflow -----------------------------------------------------------------------------


@login_required
@require_POST
def item_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_submit_item)
    return perform(
        request,
        lambda: services.submit_item(item=item, by=request.user),
        success=_("Submitted: your court's reviewers were told."),
        then=item,
    )


def _with_comment(request, pk, rule, service, *, form_class, template, done, field="comment"):
    item = _item(pk, request.user, rule)
    form = form_class(request.POST if request.method == "POST" else None)
    answer = submit(
        request,
        form,
        lambda data: service(item=item, by=request.user, **{field: data["comment"]}),
        success=done,
        then=item.get_absolute_url(),
    )
    return answer or render(request, template, {"form": form, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def item_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_comment(
        request,
        pk,
        permissions.can_review_item,
        services.return_item,
        form_class=CommentForm,
        template="publicity/item_return.html",
        done=_("Returned to the author with your comment."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _with_comment(
        request,
        pk,
        permissions.can_withdraw_item,
        services.withdraw_item,
        form_class=WithdrawForm,
        template="publicity/item_withdraw.html",
        done=_("Withdrawn: it is no longer on the public pages."),
        field="reason",
    )


@login_required
@require_POST
def item_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_review_item)
    form = OptionalCommentForm(request.POST)
    return perform(
        request,
        lambda: services.publish_item(
            item=item, by=request.user, comment=form.cleaned_data["comment"]
        ),
        success=_("Published: it is on the public pages and in the feed."),
        then=item,
        form=form,
    )


@login_required
@require_POST
def item_republish(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_republish_item)
    return perform(
        request,
        lambda: services.republish_item(item=item, by=request.user),
        success=_("Published again."),
        then=item,
    )


@login_required
@require_POST
def item_signoff(request: AuthedRequest, pk: int) -> HttpResponse:
    # Among the item's signers, signed yet or not: of two sign-offs at once, the second is told
    # who signed (a message), not shown a 404 because the court is no longer waiting.
    item = _item(pk, request.user, permissions.signs_for_item)
    return perform(
        request,
        lambda: services.signoff_item(item=item, by=request.user),
        success=_("Signed off for your court."),
        then=item,
    )


# --- Images, attachments, records -------------------------------------------------------------


PREVIEW_LIMIT = 30000  # the body's own limit


@login_required
@require_POST
def body_preview(request: AuthedRequest) -> HttpResponse:
    """The body as it will read (the same rendering and sanitising as when it is saved), for
    the editor's live preview: a secretary sees formatted text, never has to read Markdown."""
    if not permissions.can_create_item(request.user):
        raise PermissionDenied
    body = request.POST.get("body", "")
    if len(body) > PREVIEW_LIMIT:
        return HttpResponse(
            _("The body has at most %(n)d characters.") % {"n": PREVIEW_LIMIT}, status=400
        )
    return HttpResponse(rendering.render(body))


@login_required
@require_POST
def image_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload an image into the item: a JSON answer for the editor's button (the Markdown to
    insert), or back to the item page with a message."""
    item = _item(pk, request.user, permissions.can_edit_item)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = ImageForm(request.POST, request.FILES)
    error_messages: list[str] = []
    image = None
    if form.is_valid():
        try:
            image = services.add_image(
                item=item,
                by=request.user,
                upload=form.cleaned_data["upload"],
                alt=form.cleaned_data["alt"],
            )
        except ValidationError as error:
            error_messages = [str(m) for m in error.messages]
    else:
        error_messages = [str(m) for errors in form.errors.values() for m in errors]
    if wants_json:
        if image is None:
            return JsonResponse({"errors": error_messages}, status=400)
        return JsonResponse({"markdown": image.markdown(), "url": image.get_absolute_url()})
    if image is None:
        for message in error_messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Image added. Put it in the body with: %(markdown)s")
            % {"markdown": image.markdown()},
        )
    return redirect(item.get_absolute_url() + "#images")


@login_required
@require_POST
def item_cover(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_edit_item)

    image_id = row_id(request.POST.get("image", ""))
    image = ItemImage.objects.filter(item=item, pk=image_id).first() if image_id else None
    return perform(
        request,
        lambda: services.set_cover(item=item, by=request.user, image=image),
        success=_("Cover saved."),
        then=item.get_absolute_url() + "#images",
    )


@login_required
@require_POST
def attachment_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_edit_item)
    form = AttachmentForm(request.POST, request.FILES)
    return perform(
        request,
        lambda: services.add_attachment(
            item=item, by=request.user, upload=form.cleaned_data["upload"]
        ),
        success=_("File added."),
        then=item.get_absolute_url() + "#attachments",
        form=form,
    )


@login_required
@require_http_methods(["GET"])
def attachment_download(request: AuthedRequest, pk: int) -> FileResponse:
    return serve_private_file(fetch(ItemAttachment, user=request.user, rule=may_download, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(pk, request.user, permissions.can_record_publication)
    form = RecordForm(request.POST or None, request.FILES or None)
    done = submit(
        request,
        form,
        lambda data: services.add_record(
            item=item,
            by=request.user,
            clipping=data["clipping_upload"],
            **{k: v for k, v in data.items() if k != "clipping_upload"},
        ),
        success=_("Publication recorded."),
        then=item.get_absolute_url() + "#records",
    )
    return done or render(request, "publicity/record_form.html", {"form": form, "item": item})


@login_required
@require_POST
def record_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    record = fetch(
        PublicationRecord.objects.select_related("item"),
        user=request.user,
        rule=lambda user, r: permissions.can_record_publication(user, r.item),
        pk=pk,
    )
    return perform(
        request,
        lambda: services.delete_record(record=record, by=request.user),
        success=_("Publication record removed."),
        then=record.item.get_absolute_url() + "#records",
    )


@login_required
@require_http_methods(["GET"])
def clipping_download(request: AuthedRequest, pk: int) -> FileResponse:
    record = fetch(PublicationRecord, user=request.user, rule=permissions.can_read_record, pk=pk)
    if not record.clipping:
        raise Http404
    return FileResponse(record.clipping.open("rb"), as_attachment=True)
