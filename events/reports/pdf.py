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
import threading
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
from events.reports import pdf_language
from events.storage import pdf_cache_store
from events.text import strip_control_characters

log = logging.getLogger(__name__)
# Without Debian's libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools and says so on
# every document; the output is the same, so the notice is dropped.
logging.getLogger("weasyprint").addFilter(
    lambda record: "HarfBuzz-Subset" not in record.getMessage()
)

pdf_language.install()

# Relative URLs in PDF templates resolve against this base; the host is reserved (RFC 6761),
# so a URL that escaped our fetcher could not reach anything either.
BASE_URL = "https://plenaria.invalid/"
_STATIC_PATH = "/static/"
# Bump when the templates or stylesheet change in a way the HTML hash would not show.
RENDER_REVISION = "2"


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
    """Render a template under `templates/pdf/` into a document (no PDF yet). Control
    characters pasted into titles or names are left out: PDF tags are XML, which has none."""
    html = strip_control_characters(render_template(template, **context))
    return PdfDocument(html, filename, tagged, private)


@dataclass
class RenderResult:
    pdf: bytes
    refused: list[str] = field(default_factory=list)
    # Letters no installed font has, drawn as empty boxes (WeasyPrint's .notdef warnings).
    missing_glyphs: list[str] = field(default_factory=list)


class _MissingGlyphs(logging.Handler):
    """Collects WeasyPrint's .notdef warnings of the rendering on this thread."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.thread == self.thread and ".notdef" in message:
            self.found.append(message)


def render(document: PdfDocument) -> RenderResult:
    """Run WeasyPrint on the document's HTML with the static-only fetcher."""
    fetcher = StaticOnlyFetcher(Path(current_app.static_folder or "static"))
    html = weasyprint.HTML(string=document.html, base_url=BASE_URL, url_fetcher=fetcher)
    options: dict[str, Any] = {"pdf_variant": "pdf/ua-1"} if document.tagged else {}
    missing = _MissingGlyphs()
    weasyprint_log = logging.getLogger("weasyprint")
    weasyprint_log.addHandler(missing)
    try:
        pdf = html.write_pdf(**options)
    finally:
        weasyprint_log.removeHandler(missing)
    if fetcher.refused:
        log.warning("PDF %s: refused to fetch %s", document.filename, fetcher.refused)
    if missing.found:  # a font package is missing on this server (see README, Deployment)
        log.warning("PDF %s: %d letters without a font", document.filename, len(missing.found))
    return RenderResult(pdf, fetcher.refused, missing.found)


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
    return pdf_cache_store().read(f"{etag}.pdf")


def cached_pdf(document: PdfDocument) -> bytes:
    """The document's PDF from the cache, rendering it on a miss.

    The cache (`events.storage.pdf_cache_store`) is keyed by ETag and shared by every app
    server that sees the same store; it keeps the newest PDF_CACHE_FILES files.
    """
    if document.private:
        return render(document).pdf
    store = pdf_cache_store()
    key = f"{document.etag}.pdf"
    cached = store.read(key)
    if cached is not None:
        return cached
    pdf = render(document).pdf
    store.write(key, pdf, "application/pdf")
    store.trim(keep=int(current_app.config.get("PDF_CACHE_FILES", 500)))
    return pdf
