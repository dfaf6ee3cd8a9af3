"""Private files, a kernel piece every app reuses: storage outside MEDIA_ROOT (never served by the
web server), upload checks (allowed type, size, content is what it claims, no decompression
bombs), thumbnails, an abstract model for the common columns, and one protected download view
(``core:private-file``) that asks the model's ``can_download(user)`` hook."""

from __future__ import annotations

import datetime
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from .types import Actor, Viewer

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
# What decoding one image may take in memory (the decoded pixels and their RGB copy). A JPEG is
# decoded at a reduced scale (``draft``: 1/2 to 1/8), so its 50 megapixels fit; a PNG is decoded
# whole, so a PNG above this (about 13 megapixels in colour, 20 in grey or palette) is refused
# with a message. bench/uploads.py measures the peak: under 150 MB per upload.
MAX_DECODED_BYTES = 100 * 1024 * 1024


def decoded_bytes(image: Image.Image) -> int:
    """The memory a full decode of ``image`` and its RGB copy need, from its header (Pillow
    keeps 1 byte per pixel for 1, L and P, 2 for 16-bit grey, 4 for the rest, RGB included)."""
    if image.mode in {"1", "L", "P"}:
        per_pixel = 1
    elif image.mode.startswith("I;16"):
        per_pixel = 2
    else:
        per_pixel = 4
    return image.width * image.height * (per_pixel + 4)


class PrivateFileSystemStorage(FileSystemStorage):
    """The local backend of private files: PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (read when
    used, so that tests and deployments may move it)."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; link to the download view.")


@deconstructible(path="core.files.PrivateStorage")
class PrivateStorage(Storage):
    """The private files' storage, whichever ``STORAGES["private"]`` configures (the local disk
    outside MEDIA_ROOT, or an object store): never served by the web server and never linked —
    a view checks access and streams the file (:func:`serve_private_file`). Every call goes to
    the configured backend, read when used (tests and deployments may change it)."""

    @property
    def backend(self) -> Storage:
        return storages["private"]

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; link to the download view.")

    def _open(self, name: str, mode: str = "rb") -> File:
        return self.backend.open(name, mode)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        return self.backend.save(name, content, max_length=max_length)

    def _save(
        self, name: str, content: Any
    ) -> str:  # pragma: no cover - save() goes to the backend
        return self.backend.save(name, content)

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        return self.backend.generate_filename(filename)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.backend.get_available_name(name, max_length=max_length)

    def delete(self, name: str) -> None:
        return self.backend.delete(name)

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.backend.listdir(path)

    def path(self, name: str) -> str:
        return self.backend.path(name)

    def get_modified_time(self, name: str) -> datetime.datetime:
        return self.backend.get_modified_time(name)


private_storage = PrivateStorage()


def clean_file_name(name: str) -> str:
    """The file name without control and format characters: bidirectional overrides (U+202E
    makes ``invoice\u202efdp.exe`` read as ``invoiceexe.pdf``), isolates, zero-width marks, NUL;
    without path parts; never empty."""
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf"})
    name = re.split(r"[\\/]", name)[-1].strip().lstrip(".")
    return name or "file"


# What may not ride in an Office document: VBA projects (macros) and ActiveX controls.
OFFICE_MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/)", re.I)
# What may not ride in a PDF: scripts, launch actions, embedded files, rich media.
PDF_ACTIVE_NAMES = (
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
)
# Names long enough to look for in the raw bytes too (where a compressed stream could not hide
# them by chance): the parsed walk below finds the short ones.
PDF_RAW_NAMES = ("/JavaScript", "/EmbeddedFile", "/RichMedia", "/Launch")


def _check_office(upload: UploadedFile) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        names, types = [], b""
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        raise ValidationError(_("The file is not a Word or Excel document."), code="content")
    if any(OFFICE_MACRO_PARTS.search(n) for n in names) or b"macroEnabled" in types:
        raise ValidationError(
            _("The document contains macros; save it without macros (.docx or .xlsx) first."),
            code="macros",
        )


def _check_pdf(upload: UploadedFile) -> None:
    """A PDF with nothing after its end and no active content (read with pypdf, every object
    of every revision, compressed object streams included)."""
    import pypdf
    from pypdf.generic import DictionaryObject

    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("The file is not a PDF document."), code="content")
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :].strip(b"\r\n\t \x00"):
        raise ValidationError(
            _("The PDF has data appended after its end (perhaps a hidden archive)."),
            code="appended",
        )
    active = _(
        "The PDF contains scripts, launch actions or embedded files; print it to a plain PDF first."
    )
    if any(name.encode() in data for name in PDF_RAW_NAMES):
        raise ValidationError(active, code="active")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; upload it without a password."),
                code="encrypted",
            )
        numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
        for number in sorted(numbers):
            obj = reader.get_object(number)
            if isinstance(obj, DictionaryObject) and any(k in obj for k in PDF_ACTIVE_NAMES):
                raise ValidationError(active, code="active")
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - what pypdf cannot read is not a PDF the portal keeps
        raise ValidationError(
            _("The file is not a readable PDF document."), code="content"
        ) from None


def check_upload(upload: UploadedFile, *, image_required: bool = False) -> tuple[str, str]:
    """Validate an uploaded file; return (extension, content type) or raise ValidationError.
    Its name loses control and bidirectional characters (:func:`clean_file_name`)."""
    upload.name = clean_file_name(upload.name or "")
    extension = Path(upload.name).suffix.lower()
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            _("Only JPG, PNG, PDF, Word (.docx) and Excel (.xlsx) files may be uploaded."),
            code="type",
        )
    if image_required and extension not in IMAGE_FORMATS:
        raise ValidationError(_("A photo must be a JPG or PNG image."), code="type")
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size or 0),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
            code="size",
        )
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
                if image.format != "JPEG" and decoded_bytes(image) > MAX_DECODED_BYTES:
                    raise ValidationError(
                        _(
                            "The image is %(width)d × %(height)d pixels, too large to open "
                            "as PNG; save it as JPG, or smaller."
                        )
                        % {"width": image.width, "height": image.height},
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
        _check_pdf(upload)
    else:
        _check_office(upload)
    return extension, CONTENT_TYPES[extension]


def reduced_rgb(upload: UploadedFile, size: int) -> Image.Image:
    """The image at most ``size`` pixels on its longest side, upright (EXIF orientation), in
    RGB, decoded with bounded memory: a JPEG at a reduced scale (``draft``), a PNG whole but only
    within MAX_DECODED_BYTES (checked by :func:`check_upload`); the full-size image is never
    copied (orientation is applied to the small one)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.draft("RGB", (size, size))
        orientation = image.getexif().get(0x0112)
        image.thumbnail((size, size))  # in place: decodes, then shrinks
        small = image if image.mode == "RGB" else image.convert("RGB")
        small.load()
    upload.seek(0)
    if orientation and orientation != 1:
        small.getexif()[0x0112] = orientation
        small = ImageOps.exif_transpose(small)
    return small


def make_thumbnail(upload: UploadedFile, *, size: int = 480) -> bytes:
    """A JPEG preview (:func:`reduced_rgb`)."""
    out = io.BytesIO()
    reduced_rgb(upload, size).save(out, format="JPEG", quality=82)
    return out.getvalue()


def pdf_preview(upload: UploadedFile, *, size: int = 480) -> bytes | None:
    """A JPEG of a checked PDF's first page, at most ``size`` pixels on its longest side (the
    page is rendered at that size, never larger: a page claiming to be 5 m wide costs no more);
    None when the page cannot be rendered (the file is still kept)."""
    import pypdfium2 as pdfium

    data = upload.read()
    upload.seek(0)
    try:
        document = pdfium.PdfDocument(data)
        try:
            if len(document) == 0:
                return None
            page = document[0]
            width, height = page.get_size()
            scale = size / max(width, height, 1.0)
            image = page.render(scale=scale).to_pil().convert("RGB")
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - a page pdfium cannot draw has no preview
        return None
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
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

    def can_download(self, user: Viewer) -> bool:  # the per-model access hook
        return bool(getattr(user, "is_authenticated", False) and user.is_active)


class StoredFile(Protocol):
    """What a download asks of a row holding a private file: a ``PrivateFile``, or a model with
    the same columns (a symposium paper)."""

    file: Any  # each model declares its own file field
    original_name: str
    content_type: str

    @property
    def is_image(self) -> bool: ...

    def can_download(self, user: Viewer) -> bool: ...


def may_download(user: Viewer, obj: StoredFile) -> bool:
    """The access rule of a stored file: its model's ``can_download`` (for core.access.fetch)."""
    return obj.can_download(user)


def serve_private_file(obj: StoredFile, *, thumbnail: bool = False) -> FileResponse:
    """The one protected download of a file fetched with :func:`may_download` as its rule;
    images open in the browser, other files download under their original name."""
    if thumbnail:
        preview = getattr(obj, "thumbnail", None)
        if not preview:
            raise Http404
        return FileResponse(preview.open("rb"), content_type="image/jpeg")
    stored = obj.file
    return FileResponse(
        stored.open("rb"),
        content_type=obj.content_type,
        as_attachment=not obj.is_image,
        filename=obj.original_name,
    )


P = TypeVar("P", bound=PrivateFile)


def save_private_upload(
    obj: P,
    upload: UploadedFile,
    *,
    by: Actor,
    name: str = "",
    before_save: Callable[[], None] | None = None,
) -> P:
    """Check ``upload`` (:func:`check_upload`; its messages on the form's ``upload`` field),
    fill ``obj``'s file columns, store the file privately and save ``obj`` with ``by`` as the
    audit actor; the stored file is removed again when the save fails. ``before_save`` runs
    once the upload passed its checks and the columns are filled (read the file's text)."""
    from auditlog.context import set_actor
    from django.db import transaction

    try:
        _extension, content_type = check_upload(upload)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    uploaded_name = upload.name or ""
    obj.original_name = uploaded_name[:200]
    obj.content_type = content_type
    obj.size = upload.size or 0
    obj.uploaded_by = by
    if before_save is not None:
        before_save()
    stored = obj.file  # type: ignore[attr-defined]  # each subclass declares its file field
    stored.save(name or uploaded_name[-100:], upload, save=False)
    try:
        with transaction.atomic(), set_actor(by):
            obj.save()
    except Exception:
        stored.delete(save=False)
        raise
    return obj
