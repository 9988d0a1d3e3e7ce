"""PDF documents: one rendering path, Jinja template -> HTML -> WeasyPrint.

Nothing is fetched from the network or the disk while rendering, except the app's own files
under `static/` (stylesheet, fonts, logos): every other URL is refused and recorded. Rendered
PDFs are cached by the hash of their HTML, so a document is rebuilt only when the data shown
in it changed, and the same hash is the HTTP ETag. Big documents (badges, certificates) carry
instead a fingerprint of the data they show, read in one query without building anything
(`events/reports/fingerprints.py`): their 304 and their cached copy then cost no HTML, no QR
code and no WeasyPrint.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from flask import current_app, render_template
from weasyprint.urls import URLFetcher, URLFetcherResponse

from events.i18n import current_language
from events.models import utcnow

log = logging.getLogger(__name__)
# Without Debian's libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools and says so on
# every document; the output is the same, so the notice is dropped.
logging.getLogger("weasyprint").addFilter(
    lambda record: "HarfBuzz-Subset" not in record.getMessage()
)

# Relative URLs in PDF templates resolve against this base; the host is reserved (RFC 6761),
# so a URL that escaped our fetcher could not reach anything either.
BASE_URL = "https://plenaria.invalid/"
_STATIC_PATH = "/static/"
# Bump when the templates or stylesheet change in a way the HTML hash would not show.
RENDER_REVISION = "1"


class StaticOnlyFetcher(URLFetcher):
    """Serves `static/` files and inline `data:` URLs; refuses everything else."""

    def __init__(self, static_folder: Path) -> None:
        super().__init__(allowed_protocols=("data", "https"))
        self.static_folder = static_folder.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and parts.path.startswith(
            _STATIC_PATH
        ):
            path = (self.static_folder / unquote(parts.path[len(_STATIC_PATH):])).resolve()
            if path.is_relative_to(self.static_folder) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes(),
                                          {"Content-Type": _content_type(path)})
        self.refused.append(url)
        raise ValueError(f"PDF rendering fetches nothing outside the app: {url}")


def _content_type(path: Path) -> str:
    return {
        ".css": "text/css; charset=utf-8",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
    }.get(path.suffix.lower(), "application/octet-stream")


@dataclass(frozen=True)
class PdfDocument:
    """The HTML of a document, ready to be turned into a PDF."""

    html: str
    filename: str
    # Tagged PDF/UA for documents people read (agenda, reports); plain PDF for print
    # artefacts (badges, nameplates) where tags add weight and nothing for a reader.
    tagged: bool = True
    # Sensitive content (passport details): never written to the cache, never stored by a
    # browser; rendered on each request.
    private: bool = False
    # Set for documents validated by the data they show (see `data_fingerprint`).
    fingerprint: str | None = None

    @cached_property
    def etag(self) -> str:
        if self.fingerprint is not None:
            return self.fingerprint
        digest = hashlib.sha256()
        for part in (RENDER_REVISION, weasyprint.__version__, str(self.tagged), self.html):
            digest.update(part.encode())
        return digest.hexdigest()[:32]


def build_document(template: str, filename: str, *, tagged: bool = True, private: bool = False,
                   **context: Any) -> PdfDocument:
    """Render a template under `templates/pdf/` into a document (no PDF yet)."""
    return PdfDocument(render_template(template, **context), filename, tagged, private)


@dataclass
class RenderResult:
    pdf: bytes
    refused: list[str] = field(default_factory=list)


def render(document: PdfDocument) -> RenderResult:
    """Run WeasyPrint on the document's HTML with the static-only fetcher."""
    fetcher = StaticOnlyFetcher(Path(current_app.static_folder or "static"))
    html = weasyprint.HTML(string=document.html, base_url=BASE_URL, url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_variant": "pdf/ua-1"} if document.tagged else {}
    pdf = html.write_pdf(**options)
    if fetcher.refused:
        log.warning("PDF %s: refused to fetch %s", document.filename, fetcher.refused)
    return RenderResult(pdf, fetcher.refused)


def data_fingerprint(kind: str, *parts: object) -> str:
    """An ETag from what a document shows (counts, `updated_at`, ids: the caller reads them
    in SQL) and from what its rendering depends on (revision, WeasyPrint, language, the day
    printed on it), computed without building the document."""
    digest = hashlib.sha256()
    for part in (RENDER_REVISION, weasyprint.__version__, kind, current_language(),
                 utcnow().date().isoformat(), *parts):  # the day `pdf_context` prints
        digest.update(repr(part).encode())
        digest.update(b"\x1f")
    return "f" + digest.hexdigest()[:31]


def cached_file(etag: str) -> bytes | None:
    """The cached PDF of this ETag, if any (nothing is built)."""
    path = _cache_dir() / f"{etag}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _cache_dir() -> Path:
    path = Path(current_app.config.get("PDF_CACHE_DIR") or
                Path(current_app.instance_path) / "cache" / "pdf")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cached_pdf(document: PdfDocument) -> bytes:
    """The document's PDF from the cache, rendering it on a miss.

    The cache is a folder of files named by ETag: shared by every worker on the host, written
    atomically (a half-written file is never read), trimmed to the newest files.
    """
    if document.private:
        return render(document).pdf
    folder = _cache_dir()
    path = folder / f"{document.etag}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = render(document).pdf
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as handle:
        handle.write(pdf)
    os.replace(handle.name, path)
    _trim(folder, keep=int(current_app.config.get("PDF_CACHE_FILES", 500)))
    return pdf


def _trim(folder: Path, keep: int) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
