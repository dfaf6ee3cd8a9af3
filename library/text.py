"""The words of an uploaded PDF or Word file, kept with its version so that the library's
search finds a Chinese word inside the file as well as in its title."""

from __future__ import annotations

import io
import logging

from django.core.files.uploadedfile import UploadedFile

MAX_PAGES = 200  # a compilation of typical cases runs to a few hundred pages at most
MAX_CHARS = 500_000  # what is kept of one file's text

log = logging.getLogger(__name__)


def extract_text(upload: UploadedFile, content_type: str) -> str:
    """The text of a checked upload (``core.files.check_upload`` ran first), "" for an image or
    a file whose text cannot be read (a scanned PDF has none)."""
    data = upload.read()
    upload.seek(0)
    try:
        if content_type == "application/pdf":
            text = _pdf_text(data)
        elif content_type.endswith("wordprocessingml.document"):
            text = _docx_text(data)
        else:
            return ""
    except Exception:  # noqa: BLE001 - a file whose text cannot be read is still kept
        log.warning("No text read from an upload of type %s", content_type, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_CHARS]


def _pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    parts = []
    for page in reader.pages[:MAX_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
