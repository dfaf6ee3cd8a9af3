"""Checks on uploaded attachments: allowed type, size, and that the content is what it claims."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
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
            with Image.open(upload) as image:
                actual = image.format
                image.verify()
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
    upload.seek(0)
    with Image.open(upload) as image:
        image = image.convert("RGB")
        image.thumbnail((size, size))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82)
    upload.seek(0)
    return out.getvalue()
