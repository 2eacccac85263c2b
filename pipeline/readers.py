"""Readers: raw bytes of one input file → paragraphs in reading order (placeholder: txt only)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.document import Paragraph

SUPPORTED = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


class ReadError(Exception):
    """An input that cannot be read; `code` is a short id, `message` names the file."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ReadResult:
    paragraphs: list[Paragraph]
    format: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def read_bytes(path: str, data: bytes) -> ReadResult:
    fmt = SUPPORTED.get(Path(path).suffix.lower())
    if fmt is None:
        raise ReadError("unsupported", f"{path}: unsupported file type")
    if not data:
        raise ReadError("empty", f"{path}: file is empty (0 bytes)")
    text = data.decode("utf-8-sig", errors="replace")
    paras = [Paragraph(line, index=i) for i, line in enumerate(text.splitlines()) if line.strip()]
    return ReadResult(paras, fmt)
