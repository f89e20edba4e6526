"""Loading: find documents on disk and turn each file (or JSONL record) into a RawDocument.

Every failure is yielded as an IndexingError with a one-line reason, never raised, so that one bad
file cannot stop a corpus. Text encodings are detected from the bytes, never from the extension.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.types import IndexingError, RawDocument

__all__ = [
    "DECLARED_FIELDS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "SUPPORTED_SUFFIXES",
    "Scan",
    "decode_bytes",
    "discover",
    "iter_documents",
    "scan",
    "too_long",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".jsonl", ".jsonl.gz")
DEFAULT_MAX_BYTES = 20_000_000
# Extracted characters per document: a long regulation or work report holds ~100k; a compressed
# "bomb" (a small .docx whose XML expands to millions of characters) is refused while it is read.
DEFAULT_MAX_CHARS = 1_000_000
# Bytes a DOCX package may expand to, per allowed character (markup around the text, styles, images).
_DOCX_BYTES_PER_CHAR = 50
# JSONL fields that are document metadata; they override what the parser infers from the text.
DECLARED_FIELDS = ("title", "date", "agency", "region", "doc_type", "proposal_no", "session", "proposer")
_ID_FIELDS = ("id", "docid", "doc_id")
_TEXT_FIELDS = ("text", "content")
# How much of a file the binary check looks at: enough to see NULs or control noise, cheap on big files.
_SNIFF_BYTES = 8192
# Share of control characters above which bytes are not text (real text has almost none).
_MAX_CONTROL_SHARE = 0.05
_HTML_DROP = ("script", "style", "nav", "noscript", "template", "iframe", "svg", "head")
_HTML_BLOCKS = (
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "blockquote", "pre", "form", "figure",
    "figcaption", "hr", "address", "center",
)


def _suffix(path: Path) -> str:
    """The document suffix, lower-cased; `.jsonl.gz` counts as one."""
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return ".jsonl.gz"
    return path.suffix.lower()


def discover(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, root) pairs to load: folders are walked (sorted, hidden and unsupported files skipped).

    A path given directly is returned as is (root = its parent) even when it does not exist or has an
    unsupported suffix, so that `iter_documents` reports it as one line instead of it vanishing.
    """
    out: list[tuple[Path, Path]] = []
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            out.append((p, p.parent))
            continue
        unreadable: list[Path] = []

        def note(err: OSError, unreadable: list[Path] = unreadable) -> None:
            unreadable.append(Path(err.filename))

        for dirpath, dirnames, filenames in os.walk(p, onerror=note):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                f = Path(dirpath) / name
                if _suffix(f) in SUPPORTED_SUFFIXES:
                    out.append((f, p))
        # a folder that could not be listed is handed on so that iter_documents reports it
        out.extend((d, p) for d in unreadable)
    return out


@dataclass
class Scan:
    """What a walk over the given paths found, and which folders it read completely.

    Only a folder in `complete` may have documents removed because their files are gone: a folder
    that could not be read (an unmounted share, a permission error) or a path that does not exist
    removes nothing.
    """

    files: list[tuple[Path, Path]] = field(default_factory=list)  # (file, root)
    complete: list[Path] = field(default_factory=list)  # folders read without an error
    problems: list[tuple[Path, str]] = field(default_factory=list)  # (path, reason): given paths that failed
    skipped_links: list[Path] = field(default_factory=list)  # symlinked folders not followed
    singles: list[Path] = field(default_factory=list)  # files given directly that no recorded folder holds


def scan(paths: Sequence[Path], roots: Sequence[Path] = ()) -> Scan:
    """Walk `paths`; a file given directly keeps the root of a recorded folder that holds it (same doc id).

    Folders are walked sorted, hidden and unsupported files skipped, symlinked folders not followed
    (they are named in `skipped_links`). A missing or unreadable path is a problem, not an empty folder.
    """
    out = Scan()
    known = sorted((Path(os.path.abspath(r)) for r in roots), key=lambda r: len(r.parts), reverse=True)
    for p in paths:
        p = Path(p)
        if not p.exists():
            out.problems.append((p, "does not exist"))
            continue
        if not p.is_dir():
            if not os.access(p, os.R_OK):
                out.problems.append((p, "cannot read: permission denied"))
                continue
            absolute = Path(os.path.abspath(p))
            root = next((r for r in known if r in absolute.parents), None)
            if root is None:
                root = p.parent
                out.singles.append(p)
            out.files.append((p, root))
            continue
        unreadable: list[Path] = []

        def note(err: OSError, unreadable: list[Path] = unreadable) -> None:
            unreadable.append(Path(err.filename))

        for dirpath, dirnames, filenames in os.walk(p, onerror=note):
            links = [d for d in dirnames if not d.startswith(".") and os.path.islink(os.path.join(dirpath, d))]
            out.skipped_links.extend(Path(dirpath) / d for d in sorted(links))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                f = Path(dirpath) / name
                if _suffix(f) in SUPPORTED_SUFFIXES:
                    out.files.append((f, p))
        if unreadable:
            out.problems.extend((d, "cannot read folder") for d in unreadable)
        else:
            out.complete.append(p)
    return out


def _doc_id(path: Path, root: Path) -> str:
    """The path under the corpus root, POSIX style: stable across runs and machines."""
    # lexical first, so that a symlinked file keeps its place in the corpus; resolved as a fallback
    for absolute in (lambda p: Path(os.path.abspath(p)), Path.resolve):
        try:
            return absolute(path).relative_to(absolute(Path(root))).as_posix()
        except (ValueError, OSError):
            continue
    return path.name


def _human_size(n: int, limit: bool = False) -> str:
    """Bytes in the unit a person reads: '52.4 MB' (decimal units, as file managers show)."""
    if n >= 1_000_000:
        value = n / 1_000_000
        return f"{value:g} MB" if limit and value == int(value) else f"{value:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} KB"
    return f"{n} bytes"


def too_long(max_chars: int, n_chars: int | None = None) -> str:
    """The one reason for a document over the character limit: the figure and the setting that raises it."""
    figure = f"{n_chars:,} characters" if n_chars is not None else f"over {max_chars:,} characters"
    return (f"text is {figure}, beyond the limit of {max_chars:,} per document "
            "(raise ASSISTANT_MAX_DOC_CHARS to index it)")


def iter_documents(
    path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[RawDocument | IndexingError]:
    """Documents in one file (JSONL files hold many), or an IndexingError per failure; never raises.

    `max_chars` bounds the text extracted per document; extractors stop as soon as it is passed.
    """
    path = Path(path)
    source = str(path)
    try:
        if not path.exists() and not path.is_symlink():
            yield IndexingError(source, "does not exist")
            return
        if path.is_dir():
            try:
                os.listdir(path)
            except OSError as e:
                yield IndexingError(source, f"cannot read: {e.strerror or e}")
                return
            yield IndexingError(source, "is a folder; give it as a path to index instead")
            return
        suffix = _suffix(path)
        if suffix not in SUPPORTED_SUFFIXES:
            yield IndexingError(source, f"unsupported file type '{suffix or path.name}'")
            return
        if suffix in (".jsonl", ".jsonl.gz"):
            yield from _iter_jsonl(path, root, gz=suffix == ".jsonl.gz", max_chars=max_chars)
            return
        size = path.stat().st_size  # checked before reading: a huge file is refused at once
        if size > max_bytes:
            yield IndexingError(
                source, f"file is {_human_size(size)}, over the {_human_size(max_bytes, limit=True)} limit "
                "(raise ASSISTANT_MAX_FILE_BYTES to index it)"
            )
            return
        text = _extract(path, suffix, max_chars)
        if len(text) > max_chars:
            raise IndexingError(source, too_long(max_chars, len(text)))
    except IndexingError as e:
        yield e
        return
    except OSError as e:
        yield IndexingError(source, f"cannot read: {e.strerror or e}")
        return
    if not text.strip():
        yield IndexingError(source, "empty document")
        return
    yield RawDocument(doc_id=_doc_id(path, root), source=source, text=text)


def _read_bytes(path: Path) -> bytes:
    """The whole file; a seam so that tests can check that an over-limit file is never read."""
    return path.read_bytes()


def _extract(path: Path, suffix: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Text of a single-document file; raises IndexingError with the reason a user can act on."""
    if suffix == ".pdf":
        return _pdf_text(path, max_chars)
    if suffix == ".docx":
        _docx_guard(path, max_chars)
        return _docx_text(path)
    data = _read_bytes(path)
    text = decode_bytes(data, str(path))
    if suffix in (".html", ".htm"):
        return _html_text(text)
    if suffix == ".md":
        # heading markers carry no meaning for the Chinese numbering the parser reads; drop them
        return re.sub(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+", "", text)
    return text


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: a binary file, whatever its name says."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs by design
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B) or b == 0x7F)
    return control / len(head) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes, source: str = "") -> str:
    """Decode text bytes: UTF-8 (BOM stripped), UTF-16 with BOM, GB18030/GBK, else charset-normalizer.

    Raises IndexingError("binary file, not text") or ("cannot decode text ...").
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_binary(data):
        raise IndexingError(source, "binary file, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    text = _detect(data)
    if text is None:
        raise IndexingError(source, "cannot decode text (not UTF-8 or GB18030)")
    return text


def _detect(data: bytes) -> str | None:
    """Last resort (Big5, UTF-16 without BOM…): charset-normalizer, accepted only when it is confident."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # chaos is charset-normalizer's measure of mess in the decoded text; above ~0.1 it is guessing
    if best is None or best.chaos > 0.1:
        return None
    text = str(best)
    printable = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return text if text and printable / len(text) > 0.95 else None


def _html_text(markup: str) -> str:
    """Visible text of an HTML page with its block structure kept as line breaks."""
    from bs4 import BeautifulSoup, FeatureNotFound

    try:
        soup = BeautifulSoup(markup, "lxml")
    except FeatureNotFound:  # lxml not installed: the stdlib parser is slower but lenient
        soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for cell in soup.find_all(("td", "th")):
        cell.append(" | ")
    for block in soup.find_all(_HTML_BLOCKS):
        block.insert_before("\n")
        block.append("\n")
    text = soup.get_text()
    lines = [re.sub(r"[ \t\u00a0]*\|[ \t\u00a0|]*$", "", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _docx_guard(path: Path, max_chars: int) -> None:
    """Refuse a DOCX that expands beyond the limits before python-docx loads it whole into memory.

    The package's declared sizes bound what unzipping costs; the body's text is then counted on a
    stream (each element freed once read), so a compressed bomb is stopped at the limit, in bounded memory.
    """
    import zipfile

    from lxml import etree

    source = str(path)
    if not zipfile.is_zipfile(path):
        return  # _docx_text names it
    try:
        with zipfile.ZipFile(path) as zf:
            expanded = sum(i.file_size for i in zf.infolist())
            limit = max_chars * _DOCX_BYTES_PER_CHAR
            if expanded > limit:
                raise IndexingError(
                    source, f"DOCX expands to {_human_size(expanded)}, beyond the {_human_size(limit)} that "
                    f"{max_chars:,} characters allow (raise ASSISTANT_MAX_DOC_CHARS to index it)"
                )
            try:
                body = zf.open("word/document.xml")
            except KeyError:
                return  # python-docx gives its own reason
            text_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
            n = 0
            with body:
                for _, el in etree.iterparse(body, events=("end",), resolve_entities=False, huge_tree=False):
                    if el.tag == text_tag and el.text:
                        n += len(el.text)
                        if n > max_chars:
                            raise IndexingError(source, too_long(max_chars))
                    el.clear(keep_tail=True)
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]
    except IndexingError:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, zlib.error, EOFError, ValueError) as e:
        raise IndexingError(source, f"corrupt or truncated DOCX: {_short(e)}") from None


def _docx_text(path: Path) -> str:
    """Paragraphs and table rows of a DOCX body, in reading order."""
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    if not zipfile.is_zipfile(path):
        # python-docx would say "Package not found", which reads as a missing file
        raise IndexingError(str(path), "corrupt or truncated DOCX: not a valid ZIP package")
    try:
        doc = Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, zlib.error) as e:
        raise IndexingError(str(path), f"corrupt or truncated DOCX: {_short(e)}") from None
    except OSError:
        raise
    except Exception as e:  # noqa: BLE001 (python-docx raises assorted errors on damaged packages)
        raise IndexingError(str(path), f"corrupt or truncated DOCX: {_short(e)}") from None
    text_tag, tab_tag, breaks = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))

    def para_text(p: Any) -> str:
        # runs hold text, tabs and manual line breaks; a break is a line of its own in the output
        out = []
        for el in p.iter(text_tag, tab_tag, *breaks):
            out.append(el.text or "" if el.tag == text_tag else " " if el.tag == tab_tag else "\n")
        return "".join(out)

    lines: list[str] = []
    try:
        for child in doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(para_text(child))
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    cells: list[str] = []
                    for tc in row.iter(qn("w:tc")):
                        cell = "\n".join(para_text(p) for p in tc.iter(qn("w:p"))).strip()
                        if cell and (not cells or cells[-1] != cell):  # merged cells repeat their text
                            cells.append(cell)
                    lines.append(" | ".join(cells))
    except Exception as e:  # noqa: BLE001 (malformed XML inside an otherwise readable package)
        raise IndexingError(str(path), f"corrupt or truncated DOCX: {_short(e)}") from None
    return "\n".join(lines)


def _pdf_text(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text layer of a PDF, page by page; the cleaner rejoins lines broken by the layout."""
    import logging

    from pypdf import PdfReader

    # pypdf logs a warning per damaged object; the one-line IndexingError says enough
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        data = _read_bytes(path)
        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise IndexingError(str(path), "corrupt or truncated PDF: no PDF header")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IndexingError(str(path), "PDF is encrypted; give an unencrypted copy")
        pages: list[str] = []
        n = 0
        for page in reader.pages:  # page by page, so that a huge document stops at the limit
            pages.append(page.extract_text() or "")
            n += len(pages[-1])
            if n > max_chars:
                raise IndexingError(str(path), too_long(max_chars))
    except (IndexingError, OSError):
        raise
    except Exception as e:  # noqa: BLE001 (pypdf raises many error types on damaged files)
        raise IndexingError(str(path), f"corrupt or truncated PDF: {_short(e)}") from None
    if not any(p.strip() for p in pages):
        raise IndexingError(str(path), "PDF has no text layer (scanned?)")
    return "\n".join(pages)


def _short(e: BaseException) -> str:
    """One line of an exception, bounded, for an error message."""
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:120]


def _iter_jsonl(
    path: Path, root: Path, gz: bool, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[RawDocument | IndexingError]:
    """One RawDocument per JSON line, read as a stream (bulk corpora are too big to hold in memory)."""
    source = str(path)
    rel = _doc_id(path, root)
    seen: dict[str, int] = {}
    lineno = 0
    try:
        raw_stream = gzip.open(path, "rb") if gz else open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as e:
        yield IndexingError(source, f"cannot read: {e.strerror or e}")
        return
    with raw_stream as stream:
        try:
            for lineno, line in enumerate(stream, start=1):
                if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                if not line.strip():
                    continue
                item = _jsonl_record(line, lineno, rel, source)
                if isinstance(item, RawDocument) and len(item.text) > max_chars:
                    item = IndexingError(source, f"line {lineno}: {too_long(max_chars, len(item.text))}")
                if isinstance(item, RawDocument):
                    key = item.doc_id
                    if key in seen:
                        yield IndexingError(source, f"line {lineno}: duplicate id (first on line {seen[key]})")
                        continue
                    seen[key] = lineno
                yield item
        except (EOFError, gzip.BadGzipFile, zlib.error) as e:
            yield IndexingError(source, f"corrupt or truncated gzip after line {lineno}: {_short(e)}")
        except OSError as e:
            yield IndexingError(source, f"cannot read after line {lineno}: {e.strerror or e}")


def _jsonl_record(line: bytes, lineno: int, rel: str, source: str) -> RawDocument | IndexingError:
    """One JSONL line as a document, or the reason it is not one."""
    try:
        text_line = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text_line = line.decode("gb18030")
        except UnicodeDecodeError:
            return IndexingError(source, f"line {lineno}: cannot decode text (not UTF-8 or GB18030)")
    try:
        obj: Any = json.loads(text_line)
    except json.JSONDecodeError as e:
        return IndexingError(source, f"line {lineno}: invalid JSON at column {e.colno} ({e.msg})")
    if not isinstance(obj, dict):
        return IndexingError(source, f"line {lineno}: not a JSON object")
    text = next((obj[k] for k in _TEXT_FIELDS if isinstance(obj.get(k), str)), None)
    if text is None:
        return IndexingError(source, f"line {lineno}: no 'text' or 'content' field")
    if not text.strip():
        return IndexingError(source, f"line {lineno}: empty document")
    rid = next((obj[k] for k in _ID_FIELDS if obj.get(k) not in (None, "")), None)
    doc_id = f"{rel}#{rid if rid is not None else lineno}"
    declared = {k: obj[k] for k in DECLARED_FIELDS if obj.get(k) not in (None, "")}
    return RawDocument(doc_id=doc_id, source=f"{source}#{rid if rid is not None else lineno}", text=text,
                       declared=declared)
