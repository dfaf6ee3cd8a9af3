"""Private files, a kernel piece every app reuses: storage outside MEDIA_ROOT (never served by the
web server), upload checks (allowed type, size, content is what it claims, no decompression
bombs), thumbnails, an abstract model for the common columns, and one protected download view
(``core:private-file``) that asks the model's ``can_download(user)`` hook."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
# The largest image accepted, in pixels (a 50-megapixel phone photo fits). Checked from the
# header before anything is decoded: a small PNG can claim 20,000 × 20,000 pixels and would need
# gigabytes to open.
MAX_IMAGE_PIXELS = 50_000_000


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, never served by the web server: a view checks access."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the download view.")


private_storage = PrivateStorage()


def check_upload(upload, *, image_required: bool = False) -> tuple[str, str]:
    """Validate an uploaded file; return (extension, content type) or raise ValidationError."""
    extension = Path(upload.name).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Only JPG, PNG, PDF, Word (.docx) and Excel (.xlsx) files may be uploaded."),
            code="type",
        )
    if image_required and extension not in IMAGE_FORMATS:
        raise ValidationError(_("A photo must be a JPG or PNG image."), code="type")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="size",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension in IMAGE_FORMATS:
        try:
            with Image.open(upload) as image:  # reads the header only
                actual = image.format
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _(
                            "The image is %(width)d × %(height)d pixels; the limit is "
                            "%(limit)d megapixels."
                        )
                        % {
                            "width": image.width,
                            "height": image.height,
                            "limit": MAX_IMAGE_PIXELS // 1_000_000,
                        },
                        code="pixels",
                    )
                image.verify()
        except Image.DecompressionBombError:
            raise ValidationError(
                _("The image has too many pixels to be opened safely."), code="pixels"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(_("The file is not a readable image."), code="content") from None
        finally:
            upload.seek(0)
        if actual != IMAGE_FORMATS[extension]:
            raise ValidationError(_("The file is not a readable image."), code="content")
    elif extension == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("The file is not a PDF document."), code="content")
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            raise ValidationError(_("The file is not a Word or Excel document."), code="content")
    return extension, CONTENT_TYPES[extension]


def make_thumbnail(upload, *, size: int = 480) -> bytes:
    """A JPEG preview; JPEGs are decoded at a reduced scale (``draft``) to spare memory."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.draft("RGB", (size, size))
        image = image.convert("RGB")
        image.thumbnail((size, size))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82)
    upload.seek(0)
    return out.getvalue()


class PrivateFile(models.Model):
    """The common columns of an uploaded private file. A subclass adds its ``file`` field (with
    ``storage=private_storage``), what it belongs to, and ``can_download(user)``."""

    thumbnail = models.FileField(
        gettext_lazy("thumbnail"), storage=private_storage, blank=True, max_length=300
    )
    original_name = models.CharField(gettext_lazy("file name"), max_length=200)
    content_type = models.CharField(gettext_lazy("content type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def can_download(self, user) -> bool:  # the per-model access hook
        return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_download(user, obj: PrivateFile) -> bool:
    """The access rule of a stored file: its model's ``can_download`` (for core.access.fetch)."""
    return obj.can_download(user)


def serve_private_file(obj: PrivateFile, *, thumbnail: bool = False):
    """The one protected download of a file fetched with :func:`may_download` as its rule;
    images open in the browser, other files download under their original name."""
    from django.http import FileResponse, Http404

    if thumbnail:
        if not obj.thumbnail:
            raise Http404
        return FileResponse(obj.thumbnail.open("rb"), content_type="image/jpeg")
    stored = obj.file  # type: ignore[attr-defined]  (each subclass declares its file field)
    return FileResponse(
        stored.open("rb"),
        content_type=obj.content_type,
        as_attachment=not obj.is_image,
        filename=obj.original_name,
    )


P = TypeVar("P", bound=PrivateFile)


def save_private_upload(obj: P, upload, *, by, name: str = "") -> P:
    """Check ``upload`` (:func:`check_upload`; its messages on the form's ``upload`` field),
    fill ``obj``'s file columns, store the file privately and save ``obj`` with ``by`` as the
    audit actor; the stored file is removed again when the save fails."""
    from auditlog.context import set_actor
    from django.db import transaction

    try:
        _extension, content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    obj.original_name = upload.name[:200]
    obj.content_type = content_type
    obj.size = upload.size
    obj.uploaded_by = by
    stored = obj.file  # type: ignore[attr-defined]  (each subclass declares its file field)
    stored.save(name or upload.name[-100:], upload, save=False)
    try:
        with transaction.atomic(), set_actor(by):
            obj.save()
    except Exception:
        stored.delete(save=False)
        raise
    return obj
