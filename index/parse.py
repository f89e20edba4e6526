"""Parsing: a RawDocument becomes a ParsedDocument (cleaned text, metadata, section tree, blocks)."""

from __future__ import annotations

import hashlib
import json

from index.clean import clean_text
from index.lines import layout_of
from index.metadata import extract_metadata
from index.structure import parse_structure
from index.types import ParsedDocument, RawDocument

__all__ = ["content_hash", "parse_document"]


def content_hash(text: str, declared: dict) -> str:
    """Identity of what a document says: its cleaned text plus its declared metadata (32 hex chars).

    Two files with the same hash are the same document (duplicates are skipped by the pipeline).
    """
    h = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update(json.dumps(declared, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()[:32]


def parse_document(raw: RawDocument) -> ParsedDocument:
    """Clean, split into parts once, extract metadata (declared fields win) and parse the structure."""
    text = clean_text(raw.text)
    layout = layout_of(text)
    metadata = extract_metadata(text, raw.declared, raw.source, layout=layout)
    sections, blocks = parse_structure(text, layout)
    return ParsedDocument(
        doc_id=raw.doc_id,
        source=raw.source,
        text=text,
        metadata=metadata,
        sections=sections,
        blocks=blocks,
        content_hash=content_hash(text, raw.declared),
        layout=layout,
    )
