"""One input file → one document record or one error: the unit of work of every engine.

`process_file` never raises: whatever goes wrong becomes an error dict that names the
file and says what is wrong, so a batch always goes on and nothing is silently dropped.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.contract import RECORD_KINDS
from extractors.standard import standard_pipeline
from pipeline.analyse import analyse
from extractors.doc import Document, SourceInfo
from pipeline.language import VIETNAMESE, has_letters, identify
from pipeline.readers import ReadError, read_bytes

# Size limit of one document: the extractors are linear but a 200 MB text would still take
# minutes and a gigabyte or more; such a file is refused up front as `too-large`.
MAX_TEXT_CHARS = 20_000_000
MAX_TEXT_BYTES = 2 * MAX_TEXT_CHARS  # .txt/.html files larger than this are not even read
TEXT_SUFFIXES = (".txt", ".htm", ".html")


@dataclass
class Outcome:
    """The result for one input: exactly one of `record` and `error` is set."""

    path: str
    sha256: str | None
    record: dict[str, Any] | None = None
    error: dict[str, str] | None = None


def prepare_worker() -> None:
    """Load what every document needs once, when a worker starts: the extractors and the
    language model (py3langid unpacks it to a temporary file, which fails on a full disk:
    better a worker that cannot start than every document failing)."""
    standard_pipeline()
    identify("Ủy ban nhân dân tỉnh tổ chức hội nghị giao ban công tác tháng.")


def error_dict(path: str, code: str, message: str) -> dict[str, str]:
    return {"path": path, "error": code, "message": message}


def too_large(path: str, what: str, size: int, limit: int) -> dict[str, str]:
    """The `too-large` error: `what` is "characters" of text or "bytes" of a file."""
    return error_dict(path, "too-large", f"{path}: {size:,} {what} is over the limit of {limit:,} "
                                         f"{what} per document; split the file")


def extract(doc: Document) -> dict[str, Any]:
    """Run every registered extractor in order and assemble the RECORDS.md record.

    A text that is not Vietnamese keeps its text and gets a warning, `doc_type` `other` and
    no records: only metadata runs (for the record's fields), and they are left empty, since
    the extractors would only invent Vietnamese records from it."""
    language = identify(doc.text)
    foreign = language != VIETNAMESE and has_letters(doc.text)  # a two-word note is not foreign
    pipeline = standard_pipeline()
    found = (pipeline.select("metadata") if foreign else pipeline)(doc)
    meta = found.metadata.to_dict()
    if foreign:
        meta = {**dict.fromkeys(meta), "doc_type": "other"}
        doc.warnings.append(f"{doc.source.path}: the text is not Vietnamese (language: {language}); "
                            "no records extracted")
    record: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "source": {"path": doc.source.path, "format": doc.source.format,
                   "sha256": doc.source.sha256, "pages": doc.source.pages},
        "text": doc.text,
    }
    if doc.source.ocr is not None:
        record["source"]["ocr"] = doc.source.ocr
    record.update(meta)
    for kind in RECORD_KINDS:
        record[kind] = found.records(kind)
    record["warnings"] = list(doc.warnings)
    record["language"] = language
    return record


def process_bytes(path: str, data: bytes) -> Outcome:
    sha = hashlib.sha256(data).hexdigest()
    try:
        result = read_bytes(path, data)
        chars = sum(len(p.text) for p in result.paragraphs)
        if chars > MAX_TEXT_CHARS:
            return Outcome(path, sha, error=too_large(path, "characters", chars, MAX_TEXT_CHARS))
        source = SourceInfo(path=path, format=result.format, sha256=sha, pages=result.pages, ocr=result.ocr)
        doc = analyse(result.paragraphs, source, result.warnings)
        if not doc.text.strip():
            return Outcome(path, sha, error=error_dict(
                path, "no-text", f"{path}: no text left after cleaning (only page furniture?)"))
        return Outcome(path, sha, record=extract(doc))
    except ReadError as exc:
        return Outcome(path, sha, error=error_dict(path, exc.code, exc.message))
    except RecursionError:
        return Outcome(path, sha, error=error_dict(
            path, "too-deep", f"{path}: structure nested too deeply to analyse"))
    except Exception as exc:  # a bug must cost one file, never the batch
        return Outcome(path, sha, error=error_dict(
            path, "internal-error", f"{path}: internal error {type(exc).__name__}: {exc}"))


def process_file(path: str | Path) -> Outcome:
    """Read and process one file; every failure becomes an error outcome."""
    path = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return Outcome(path, None, error=error_dict(path, "is-directory", f"{path}: is a directory, not a file"))
    except FileNotFoundError:
        return Outcome(path, None, error=error_dict(path, "not-found", f"{path}: file vanished before it could be read"))
    except PermissionError:
        return Outcome(path, None, error=error_dict(path, "permission-denied", f"{path}: permission denied"))
    except OSError as exc:
        return Outcome(path, None, error=error_dict(path, "unreadable", f"{path}: cannot read file: {exc.strerror or exc}"))
    return process_bytes(path, data)
